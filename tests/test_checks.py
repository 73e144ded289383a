"""Every edit that would give a wrong page is refused with its file, line and fix: a table of
broken guides checked in-process (no build), and unit tests of the plugin's parts."""

import re

import pytest

from conftest import ROOT, content_problems, write_content
from guide import clinic_settings, guide_page, host_files, markup, stylesheet

HEADER = "Title: Guide\nSummary: About it.\nDate: 2026-01-10\nNext_review: 2027-01-10\n"
BODY = "\n## Part {#part}\n\nText.\n"
GOOD = HEADER + BODY
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>'

# case: ({file: text}, {setting: value}, [(file, line or None, words the message must contain), ...])
BROKEN = {
    "missing title": (
        {"a.md": "Summary: s\nDate: 2026-01-10\nNext_review: 2027-01-10\n" + BODY},
        {},
        [("a.md", 1, '"Title" line is missing')],
    ),
    "empty summary": (
        {"a.md": "Title: T\nSummary:\nDate: 2026-01-10\nNext_review: 2027-01-10\n" + BODY},
        {},
        [("a.md", 2, '"Summary" line is empty')],
    ),
    "missing date": (
        {"a.md": "Title: T\nSummary: s\nNext_review: 2027-01-10\n" + BODY},
        {},
        [("a.md", 1, '"Date" line is missing')],
    ),
    "missing review date": (
        {"a.md": "Title: T\nSummary: s\nDate: 2026-01-10\n" + BODY},
        {},
        [("a.md", 1, '"Next_review" line is missing')],
    ),
    "partial date": (
        {"a.md": HEADER.replace("2026-01-10", "2024-05") + BODY},
        {},
        [("a.md", 3, '"Date: 2024-05" is not a full date')],
    ),
    "impossible date": (
        {"a.md": HEADER.replace("2026-01-10", "2026-02-30") + BODY},
        {},
        [("a.md", 3, '"Date: 2026-02-30" is not a full date')],
    ),
    "review before update": (
        {"a.md": HEADER.replace("Next_review: 2027-01-10", "Modified: 2026-06-01\nNext_review: 2026-03-01") + BODY},
        {},
        [("a.md", 5, "earlier than the last update")],
    ),
    "review on the day of the update": (
        {"a.md": HEADER.replace("2027-01-10", "2026-01-10") + BODY},
        {},
        [("a.md", 4, "the same day as the last update")],
    ),
    "modified before date": (
        {"a.md": HEADER + "Modified: 2025-12-01\n" + BODY},
        {},
        [("a.md", 5, '"Modified: 2025-12-01" is earlier than "Date: 2026-01-10"')],
    ),
    "misspelt key": ({"a.md": HEADER + "Modifed: 2026-02-01\n" + BODY}, {}, [("a.md", 5, 'did you mean "Modified:"')]),
    "unknown key": (
        {"a.md": HEADER + "Reviewer: Somebody\n" + BODY},
        {},
        [("a.md", 5, '"Reviewer:" is not a metadata line the guide knows')],
    ),
    "wrapped summary": (
        {
            "a.md": "Title: T\nSummary: About the guide\nand more of it.\nDate: 2026-01-10\nNext_review: 2027-01-10\n"
            + BODY
        },
        {},
        [("a.md", 3, 'continues the "Summary" line')],
    ),
    "bad status": ({"a.md": HEADER + "Status: publish\n" + BODY}, {}, [("a.md", 5, '"Status: publish" is not valid')]),
    "bad language": ({"a.md": HEADER + "Lang: Spanish\n" + BODY}, {}, [("a.md", 5, '"Lang: Spanish" is not valid')]),
    "link to missing file": (
        {"a.md": GOOD + "\nSee [the other guide]({filename}other.md).\n"},
        {},
        [("a.md", 10, "points to a file that does not exist")],
    ),
    "link to missing fragment": (
        {"a.md": GOOD + "\nSee [b]({filename}b.md#nowhere).\n", "b.md": GOOD.replace("Guide", "B")},
        {},
        [("a.md", 10, 'points to "#nowhere", which is not on that page')],
    ),
    "in-page link to missing section": (
        {"a.md": GOOD + "\nSee [below](#nothing-here).\n"},
        {},
        [("a.md", 10, '"#nothing-here" points to a part of the page that does not exist')],
    ),
    "image without alt": (
        {"a.md": GOOD + '\n<img src="images/x.svg">\n', "images/x.svg": SVG},
        {},
        [("a.md", 10, "has no alt text")],
    ),
    "markdown image with empty alt": (
        {"a.md": GOOD + "\n![](images/x.svg)\n", "images/x.svg": SVG},
        {},
        [("a.md", 10, "has no alt text")],
    ),
    "missing image": (
        {"a.md": GOOD + "\n![A quiet room](images/room.png)\n"},
        {},
        [("a.md", 10, 'the image "images/room.png" points to a file that does not exist')],
    ),
    "heading skips a level": (
        {"a.md": HEADER + "\n## Part {#part}\n\n#### Detail\n\nText.\n"},
        {},
        [("a.md", 8, "jumps from level 2 to level 4")],
    ),
    "second level-1 heading": ({"a.md": HEADER + "\n# Big\n" + BODY}, {}, [("a.md", 6, "is a level-1 heading")]),
    "section without id": (
        {"a.md": HEADER + "\n## Part\n\nText.\n"},
        {},
        [("a.md", 6, 'the section "Part" has no id')],
    ),
    "setext section without id": (
        {"a.md": HEADER + "\nPart\n----\n\nText.\n"},
        {},
        [("a.md", 6, 'the section "Part" has no id')],
    ),
    "id with spaces": (
        {"a.md": HEADER + "\n## Is it safe? {#is it safe}\n\nText.\n"},
        {},
        [("a.md", 6, 'the id "{#is it safe}" of the section "Is it safe?" is not valid')],
    ),
    "id used twice": (
        {"a.md": GOOD + "\n## Again {#part}\n\nMore.\n"},
        {},
        [("a.md", 10, 'the id "part" is used twice')],
    ),
    "theme's own id": (
        {"a.md": GOOD + "\n## Help {#get-help-now}\n\nMore.\n"},
        {},
        [("a.md", 10, 'the id "get-help-now" is used by the page itself')],
    ),
    "script": ({"a.md": GOOD + "\n<script>alert(1)</script>\n"}, {}, [("a.md", 10, "<script> is not allowed")]),
    "iframe": (
        {"a.md": GOOD + '\n<iframe src="https://video.example/1"></iframe>\n'},
        {},
        [("a.md", 10, "<iframe> is not allowed")],
    ),
    "object": ({"a.md": GOOD + '\n<object data="x.swf"></object>\n'}, {}, [("a.md", 10, "<object> is not allowed")]),
    "embed": ({"a.md": GOOD + '\n<embed src="x.swf">\n'}, {}, [("a.md", 10, "<embed> is not allowed")]),
    "form": (
        {"a.md": GOOD + '\n<form action="https://x.example"><input name="q"></form>\n'},
        {},
        [("a.md", 10, "<form> is not allowed")],
    ),
    "style element": (
        {"a.md": GOOD + "\n<style>p { color: red }</style>\n"},
        {},
        [("a.md", 10, "<style> is not allowed")],
    ),
    "style attribute": (
        {"a.md": GOOD + '\n<p style="color: red">Red.</p>\n'},
        {},
        [("a.md", 10, 'the style="..." attribute on <p>')],
    ),
    "two guides with one page name": (
        {"one/faq.md": GOOD, "two/faq.md": GOOD},
        {},
        [("two/faq.md", None, 'the same page name ("faq", language "en")')],
    ),
    "reStructuredText guide": (
        {"a.md": GOOD, "b.rst": "Title\n=====\n"},
        {},
        [("b.rst", None, "only Markdown guides are built")],
    ),
    "not an image in images/": (
        {"a.md": GOOD, "images/notes.txt": "x"},
        {},
        [("images/notes.txt", None, "not an image")],
    ),
    "empty crisis lines": ({"a.md": GOOD}, {"CRISIS_LINES": ()}, [("pelicanconf.py", None, "CRISIS_LINES is empty")]),
    "empty crisis heading": (
        {"a.md": GOOD},
        {"CRISIS_HEADING": " "},
        [("pelicanconf.py", None, "CRISIS_HEADING is empty")],
    ),
    "crisis line not text": (
        {"a.md": GOOD},
        {"CRISIS_LINES": ("Call 999.", 999)},
        [("pelicanconf.py", None, "non-text line")],
    ),
    "empty site name": (
        {"a.md": GOOD},
        {"SITENAME": ""},
        [("pelicanconf.py", None, "SITENAME must be a line of text")],
    ),
    "no disclaimer": (
        {"a.md": GOOD},
        {"DISCLAIMER": None},
        [("pelicanconf.py", None, "DISCLAIMER must be a line of text")],
    ),
    "crisis box switch not a yes/no": (
        {"a.md": GOOD},
        {"CRISIS_BOX": "no"},
        [("pelicanconf.py", None, "CRISIS_BOX is 'no'")],
    ),
    "three problems at once": (
        {"a.md": "Summary: s\nDate: 2026-1-5\nNext_review: 2027-01-10\n\n## A {#a}\n\n#### B\n"},
        {},
        [
            ("a.md", 1, '"Title" line is missing'),
            ("a.md", 2, "is not a full date"),
            ("a.md", 7, "jumps from level 2 to level 4"),
        ],
    ),
}


