"""Checks of each guide's rendered body: headings, ids, links, images and raw HTML."""

import os
import re
from urllib.parse import unquote, urlsplit

from . import crisis
from .problems import Problem

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


def check(source, html, found, content_root, ids_by_path):
    """Problems of one rendered body (html). `found` is its markup.Scan; ids_by_path maps each source to its ids."""
    lines = _heading_lines(source, found.headings)
    problems = _empty_sections(source, html, found, lines)
    previous = 1  # the page title is the h1
    for heading, line in zip(found.headings, lines, strict=True):
        if heading.level == 1:
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'"{heading.text}" is a level-1 heading; the title is the page\'s only one.',
                    'start section headings with "## "',
                )
            )
        elif heading.level > previous + 1:
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'the heading "{heading.text}" jumps from level {previous} to level {heading.level}.',
                    f"use {'#' * (previous + 1)} for it, or add the missing level above it",
                )
            )
        if heading.level == 2 and not heading.id and not source.lines[(line or 1) - 1].lstrip().startswith("##"):
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'the section "{heading.text}" has no id.',
                    'write it as "## Heading {#an-id}" so the contents list can link to it',
                )
            )
        previous = heading.level
    seen = {}
    for element_id in found.ids:
        seen[element_id] = seen.get(element_id, 0) + 1
        where = _nth_line(source, f"{{#{element_id}}}", seen[element_id]) or source.line_of(f'id="{element_id}"')
        if element_id in THEME_IDS:
            problems.append(
                Problem(
                    source.rel,
                    where,
                    f'the id "{element_id}" is used by the page itself.',
                    "choose another id for this section",
                )
            )
        elif seen[element_id] > 1:
            problems.append(
                Problem(
                    source.rel,
                    where,
                    f'the id "{element_id}" is used twice on the page.',
                    "give each section its own id; links would jump to the first one",
                )
            )
    for tag in found.forbidden:
        if tag.name in FORBIDDEN_REASONS:
            line = source.line_of(f"<{tag.name}")
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f"<{tag.name}> is not allowed in a guide: {FORBIDDEN_REASONS[tag.name]}.",
                    "remove it; link to the page or file instead",
                )
            )
        else:
            line = source.line_of("style=")
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'the style="..." attribute on <{tag.name}> is not allowed: the '
                    "Content-Security-Policy blocks it, so the reader would not see it.",
                    "remove it; the theme styles every element",
                )
            )
    for image in found.images:
        if "alt" not in image.attrs:
            src = image.attrs.get("src", "").removeprefix("{static}")
            problems.append(
                Problem(
                    source.rel,
                    source.line_of(src),
                    f'the image "{src}" has no alt text.',
                    "describe it in the brackets, ![like this](images/room.png), "
                    'or give alt="" if it is only decoration',
                )
            )
    for tag, link in found.links:
        problems += _check_link(source, tag, link, set(found.ids), content_root, ids_by_path)
    return problems


def _check_link(source, tag, link, own_ids, content_root, ids_by_path):
    written = _internal_target(link) if tag == "img" else None  # images.prepare added {static}
    line = source.line_of(link) or source.line_of(unquote(link)) or source.line_of(written)
    if link.startswith("#"):
        if link[1:] not in own_ids | set(THEME_IDS):
            return [
                Problem(
                    source.rel,
                    line,
                    f'the link "{link}" points to a part of the page that does not exist.',
                    "use one of the section ids, such as #safety, or remove the link",
                )
            ]
        return []
    if link.startswith(("tel:", "sms:")):
        return _check_phone_link(source, link, line)
    target = _internal_target(link)
    if target is None:
        parts = urlsplit(link)
        if tag == "img" and (parts.netloc or parts.scheme in ("http", "https")):
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
        if tag == "img" and not parts.scheme and not parts.netloc:
            target = parts.path  # a plain relative image path, resolved like {static}
        else:
            return []
    target, _, fragment = target.partition("#")
    base = content_root if target.startswith("/") else os.path.dirname(source.path)
    target_path = os.path.normpath(os.path.join(base, target.lstrip("/")))
    what = "image" if tag == "img" else "link"
    shown = written or unquote(link)
    if not os.path.isfile(target_path):
        fix = (
            "put the image in content/images/ and write its path from this file, e.g. images/room.png"
            if tag == "img"
            else "check the file name (it is relative to this file), or remove the link"
        )
        return [Problem(source.rel, line, f'the {what} "{shown}" points to a file that does not exist.', fix)]
    if fragment and target_path in ids_by_path and fragment not in ids_by_path[target_path] | set(THEME_IDS):
        return [
            Problem(
                source.rel,
                line,
                f'the link "{unquote(link)}" points to "#{fragment}", which is not on that page.',
                "use one of that page's section ids, or link to the page without #",
            )
        ]
    return []


def _check_phone_link(source, link, line):
    """A tel: or sms: link the editor wrote dials one phone number of the guide's region."""
    written = unquote(link.split(":", 1)[1]).split(";")[0].split("?")[0]
    found = crisis.find(written, source.region)
    if len(found) == 1 and found[0].valid and found[0].written == written.strip():
        return []
    return [
        Problem(
            source.rel,
            line,
            f'the link "{unquote(link)}" does not dial one phone number of the region {source.region}.',
            "write the number after tel: as the service publishes it, e.g. [call 911](tel:911) or "
            "[1-800-662-4357](tel:+1-800-662-4357)",
        )
    ]
