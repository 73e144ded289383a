"""A clinic's library (tests/library.py writes one into a temporary folder, never into content/):
topics, the A to Z, related guides and two clicks to any guide; publishing it prints only what
changed; its policy does not grow."""

import json
import re
from collections import deque
from pathlib import Path

import pytest
from library import library

from conftest import (
    PUBLISH_SITEURL,
    build,
    build_ok,
    chromium_path,
    feed_of,
    html_pages,
    missing_tool,
    project_settings,
    publish_settings,
    soup_of,
    write_content,
)

GUIDES = 30


@pytest.fixture(scope="module")
def shelf(tmp_path_factory):
    """(content folder, the publishing build) of a library of 30 guides, some in Spanish."""
    folder = tmp_path_factory.mktemp("library")
    content = write_content(folder / "content", library(GUIDES))
    output = build_ok(
        folder / "output",
        content=content,
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
    )
    return content, output


def metadata_of(path):
    header = path.read_text(encoding="utf-8").split("\n\n", 1)[0]
    return {m[1].lower(): m[2].strip() for m in re.finditer(r"^(\w+):(.*)$", header, re.M)}


def guides_by_lang(content):
    """{lang: {page: metadata}} of the library's guides, as the files say."""
    default = project_settings()["DEFAULT_LANG"]
    found = {}
    for path in sorted(content.glob("*.md")):
        meta = metadata_of(path)
        lang = meta.get("lang", default)
        page = f"{meta.get('slug', path.stem)}{'' if lang == default else '-' + lang}.html"
        found.setdefault(lang, {})[page] = meta
    return found


def home_of(lang):
    return "index.html" if lang == project_settings()["DEFAULT_LANG"] else f"index-{lang}.html"


def links_from(output, page):
    soup = soup_of(output / page)
    return {a["href"].removeprefix("./").split("#")[0] for a in soup.select("main a[href]")} - {""}


def test_every_guide_is_at_most_two_clicks_from_its_home_page(shelf):
    content, output = shelf
    for lang, guides in guides_by_lang(content).items():
        seen, queue = {home_of(lang): 0}, deque([home_of(lang)])
        while queue:
            page = queue.popleft()
            if seen[page] == 2:
                continue
            for target in links_from(output, page):
                if target.endswith(".html") and (output / target).is_file() and target not in seen:
                    seen[target] = seen[page] + 1
                    queue.append(target)
        far = sorted(page for page in guides if page not in seen)
        assert not far, f"{lang}: guides more than two clicks from {home_of(lang)}: {far}"


def test_each_topic_has_a_page_listing_exactly_its_guides(shelf):
    content, output = shelf
    for lang, guides in guides_by_lang(content).items():
        topics = {}
        for page, meta in guides.items():
            topics.setdefault(meta["category"], set()).add(page)
            for tag in meta.get("tags", "").split(","):
                topics.setdefault(tag.strip(), set()).add(page)
        home = soup_of(output / home_of(lang))
        for topic, pages in topics.items():
            link = home.find("a", string=topic)
            if link is None:  # a further topic (a tag): linked from its guides' pages
                page = next(iter(pages))
                link = soup_of(output / page).find("a", string=topic)
            assert link is not None, f"{lang}: no link to the topic {topic!r}"
            topic_page = soup_of(output / link["href"].removeprefix("./"))
            assert topic_page.find("h1").get_text() == topic
            listed = {a["href"].removeprefix("./") for a in topic_page.select(".guide-list__link")}
            assert listed == pages, f"{lang}: the page of {topic!r} lists {sorted(listed)}, not {sorted(pages)}"


def test_a_to_z_lists_each_guide_by_title_and_condition_under_only_letters_that_have_guides(shelf):
    content, output = shelf
    for lang, guides in guides_by_lang(content).items():
        page = soup_of(output / ("a-z.html" if lang == "en" else f"a-z-{lang}.html"))
        letters = [h.get_text() for h in page.select("main h2.letters__heading")]
        index = [a.get_text() for a in page.select(".letters__list a")]
        assert index == letters and letters == sorted(letters, key=lambda x: (x == "#", x))
        for heading in page.select("main h2.letters__heading"):
            assert heading.find_next_sibling("ul").select("li"), f"{lang}: the letter {heading.get_text()} is empty"
        entries = [
            (li.get_text(" ", strip=True), li.a["href"].removeprefix("./")) for li in page.select(".title-list li")
        ]
        for page_name, meta in guides.items():
            assert (meta["title"], page_name) in entries, f"{lang}: {meta['title']} is not in the A to Z"
            if meta.get("condition"):
                assert (f"{meta['condition']}: {meta['title']}", page_name) in entries


