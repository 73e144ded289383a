"""guide: patient-information guides on Pelican. The guide's rules (sections, components, the
crisis box, review dates, translations) and its pages; content_checks (listed before it in
PLUGINS) collects the problems and stops the build. docs/architecture.md draws the whole run.

One handler per concern, in the order Pelican sends the signals:

initialized              configure: Markdown extensions, Jinja filters, messages
generator_init           languages.install: the theme's words and the clinic's settings per language
article_generator_init   read_theme: the inline stylesheet; the clinic's settings and catalogs checked
content_source_read      source_checks.check: review date, phone numbers (content_checks.source_read)
content_object_init      prepare_content: body as readers get it, dates, contents list
article_generator_pretaxonomy
                         reviews.hold_back: guides past their review and stale translations named;
                         when publishing, left out (the others are published)
checks_due               checks.site_problems: every rendered body; check_languages: every
                         published language complete (completeness.py)
article_generator_finalized
                         link_versions: translations, structured data, the site's one policy
article_writer_finalized write_language_pages: each further language's home and statement
feed_generated           publishing.fix_feed

The editions (single file, leaflets, offline zip) and host files are plugins of their own,
configured in pelicanconf.py and publishconf.py.
"""

import functools

from content_checks import checks_due, contents_of, source_read, state
from content_checks.problems import editor_messages, warn
from markupsafe import Markup
from pelican import signals
from pelican.contents import Article
from pelican.urlwrappers import Category

from . import (
    checks,
    clinic_settings,
    colours,
    completeness,
    crisis,
    guide_page,
    i18n,
    library,
    policy,
    publishing,
    reviews,
    source_checks,
    stylesheet,
    translations,
)


def configure(pelican):
    settings = pelican.settings
    settings.setdefault("PUBLISH_URL", "")
    settings.setdefault("SITE_DESCRIPTION", settings["SITENAME"])
    date_locales = functools.cache(lambda lang: i18n.date_locale(settings, lang))  # once per language
    settings.setdefault("JINJA_FILTERS", {}).update(
        guide_date=lambda value, lang: guide_page.guide_date(value, date_locales(lang)),
        guide_parts=guide_page.parts_of,
        contact_link=clinic_settings.contact_link,
        accessibility_contact=lambda lang: clinic_settings.accessibility_contact(settings, lang),
        topic_page=library.topic_page,
    )
    settings["MARKDOWN"] = checks.markdown_settings(settings)
    settings["HOST_FILES_CSP"] = policy.header_policy()  # host_files sends it; the same for every build
    # Leaflets on the paper of each language's country: US Letter too in North America, else A4 only.
    # (A language's own PDF_PAPERS_BY_LANG in pelicanconf.py wins.)
    regions = crisis.phone_regions(settings)
    papers = {lang: ("A4", "Letter") if region in LETTER_REGIONS else ("A4",) for lang, region in regions.items()}
    settings["PDF_PAPERS_BY_LANG"] = {**papers, **(settings.get("PDF_PAPERS_BY_LANG") or {})}
    editor_messages("guide")


LETTER_REGIONS = ("US", "CA", "MX")  # where US Letter is the usual paper (with A4 beside it)


def guide_run(settings):
    """What the guide keeps for one run, in content_checks' Build of that run."""
    build = state.of(settings)
    if "guide" not in build.data:
        sources = {}
        catalogs, problems = i18n.load_catalogs(settings["THEME"], sources)
        build.add(problems)
        languages = i18n.Languages(settings, catalogs, sources)
        build.data["guide"] = {"languages": languages, "published": []}
        settings["MARKDOWN_BY_LANG"] = languages.markdown_by_lang()  # content_checks' reader applies it
    return build.data["guide"]


def install_languages(generator):
    """Every generator's templates get the theme's words and the clinic's settings per language."""
    if hasattr(generator, "env"):
        guide_run(generator.settings)["languages"].install(generator.env)


