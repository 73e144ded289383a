"""The offline zip, the single-file edition and the PDF leaflets work without a network."""

import re
import shutil
import unicodedata
import zipfile

import pytest
from pypdf import PdfReader
from test_browser import load_and_watch
from test_markdown import wide_png

from conftest import (
    PUBLISH_SITEURL,
    ROOT,
    build,
    build_ok,
    build_with_leaflets,
    html_pages,
    make,
    project_settings,
    soup_of,
    without_expansions,
    write_content,
)

SINGLE = "ketamine-for-ptsd-single-file.html"


@pytest.fixture(scope="session")
def zip_name(settings, guide_meta):
    """<site slug>-<last update>.zip, both from the sources."""
    return f"{settings['SITE_SLUG']}-{guide_meta['modified'].isoformat()}.zip"


def make_offline(tmp_path, name):
    output, dist = tmp_path / f"{name}-output", tmp_path / f"{name}-dist"
    result = make("offline", f"OUTPUTDIR={output}", f"DISTDIR={dist}", "PDF_EDITION=false")
    assert result.returncode == 0, result.stderr
    return output, dist


@pytest.fixture(scope="module")
def offline(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("offline")
    first = make_offline(tmp, "first")
    second = make_offline(tmp, "second")
    return first, second


@pytest.mark.slow
def test_offline_zip_is_named_by_site_and_last_update(offline, zip_name):
    (_, dist), _ = offline
    assert [p.name for p in dist.iterdir()] == [zip_name]


@pytest.mark.slow
def test_offline_zip_is_byte_identical_across_builds(offline, zip_name):
    (_, dist1), (_, dist2) = offline
    assert (dist1 / zip_name).read_bytes() == (dist2 / zip_name).read_bytes(), "two offline zips differ"


def test_unzipped_site_works_from_disk(offline, browser, tmp_path, zip_name):
    (output, dist), _ = offline
    with zipfile.ZipFile(dist / zip_name) as archive:
        archive.extractall(tmp_path)
    root = tmp_path / zip_name.removesuffix(".zip")
    pages = html_pages(root)
    published = {p.relative_to(output).as_posix() for p in html_pages(output)} - {
        p.relative_to(output).as_posix() for p in html_pages(output / "drafts")
    }
    assert {p.relative_to(root).as_posix() for p in pages} == published, "the zip lacks pages, or holds drafts"
    for page in pages:
        _, context, requests, failures, errors = load_and_watch(browser, page.as_uri())
        context.close()
        assert not failures and not errors, f"{page.name} from the zip: {failures} {errors}"
        assert all(r.url.startswith(root.as_uri() + "/") for r in requests), f"{page.name} reaches outside the zip"
        for tag in soup_of(page).find_all(href=True):
            href = tag["href"].split("#")[0]
            if href and not href.startswith(("https:", "http:", "data:", "tel:", "sms:", "mailto:")):
                assert (page.parent / href).is_file(), f"{page.name}: {href} is not a file in the zip"


def test_single_file_edition_needs_nothing_else(site):
    soup = soup_of(site / SINGLE)
    for tag in soup.find_all(["a", "link", "img", "script", "source", "iframe"]):
        url = tag.get("href") or tag.get("src")
        if url is None:
            continue
        outbound = tag.name == "a" and url.startswith(("https://doi.org/", "tel:", "sms:"))
        assert url.startswith(("#", "data:")) or outbound, (
            f"the single-file edition has <{tag.name}> {url}, which needs another file"
        )
    assert soup.find("style") is not None, "its CSS must be inlined"


def guide_with_image(folder):
    """The content folder, its guide showing an image of its own after its opening paragraphs."""
    shutil.copytree(ROOT / "content", folder)
    wide_png(folder / "images" / "room.png")
    guide = folder / "ketamine-for-ptsd.md"
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("\n## ", "\n![A treatment room](images/room.png)\n\n## ", 1), encoding="utf-8")
    return folder


