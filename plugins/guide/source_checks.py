"""Checks of the Markdown sources as the editor typed them, before Pelican reads them.

Pelican would drop a guide without a date, guess a day for "2024-05", ignore a misspelt
key and read a wrapped line as the start of the text; here each is a problem with its line.
"""

import datetime
import difflib
import os
import re
from dataclasses import dataclass

from . import crisis
from .problems import Problem, display_path

REQUIRED_FIELDS = {
    "title": 'add a line such as "Title: Ketamine for PTSD" at the top of the file',
    "summary": 'add a line "Summary: " with one plain sentence saying what the guide covers',
    "date": 'add a line such as "Date: 2026-11-26" (the day the guide was first published)',
    "next_review": 'add a line such as "Next_review: 2027-11-26" (when the guide must be checked again)',
}
OPTIONAL_FIELDS = ("modified", "slug", "lang", "condition", "status")
KNOWN_FIELDS = tuple(REQUIRED_FIELDS) + OPTIONAL_FIELDS
STATUSES = ("published", "draft", "hidden")
DATE_FIELDS = ("date", "modified", "next_review")
# A full date, with a time if the editor adds one (Pelican accepts it; the page shows the date).
ISO_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
METADATA_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)$")
CONTINUATION_LINE = re.compile(r"^[ ]{4,}(?P<value>.*)$")
ATX_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*(?P<attrs>\{[^}]*\})?\s*#*\s*$")
VALID_ID = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
MARKDOWN_SUFFIXES = (".md", ".markdown")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif")
ATTACHMENTS = "files"  # content/files/: forms and leaflets readers download (STATIC_PATHS)
ATTACHMENT_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt", ".xlsx", ".ods", ".csv")
PLAIN_FIELDS = ("title", "summary", "condition")  # shown as plain text on the page and in search results
MARKDOWN_IN_TEXT = re.compile(r"\*\*|__|\[[^\]]+\]\([^)]*\)|`|(?<!\w)\*[^*\s][^*]*\*(?!\w)")
TABLE_ROW = re.compile(r"^\s{0,3}\|.*\|\s*$")
TABLE_SEPARATOR = re.compile(r"^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Source:
    path: str  # absolute
    rel: str  # as the editor would type it
    lines: tuple
    start: int  # index of the first body line
    metadata: dict  # {key: (value, line number)}
    region: str = crisis.DEFAULT_REGION  # where its phone numbers are read (REGION of its language)

    def value(self, key, default=""):
        """A metadata value as written, or the default when it is missing or empty."""
        return self.metadata.get(key, ("", None))[0] or default

    def page(self, default_lang, slugify):
        """(slug, language) of the page Pelican writes for this file."""
        name = self.value("slug") or slugify(os.path.splitext(os.path.basename(self.path))[0])
        return name, page_lang(self.value("lang", default_lang), default_lang)

    def updated(self):
        """The last update: Modified, else Date (None when neither is a full date)."""
        return parse_date(self.value("modified")) or parse_date(self.value("date"))

    def line_of(self, needle, start=None):
        """The first line at or after `start` (a line index) holding `needle`, else anywhere."""
        if not needle:
            return None
        first = self.start if start is None else start
        for index in [*range(first, len(self.lines)), *range(0, first)]:
            if needle in self.lines[index]:
                return index + 1
        return None

    def body_lines(self):
        """(line number, text) of the body outside fenced code blocks."""
        fenced = False
        for index in range(self.start, len(self.lines)):
            line = self.lines[index]
            if FENCE.match(line):
                fenced = not fenced
                continue
            if not fenced:
                yield index + 1, line


def read_metadata(lines):
    """The header as Python-Markdown's meta extension reads it: ({key: (value, line)}, body start, problems)."""
    metadata, key, problems = {}, None, []
    for index, line in enumerate(lines):
        if not line.strip():
            return metadata, index + 1, problems
        match = METADATA_LINE.match(line)
        if match:
            key = match["key"].lower()
            metadata[key] = (match["value"].strip(), index + 1)
            continue
        match = CONTINUATION_LINE.match(line)
        if match and key:
            value, number = metadata[key]
            metadata[key] = ((value + " " + match["value"]).strip(), number)
            continue
        # The header ends here. If metadata lines follow, this line was wrapped by an editor.
        rest = lines[index + 1 : next((i for i in range(index, len(lines)) if not lines[i].strip()), len(lines))]
        if key and any((m := METADATA_LINE.match(r)) and m["key"].lower() in KNOWN_FIELDS for r in rest):
            problems.append(
                (
                    index + 1,
                    f'this line continues the "{key.capitalize()}" line above it; '
                    "a metadata line cannot wrap, so every line after it would be read as text.",
                    f"join it to line {metadata[key][1]}, or indent it by 4 spaces",
                )
            )
            continue
        return metadata, index, problems
    return metadata, len(lines), problems


def page_lang(tag, default_lang):
    """The language a guide is filed under: a regional tag of the site's own language (en-GB,
    en-US for "en") is that language, so the guide keeps its address and its place on the home page."""
    return default_lang if tag.split("-")[0].lower() == default_lang.split("-")[0].lower() else tag


def parse_date(value):
    """The date of a full date (with or without a time), else None."""
    match = ISO_DATE.match(str(value))
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match["date"])
    except ValueError:
        return None


