"""The guide's rules that need the whole site read: each rendered body (connected to content_checks'
checks_due signal, so they are reported with every other problem before any page is written),
and how translations pair with their originals."""

import functools
import os

from content_checks import contents_of, state, workers

from . import body_checks, crisis, guide_page, markup, source_checks
from .markdown_ext import GuideExtension


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
        extension = GuideExtension(
            regions=crisis.phone_regions(settings),
            default_lang=settings["DEFAULT_LANG"],
            words_for=functools.partial(words_for, settings),
        )
        extensions.append(extension)
    config["extensions"] = extensions
    return config


def words_for(settings, lang):
    """The verbs before a phone number in a language, from the run's catalogs (English outside a run)."""
    build = state.current(settings)
    run = build.data.get("guide") if build else None
    return run["languages"].words(lang) if run else crisis.ENGLISH


def body_problems(sources, bodies, settings):
    """Problems of rendered bodies ({source path: html}), each named by its source's line."""
    found = dict(zip(bodies, workers.map_items(settings, markup.scan, bodies.values()), strict=True))
    state.of(settings).data["scans"] = found  # the guides' pages split their bodies where these were read
    ids = {path: set(scan.ids) for path, scan in found.items()}
    content_root, problems = os.path.abspath(settings["PATH"]), []
    for source in sources:
        if source.path in found:
            region = source_checks.region_of(source, settings)
            body = body_checks.Body(source, bodies[source.path], found[source.path], content_root, ids, region)
            problems += body_checks.check(body)
    return problems


def originals(contents, settings):
    """{translation's source path: its original} for every content in another language that has
    one in the default language, grouped as Pelican groups translations (ARTICLE_TRANSLATION_ID)."""
    key, default = settings["ARTICLE_TRANSLATION_ID"], settings["DEFAULT_LANG"]
    groups = {}
    for content in contents:
        groups.setdefault(getattr(content, key, None) if key else content.source_path, []).append(content)
    pairs = {}
    for group in groups.values():
        first = next((c for c in group if c.lang == default), None)
        pairs.update({c.source_path: first for c in group if first is not None and c.lang != default})
    return pairs


def is_behind(translation, original):
    """A translation last updated before its original (Sources)."""
    then, now = source_checks.updated(translation), source_checks.updated(original)
    return bool(then and now and then < now)


def is_published(source):
    return source.value("status", "published") == "published"


def rendered_bodies(build, contents, warned):
    """{source path: body as readers get it} of every file Pelican's reader rendered: the guide's
    own, made ready once (prepare_content), or for a file Pelican could not use, made here."""
    bodies = {content.source_path: content._content for content in contents}
    for path, html in build.rendered.items():
        if path not in bodies:
            bodies[path] = guide_page.prepare_body(html, path, warned)
    return bodies


def site_problems(generators, build):
    """content_checks.checks_due: the guide's rules over the whole site."""
    bodies = rendered_bodies(build, contents_of(generators), build.data.setdefault("warned_images", set()))
    return body_problems(list(build.sources.values()), bodies, build.settings)
