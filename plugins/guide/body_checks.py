"""Checks of each guide's rendered body: headings, ids, links, images and raw HTML."""

import os
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from content_checks.problems import Problem

from . import crisis, markup

TAG = re.compile(r"<[^>]*>")

# Ids the theme puts on every guide page: content may link to them but never reuse them.
THEME_IDS = ("main-content", "get-help-now", "contents-list-heading")
INTERNAL_PREFIXES = ("{filename}", "{static}", "%7Bfilename%7D", "%7Bstatic%7D", "|filename|", "|static|")
FORBIDDEN_REASONS = {
    "script": "scripts do not run on these pages (the Content-Security-Policy blocks them)",
    "iframe": "embedded pages are blocked by the Content-Security-Policy and break the layout on phones",
    "object": "embedded objects are blocked by the Content-Security-Policy",
    "embed": "embedded objects are blocked by the Content-Security-Policy",
    "form": "forms cannot send anything from these pages (form-action 'none')",
    "style": "styles come from the theme's one stylesheet; the Content-Security-Policy blocks others",
}


def _nth_line(source, needle, n):
    """The line of the n-th line that holds needle (the n-th use of an id)."""
    lines = [number for number, text in source.body_lines() if needle in text]
    return lines[n - 1] if len(lines) >= n else (lines[-1] if lines else None)


def _internal_target(link):
    for prefix in INTERNAL_PREFIXES:
        if link.startswith(prefix):
            return unquote(link[len(prefix) :])
    return None


def _heading_lines(source, headings):
    """The Markdown line of each heading, found in order."""
    lines, cursor = [], None
    for heading in headings:
        line = source.line_of(heading.text, cursor)
        cursor = line or cursor
        lines.append(line)
    return lines


def _empty_sections(source, html, found, lines):
    """A heading with nothing under it before the next heading of its level or above: an empty
    section, or an empty component (the safety callout, the sources) shown to readers."""
    problems, headings = [], found.headings
    end = found.footnotes[0] if found.footnotes else len(html)
    for index, heading in enumerate(headings):
        following = (h for h in headings[index + 1 :] if h.level <= heading.level)
        stop = next((h.start for h in following), end)
        under = html[heading.end : stop]
        if not TAG.sub("", under).strip() and "<img" not in under:
            problems.append(
                Problem(
                    source.rel,
                    lines[index],
                    f'the section "{heading.text}" has nothing under its heading, so readers would see an '
                    "empty section.",
                    "write its text under the heading, or remove the heading",
                )
            )
    return problems


@dataclass(frozen=True)
class Body:
    """One rendered guide body and what its rules need to know."""

    source: object  # content_checks.reader.Source
    html: str
    found: markup.Scan
    content_root: str
    ids_by_path: dict  # every source's ids, for links between guides
    region: str  # where its phone numbers are read


def heading_levels(body, lines):
    problems, previous = [], 1  # the page title is the h1
    for heading, line in zip(body.found.headings, lines, strict=True):
        if heading.level == 1:
            what = f'"{heading.text}" is a level-1 heading; the title is the page\'s only one.'
            problems.append(Problem(body.source.rel, line, what, 'start section headings with "## "'))
        elif heading.level > previous + 1:
            problems.append(
                Problem(
                    body.source.rel,
                    line,
                    f'the heading "{heading.text}" jumps from level {previous} to level {heading.level}.',
                    f"use {'#' * (previous + 1)} for it, or add the missing level above it",
                )
            )
        previous = heading.level
    return problems


def section_ids(body, lines):
    """A level-2 heading written in HTML (content_checks checks the ## ones) carries an id."""
    source = body.source
    return [
        Problem(
            source.rel,
            line,
            f'the section "{heading.text}" has no id.',
            'write it as "## Heading {#an-id}" so the contents list can link to it',
        )
        for heading, line in zip(body.found.headings, lines, strict=True)
        if heading.level == 2 and not heading.id and not source.lines[(line or 1) - 1].lstrip().startswith("##")
    ]


def unique_ids(body, lines):
    problems, seen, source = [], {}, body.source
    for element_id in body.found.ids:
        seen[element_id] = seen.get(element_id, 0) + 1
        where = _nth_line(source, f"{{#{element_id}}}", seen[element_id]) or source.line_of(f'id="{element_id}"')
        if element_id in THEME_IDS:
            what, fix = f'the id "{element_id}" is used by the page itself.', "choose another id for this section"
        elif seen[element_id] > 1:
            what = f'the id "{element_id}" is used twice on the page.'
            fix = "give each section its own id; links would jump to the first one"
        else:
            continue
        problems.append(Problem(source.rel, where, what, fix))
    return problems


