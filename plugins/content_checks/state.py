"""What one build has found so far: one Build per run of a Pelican instance.

A Build starts at get_generators (each run of `pelican -r` starts a new one) and is looked up by
the run's settings, which Pelican hands to every generator, reader and content object.
"""

import logging
import os

from . import workers
from .problems import EDITOR_LOGGERS, Problem, display_path

_BUILDS = {}  # id(settings) -> Build of the run in progress for that Pelican instance

# Pelican's messages that a check names better, with the line: a link it cannot resolve, an
# image that is not there, two files with one page name.
COVERED_BY_CHECKS = ("Unable to find", "Cannot get modification stamp", "There are ")


class PelicanLog(logging.Handler):
    """Keeps Pelican's warnings and errors of the run: each one is a problem for the editor."""

    def __init__(self, build):
        super().__init__(logging.WARNING)
        self.build = build

    def emit(self, record):
        self.build.logged.append(record.getMessage())


class WarningCount(logging.Handler):
    """Counts the warnings the editor was given during the run, for the summary at its end."""

    def __init__(self, build):
        super().__init__(logging.WARNING)
        self.build = build

    def emit(self, record):
        self.build.warnings += 1


class Build:
    def __init__(self, settings):
        self.settings = settings
        self.problems = []
        self.sources = {}  # absolute path -> reader.Source, every Markdown file read
        self.rendered = {}  # absolute path -> the HTML Pelican's reader made of it
        self.page_sources = {}  # page path in the output -> Source of the text it shows
        self.logged = []  # Pelican's warnings of this run
        self.previous_pages = set()  # the pages in the output folder before this run
        self.data = {}  # what other plugins keep for this run, under their own names
        self.log = PelicanLog(self)
        self.warnings = 0
        self.counter = WarningCount(self)

    def add(self, problems):
        self.problems += problems

    def add_source(self, source):
        self.sources[source.path] = source

    def source_of(self, path):
        return self.sources.get(os.path.abspath(path))

    def _names(self, path):
        """How a message may name a file: its absolute path, as typed, or relative to the content."""
        absolute = os.path.abspath(path)
        return {absolute, display_path(absolute), os.path.relpath(absolute, os.path.abspath(self.settings["PATH"]))}

    def mentioned(self, message):
        """(display path, has problems) of the file a Pelican message names, else (None, False)."""
        paths = {display_path(p) for p in self.sources} | {p.path for p in self.problems}
        for path in sorted(paths, key=len, reverse=True):
            if any(name in message for name in self._names(path)):
                return path, any(problem.path == path for problem in self.problems)
        return None, False

    def logged_problems(self):
        """Pelican's warnings, each named by the source file it mentions; none for a file whose own
        problems were found already (Pelican's message would say the same thing less clearly)."""
        problems = []
        for message in dict.fromkeys(self.logged):
            path, has_problems = self.mentioned(message)
            if message.startswith(COVERED_BY_CHECKS) or has_problems:
                continue
            what = message.strip().rstrip(".") + "."
            fix = "correct what the message names; Pelican could not use it as written"
            problems.append(Problem(path or "pelican", None, what, fix))
        return problems


def start(settings):
    build = _BUILDS[id(settings)] = Build(settings)
    logging.getLogger("pelican").addHandler(build.log)
    for name in EDITOR_LOGGERS:
        logging.getLogger(name).addHandler(build.counter)
    return build


def current(settings):
    """The Build of the run these settings belong to, or None outside a run."""
    return _BUILDS.get(id(settings))


def of(settings):
    """The Build of the run these settings belong to (one is started for a reader used on its own)."""
    return _BUILDS.get(id(settings)) or start(settings)


def end(settings):
    workers.release()
    build = _BUILDS.pop(id(settings), None)
    if build:
        logging.getLogger("pelican").removeHandler(build.log)
        for name in EDITOR_LOGGERS:
            logging.getLogger(name).removeHandler(build.counter)
    return build
