"""Accessibility beyond axe's defaults: focus that never restyles a container, tappable crisis
numbers, big text on a small phone, words and links that make sense, and PDF leaflets a
screen reader can read."""

import re
import unicodedata

import pikepdf
import pytest
from pypdf import PdfReader
from test_browser import AXE_TAGS

from conftest import guide_text, html_pages, one, soup_of
from guide import crisis

GUIDE = "ketamine-for-ptsd.html"
MAIN_LOOK = (
    "(() => { const s = getComputedStyle(document.querySelector('main')); "
    "return [s.backgroundColor, s.color, s.outlineStyle, s.boxShadow]; })()"
)


def axe_on(page):
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
    return [f"{v['id']}: {len(v['nodes'])} nodes" for v in results.response["violations"]]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focusing_main_with_the_skip_link_changes_nothing_a_reader_sees(browser, site, scheme):
    context = browser.new_context(bypass_csp=True, color_scheme=scheme)
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    before = page.evaluate(MAIN_LOOK)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.id")
    after = page.evaluate(MAIN_LOOK)
    violations = axe_on(page)
    context.close()
    assert focused == "main-content", f"the skip link moved focus to {focused!r}"
    assert after == before, f"main looks different once focused ({scheme}): {before} -> {after}"
    assert not violations, f"axe with main focused ({scheme}): {violations}"


@pytest.mark.parametrize("key", ["ArrowDown", "PageDown", "Space", "Home", "End"])
def test_clicking_in_the_text_then_a_key_keeps_the_page_as_it_was(browser, site, key):
    context = browser.new_context(bypass_csp=True, color_scheme="dark")
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    before = page.evaluate(MAIN_LOOK)
    page.click(".guide__body p")
    page.keyboard.press(key)
    after = page.evaluate(MAIN_LOOK)
    violations = axe_on(page)
    context.close()
    assert after == before, f"after a click and {key}, main looks different: {before} -> {after}"
    assert not violations, f"axe after a click and {key}: {violations}"


def test_pages_pass_axe_with_forced_colours(browser, site):
    found = {}
    for path in html_pages(site):
        context = browser.new_context(bypass_csp=True, forced_colors="active")
        page = context.new_page()
        page.goto(path.as_uri())
        found[path.name] = axe_on(page)
        context.close()
    found = {name: v for name, v in found.items() if v}
    assert not found, f"axe-core violations with forced colours: {found}"


