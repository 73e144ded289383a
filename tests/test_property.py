"""Property: whatever one realistic defect an editor adds to a valid guide, the build either
succeeds and the page holds every heading, list item and crisis line, or it fails naming the
source file, never with a traceback."""

import json

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import build, project_settings, without_expansions, write_content
from guide import crisis

WORDS = st.sampled_from(["Ketamine", "PTSD", "safety", "clinic", "dose", "naïve", "“quotes”", "50%", "a & b", "x < y"])
TEXT = st.lists(WORDS, min_size=1, max_size=5).map(" ".join)
IDS = st.from_regex(r"[a-z][a-z0-9]{1,8}", fullmatch=True)


@st.composite
def guides(draw):
    ids = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    sections = [(draw(TEXT), section_id, draw(st.lists(TEXT, max_size=4))) for section_id in ids]
    return draw(TEXT), draw(TEXT), sections


def render(title, summary, sections, header_extra=""):
    lines = [f"Title: {title}", f"Summary: {summary}", "Date: 2026-01-10", "Next_review: 2027-01-10"]
    text = "\n".join(lines) + header_extra + "\n\nIntroduction.\n"
    for heading, section_id, items in sections:
        text += f"\n## {heading} {{#{section_id}}}\n\nSome text.\n"
        text += "".join(f"\n- {item}" for item in items) + ("\n" if items else "")
    return text


# Each defect: (name, edit of the Markdown text, settings override, the file a refusal names or
# None when the guide must build). The outcome is decided here, before the build runs: a test
# that accepted either outcome would pass even if every guide were refused.
BUILDS = None
DEFECTS = [
    ("none", lambda t: t, {}, BUILDS),
    ("byte-order mark", lambda t: "\ufeff" + t, {}, BUILDS),
    ("typo in a key", lambda t: t.replace("Next_review:", "Next_reveiw:"), {}, "guide.md"),
    ("partial date", lambda t: t.replace("Date: 2026-01-10", "Date: 2026-01"), {}, "guide.md"),
    ("wrapped summary", lambda t: t.replace("\nDate:", " and\nmore\nDate:", 1), {}, "guide.md"),
    ("missing title", lambda t: t.split("\n", 1)[1], {}, "guide.md"),
    ("heading without id", lambda t: t.replace("\n## ", "\n## Untitled\n\nText.\n\n## ", 1), {}, "guide.md"),
    ("id with a space", lambda t: t.replace("{#", "{#x ", 1), {}, "guide.md"),
    (
        "duplicate id",
        lambda t: t + "\n## Again {#" + t.split("{#", 1)[1].split("}", 1)[0] + "}\n\nMore.\n",
        {},
        "guide.md",
    ),
    ("skipped level", lambda t: t + "\n#### Detail\n\nMore.\n", {}, "guide.md"),
    ("script", lambda t: t + "\n<script>alert(1)</script>\n", {}, "guide.md"),
    ("iframe", lambda t: t + '\n<iframe src="https://video.example/1"></iframe>\n', {}, "guide.md"),
    ("style attribute", lambda t: t + '\n<p style="color:red">Red</p>\n', {}, "guide.md"),
    ("private comment", lambda t: t + "\n<!-- ask Dr Example -->\n", {}, BUILDS),
    ("missing image", lambda t: t + "\n![A room](images/room.png)\n", {}, "guide.md"),
    ("broken section link", lambda t: t + "\nSee [there](#nowhere).\n", {}, "guide.md"),
    (
        "important section first",
        lambda t: t.replace(
            "\nIntroduction.\n", "\nIntroduction.\n\n## Important to know {#important-to-know}\n\n- Note.\n", 1
        ),
        {},
        BUILDS,
    ),
    ("crisis lines as one string", lambda t: t, {"CRISIS_LINES": "In an emergency, call 911."}, BUILDS),
    ("crisis line with markup before the number", lambda t: t, {"CRISIS_LINES": ["<b>Now</b>: call 911."]}, BUILDS),
    ("empty crisis lines", lambda t: t, {"CRISIS_LINES": []}, "pelicanconf.py"),
    ("empty site name", lambda t: t, {"SITENAME": ""}, "pelicanconf.py"),
]


def assert_refused(name, result, folder, names):
    assert result.returncode == 1, f"{name}: the build should stop with exit 1:\n{result.stdout}\n{result.stderr}"
    assert names in result.stderr, f"{name}: the build stopped without naming {names}:\n{result.stderr}"
    assert not (folder / "out" / "guide.html").exists(), f"{name}: a refused guide was written"


def assert_built_as_written(name, result, folder, sections, lines):
    assert result.returncode == 0, f"{name}: a valid guide was refused:\n{result.stderr}"
    page = BeautifulSoup((folder / "out" / "guide.html").read_text(encoding="utf-8"), "html.parser")
    meanings = project_settings()["ABBREVIATIONS"]  # spelt out in brackets on first use
    headings = [without_expansions(h.get_text(" ", strip=True), meanings) for h in page.select("main h2")]
    listed = [
        without_expansions(li.get_text(" ", strip=True), meanings)
        for li in page.select(".guide__intro li, .guide__body li")
    ]
    for heading, _, items in sections:
        assert " ".join(heading.split()) in headings, f"{name}: the heading {heading!r} is missing: {headings}"
        for item in items:
            assert " ".join(item.split()) in listed, f"{name}: the list item {item!r} is missing"
    shown = [p.get_text() for p in page.select(".callout--urgent p")]
    assert shown == lines, f"{name}: the crisis box shows {shown}, not {lines}"
    assert "<!--" not in str(page), f"{name}: a comment reached the page"
    return page


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(guide=guides(), defect=st.sampled_from(DEFECTS))
def test_a_guide_with_one_defect_builds_right_or_fails_naming_the_file(tmp_path_factory, settings, guide, defect):
    name, edit, overrides, refusal_names = defect
    title, summary, sections = guide
    folder = tmp_path_factory.mktemp("property")
    content = write_content(folder / "content", {"guide.md": edit(render(title, summary, sections))})
    extra = [item for key, value in overrides.items() for item in ("-e", f"{key}={json.dumps(value)}")]
    result = build(folder / "out", content=content, extra=extra)
    assert "Traceback" not in result.stderr + result.stdout, f"{name}: a traceback:\n{result.stderr}"
    if refusal_names:
        assert_refused(name, result, folder, refusal_names)
        return
    lines = overrides.get("CRISIS_LINES", settings["CRISIS_LINES"])
    lines = [lines] if isinstance(lines, str) else list(lines)
    page = assert_built_as_written(name, result, folder, sections, lines)
    for line, shown in zip(lines, page.select(".callout--urgent p"), strict=True):
        # Plain text, shown as typed (markup included, never run); each number one link dialling it.
        links = [(a.get_text(), a["href"]) for a in shown.select("a")]
        wanted = [(line[n.start : n.end], n.href) for n in crisis.find(line, settings["REGION"]) if n.valid]
        assert links == wanted, f"{name}: the line {line!r} links {links}, not {wanted}"
