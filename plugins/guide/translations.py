"""Guides in more than one language: the same Slug, another Lang.

Each published guide links its published translations (and they it), the publishing build
names every version for search engines (hreflang, x-default), and each further language with
published guides gets its own home page (index-es.html), accessibility statement and 404 page. A draft
translation is linked from nowhere: it is built for review in drafts/ only.
"""

from .i18n import lang_page

# The pages every language with published guides has: {context name: the default language's page}.
LANGUAGE_PAGES = {"HOME_PAGES": "index.html", "STATEMENT_PAGES": "accessibility.html", "NOT_FOUND_PAGES": "404.html"}


def _order(default):
    return lambda article: (article.lang != default, article.lang)


def link(settings, every, published, context):
    default = settings["DEFAULT_LANG"]
    for article in every:
        others = [t for t in getattr(article, "translations", []) if t.status == "published"]
        if article.status != "published":
            others = []
        article.published_translations = sorted(others, key=_order(default))
        article.alternates = sorted([article, *others], key=_order(default)) if others else []
    languages = sorted({article.lang for article in published} - {default})
    for name, page in (
        ("HOME_PAGES", "index.html"),
        ("STATEMENT_PAGES", "accessibility.html"),
        ("NOT_FOUND_PAGES", "404.html"),
    ):
        context[name] = {lang: lang_page(page, lang, default) for lang in [default, *languages]}


def write_pages(generator, writer, published):
    settings, context = generator.settings, generator.context
    for lang, page in context["HOME_PAGES"].items():
        if lang == settings["DEFAULT_LANG"]:
            continue
        guides = [article for article in published if article.lang == lang]
        pages = (
            (page, "index", {"articles": guides}),
            (context["STATEMENT_PAGES"][lang], "accessibility", {}),
            (context["NOT_FOUND_PAGES"][lang], "404", {}),
        )
        for name, template, extra in pages:
            write_page(generator, writer, name, template, lang, template, **extra)


def write_page(generator, writer, name, template, lang, page_name, **extra):
    """One page the guide plugin adds (a further language's home page, an A to Z, a topic), in `lang`."""
    writer.write_file(
        name,
        generator.get_template(template),
        generator.context,
        relative_urls=generator.settings["RELATIVE_URLS"],
        page_lang=lang,
        page_name=page_name,
        output_file=name,
        **extra,
    )
