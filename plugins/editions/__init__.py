"""editions: a Pelican plugin that makes each published article readable away from the site:
a single HTML file with everything inside, PDF leaflets (tagged, A4 and US Letter, printed by
the system's Chromium) and a zip of the whole site. README.md lists the settings.

article_generator_write_article   the article's single file, then its leaflets; the list of
                                  them in article.editions for the template
finalized                         the offline zip of the finished output folder
"""

import logging
import os

from pelican import signals
from pelican.contents import Article

from . import leaflet, offline, single_file
from .chromium import chromium_path

logger = logging.getLogger(__name__)
_published = {}  # id(settings) -> the published articles of the run in progress of that Pelican instance

DEFAULTS = {
    "SINGLE_FILE_EDITION": False,
    "SINGLE_FILE_CONTEXT": {},  # template values for the single file (e.g. no absolute site address)
    "PDF_EDITION": False,  # True, False or "auto" (made when Chromium is there)
    "PDF_FOOTER_TEMPLATE": "leaflet_footer.html",
    "PDF_BOOKMARK_HIDDEN": ".visually-hidden",  # text for screen readers only, left out of bookmarks
    "OFFLINE_ZIP_DIR": "",
    "OFFLINE_ZIP_EXCLUDE": ("drafts",),
}
NO = (False, None, "", "0", "no", "false")
CHROMIUM_MISSING = (
    "Chromium was not found, so the PDF leaflets were not made. "
    "Install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium."
)


class EditionsError(Exception):
    """A setting asks for something this machine cannot make."""

    exitcode = 2


def configure(pelican):
    settings = pelican.settings
    for name, value in DEFAULTS.items():
        settings.setdefault(name, value)
    settings.setdefault("OFFLINE_ZIP_NAME", settings.get("SITE_SLUG") or "site")
    wanted = settings["PDF_EDITION"]
    if wanted in NO:
        settings["PDF_EDITION"] = False
    elif chromium_path(settings):
        settings["PDF_EDITION"] = True
    elif wanted == "auto":
        logger.warning(CHROMIUM_MISSING)
        settings["PDF_EDITION"] = False
    else:
        raise EditionsError(
            "The PDF leaflets need Chromium, which was not found. "
            "Install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium."
        )


def start_run(pelican):
    """Each run of a Pelican instance (pelican -r runs many) dates its own zip."""
    _published[id(pelican.settings)] = []


def footer(generator, content):
    """The leaflet's running footer, from the theme's template (in the content's language)."""
    template = generator.get_template(generator.settings["PDF_FOOTER_TEMPLATE"].removesuffix(".html"))
    return template.render({**generator.context, "article": content, "page_lang": content.lang})


def write_editions(generator, content):
    """The single file and leaflets of one article, listed in content.editions for its page."""
    settings = generator.settings
    if not settings["SINGLE_FILE_EDITION"] or not isinstance(content, Article):
        return
    output = generator.output_path
    os.makedirs(output, exist_ok=True)
    content.single_file_name = f"{single_file.stem(content)}-single-file.html"
    html_path = os.path.join(output, content.single_file_name)
    with open(html_path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(single_file.render(generator, content))
    signals.content_written.send(html_path, context={"article": content})
    content.editions = [{"href": content.single_file_name, "kind": "single", "size": leaflet.size_label(html_path)}]
    if settings["PDF_EDITION"]:
        day = offline.last_updated(content)
        content.editions += leaflet.print_pdfs(
            settings, html_path, single_file.stem(content), footer(generator, content), day
        )
    if content.status == "published":
        _published.setdefault(id(settings), []).append(content)


def write_zip(pelican):
    settings = pelican.settings
    if not settings["OFFLINE_ZIP_DIR"]:
        return
    published = _published.pop(id(settings), [])
    if published:
        logger.info("Offline edition: %s", offline.write(pelican.output_path, settings, published))


def register():
    signals.initialized.connect(configure)
    signals.get_generators.connect(start_run)
    signals.article_generator_write_article.connect(write_editions)
    signals.finalized.connect(write_zip)
