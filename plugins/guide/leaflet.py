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
import re

# The headings as the page shows them (hidden prefixes such as "Urgent advice: " left out).
HEADINGS_JS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => {
    const copy = h.cloneNode(true);
    copy.querySelectorAll('.visually-hidden').forEach(e => e.remove());
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
