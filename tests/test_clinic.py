"""The clinic's own name on every page (CLINIC) and its colour (ACCENT_COLOR): shown where readers
look for them, refused when they would mislead or be unreadable, and absent when not set."""

import json
import re
import shutil

import pytest

from conftest import PUBLISH_SITEURL, ROOT, build_ok, content_problems, html_pages, one, soup_of
from guide import colours

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40"/></svg>'
CLINIC = {
    "name": "Riverside Clinic",
    "url": "https://riverside.example",
    "logo": "images/riverside-logo.svg",
    "phone": "(212) 555-0100",
    "email": "access@riverside.example",
    "address": "1 River Road, Springfield",
}


def wcag_contrast(a, b):
    """WCAG 2.2's contrast ratio, written out here rather than taken from the plugin."""

    def lum(colour):
        value = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        value = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in value]
        return 0.2126 * value[0] + 0.7152 * value[1] + 0.0722 * value[2]

    high, low = sorted((lum(a), lum(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def theme_backgrounds():
    import rcssmin

    return colours.backgrounds(rcssmin.cssmin((ROOT / "theme" / "css" / "guide.css").read_text()))


def content_with_logo(folder):
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "images").mkdir(exist_ok=True)
    (content / CLINIC["logo"]).write_text(LOGO)
    return content


@pytest.fixture(scope="module")
def clinic_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("clinic")
    extra = ("-e", f"CLINIC={json.dumps(CLINIC)}", 'ACCENT_COLOR="#0b5394"')
    return build_ok(
        folder / "output",
        content=content_with_logo(folder),
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
        extra=extra,
    )


def test_an_accent_colour_too_light_to_read_is_refused_with_its_contrast_and_the_nearest_that_passes(tmp_path):
    problems = [str(p) for p in content_problems(ROOT / "content", ACCENT_COLOR="#7fa7d9")]
    [message] = [p for p in problems if "ACCENT_COLOR" in p]
    assert "pelicanconf.py" in message and "#7fa7d9" in message, message
    shown = float(re.search(r"contrast of ([\d.]+):1", message)[1])
    light = theme_backgrounds()["light"]
    assert abs(shown - min(wcag_contrast("#7fa7d9", bg) for bg in light)) < 0.1, message
    better = re.search(r'use "(#[0-9a-f]{6})"', message)[1]
    assert min(wcag_contrast(better, bg) for bg in light) >= 4.5, f"the suggested {better} does not pass"
    assert not [p for p in content_problems(ROOT / "content", ACCENT_COLOR=better) if "ACCENT_COLOR" in str(p)]


@pytest.mark.parametrize(
    "clinic,named",
    [
        ({"url": "https://x.example"}, "has no name"),
        ({"name": "X", "email": "not an address"}, "not an e-mail address"),
        ({"name": "X", "url": "http://x.example"}, "not a web address"),
        ({"name": "X", "logo": "images/missing.svg"}, "not a file in content/images/"),
        ({"name": "X", "fax": "555"}, "'fax', which it does not know"),
        ({"name": "X", "phone": "call us"}, "not a phone number"),
    ],
)
def test_clinic_settings_that_would_mislead_are_refused_naming_the_value(clinic, named):
    problems = [str(p) for p in content_problems(ROOT / "content", CLINIC=clinic) if "CLINIC" in str(p)]
    assert len(problems) == 1 and named in problems[0] and "pelicanconf.py, line" in problems[0], problems


def test_the_clinic_is_in_every_pages_header_and_footer(clinic_site):
    for page in html_pages(clinic_site):
        soup = soup_of(page)
        logo = one(soup, ".site-header__name img.site-header__logo", page.name)
        assert logo["alt"] == CLINIC["name"] and (logo["width"], logo["height"]) == ("120", "40"), page.name
        if "single-file" in page.name:
            assert logo["src"].startswith("data:image/svg+xml"), f"{page.name}: the logo needs another file"
        else:  # the 404 page is served at any address: its links are absolute
            src = logo["src"].removeprefix(PUBLISH_SITEURL + "/")
            assert (page.parent / src).resolve().is_file(), f"{page.name}: the logo is not in the site"
        footer = one(soup, "footer address.site-footer__clinic", page.name)
        text = " ".join(footer.get_text().split())
        assert CLINIC["name"] in text and CLINIC["address"] in text, text
        links = {a["href"] for a in footer.select("a")}
        assert {f"mailto:{CLINIC['email']}", CLINIC["url"], "tel:+12125550100"} <= links, links


def test_the_statement_names_the_clinic_and_its_contact(clinic_site):
    statement = soup_of(clinic_site / "accessibility.html")
    assert f"published by {CLINIC['name']}" in statement.get_text()
    report = statement.find(id="report-a-problem").find_next("p")
    assert report.find("a", href=f"mailto:{CLINIC['email']}"), "Report a problem does not lead to the clinic"


def test_search_engines_see_the_clinic_as_publisher(clinic_site):
    data = json.loads(soup_of(clinic_site / "ketamine-for-ptsd.html").find("script", type="application/ld+json").string)
    publisher = data["publisher"]
    assert publisher["@type"] == "Organization" and publisher["name"] == CLINIC["name"]
    assert publisher["logo"] == f"{PUBLISH_SITEURL}/{CLINIC['logo']}" and publisher["url"] == CLINIC["url"]


def test_the_accent_colours_links_and_a_lighter_twin_reads_in_dark_mode(clinic_site):
    css = soup_of(clinic_site / "index.html").style.string
    assert "--link:#0b5394" in css, "the accent colour does not colour links"
    twin = re.search(r"prefers-color-scheme:dark\)\{:root\{--link:(#[0-9a-f]{6})", css)[1]
    dark = theme_backgrounds()["dark"]
    assert min(wcag_contrast(twin, bg) for bg in dark) >= 7, f"the dark twin {twin} is hard to read"


def test_without_clinic_settings_the_site_carries_no_clinic_and_the_themes_own_colours(site, settings):
    import rcssmin

    assert settings.get("CLINIC") is None and settings.get("ACCENT_COLOR") is None
    theme = rcssmin.cssmin((ROOT / "theme" / "css" / "guide.css").read_text())
    for page in html_pages(site):
        soup = soup_of(page)
        assert not soup.select(".site-header__logo, .site-header__clinic, .site-footer__clinic"), page.name
        assert soup.style.string == theme, f"{page.name}: the stylesheet is not the theme's own"


def test_publish_warns_when_readers_have_no_contact_for_problems(tmp_path, clinic_site):
    from conftest import build

    without = build(tmp_path / "a", conf="publishconf.py", env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"})
    assert "no accessibility contact" in without.stdout + without.stderr
    contact = {"name": "X", "email": "access@x.example"}
    with_clinic = build(
        tmp_path / "b",
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
        extra=("-e", f"CLINIC={json.dumps(contact)}"),
    )
    assert with_clinic.returncode == 0 and "no accessibility contact" not in with_clinic.stdout + with_clinic.stderr


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_clinics_pages_pass_axe_and_fit_a_320_px_screen(browser, clinic_site, scheme):
    from test_browser import axe_violations

    found = {}
    for page in html_pages(clinic_site):
        if page.name.startswith("404"):
            continue  # its links are absolute, to the live site
        violations = axe_violations(browser, page.as_uri(), scheme)
        context = browser.new_context(viewport={"width": 320, "height": 700}, color_scheme=scheme)
        view = context.new_page()
        view.goto(page.as_uri())
        wide = view.evaluate("document.documentElement.scrollWidth")
        context.close()
        if violations or wide > 320:
            found[page.name] = {"axe": violations, "width": wide}
    assert not found, f"with CLINIC and ACCENT_COLOR ({scheme}): {found}"
