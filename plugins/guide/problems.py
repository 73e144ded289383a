"""Problems an editor can fix: each names the file, the line, what is wrong and the fix.

Every check returns Problems; `stop` prints them all at once and ends the build with a
ContentError. Pelican's own log records of a ContentError are filtered out (the problems
were printed already), so `pelican` exits 1 with no traceback, and `pelican -r` waits for
the next save instead (see run.py).
"""

import logging
import os
import sys
from dataclasses import dataclass


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
    """The guide was not built; its problems were printed."""

    exitcode = 1

    def __init__(self, problems):
        super().__init__(f"the guide was not built: {len(problems)} problem(s), listed above")
        self.problems = problems


def unique(problems):
    """Each problem once, in the order found."""
    return list(dict.fromkeys(problems))


def format_report(problems, output_path=None):
    problems = unique(problems)
    count = len(problems)
    text = f"\nThe guide was not built: {count} problem{'s' if count != 1 else ''} to fix.\n\n"
    text += "".join(f"{problem}\n\n" for problem in problems)
    if output_path:
        text += f"Build failed: {display_path(output_path)}/ was left as it was.\n"
    return text


def stop(problems, output_path=None, stream=None):
    """Print every problem, then end the build."""
    stream = stream or sys.stderr
    stream.write(format_report(problems, output_path))
    stream.flush()
    raise ContentError(unique(problems))


def warn(message, stream=None):
    """A note the editor should read that does not stop the build."""
    stream = stream or sys.stderr
    stream.write(f"Warning: {message}\n")
    stream.flush()


def display_path(path):
    """A path as the person running the build would type it."""
    path = os.path.abspath(path)
    rel = os.path.relpath(path, os.getcwd())
    return path if rel.startswith("..") else rel


class _DropContentErrors(logging.Filter):
    """Pelican logs any exception that ends a run; ours were already printed as problems."""

    def filter(self, record):
        exc = record.exc_info[1] if record.exc_info else None
        return not isinstance(exc, ContentError) and not any(isinstance(a, ContentError) for a in record.args or ())


DROP_CONTENT_ERRORS = _DropContentErrors()  # one instance, so a second Pelican in a process adds no second filter
