"""The guide plugin: checks content, prepares each guide for the theme, writes host files
and the offline, single-file and PDF editions. Registered in pelicanconf.PLUGINS."""

import base64
import datetime
import hashlib
import html
import logging
import os
import re

from markupsafe import Markup
from pelican import signals

from . import checks, editions, host_files

logger = logging.getLogger(__name__)
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


def guide_date(value):
    """26 November 2026, the same on every machine whatever its locale."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def minify_css(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    return re.sub(r"\s*([{};])\s*", r"\1", css).strip()


def content_security_policy(css):
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return (f"default-src 'none'; style-src 'sha256-{digest}'; img-src data:; "
            "base-uri 'none'; form-action 'none'")


def on_initialized(pelican):
    settings = pelican.settings
    problems = checks.check_sources(settings)
    if problems:
        checks.report(problems)
    css_path = os.path.join(settings["THEME"], "css", "guide.css")
    with open(css_path, encoding="utf-8") as handle:
        css = minify_css(handle.read())
    if "</" in css:
        checks.report([checks.Problem(css_path, None, 'the stylesheet contains "</".', "remove it; it would end the inline style")])
    settings["GUIDE_CSS"] = Markup(css)  # our own theme file: trusted, hashed in the CSP
    settings["GUIDE_CSP"] = content_security_policy(css)
    settings.setdefault("PUBLISH_URL", "")
    settings.setdefault("SITE_DESCRIPTION", settings["SITENAME"])
    settings.setdefault("JINJA_FILTERS", {})["guide_date"] = guide_date


def prepare_guide(content):
    """Give the theme plain values: dates as dates, the contents list as (id, text)."""
    if content.__class__.__name__ != "Article":
        return
    modified = getattr(content, "modified", None) or content.date
    content.last_updated = modified.date()
    content.next_review = datetime.date.fromisoformat(str(content.metadata["next_review"]))
    content.important_source = content.metadata.get("important_source", "")
    items = [{"id": match[1], "text": html.unescape(re.sub(r"<[^>]+>", "", match[2])).strip()}
             for match in re.finditer(r'<h2[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', content._content, re.S)]
    if content.metadata.get("important"):
        items.append({"id": "important-to-know", "text": "Important to know"})
    if content.metadata.get("sources"):
        items.append({"id": "sources", "text": "Sources"})
    content.contents_items = items


def fix_feed(context, feed):
    """Pelican reads titles as HTML in feeds; ours are plain text, so give them back as written."""
    by_link = {context["FEED_DOMAIN"] + "/" + article.url: article for article in context.get("articles", [])}
    feed.feed["title"] = context["SITENAME"]
    for item in feed.items:
        article = by_link.get(item["link"])
        if article:
            item["title"] = article.title
            item["description"] = html.escape(article.summary, quote=False)


def on_finalized(pelican):
    settings = pelican.settings
    output = settings["OUTPUT_PATH"]
    if settings.get("HOST_FILES"):
        host_files.write_all(output, settings, _ARTICLES)
    problems = checks.check_output(output, settings.get("PUBLISH_URL", ""))
    if problems:
        checks.report(problems)
    if settings.get("OFFLINE_ZIP_DIR"):
        editions.write_offline_zip(output, settings, _ARTICLES)


_ARTICLES = []  # the published guides of this run, for the files written after them


def remember_articles(generator):
    _ARTICLES[:] = generator.articles


def register():
    signals.initialized.connect(on_initialized)
    signals.content_object_init.connect(prepare_guide)
    signals.article_generator_finalized.connect(remember_articles)
    signals.article_generator_write_article.connect(editions.write_editions)
    signals.feed_generated.connect(fix_feed)
    signals.finalized.connect(on_finalized)
