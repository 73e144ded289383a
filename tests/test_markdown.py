"""The Markdown editors know works as they expect, and every example in the editors' cookbook
is built here, read from docs/editors.md itself, so the page cannot drift from the code."""

import re

import pytest
from PIL import Image
from test_checks import HEADER

from conftest import ROOT, build, build_ok, build_with_leaflets, guide_text, one, soup_of, write_content

LINE_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="4"><rect width="600" height="4"/></svg>'
RAW_SYNTAX = ["|---", "| Form", "[^", "*[", "```", "{#", "](", "**", ":   ", "Table:"]


def cookbook():
    """(inline examples by row, fenced examples) of the editors' cookbook (docs/editors.md)."""
    readme = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    section = readme.split("### Cookbook", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("| ") else []
        if len(cells) == 3 and cells[0] not in ("you want",):
            spans = re.findall(r"`([^`]+)`", cells[1])
            rows[cells[0]] = ("\n" if " then " in cells[1] else "\n\n").join(spans)
    blocks = re.findall(r"^(`{3,})markdown\n(.*?)^\1$", section, re.S | re.M)
    return rows, [text for _, text in blocks]


def wide_png(path, width=1600, height=300):
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (width, height), (90, 120, 150)).save(path)


@pytest.fixture(scope="module")
def cookbook_site(tmp_path_factory):
    rows, blocks = cookbook()
    assert len(rows) >= 9 and len(blocks) >= 5, "the editors' cookbook lost its examples"
    metadata = {name: text for name, text in rows.items() if re.match(r"^[A-Z][a-z_]+: ", text)}
    body = [text for name, text in rows.items() if name not in metadata]
    guide = (
        HEADER + "\n## Examples {#examples}\n\n" + "\n\n".join(body + blocks) + "\n\n## Is It Safe? {#safety}\n\nYes.\n"
    )
    folder = tmp_path_factory.mktemp("cookbook")
    content = write_content(
        folder / "content",
        {
            "guide.md": guide,
            "images/line.svg": LINE_SVG,
            "files/consent-form.pdf": b"%PDF-1.4\n%%EOF\n",
        },
    )
    for name, line in metadata.items():
        write_content(
            content,
            {
                f"{name.replace(' ', '-')}.md": HEADER.replace("Title: Guide", f"Title: {name}\n{line}")
                + "\n## A {#a}\n\nText.\n"
            },
        )
    wide_png(content / "images" / "room.png")
    return build_ok(folder / "output", content=content), content


def test_every_cookbook_example_builds_and_shows_no_raw_syntax(cookbook_site):
    output, _ = cookbook_site
    text = guide_text(soup_of(output / "guide.html")).get_text(" ")
    shown = [syntax for syntax in RAW_SYNTAX if syntax in text.replace('`markdown="1"`', "")]
    assert not shown, f"the reader sees raw Markdown: {shown}\n{text}"


def test_cookbook_constructs_render_as_html_structure(cookbook_site):
    body = guide_text(soup_of(cookbook_site[0] / "guide.html"))
    table = one(body, ".table-scroll table", "the cookbook table")
    assert [th.get("scope") for th in table.select("thead th")] == ["col", "col", "col"], "header cells need scope"
    assert table.caption and table.caption.get_text() == "When each form is given", "the Table: line is the caption"
    scroll = table.parent
    assert scroll.get("tabindex") == "0" and scroll.get("aria-label"), (
        "the table's scroll box is not focusable and named"
    )
    ref = one(body, "sup a.footnote-ref", "the footnote reference")
    note = body.find(id=ref["href"][1:])
    assert note is not None and "Most people rest for an hour." in note.get_text(), "the footnote link has no note"
    back = note.find("a", class_="footnote-backref")
    assert back is not None and body.find(id=back["href"][1:]) is not None, "the note has no link back to the text"
    assert [dt.get_text() for dt in body.select("dl dt")] == ["Dissociation", "Off-label"], "definition list"
    assert "eat lightly" in one(body, "pre").get_text(), "fenced text is not in a <pre>"
    abbr = body.find("abbr", string="IV")
    assert abbr is not None and abbr["title"] == "intravenous", "the abbreviation is not expanded"
    nested = [ul for ul in body.select("li > ul") if "IV infusion" in ul.get_text()]
    assert nested, "a list indented by 2 spaces is not nested inside its item"
    assert any(
        ul.find_previous_sibling("p") and "Side effects may include" in ul.find_previous_sibling("p").get_text()
        for ul in body.find_all("ul")
    ), "a list straight under a line is not a list"
    assert one(body, "div.note strong").get_text() == "like this", "Markdown inside an HTML block is not rendered"
    assert one(body, 'a[href="#safety"]').get_text() == "side effects"


