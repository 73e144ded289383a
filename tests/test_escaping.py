"""Titles, summaries and settings are text: whatever they hold, they show as written and add no element."""

import json
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import build_ok, feed_of, one

SITEURL = "https://example.org/guides"
TOKENS = [
    "<",
    ">",
    "&",
    '"',
    "'",
    "</script>",
    "<b>bold</b>",
    "&amp;",
    "<!--",
    "-->",
    "</style>",
    "]]>",
    "{}",
    "Ketamine",
    "PTSD",
    "кетамин",
    "ケタミン",
    "كيتامين",
    "Ψυχή",
    "naïve",
    "—",
    "😌",
    "50%",
]
TEXT = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8).map(" ".join)
ATOM = "{http://www.w3.org/2005/Atom}"


def build_guide(tmp_path, title, summary, extra=()):
    content = tmp_path / "content"
    content.mkdir(exist_ok=True)
    (content / "guide.md").write_text(
        f"Title: {title}\nSummary: {summary}\nDate: 2026-01-10\nNext_review: 2027-01-10\n\n"
        "## Part {#part}\n\nText.\n",
        encoding="utf-8",
    )
    return build_ok(
        tmp_path / "out",
        content=content,
        conf="publishconf.py",
        env={"SITEURL": SITEURL, "PDF_EDITION": "false"},
        extra=extra,
    )


def tags(soup):
    return [tag.name for tag in soup.find_all(True)]


def read(output):
    page = BeautifulSoup((output / "guide.html").read_text(encoding="utf-8"), "html.parser")
    feed = ET.parse(output / feed_of()).getroot().find(f"{ATOM}entry")
    return page, feed


@pytest.fixture(scope="module")
def baseline_tags(tmp_path_factory):
    """The elements of a guide whose title and summary are plain words."""
    page, _ = read(build_guide(tmp_path_factory.mktemp("baseline"), "Plain", "Plain"))
    return tags(page)


@hypothesis_settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=TEXT, summary=TEXT)
@example(title="</script><script>alert(1)</script>", summary="<!-- </SCRIPT > & ]]>")  # always tried
@example(title="a </script", summary="</script>")
def test_title_and_summary_appear_exactly_as_written_everywhere(
    tmp_path_factory, baseline_tags, settings, title, summary
):
    output = build_guide(tmp_path_factory.mktemp("escaping"), title, summary)
    page, feed = read(output)
    assert one(page, "h1").get_text() == title, "the h1 is not the title as written"
    assert one(page, "title").get_text() == f"{title} – {settings['SITENAME']}", "the <title> is not as written"
    assert page.find("meta", attrs={"name": "description"})["content"] == summary
    assert page.find("meta", property="og:title")["content"] == title
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert (data["name"], data["description"]) == (title, summary)
    assert feed.findtext(f"{ATOM}title") == title
    assert BeautifulSoup(feed.findtext(f"{ATOM}summary"), "html.parser").get_text() == summary
    assert tags(page) == baseline_tags, "the metadata added or removed an element"


def test_site_name_and_crisis_lines_are_escaped(tmp_path):
    nasty = 'Clinic <script>alert(1)</script> & "Co"'
    extra = [
        "-e",
        f"SITENAME={json.dumps(nasty)}",
        f"CRISIS_LINES={json.dumps(['Call 911. ' + nasty])}",  # a crisis line needs a number
        f"DISCLAIMER={json.dumps(nasty)}",
    ]
    output = build_guide(tmp_path, "Plain", "Plain", extra=extra)
    for name in ("guide.html", "index.html", "404.html", "accessibility.html"):
        soup = BeautifulSoup((output / name).read_text(encoding="utf-8"), "html.parser")
        assert not soup.find("script", type=lambda t: t != "application/ld+json"), (
            f"{name}: a setting injected a script"
        )
        for selector in ("title", ".site-header__name", ".callout--urgent p", ".disclaimer"):
            shown = one(soup, selector, name).get_text()
            assert shown.endswith(nasty), f"{name}: {selector} shows {shown!r}, not the setting as written"
    feed = ET.parse(output / feed_of()).getroot()
    assert feed.findtext(f"{ATOM}title") == nasty


@pytest.mark.parametrize("text", ["</script>", "</SCRIPT >", "<!--", "]]>", "a & b", "\u2028"])
def test_structured_data_can_never_end_its_script_element(text):
    from guide.publishing import script_safe_json

    data = script_safe_json({"name": text, "nested": [text]})
    assert "<" not in data and ">" not in data and "&" not in data, data
    assert json.loads(data) == {"name": text, "nested": [text]}
