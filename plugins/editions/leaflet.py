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

import io
import math
import os
import re

from .chromium import CHROMIUM_ARGS, chromium_path

PAPER_SIZES = (("A4", "a4", "A4"), ("Letter", "letter", "US Letter"))

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


def size_label(path):
    return f"{math.ceil(os.path.getsize(path) / 1024)} KB"


def print_pdfs(settings, html_path, stem, footer, day):
    """Print a single-file page with its print stylesheet, once per paper size: the editions made."""
    from playwright.sync_api import sync_playwright  # only when leaflets are made

    made = []
    output = os.path.dirname(html_path)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(settings), args=CHROMIUM_ARGS, env={**os.environ, "TZ": "UTC"}
        )
        page = browser.new_page()
        page.goto("file://" + os.path.abspath(html_path))
        page.emulate_media(media="print")
        headings = page.evaluate(HEADINGS_JS, settings["PDF_BOOKMARK_HIDDEN"])
        for paper, suffix, label in PAPER_SIZES:
            path = os.path.join(output, f"{stem}-{suffix}.pdf")
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
            with open(path, "wb") as handle:
                handle.write(finish(data, headings, day))
            made.append({"href": os.path.basename(path), "kind": "pdf", "paper": label, "size": size_label(path)})
        browser.close()
    return made
