"""The guide's offline forms: a single-file HTML edition, PDF leaflets and the offline zip."""

import math
import os
import zipfile

from . import images, leaflet
from .i18n import _
from .tools import CHROMIUM_ARGS, chromium_path

PAPER_SIZES = (("A4", "a4", "A4"), ("Letter", "letter", "US Letter"))
# Review copies of drafts never leave the machine they were built on.
NOT_OFFLINE = ("drafts",)


def stem(article):
    """The page's name without .html: each language's editions are named after its own page."""
    return os.path.splitext(os.path.basename(article.save_as))[0]


def size_label(path):
    return f"{math.ceil(os.path.getsize(path) / 1024)} KB"


def render_single_file(generator, article):
    """The guide page with nothing to fetch and no link to other pages of the site."""
    context = generator.context.copy()
    context.update(
        article=article,
        single_file=True,
        SITEURL=".",
        PUBLISH_URL="",
        output_file=article.single_file_name,
        page_name=article.slug,
    )
    page = generator.get_template(article.template).render(context)
    return images.embed(page, generator.settings["PATH"])


def wants_pdf(settings):
    setting = settings.get("PDF_EDITION")
    if setting in (False, None, "", "0", "no", "false"):
        return False
    if chromium_path(settings):
        return True
    if setting == "auto":
        print(
            "Note: Chromium was not found, so the PDF leaflets were not made. "
            "Install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium."
        )
        return False
    raise SystemExit(
        "The PDF leaflet needs Chromium, which was not found. "
        "Install it (apt-get install chromium) or set CHROMIUM=/path/to/chromium."
    )


def print_pdfs(settings, html_path, article, output, languages):
    """Print the single-file edition with the print stylesheet, once per paper size."""
    from markupsafe import Markup, escape
    from playwright.sync_api import sync_playwright

    words = languages.translations(article.lang).gettext(_("Page %(page)s of %(pages)s"))
    page_of = escape(words) % {
        "page": Markup('<span class="pageNumber"></span>'),
        "pages": Markup('<span class="totalPages"></span>'),
    }
    footer = (
        '<div style="font: 8pt system-ui, sans-serif; width: 100%; margin: 0 16mm; '
        'display: flex; justify-content: space-between; color: #000;">'
        f"<span>{escape(article.title)}</span>"
        f"<span>{page_of}</span></div>"
    )
    made = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(settings),
            args=CHROMIUM_ARGS,
            env={**os.environ, "TZ": "UTC"},
        )
        page = browser.new_page()
        page.goto("file://" + os.path.abspath(html_path))
        page.emulate_media(media="print")
        headings = page.evaluate(leaflet.HEADINGS_JS)
        for paper, suffix, label in PAPER_SIZES:
            path = os.path.join(output, f"{stem(article)}-{suffix}.pdf")
            data = page.pdf(
                format=paper,
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=footer,
                margin={"top": "16mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
                tagged=True,
                outline=True,
            )
            data = leaflet.finish(data, headings, article.last_updated)
            with open(path, "wb") as handle:
                handle.write(data)
            made.append({"href": os.path.basename(path), "kind": "pdf", "paper": label, "size": size_label(path)})
        browser.close()
    return made


def write_editions(generator, content):
    settings = generator.settings
    if not settings.get("SINGLE_FILE_EDITION"):
        return
    output = generator.output_path
    os.makedirs(output, exist_ok=True)
    content.single_file_name = f"{stem(content)}-single-file.html"
    html_path = os.path.join(output, content.single_file_name)
    with open(html_path, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(render_single_file(generator, content))
    content.editions = [{"href": content.single_file_name, "kind": "single", "size": size_label(html_path)}]
    if wants_pdf(settings):
        content.editions += print_pdfs(settings, html_path, content, output, generator.languages)


def write_offline_zip(output, settings, articles):
    """Zip the whole site, named and dated by the guides' last update, byte-identical per source."""
    updated = max(article.last_updated for article in articles)
    name = f"{settings['SITE_SLUG']}-{updated.isoformat()}"
    folder = settings["OFFLINE_ZIP_DIR"]
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, name + ".zip")
    partial = target + ".partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for root, dirs, files in os.walk(output):
            dirs[:] = sorted(d for d in dirs if not (root == output and d in NOT_OFFLINE))
            for file_name in sorted(files):
                path = os.path.join(root, file_name)
                info = zipfile.ZipInfo(
                    f"{name}/{os.path.relpath(path, output)}",
                    date_time=(updated.year, updated.month, updated.day, 0, 0, 0),
                )
                info.external_attr = 0o644 << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                with open(path, "rb") as handle:
                    archive.writestr(info, handle.read(), compresslevel=9)
    os.replace(partial, target)
    print(f"Offline edition: {target}")