def test_tab_order_follows_the_page_order(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    wanted = page.evaluate("""[...document.querySelectorAll('a[href], [tabindex="0"]')]
        .filter(e => e.offsetParent !== null || e.classList.contains('skip-link'))
        .map(e => e.outerHTML.slice(0, 80))""")
    reached = []
    for _ in wanted:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    context.close()
    assert reached == wanted, "Tab does not follow the order of the page"


def test_every_crisis_number_is_a_link_to_dial_or_text_big_enough_to_tap(browser, site, settings):
    wanted = [f"{scheme}:{digits}" for line in settings["CRISIS_LINES"] for scheme, digits in crisis.numbers(line)]
    assert wanted, "the crisis lines hold no number"
    context = browser.new_context(viewport={"width": 375, "height": 700}, has_touch=True, is_mobile=True)
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    links = page.evaluate("""[...document.querySelectorAll('.callout--urgent a')].map(a => {
        const r = a.getBoundingClientRect(); return [a.getAttribute('href'), r.width, r.height, a.innerText]; })""")
    context.close()
    assert [href for href, *_ in links] == wanted, f"crisis links {links} are not the numbers of the settings"
    small = [(href, round(w), round(h)) for href, w, h, _ in links if w < 44 or h < 44]
    assert not small, f"crisis links smaller than 44 x 44 CSS px: {small}"
    for (href, _, _, text), following in zip(links, [*links[1:], None], strict=True):
        number = href.split(":")[1].lstrip("+")
        if not re.search(r"\d", text):  # "call" of "call or text 988": the text link shows the number
            assert following and following[0] == f"sms:{number}" and href == f"tel:{number}", (href, text)
            continue
        assert re.sub(r"\D", "", text).endswith(number), f"{href}: the link text {text!r}"


def test_crisis_numbers_print_as_plain_numbers(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    page.emulate_media(media="print")
    printed = page.evaluate("""[...document.querySelectorAll('.callout--urgent a')].map(a => {
        const s = getComputedStyle(a); const after = getComputedStyle(a, '::after').content;
        return [s.textDecorationLine, after]; })""")
    context.close()
    assert all(line == "none" and after in ("none", "normal") for line, after in printed), printed


BROKEN_WORDS = """() => {
    const broken = [];
    for (const root of document.querySelectorAll('h1, h2, h3, .callout--urgent')) {
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        while (walker.nextNode()) {
            const node = walker.currentNode;
            if (node.parentElement.closest('.visually-hidden')) continue;
            for (const match of node.textContent.matchAll(/\\S+/g)) {
                const range = document.createRange();
                range.setStart(node, match.index);
                range.setEnd(node, match.index + match[0].length);
                const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (lines.size > 1) broken.push(match[0]);
            }
        }
    }
    return broken; }"""


def test_at_320_px_with_200_percent_text_nothing_scrolls_and_no_word_breaks(browser, site):
    found = {}
    for path in html_pages(site):
        context = browser.new_context(viewport={"width": 320, "height": 640})
        page = context.new_page()
        page.goto(path.as_uri())
        page.evaluate("document.documentElement.style.fontSize = '200%'")
        width = page.evaluate("document.documentElement.scrollWidth")
        broken = page.evaluate(BROKEN_WORDS)
        context.close()
        if width > 320 or broken:
            found[path.name] = {"width": width, "words broken": broken}
    assert not found, f"at 320 px with 200% text: {found}"


def test_abbreviations_are_expanded_on_first_use_in_the_text(guide, settings):
    body = guide_text(guide)
    for short, meaning in settings["ABBREVIATIONS"].items():
        marked = body.find_all("abbr", string=short)
        assert len(marked) == 1, f"{short} should be marked once, on first use, not {len(marked)} times"
        assert marked[0]["title"] == meaning, f"{short} is expanded as {marked[0]['title']!r}, not {meaning!r}"
        first = body.find(string=re.compile(rf"\b{re.escape(short)}\b"))
        assert first.parent is marked[0], f"{short} is first used before its <abbr>: {first!r}"


def test_source_links_make_sense_out_of_context_and_show_the_doi(guide, expected):
    links = one(guide, "section.sources").find_all("a")
    for link, doi in zip(links, expected["source_dois"], strict=True):
        text = " ".join(link.get_text().split())
        assert text.startswith("Read the"), f"the link to {doi} reads {text!r} out of context"
        assert f"(doi:{doi})" in text, f"the link to {doi} does not show the DOI: {text!r}"


def test_every_page_links_to_the_accessibility_statement(site):
    for path in html_pages(site):
        if "single-file" in path.name:
            continue  # one file, nothing to link to
        links = [a["href"] for a in soup_of(path).select("footer a")]
        statement = any(re.search(r"/accessibility(-[\w-]+)?\.html$", href) for href in links)
        assert statement, f"{path.name} has no link to the statement"


def test_statement_gives_the_clinics_contact_when_set(tmp_path):
    from test_checks import GOOD

    from conftest import build_ok, write_content

    content = write_content(tmp_path / "content", {"a.md": GOOD})
    output = build_ok(tmp_path / "out", content=content, extra=["-e", 'ACCESSIBILITY_CONTACT="access@clinic.example"'])
    link = soup_of(output / "accessibility.html").find("a", href="mailto:access@clinic.example")
    assert link is not None, "the statement does not link the clinic's contact"


# --- PDF leaflets ---------------------------------------------------------------------------


def struct_text(path):
    """(structure element types, text of the tagged content in tree order, text marked as artifact)."""
    reader = PdfReader(path)
    by_mcid, artifacts = {}, []
    for index, page in enumerate(reader.pages):
        stack, current = [], [None]

        def before(operator, args, cm, tm, stack=stack, current=current):
            if operator == b"BDC":
                props = args[1] if len(args) > 1 and hasattr(args[1], "get") else {}
                stack.append("artifact" if args[0] == "/Artifact" else props.get("/MCID"))
            elif operator == b"BMC":
                stack.append("artifact" if args[0] == "/Artifact" else None)
            elif operator == b"EMC" and stack:
                stack.pop()
            elif operator in (b"Tj", b"TJ", b"'", b'"'):
                current[0] = stack[-1] if stack else None

        def text(value, cm, tm, font, size, index=index, current=current):
            if current[0] == "artifact":
                artifacts.append(value)
            elif current[0] is not None:
                by_mcid.setdefault((index, current[0]), []).append(value)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
    pdf = pikepdf.open(path)
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    types, parts = [], []

    def walk(element, page_index):
        if isinstance(element, int):
            parts.extend(by_mcid.get((page_index, element), []))
            return
        if not isinstance(element, pikepdf.Dictionary):
            return
        if "/Pg" in element:
            page_index = pages.get(element.Pg.objgen, page_index)
        if element.get("/Type") == "/MCR":
            parts.extend(by_mcid.get((page_index, int(element.MCID)), []))
            return
        if "/S" in element:
            types.append(str(element.S))
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            walk(kid, page_index)

    walk(pdf.Root.StructTreeRoot, 0)
    return types, "".join(parts), "".join(artifacts)


def squeeze(text):
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_leaflet_is_a_tagged_pdf_with_language_title_and_bookmarks(leaflets, leaflet_site, guide_meta, size):
    pdf = pikepdf.open(leaflets[size])
    assert pdf.Root.MarkInfo.Marked is True, "the leaflet is not tagged"
    assert str(pdf.Root.Lang) == guide_meta["lang"], f"the leaflet's /Lang is {pdf.Root.get('/Lang')}"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True and str(pdf.docinfo.Title).startswith(guide_meta["title"])
    page = soup_of(leaflet_site / "ketamine-for-ptsd-single-file.html")
    headings = []
    for heading in page.select("h1, h2"):
        if heading.find_parent(class_="contents-list"):
            continue  # not printed
        for hidden in heading.select(".visually-hidden"):
            hidden.extract()
        headings.append(" ".join(heading.get_text().split()))
    with pdf.open_outline() as outline:
        titles, items = [], list(outline.root)
        while items:
            item = items.pop(0)
            titles.append(item.title)
            items[:0] = list(item.children)
    assert titles == headings, f"bookmarks {titles} are not the page's headings {headings}"


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_leaflet_structure_holds_headings_lists_links_and_both_callouts(leaflets, settings, expected, size):
    types, tagged, artifacts = struct_text(leaflets[size])
    for tag in ("/H1", "/H2", "/L", "/LI", "/Link", "/P"):
        assert tag in types, f"the {size} leaflet's structure has no {tag}"
    assert "/Aside" not in types, "Aside (PDF 2.0) is dropped by common PDF readers"
    wanted = [s["heading"] for s in expected["sections"]] + list(settings["CRISIS_LINES"])
    wanted += ["Important to know", "Sources", settings["CRISIS_HEADING"]]
    missing = [text for text in wanted if squeeze(text) not in squeeze(tagged)]
    assert not missing, f"not in the {size} leaflet's structure tree: {missing}"
    assert "Page1of" in squeeze(artifacts), "the running footer is not marked as an artifact"
    assert "Page1of" not in squeeze(tagged), "the running footer is read as content"


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_no_leaflet_page_but_the_last_is_more_than_half_empty(leaflets, size):
    reader = PdfReader(leaflets[size])
    empty = []
    for number, page in enumerate(reader.pages[:-1], 1):
        lowest = [float(page.mediabox.height)]

        def text(value, cm, tm, font, size, lowest=lowest):
            if value.strip():
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                if y > 60:  # above the running footer
                    lowest[0] = min(lowest[0], y)

        page.extract_text(visitor_text=text)
        if lowest[0] > float(page.mediabox.height) / 2:
            empty.append(number)
    assert not empty, f"pages of the {size} leaflet more than half empty: {empty}"


def struct_elements(pdf):
    """Every structure element of a PDF, in reading order."""
    found, stack = [], [pdf.Root.StructTreeRoot]
    while stack:
        element = stack.pop(0)
        kids = element.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
        elements = [kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]
        found += elements
        stack[:0] = elements
    return found


def kinds(element):
    kids = element.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []
    return [str(kid.S) for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def link_descriptions(pdf):
    """[(page number, /URI, /Contents)] of the link annotations that go to an address."""
    found = []
    for number, page in enumerate(pdf.pages, 1):
        for annotation in page.get("/Annots", []):
            if annotation.get("/Subtype") == pikepdf.Name.Link and "/A" in annotation:
                found.append((number, str(annotation.A.get("/URI", "")), str(annotation.get("/Contents", ""))))
    return found


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_leaflet_carries_pdf_ua_identification_title_and_language_in_xmp(leaflets, guide_meta, size):
    pdf = pikepdf.open(leaflets[size])
    meta = pdf.open_metadata()
    assert meta.get("pdfuaid:part") == "1", "no PDF/UA identification in the XMP metadata"
    assert meta.get("dc:title") == str(pdf.docinfo.Title) and str(pdf.docinfo.Title).startswith(guide_meta["title"])
    assert list(meta.get("dc:language") or []) == [guide_meta["lang"]], f"dc:language {meta.get('dc:language')}"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_leaflet_structure_is_standard_with_list_bodies_and_sections_for_the_callouts(leaflets, leaflet_site, size):
    pdf = pikepdf.open(leaflets[size])  # kept open while its elements are read
    elements = struct_elements(pdf)
    types = [str(e.S) for e in elements]
    assert "/NonStruct" not in types, f"{types.count('/NonStruct')} structure elements are /NonStruct"
    items = [kinds(e) for e in elements if str(e.S) == "/LI"]
    assert items and all(set(k) <= {"/Lbl", "/LBody"} and "/LBody" in k for k in items), f"list items: {items}"
    sections = [kinds(e) for e in elements if str(e.S) in ("/Sect", "/Div", "/Aside")]
    boxes = soup_of(leaflet_site / "ketamine-for-ptsd-single-file.html").select(".callout, .sources")
    opened = sum(1 for k in sections if k[:1] == ["/H2"])
    assert opened >= len(boxes), f"callouts and sources are not sections under their heading: {sections}"


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_every_link_annotation_is_described_by_its_text(leaflets, leaflet_site, size):
    texts = {}
    for link in soup_of(leaflet_site / "ketamine-for-ptsd-single-file.html").select("a[href]"):
        texts.setdefault(link["href"], set()).add(" ".join(link.get_text().split()))
    pdf = pikepdf.open(leaflets[size])
    described = link_descriptions(pdf)
    assert described, "the leaflet has no links"
    for number, target, contents in described:
        own = texts.get(target, set())
        wanted = next(iter(own)) if len(own) == 1 else target  # links that share an address: the address
        assert contents == wanted, f"page {number}: the link to {target} is described as {contents!r}"


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_short_lists_and_the_sources_are_never_split_across_pages(leaflets, expected, size):
    pages = [squeeze(unicodedata.normalize("NFKC", page.extract_text())) for page in PdfReader(leaflets[size]).pages]
    groups = {name: spec["items"] for name, spec in expected["lists"].items() if len(spec["items"]) <= 8}
    groups["sources"] = [f"doi:{doi}" for doi in expected["source_dois"]]
    for name, items in groups.items():
        on = {index for index, text in enumerate(pages) for item in items if squeeze(item)[:40] in text}
        assert len(on) == 1, f"the {name} list of the {size} leaflet is split across pages {sorted(n + 1 for n in on)}"