def read_theme(generator):
    """The stylesheet every page inlines and the clinic's settings, checked before any guide is read."""
    settings, context = generator.settings, generator.context
    css, problems = stylesheet.read(settings["THEME"])
    problems += clinic_settings.check(settings, css)
    if settings.get("ACCENT_COLOR") and not any(p.what.startswith("ACCENT_COLOR") for p in problems):
        css += colours.accent_css(settings["ACCENT_COLOR"], css)
    context["GUIDE_CSS"] = Markup(css)  # our own theme file: trusted, hashed in the policy
    context["GUIDE_CSP"] = policy.page_policy(css, [])
    state.of(settings).add(problems)
    context["CLINIC_LOGO"] = clinic_settings.logo(settings) if not problems else None
    if settings.get("PUBLISH_URL") and not clinic_settings.accessibility_contact(settings):
        warn(
            "no accessibility contact: the statement's 'Report a problem' can only say 'tell the clinic'. "
            'Set ACCESSIBILITY_CONTACT, or CLINIC = {"name": ..., "email": ...}, in pelicanconf.py.'
        )
    context["CRISIS_LINES"] = settings["CRISIS_LINES"]  # as clinic_settings normalised it
    for name, page in translations.LANGUAGE_PAGES.items():  # further languages join once guides are read
        context[name] = {settings["DEFAULT_LANG"]: page}


def prepare_content(content):
    if not isinstance(content, Article):
        return
    if not hasattr(content, "category"):
        # No category pages are made (CATEGORY_SAVE_AS = ""), but Pelican's draft writer asks for one.
        content.category = Category(content.settings["DEFAULT_CATEGORY"], content.settings)
    lang = source_checks.page_lang(content.lang, content.settings["DEFAULT_LANG"])
    if lang != content.lang:  # en-GB on an "en" site: the site's own language, not a translation
        content.lang, content.in_default_lang = lang, lang == content.settings["DEFAULT_LANG"]
    warned = state.of(content.settings).data.setdefault("warned_images", set())
    content._content = guide_page.prepare_body(content._content, content.source_path, warned)
    guide_page.prepare(content)


def link_versions(generator):
    """Once every guide is read and checked: translations linked, structured data, the one policy."""
    if state.of(generator.settings).problems:
        return  # the checkpoint stops this build; its guides may be half-made (a title given twice is a list)
    run, context = guide_run(generator.settings), generator.context
    every = generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    every += generator.hidden_articles + generator.hidden_translations
    run["published"] = generator.articles + generator.translations
    translations.link(generator.settings, every, run["published"], context)
    filed = {path for path, source in state.of(generator.settings).sources.items() if source.value("category")}
    library.prepare(generator, run["published"], filed)
    css = str(context["GUIDE_CSS"])
    for article in run["published"]:
        publishing.prepare(article)
        article.csp = policy.page_policy(css, [article])  # its own structured data's hash, no other
    context["GUIDE_CSP"] = policy.page_policy(css, [])


def check_languages(generators, build):
    """content_checks.checks_due: every published language complete (completeness.py)."""
    return completeness.check(contents_of(generators), build, guide_run(build.settings)["languages"])


def write_language_pages(generator, writer):
    """Each further language's home page and statement; each language's A to Z and topic pages."""
    translations.write_pages(generator, writer, guide_run(generator.settings)["published"])
    library.write_pages(generator, writer)


def register():
    signals.initialized.connect(configure)
    signals.generator_init.connect(install_languages)
    signals.article_generator_init.connect(read_theme)
    source_read.connect(source_checks.check)
    signals.content_object_init.connect(prepare_content)
    signals.article_generator_pretaxonomy.connect(reviews.hold_back)
    checks_due.connect(checks.site_problems)
    checks_due.connect(check_languages)
    signals.article_generator_finalized.connect(link_versions)
    signals.article_writer_finalized.connect(write_language_pages)
    signals.feed_generated.connect(publishing.fix_feed)
