"""What readers notice that axe does not: crisis lines spaced evenly with big enough links at
every width and in every language, focus that never hides a neighbouring letter, addresses
that never break inside a number, and a page heard in order."""

import re

import pytest

from conftest import ROOT, html_pages, one, site_pages, soup_of

WIDTHS = (320, 360, 1366)


def guide_pages(site):
    """Every guide page the build makes, in every language (drafts too: their readers are reviewers)."""
    pages = site_pages(ROOT / "content")
    guides = [page for page in pages if not page.endswith("-single-file.html") and (site / page).exists()]
    return [page for page in guides if soup_of(site / page).select_one("article.guide")]


CRISIS_LAYOUT = """() => [...document.querySelectorAll('.callout--urgent p')].map(p => {
    const range = document.createRange();
    range.selectNodeContents(p);
    const tops = [...new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)))];
    const links = [...p.querySelectorAll('a')].map(a => { const r = a.getBoundingClientRect();
        return {href: a.getAttribute('href'), top: r.top, bottom: r.bottom, left: r.left, right: r.right}; });
    const lines = [];
    const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const r = document.createRange(); r.selectNodeContents(walker.currentNode);
        for (const rect of r.getClientRects()) if (rect.width > 0) lines.push(Math.round(rect.top + rect.height / 2));
    }
    return {lines: [...new Set(lines)].sort((a, b) => a - b), links};
})"""


def overlap(a, b):
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def link_problems(links):
    sizes = [(a["href"], round(a["right"] - a["left"]), round(a["bottom"] - a["top"])) for a in links]
    small = [size for size in sizes if size[1] < 44 or size[2] < 44]
    touching = [(a["href"], b["href"]) for i, a in enumerate(links) for b in links[i + 1 :] if overlap(a, b)]
    return ([f"links under 44 x 44 px: {small}"] if small else []) + (
        [f"the areas of these links overlap: {touching}"] if touching else []
    )


def crisis_layout_problems(paragraphs):
    """What is wrong with the crisis lines as laid out: uneven lines, small or overlapping links."""
    pitches = [b - a for p in paragraphs for a, b in zip(p["lines"], p["lines"][1:], strict=False)]
    uneven = [f"uneven lines {pitches}"] if pitches and max(pitches) - min(pitches) > 2 else []
    return uneven + link_problems([link for p in paragraphs for link in p["links"]])


@pytest.mark.parametrize("width", WIDTHS)
def test_crisis_lines_are_evenly_spaced_and_each_link_is_44_px_without_overlap(browser, site, width):
    found = {}
    for name in guide_pages(site):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto((site / name).as_uri())
        paragraphs = page.evaluate(CRISIS_LAYOUT)
        context.close()
        problems = crisis_layout_problems(paragraphs) if paragraphs else ["no crisis lines"]
        if problems:
            found[name] = problems
    assert not found, f"at {width} px: {found}"


NEIGHBOURS = """(link) => {
    const block = link.closest('p, li');
    const at = (r) => ({x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height});
    // A neighbour's box less the pixel column it may share, anti-aliased, with the link's own box.
    const inside = (r) => ({x: r.x + scrollX + 1, y: r.y + scrollY, width: r.width - 2, height: r.height});
    const rects = [];
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode;
        if (link.contains(node) || !node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        for (const r of range.getClientRects()) if (r.width > 2) rects.push(inside(r));
    }
    return {rects, own: at(link.getBoundingClientRect())};
}"""  # in the page's coordinates, which scrolling to the focused link does not change


def focus_by_keyboard(page, link):
    for _ in range(200):
        page.keyboard.press("Tab")
        if link.evaluate("a => a === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {link.get_attribute('href')}")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_shows_on_the_link_and_never_covers_a_neighbouring_letter(browser, site, scheme):
    """Each neighbouring piece of text on the link's lines and the lines around it looks the same,
    pixel for pixel, with the link focused ("1, or" stayed "1, or"; the full stop stays)."""
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto((site / guide_pages(site)[0]).as_uri())
    links = [page.locator(".callout--urgent a"), page.locator(".sources a")]
    for link in [group.nth(i) for group in links for i in range(group.count())]:
        link.scroll_into_view_if_needed()
        found = link.evaluate(NEIGHBOURS)
        rects = [*found["rects"], found["own"]]
        before = [page.screenshot(clip=r, full_page=True) for r in rects]
        focus_by_keyboard(page, link)
        after = [page.screenshot(clip=r, full_page=True) for r in rects]
        href = link.get_attribute("href")
        covered = [r for r, b, a in zip(rects[:-1], before[:-1], after[:-1], strict=True) if b != a]
        assert not covered, f"{scheme}: focusing {href} changes the text beside it: {covered}"
        assert before[-1] != after[-1], f"{scheme}: focus on {href} does not show"
        page.evaluate("document.activeElement.blur()")
    context.close()


