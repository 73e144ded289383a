"""A language is complete or it is not published.

A published guide in a further language needs, for its readers' safety, the crisis lines of its
own language (LANG_SETTINGS, with CRISIS_HEADING and CRISIS_LINES), and a catalog of the theme's
words with every entry translated, none fuzzy and every placeholder kept as in the original.
Regional tags (fr-CA, pt-BR) use their base language's settings and catalog unless they have
their own. Every guide, drafts too, needs a language tag Babel knows (its dates and plural
rules). Drafts may be incomplete otherwise: they are built for review only.
"""

import os

from babel.messages.pofile import read_po
from content_checks.metadata import LANG
from content_checks.problems import Problem, display_path

from . import i18n


def _lang_line(source):
    return source.metadata.get("lang", ("", None))[1]


def unknown_tags(contents, build):
    problems = []
    for content in contents:
        source = build.source_of(content.source_path)
        written = source.value("lang") if source else ""
        if source and LANG.match(written) and not i18n.known_language(content.lang):
            problems.append(
                Problem(
                    source.rel,
                    _lang_line(source),
                    f'"Lang: {content.lang}" is not a language the site can write dates and words in.',
                    'use a language code such as "es", "fr" or "ar", or a regional one such as "pt-BR"',
                )
            )
    return problems


def missing_disclaimer(lang, source, languages):
    if languages.own_settings(lang).get("DISCLAIMER"):
        return []
    return [
        Problem(
            source.rel,
            _lang_line(source),
            f"this guide is published in {i18n.language_name(lang)} ({lang}), but pelicanconf.py gives no "
            "DISCLAIMER in that language, so its readers would get the footer's advice in another language.",
            f'add "DISCLAIMER": "..." to LANG_SETTINGS["{i18n.base_language(lang)}"], in their language; '
            "or keep the guide as Status: draft until then",
        )
    ]


def missing_settings(lang, source, languages, settings):
    if not settings.get("CRISIS_BOX", True):
        return []
    own = languages.own_settings(lang)
    missing = [name for name in ("CRISIS_HEADING", "CRISIS_LINES") if not own.get(name)]
    if not missing:
        return []
    base = i18n.base_language(lang)
    return [
        Problem(
            source.rel,
            _lang_line(source),
            f"this guide is published in {i18n.language_name(lang)} ({lang}), but pelicanconf.py gives no "
            f"{' or '.join(missing)} in that language, so its readers would get the crisis box of another "
            "language and country.",
            f'add LANG_SETTINGS["{base}"] = {{"CRISIS_HEADING": "...", "CRISIS_LINES": ("...",)}} with the '
            "crisis services its readers can use, in their language (and REGION if their country differs); "
            "or keep the guide as Status: draft until then",
        )
    ]


def catalog_gaps(path, catalog, wanted):
    """Problems of a published language's catalog: entries missing, empty, fuzzy or with other placeholders."""
    problems, rel = [], display_path(path)
    entries = {message.id: message for message in catalog if message.id}
    for msgid in sorted(wanted - set(entries)):
        problems.append(
            Problem(rel, None, f'the catalog has no entry for "{msgid}".', "run make translations, then translate it")
        )
    for msgid in sorted(wanted & set(entries)):
        message = entries[msgid]
        line = message.lineno + 1 if message.lineno else None  # the msgstr line, under its msgid
        if not message.string or message.fuzzy:
            state = "is fuzzy (a guess to check)" if message.fuzzy and message.string else "is not translated"
            problems.append(
                Problem(
                    rel,
                    line,
                    f'the entry "{msgid}" {state}, so readers would see it in English.',
                    "translate it (and remove the fuzzy mark)",
                )
            )
    for message, errors in catalog.check():
        if message.id in wanted and message.string:
            for error in errors:
                line = message.lineno + 1 if message.lineno else None
                problems.append(
                    Problem(
                        rel,
                        line,
                        f'the entry "{message.id}": {error}.',
                        "keep every %(name)s placeholder exactly as in the original",
                    )
                )
    return problems


def theme_words(theme):
    """The msgids of the theme's messages.pot."""
    path = os.path.join(theme, i18n.CATALOG_DIR, f"{i18n.DOMAIN}.pot")
    if not os.path.isfile(path):
        return set()
    with open(path, "rb") as handle:
        return {message.id for message in read_po(handle) if message.id}


def missing_catalog(lang, source, languages, theme):
    if languages.catalog_language(lang):
        return []
    return [
        Problem(
            source.rel,
            _lang_line(source),
            f"this guide is published in {i18n.language_name(lang)} ({lang}), but the theme has no catalog of its "
            "words in that language, so its pages would be in English around the guide.",
            f"run make translations (it creates {display_path(i18n.po_path(theme, i18n.base_language(lang)))}), "
            "translate every entry, or keep the guide as Status: draft until then",
        )
    ]


def check(contents, build, languages):
    """Every problem of the languages the published guides use (each language once)."""
    settings = build.settings
    problems = unknown_tags(contents, build)
    published = {}
    for content in contents:
        source = build.source_of(content.source_path)
        further = content.status == "published" and content.lang != settings["DEFAULT_LANG"]
        if source and further and i18n.known_language(content.lang):
            published.setdefault(content.lang, source)
    wanted = theme_words(settings["THEME"])
    checked = set()
    for lang, source in sorted(published.items()):
        problems += missing_settings(lang, source, languages, settings) + missing_disclaimer(lang, source, languages)
        problems += missing_catalog(lang, source, languages, settings["THEME"])
        catalog = languages.catalog_language(lang)
        if catalog and catalog not in checked and catalog in languages.sources:
            checked.add(catalog)
            problems += catalog_gaps(*languages.sources[catalog], wanted)
    return problems
