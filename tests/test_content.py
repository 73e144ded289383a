"""The guide page carries the client's article word for word, in the agreed structure."""

import re

from babel.dates import format_date

from conftest import (
    ROOT,
    build,
    clinic_setting,
    html_pages,
    one,
    site_pages,
    soup_of,
    tree_digest,
    without_expansions,
)

QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "})


def normalise(text):
    """Compare words, not typography: straight quotes, plain dashes, single spaces."""
    return re.sub(r"\s+", " ", text.translate(QUOTES)).strip()


def article_sentences(article_text):
    for line in article_text.splitlines():
        line = line.strip().removeprefix("- ")
        yield from (s for s in re.split(r"(?<=[.!?:])\s+(?=[A-Z])", line) if s)


def section_of(element):
    """The id of the h2 an element sits under."""
    heading = element.find_previous("h2")
    return heading.get("id") if heading else None


def test_guide_title_is_the_only_h1(guide, expected):
    h1s = guide.find_all("h1")
    assert [h.get_text(strip=True) for h in h1s] == [expected["title"]], "guide page must have the title as its only h1"


def test_six_sections_are_h2s_in_order_with_stable_ids(guide, expected):
    body = one(guide, ".guide__body")
    found = [(h["id"], h.get_text(strip=True)) for h in body.find_all("h2")]
    assert found == [(s["id"], s["heading"]) for s in expected["sections"]]


def test_introduction_comes_first_before_the_contents_list(guide, article_text):
    """Heard in order: the opening paragraph under the title, not under the "On this page" heading."""
    first = one(guide, ".guide__intro").find(["p", "h2"])
    introduction = article_text.splitlines()[1]
    assert first is not None and first.name == "p", "the guide does not open with a paragraph"
    assert normalise(first.get_text()) == normalise(introduction), "the introduction is not the first paragraph"
    contents = one(guide, ".contents-list")
    assert first in contents.find_all_previous("p"), "the introduction comes after the contents list"


def test_each_list_sits_under_its_section_with_the_article_items(guide, expected, settings):
    body = one(guide, ".guide__body")
    lists = {section_of(ul): ul for ul in body.find_all("ul")}
    for name, spec in expected["lists"].items():
        ul = lists.get(spec["section"])
        assert ul is not None, f"the {name} list is missing under #{spec['section']}"
        items = [
            normalise(without_expansions(li.get_text(), settings["ABBREVIATIONS"]))
            for li in ul.find_all("li", recursive=False)
        ]
        assert items == [normalise(i) for i in spec["items"]], f"the {name} list does not match the article"


def test_every_sentence_of_the_article_is_on_the_guide_page(guide, article_text, settings):
    page = normalise(guide.get_text())  # no separator: inline elements such as <abbr> keep their spacing
    page = without_expansions(page, settings["ABBREVIATIONS"])  # spelt out in brackets on first use: allowed
    missing = [s for s in article_sentences(article_text) if normalise(s) not in page]
    assert not missing, f"sentences of the article missing from the guide page: {missing}"


def test_home_page_names_the_guide_and_links_to_it(site, expected):
    home = soup_of(site / "index.html")
    links = [a for a in home.find_all("a") if a.get("href", "").endswith(expected["page"])]
    assert any(a.get_text(strip=True) == expected["title"] for a in links), (
        "index.html must link to the guide by its title"
    )
    assert all(not a["href"].startswith(("/", "http")) for a in links), "links must be relative"


def test_dates_are_shown_near_the_top_in_time_elements(guide, guide_meta, settings):
    header = one(guide, ".guide__header")
    times = {t.find_parent("div").dt.get_text(strip=True).rstrip(":"): t for t in header.find_all("time")}
    for label, day in (("Last updated", guide_meta["modified"]), ("Next review due", guide_meta["next_review"])):
        assert label in times, f"the guide's header has no '{label}' date"
        assert times[label]["datetime"] == day.isoformat(), f"{label}: datetime is not the metadata's {day}"
        # Babel's long form for the guide's language and the clinic's region (en_US: November 26, 2026)
        locale = settings.get("DATE_LOCALE") or f"{guide_meta['lang']}_{settings['REGION']}"
        shown = format_date(day, format="long", locale=locale)
        assert times[label].get_text() == shown, f"{label} shows {times[label].get_text()!r}, not {shown!r}"