def forbidden_markup(body, lines):
    problems, source = [], body.source
    for tag in body.found.forbidden:
        if tag.name in FORBIDDEN_REASONS:
            what = f"<{tag.name}> is not allowed in a guide: {FORBIDDEN_REASONS[tag.name]}."
            problems.append(
                Problem(source.rel, source.line_of(f"<{tag.name}"), what, "remove it; link to the page or file instead")
            )
        else:
            what = (
                f'the style="..." attribute on <{tag.name}> is not allowed: the '
                "Content-Security-Policy blocks it, so the reader would not see it."
            )
            problems.append(
                Problem(source.rel, source.line_of("style="), what, "remove it; the theme styles every element")
            )
    return problems


def image_alt_text(body, lines):
    """An <img> written in HTML has an alt (content_checks checks the ![]() ones)."""
    problems = []
    for image in body.found.images:
        if "alt" not in image.attrs:
            src = image.attrs.get("src", "").removeprefix("{static}")
            problems.append(
                Problem(
                    body.source.rel,
                    body.source.line_of(src),
                    f'the image "{src}" has no alt text.',
                    "describe it in the brackets, ![like this](images/room.png), "
                    'or give alt="" if it is only decoration',
                )
            )
    return problems


def links(body, lines):
    own_ids = set(body.found.ids)
    return [problem for tag, link in body.found.links for problem in _check_link(body, tag, link, own_ids)]


def empty_sections(body, lines):
    return _empty_sections(body.source, body.html, body.found, lines)


RULES = (empty_sections, heading_levels, section_ids, unique_ids, forbidden_markup, image_alt_text, links)


def check(body):
    """Problems of one rendered body, rule by rule."""
    lines = _heading_lines(body.source, body.found.headings)
    return [problem for rule in RULES for problem in rule(body, lines)]


def _same_page_link(source, link, line, own_ids):
    if link[1:] in own_ids | set(THEME_IDS):
        return []
    return [
        Problem(
            source.rel,
            line,
            f'the link "{link}" points to a part of the page that does not exist.',
            "use one of the section ids, such as #safety, or remove the link",
        )
    ]


def _remote_image(source, link, line):
    return [
        Problem(
            source.rel,
            line,
            f'the image "{link}" is on another website; the page\'s security policy only shows the '
            "site's own pictures, so readers would see a broken picture.",
            "download it (where its licence allows) into content/images/ and write its path, "
            "e.g. ![Diagram of the brain](images/brain.png)",
        )
    ]


def _file_target(body, tag, link):
    """(the file a link or image points to in the content folder, "#fragment"), or None for a link elsewhere."""
    target = _internal_target(link)
    if target is None:
        parts = urlsplit(link)
        if tag != "img" or parts.scheme or parts.netloc:
            return None
        target = parts.path  # a plain relative image path, resolved like {static}
    target, _, fragment = target.partition("#")
    base = body.content_root if target.startswith("/") else os.path.dirname(body.source.path)
    return os.path.normpath(os.path.join(base, target.lstrip("/"))), fragment


def _missing_file(body, tag, link, line):
    shown = (_internal_target(link) if tag == "img" else None) or unquote(link)
    if tag == "img":
        what, fix = "image", "put the image in content/images/ and write its path from this file, e.g. images/room.png"
    else:
        what, fix = "link", "check the file name (it is relative to this file), or remove the link"
    return [Problem(body.source.rel, line, f'the {what} "{shown}" points to a file that does not exist.', fix)]


def _missing_fragment(body, link, line):
    return [
        Problem(
            body.source.rel,
            line,
            f'the link "{unquote(link)}" points to "#{fragment}", which is not on that page.',
            "use one of that page's section ids, or link to the page without #",
        )
        for fragment in [urlsplit(link).fragment]
    ]


def _check_link(body, tag, link, own_ids):
    source = body.source
    written = _internal_target(link) if tag == "img" else None  # images.prepare added {static}
    line = source.line_of(link) or source.line_of(unquote(link)) or source.line_of(written)
    if link.startswith("#"):
        return _same_page_link(source, link, line, own_ids)
    if link.startswith(("tel:", "sms:")):
        return _check_phone_link(source, link, line, body.region)
    parts = urlsplit(link)
    if tag == "img" and _internal_target(link) is None and (parts.netloc or parts.scheme in ("http", "https")):
        return _remote_image(source, link, line)
    found = _file_target(body, tag, link)
    if found is None:
        return []
    path, fragment = found
    if not os.path.isfile(path):
        return _missing_file(body, tag, link, line)
    if fragment and path in body.ids_by_path and fragment not in body.ids_by_path[path] | set(THEME_IDS):
        return _missing_fragment(body, link, line)
    return []


def _check_phone_link(source, link, line, region):
    """A tel: or sms: link the editor wrote dials one phone number of the guide's region."""
    written = unquote(link.split(":", 1)[1]).split(";")[0].split("?")[0]
    found = crisis.find(written, region)
    if len(found) == 1 and found[0].valid and found[0].written == written.strip():
        return []
    return [
        Problem(
            source.rel,
            line,
            f'the link "{unquote(link)}" does not dial one phone number of the region {region}.',
            "write the number after tel: as the service publishes it, e.g. [call 911](tel:911) or "
            "[1-800-662-4357](tel:+1-800-662-4357)",
        )
    ]
