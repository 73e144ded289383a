"""What the theme needs of a guide: its body apart from its components, the contents list
and its dates in the guide's language."""

import os
import re

from babel.dates import format_date
from content_checks import state
from content_checks.metadata import parse_date
from markupsafe import Markup

from . import images, markup

# Sections written in the Markdown that the theme shows as components, in the theme's order.
# Each is recognised by its id wherever it is written, and holds only what stands under its
# own heading, up to the next level-2 heading: it can never swallow another section.
COMPONENT_SECTIONS = ("important-to-know", "sources")
DATE_PATTERNS = {"en": "d MMMM y"}  # 26 November 2026; other languages use their own long form


def parts_of(article):
    """The guide's parts (split below), made once per guide: its page and single file share them.
    The body is split where the checks scanned it (one scan per guide and build), and each part's
    links to other files are then made, as Pelican makes them for the whole body."""
    if getattr(article, "_guide_parts", None) is None:
        build = state.current(article.settings)  # outside a build (a template rendered alone): scan here
        found = build.data.get("scans", {}).get(article.source_path) if build else None
        parts = split(article._content, found)
        siteurl = article.get_siteurl()
        for name, part in parts.items():
            if name == "body":
                parts[name] = Markup(article._update_content(str(part), siteurl))
            elif isinstance(part, dict):
                part["html"] = Markup(article._update_content(str(part["html"]), siteurl))
        article._guide_parts = parts
    return article._guide_parts


def split(content_html, found=None):
    """{"body": html, "important-to-know": {"title", "html"}, "sources": {...}, "contents": [...]}
    of a rendered guide, from one scan of its HTML (given, or made here)."""
    found = found or markup.scan(content_html)
    h2s = found.h2s()
    notes = found.footnotes
    end = notes[0] if notes else len(content_html)
    body = [content_html[: h2s[0].start if h2s else end]]
    parts = {}
    for heading, following in zip(h2s, [*h2s[1:], None], strict=True):
        stop = following.start if following else end
        if heading.id in COMPONENT_SECTIONS:
            parts[heading.id] = {"title": heading.text, "html": Markup(content_html[heading.end : stop].strip())}
        else:
            body.append(content_html[heading.start : stop])
    if notes:  # footnotes stay at the end of the article text, before the components
        body.append(content_html[notes[0] : notes[1]])
        body.append(content_html[notes[1] :])
    parts["body"] = Markup("".join(body).strip())
    parts["contents"] = contents_items(h2s)
    return parts


def contents_items(h2s):
    """The contents list in the order the page shows the sections: article text, then components."""
    h2s = [h for h in h2s if h.id]
    items = [{"id": h.id, "text": h.text} for h in h2s if h.id not in COMPONENT_SECTIONS]
    for component in COMPONENT_SECTIONS:
        items += [{"id": h.id, "text": h.text} for h in h2s if h.id == component][:1]
    return items


def guide_date(value, lang="en"):
    """A date in the guide's language, the same on every machine whatever its locale."""
    pattern = DATE_PATTERNS.get(lang, "long")
    return format_date(value, format=pattern, locale=lang.replace("-", "_"))


ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')


def first_abbreviations_only(content_html):
    """Keep <abbr title> on the first use of each abbreviation (as Python-Markdown's abbr writes it)."""
    seen = set()

    def keep_first(match):
        if match[2] in seen:
            return match[2]
        seen.add(match[2])
        return match[0]

    return ABBR.sub(keep_first, content_html)


def prepare_body(content_html, source_path, warned):
    """A rendered body as readers get it: comments removed, images sized, abbreviations on first use.
    The same for Pelican's render of a guide and for the checks' own (when Pelican does not get to it)."""
    body = images.prepare(markup.without_comments(content_html), os.path.dirname(source_path), warned)
    return first_abbreviations_only(body)


def prepare(content):
    """Plain values for the theme: dates as dates."""
    modified = getattr(content, "modified", None) or content.date
    content.last_updated = modified.date()
    content.next_review = parse_date(content.metadata.get("next_review", ""))  # missing: the checks say so
