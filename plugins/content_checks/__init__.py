"""content_checks: a Pelican plugin that stops a build naming every problem at once, with the
file, the line and the fix, and never writes a page before the content is known to be good.

Signals, in the order Pelican sends them (README.md lists the settings):

initialized          the CHECKS_* defaults; messages to stderr, plainly
readers_init         CheckingMarkdownReader reads every Markdown file (Pelican's reader, with lines)
get_generators       a Build starts for this run; the pages of the last build are noted
article_generator_init
                     a library's Markdown goes to one worker per core (ahead.py)
  (reading)          each file: metadata and line checks, then the `source_read` signal
article_generator_finalized
                     the workers end
all_generators_finalized
                     the checkpoint: files in the content folder, page names, `checks_due`
                     for other plugins, Pelican's warnings; stop here if anything is wrong
content_written      which source each written page shows
finalized            every internal link of the finished site; pages that moved; stop or end
"""

import logging
import os

from pelican import signals

from . import ahead, files, links, reader, state, writer
from .problems import DROP_CONTENT_ERRORS, Problem, editor_messages, logger, stop, warn
from .reader import checks_due, source_read  # other plugins' rules connect here

__all__ = ["checks_due", "source_read"]

DEFAULTS = {
    "CHECKS_REQUIRED_METADATA": {
        "title": 'add a line such as "Title: A title" at the top of the file',
        "date": 'add a line such as "Date: 2026-11-26" (the day it was first published)',
    },
    "CHECKS_OPTIONAL_METADATA": (
        "modified",
        "slug",
        "lang",
        "status",
        "summary",
        "category",
        "tags",
        "author",
        "authors",
        "template",
        "translation",
    ),
    "CHECKS_DATE_METADATA": ("date", "modified"),
    "CHECKS_PLAIN_METADATA": ("title",),
    "CHECKS_CHOICES": {"status": ("published", "draft", "hidden")},
    "CHECKS_SECTION_ID_LEVEL": 0,
    "CHECKS_STATIC_SUFFIXES": {"images": (".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif")},
}


def configure(pelican):
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings["CHECKS_METADATA"] = (*settings["CHECKS_REQUIRED_METADATA"], *settings["CHECKS_OPTIONAL_METADATA"])
    editor_messages("content_checks")
    logging.getLogger("pelican").addFilter(DROP_CONTENT_ERRORS)


def start_build(pelican):
    build = state.start(pelican.settings)
    last_site = getattr(pelican, "last_site", pelican.output_path)  # command.py builds beside it
    if os.path.isfile(os.path.join(last_site, "index.html")):  # before Pelican empties the folder
        build.previous_pages = links.published_pages(last_site)


def page_names(contents, build):
    """Two files that Pelican would write to the same page."""
    problems, seen = [], {}
    for content in contents:
        first = seen.setdefault(content.save_as, content)
        if first is content or not content.save_as:
            continue
        source = build.source_of(content.source_path)
        if source:
            problems.append(
                Problem(
                    source.rel,
                    source.metadata.get("slug", (None, None))[1],
                    f"this file would be written to {content.save_as}, as {build.source_of(first.source_path).rel} is.",
                    'give one of them its own "Slug:" line, or rename the file',
                )
            )
    return problems


def contents_of(generators):
    """Every file Pelican read into a page, drafts and hidden ones too, in the order of their paths."""
    contents = generators[0].context["generated_content"].values()  # None for a file Pelican could not use
    return sorted((c for c in contents if c is not None), key=lambda c: c.source_path)


def collect(generators):
    """Every problem of the content once Pelican has read it; the run's Build."""
    settings = generators[0].settings
    build = state.of(settings)
    build.add(files.check(os.path.abspath(settings["PATH"]), settings))
    build.add(page_names(contents_of(generators), build))
    for _, found in checks_due.send(generators, build=build):
        build.add(found or [])
    build.add(build.logged_problems())
    return build


def checkpoint(generators):
    """Before any page is written: stop naming every problem of the content, or carry on."""
    build = collect(generators)
    if build.problems:
        state.end(build.settings)
        stop(build.problems)


def read_site(settings):
    """Pelican's reading of a site with every check, and nothing written (for reports and tests):
    (the Build, with its sources and problems, and every content object)."""
    from pelican import Pelican

    pelican = Pelican(settings)
    generators = _generators(pelican)
    try:
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
        build = collect(generators)
    finally:
        state.end(pelican.settings)
    return build, contents_of(generators)


def _generators(pelican):
    """The generators Pelican.run() makes, made the same way (this sends get_generators)."""
    context = pelican.settings.copy()
    context.update(
        generated_content={}, static_links=set(), static_content={}, localsiteurl=pelican.settings["SITEURL"]
    )
    return [
        cls(
            context=context,
            settings=pelican.settings,
            path=pelican.path,
            theme=pelican.theme,
            output_path=pelican.output_path,
        )
        for cls in pelican._get_generator_classes()
    ]


def note_page(path, context):
    """content_written: the source whose text a page shows (for naming the line of a broken link)."""
    content = context.get("article") or context.get("page")
    if content is not None and getattr(content, "source_path", None):
        build = state.of(content.settings)
        page = os.path.relpath(path, content.settings["OUTPUT_PATH"])
        build.page_sources[page] = build.source_of(content.source_path)


def check_output(pelican):
    """finalized: every internal link of the finished site, then the run's summary."""
    settings = pelican.settings
    build = state.of(settings)
    publish_url = settings["SITEURL"] if "://" in settings["SITEURL"] else ""
    build.add(links.check(pelican.output_path, build.page_sources, publish_url, settings) + build.logged_problems())
    if build.problems:
        state.end(settings)
        stop(build.problems)
    if build.previous_pages:
        for message in links.moved_pages(build.previous_pages, pelican.output_path, build.page_sources):
            warn(message)
    state.end(settings)
    if build.warnings:
        count = f"{build.warnings} warning{'s' if build.warnings != 1 else ''}"
        logger.info(f"The site was built, with {count} above: read them before publishing.")


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(reader.add_reader)
    signals.get_generators.connect(start_build)
    signals.article_generator_init.connect(ahead.start)
    signals.article_generator_finalized.connect(ahead.stop)
    signals.all_generators_finalized.connect(checkpoint)
    signals.get_writer.connect(writer.writer_for)
    signals.article_writer_finalized.connect(writer.write_kept)
    signals.content_written.connect(note_page)
    signals.finalized.connect(check_output)
