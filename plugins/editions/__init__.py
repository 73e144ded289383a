"""editions: a Pelican plugin that makes each published article readable away from the site:
a single HTML file with everything inside, PDF leaflets (tagged, A4 and US Letter, printed by
the system's Chromium) and a zip of the whole site. README.md lists the settings.

all_generators_finalized   after the checks, before any page is written: each article's single
                           file, then its leaflets (in parallel, reused from a cache when
                           nothing that shapes them changed); article.editions lists them
finalized                  the offline zip of the finished output folder
"""

import functools
import logging
import os
import shutil
import tempfile

from content_checks import workers
from pelican import signals
from pelican.generators import ArticlesGenerator

from . import leaflet, offline, single_file
from .chromium import chromium_path

logger = logging.getLogger(__name__)
_published = {}  # id(settings) -> the published articles of the run in progress of that Pelican instance

DEFAULTS = {
    "SINGLE_FILE_EDITION": False,
    "SINGLE_FILE_CONTEXT": {},  # template values for the single file (e.g. no absolute site address)
    "BUILD_WORKERS": 0,  # how many processes write a library's single files; 0: one per core, 1: this one
    "PDF_EDITION": False,  # True, False or "auto" (made when Chromium is there)
    "PDF_FOOTER_TEMPLATE": "leaflet_footer.html",
    "PDF_BOOKMARK_HIDDEN": ".visually-hidden",  # text for screen readers only, left out of bookmarks
    "PDF_PAPERS": ("A4", "Letter"),  # the leaflets' paper sizes, each a PDF of its own
    "PDF_PAPERS_BY_LANG": {},  # {lang: ("A4",)}: a language whose readers use other paper
    "PDF_FONTS": {},  # {lang: "Font family"}: the font a language's leaflets are printed in
    "PDF_CACHE_DIR": "",  # where leaflets are kept between builds (outside the output); none: printed each time
    "PDF_WORKERS": 0,  # how many Chromiums print at once; 0: one per core
    "OFFLINE_ZIP_DIR": "",
    "OFFLINE_ZIP_EXCLUDE": ("drafts",),
    "OFFLINE_ZIP_BY_CATEGORY": False,  # also one zip per category: its articles' single files and leaflets
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


def footer(generator, content):
    """The leaflet's running footer, from the theme's template (in the content's language)."""
    template = generator.get_template(generator.settings["PDF_FOOTER_TEMPLATE"].removesuffix(".html"))
    return template.render({**generator.context, "article": content, "page_lang": content.lang})


def write_single_file(generator, content):
    """The article's single file, in the output."""
    with open(single_file_path(generator, content), "w", encoding="utf-8", newline="\n") as handle:
        handle.write(single_file.render(generator, content))


def single_file_path(generator, content):
    return os.path.join(generator.output_path, content.single_file_name)


def write_single_files(generator, contents):
    """Every article's single file, written by one process per core for a library (each file is
    rendered alone, so the files are the same whichever process wrote them); their paths."""
    os.makedirs(generator.output_path, exist_ok=True)
    for content in contents:
        content.single_file_name = f"{single_file.stem(content)}-single-file.html"
    announce = "Writing %d single files in %d worker processes"
    workers.map_items(generator.settings, functools.partial(write_single_file, generator), contents, 32, announce)
    paths = []
    for content in contents:
        html_path = single_file_path(generator, content)
        signals.content_written.send(html_path, context={"article": content})
        content.editions = [
            {
                "href": content.single_file_name,
                "kind": "single",
                "size": leaflet.size_label(html_path),
                "kilobytes": leaflet.kilobytes(html_path),
            }
        ]
        paths.append((content, html_path))
    return paths


def make_editions(generators):
    """all_generators_finalized (after the checks, before any page is written): every article's
    single file, then the leaflets, printed in parallel and reused from PDF_CACHE_DIR when nothing
    that shapes them changed. Each article's page then lists them (content.editions)."""
    generator = next((g for g in generators if isinstance(g, ArticlesGenerator)), None)
    settings = generators[0].settings
    if generator is None or not settings["SINGLE_FILE_EDITION"]:
        return
    contents = generator.articles + generator.translations + generator.hidden_articles + generator.hidden_translations
    paths = write_single_files(generator, contents)
    _published[id(settings)] = [content for content in contents if content.status == "published"]
    if settings["PDF_EDITION"] and paths:
        make_leaflets(generator, paths)


def for_language(by_lang, lang, default):
    """A per-language setting's value for a language, or for its base language (fr for fr-CA)."""
    return by_lang.get(lang) or by_lang.get(lang.split("-")[0]) or default


def papers_for(settings, lang):
    """The paper sizes of a language's leaflets: PDF_PAPERS_BY_LANG, else PDF_PAPERS."""
    return for_language(settings["PDF_PAPERS_BY_LANG"], lang, settings["PDF_PAPERS"])


def font_for(settings, lang):
    """The font family PDF_FONTS names for a language, or ""."""
    return for_language(settings["PDF_FONTS"], lang, "")


def check_fonts(contents, settings):
    """Every language the leaflets are printed in has a font on this machine (the one PDF_FONTS
    names, when it names one): else Chromium would print boxes where the letters should be."""
    for lang in sorted({content.lang for content in contents}):
        named = font_for(settings, lang)
        if named and not leaflet.has_font(named, lang):
            raise EditionsError(
                f'PDF_FONTS names "{named}" for the language {lang}, but no installed font of that name has its '
                "letters. Install it, or name one that fc-list shows for the language."
            )
        if leaflet.fonts_for(lang) == []:
            raise EditionsError(
                f"No font on this machine has the letters of the language {lang}, so its leaflets would show "
                "empty boxes. Install one (Debian: apt-get install fonts-noto-core) and build again."
            )


def make_leaflets(generator, paths):
    settings = generator.settings
    check_fonts([content for content, _ in paths], settings)
    version = leaflet.printing_version(settings)
    jobs = [
        leaflet.job_for(
            path,
            single_file.stem(content),
            footer(generator, content),
            offline.last_updated(content),
            version,
            leaflet.papers_named(papers_for(settings, content.lang)),
            font_for(settings, content.lang),
        )
        for content, path in paths
    ]
    folder = settings["PDF_CACHE_DIR"] or tempfile.mkdtemp(prefix="leaflets-")
    workers = settings["PDF_WORKERS"] or os.cpu_count() or 1
    printing = {"CHROMIUM": chromium_path(settings), "PDF_BOOKMARK_HIDDEN": settings["PDF_BOOKMARK_HIDDEN"]}
    printed = leaflet.print_all(printing, jobs, folder, workers)
    for (content, _), job in zip(paths, jobs, strict=True):
        content.editions += leaflet.place(job, folder, generator.output_path)
    if settings["PDF_CACHE_DIR"]:
        leaflet.prune(folder, jobs)
    else:
        shutil.rmtree(folder, ignore_errors=True)
    logger.info("Leaflets: %d printed, %d reused from %s", 2 * printed, 2 * (len(jobs) - printed), folder)


def write_zip(pelican):
    """finalized: the offline zip of the whole site and, with OFFLINE_ZIP_BY_CATEGORY, one per category."""
    settings = pelican.settings
    published = _published.pop(id(settings), [])
    if not settings["OFFLINE_ZIP_DIR"] or not published:
        return
    made = [offline.write(pelican.output_path, settings, published)]
    if settings["OFFLINE_ZIP_BY_CATEGORY"]:
        made += offline.write_by_category(pelican.output_path, settings, published)
    for path in made:
        logger.info("Offline edition: %s (%s)", path, offline.size_label(path))
    if os.path.getsize(made[0]) > offline.EMAIL_LIMIT:
        logger.warning(
            "%s is over what e-mail services take (about 20 MB): share it by a link or on a USB stick, "
            "or send the zip of one topic.",
            made[0],
        )


def register():
    signals.initialized.connect(configure)
    signals.all_generators_finalized.connect(make_editions)
    signals.finalized.connect(write_zip)