def where(problem, content):
    return problem.path.replace(str(content) + "/", ""), problem.line


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_content_is_refused_with_file_line_and_fix(case, tmp_path):
    files, settings, wanted = BROKEN[case]
    content = write_content(tmp_path / "content", files)
    problems = content_problems(content, **settings)
    shown = "\n".join(str(p) for p in problems)
    assert len(problems) == len(wanted), f"{case}: expected {len(wanted)} problem(s), got:\n{shown}"
    for name, line, words in wanted:
        matching = [p for p in problems if words in f"{p.what} {p.fix}" and p.path.endswith(name)]
        assert matching, f"{case}: no problem in {name} saying {words!r}:\n{shown}"
        if line is not None:
            assert matching[0].line == line, f"{case}: {words!r} reported at line {matching[0].line}, not {line}"
        assert matching[0].fix, f"{case}: the problem gives no fix"


@pytest.mark.parametrize(
    "case",
    [
        "byte-order mark",
        "decorative image",
        "metadata in any case",
        "continuation indented",
        "fenced code with a heading",
    ],
)
def test_valid_content_is_accepted(case, tmp_path):
    files = {
        "byte-order mark": {"a.md": "\ufeff" + GOOD},
        "decorative image": {"a.md": GOOD + '\n<img src="images/x.svg" alt="">\n', "images/x.svg": SVG},
        "metadata in any case": {"a.md": GOOD.replace("Next_review", "next_review").replace("Title", "TITLE")},
        "continuation indented": {"a.md": GOOD.replace("About it.", "About it\n    and more.")},
        "fenced code with a heading": {"a.md": GOOD + "\n```\n## not a heading\n<script>\n```\n"},
    }[case]
    problems = content_problems(write_content(tmp_path / "content", files))
    assert not problems, f"{case}: valid content refused:\n" + "\n".join(map(str, problems))


