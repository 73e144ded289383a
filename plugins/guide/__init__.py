"""The guide plugin: checks content, prepares each guide for the theme, writes host files
and the offline, single-file and PDF editions. Registered in pelicanconf.PLUGINS."""

import base64
import datetime
import hashlib
import html
import json
import os
import re

from markupsafe import Markup
from pelican import signals

from . import checks, editions, host_files

MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


# Sections of the Markdown that the theme shows as components, not as article text.
COMPONENT_SECTIONS = ("important-to-know", "sources")
COMPONENT_HEADING = re.compile(r'<h2 id="(%s)">(.*?)</h2>' % "|".join(COMPONENT_SECTIONS), re.S)


def guide_parts(content_html):
    """Split a guide's rendered content into its article text and its component sections.

    Returns {"body": html, "important-to-know": {"title": text, "html": html}, ...}.
    """
    matches = list(COMPONENT_HEADING.finditer(content_html))
    parts = {"body": Markup(content_html[:matches[0].start()] if matches else content_html)}
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(content_html)
        parts[match[1]] = {"title": checks.text_of(match[2]),
                           "html": Markup(content_html[match.end():end].strip())}
    return parts


def guide_date(value):
    """26 November 2026, the same on every machine whatever its locale."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def minify_css(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};,])\s*", r"\1", css)
    return re.sub(r":\s+", ":", css).strip()  # in a selector a colon is never followed by a space


def csp_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(css):
    return f"default-src 'none'; style-src {csp_hash(css)}; img-src data:; base-uri 'none'; form-action 'none'"


def script_safe_json(data):
    """JSON for a <script> element: <, > and & escaped, so no value can end the element."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def structured_data(content, publish_url):
    """schema.org MedicalWebPage for search engines (publishing build only)."""
    page_url = f"{publish_url}/{content.url}"
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": content.title,
        "headline": content.title,
        "description": content.summary,
        "url": page_url,
        "inLanguage": content.lang,
        "datePublished": content.date.date().isoformat(),
        "dateModified": content.last_updated.isoformat(),
        "lastReviewed": content.last_updated.isoformat(),
        "audience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "isPartOf": {"@type": "WebSite", "name": content.settings["SITENAME"], "url": f"{publish_url}/index.html"},
    }
    if content.metadata.get("condition"):  # "Condition:" in the article's metadata
        data["about"] = {"@type": "MedicalCondition", "name": content.metadata["condition"]}
    return data


def on_initialized(pelican):
    pelican.settings.setdefault("PUBLISH_URL", "")
    pelican.settings.setdefault("SITE_DESCRIPTION", pelican.settings["SITENAME"])
    pelican.settings.setdefault("JINJA_FILTERS", {}).update(guide_date=guide_date, guide_parts=guide_parts)


def read_stylesheet(generator):
    """Inline the theme's stylesheet and hash it for the CSP; once per run, so devserver sees edits."""
    css_path = os.path.join(generator.settings["THEME"], "css", "guide.css")
    with open(css_path, encoding="utf-8") as handle:
        css = minify_css(handle.read())
    if "</" in css:
        checks.report([checks.Problem(css_path, None, 'the stylesheet contains "</".', "remove it; it would end the inline style")])
    for values in (generator.settings, generator.context):  # settings for the plugin, context for templates
        values["GUIDE_CSS"] = Markup(css)  # our own theme file: trusted, hashed in the CSP
        values["GUIDE_CSP"] = content_security_policy(css)


def check_sources(generator):
    """Check every Markdown file's metadata before Pelican reads it (once per run)."""
    settings = generator.settings
    sources, problems = checks.read_sources(settings)
    if problems:  # stop before Pelican reads the content, reporting its body problems too
        checks.report(problems + checks.check_bodies(settings, sources, checks.render_bodies(settings, sources)))
    _SOURCES[:] = sources


def prepare_guide(content):
    """Give the theme plain values: dates as dates, the contents list as (id, text)."""
    if content.__class__.__name__ != "Article":
        return
    modified = getattr(content, "modified", None) or content.date
    content.last_updated = modified.date()
    content.next_review = datetime.date.fromisoformat(str(content.metadata["next_review"]))
    content.contents_items = [{"id": match[1], "text": checks.text_of(match[2])}
                              for match in re.finditer(r'<h2[^>]*\bid="([^"]+)"[^>]*>(.*?)</h2>', content._content, re.S)]
    publish_url = content.settings.get("PUBLISH_URL")
    if publish_url:
        content.json_ld = Markup(script_safe_json(structured_data(content, publish_url)))
        # vnu (and strict browsers) want even a data block covered by the policy.
        content.csp = f"{content.settings['GUIDE_CSP']}; script-src {csp_hash(content.json_ld)}"


def fix_feed(context, feed):
    """Pelican reads titles as HTML in feeds; ours are plain text, so give them back as written."""
    by_link = {context["FEED_DOMAIN"] + "/" + article.url: article for article in context.get("articles", [])}
    feed.feed["title"] = context["SITENAME"]
    feed.feed["link"] = context["FEED_DOMAIN"] + "/index.html"
    for item in feed.items:
        article = by_link.get(item["link"])
        if article:
            item["title"] = article.title
            item["description"] = html.escape(article.summary, quote=False)
            item["author_name"] = context["SITENAME"]  # the publisher; no person is named


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


_SOURCES = []  # the Markdown files of this run, read once by check_sources
_ARTICLES = []  # the published guides of this run, for the files written after them


def check_and_remember_articles(generator):
    """Check the bodies Pelican rendered (so nothing is rendered twice), before any page is written."""
    every = generator.articles + generator.translations + generator.drafts + generator.drafts_translations
    every += generator.hidden_articles + generator.hidden_translations
    bodies = {article.source_path: article._content for article in every}
    problems = checks.check_bodies(generator.settings, _SOURCES, bodies)
    if problems:
        checks.report(problems)
    _ARTICLES[:] = generator.articles


def register():
    signals.initialized.connect(on_initialized)
    signals.article_generator_init.connect(read_stylesheet)
    signals.article_generator_init.connect(check_sources)
    signals.content_object_init.connect(prepare_guide)
    signals.article_generator_finalized.connect(check_and_remember_articles)
    signals.article_generator_write_article.connect(editions.write_editions)
    signals.feed_generated.connect(fix_feed)
    signals.finalized.connect(on_finalized)
