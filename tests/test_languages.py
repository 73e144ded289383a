"""Guides in more than one language: the Spanish guide, published in a scratch copy, reads
in Spanish from top to bottom, links to and from the English guide, and gets its own
editions; the theme's catalogs are complete; a stale translation is caught."""

import datetime
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pikepdf
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from pypdf import PdfReader

from conftest import (
    PUBLISH_SITEURL,
    ROOT,
    build,
    build_ok,
    build_with_leaflets,
    clinic_setting,
    html_pages,
    make,
    make_publish,
    one,
    project_settings,
    site_pages,
    soup_of,
    tree_digest,
    write_content,
)
from guide.i18n import language_name

SPANISH = "ketamine-for-ptsd-es.md"
ENGLISH_PAGE, SPANISH_PAGE = "ketamine-for-ptsd.html", "ketamine-for-ptsd-es.html"
TRANSLATIONS = ROOT / "theme" / "translations"
MONTHS_ES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def published_copy(folder):
    """content/ with the Spanish guide switched to published, as the clinic does after review."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    text = (content / SPANISH).read_text(encoding="utf-8")
    assert "Status: draft" in text, "the Spanish guide should ship as a draft"
    text = text.replace("Status: draft", "Status: published")
    # docs/languages.md, step 2: after the review, Modified is the day of the review, so the
    # translation is never older than its original.
    original = meta_of(content / "ketamine-for-ptsd.md")
    reviewed = max(original.get("modified") or original["date"], meta_of(content / SPANISH).get("modified", ""))
    text = re.sub(r"^Modified: .*$", f"Modified: {reviewed}", text, count=1, flags=re.M)
    (content / SPANISH).write_text(text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bilingual")
    content = published_copy(folder)
    dev = build_ok(folder / "dev", content=content)
    published = build_ok(
        folder / "pub", content=content, conf="publishconf.py", env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"}
    )
    return content, dev, published


def catalog(lang):
    with open(TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=lang)


def template_messages():
    mapping = [("theme/templates/**.html", "jinja2"), ("plugins/**.py", "python")]
    found = extract_from_dir(
        str(ROOT),
        method_map=mapping,
        options_map={
            "theme/templates/**.html": {"extensions": "jinja2.ext.i18n", "trim_blocks": "true", "lstrip_blocks": "true"}
        },
    )
    return {message for _, _, message, _, _ in found if isinstance(message, str) and "/.venv/" not in message}


def spanish_date(day):
    return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"


def meta_of(path):
    text = path.read_text(encoding="utf-8")
    return {m[1].lower(): m[2].strip() for m in re.finditer(r"^([A-Za-z_]+):(.*)$", text.split("\n\n", 1)[0], re.M)}


def versions(content, slug="ketamine-for-ptsd"):
    """{lang: page} of the published versions of a guide, as the content folder says (a clinic may
    have published more languages than English and Spanish)."""
    default = project_settings()["DEFAULT_LANG"]
    found = {}
    for path in sorted(content.glob("*.md")):
        meta = meta_of(path)
        if meta.get("status", "published") != "published" or meta.get("slug", path.stem) != slug:
            continue
        lang = meta.get("lang", default)
        found[lang] = f"{slug}.html" if lang == default else f"{slug}-{lang}.html"
    return found


# --- Catalogs -------------------------------------------------------------------------------


def test_every_word_of_the_templates_is_in_every_catalog_and_translated():
    wanted = template_messages()
    assert len(wanted) > 30, "the templates' words were not found"
    with open(TRANSLATIONS / "messages.pot", "rb") as handle:
        pot = {m.id for m in read_po(handle) if m.id}
    assert wanted <= pot, f"messages.pot lacks {sorted(wanted - pot)}: run make translations"
    for lang in sorted(p.name for p in TRANSLATIONS.iterdir() if p.is_dir()):
        missing, bad = catalog_gaps(lang, wanted)
        assert not missing, f"the {lang} catalog lacks {missing}: run make translations and translate them"
        assert not bad, f"the {lang} catalog has empty or fuzzy entries: {bad}"


def catalog_gaps(lang, wanted):
    """(messages missing from a language's catalog, messages there but empty or fuzzy)."""
    entries = {m.id: m for m in catalog(lang) if m.id}
    missing = sorted(wanted - set(entries))
    return missing, sorted(m.id for m in entries.values() if m.id in wanted and (not m.string or m.fuzzy))


# --- The Spanish guide, published in a scratch copy -------------------------------------------


def test_spanish_page_is_in_spanish_from_top_to_bottom(bilingual):
    _, dev, _ = bilingual
    page = soup_of(dev / SPANISH_PAGE)
    assert page.html["lang"] == "es", "the Spanish page is not marked lang=es"
    shown = (
        " ".join(page.get_text(" ").split())
        + " "
        + " ".join(tag[attr] for attr in ("aria-label", "title") for tag in page.find_all(attrs={attr: True}))
    )
    english = []
    for message in catalog("es"):
        if message.id and message.string != message.id:
            english += [part.strip() for part in re.split(r"%\(\w+\)s|%%", message.id) if len(part.strip()) >= 4]
    left = [text for text in english if text in shown]
    assert not left, f"English interface words on the Spanish page: {left}"


def test_spanish_dates_crisis_box_and_settings(bilingual, settings):
    content, dev, _ = bilingual
    page = soup_of(dev / SPANISH_PAGE)
    meta = meta_of(content / SPANISH)
    updated = datetime.date.fromisoformat(meta.get("modified") or meta["date"])
    assert spanish_date(updated) in one(page, ".review-dates").get_text(), "the dates are not in Spanish"
    lines = [" ".join(p.get_text().split()) for p in page.select(".callout--urgent p")]
    assert lines == list(clinic_setting(settings, "CRISIS_LINES", "es")), "the crisis box is not the Spanish one"
    links = [a["href"] for a in page.select(".callout--urgent a")]
    assert links and all(re.fullmatch(r"(tel|sms):\+?\d+", href) for href in links), links
    assert one(page, ".site-header__name").get_text() == clinic_setting(settings, "SITENAME", "es")
    assert_texting_links_by_the_catalog(page, "es")


def assert_texting_links_by_the_catalog(page, lang):
    """The catalog's words for "send a text to" make sms: links in the crisis box, the others tel:."""
    texting = [
        v.lower() for v in next(m.string for m in catalog(lang) if m.id.startswith("send a text to|")).split("|")
    ]
    for link in page.select(".callout--urgent a"):
        words = " ".join(link.get_text().lower().split())
        wanted = "sms" if any(verb and words.startswith(verb) for verb in texting) else "tel"
        assert link["href"].startswith(f"{wanted}:"), f"{link.get_text()!r} links {link['href']}"
    assert any(a["href"].startswith("sms:") for a in page.select(".callout--urgent a")), "no way to text"


def test_each_language_links_the_other_near_the_top(bilingual):
    _, dev, _ = bilingual
    for page_name, target, lang, name in (
        (ENGLISH_PAGE, SPANISH_PAGE, "es", "Español"),
        (SPANISH_PAGE, ENGLISH_PAGE, "en", "English"),
    ):
        link = one(soup_of(dev / page_name), f".guide__header .translations a[hreflang='{lang}']", page_name)
        assert link["href"].endswith(target) and link["lang"] == lang, f"{page_name}: {link}"
        assert link.get_text() == name, f"{page_name}: the link reads {link.get_text()!r}, not {name!r}"


def test_every_version_names_the_same_set_of_versions_for_search_engines(bilingual):
    content, _, published = bilingual
    pages = versions(content)
    wanted = {lang: f"{PUBLISH_SITEURL}/{page}" for lang, page in pages.items()}
    wanted["x-default"] = f"{PUBLISH_SITEURL}/{ENGLISH_PAGE}"
    for name in pages.values():
        links = soup_of(published / name).find_all("link", rel="alternate", hreflang=True)
        assert {link["hreflang"]: link["href"] for link in links} == wanted, name


def test_sitemap_lists_each_version_with_its_alternates(bilingual):
    _, _, published = bilingual
    root = ET.parse(published / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    urls = {u.findtext("s:loc", namespaces=ns): u for u in root.findall("s:url", ns)}
    for page in (ENGLISH_PAGE, SPANISH_PAGE, "index-es.html"):
        assert f"{PUBLISH_SITEURL}/{page}" in urls, f"the sitemap lacks {page}"
    for page in (ENGLISH_PAGE, SPANISH_PAGE):
        alternates = {
            link.get("hreflang"): link.get("href") for link in urls[f"{PUBLISH_SITEURL}/{page}"].findall("x:link", ns)
        }
        assert alternates.get("es") == f"{PUBLISH_SITEURL}/{SPANISH_PAGE}" and alternates.get("x-default"), alternates


def test_structured_data_names_the_language_and_the_other_version(bilingual):
    _, _, published = bilingual
    data = {
        name: json.loads(one(soup_of(published / name), "script[type='application/ld+json']").string)
        for name in (ENGLISH_PAGE, SPANISH_PAGE)
    }
    assert data[SPANISH_PAGE]["inLanguage"] == "es"
    assert data[SPANISH_PAGE]["translationOfWork"]["url"] == f"{PUBLISH_SITEURL}/{ENGLISH_PAGE}"
    others = sorted(f"{PUBLISH_SITEURL}/{page}" for page in versions(bilingual[0]).values() if page != ENGLISH_PAGE)
    assert sorted(v["url"] for v in data[ENGLISH_PAGE]["workTranslation"]) == others


def reached_from(folder, page):
    """The pages a home page links, and those its A to Z page links (two clicks)."""
    links = {a["href"].removeprefix("./") for a in soup_of(folder / page).select("main a[href]")}
    a_to_z = [link for link in links if link.startswith("a-z")]
    return links | {a["href"].removeprefix("./") for z in a_to_z for a in soup_of(folder / z).select("main a[href]")}


def published_guides(content, published, lang):
    """Every published guide page in a language, as the content makes them (a clinic may have many)."""
    pages = site_pages(content, published_build=True).items()
    guides = [page for page, page_lang in pages if page_lang == lang and "single-file" not in page]
    return [page for page in guides if soup_of(published / page).select_one("article.guide")]


def test_spanish_home_page_feed_and_statement(bilingual, settings):
    content, _, published = bilingual
    home = soup_of(published / "index-es.html")
    assert home.html["lang"] == "es"
    spanish = published_guides(content, published, "es")
    assert SPANISH_PAGE in spanish
    reached = reached_from(published, "index-es.html")
    assert set(spanish) <= reached, f"the Spanish home page does not reach {sorted(set(spanish) - reached)}"
    english_home = soup_of(published / "index.html")
    assert english_home.find("a", hreflang="es") is not None, "the English home page does not link the Spanish one"
    feed = ET.parse(published / "feed-es.atom.xml").getroot()
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.findall("{http://www.w3.org/2005/Atom}entry")
    ]
    spanish_titles = {one(soup_of(published / page), "h1").get_text() for page in spanish}
    wanted = min(len(spanish_titles), settings["FEED_MAX_ITEMS"])
    assert set(titles) <= spanish_titles and len(titles) == wanted, f"the Spanish feed holds {titles}"
    atom = "{http://www.w3.org/2005/Atom}"
    english = ET.parse(published / "feed-en.atom.xml").getroot()
    assert feed.findtext(f"{atom}title") == clinic_setting(settings, "SITENAME", "es"), "the feed's name is not Spanish"
    assert feed.findtext(f"{atom}id") != english.findtext(f"{atom}id"), "two languages' feeds share one id"
    data = json.loads(soup_of(published / SPANISH_PAGE).find("script", type="application/ld+json").string)
    assert data["isPartOf"]["name"] == clinic_setting(settings, "SITENAME", "es")
    assert data["isPartOf"]["url"] == f"{PUBLISH_SITEURL}/index-es.html"
    link = soup_of(published / SPANISH_PAGE).find("link", type="application/atom+xml")
    assert link["href"] == f"{PUBLISH_SITEURL}/feed-es.atom.xml", "the Spanish page points to the wrong feed"
    assert (published / "accessibility-es.html").is_file(), "no Spanish accessibility statement"


def test_each_language_has_its_own_single_file_edition(bilingual):
    _, dev, _ = bilingual
    english, spanish = soup_of(dev / ENGLISH_PAGE), soup_of(dev / SPANISH_PAGE)
    assert english.find("a", href="ketamine-for-ptsd-single-file.html") is not None
    assert spanish.find("a", href="ketamine-for-ptsd-es-single-file.html") is not None
    assert spanish.find("a", href="ketamine-for-ptsd-single-file.html") is None, "the Spanish page offers English"
    assert soup_of(dev / "ketamine-for-ptsd-es-single-file.html").html["lang"] == "es"


def test_bilingual_builds_are_byte_identical(bilingual, tmp_path):
    content, dev, _ = bilingual
    again = build_ok(tmp_path / "again", content=content)
    assert tree_digest(again) == tree_digest(dev), "two builds of the bilingual site differ"


def test_spanish_leaflet_is_tagged_in_spanish(bilingual, browser, tmp_path):
    content, _, _ = bilingual
    output = build_with_leaflets(tmp_path / "out", content)
    pdf = pikepdf.open(output / "ketamine-for-ptsd-es-a4.pdf")
    assert str(pdf.Root.Lang) == "es", f"the Spanish leaflet's /Lang is {pdf.Root.get('/Lang')}"
    first_page = PdfReader(output / "ketamine-for-ptsd-es-a4.pdf").pages[0].extract_text()
    assert "Página 1 de" in first_page, "the Spanish leaflet's footer is not in Spanish"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_bilingual_pages_pass_axe(bilingual, browser, scheme):
    from test_browser import axe_violations

    _, dev, _ = bilingual
    # The pages the Spanish guide adds or changes; the others are the English build's, checked there.
    pages = [p for p in html_pages(dev) if "-es" in p.name or p.name in (ENGLISH_PAGE, "index.html")]
    found = {p.name: axe_violations(browser, p.as_uri(), scheme) for p in pages}
    found = {name: v for name, v in found.items() if v}
    assert not found, f"axe-core in {scheme} mode: {found}"


def test_bilingual_site_crawled_under_a_sub_path_has_no_broken_link(bilingual, serve):
    from test_publish import crawl

    crawl(bilingual[2], serve)


@pytest.mark.slow
def test_bilingual_pages_pass_the_nu_html_checker(bilingual):
    from test_strict_build import vnu_messages

    _, dev, published = bilingual
    messages = vnu_messages(html_pages(dev) + html_pages(published))
    assert not messages, "\n".join(messages)


def test_bilingual_site_opens_from_disk_and_under_a_sub_path(bilingual, browser, serve):
    from test_browser import load_and_watch

    _, _, published = bilingual
    base = serve(published)
    for page in html_pages(published):
        name = page.relative_to(published).as_posix()
        for url in (page.as_uri(), base + name):
            _, context, requests, failures, errors = load_and_watch(browser, url)
            bad = [(r.url, r.response().status) for r in requests if r.response() and r.response().status >= 400]
            context.close()
            assert not failures and not bad and not errors, f"{url}: {failures} {bad} {errors}"


# --- The Spanish guide as it ships ------------------------------------------------------------


def test_the_spanish_guide_matches_the_english_one_section_for_section(site):
    english = soup_of(site / ENGLISH_PAGE)
    spanish = soup_of(site / "drafts" / SPANISH_PAGE)
    # The downloads are made for published guides only; this Spanish guide is a draft.
    ids = [[h.get("id") for h in page.select("main h2[id]") if h["id"] != "download"] for page in (english, spanish)]
    assert ids[0] == ids[1], f"section ids differ: {ids}"
    counts = [
        [len(ul.find_all("li", recursive=False)) for ul in page.select(".guide__body ul, .guide__body ol")]
        for page in (english, spanish)
    ]
    assert counts[0] == counts[1], f"list items differ: {counts}"
    sources = [len(page.select("section.sources ol > li")) for page in (english, spanish)]
    assert sources[0] == sources[1], f"sources differ: {sources}"
    assert len(english.select(".callout--important li")) == len(spanish.select(".callout--important li"))


def test_the_spanish_guide_ships_as_a_draft_linked_from_nowhere(site):
    assert (site / "drafts" / SPANISH_PAGE).is_file()
    for page in html_pages(site):
        if "drafts" not in page.parts:
            assert "drafts/" not in page.read_text(encoding="utf-8"), f"{page.name} links the draft"


# --- A translation older than its original ----------------------------------------------------

STALE = {
    "guide.md": "Title: Guide\nSlug: guide\nSummary: s\nDate: 2026-01-10\nModified: 2026-06-01\n"
    "Next_review: 2027-06-01\n\n## Part {#part}\n\nText.\n",
    "guide-es.md": "Title: Guía\nSlug: guide\nLang: es\nSummary: s\nDate: 2026-01-10\nModified: 2026-02-01\n"
    "Next_review: 2027-06-01\n\n## Parte {#part}\n\nTexto.\n",
}


@pytest.mark.slow
def test_a_stale_translation_is_named_on_every_build_and_left_out_by_publish(tmp_path):
    content = write_content(tmp_path / "content", STALE)
    html = build(tmp_path / "html", content=content)
    assert html.returncode == 0, html.stderr
    assert "1 translation is older than the original (make publish leaves them out)" in html.stderr, html.stderr
    assert "guide-es.md (2026-02-01; " in html.stderr and "guide.md: 2026-06-01)" in html.stderr, html.stderr
    held = make_publish(content, tmp_path / "pub")
    assert held.returncode == 0 and "TRANSLATION_STALE_OK=1" in held.stderr, held.stderr
    assert (tmp_path / "pub" / "guide.html").is_file() and not (tmp_path / "pub" / "guide-es.html").exists()
    allowed = make_publish(content, tmp_path / "ok", "TRANSLATION_STALE_OK=1")
    assert allowed.returncode == 0, allowed.stderr
    assert Path(tmp_path / "ok" / "guide-es.html").is_file()


@pytest.mark.slow
def test_make_translations_creates_the_catalog_of_a_language_the_guides_use(tmp_path):
    from test_checks import NEW_LANGUAGE  # a language the site has no catalog for, and a regional form of it

    language, regional = NEW_LANGUAGE
    catalogs = tmp_path / "translations"
    shutil.copytree(TRANSLATIONS, catalogs, ignore=shutil.ignore_patterns("*.mo"))
    guide = f"Title: T\nSummary: s\nDate: 2026-01-10\nNext_review: 2027-01-10\nLang: {regional}\nStatus: draft\n"
    guide += "\n## P {#p}\n\nT.\n"
    content = write_content(tmp_path / "content", {"b.md": guide})
    result = make("translations", f"TRANSLATIONS={catalogs}", f"INPUTDIR={content}")
    assert result.returncode == 0, result.stderr
    with open(catalogs / "messages.pot", "rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    with open(catalogs / language / "LC_MESSAGES" / "messages.po", "rb") as handle:
        created = {m.id: m.string for m in read_po(handle) if m.id}
    assert set(created) == wanted and not any(created.values()), "the new catalog should hold every word, untranslated"
    with open(catalogs / "es" / "LC_MESSAGES" / "messages.po", "rb") as handle:
        spanish = {m.id: m.string for m in read_po(handle) if m.id}
    assert spanish == {m.id: m.string for m in catalog("es") if m.id}, "the Spanish translations changed"


ARABIC = (
    "Title: دليل\nSummary: ملخص الدليل.\nDate: 2026-01-10\nNext_review: 2027-01-10\nLang: ar\nStatus: draft\n"
    "\n## القسم {#part}\n\nنص الدليل.\n\n## Important to know {#important-to-know}\n\n- ملاحظة.\n"
)


@pytest.mark.browser
def test_a_right_to_left_language_mirrors_the_page_and_never_scrolls_sideways(tmp_path, browser):
    content = write_content(
        tmp_path / "content",
        {"a.md": (ROOT / "content" / "ketamine-for-ptsd.md").read_text(encoding="utf-8"), "b.md": ARABIC},
    )
    output = build_ok(tmp_path / "out", content=content)
    arabic = next((output / "drafts").glob("*-ar.html"))
    assert soup_of(arabic).html["dir"] == "rtl" and soup_of(output / ENGLISH_PAGE).html["dir"] == "ltr"
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(arabic.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the page scrolls sideways"
    sides = page.evaluate(
        "(() => { const s = getComputedStyle(document.querySelector('.callout')); "
        "return [parseFloat(s.borderRightWidth), parseFloat(s.borderLeftWidth)]; })()"
    )
    assert sides[0] > 0 and sides[1] == 0, f"the callout's rule is not on the reading side's start: {sides}"
    page.keyboard.press("Tab")
    box = page.evaluate("document.activeElement.getBoundingClientRect().toJSON()")
    assert box["right"] > 300 and box["top"] >= 0, f"the skip link does not show at the top right: {box}"
    context.close()


def test_a_translation_gets_its_own_abbreviations_and_footnote_titles_never_english_ones(tmp_path, settings):
    spanish = (
        "Title: Guía\nSummary: Resumen.\nDate: 2026-01-10\nNext_review: 2027-01-10\nLang: es\nStatus: draft\n\n"
        "## Parte {#parte}\n\nEl IV y la FDA.[^1]\n\n[^1]: Una nota.\n"
    )
    content = write_content(tmp_path / "content", {"b.md": spanish})
    page = soup_of(build_ok(tmp_path / "out", content=content) / "drafts" / "b-es.html")
    english = set((settings.get("ABBREVIATIONS") or {}).values())
    titles = {abbr.get("title") for abbr in page.select("abbr[title]")}
    assert not titles & english, f"English expansions on a Spanish page: {titles & english}"
    wanted = next(m.string for m in catalog("es") if m.id == "Back to note %d in the text") % 1
    assert [a["title"] for a in page.select("a.footnote-backref")] == [wanted]


def test_a_published_language_that_is_not_ready_stops_the_build_by_name(tmp_path):
    from test_checks import GOOD, NEW_LANGUAGE

    lang = NEW_LANGUAGE[0]
    guide = GOOD.replace("Title: Guide", f"Title: Guide\nLang: {lang}")
    content = write_content(tmp_path / "content", {"a.md": GOOD, "b.md": guide})
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 1, result.stderr
    assert "b.md, line 2: this guide is published in" in result.stderr and "CRISIS_LINES" in result.stderr
    assert "no catalog of its words" in result.stderr and "Traceback" not in result.stderr + result.stdout
    assert not (tmp_path / "out" / f"b-{lang}.html").exists()


def three_language_site(tmp_path):
    """A copy of the site with a third language (French) and a right-to-left one (Arabic) published:
    their guides, catalogs (the Spanish one stands in, as a translator's draft would) and settings,
    all in temporary folders."""
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    for lang in ("fr", "ar"):
        folder = theme / "translations" / lang / "LC_MESSAGES"
        if not (folder / "messages.po").exists():  # a clinic's own catalog, when it has one
            folder.mkdir(parents=True)
            shutil.copyfile(TRANSLATIONS / "es" / "LC_MESSAGES" / "messages.po", folder / "messages.po")
    guide = "Title: {title}\nSummary: {summary}\nDate: 2026-01-10\nNext_review: 2027-01-10\nLang: {lang}\n"
    guide += "\n## {part} {{#part}}\n\n{text}\n"
    content = write_content(
        tmp_path / "content",
        {
            "a.md": (ROOT / "content" / "ketamine-for-ptsd.md").read_text(encoding="utf-8"),
            "b.md": guide.format(title="Guide", summary="Un guide.", lang="fr", part="Partie", text="Texte."),
            "c.md": guide.format(title="دليل", summary="ملخص.", lang="ar", part="القسم", text="نص الدليل."),
        },
    )
    languages = {
        "fr": {"CRISIS_HEADING": "Aide", "CRISIS_LINES": ("Appelez le 15.",), "REGION": "FR", "DISCLAIMER": "Avis."},
        "ar": {"CRISIS_HEADING": "مساعدة", "CRISIS_LINES": ("اتصل 123 الآن.",), "REGION": "EG", "DISCLAIMER": "تنبيه."},
    }
    extra = ["-e", f"THEME={json.dumps(str(theme))}", f"LANG_SETTINGS={json.dumps(languages, ensure_ascii=False)}"]
    return build_ok(tmp_path / "out", content=content, extra=extra), languages


@pytest.mark.browser
def test_a_third_language_and_a_right_to_left_one_read_as_their_readers_expect(tmp_path, browser):
    output, _ = three_language_site(tmp_path)
    french, arabic = output / "b-fr.html", output / "c-ar.html"
    assert soup_of(french).html["dir"] == "ltr" and soup_of(arabic).html["dir"] == "rtl"
    switcher = {a.get_text() for a in soup_of(output / "index-ar.html").select("nav.translations a")}
    assert {language_name("en"), language_name("fr")} <= switcher, switcher
    context = browser.new_context(viewport={"width": 1366, "height": 800})
    page = context.new_page()
    page.goto(arabic.as_uri())
    order = page.evaluate(
        "(() => { const p = document.querySelector('.callout--urgent p'); const r = document.createRange();"
        " r.setStart(p.firstChild, 0); r.setEnd(p.firstChild, 1); const first = r.getBoundingClientRect().right;"
        " const last = p.lastChild; r.setStart(last, last.length - 1); r.setEnd(last, last.length);"
        " return [first, r.getBoundingClientRect().left]; })()"
    )
    assert order[0] > order[1], f"the crisis line does not read from right to left: {order}"
    label, date = page.evaluate(
        "[...document.querySelectorAll('.review-dates div')[0].children].map(e => e.getBoundingClientRect().right)"
    )
    assert label > date, "the date's label is not before the date, right to left"
    page.set_viewport_size({"width": 320, "height": 700})
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the Arabic page scrolls sideways at 200%"
    page.goto(french.as_uri())
    short = page.locator(".callout--urgent a").first
    assert short.get_attribute("href") == "tel:15", "France's 15 is not a link"
    box = short.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44, f"the short number is too small to tap: {box}"
    context.close()
