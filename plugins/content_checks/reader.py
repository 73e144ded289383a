"""Pelican's Markdown reader, keeping what Pelican forgets: the line of every metadata field.

CheckingMarkdownReader reads each file exactly as Pelican's MarkdownReader does (it is one) and
first hands the typed lines to the checks, as a Source. The header is split with the regular
expressions of Python-Markdown's meta extension, so every header Pelican accepts (a `---`
fenced one included) is read the same way here.
"""

import functools
import os
import re
from dataclasses import dataclass

from blinker import signal
from markdown.extensions.meta import BEGIN_RE, END_RE, META_MORE_RE, META_RE
from pelican.readers import MarkdownReader

from . import ahead, metadata, state
from . import lines as line_checks
from .problems import Problem, display_path

FENCE = re.compile(r"^\s*(```|~~~)")
# Other plugins add their own rules; each receiver returns a list of Problems.
source_read = signal("content_checks.source_read")  # sender: a Source; settings=, the site's settings
checks_due = signal("content_checks.checks_due")  # sender: Pelican's generators; build=, the state.Build


@dataclass(frozen=True)
class Source:
    path: str  # absolute
    rel: str  # as the editor would type it
    lines: tuple
    start: int  # index of the first body line
    metadata: dict  # {key: (value, line number)}, the first of a repeated key (as Pelican takes it)

    def value(self, key, default=""):
        """A metadata value as written, or the default when it is missing or empty."""
        return self.metadata.get(key, ("", None))[0] or default

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
        """(line number, text) of the body outside fenced code blocks (worked out once: every line
        rule reads them)."""
        return self._body

    @functools.cached_property
    def _body(self):
        body, fenced = [], False
        for index in range(self.start, len(self.lines)):
            line = self.lines[index]
            if FENCE.match(line):
                fenced = not fenced
            elif not fenced:
                body.append((index + 1, line))
        return tuple(body)


def _wrapped_line(lines, index, key, metadata, known):
    """A problem when the line at index ends the header although metadata lines follow it:
    the editor wrapped a long value, and everything after it would be read as text."""
    following = lines[index + 1 : next((i for i in range(index, len(lines)) if not lines[i].strip()), len(lines))]
    if key and any((m := META_RE.match(line)) and (not known or m["key"].lower() in known) for line in following):
        return (
            index + 1,
            f'this line continues the "{key.capitalize()}" line above it; '
            "a metadata line cannot wrap, so every line after it would be read as text.",
            f"join it to line {metadata[key][1]}, or indent it by 4 spaces",
        )
    return None


def _repeated(key, first, line):
    return (
        line,
        f'the "{key.capitalize()}" line is given twice (first on line {first}); only one can be used.',
        "remove one of them",
    )


def read_header(lines, known=()):
    """The header as Python-Markdown's meta extension reads it: ({key: (value, line)}, body start, problems).
    A line that breaks the header is a problem when a known field (any, if none are given) follows it."""
    metadata, key, problems = {}, None, []
    first = 1 if lines and BEGIN_RE.match(lines[0]) else 0
    for index in range(first, len(lines)):
        line = lines[index]
        if not line.strip() or END_RE.match(line):
            return metadata, index + 1, problems
        if match := META_RE.match(line):
            key = match["key"].lower()
            if key in metadata:  # Pelican would take the first, or make a list of both
                problems.append(_repeated(key, metadata[key][1], index + 1))
                key = None
                continue
            metadata[key] = (match["value"].strip(), index + 1)
        elif (match := META_MORE_RE.match(line)) and key:
            value, number = metadata[key]
            metadata[key] = ((value + " " + match["value"]).strip(), number)
        elif wrapped := _wrapped_line(lines, index, key, metadata, known):
            problems.append(wrapped)
        else:
            return metadata, index, problems
    return metadata, len(lines), problems


def read_source(path, known=()):
    """(Source, problems) of one Markdown file; the Source is None when it cannot be read as text."""
    rel = display_path(path)
    try:
        with open(path, encoding="utf-8-sig") as handle:  # a byte-order mark is accepted, as Pelican does
            lines = tuple(handle.read().splitlines())
    except UnicodeDecodeError as error:
        return None, [Problem(rel, None, f"the file is not UTF-8 text ({error.reason}).", "save it as UTF-8")]
    metadata, start, found = read_header(lines, known)
    return Source(os.path.abspath(path), rel, lines, start, metadata), [Problem(rel, *p) for p in found]


class CheckingMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader that gives each file, with its line numbers, to the build's checks."""

    def read(self, source_path):
        build = state.of(self.settings)
        source, problems = read_source(source_path, self.settings["CHECKS_METADATA"])
        build.add(problems)
        if source is None:
            raise UnicodeDecodeError("utf-8", b"", 0, 1, "listed above")
        build.add_source(source)
        build.add(check_source(source, self.settings))
        converted = ahead.take(self.settings, source.path)  # by a worker (ahead.py), for a library
        content, fields = self.from_worker(source_path, *converted) if converted else self.convert(source_path, source)
        build.rendered[source.path] = content
        return content, fields

    def convert(self, source_path, source):
        """MarkdownReader.read, with the Markdown settings of the file's language."""
        shared = self.settings
        config = markdown_for(shared, source.value("lang") or shared["DEFAULT_LANG"])
        if config is not shared["MARKDOWN"]:  # Pelican's reader takes its Markdown from self.settings
            self.settings = {**shared, "MARKDOWN": config}
        try:
            return super().read(source_path)
        finally:
            self.settings = shared

    def from_worker(self, source_path, html, meta):
        """What MarkdownReader.read returns, from the HTML and metadata a worker's Markdown made."""
        self._source_path = source_path
        self._md = ahead.Converted(meta)
        return html, (self._parse_metadata(meta) if meta is not None else {})


def markdown_for(settings, lang):
    """Pelican's MARKDOWN setting for a file in `lang`: with MARKDOWN_BY_LANG[lang] (or its base
    language's, fr for fr-CA; "*" for any other language than DEFAULT_LANG) merged into each
    extension's configuration."""
    by_lang = settings.get("MARKDOWN_BY_LANG") or {}
    base, default = lang.split("-")[0], settings["DEFAULT_LANG"].split("-")[0]
    extra = by_lang.get(lang) or by_lang.get(base) or (by_lang.get("*") if base != default else None) or {}
    if not extra:
        return settings["MARKDOWN"]
    config = dict(settings["MARKDOWN"])
    configs = {name: dict(values) for name, values in config.get("extension_configs", {}).items()}
    for name, values in extra.items():
        configs.setdefault(name, {}).update(values)
    config["extension_configs"] = configs
    return config


def check_source(source, settings):
    """Every rule of the typed file: metadata, lines, and the rules other plugins connect."""
    problems = metadata.check(source, settings) + line_checks.check(source, settings)
    for _, found in source_read.send(source, settings=settings):
        problems += found or []
    return problems


def add_reader(readers):
    """readers_init: our reader for every extension Pelican's Markdown reader takes."""
    for extension in CheckingMarkdownReader.file_extensions:
        readers.reader_classes[extension] = CheckingMarkdownReader
