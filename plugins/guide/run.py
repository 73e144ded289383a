"""The state of one build run, in one object that resets itself at the start of every run
(`pelican -r` runs many times in one process), and the run's safe output folder.

Every run writes into "<output>.new" and replaces <output> only when it finished with no
problem, so a failed build never leaves a half-written site; under `pelican -lr` the server
keeps serving the last good build. After a failed run in the same process (autoreload), the
next run first waits for a saved change, so a content error never spins a CPU.
"""

import glob
import logging
import os
import shutil

from .problems import Problem, display_path

# Pelican messages that our own checks report with the line that caused them.
COVERED_BY_CHECKS = ("Unable to find",)


class PelicanLog(logging.Handler):
    """Keeps Pelican's warnings and errors of the run: each one is a problem for the editor."""

    def __init__(self, run):
        super().__init__(logging.WARNING)
        self.run = run

    def emit(self, record):
        message = record.getMessage()
        if not any(message.startswith(text) for text in COVERED_BY_CHECKS):
            self.run.logged.append(message)


class Run:
    def __init__(self):
        self.failed = False
        self.final_output = None
        self.reset()

    def reset(self):
        self.sources = []  # source_checks.Source of every Markdown file
        self.problems = []  # found before Pelican read the content (settings, metadata)
        self.articles = []  # the published guides in the default language
        self.published = []  # every published guide, translations included
        self.extra_pages = []  # (page, lang): the further languages' home pages and statements
        self.page_sources = {}  # page path in the output -> Source
        self.logged = []  # Pelican's warnings of this run
        self.warned = set()  # images already named in a size warning

    @property
    def staging(self):
        return self.final_output + ".new"

    def begin(self, pelican):
        """Once per Pelican instance: build into the staging folder, collect Pelican's warnings."""
        self.failed = False
        self.final_output = os.path.abspath(pelican.output_path)
        pelican.output_path = self.staging
        logger = logging.getLogger("pelican")
        for handler in [h for h in logger.handlers if isinstance(h, PelicanLog)]:
            logger.removeHandler(handler)
        logger.addHandler(PelicanLog(self))

    def source_of(self, path):
        return next((s for s in self.sources if s.path == os.path.abspath(path)), None)

    def logged_problems(self):
        """Pelican's warnings, each named by the source file it mentions."""
        problems = []
        for message in dict.fromkeys(self.logged):
            source = next((s for s in self.sources if s.path in message or s.rel in message), None)
            where = source.rel if source else "pelican"
            problems.append(
                Problem(
                    where,
                    None,
                    message.strip().rstrip(".") + ".",
                    "correct what the message names; Pelican could not use it as written",
                )
            )
        return problems

    def publish(self):
        """Replace the output folder with the finished build."""
        final, old = self.final_output, self.final_output + ".old"
        shutil.rmtree(old, ignore_errors=True)
        if os.path.exists(final):
            os.replace(final, old)
        os.replace(self.staging, final)
        shutil.rmtree(old, ignore_errors=True)
        self.failed = False
        print(f"Built {display_path(final)}/ (open {display_path(os.path.join(final, 'index.html'))})")

    def discard(self):
        shutil.rmtree(self.staging, ignore_errors=True)
        self.failed = True

    def wait_for_change(self, settings):
        """After a failed run (pelican -r), block until the editor saves a change."""
        if not self.failed:
            return
        import watchfiles

        paths = [settings["PATH"], settings["THEME"], *glob.glob("*conf.py")]
        paths = [os.path.abspath(p) for p in paths if os.path.exists(p)]
        print("Waiting for a change to the content, theme or settings...", flush=True)
        next(watchfiles.watch(*paths))


RUN = Run()
