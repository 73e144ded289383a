"""Which checks run, on what, and when: the orchestration of source_checks, clinic_settings,
body_checks and the review-date rule. The plugin calls these at its signals; the tests call
them in-process, so a table of a hundred broken guides runs in a second."""

import datetime
import functools
import os

import markdown
from pelican.utils import slugify as pelican_slugify

from . import body_checks, clinic_settings, crisis, guide_page, markup, source_checks
from .markdown_ext import GuideExtension
from .problems import Problem, warn


def markdown_settings(settings):
    """Pelican's MARKDOWN setting with our extension added (once)."""
    config = dict(settings["MARKDOWN"])
    configs = {name: dict(values) for name, values in config.get("extension_configs", {}).items()}
    if "markdown.extensions.abbr" in configs:  # the site's abbreviations, defined once in pelicanconf.py
        glossary = settings.get("ABBREVIATIONS") or {}
        valid = isinstance(glossary, dict) and all(isinstance(v, str) for v in glossary.values())
        configs["markdown.extensions.abbr"]["glossary"] = dict(glossary) if valid else {}  # else: clinic_settings says
    config["extension_configs"] = configs
    extensions = list(config.get("extensions", []))
    extensions += [name for name in config.get("extension_configs", {}) if name not in extensions]  # as Pelican does
    if not any(isinstance(e, GuideExtension) for e in extensions):
        extensions.append(GuideExtension(regions=phone_regions(settings), default_lang=settings["DEFAULT_LANG"]))
    config["extensions"] = extensions
    return config


def phone_regions(settings):
    """{language: REGION} for reading phone numbers, from the settings and LANG_SETTINGS (valid ones only)."""
    languages = settings.get("LANG_SETTINGS") if isinstance(settings.get("LANG_SETTINGS"), dict) else {}
    regions = {lang: values.get("REGION") for lang, values in languages.items() if isinstance(values, dict)}
    regions[settings["DEFAULT_LANG"]] = settings.get("REGION", crisis.DEFAULT_REGION)
    return {lang: region for lang, region in regions.items() if region and not crisis.region_problem(region)}


def content_problems(settings, render=False):
    """(sources, problems) of the settings and every file under content/. The bodies are rendered
    here when asked or when a problem was found; otherwise Pelican renders them once, and the
    plugin checks them then (check_guides)."""
    problems = clinic_settings.check(settings)
    sources, found = source_checks.read_sources(
        os.path.abspath(settings["PATH"]),
        settings.get("STATIC_PATHS", []),
        phone_regions(settings),
        settings["DEFAULT_LANG"],
    )
    slugify = slugifier(settings)
    problems += found + source_checks.check_page_names(sources, settings["DEFAULT_LANG"], slugify)
    problems += review_dates(settings, sources) + stale_translations(settings, sources, slugify)
    if problems or render:
        problems += rendered_problems(settings, sources)
    return sources, problems


def rendered_problems(settings, sources):
    """Render each source's body as Pelican would, and check it (when Pelican will not get to)."""
    md = markdown.Markdown(**markdown_settings(settings))
    bodies = {}
    for source in sources:
        body = md.reset().convert("\n".join(source.lines[source.start :]))
        bodies[source.path] = guide_page.prepare_body(body, source.path, set())
    return body_problems(sources, bodies, os.path.abspath(settings["PATH"]))


def body_problems(sources, bodies, content_root):
    """Problems of rendered bodies ({source path: html})."""
    found = {path: markup.scan(body) for path, body in bodies.items()}
    ids = {path: set(scan.ids) for path, scan in found.items()}
    problems = []
    for source in sources:
        if source.path in found:
            problems += body_checks.check(source, bodies[source.path], found[source.path], content_root, ids)
    return problems


def slugifier(settings):
    """Pelican's slugify with the site's substitutions, as Pelican names pages."""
    return functools.partial(pelican_slugify, regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"])


def originals(sources, default_lang, slugify):
    """{translation's path: (translation, its original)} for every source in another language whose
    page name has one in the default language (the first, where two clash: check_page_names says so)."""
    groups = {}
    for source in sources:
        groups.setdefault(source.page(default_lang, slugify)[0], []).append(source)
    pairs = {}
    for group in groups.values():
        firsts = [s for s in group if s.page(default_lang, slugify)[1] == default_lang][:1]
        pairs.update({t.path: (t, firsts[0]) for t in group if firsts and t not in firsts})
    return pairs


def is_behind(translation, original):
    """A translation last updated before its original."""
    then, now = translation.updated(), original.updated()
    return bool(then and now and then < now)


def stale_translations(settings, sources, slugify):
    """Warn of every translation older than its original; publishing refuses a published one unless told."""
    problems = []
    for translation, original in originals(sources, settings["DEFAULT_LANG"], slugify).values():
        if not is_behind(translation, original):
            continue
        then, now = translation.updated(), original.updated()
        warn(
            f"{translation.rel} ({then.isoformat()}) is older than its original {original.rel} "
            f"({now.isoformat()}): update the translation, then its Modified date."
        )
        if (
            translation.value("status", "published") == "published"
            and settings.get("REFUSE_STALE_TRANSLATION")
            and not settings.get("TRANSLATION_STALE_OK")
        ):
            line = (translation.metadata.get("modified") or translation.metadata.get("date"))[1]
            problems.append(
                Problem(
                    translation.rel,
                    line,
                    f"this translation was last updated {then.isoformat()}, "
                    f"before its original ({original.rel}, {now.isoformat()}), so it is not published.",
                    "bring the translation up to date and set its Modified, or publish it as it is "
                    "with make publish TRANSLATION_STALE_OK=1",
                )
            )
    return problems


def review_dates(settings, sources):
    """Warn of every published guide whose review date has passed; publishing refuses it unless told."""
    problems, today = [], datetime.date.today()
    for source in sources:
        review, updated = source_checks.parse_date(source.value("next_review")), source.updated()
        if source.value("status", "published") != "published" or not review or review >= today:
            continue
        if updated and review <= updated:  # already reported by check_metadata
            continue
        line = source.metadata["next_review"][1]
        warn(
            f"{source.rel}, line {line}: the guide was due for review on {review.isoformat()}; "
            "check it against current evidence, then set Modified and a new Next_review."
        )
        if settings.get("REFUSE_OVERDUE_REVIEW") and not settings.get("REVIEW_OVERDUE_OK"):
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f"the review date {review.isoformat()} has passed, so it is not published.",
                    "review the guide and set a new Next_review, or publish it as it is with "
                    "make publish REVIEW_OVERDUE_OK=1",
                )
            )
    return problems