def test_crisis_box_is_on_every_page_in_the_pages_language(site, settings):
    for page in html_pages(site):
        soup = soup_of(page)
        lang = soup.html["lang"]
        box = one(soup, ".callout--urgent", page.name)
        lines = [" ".join(p.get_text().split()) for p in box.find_all("p")]
        wanted = clinic_setting(settings, "CRISIS_LINES", lang)
        assert lines == list(wanted), f"{page.name}: crisis lines differ from the settings for {lang!r}"
        heading = one(box, "h2", page.name)
        hidden = one(heading, ".visually-hidden", page.name).get_text()
        assert heading.get_text().endswith(clinic_setting(settings, "CRISIS_HEADING", lang)), f"{page.name}: heading"
        assert hidden.strip(), f"{page.name}: the crisis heading lacks its hidden prefix"


def test_important_to_know_callout_is_after_research(guide):
    callout = one(guide, ".callout--important")
    assert callout.find_previous("h2", id="research") is not None, "the callout comes before Research and Results"
    text = normalise(callout.get_text(" "))
    assert "not approved by the U.S. Food and Drug Administration (FDA) for PTSD" in text
    assert '"off-label"' in text
    assert "Source: FDA statement on compounded ketamine products for psychiatric disorders, 10 October 2023" in text


def test_sources_are_numbered_with_doi_links(guide, expected):
    sources = one(guide, "section.sources ol")
    items = sources.find_all("li", recursive=False)
    assert len(items) == len(expected["source_dois"])
    for item, doi in zip(items, expected["source_dois"], strict=True):
        assert item.find("a", href=f"https://doi.org/{doi}") is not None, f"source {doi} has no DOI link"
    assert "no longer significant after correcting for bias" in sources.get_text()


def test_contents_list_links_to_the_six_sections(guide, expected):
    links = [a["href"] for a in guide.select(".contents-list a")]
    assert links[:6] == [f"#{s['id']}" for s in expected["sections"]], f"contents list: {links}"
    assert all(guide.find(id=href[1:]) for href in links), "every contents link has its target"


def test_pages_that_serve_no_reader_are_not_generated(site):
    files = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    pages = {name for name in files if name.endswith(".html")}
    assert pages == set(site_pages(ROOT / "content")), pages  # drafts in drafts/, for review only
    others = sorted(name for name in files - pages if not name.startswith("images/"))
    assert not others, f"files no reader needs: {others}"


def test_internal_links_point_to_files_and_are_relative(site):
    for page in html_pages(site):
        for tag in soup_of(page).find_all(href=True):
            href = tag["href"]
            if href.startswith(("https://", "http://", "#", "data:", "tel:", "sms:", "mailto:")):
                continue
            assert not href.startswith("/"), (
                f"{page.name}: {href} is absolute; it breaks under a sub-path and from disk"
            )
            assert not href.split("#")[0].endswith("/") and href.split("#")[0], f"{page.name}: {href} must name a file"


def test_no_script_and_no_outside_resources(site):
    for page in html_pages(site):
        soup = soup_of(page)
        assert not soup.find("script", src=True) and not soup.find(
            "script", type=lambda t: t != "application/ld+json"
        ), f"{page.name} has JavaScript"
        for tag in soup.find_all(["link", "img", "source", "iframe"]):
            url = tag.get("href") or tag.get("src") or ""
            if tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"]):
                continue
            assert not url.startswith(("http:", "https:", "//")), f"{page.name} loads {url} from elsewhere"


def test_two_builds_are_byte_identical(site, tmp_path):
    again = build(tmp_path / "again")
    assert again.returncode == 0, again.stderr
    assert tree_digest(site) == tree_digest(tmp_path / "again"), "a second build of the same sources differs"