def test_focus_stays_visible_in_forced_colours(browser, site):
    context = browser.new_context(forced_colors="active")
    page = context.new_page()
    page.goto((site / guide_pages(site)[0]).as_uri())
    link = page.locator(".callout--urgent a").first
    focus_by_keyboard(page, link)
    style = link.evaluate(
        "a => { const s = getComputedStyle(a); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    context.close()
    assert style[0] == "solid" and style[1] >= 2, f"in forced colours the focus has no outline: {style}"


NUMBER_BREAKS = r"""() => {
    const broken = [];
    for (const link of document.querySelectorAll('.sources a')) {
        const text = link.textContent;
        for (const match of text.matchAll(/\d+(?:\.\d+)+/g)) {
            const range = document.createRange();
            let offset = 0, start = null;
            const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const node = walker.currentNode, length = node.textContent.length;
                const from = match.index - offset, to = match.index + match[0].length - offset;
                if (start === null && from < length) { range.setStart(node, from); start = 1; }
                if (to <= length) { range.setEnd(node, to); break; }
                offset += length;
            }
            const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
            if (tops.size > 1) broken.push(match[0]);
        }
    }
    return broken;
}"""


@pytest.mark.parametrize("width", (320, 360, 1366))
def test_addresses_break_at_slashes_and_dots_never_inside_a_number(browser, site, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    found = {}
    for name in guide_pages(site):
        page.goto((site / name).as_uri())
        broken = page.evaluate(NUMBER_BREAKS)
        wide = page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")
        if broken or wide:
            found[name] = {"numbers broken": broken, "sideways scroll": wide}
    context.close()
    assert not found, f"at {width} px: {found}"


def test_addresses_in_sources_offer_breaks_after_slashes_and_before_dots(site):
    for name in guide_pages(site):
        for link in soup_of(site / name).select(".sources a"):
            text = link.decode_contents()
            for doi in re.findall(r"doi:[^\s<)]+(?:<wbr/?>[^\s<)]+)*", text):
                assert "/<wbr" in doi and not re.search(r"\d<wbr/?>\.\d", doi), f"{name}: {doi}"


# --- Heard in order ---------------------------------------------------------------------


def squeezed(text):
    return " ".join(text.split())


def region_name(soup, region):
    """A region's accessible name: its aria-labelledby elements' text, else its aria-label."""
    ids = (region.get("aria-labelledby") or "").split()
    labels = [soup.find(id=name) for name in ids]
    return squeezed(" ".join(label.get_text() for label in labels if label)) or squeezed(region.get("aria-label", ""))


def heading_texts(region):
    return {squeezed(heading.get_text()) for heading in region.select("h1, h2, h3, h4, h5, h6")}


def test_no_callout_is_a_named_region_that_repeats_its_heading(site):
    """A region named by its heading is announced twice: "Urgent advice: Get help now region,
    heading level 2, Urgent advice: Get help now". Landmarks keep their names; callouts do not need one;
    a table's scroll box is a region named by its caption, not by a heading."""
    for page in html_pages(site):
        soup = soup_of(page)
        regions = soup.select("section[aria-labelledby], section[aria-label], [role=region]")
        twice = [region_name(soup, r) for r in regions if region_name(soup, r) in heading_texts(r)]
        assert not twice, f"{page.name}: regions named by the heading they hold: {twice}"
        names = [n.get("aria-label") or n.get("aria-labelledby") for n in soup.select("nav, aside")]
        assert len(names) == len(set(names)), f"{page.name}: two landmarks share a name: {names}"


def test_a_breadcrumb_only_where_there_is_more_than_one_level(site):
    for page in html_pages(site):
        for crumb in soup_of(page).select(".site-nav"):
            items = crumb.select("li")
            assert len(items) >= 2, f"{page.name}: a breadcrumb of {len(items)} item repeats the site's name"


def test_the_downloads_stand_under_their_own_heading_after_the_sources(site):
    for name in guide_pages(site):
        soup = soup_of(site / name)
        editions = soup.select_one(".editions")
        if editions is None:
            continue  # a draft: no downloads
        heading = one(editions, "h2", name)
        assert editions.select("a[download]"), f"{name}: the downloads section has no download"
        sources = soup.select_one(".sources")
        assert sources is None or heading in sources.find_all_next("h2"), (
            f"{name}: the downloads sit before the sources"
        )
        assert heading.find_previous("h2") is not None and heading not in (sources or soup).find_all("h2")[:0]