def test_a_published_guides_images_stay_relative_and_its_single_file_carries_them(tmp_path, expected):
    """In the publishing build too: the page works from disk (the offline zip) and the single file
    needs nothing else, whichever of them was rendered first."""
    output = build_ok(
        tmp_path / "output",
        content=guide_with_image(tmp_path / "content"),
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
    )
    image = soup_of(output / expected["page"]).find("img", alt="A treatment room")
    assert "://" not in image["src"] and (output / image["src"]).is_file(), f"the page's image: {image['src']}"
    single = soup_of(output / SINGLE).find("img", alt="A treatment room")
    assert single["src"].startswith("data:image/png;base64,"), f"the single file's image: {single['src'][:80]}"


def test_single_file_edition_reads_like_the_guide(site, expected):
    page, single = soup_of(site / expected["page"]), soup_of(site / SINGLE)
    for selector in [
        "h1",
        ".guide__body h2",
        ".guide__body li",
        ".callout--important li",
        ".sources li",
        ".callout--urgent p",
        ".review-dates",
    ]:
        assert [e.get_text() for e in single.select(selector)] == [e.get_text() for e in page.select(selector)], (
            selector
        )


def test_guide_page_links_single_file_with_its_size(site):
    link = soup_of(site / "ketamine-for-ptsd.html").find("a", href=SINGLE)
    size = (site / SINGLE).stat().st_size
    assert link is not None and link.get_text() == f"Download this guide (one HTML file, {-(-size // 1024)} KB)"


@pytest.mark.parametrize("size,points", [("a4", (595, 842)), ("letter", (612, 792))])
def test_pdf_leaflet_holds_every_heading_item_and_doi_with_page_numbers(leaflets, expected, size, points):
    reader = PdfReader(leaflets[size])
    box = reader.pages[0].mediabox
    size_pt = (float(box.width), float(box.height))
    assert all(abs(a - b) <= 2 for a, b in zip(size_pt, points, strict=True)), (
        f"{size} leaflet is {size_pt} pt, not {points}"
    )
    # NFKC undoes the ligatures (ﬁ, ﬂ, ﬃ) the PDF's fonts use.
    text = unicodedata.normalize("NFKC", " ".join(" ".join(page.extract_text().split()) for page in reader.pages))
    wanted = [s["heading"] for s in expected["sections"]]  # the DOIs: below, as a line may break inside one
    wanted += [item for spec in expected["lists"].values() for item in spec["items"]]
    said = re.sub(r"(?<=\S)- ", "-", text)  # a line that breaks after a hyphen ("...)-" / "approved")
    said = without_expansions(said, project_settings()["ABBREVIATIONS"])  # "IV (intravenous)": first use
    missing = [w for w in wanted if " ".join(w.split()) not in said]
    assert not missing, f"the {size} leaflet lacks: {missing}"
    pages = len(reader.pages)
    assert all(f"Page {n} of {pages}" in " ".join(p.extract_text().split()) for n, p in enumerate(reader.pages, 1))
    assert expected["title"] in reader.pages[0].extract_text(), "the footer names the guide"
    assert "Skip to content" not in text and "On this page" not in text, "the leaflet has navigation"
    squeezed = text.replace(" ", "")
    unprinted = [doi for doi in expected["source_dois"] if f"doi:{doi}" not in squeezed]
    assert not unprinted, f"the {size} leaflet does not print these DOIs: {unprinted}"


def test_pdf_leaflets_are_byte_identical_across_builds(leaflets, tmp_path):
    again = build_with_leaflets(tmp_path / "again")
    for path in leaflets.values():
        assert (again / path.name).read_bytes() == path.read_bytes(), f"{path.name} differs between two builds"


def test_guide_page_links_the_leaflets_with_their_sizes(leaflet_site, leaflets):
    guide = soup_of(leaflet_site / "ketamine-for-ptsd.html")
    for path in leaflets.values():
        link = guide.find("a", href=path.name)
        assert link is not None and f"{-(-path.stat().st_size // 1024)} KB" in link.get_text()


def test_publish_without_chromium_says_so_and_goes_on(tmp_path):
    result = build(
        tmp_path / "out",
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "CHROMIUM": str(tmp_path / "no-chromium")},
    )
    assert result.returncode == 0, result.stderr
    assert "Chromium was not found, so the PDF leaflets were not made" in result.stdout + result.stderr
    assert not list((tmp_path / "out").glob("*.pdf"))
    assert not soup_of(tmp_path / "out" / "ketamine-for-ptsd.html").find("a", href=lambda h: h and h.endswith(".pdf"))


