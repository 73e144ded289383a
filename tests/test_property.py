"""Property: whatever one realistic defect an editor adds to a valid guide, the build either
succeeds and the page holds every heading, list item and crisis line, or it fails naming the
source file, never with a traceback."""

import json

from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from conftest import build, write_content

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


# Each defect: (name, edit of the Markdown text, settings override)
DEFECTS = [
    ("none", lambda t: t, {}),
    ("byte-order mark", lambda t: "\ufeff" + t, {}),
    ("typo in a key", lambda t: t.replace("Next_review:", "Next_reveiw:"), {}),
    ("partial date", lambda t: t.replace("Date: 2026-01-10", "Date: 2026-01"), {}),
    ("wrapped summary", lambda t: t.replace("\nDate:", " and\nmore\nDate:", 1), {}),
    ("missing title", lambda t: t.split("\n", 1)[1], {}),
    ("heading without id", lambda t: t.replace(" {#", " {#", 1).replace("\n## ", "\n## Untitled\n\n## ", 1), {}),
    ("id with a space", lambda t: t.replace("{#", "{#x ", 1), {}),
    ("duplicate id", lambda t: t + "\n## Again {#" + t.split("{#", 1)[1].split("}", 1)[0] + "}\n\nMore.\n", {}),
    ("skipped level", lambda t: t + "\n#### Detail\n\nMore.\n", {}),
    ("script", lambda t: t + "\n<script>alert(1)</script>\n", {}),
    ("iframe", lambda t: t + '\n<iframe src="https://video.example/1"></iframe>\n', {}),
    ("style attribute", lambda t: t + '\n<p style="color:red">Red</p>\n', {}),
    ("private comment", lambda t: t + "\n<!-- ask Dr Example -->\n", {}),
    ("missing image", lambda t: t + "\n![A room](images/room.png)\n", {}),
    ("broken section link", lambda t: t + "\nSee [there](#nowhere).\n", {}),
    (
        "important section first",
        lambda t: t.replace(
            "\nIntroduction.\n", "\nIntroduction.\n\n## Important to know {#important-to-know}\n\n- Note.\n", 1
        ),
        {},
    ),
    ("crisis lines as one string", lambda t: t, {"CRISIS_LINES": "In an emergency, call 999."}),
    ("empty crisis lines", lambda t: t, {"CRISIS_LINES": []}),
    ("empty site name", lambda t: t, {"SITENAME": ""}),
]


@hypothesis_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(guide=guides(), defect=st.sampled_from(DEFECTS))
def test_a_guide_with_one_defect_builds_right_or_fails_naming_the_file(tmp_path_factory, settings, guide, defect):
    name, edit, overrides = defect
    title, summary, sections = guide
    folder = tmp_path_factory.mktemp("property")
    content = write_content(folder / "content", {"guide.md": edit(render(title, summary, sections))})
    extra = [item for key, value in overrides.items() for item in ("-e", f"{key}={json.dumps(value)}")]
    result = build(folder / "out", content=content, extra=extra)
    assert "Traceback" not in result.stderr + result.stdout, f"{name}: a traceback:\n{result.stderr}"
    if result.returncode != 0:
        assert result.returncode == 1 and ("guide.md" in result.stderr or "pelicanconf.py" in result.stderr), (
            f"{name}: the build failed without naming the file:\n{result.stderr}"
        )
        assert not (folder / "out").exists(), f"{name}: a failed build left an output folder"
        return
    page = BeautifulSoup((folder / "out" / "guide.html").read_text(encoding="utf-8"), "html.parser")
    headings = [h.get_text(" ", strip=True) for h in page.select("main h2")]
    for heading, _, items in sections:
        assert " ".join(heading.split()) in headings, f"{name}: the heading {heading!r} is missing: {headings}"
        listed = [li.get_text(" ", strip=True) for li in page.select(".guide__body li")]
        for item in items:
            assert " ".join(item.split()) in listed, f"{name}: the list item {item!r} is missing"
    lines = overrides.get("CRISIS_LINES", settings["CRISIS_LINES"])
    lines = [lines] if isinstance(lines, str) else list(lines)
    assert [p.get_text() for p in page.select(".callout--urgent p")] == lines, f"{name}: the crisis lines are wrong"
    assert "<!--" not in str(page), f"{name}: a comment reached the page"
