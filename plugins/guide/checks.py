"""Content checks: every problem of a run, each with file, line and a fix, reported together.

Two passes. `check_sources` reads the Markdown before Pelican does, so a missing title or
a half-written date is reported instead of silently dropped or guessed. `check_output`
reads the generated HTML, so a link or #fragment that points nowhere never ships.
"""

import datetime
import os
import re
import sys
from dataclasses import dataclass
import html
from urllib.parse import unquote, urlsplit

import markdown

REQUIRED_FIELDS = {
    "title": 'add a line such as "Title: Ketamine for PTSD" at the top of the file',
    "summary": 'add a line "Summary: " with one plain sentence saying what the guide covers',
    "date": 'add a line such as "Date: 2026-11-26" (the day the guide was first published)',
    "next_review": 'add a line such as "Next_review: 2027-11-26" (when the guide must be checked again)',
}
DATE_FIELDS = ("date", "modified", "next_review")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
METADATA_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
INTERNAL_LINK = re.compile(r"^(?:\{(filename|static)\}|%7B(filename|static)%7D|\|(filename|static)\|)(?P<path>.*)$")
# Ids the theme puts on every guide page, so content may link to them.
THEME_IDS = {"main-content", "get-help-now", "contents-list-heading"}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self):
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}: {self.what}\n    Fix: {self.fix}"


class ContentError(Exception):
    """Problems found while `make devserver` runs: Pelican prints them and waits for the next save."""


def report(problems, stream=sys.stderr):
    """Print every problem, then stop the build with a non-zero exit."""
    count = len(problems)
    text = f"\nThe guide was not built: {count} problem{'s' if count != 1 else ''} to fix.\n\n"
    text += "".join(f"{problem}\n\n" for problem in problems)
    if {"-r", "--autoreload"} & set(sys.argv):
        raise ContentError(text)
    stream.write(text)
    stream.flush()
    raise SystemExit(1)


def read_metadata(lines):
    """Parse the Markdown metadata header as Python-Markdown's meta extension does.

    Returns ({key: (value, line_number)}, index of the first body line).
    """
    metadata, key = {}, None
    for index, line in enumerate(lines):
        if not line.strip():
            return metadata, index + 1
        match = METADATA_LINE.match(line)
        if match:
            key = match["key"].lower()
            metadata[key] = (match["value"].strip(), index + 1)
            continue
        match = CONTINUATION_LINE.match(line)
        if match and key:
            value, number = metadata[key]
            metadata[key] = ((value + "\n" + match["value"]).strip(), number)
            continue
        return metadata, index  # no header, or the header ended without a blank line
    return metadata, len(lines)


QUOTED = r"""(?:"([^"]*)"|'([^']*)')"""
ID = re.compile(r"\sid=" + QUOTED)
ANCHOR_NAME = re.compile(r"<a\s[^>]*?\bname=" + QUOTED)
LINK = re.compile(r"<(?:a|link|img|script|source|iframe)\s[^>]*?\b(?:href|src)=" + QUOTED, re.I)
IMG = re.compile(r"<img\b[^>]*>", re.I)
ATTRIBUTE = re.compile(r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.S | re.I)
RAW_TEXT = re.compile(r"<!--.*?-->|<(style|script)\b[^>]*>.*?</\1\s*>", re.S | re.I)


@dataclass
class Scan:
    """The ids, links, images and headings of an HTML page or fragment."""

    ids: set
    links: list
    images: list
    headings: list