def test_cookbook_everyday_edits_render_as_meant(cookbook_site):
    output, _ = cookbook_site
    body = guide_text(soup_of(output / "guide.html"))
    nested = [li.get_text(" ", strip=True) for li in body.select("li > ul > li")]
    for words in ("Eat lightly", "Arrange a ride home"):
        assert any(words in text for text in nested), f"a sub-list by tab or 4 spaces is not nested: {nested}"
    assert any("Bring your list of medicines" in li.get_text() for li in body.select("ul > li")), "Word bullet"
    rest = one(body, 'ol[start="3"]', "the numbered steps continued after a paragraph")
    assert "Rest for an hour" in rest.get_text(), "step 3 does not keep its number"
    one(body, 'a[href="https://www.ptsd.va.gov/"]', "the bare web address as a link")
    assert one(body, 'a[href="tel:+18006624357"]').get_text() == "call 1-800-662-4357"
    assert one(body, 'a[href="sms:741741"]').get_text() == "text 741741"
    form = one(body, 'a[href$="files/consent-form.pdf"]', "the link to the form")
    assert (output / form["href"]).resolve().is_file(), "the form is not copied into the site"


def test_images_are_sized_lazy_and_kept_in_the_site(cookbook_site):
    output, content = cookbook_site
    body = guide_text(soup_of(output / "guide.html"))
    room = one(body, 'img[alt="A quiet treatment room"]')
    assert (room["width"], room["height"]) == ("1600", "300"), "width and height must come from the file"
    assert room["loading"] == "lazy", "an image in the text loads lazily"
    assert (output / room["src"]).resolve() == (output / "images" / "room.png").resolve(), f"src is {room['src']}"
    assert (output / "images" / "room.png").read_bytes() == (content / "images" / "room.png").read_bytes()
    line = one(body, 'img[alt=""]')
    assert (line["width"], line["height"]) == ("600", "4"), "an SVG's size comes from its width and height"


def test_single_file_edition_carries_its_images(cookbook_site):
    single = soup_of(cookbook_site[0] / "guide-single-file.html")
    sources = [img["src"] for img in single.find_all("img")]
    assert sources and all(src.startswith("data:image/") for src in sources), f"single-file images: {sources}"


def test_a_draft_from_the_cookbook_is_built_for_review_only(cookbook_site):
    output, _ = cookbook_site
    drafts = list((output / "drafts").glob("*.html"))
    assert drafts, "the cookbook's draft example built no review copy"
    assert not [a for a in soup_of(output / "index.html").find_all("a") if "drafts/" in a.get("href", "")]


def test_an_image_over_the_size_budget_is_named_in_a_warning(tmp_path):
    content = write_content(tmp_path / "content", {"guide.md": HEADER + "\n## A {#a}\n\n![Noise](images/big.png)\n"})
    import os

    (content / "images").mkdir()
    Image.frombytes("RGB", (400, 400), os.urandom(400 * 400 * 3)).save(content / "images" / "big.png")
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr
    assert "images/big.png is" in result.stderr and "over the 300 KB budget" in result.stderr, result.stderr


# --- In a real browser ----------------------------------------------------------------------


def test_wide_table_and_image_never_scroll_the_page_at_320_px(browser, cookbook_site):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto((cookbook_site[0] / "guide.html").as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320, f"the cookbook guide is {width}px wide at 320px"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_cookbook_guide_passes_axe(browser, cookbook_site, scheme):
    from test_browser import axe_violations

    found = axe_violations(browser, (cookbook_site[0] / "guide.html").as_uri(), scheme)
    assert not found, f"axe-core violations in {scheme} mode: {found}"


def image_widths(browser, url):
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.evaluate("Promise.all([...document.images].map(i => { i.loading = 'eager'; return i.decode(); }))")
    widths = page.evaluate("[...document.images].map(i => i.naturalWidth)")
    context.close()
    return widths


def test_images_load_from_disk_from_a_sub_path_and_in_the_single_file(browser, cookbook_site, serve):
    output, _ = cookbook_site
    base = serve(output)
    for url in ((output / "guide.html").as_uri(), base + "guide.html", (output / "guide-single-file.html").as_uri()):
        widths = image_widths(browser, url)
        assert widths and all(w > 0 for w in widths), f"{url}: an image did not load ({widths})"


def test_images_print_in_the_pdf_leaflet(browser, cookbook_site, tmp_path):
    from pypdf import PdfReader

    _, content = cookbook_site
    output = build_with_leaflets(tmp_path / "out", content)
    reader = PdfReader(output / "guide-a4.pdf")
    images = [image for page in reader.pages for image in page.images]
    assert images, "the leaflet printed no image"
