"""Problems an editor can fix: each names the file, the line, what is wrong and the fix.

Checks return Problems; the plugin collects them for the whole build and, at the checkpoint,
logs them all at once and ends the build with a ContentError. Messages go to the
`content_checks` logger, written plainly to stderr (never wrapped, never a traceback).
"""

import logging
import os
import sys
from dataclasses import dataclass

logger = logging.getLogger("content_checks")


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self):
        where = f"{self.path}, line {self.line}" if self.line else self.path
        return f"{where}: {self.what}\n    Fix: {self.fix}"


class ContentError(Exception):
    """The site was not built; its problems were logged."""

    exitcode = 1

    def __init__(self, problems):
        super().__init__(f"the site was not built: {len(problems)} problem(s), listed above")
        self.problems = problems


def unique(problems):
    """Each problem once, in the order found."""
    return list(dict.fromkeys(problems))


def format_report(problems):
    problems = unique(problems)
    count = len(problems)
    text = f"\nThe guide was not built: {count} problem{'s' if count != 1 else ''} to fix.\n\n"
    return text + "".join(f"{problem}\n\n" for problem in problems)


def stop(problems):
    """Log every problem, then end the build."""
    logger.error(format_report(problems).rstrip("\n") + "\n")
    raise ContentError(unique(problems))


def warn(message):
    """A note the editor should read that does not stop the build."""
    logger.warning(message)


def display_path(path):
    """A path as the person running the build would type it."""
    path = os.path.abspath(path)
    rel = os.path.relpath(path, os.getcwd())
    return path if rel.startswith("..") else rel


class _EditorFormat(logging.Formatter):
    def format(self, record):
        text = record.getMessage()
        return f"Warning: {text}" if record.levelno == logging.WARNING else text


class _Stderr(logging.StreamHandler):
    """Whatever sys.stderr is when a record is written (tests and tools redirect it)."""

    def __init__(self):
        super().__init__(sys.stderr)
        self.setFormatter(_EditorFormat())

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value):
        pass


EDITOR_LOGGERS = {"content_checks"}  # every logger whose messages are written for the editor


def editor_messages(name):
    """Write the records of logger `name` plainly to stderr, as the editor reads them (once per process)."""
    EDITOR_LOGGERS.add(name)
    log = logging.getLogger(name)
    if not any(isinstance(handler, _Stderr) for handler in log.handlers):
        log.addHandler(_Stderr())
    log.propagate = False  # not again through Pelican's handler, which wraps long lines
    log.setLevel(logging.INFO)
    return log


class _DropContentErrors(logging.Filter):
    """Pelican logs any exception that ends a run, with its traceback. Ours were logged already as
    problems; a plugin's declared error (an exception with an `exitcode`, as Pelican's main reads
    it: a setting this machine or host cannot honour) is written plainly, its message alone."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, ContentError) or any(isinstance(a, ContentError) for a in record.args or ()):
            return False
        if exc is not None and hasattr(exc, "exitcode"):
            logger.error(f"The site was not built: {exc}")
            return False
        return True


DROP_CONTENT_ERRORS = _DropContentErrors()  # one instance, so a second Pelican in a process adds no second filter
