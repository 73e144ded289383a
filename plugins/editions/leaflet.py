"""Finishing Chromium's tagged PDF into an accessible leaflet, with pikepdf.

Chromium (page.pdf(tagged=True, outline=True)) writes the structure tree, /Lang from the
page, the document title and bookmarks. What it leaves is mended here:
- the running footer is untagged page content: it is marked as a pagination artifact, so
  a screen reader does not read "Page 2 of 4" in the middle of a sentence;
- a bookmark of a heading that wrapped loses the space at the wrap: each takes the
  heading's text as the page has it;
- Chromium tags every <div>, <section> and <span> as /NonStruct: each becomes a standard type,
  /Sect when it opens with a heading (the callouts, the sources), /Div when it holds blocks,
  /Span when it holds only text;
- each list item's content (after its /Lbl) is wrapped in the /LBody PDF/UA asks for;
- link annotations get the /Contents PDF/UA asks for: the link's own text on the page;
- XMP metadata names the document (dc:title, dc:language) and claims PDF/UA-1 (pdfuaid:part),
  with the guide's date;
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


# Every link's text as the printed page shows it, by its address: the /Contents of its annotation.
LINKS_JS = """() => [...document.querySelectorAll('a[href]')].filter(a => a.getClientRects().length).map(a => {
    const href = a.getAttribute('href');
    return [href.startsWith('#') ? href : a.href, a.innerText.replace(/\\s+/g, ' ').trim()]; })"""
HEADING_TYPES = {f"/H{level}" for level in range(1, 7)} | {"/H"}
BLOCK_TYPES = HEADING_TYPES | {"/P", "/L", "/Table", "/Div", "/Sect", "/Figure", "/BlockQuote", "/Art", "/Aside"}


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


def _kids(element):
    """Everything under a structure element: elements, marked-content ids and references."""
    import pikepdf

    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def _children(element):
    """The structure elements under an element."""
    import pikepdf

    return [kid for kid in _kids(element) if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def _standard_types(element):
    """Each /NonStruct below element, children first, as /Sect, /Div or /Span (see above)."""
    import pikepdf

    for kid in _children(element):
        _standard_types(kid)
    if str(element.get("/S")) != "/NonStruct":
        return
    kinds = [str(kid.S) for kid in _children(element)]
    if kinds and kinds[0] in HEADING_TYPES:
        element.S = pikepdf.Name.Sect
    elif any(kind in BLOCK_TYPES for kind in kinds):
        element.S = pikepdf.Name.Div
    else:
        element.S = pikepdf.Name.Span


def _list_bodies(pdf, element):
    """Wrap what follows each /LI's /Lbl in an /LBody (when all of it is structure elements: the
    marked content they hold keeps its parent, so the ParentTree stays right)."""
    import pikepdf

    for kid in _children(element):
        _list_bodies(pdf, kid)
    if str(element.get("/S")) != "/LI":
        return
    elements = _children(element)
    if len(elements) != len(_kids(element)):
        return  # marked content straight in the item: left as Chromium wrote it
    label = [kid for kid in elements if str(kid.S) == "/Lbl"]
    rest = [kid for kid in elements if str(kid.S) != "/Lbl"]
    if not rest:
        return
    body = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.LBody, P=element))
    body.K = pikepdf.Array(rest)
    for kid in rest:
        kid.P = body
    element.K = pikepdf.Array([*label, body])


def _describe_links(pdf, links):
    """/Contents on every link annotation: the text of the link on the page, found by its address
    (Chromium writes one annotation per line a link spans, and none says which link it is)."""
    import pikepdf

    texts = {}
    for href, text in links:
        texts.setdefault(href, set()).add(text)
    # A link's own text; where links with different texts share an address ("call", "dial 988"),
    # the address, as an annotation cannot say which of them it is.
    texts = {href: next(iter(found)) if len(found) == 1 else href for href, found in texts.items()}
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") != pikepdf.Name.Link:
                continue
            target = annotation.get("/A", {}).get("/URI") if "/A" in annotation else None
            destination = annotation.get("/Dest")
            key = str(target) if target is not None else f"#{destination}" if destination is not None else ""
            annotation.Contents = pikepdf.String(texts.get(key) or texts.get(key.removeprefix("#/")) or key)


def _metadata(pdf, day):
    """XMP: title, language and PDF/UA-1, dated with the guide's date (no clock, no editor's name)."""
    stamp = f"{day:%Y-%m-%d}T00:00:00+00:00"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = str(pdf.docinfo.get("/Title", ""))
        meta["dc:language"] = [str(pdf.Root.get("/Lang", ""))]
        meta["pdfuaid:part"] = "1"
        meta["xmp:CreateDate"] = meta["xmp:ModifyDate"] = meta["xmp:MetadataDate"] = stamp


def finish(data, headings, day, links=()):
    """The finished leaflet's bytes. headings: the page's heading texts; day: the guide's date;
    links: (address, text) of the page's links."""
    import pikepdf  # only when leaflets are made

    pdf = pikepdf.open(io.BytesIO(data))
    for page in pdf.pages:
        _mark_footer_as_artifact(pdf, page)
    _name_bookmarks(pdf, headings)
    _standard_types(pdf.Root.StructTreeRoot)
    _list_bodies(pdf, pdf.Root.StructTreeRoot)
    _describe_links(pdf, links)
    _metadata(pdf, day)
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
            links = page.evaluate(LINKS_JS)
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
                    handle.write(finish(data, headings, job.day, links))
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
