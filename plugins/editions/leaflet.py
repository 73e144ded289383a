"""Finishing Chromium's tagged PDF into an accessible leaflet, with pikepdf.

Chromium (page.pdf(tagged=True, outline=True)) writes the structure tree, /Lang from the
page, the document title and bookmarks. What it leaves is mended here:
- the running footer is untagged page content: it is marked as a pagination artifact, so
  a screen reader does not read "Page 2 of 4" in the middle of a sentence;
- a bookmark of a heading that wrapped loses the space at the wrap: each takes the
  heading's text as the page has it;
- the print date becomes the guide's date, and the file ID is derived from the content,
  so two builds of the same guide are byte-identical.
"""

import concurrent.futures
import datetime
import hashlib
import io
import json
import math
import multiprocessing
import os
import re
import shutil
from dataclasses import dataclass

from .chromium import CHROMIUM_ARGS, chromium_path

PAPER_SIZES = (
    ("A4", "a4", "A4"),
    ("Letter", "letter", "Letter"),
)  # (Chromium's format, file suffix, name for templates)

# The headings as the page shows them: what matches the hidden selector (text for screen readers
# only, such as "Urgent advice: ") is left out of the bookmarks.
HEADINGS_JS = """(hidden) => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll(hidden).forEach(e => e.remove());
    return copy.textContent.replace(/\\s+/g, ' ').trim(); })"""


def _squeezed(text):
    return re.sub(r"\s+", "", str(text))


def _mark_footer_as_artifact(pdf, page):
    """Wrap what Chromium draws after the last tagged content (the footer) in an Artifact."""
    import pikepdf

    footer = pikepdf.Dictionary(Type=pikepdf.Name.Pagination, Subtype=pikepdf.Name.Footer)
    operations = pikepdf.parse_content_stream(page)
    ends = [i for i, (_, operator) in enumerate(operations) if str(operator) == "EMC"]
    if not ends:
        return
    start = ends[-1] + 1
    stop = len(operations)
    while stop > start and str(operations[stop - 1][1]) == "Q":  # the graphics state the page opened
        stop -= 1
    if not any(str(operator) == "BT" for _, operator in operations[start:stop]):
        return
    wrapped = [
        *operations[:start],
        pikepdf.ContentStreamInstruction([pikepdf.Name.Artifact, footer], pikepdf.Operator("BDC")),
        *operations[start:stop],
        pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")),
        *operations[stop:],
    ]
    page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(wrapped))


def _name_bookmarks(pdf, headings):
    by_letters = {_squeezed(text): text for text in headings}
    with pdf.open_outline() as outline:
        items = list(outline.root)
        while items:
            item = items.pop(0)
            item.title = by_letters.get(_squeezed(item.title), item.title)
            items[:0] = list(item.children)


def finish(data, headings, day):
    """The finished leaflet's bytes. headings: the page's heading texts; day: the guide's date."""
    import pikepdf  # only when leaflets are made

    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        _mark_footer_as_artifact(pdf, page)
    _name_bookmarks(pdf, headings)
    stamp = f"D:{day:%Y%m%d}000000+00'00'"
    pdf.docinfo["/CreationDate"] = stamp
    pdf.docinfo["/ModDate"] = stamp
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def has_font(family, lang):
    """Whether a font family is installed and has the letters of a language (fontconfig)."""
    found = fonts_for(lang)
    return found is None or any(name.casefold() == family.casefold() for name in found)


def fonts_for(lang):
    """The font families on this machine that have the letters of a language (fontconfig), or
    None when fontconfig's fc-list is not there to ask."""
    import subprocess

    fc_list = shutil.which("fc-list")
    if not fc_list:
        return None
    found = subprocess.run([fc_list, f":lang={lang.split('-')[0]}", "family"], capture_output=True, text=True)
    return sorted({line.split(",")[0].strip() for line in found.stdout.splitlines() if line.strip()})


def size_label(path):
    return f"{kilobytes(path)} KB"


def kilobytes(path):
    return math.ceil(os.path.getsize(path) / 1024)


@dataclass(frozen=True)
class Job:
    """One article's leaflets: its single-file page, printed once per paper size."""

    html_path: str
    stem: str
    footer: str
    day: datetime.date
    key: str  # what shapes the leaflets: the page, the footer, the date and the printing code
    papers: tuple = PAPER_SIZES  # the paper sizes to print, each (Chromium's format, suffix, name)
    font: str = ""  # a font family the leaflet is printed in (PDF_FONTS), or the stylesheet's