def check_metadata(source):
    rel, metadata = source.rel, source.metadata
    problems = []
    for key, (_, line) in metadata.items():
        if key not in KNOWN_FIELDS:
            close = difflib.get_close_matches(key, KNOWN_FIELDS, n=1, cutoff=0.6)
            name = key.capitalize()
            fix = (
                f'did you mean "{close[0].capitalize()}:"? Correct the name'
                if close
                else f"remove it, or use one of: {', '.join(k.capitalize() for k in KNOWN_FIELDS)}"
            )
            problems.append(Problem(rel, line, f'"{name}:" is not a metadata line the guide knows.', fix))
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
        dates[field] = parse_date(value)
        if dates[field] is None:
            problems.append(
                Problem(
                    rel,
                    line,
                    f'"{field.capitalize()}: {value}" is not a full date.',
                    "write the whole date as year-month-day, for example 2026-11-26",
                )
            )
    first, modified, review = dates.get("date"), dates.get("modified"), dates.get("next_review")
    if first and modified and modified < first:
        problems.append(
            Problem(
                rel,
                metadata["modified"][1],
                f'"Modified: {modified}" is earlier than "Date: {first}" (first published).',
                "set Modified to the day of the latest change, on or after Date",
            )
        )
    updated = modified or first
    if updated and review and review <= updated:
        when = "earlier than" if review < updated else "the same day as"
        problems.append(
            Problem(
                rel,
                metadata["next_review"][1],
                f'"Next_review: {review}" is {when} the last update ({updated}).',
                "set the next review to a date after the guide was last updated",
            )
        )
    checks = (
        ("status", lambda v: v in STATUSES, f"use one of: {', '.join(STATUSES)}"),
        ("lang", LANG.match, 'use a language code such as "en" or "es"'),
        ("slug", SLUG.match, 'use lower-case letters, digits and hyphens, e.g. "ketamine-for-ptsd"'),
    )
    for field, valid, fix in checks:
        value, line = metadata.get(field, ("", None))
        if line and not valid(value):
            problems.append(Problem(rel, line, f'"{field.capitalize()}: {value}" is not valid.', fix))
    return problems + _check_plain_fields(source)


def _check_plain_fields(source):
    """Markdown in a plain-text field would be shown raw (**bold**) on the home page and in search results."""
    problems = []
    for field in PLAIN_FIELDS:
        value, line = source.metadata.get(field, ("", None))
        found = MARKDOWN_IN_TEXT.search(value)
        if found:
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'"{field.capitalize()}:" is plain text, but it holds the markup "{found[0]}", '
                    "which readers would see as typed.",
                    "write it without markup (no ** or _ for emphasis, no [links](...)); "
                    "put emphasis and links in the guide's text",
                )
            )
    return problems


def _check_tables(source):
    """A table pasted without its |---| row is shown as lines of pipes."""
    problems, previous = [], None
    for number, line in source.body_lines():
        row = TABLE_ROW.match(line)
        if row and not (previous and TABLE_ROW.match(previous[1])):
            following = source.lines[number] if number < len(source.lines) else ""
            if not TABLE_SEPARATOR.match(following):
                columns = max(line.strip().strip("|").count("|") + 1, 1)
                problems.append(
                    Problem(
                        source.rel,
                        number,
                        "this table has no line of dashes under its header row, so readers would see its "
                        "rows as typed, not as a table.",
                        f"add this line under it: |{'---|' * columns}",
                    )
                )
        previous = (number, line)
    return problems