def test_each_guide_has_its_topic_in_the_breadcrumb_and_related_guides_of_its_topics(shelf):
    content, output = shelf
    for guides in guides_by_lang(content).values():
        for page, meta in guides.items():
            soup = soup_of(output / page)
            crumbs = [a.get_text() for a in soup.select(".site-nav a")]
            assert crumbs[1:] == [meta["category"]], f"{page}: the breadcrumb reads {crumbs}"
            related = [a["href"].removeprefix("./") for a in soup.select(".related .title-list a")]
            assert 1 <= len(related) <= 4 and page not in related, f"{page}: related guides {related}"
            mine = {meta["category"], *[t.strip() for t in meta["tags"].split(",")]}
            for other in related:
                theirs = guides[other]
                shared = mine & {theirs["category"], *[t.strip() for t in theirs["tags"].split(",")]}
                assert shared, f"{page}: {other} shares no topic with it"


def test_sitemap_lists_every_guide_and_each_language_has_one_feed_of_its_own(shelf):
    content, output = shelf
    sitemap = (output / "sitemap.xml").read_text(encoding="utf-8")
    for lang, guides in guides_by_lang(content).items():
        for page in guides:
            assert f"<loc>{PUBLISH_SITEURL}/{page}</loc>" in sitemap, f"{page} is not in the sitemap"
        feed = (output / feed_of(lang)).read_text(encoding="utf-8")
        titles = re.findall(r"<entry><title>([^<]*)</title>", feed)
        limit = publish_settings().get("FEED_MAX_ITEMS") or len(guides)
        assert len(titles) == min(len(guides), limit) and len(set(titles)) == len(titles), f"{lang}: {titles}"
    feeds = sorted(p.name for p in output.glob("*.xml") if "feed" in p.name)
    assert feeds == sorted(feed_of(lang) for lang in guides_by_lang(content)), f"feeds: {feeds}"


def test_the_policy_is_the_same_with_one_guide_or_thirty(shelf, published):
    _, output = shelf
    assert (output / "_headers").read_text() == (published / "_headers").read_text()
    policies = {
        soup_of(p).find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"] for p in html_pages(output)
    }
    assert max(map(len, policies)) < 400, "a page's policy grows with the library"


@pytest.mark.slow
def test_a_second_publish_prints_only_the_changed_guides_leaflets(tmp_path):
    if not chromium_path():
        missing_tool("Chromium not found; the leaflets need it")
    content = write_content(tmp_path / "content", library(4, spanish=0))
    cache = tmp_path / "cache"

    def publish(name, cache_dir):
        return build_ok(
            tmp_path / name,
            content=content,
            conf="publishconf.py",
            separate_process=True,
            env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "true"},
            extra=["-e", f"PDF_CACHE_DIR={json.dumps(str(cache_dir))}"],
        )

    publish("first", cache)
    before = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    assert len(before) == 8, f"the cache holds {sorted(before)}"
    guide = content / "guide-002.md"
    guide.write_text(guide.read_text(encoding="utf-8").replace("Some plain text", "Some new text"), encoding="utf-8")
    second = publish("second", cache)
    after = {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}
    printed, dropped = sorted(set(after) - set(before)), sorted(set(before) - set(after))
    assert len(printed) == 2 and len(dropped) == 2, f"printed {printed}, dropped {dropped}"
    assert all(after[name] == before[name] for name in set(after) & set(before)), (
        "unchanged leaflets were printed again"
    )
    full = publish("full", tmp_path / "empty-cache")
    for pdf in sorted(full.glob("*.pdf")):
        assert (second / pdf.name).read_bytes() == pdf.read_bytes(), f"{pdf.name} differs from a full rebuild"


def test_publishing_leaves_out_only_guides_past_review_and_stale_translations(tmp_path):
    files = library(6, spanish=1)
    overdue = "Next_review: 2026-03-01"  # after the last update (2026-02-01), before today
    files["guide-001.md"] = files["guide-001.md"].replace("Next_review: 2027-06-01", overdue)
    files["guide-002.md"] = files["guide-002.md"].replace(
        "Next_review: 2027-06-01", f"{overdue}\nReview_waiver: 2099-01-31 waiting for the new guideline"
    )
    files["guide-000.md"] = files["guide-000.md"].replace("Modified: 2026-02-01", "Modified: 2026-03-01")
    content = write_content(tmp_path / "content", files)
    env = {"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"}
    result = build(tmp_path / "out", content=content, conf="publishconf.py", env=env)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    assert not (out / "guide-001.html").exists() and not (out / "guide-000-es.html").exists()
    for page in ("guide-000.html", "guide-002.html", "guide-003.html", "guide-004.html", "guide-005.html"):
        assert (out / page).is_file(), f"{page} was held back with the others"
    assert not soup_of(out / "guide-000.html").select(".translations a"), "a link to the held-back translation"
    assert "guide-001" not in (out / "sitemap.xml").read_text() and "guide-001" not in (out / "index.html").read_text()
    assert_named_once(result.stderr, ("guide-001.md", "guide-000-es.md", "guide-002.md"))
    everything = build(tmp_path / "all", content=content, conf="publishconf.py", env={**env, "REVIEW_OVERDUE_OK": "1"})
    assert everything.returncode == 0 and (tmp_path / "all" / "guide-001.html").is_file(), everything.stderr