def printing_version(settings):
    """What else shapes a leaflet: this module, Playwright's version and the Chromium binary."""
    from importlib.metadata import version

    chromium = chromium_path(settings) or ""
    stat = os.stat(chromium) if chromium else None
    with open(__file__, "rb") as handle:
        code = hashlib.sha256(handle.read()).hexdigest()
    return f"{code}/{version('playwright')}/{chromium}/{stat and (stat.st_size, int(stat.st_mtime))}"


def job_for(html_path, stem, footer, day, version, papers=PAPER_SIZES, font=""):
    with open(html_path, "rb") as handle:
        page = handle.read()
    digest = hashlib.sha256(page + b"\0" + footer.encode() + b"\0" + f"{day}/{version}/{font}/{papers}".encode())
    return Job(html_path, stem, footer, day, digest.hexdigest(), tuple(papers), font)


def papers_named(names):
    """The PAPER_SIZES entries of the given names ("A4", "Letter"), in that order."""
    by_name = {paper[2]: paper for paper in PAPER_SIZES}
    return tuple(by_name[name] for name in names if name in by_name) or PAPER_SIZES


def cached(folder, job, suffix):
    return os.path.join(folder, f"{job.key}-{suffix}.pdf")


def print_batch(settings, jobs, folder):
    """Print jobs with one Chromium (a worker process runs one batch) into the cache folder."""
    from playwright.sync_api import sync_playwright  # only when leaflets are made

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(settings), args=CHROMIUM_ARGS, env={**os.environ, "TZ": "UTC"}
        )
        for job in jobs:
            page = browser.new_page(bypass_csp=bool(job.font))  # the font's rule is added by the printer
            page.goto("file://" + os.path.abspath(job.html_path))
            if job.font:
                page.add_style_tag(content=f"body, body * {{ font-family: {json.dumps(job.font)}, sans-serif; }}")
            page.emulate_media(media="print")
            headings = page.evaluate(HEADINGS_JS, settings["PDF_BOOKMARK_HIDDEN"])
            for paper, suffix, _ in job.papers:
                data = page.pdf(
                    format=paper,
                    print_background=True,
                    display_header_footer=True,
                    header_template="<span></span>",
                    footer_template=job.footer,
                    margin={"top": "16mm", "bottom": "20mm", "left": "16mm", "right": "16mm"},
                    tagged=True,
                    outline=True,
                )
                partial = cached(folder, job, suffix) + ".partial"
                with open(partial, "wb") as handle:
                    handle.write(finish(data, headings, job.day))
                os.replace(partial, cached(folder, job, suffix))
            page.close()
        browser.close()
    return len(jobs)


def print_all(settings, jobs, folder, workers):
    """Print every job not in the cache folder, in up to `workers` processes with a Chromium each.
    Returns how many were printed."""
    todo = [job for job in jobs if not all(os.path.isfile(cached(folder, job, s)) for _, s, _ in job.papers)]
    if not todo:
        return 0
    os.makedirs(folder, exist_ok=True)
    workers = max(1, min(workers, len(todo)))
    if workers == 1:
        return print_batch(settings, todo, folder)
    batches = [todo[index::workers] for index in range(workers)]
    context = multiprocessing.get_context("fork")  # the plugin's modules stay loaded in each worker
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        return sum(pool.map(print_batch, [settings] * workers, batches, [folder] * workers))


def place(job, folder, output):
    """Copy a job's leaflets from the cache into the output; the editions they make."""
    made = []
    for _, suffix, label in job.papers:
        path = os.path.join(output, f"{job.stem}-{suffix}.pdf")
        shutil.copyfile(cached(folder, job, suffix), path)
        made.append(
            {
                "href": os.path.basename(path),
                "kind": "pdf",
                "paper": label,
                "size": size_label(path),
                "kilobytes": kilobytes(path),
            }
        )
    return made


def prune(folder, jobs):
    """Leave in the cache only the leaflets of this build."""
    keep = {os.path.basename(cached(folder, job, suffix)) for job in jobs for _, suffix, _ in job.papers}
    for name in os.listdir(folder) if os.path.isdir(folder) else []:
        if name not in keep:
            os.remove(os.path.join(folder, name))