def check_lines(source):
    """What only the typed lines show: heading ids, tables and images with an empty alt."""
    problems = _check_tables(source)
    for number, line in source.body_lines():
        heading = ATX_HEADING.match(line)
        if heading and len(heading["marks"]) == 2:
            attrs = heading["attrs"]
            if not attrs:
                problems.append(
                    Problem(
                        source.rel,
                        number,
                        f'the section "{heading["text"]}" has no id.',
                        f"change line {number} to: ## {heading['text']} {{#{_suggest_id(heading['text'])}}} "
                        "(links to the section use the id, so keep it when the wording changes)",
                    )
                )
            elif not (attrs.startswith("{#") and VALID_ID.match(attrs[2:-1].strip())):
                problems.append(
                    Problem(
                        source.rel,
                        number,
                        f'the id "{attrs}" of the section "{heading["text"]}" is not valid.',
                        "write it as {#an-id}: letters, digits and hyphens only, no spaces",
                    )
                )
        for written in crisis.invalid(line, source.region, after_verb_only=True):
            problems.append(
                Problem(
                    source.rel,
                    number,
                    f'"{written}" is written like a phone number, but it is not one in the region '
                    f"{source.region}, so its link would dial a wrong number.",
                    "copy the number exactly as the service publishes it (e.g. 1-800-662-4357 or +44 116 123)",
                )
            )
        for match in re.finditer(r"!\[\s*\]\(([^)\s]*)", line):
            problems.append(
                Problem(
                    source.rel,
                    number,
                    f'the image "{match[1]}" has no alt text.',
                    "describe it in the brackets, ![like this](images/room.png), "
                    'or write <img src="..." alt=""> if it is only decoration',
                )
            )
    return problems


def _suggest_id(text):
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:4]) or "section"


def content_files(content_root, static_paths):
    """(Markdown files, problems for files under content/ that are not Markdown guides or images)."""
    markdown, problems = [], []
    for folder, dirs, files in os.walk(content_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_folder = os.path.relpath(folder, content_root)
        in_static = any(rel_folder == s or rel_folder.startswith(s.rstrip("/") + os.sep) for s in static_paths)
        attachments = rel_folder.split(os.sep)[0] == ATTACHMENTS and in_static
        for name in sorted(files):
            path, suffix = os.path.join(folder, name), os.path.splitext(name.lower())[1]
            if name.startswith(".") or (
                in_static and suffix in (ATTACHMENT_SUFFIXES if attachments else IMAGE_SUFFIXES)
            ):
                continue
            if suffix in MARKDOWN_SUFFIXES and not in_static:
                markdown.append(path)
            else:
                problems.append(Problem(display_path(path), None, *_unused_file(suffix, in_static, attachments)))
    return markdown, problems


def _unused_file(suffix, in_static, attachments):
    """(what, fix) for a file under content/ that no page would use."""
    if attachments:
        return (
            "this file is not a document readers can download.",
            f"attach documents as {', '.join(ATTACHMENT_SUFFIXES)}, or move the file out of content/",
        )
    if in_static:
        return (
            "this file is not an image the guide can show.",
            "use .png, .jpg, .webp or .svg, or move it out of content/",
        )
    if suffix in ATTACHMENT_SUFFIXES:
        return (
            "a document to download belongs in content/files/; here it would be ignored.",
            f"move it to content/{ATTACHMENTS}/ and link it from a guide, "
            f"e.g. [Consent form (PDF)]({{static}}/{ATTACHMENTS}/consent-form{suffix})",
        )
    return (
        "only Markdown guides are built; this file would be ignored.",
        "write guides in Markdown: rename it to .md and convert its markup "
        "(headings ## Heading {#id}, lists - item), or move it out of content/",
    )


def read_sources(content_root, static_paths, regions=None, default_lang="en"):
    """Read and check every Markdown file under content/. Returns (sources, problems).
    regions maps a language to the REGION its phone numbers are read in."""
    regions = regions or {}
    paths, problems = content_files(content_root, static_paths)
    sources = []
    for path in paths:
        rel = display_path(path)
        try:
            with open(path, encoding="utf-8-sig") as handle:  # a byte-order mark is accepted
                lines = tuple(handle.read().splitlines())
        except UnicodeDecodeError as error:
            problems.append(Problem(rel, None, f"the file is not UTF-8 text ({error.reason}).", "save it as UTF-8"))
            continue
        metadata, start, header_problems = read_metadata(lines)
        region = crisis.region_of(regions, metadata.get("lang", ("", None))[0], default_lang)
        source = Source(path, rel, lines, start, metadata, region)
        problems += [Problem(rel, line, what, fix) for line, what, fix in header_problems]
        problems += check_metadata(source) + check_lines(source)
        sources.append(source)
    return sources, problems


def check_page_names(sources, default_lang, slugify):
    """Two guides that Pelican would write to the same page (the same slug and language)."""
    problems, seen = [], {}
    for source in sources:
        name, lang = source.page(default_lang, slugify)
        first = seen.setdefault((name, lang), source)
        if first is not source:
            line = source.metadata.get("slug", (None, None))[1]
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'this guide has the same page name ("{name}", language "{lang}") '
                    f"as {first.rel}; both would be written to {name}.html.",
                    'give one of them its own "Slug:" line, or rename the file',
                )
            )
    return problems