def text_of(fragment):
    """The plain text of an HTML fragment, such as a heading's inner HTML."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def _values(matches):
    return [html.unescape(a or b) for a, b in matches]


def scan(text):
    """A fast scan of well-formed HTML (ours: checked by vnu in the tests); an HTML parser is 5x slower."""
    text = RAW_TEXT.sub(lambda m: "" if m[0].startswith("<!--") else f"<{m[1]}>", text)
    images = [{name.lower(): html.unescape(next((v for v in values if v), "")) for name, *values in ATTRIBUTE.findall(tag[4:-1])}
              for tag in IMG.findall(text)]
    headings = [(int(level), text_of(inner)) for level, inner in HEADING.findall(text)]
    return Scan(set(_values(ID.findall(text)) + _values(ANCHOR_NAME.findall(text))),
                _values(LINK.findall(text)), images, headings)


def _line_of(lines, needle, start=0):
    for index in range(start, len(lines)):
        if needle and needle in lines[index]:
            return index + 1
    return None


def _parse_date(value):
    if not ISO_DATE.match(value):
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        return None


def _check_metadata(rel, metadata):
    problems = []
    for field, fix in REQUIRED_FIELDS.items():
        value, line = metadata.get(field, ("", None))
        if not value:
            state = "is empty" if line else "is missing"
            problems.append(Problem(rel, line or 1, f'the "{field.capitalize()}" line {state}.', fix))
    dates = {}
    for field in DATE_FIELDS:
        value, line = metadata.get(field, ("", None))
        if not value:
            continue
        dates[field] = _parse_date(value)
        if dates[field] is None:
            problems.append(Problem(
                rel, line, f'"{field.capitalize()}: {value}" is not a full date.',
                "write the whole date as year-month-day, for example 2026-11-26",
            ))
    updated = dates.get("modified") or dates.get("date")
    review = dates.get("next_review")
    if updated and review and review < updated:
        problems.append(Problem(
            rel, metadata["next_review"][1],
            f'"Next_review: {review}" is earlier than the last update ({updated}).',
            "set the next review to a date after the guide was last updated",
        ))
    return problems


def _check_body(source, found, content_root, rendered):
    rel, lines, start, source_path = source.rel, source.lines, source.start, source.path
    problems = []
    previous = 1  # the page title is the h1
    cursor = start
    for level, text in found.headings:
        line = _line_of(lines, text, cursor) or _line_of(lines, text)
        cursor = line or cursor
        if level == 1:
            problems.append(Problem(rel, line, f'"{text}" is a level-1 heading; the title is the page\'s only one.',
                                    'start section headings with "## "'))
        elif level > previous + 1:
            problems.append(Problem(
                rel, line, f'the heading "{text}" jumps from level {previous} to level {level}.',
                f'use {"#" * (previous + 1)} for it, or add the missing level above it',
            ))
        previous = level
    for image in found.images:
        if "alt" not in image:
            problems.append(Problem(rel, _line_of(lines, image.get("src", "")), f'the image "{image.get("src", "")}" has no alt text.',
                                    'describe it in the brackets, ![like this](file.png), or give alt="" if it is only decoration'))
    for index, line in enumerate(lines[start:], start + 1):
        for match in re.finditer(r"!\[\s*\]\(([^)\s]*)", line):
            problems.append(Problem(rel, index, f'the image "{match[1]}" has no alt text.',
                                    'describe it in the brackets, ![like this](file.png), or write <img src="..." alt=""> if it is only decoration'))
    for link in found.links:
        problems += _check_source_link(rel, lines, link, found.ids, content_root, source_path, rendered)
    return problems


def _check_source_link(rel, lines, link, own_ids, content_root, source_path, rendered):
    line = _line_of(lines, link) or _line_of(lines, unquote(link))
    if link.startswith("#"):
        if link[1:] not in own_ids | THEME_IDS:
            return [Problem(rel, line, f'the link "{link}" points to a part of the page that does not exist.',
                            "use one of the section ids, such as #safety, or remove the link")]
        return []
    match = INTERNAL_LINK.match(link)
    if not match:
        return []
    target, _, fragment = match["path"].partition("#")
    target = unquote(target)
    base = content_root if target.startswith("/") else os.path.dirname(source_path)
    target_path = os.path.normpath(os.path.join(base, target.lstrip("/")))
    if not os.path.isfile(target_path):
        return [Problem(rel, line, f'the link "{unquote(link)}" points to a file that does not exist.',
                        "check the file name (it is relative to this file), or remove the link")]
    if fragment and target_path in rendered and fragment not in rendered[target_path] | THEME_IDS:
        return [Problem(rel, line, f'the link "{unquote(link)}" points to "#{fragment}", which is not on that page.',
                        "use one of that page's section ids, or link to the page without #")]
    return []


@dataclass(frozen=True)
class Source:
    path: str
    rel: str
    lines: list
    start: int  # index of the first body line


def read_sources(settings):
    """Read every Markdown file under PATH and check its metadata.

    Runs before Pelican reads the content, which would drop an article without a date and
    guess a day for "2024-05". Returns (sources, problems).
    """
    content_root = os.path.abspath(settings["PATH"])
    paths = []
    for folder, dirs, files in os.walk(content_root):
        dirs.sort()
        paths += [os.path.join(folder, name) for name in sorted(files) if name.endswith((".md", ".markdown"))]
    sources, problems = [], []
    for path in paths:
        rel = _display_path(path)
        try:
            with open(path, encoding="utf-8") as handle:
                lines = handle.read().splitlines()
        except UnicodeDecodeError as error:
            problems.append(Problem(rel, None, f"the file is not UTF-8 text ({error.reason}).", "save it as UTF-8"))
            continue
        metadata, start = read_metadata(lines)
        problems += _check_metadata(rel, metadata)
        sources.append(Source(path, rel, lines, start))
    return sources, problems


def render_bodies(settings, sources):
    """Render the bodies ourselves; only needed when Pelican will not get to read them."""
    md = markdown.Markdown(**settings["MARKDOWN"])
    return {s.path: md.reset().convert("\n".join(s.lines[s.start:])) for s in sources}


def check_bodies(settings, sources, bodies):
    """Headings, images and links of each rendered body ({source path: HTML})."""
    content_root = os.path.abspath(settings["PATH"])
    found = {path: scan(body) for path, body in bodies.items()}
    rendered = {path: page.ids for path, page in found.items()}
    problems = []
    for source in sources:
        if source.path in found:
            problems += _check_body(source, found[source.path], content_root, rendered)
    return problems


def check_output(output_path, publish_url=""):
    """Check that every internal href/src of every page resolves to a file and fragment."""
    output_path = os.path.abspath(output_path)
    pages = {}
    for folder, dirs, files in os.walk(output_path):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    pages[path] = scan(handle.read())
    problems = []
    for path, page in pages.items():
        rel = _display_path(path)
        for link in page.links:
            what = _output_link_problem(link, path, page, pages, output_path, publish_url)
            if what:
                problems.append(Problem(rel, None, f'the link "{link}" {what}.',
                                        "fix the template or content that makes this link"))
    return problems


def _output_link_problem(link, path, page, pages, output_path, publish_url):
    if publish_url and link.startswith(publish_url + "/"):
        link = link[len(publish_url) + 1:]
        base = output_path
    else:
        base = os.path.dirname(path)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None  # outbound (sources, data: favicon)
    if not parts.path:
        return None if parts.fragment in page.ids else "points to a part of the page that does not exist"
    if parts.path.endswith("/"):
        return "points to a folder; link to the file (index.html) so it works from disk"
    target = os.path.normpath(os.path.join(base, unquote(parts.path)))
    if not target.startswith(output_path + os.sep):
        return "points outside the site"
    if not os.path.isfile(target):
        return "points to a file that is not in the site"
    if parts.fragment and target in pages and parts.fragment not in pages[target].ids:
        return f'points to "#{parts.fragment}", which is not on that page'
    return None


def _display_path(path):
    """A path as the person running the build would type it."""
    rel = os.path.relpath(path, os.getcwd())
    return path if rel.startswith("..") else rel
