"""Bad content never reaches a page: every problem named with file and line, all in one run."""

import shutil
import subprocess

import pytest

from conftest import ROOT, build, html_pages, make, missing_tool, tree_digest

GOOD_HEADER = "Title: Guide\nSummary: About it.\nDate: 2026-01-10\nNext_review: 2027-01-10\n"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# name: ({file: text}, [(file, line or None, words the message must contain), ...])
BROKEN = {
    "missing title": ({"a.md": "Summary: s\nDate: 2026-01-10\nNext_review: 2027-01-10\n\nText.\n"},
                      [("a.md", 1, '"Title" line is missing')]),
    "empty summary": ({"a.md": "Title: T\nSummary:\nDate: 2026-01-10\nNext_review: 2027-01-10\n\nText.\n"},
                      [("a.md", 2, '"Summary" line is empty')]),
    "missing date": ({"a.md": "Title: T\nSummary: s\nNext_review: 2027-01-10\n\nText.\n"},
                     [("a.md", 1, '"Date" line is missing')]),
    "missing review date": ({"a.md": "Title: T\nSummary: s\nDate: 2026-01-10\n\nText.\n"},
                            [("a.md", 1, '"Next_review" line is missing')]),
    "partial date": ({"a.md": "Title: T\nSummary: s\nDate: 2024-05\nNext_review: 2027-01-10\n\nText.\n"},
                     [("a.md", 3, '"Date: 2024-05" is not a full date')]),
    "impossible date": ({"a.md": "Title: T\nSummary: s\nDate: 2026-02-30\nNext_review: 2027-01-10\n\nText.\n"},
                        [("a.md", 3, '"Date: 2026-02-30" is not a full date')]),
    "review before update": ({"a.md": "Title: T\nSummary: s\nDate: 2026-01-10\nModified: 2026-06-01\nNext_review: 2026-03-01\n\nText.\n"},
                             [("a.md", 5, "earlier than the last update")]),
    "link to missing file": ({"a.md": GOOD_HEADER + "\nSee [the other guide]({filename}other.md).\n"},
                             [("a.md", 6, 'points to a file that does not exist')]),
    "link to missing fragment": ({"a.md": GOOD_HEADER + "\nSee [b]({filename}b.md#nowhere).\n",
                                  "b.md": GOOD_HEADER.replace("Guide", "B") + "\n## Part {#part}\n\nText.\n"},
                                 [("a.md", 6, 'points to "#nowhere", which is not on that page')]),
    "in-page link to missing section": ({"a.md": GOOD_HEADER + "\nSee [below](#nothing-here).\n"},
                                        [("a.md", 6, '"#nothing-here" points to a part of the page that does not exist')]),
    "image without alt": ({"a.md": GOOD_HEADER + '\nText.\n\n<img src="x.png">\n'},
                          [("a.md", 8, 'has no alt text')]),
    "markdown image with empty alt": ({"a.md": GOOD_HEADER + "\n![](x.png)\n"},
                                      [("a.md", 6, 'has no alt text')]),
    "heading skips a level": ({"a.md": GOOD_HEADER + "\n## Part\n\n#### Detail\n\nText.\n"},
                              [("a.md", 8, 'jumps from level 2 to level 4')]),
    "three problems at once": ({"a.md": "Summary: s\nDate: 2026-1-5\nNext_review: 2027-01-10\n\n## A\n\n#### B\n"},
                               [("a.md", 1, '"Title" line is missing'), ("a.md", 2, "is not a full date"),
                                ("a.md", 7, "jumps from level 2 to level 4")]),
}


def write_content(folder, files):
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_content_fails_naming_file_line_and_problem(case, tmp_path):
    files, problems = BROKEN[case]
    result = build(tmp_path / "out", content=write_content(tmp_path / "content", files))
    assert result.returncode != 0, f"{case}: the build passed"
    message = result.stderr
    assert f"{len(problems)} problem" in message, f"{case}: expected {len(problems)} problems reported:\n{message}"
    for name, line, words in problems:
        where = f"{name}, line {line}:" if line else f"{name}:"
        matching = [m for m in message.split("\n\n") if where in m and words in m]
        assert matching, f"{case}: no message at {where!r} saying {words!r}:\n{message}"
        assert "Fix:" in matching[0], f"{case}: the message gives no fix"
    assert "Traceback" not in message, f"{case}: a traceback is no message for an editor"


def test_decorative_image_with_empty_alt_is_allowed(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD_HEADER + '\n<img src="data:," alt="">\n'})
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 0, result.stderr


def test_failed_html_build_leaves_previous_output_untouched(tmp_path):
    output = tmp_path / "output"
    assert make("html", f"OUTPUTDIR={output}").returncode == 0
    before = tree_digest(output)
    broken = write_content(tmp_path / "broken", {"a.md": "Title: T\n\nNo date.\n"})
    result = make("html", f"OUTPUTDIR={output}", f"INPUTDIR={broken}")
    assert result.returncode != 0 and "a.md" in result.stderr
    assert "left as it was" in result.stderr
    assert tree_digest(output) == before, "a failed build changed output/"


def vnu_messages(pages):
    java = shutil.which("java")
    if not java:
        missing_tool("Java not found; the Nu Html Checker (vnu.jar) needs it")
    if not VNU.is_file():
        missing_tool(f"{VNU} not found; run `npm ci` (make test does)")
    result = subprocess.run([java, "-jar", str(VNU), "--format", "gnu", "--verbose", *map(str, pages)],
                            capture_output=True, text=True, timeout=300)
    return [line for line in result.stderr.splitlines() if line.strip()] + (
        [f"vnu exited {result.returncode}"] if result.returncode else [])


def test_every_page_of_both_builds_passes_the_nu_html_checker(site, published):
    pages = html_pages(site) + html_pages(published)
    messages = vnu_messages(pages)
    assert not messages, "Nu Html Checker errors or warnings:\n" + "\n".join(messages)
