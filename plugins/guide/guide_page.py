"""What the theme needs of a guide: its body apart from its components, the contents list
and its dates in the guide's language."""

import html
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


def parts_of(article):
    """The guide's parts (split below) with their links made for the page being rendered. The body
    is split once per guide, where the checks scanned it (one scan per guide and build); each
    part's links to other files are then made, as Pelican makes them for the whole body, for the
    link base of the page being rendered (article.get_siteurl(): "." for a page at the root with
    relative links, ".." in drafts/, the site's address in a feed), once for each."""
    if getattr(article, "_guide_split", None) is None:
        build = state.current(article.settings)  # outside a build (a template rendered alone): scan here
        found = build.data.get("scans", {}).get(article.source_path) if build else None
        article._guide_split, article._guide_parts = split(article._content, found), {}
    siteurl = article.get_siteurl()
    if siteurl not in article._guide_parts:
        parts = dict(article._guide_split)
        for name, part in parts.items():
            if name in ("intro", "body"):
                parts[name] = Markup(article._update_content(str(part), siteurl))
            elif isinstance(part, dict):
                parts[name] = {**part, "html": Markup(article._update_content(str(part["html"]), siteurl))}
        article._guide_parts[siteurl] = parts
    return article._guide_parts[siteurl]


def split(content_html, found=None):
    """{"intro": html, "body": html, "important-to-know": {"title", "html"}, "sources": {...}, "contents": [...]}
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
    parts["intro"] = Markup(body[0].strip())  # the opening paragraphs, shown before the contents list
    parts["body"] = Markup("".join(body[1:]).strip())
    parts["contents"] = contents_items(h2s)
    return parts


def contents_items(h2s):
    """The contents list in the order the page shows the sections: article text, then components."""
    h2s = [h for h in h2s if h.id]
    items = [{"id": h.id, "text": h.text} for h in h2s if h.id not in COMPONENT_SECTIONS]
    for component in COMPONENT_SECTIONS:
        items += [{"id": h.id, "text": h.text} for h in h2s if h.id == component][:1]
    return items


def guide_date(value, locale="en_US"):
    """A date in a Babel locale's long form (i18n.date_locale), the same on every machine."""
    return format_date(value, format="long", locale=locale)


ABBR = re.compile(r'<abbr title="([^"]*)">([^<]*)</abbr>')
TAG = re.compile(r"<[^>]*>")
NEARBY = 80  # characters of text before and after a first use in which its meaning may already stand


def _plain(html):
    return " ".join(TAG.sub("", html).replace("-", " ").lower().split())


def first_abbreviations_only(content_html):
    """Each abbreviation marked with <abbr title> on its first use only (as Python-Markdown's abbr
    writes it), and there spelt out in brackets, "IV (intravenous)", unless its meaning is already
    written beside it ("Post-Traumatic Stress Disorder (PTSD)"): touch screens never show a title,
    and most screen readers do not read it."""
    seen = set()

    def keep_first(match):
        if match[2] in seen:
            return match[2]
        seen.add(match[2])
        meaning = html.unescape(match[1])
        around = _plain(content_html[max(0, match.start() - NEARBY * 2) : match.end() + NEARBY * 2])
        if _plain(meaning) in around:
            return match[0]
        return f"{match[0]} ({match[1]})"

    return ABBR.sub(keep_first, content_html)


ADDRESS = re.compile(r"(?:doi:|https?://|www\.)[^\s<>]+")
NO_BREAKS_IN = ("code", "pre", "script", "style")


def _breaks(match):
    """<wbr> after each "/" and before each "." of an address, never inside a number (2014.62)."""
    text, out = match[0], []
    for index, char in enumerate(text):
        before, after = text[index - 1 : index], text[index + 1 : index + 2]
        if char == "." and after and not (before.isdigit() and after.isdigit()):
            out.append("<wbr>")
        out.append(char)
        if char == "/" and after and after != "/":
            out.append("<wbr>")
    return "".join(out)


def breakable_addresses(content_html):
    """Long web addresses and DOIs in the text may break at "/" and "." only, not mid-number."""
    pieces, depth = re.split(r"(<[^>]*>)", content_html), 0
    for index, piece in enumerate(pieces):
        if index % 2:
            name = piece.strip("</>").split()[0].lower() if piece.strip("</>") else ""
            if name in NO_BREAKS_IN:
                depth += -1 if piece.startswith("</") else 1
        elif depth == 0 and piece:
            pieces[index] = ADDRESS.sub(_breaks, piece)
    return "".join(pieces)


def prepare_body(content_html, source_path, warned):
    """A rendered body as readers get it: comments removed, images sized, abbreviations spelt out
    on first use, long addresses breakable. The same for Pelican's render of a guide and for the
    checks' own (when Pelican does not get to it)."""
    body = images.prepare(markup.without_comments(content_html), os.path.dirname(source_path), warned)
    return breakable_addresses(first_abbreviations_only(body))


def prepare(content):
    """Plain values for the theme: dates as dates."""
    modified = getattr(content, "modified", None) or content.date
    content.last_updated = modified.date()
    content.next_review = parse_date(content.metadata.get("next_review", ""))  # missing: the checks say so
