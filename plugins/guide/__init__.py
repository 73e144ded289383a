"""The guide plugin. register() wires the signals; each concern lives in its own module.

One build run, in signal order (`pelican -r` repeats from get_generators on every save):

initialized             run.begin: build into "<output>.new", collect Pelican's warnings;
                        the Markdown extensions and Jinja filters
get_generators          the run starts: RUN resets; after a failed run, wait for a saved change
article_generator_init  stylesheet.read (inline CSS, its CSP hash); checks.content_problems
                        (clinic_settings, source_checks, review and translation dates); the
                        gettext catalogs (i18n); stop here if anything is wrong
content_object_init     each guide: guide_page.prepare_body (comments, images, abbreviations),
                        guide_page.prepare (dates, contents list)
article_generator_finalized
                        body_checks over every rendered guide, drafts included; Pelican's
                        warnings; stop before any page is written; translations.link;
                        publishing.prepare (JSON-LD) and the site's one policy
article_generator_write_article
                        editions: single file and PDF leaflets of each published guide
article_writer_finalized
                        translations.write_pages: each further language's home and statement
feed_generated          publishing.fix_feed
finalized               host files, output_checks, offline zip; then run.publish swaps the
                        finished folder in (or run.discard on a problem)
"""

import logging
import os

from markupsafe import Markup
from pelican import signals
from pelican.urlwrappers import Category

from . import (
    checks,
    clinic_settings,
    crisis,
    editions,
    guide_page,
    host_files,
    i18n,
    output_checks,
    publishing,
    stylesheet,
    translations,
)
from .problems import DROP_CONTENT_ERRORS, stop, warn
from .run import RUN
from .source_checks import page_lang


def on_initialized(pelican):
    settings = pelican.settings
    RUN.begin(pelican)
    logging.getLogger("pelican").addFilter(DROP_CONTENT_ERRORS)
    settings.setdefault("PUBLISH_URL", "")
    settings.setdefault("SITE_DESCRIPTION", settings["SITENAME"])
    settings.setdefault("JINJA_FILTERS", {}).update(
        guide_date=guide_page.guide_date,
        guide_parts=guide_page.split,
        crisis_links=crisis.with_links,
        contact_link=clinic_settings.contact_link,
    )
    settings["MARKDOWN"] = checks.markdown_settings(settings)


def on_run_start(pelican):
    RUN.wait_for_change(pelican.settings)
    RUN.reset()


def fail(problems):
    RUN.discard()
    stop(problems, RUN.final_output)


def read_content(generator):
    """Settings, stylesheet and every file's metadata, before Pelican reads the content."""
    settings = generator.settings
    css, problems = stylesheet.read(settings["THEME"])
    for values in (settings, generator.context):  # settings for the plugin, context for templates
        values["GUIDE_CSS"] = Markup(css)  # our own theme file: trusted, hashed in the CSP
        values["GUIDE_CSP"] = stylesheet.content_security_policy(css)
    RUN.sources, found = checks.content_problems(settings)
    generator.context["CRISIS_LINES"] = settings["CRISIS_LINES"]  # as clinic_settings normalised it
    catalogs, catalog_problems = i18n.load_catalogs(settings["THEME"])
    generator.languages = i18n.Languages(settings, catalogs)
    generator.languages.install(generator.env)
    generator.context["HOME_PAGES"] = {settings["DEFAULT_LANG"]: "index.html"}
    generator.context["STATEMENT_PAGES"] = {settings["DEFAULT_LANG"]: "accessibility.html"}
    problems += found + catalog_problems
    if problems:
        fail(problems)


def prepare_content(content):
    if content.__class__.__name__ != "Article":
        return
    if not hasattr(content, "category"):
        # No category pages are made (CATEGORY_SAVE_AS = ""), but Pelican's draft writer asks for one.
        content.category = Category(content.settings["DEFAULT_CATEGORY"], content.settings)
    lang = page_lang(content.lang, content.settings["DEFAULT_LANG"])
    if lang != content.lang:  # en-GB on an "en" site: the site's own language, not a translation
        content.lang, content.in_default_lang = lang, lang == content.settings["DEFAULT_LANG"]
    content._content = guide_page.prepare_body(content._content, content.source_path, RUN.warned)
    guide_page.prepare(content)


def check_guides(generator):
    """Check every rendered guide (drafts too) before any page is written."""
    every = generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    every += generator.hidden_articles + generator.hidden_translations
    content_root = os.path.abspath(generator.settings["PATH"])
    bodies = {os.path.abspath(article.source_path): article._content for article in every}
    problems = checks.body_problems(RUN.sources, bodies, content_root)
    for article in every:
        source = RUN.source_of(article.source_path)
        RUN.page_sources[article.save_as] = source
        RUN.page_sources[f"{editions.stem(article)}-single-file.html"] = source
    problems += RUN.logged_problems()
    if problems:
        fail(problems)
    RUN.articles = list(generator.articles)
    RUN.published = generator.articles + generator.translations
    translations.link(generator.settings, every, RUN.published, generator.context)
    RUN.extra_pages = translations.extra_pages(generator.context, generator.settings["DEFAULT_LANG"])
    for article in RUN.published:
        publishing.prepare(article)
    policy = publishing.site_policy(generator.settings["GUIDE_CSP"], RUN.published)
    for values in (generator.settings, generator.context):  # pages are written after this
        values["GUIDE_CSP"] = policy


def write_language_pages(generator, writer):
    """Each further language with published guides gets its own home page and statement."""
    translations.write_pages(generator, writer, RUN.published)


def on_finalized(pelican):
    settings = pelican.settings
    output = pelican.output_path
    beside = (
        host_files.write_all(output, settings, RUN.published, RUN.extra_pages) if settings.get("HOST_FILES") else {}
    )
    problems = output_checks.check(output, RUN.page_sources, settings.get("PUBLISH_URL", "")) + RUN.logged_problems()
    if problems:
        fail(problems)
    if settings.get("OFFLINE_ZIP_DIR"):
        editions.write_offline_zip(output, settings, RUN.articles)
    for message in output_checks.moved_pages(RUN.final_output, output, RUN.page_sources):
        warn(message)
    RUN.publish()
    if beside:
        print(f"nginx: {host_files.write_beside(RUN.final_output, beside)}/nginx.conf (see README, Publishing)")


def register():
    signals.initialized.connect(on_initialized)
    signals.get_generators.connect(on_run_start)
    signals.article_generator_init.connect(read_content)
    signals.content_object_init.connect(prepare_content)
    signals.article_generator_finalized.connect(check_guides)
    signals.article_generator_write_article.connect(editions.write_editions)
    signals.article_writer_finalized.connect(write_language_pages)
    signals.feed_generated.connect(publishing.fix_feed)
    signals.finalized.connect(on_finalized)
