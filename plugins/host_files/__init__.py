"""host_files: a Pelican plugin that writes what web hosts read, from one list of headers:
sitemap.xml, robots.txt, _headers (Netlify, Cloudflare Pages) and .htaccess (Apache) into the
output, and nginx.conf and Caddyfile beside it; `python -m host_files.s3` uploads the output to
S3-compatible object storage with the same headers. README.md lists the settings.

get_generators    a new list of pages for this run
content_written   each published page, with its date and language versions
finalized         the files, when HOST_FILES is on
"""

import fnmatch
import logging
import os

from pelican import signals

from . import files

logger = logging.getLogger(__name__)

DEFAULTS = {
    "HOST_FILES": False,
    "HOST_FILES_SITEURL": "",  # the site's absolute address; SITEURL when that is absolute
    "HOST_FILES_CSP": "",  # the Content-Security-Policy header, the same for every build; none when empty
    "HOST_FILES_HSTS": "",  # the Strict-Transport-Security header (e.g. "max-age=31536000"); none when empty
    "HOST_FILES_SITEMAP_EXCLUDE": ("404.html", "404-*.html"),  # patterns (fnmatch)
    "HOST_FILES_BESIDE": "host",  # the folder beside the output for files no server may serve
}
_pages = {}  # the output folder of a run in progress -> {page: (date, [(lang, url)])}


def configure(pelican):
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    if not settings["HOST_FILES_SITEURL"] and "://" in settings["SITEURL"]:
        settings["HOST_FILES_SITEURL"] = settings["SITEURL"]


def _key(output_path):
    return os.path.abspath(output_path)


def start_run(pelican):
    _pages[_key(pelican.output_path)] = {}


def _updated(content):
    return (getattr(content, "modified", None) or content.date).date()


def _entry(page, context):
    """(date, versions) of a written page for the sitemap, or None when it is not for search engines."""
    article = context.get("article")
    if article is None:
        newest = [_updated(a) for a in context.get("articles") or []] if context.get("page_name") == "index" else []
        return max(newest, default=None), []
    if article.status != "published" or article.save_as != page:
        return None  # drafts, hidden pages, and other editions of a page
    default = context["DEFAULT_LANG"]
    versions = [article, *article.translations] if article.translations else []
    versions.sort(key=lambda a: (a.lang != default, a.lang))
    return _updated(article), [(a.lang, a.url) for a in versions]


def note_page(path, context):
    pages = _pages.get(_key(context.get("OUTPUT_PATH", "")))
    if pages is None:
        return
    page = os.path.relpath(path, context["OUTPUT_PATH"]).replace(os.sep, "/")
    excluded = any(fnmatch.fnmatch(page, pattern) for pattern in context.get("HOST_FILES_SITEMAP_EXCLUDE", ()))
    entry = None if excluded else _entry(page, context)
    if entry:
        pages[page] = entry


def write(pelican):
    settings = pelican.settings
    pages = _pages.pop(_key(pelican.output_path), {})
    if not settings["HOST_FILES"]:
        return
    if "://" not in settings["HOST_FILES_SITEURL"]:
        logger.warning("HOST_FILES is on, but the site's address (HOST_FILES_SITEURL) is not absolute: no host files.")
        return
    beside = files.write_all(pelican.output_path, settings, pages)
    logger.info("Host files written; for nginx and Caddy: %s", beside)


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(start_run)
    signals.content_written.connect(note_page)
    signals.finalized.connect(write)