def assert_named_once(log, names):
    """One warning per kind, each guide named once, and the summary at the end."""
    every = [line for line in log.splitlines() if line.startswith("Warning:")]
    warnings = [line for line in every if "no accessibility contact" not in line]  # the settings', not a guide's
    assert len(warnings) == len(names), "\n".join(warnings)
    for name in names:
        assert sum(name in line for line in warnings) == 1, f"{name} is not named exactly once:\n{log}"
    assert "left out of the published site" in "".join(warnings)
    assert any("until 2099-01-31: waiting for the new guideline" in line for line in warnings)
    assert f"with {len(every)} warnings above" in log


def test_offline_editions_are_the_whole_library_and_one_zip_per_topic(tmp_path):
    import zipfile

    content = write_content(tmp_path / "content", library(10, spanish=0))
    dist = tmp_path / "dist"
    result = build(tmp_path / "out", content=content, extra=["-e", f"OFFLINE_ZIP_DIR={json.dumps(str(dist))}"])
    assert result.returncode == 0, result.stderr
    settings = project_settings()
    topics = {}
    for path in sorted(content.glob("*.md")):
        meta = metadata_of(path)
        topics.setdefault(meta["category"], set()).add(path.stem)
    zips = sorted(p.name for p in dist.glob("*.zip"))
    assert len(zips) == 1 + len(topics), zips
    assert f"{settings['OFFLINE_ZIP_NAME']}-2026-02-01.zip" in zips, "the whole library's zip"
    for topic, stems in topics.items():
        slug = soup_of(tmp_path / "out" / f"{sorted(stems)[0]}.html").select(".site-nav a")[1]["href"]
        name = f"{settings['OFFLINE_ZIP_NAME']}-{slug.removeprefix('./topic-').removesuffix('.html')}-2026-02-01"
        with zipfile.ZipFile(dist / f"{name}.zip") as archive:
            held = {Path(n).name for n in archive.namelist()}
        assert held == {f"{stem}-single-file.html" for stem in stems}, f"{topic}: {sorted(held)}"


def library_pages(output):
    """The pages a library adds, and a guide: home pages, topic pages, A to Z pages."""
    names = ["index.html", "index-es.html", "a-z.html", "a-z-es.html", "guide-000.html", "guide-000-es.html"]
    names += (
        sorted(p.name for p in output.glob("topic-*.html"))[:3] + sorted(p.name for p in output.glob("tag-*.html"))[:2]
    )
    return [output / name for name in names]


@pytest.mark.slow
def test_library_pages_pass_the_nu_html_checker(shelf):
    from test_strict_build import vnu_messages

    _, output = shelf
    messages = vnu_messages(library_pages(output))
    assert not messages, "Nu Html Checker errors or warnings:\n" + "\n".join(messages)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_library_pages_pass_axe_and_fit_a_narrow_phone(shelf, browser, scheme):
    from test_accessibility import axe_on

    _, output = shelf
    context = browser.new_context(viewport={"width": 320, "height": 640}, color_scheme=scheme)
    page = context.new_page()
    for path in library_pages(output):
        page.goto(path.as_uri())
        violations = axe_on(page)
        assert not violations, f"{path.name} ({scheme}): {violations}"
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{path.name} scrolls sideways at 320 px ({width} px)"
    context.close()


def test_every_kind_of_page_names_its_other_languages_in_their_own_words(shelf):
    from guide.i18n import language_name

    _, output = shelf
    topic = sorted(output.glob("topic-*.html"))[0].name
    for page, other in (
        ("accessibility.html", "accessibility-es.html"),
        ("404.html", "404-es.html"),
        ("a-z.html", "a-z-es.html"),
        (topic, "index-es.html"),
        ("index-es.html", "index.html"),
        ("404-es.html", "404.html"),
    ):
        links = soup_of(output / page).select("nav.translations a")
        found = {(a["href"].rsplit("/", 1)[-1], a.get_text(), a["lang"]) for a in links}
        lang = "en" if other in ("index.html", "404.html") else "es"
        assert (other, language_name(lang), lang) in found, f"{page} does not link {other}: {found}"
