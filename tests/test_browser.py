"""The reading experience in a real browser: accessible, no outside requests, small, printable."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import html_pages

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
GUIDE = "ketamine-for-ptsd.html"
BUDGET_BYTES = 20 * 1024
BUDGET_REQUESTS = 2


ENHANCED_CONTRAST = "color-contrast-enhanced"  # WCAG AAA (7:1), run beside the AA rules
_AXE_RESULTS = {}


def axe_run(browser, url, color_scheme="light"):
    """axe-core's violations for a page, once per page and colour scheme (both contrast tests and
    the AA test read the same run). axe is injected by the test, so the context bypasses the CSP."""
    key = (url, color_scheme)
    if key not in _AXE_RESULTS:
        context = browser.new_context(bypass_csp=True, color_scheme=color_scheme)
        page = context.new_page()
        page.goto(url)
        axe = Axe()
        page.evaluate(axe.axe_script)
        # The AA rules of the tags and the AAA contrast rule (off by default), in one run.
        rules = [*page.evaluate(f"axe.getRules({AXE_TAGS!r}).map(r => r.ruleId)"), ENHANCED_CONTRAST]
        results = axe.run(page, options={"runOnly": {"type": "rule", "values": rules}})
        context.close()
        _AXE_RESULTS[key] = results.response["violations"]
    return _AXE_RESULTS[key]


def _describe(violations):
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: {v['nodes'][0]['target']})" for v in violations]


def axe_violations(browser, url, color_scheme="light"):
    """WCAG 2.0, 2.1 and 2.2 A and AA, and best practices."""
    return _describe([v for v in axe_run(browser, url, color_scheme) if v["id"] != ENHANCED_CONTRAST])


def contrast_violations(browser, url, color_scheme="light"):
    """Text below 7:1 (axe's color-contrast-enhanced rule)."""
    return _describe([v for v in axe_run(browser, url, color_scheme) if v["id"] == ENHANCED_CONTRAST])


def load_and_watch(browser, url, **context_options):
    """Open url; return (page, context, requests, failures, console errors)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    requests, failures, errors = [], [], []
    page.on("request", lambda r: requests.append(r))
    page.on("requestfailed", lambda r: failures.append(f"{r.url}: {r.failure}"))
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="load")
    return page, context, requests, failures, errors


def dev_pages(site):
    return [p.relative_to(site).as_posix() for p in html_pages(site)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_on_any_page(browser, site, scheme):
    found = {name: axe_violations(browser, (site / name).as_uri(), scheme) for name in dev_pages(site)}
    found = {name: v for name, v in found.items() if v}
    assert not found, f"axe-core violations in {scheme} mode: {found}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_text_contrast_is_at_least_7_to_1(browser, site, scheme):
    """WCAG AAA contrast (axe's color-contrast-enhanced rule), in light and dark mode."""
    found = {name: contrast_violations(browser, (site / name).as_uri(), scheme) for name in dev_pages(site)}
    found = {name: v for name, v in found.items() if v}
    assert not found, f"text below 7:1 contrast in {scheme} mode: {found}"


def test_every_page_opens_from_disk_without_outside_or_failed_requests(browser, site):
    for name in dev_pages(site):
        _, context, requests, failures, errors = load_and_watch(browser, (site / name).as_uri())
        outside = [r.url for r in requests if not r.url.startswith(site.as_uri() + "/")]
        context.close()
        assert not failures, f"{name} from disk: failed requests {failures}"
        assert not outside, f"{name} from disk: requests outside its own files {outside}"
        assert not errors, f"{name} from disk: console errors {errors}"


def test_every_page_under_a_sub_path_makes_only_own_requests(browser, site, serve):
    base = serve(site)
    for name in dev_pages(site):
        _, context, requests, failures, errors = load_and_watch(browser, base + name)
        outside = [r.url for r in requests if not r.url.startswith(base)]
        statuses = [(r.url, r.response().status) for r in requests if r.response() and r.response().status != 200]
        context.close()
        assert not failures and not statuses, f"{name} under {base}: failed {failures} {statuses}"
        assert not outside, f"{name} under {base}: requests elsewhere {outside}"
        assert not errors, f"{name} under {base}: console errors {errors}"


def test_guide_page_fits_the_request_and_byte_budget(browser, site, serve):
    base = serve(site)
    _, context, requests, _, _ = load_and_watch(browser, base + GUIDE)
    total = sum(r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in requests)
    count = len(requests)
    context.close()
    assert count <= BUDGET_REQUESTS, f"guide page made {count} requests: {[r.url for r in requests]}"
    assert total <= BUDGET_BYTES, f"guide page weighs {total} bytes, budget {BUDGET_BYTES}"


@pytest.mark.parametrize("name", ["index.html", GUIDE, "404.html"])
def test_nothing_scrolls_sideways_at_320_px(browser, site, name):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto((site / name).as_uri())
    width = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320, f"{name} is {width}px wide at a 320px viewport"


def test_text_stays_readable_at_200_percent_zoom(browser, site):
    # 200% zoom of a 640px window is a 320px layout with twice the font size.
    context = browser.new_context(viewport={"width": 640, "height": 800}, device_scale_factor=1)
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    page.evaluate("document.documentElement.style.fontSize = '200%'")
    overflow = page.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert overflow <= 640, f"at 200% text size the guide is {overflow}px wide in a 640px window"


def test_body_text_is_large_enough_on_phones(browser, site):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.guide__body p')).fontSize)")
    context.close()
    assert size >= 18, f"body text is {size}px on a phone; at least 1.125rem (18px) wanted"


def test_print_hides_navigation_and_keeps_crisis_box_and_dates(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    page.emulate_media(media="print")
    shown = page.evaluate("""() => Object.fromEntries(['.site-nav', '.contents-list', '.skip-link', '.editions',
        '.callout--urgent', '.review-dates', '.sources'].map(s => [s, document.querySelector(s)])
        .map(([s, e]) => [s, !!e && getComputedStyle(e).display !== 'none']))""")
    printed = page.evaluate("[...document.querySelectorAll('.sources a')].map(a => a.innerText)")
    context.close()
    assert not shown[".site-nav"] and not shown[".contents-list"] and not shown[".editions"], (
        f"print shows navigation: {shown}"
    )
    assert shown[".callout--urgent"] and shown[".review-dates"] and shown[".sources"], (
        f"print drops needed parts: {shown}"
    )
    assert printed and all("doi:10." in text for text in printed), f"print does not show each source's DOI: {printed}"


def test_first_tab_reaches_skip_link_that_moves_focus_to_main(browser, site):
    context = browser.new_context()
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "[document.activeElement.textContent.trim(), getComputedStyle(document.activeElement).outlineStyle]"
    )
    page.keyboard.press("Enter")
    target = page.evaluate("document.activeElement.id")
    context.close()
    assert focused[0] == "Skip to content", f"first Tab reached {focused[0]!r}"
    assert focused[1] != "none", "the focused skip link has no visible outline"
    assert target == "main-content", f"skip link moved focus to {target!r}"


def test_dark_mode_switches_to_the_dark_palette(browser, site):
    backgrounds = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto((site / GUIDE).as_uri())
        backgrounds[scheme] = page.evaluate("""() => {
            const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
            return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }""")
        context.close()
    assert backgrounds["light"] > 0.9 and backgrounds["dark"] < 0.2, f"page background luminance: {backgrounds}"


@pytest.mark.parametrize("motion,wanted", [("no-preference", "smooth"), ("reduce", "auto")])
def test_contents_links_scroll_smoothly_unless_the_reader_asks_for_less_motion(browser, site, motion, wanted):
    context = browser.new_context(reduced_motion=motion)
    page = context.new_page()
    page.goto((site / GUIDE).as_uri())
    behaviour = page.evaluate("getComputedStyle(document.documentElement).scrollBehavior")
    context.close()
    assert behaviour == wanted, f"with reduced motion {motion!r} the page scrolls {behaviour!r}"