def test_make_pdf_without_chromium_fails_with_the_reason(tmp_path):
    wide = {"CHROMIUM": str(tmp_path / "none"), "COLUMNS": "300"}  # Pelican's console wraps at the terminal's width
    result = make("pdf", f"OUTPUTDIR={tmp_path / 'out'}", env=wide)
    assert result.returncode != 0
    assert "The PDF leaflets need Chromium, which was not found" in result.stdout + result.stderr
    assert not (tmp_path / "out").exists()


def test_a_language_no_installed_font_can_show_stops_the_leaflets(monkeypatch):
    import editions
    from editions import leaflet

    monkeypatch.setattr(leaflet, "fonts_for", lambda lang: [] if lang == "ar" else ["DejaVu Sans"])
    content = type("Guide", (), {"lang": "ar"})()
    settings = {"PDF_FONTS": {}}
    with pytest.raises(editions.EditionsError, match="letters of the language ar"):
        editions.check_fonts([content], settings)
    editions.check_fonts([type("Guide", (), {"lang": "en"})()], settings)  # a font is there: no error
    with pytest.raises(editions.EditionsError, match='PDF_FONTS names "Nowhere Sans" for the language en'):
        editions.check_fonts([type("Guide", (), {"lang": "en"})()], {"PDF_FONTS": {"en": "Nowhere Sans"}})
    editions.check_fonts([type("Guide", (), {"lang": "en"})()], {"PDF_FONTS": {"en": "DejaVu Sans"}})


def test_leaflets_are_printed_on_the_paper_of_each_languages_country():
    """US Letter beside A4 where the language's REGION uses it (North America), else A4 only."""
    import editions

    from conftest import project_settings

    settings = project_settings(LANG_SETTINGS={"fr": {"REGION": "FR"}, "es": {"REGION": "MX"}})
    from guide import configure

    configure(type("Pelican", (), {"settings": settings})())
    settings.setdefault("PDF_PAPERS", ("A4", "Letter"))
    assert editions.papers_for(settings, "fr") == ("A4",)
    assert editions.papers_for(settings, "fr-CA") == ("A4",)  # its base language's, unless it has its own
    assert editions.papers_for(settings, "es") == ("A4", "Letter")
    assert editions.papers_for(settings, settings["DEFAULT_LANG"]) == ("A4", "Letter")  # REGION = "US"


FILLER = (
    "Your care team will explain each step before it happens, and you can ask questions at any time. "
    "Bring a list of your medicines and tell the team about any recent illness. "
)


def guides_with_a_list_at_every_height(count=8):
    """Guides whose one 6-item list starts a little lower each time, so that in one of them it
    would cross the page break unless the print stylesheet keeps it whole."""
    files = {}
    for index in range(count):
        filler = "\n\n".join(FILLER * 2 for _ in range(6 + index))
        items = "\n".join(f"- Step {n} of getting ready for the visit" for n in range(1, 7))
        files[f"guide-{index}.md"] = (
            f"Title: Getting ready {index}\nSummary: How to get ready.\nDate: 2026-11-01\n"
            f"Next_review: 2027-11-01\n\n{filler}\n\n## Before you come {{#before}}\n\nBefore you come:\n\n{items}\n\n"
            f"{FILLER}\n"
        )
    return files


def test_a_short_list_is_kept_whole_on_one_page_wherever_it_falls(browser, tmp_path):
    content = write_content(tmp_path / "content", guides_with_a_list_at_every_height())
    output = build_with_leaflets(tmp_path / "output", content=content)
    split = []
    for pdf in sorted(output.glob("guide-*-*.pdf")):
        pages = [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
        holding = {n for n, text in enumerate(pages) for step in range(1, 7) if f"Step {step} of" in text}
        if len(holding) != 1 or not any("Before you come:" in pages[n] for n in holding):
            split.append(pdf.name)
    assert not split, f"a 6-item list (or the line that introduces it) is split across pages in {split}"