def test_the_guide_itself_has_no_problem():
    assert content_problems(ROOT / "content") == []


def test_a_single_crisis_line_without_its_comma_is_one_line():
    settings = {
        "SITENAME": "S",
        "SITE_DESCRIPTION": "D",
        "DISCLAIMER": "D",
        "SITE_SLUG": "s",
        "CRISIS_HEADING": "Get help now",
        "CRISIS_LINES": "In an emergency, call 999.",
    }
    assert clinic_settings.check(settings) == []
    assert settings["CRISIS_LINES"] == ("In an emergency, call 999.",)


def test_no_crisis_box_on_purpose_needs_no_lines():
    settings = {
        "SITENAME": "S",
        "SITE_DESCRIPTION": "D",
        "DISCLAIMER": "D",
        "SITE_SLUG": "s",
        "CRISIS_BOX": False,
        "CRISIS_HEADING": "",
        "CRISIS_LINES": (),
    }
    assert clinic_settings.check(settings) == []


def test_settings_problems_name_the_line_in_pelicanconf(monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = {
        "SITENAME": "S",
        "SITE_DESCRIPTION": "D",
        "DISCLAIMER": "D",
        "SITE_SLUG": "s",
        "CRISIS_HEADING": "H",
        "CRISIS_LINES": (),
    }
    [problem] = clinic_settings.check(settings)
    line = next(
        n
        for n, text in enumerate((ROOT / "pelicanconf.py").read_text().splitlines(), 1)
        if text.startswith("CRISIS_LINES")
    )
    assert (problem.path, problem.line) == ("pelicanconf.py", line)


# --- The scanner and the component split -------------------------------------------------


def test_scanner_finds_headings_with_their_offsets():
    text = '<p>x</p>\n<h2 id="a">One &amp; <em>two</em></h2>\n<h3>Three</h3>'
    found = markup.scan(text)
    assert [(h.level, h.id, h.text) for h in found.headings] == [(2, "a", "One & two"), (3, None, "Three")]
    first = found.headings[0]
    assert text[first.start : first.end] == '<h2 id="a">One &amp; <em>two</em></h2>'


def test_comments_are_removed_and_nothing_else():
    text = "<p>a<!-- private: ask Dr X about patient Y --></p>\n<!--\nmore\n-->\n<p>b</p>"
    assert markup.without_comments(text) == "<p>a</p>\n\n<p>b</p>"


def section(heading_id, title, text):
    return f'<h2 id="{heading_id}">{title}</h2>\n<p>{text}</p>\n'


def test_components_are_placed_by_id_wherever_they_are_written():
    html = (
        "<p>Intro.</p>\n"
        + section("important-to-know", "Important to know", "Not approved.")
        + section("safety", "Is It Safe?", "Safe text.")
        + section("sources", "Sources", "Study.")
        + section("after", "Added after sources", "Later text.")
    )
    parts = guide_page.split(html)
    assert parts["important-to-know"]["html"] == "<p>Not approved.</p>", "the callout swallowed another section"
    assert parts["sources"]["html"] == "<p>Study.</p>", "the sources swallowed another section"
    assert "Safe text." in parts["body"] and "Later text." in parts["body"] and "Intro." in parts["body"]
    assert "Not approved." not in parts["body"] and "Study." not in parts["body"]
    items = [item["id"] for item in guide_page.contents_items(html)]
    assert items == ["safety", "after", "important-to-know", "sources"], "contents must follow the page's order"


def test_footnotes_stay_in_the_article_text_before_the_sources():
    html = (
        section("research", "Research", 'Text<sup id="fnref:1"><a href="#fn:1">1</a></sup>.')
        + section("sources", "Sources", "Study.")
        + '<div class="footnote">\n<hr>\n<ol><li id="fn:1">Note.</li></ol>\n</div>'
    )
    parts = guide_page.split(html)
    assert 'id="fn:1"' in parts["body"] and "fn:1" not in parts["sources"]["html"]


def test_dates_are_written_in_the_guides_language_whatever_the_machine_locale():
    import datetime

    day = datetime.date(2026, 11, 26)
    assert guide_page.guide_date(day, "en") == "26 November 2026"
    assert guide_page.guide_date(day, "es") == "26 de noviembre de 2026"


# --- Stylesheet and host files ------------------------------------------------------------


def test_minified_css_keeps_strings_and_is_smaller(tmp_path):
    (tmp_path / "css").mkdir()
    source = 'a::after {  content: "a:  b" ; }\n/* note */\np { color : red; }\n'
    (tmp_path / "css" / "guide.css").write_text(source)
    css, problems = stylesheet.read(tmp_path)
    assert not problems and '"a:  b"' in css and "note" not in css and len(css) < len(source)


def test_stylesheet_that_would_end_the_style_element_is_refused(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "guide.css").write_text('p::after { content: "</style>"; }')
    _, problems = stylesheet.read(tmp_path)
    assert problems and "</" in problems[0].what


def test_policy_allows_the_stylesheet_own_images_and_nothing_from_elsewhere():
    policy = stylesheet.content_security_policy("p{}")
    assert policy.startswith("default-src 'none';") and stylesheet.csp_hash("p{}") in policy
    assert "img-src 'self' data:" in policy and "connect-src 'self'" in policy


class Guide:
    def __init__(self, url, day):
        import datetime

        self.url, self.last_updated = url, datetime.date.fromisoformat(day)


def test_sitemap_lists_home_and_guides_with_their_dates():
    xml = host_files.sitemap("https://example.org/g", [Guide("a.html", "2026-01-02"), Guide("b&c.html", "2026-03-04")])
    assert "<loc>https://example.org/g/index.html</loc><lastmod>2026-03-04</lastmod>" in xml
    assert "<loc>https://example.org/g/b&amp;c.html</loc><lastmod>2026-03-04</lastmod>" in xml


def test_headers_file_carries_the_policy_and_caching():
    text = host_files.headers("default-src 'none'")
    assert "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'" in text
    assert "X-Content-Type-Options: nosniff" in text and "/*.pdf\n  Cache-Control: public, max-age=86400" in text


def test_every_message_in_the_readme_is_one_the_build_gives(tmp_path):
    """README "When the build fails" shows real messages: each is produced by a case of BROKEN."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## When the build fails", 1)[1].split("\n## ", 1)[0]
    shown = [m for m in re.findall(r"^\|[^|]*\| `([^`]+)`", section, re.M)]
    assert len(shown) >= 25, "the README lists fewer checks than it should"
    given = set()
    for number, case in enumerate(sorted(BROKEN)):
        files, settings, _ = BROKEN[case]
        content = write_content(tmp_path / str(number) / "content", files)
        for problem in content_problems(content, **settings):
            given.add(str(problem).split("\n")[0].replace(f"{content}/", "content/"))
    given.add('content/a.md, line 10: a link on the page ("leaflet.html") points to a file that is not in the site.')
    missing = [message for message in shown if message not in given]
    assert not missing, f"README messages the build does not give: {missing}"
