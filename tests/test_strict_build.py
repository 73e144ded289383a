"""A guide builds exactly as the editor meant, or the build stops, names every problem with
its file and line, and leaves the previous site as it was. End to end, through Pelican and
make; test_checks.py holds the table of broken guides, checked in-process."""

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from test_checks import BODY, GOOD, HEADER

from conftest import (
    PUBLISH_SITEURL,
    ROOT,
    build,
    build_ok,
    feed_of,
    html_pages,
    make,
    make_publish,
    missing_tool,
    soup_of,
    tree_digest,
    write_content,
)

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
OVERDUE = "Title: Old\nSummary: s\nDate: 2020-01-10\nNext_review: 2021-01-10\n\n## Part {#part}\n\nText.\n"


def test_problems_of_sources_and_bodies_are_reported_together_without_traceback(tmp_path):
    content = write_content(
        tmp_path / "content",
        {
            "a.md": "Summary: s\nDate: 2026-1-5\nNext_review: 2027-01-10\n\n## A {#a}\n\n#### B\n\nText.\n",
            "b.md": GOOD + '\n<iframe src="https://video.example/1"></iframe>\n',
        },
    )
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 1, f"the build should stop with exit 1, not {result.returncode}"
    message = result.stderr
    assert "4 problems to fix" in message, message
    for words in (
        'a.md, line 1: the "Title" line is missing',
        "a.md, line 2:",
        "a.md, line 7:",
        "b.md, line 10: <iframe>",
    ):
        assert words in message, f"missing {words!r} in:\n{message}"
    assert "Traceback" not in message + result.stdout, "a traceback is no message for an editor"
    assert ".new" not in message, "the message names the temporary build folder"
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.new").exists(), "a failed build left a folder"


@pytest.mark.slow
def test_failed_html_build_leaves_previous_output_untouched(tmp_path):
    output = tmp_path / "output"
    assert make("html", f"OUTPUTDIR={output}").returncode == 0
    before = tree_digest(output)
    broken = write_content(tmp_path / "broken", {"a.md": "Title: T\n\nNo date.\n"})
    result = make("html", f"OUTPUTDIR={output}", f"INPUTDIR={broken}")
    assert result.returncode != 0 and "a.md" in result.stderr, result.stderr
    assert "left as it was" in result.stderr, result.stderr
    assert tree_digest(output) == before, "a failed build changed output/"
    assert not (tmp_path / "output.new").exists(), "a failed build left its half-built folder behind"


def test_a_broken_link_found_in_the_finished_page_names_the_markdown_line(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD + "\nSee [the leaflet](leaflet.html).\n"})
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 1
    assert (
        'a.md, line 10: a link on the page ("leaflet.html") points to a file that is not in the site' in result.stderr
    )
    assert result.stderr.count("leaflet.html") == 1, f"the problem is reported more than once:\n{result.stderr}"


def test_private_comments_never_reach_a_reader(tmp_path):
    secret = "TODO ask Dr Example about patient 1234"
    content = write_content(
        tmp_path / "content", {"a.md": GOOD + f"\n<!-- {secret} -->\n\nMore text.<!-- {secret} -->\n"}
    )
    output = build_ok(
        tmp_path / "out",
        content=content,
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
    )
    for path in [*html_pages(output), output / feed_of()]:
        text = path.read_text(encoding="utf-8")
        assert secret not in text and "<!--" not in text, f"{path.name} carries the editor's comment"


def test_crisis_line_written_without_its_comma_shows_as_one_line(tmp_path):
    line = "In an emergency, call 911."
    content = write_content(tmp_path / "content", {"a.md": GOOD})
    output = build_ok(tmp_path / "out", content=content, extra=["-e", f"CRISIS_LINES={json.dumps(line)}"])
    for page in html_pages(output):
        lines = [p.get_text() for p in soup_of(page).select(".callout--urgent p")]
        assert lines == [line], f"{page.name}: the crisis box shows {lines}"


def test_crisis_box_switched_off_on_purpose_is_left_out(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD})
    output = build_ok(tmp_path / "out", content=content, extra=["-e", "CRISIS_BOX=false", "CRISIS_LINES=[]"])
    for page in html_pages(output):
        assert soup_of(page).select_one(".callout--urgent") is None, f"{page.name} still has an (empty) crisis box"


def test_empty_crisis_lines_stop_the_build_naming_the_setting(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD})
    result = build(tmp_path / "out", content=content, extra=["-e", "CRISIS_LINES=[]"])
    assert (
        result.returncode == 1 and "pelicanconf.py, line" in result.stderr and "CRISIS_LINES is empty" in result.stderr
    )


@pytest.mark.slow
def test_overdue_review_warns_on_every_build_and_publish_needs_a_yes(tmp_path):
    """The only guide is past its review: publishing would leave the site with none, so it stops."""
    content = write_content(tmp_path / "content", {"old.md": OVERDUE})
    html = build(tmp_path / "html", content=content)
    assert html.returncode == 0, html.stderr
    assert "past the review date (make publish leaves them out)" in html.stderr, html.stderr
    assert "old.md (due 2021-01-10)" in html.stderr, html.stderr
    refused = make_publish(content, tmp_path / "pub")
    assert refused.returncode != 0 and "REVIEW_OVERDUE_OK=1" in refused.stderr, refused.stderr
    assert not (tmp_path / "pub").exists()
    outputs = []
    for name in ("yes1", "yes2"):
        allowed = make_publish(content, tmp_path / name, "REVIEW_OVERDUE_OK=1")
        assert allowed.returncode == 0 and "old.md (due 2021-01-10)" in allowed.stderr, allowed.stderr
        outputs.append(tree_digest(tmp_path / name))
    assert outputs[0] == outputs[1], "the overdue switch made the output differ"


def test_a_draft_is_built_for_review_only(tmp_path):
    content = write_content(
        tmp_path / "content", {"a.md": GOOD, "new.md": GOOD.replace("Title: Guide", "Title: New\nStatus: draft")}
    )
    output = build_ok(tmp_path / "out", content=content)
    banner = soup_of(output / "drafts" / "new.html").select_one(".draft-banner")
    assert banner is not None and "Draft" in banner.get_text(), "the draft has no banner"
    assert "new.html" not in (output / "index.html").read_text(), "the home page lists the draft"
    published = build_ok(
        tmp_path / "pub",
        content=content,
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
    )
    names = [p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file()]
    assert not [n for n in names if "new" in n], f"the publish build holds the draft: {names}"
    for name in ("sitemap.xml", feed_of(), "index.html"):
        assert "new.html" not in (published / name).read_text(), f"{name} names the draft"


@pytest.mark.slow
def test_offline_zip_leaves_drafts_out(tmp_path):
    content = write_content(
        tmp_path / "content", {"a.md": GOOD, "new.md": GOOD.replace("Title: Guide", "Title: New\nStatus: draft")}
    )
    result = make(
        "offline",
        f"INPUTDIR={content}",
        f"OUTPUTDIR={tmp_path / 'out'}",
        f"DISTDIR={tmp_path / 'dist'}",
        "PDF_EDITION=false",
    )
    assert result.returncode == 0, result.stderr
    import zipfile

    [archive] = (tmp_path / "dist").glob("*.zip")
    names = zipfile.ZipFile(archive).namelist()
    assert names and not [n for n in names if "drafts/" in n], f"the zip holds a draft: {names}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def cpu_seconds(pid):
    """User+system CPU time of a process and its children, from /proc."""
    total = 0
    for task in [
        pid,
        *[int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()],
    ]:
        with open(f"/proc/{task}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


@pytest.mark.slow
def test_devserver_reports_a_problem_once_keeps_serving_and_waits_without_spinning(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD})
    output, port = tmp_path / "out", free_port()
    log = open(tmp_path / "log.txt", "w")  # noqa: SIM115  (closed in the finally below, after the server)
    process = subprocess.Popen(
        ["make", "--no-print-directory", "devserver", f"INPUTDIR={content}", f"OUTPUTDIR={output}", f"PORT={port}"],
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (output / "a.html").exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(1)
        assert "<h1>Guide</h1>" in fetch(f"http://127.0.0.1:{port}/a.html"), "devserver does not serve the guide"
        (content / "a.md").write_text(GOOD.replace("Date: 2026-01-10", "Date: 2026-13-40"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "not a full date" not in (tmp_path / "log.txt").read_text() and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(2)
        before = cpu_seconds(process.pid)
        time.sleep(4)
        used = cpu_seconds(process.pid) - before
        text = (tmp_path / "log.txt").read_text()
        assert text.count("not a full date") == 1, f"the problem should be printed once per save:\n{text}"
        assert used < 1.0, f"devserver used {used:.1f} s of CPU in 4 s while waiting for a fix"
        assert "<h1>Guide</h1>" in fetch(f"http://127.0.0.1:{port}/a.html"), "the last good build is no longer served"
        (content / "a.md").write_text(GOOD.replace("Title: Guide", "Title: Fixed"), encoding="utf-8")
        deadline = time.monotonic() + 30
        while "<h1>Fixed</h1>" not in fetch(f"http://127.0.0.1:{port}/a.html") and time.monotonic() < deadline:
            time.sleep(0.3)
        assert "<h1>Fixed</h1>" in fetch(f"http://127.0.0.1:{port}/a.html"), "the fixed guide was not rebuilt"
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
        log.close()


def vnu_messages(pages):
    java = shutil.which("java")
    if not java:
        missing_tool("Java not found; the Nu Html Checker (vnu.jar) needs it")
    if not VNU.is_file():
        missing_tool(f"{VNU} not found; run `npm ci` (make test does)")
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "gnu", "--verbose", *map(str, pages)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return [line for line in result.stderr.splitlines() if line.strip()] + (
        [f"vnu exited {result.returncode}"] if result.returncode else []
    )


@pytest.mark.slow
def test_every_page_of_both_builds_passes_the_nu_html_checker(site, published):
    messages = vnu_messages(html_pages(site) + html_pages(published))
    assert not messages, "Nu Html Checker errors or warnings:\n" + "\n".join(messages)


LATE_PLUGIN = """from pelican import signals


def write(pelican):
    with open(pelican.output_path + "/late.txt", "w") as handle:
        handle.write("written on finalized")


def register():
    signals.finalized.connect(write)
"""


@pytest.mark.slow
def test_a_plugin_listed_after_ours_writes_into_the_output_that_is_published(tmp_path):
    write_content(tmp_path / "more" / "late_writer", {"__init__.py": LATE_PLUGIN})
    output = tmp_path / "output"
    plugins = json.dumps(["content_checks", "editions", "host_files", "guide", "late_writer"])
    paths = json.dumps(["plugins", str(tmp_path / "more")])
    result = make("html", f"OUTPUTDIR={output}", f"PELICANOPTS=-e 'PLUGINS={plugins}' 'PLUGIN_PATHS={paths}'")
    assert result.returncode == 0, result.stderr
    assert (output / "late.txt").read_text() == "written on finalized"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["more", "output"], "a build left a folder beside output/"


@pytest.mark.slow
def test_output_retention_keeps_what_it_lists_and_nothing_else(tmp_path):
    output = tmp_path / "output"
    assert make("html", f"OUTPUTDIR={output}").returncode == 0
    (output / ".keep").write_text("the host's own file")
    (output / "stale.html").write_text("a page no guide makes any more")
    result = make("html", f"OUTPUTDIR={output}", """PELICANOPTS=-e 'OUTPUT_RETENTION=[".keep"]'""")
    assert result.returncode == 0, result.stderr
    assert (output / ".keep").read_text() == "the host's own file"
    assert not (output / "stale.html").exists(), "Pelican's DELETE_OUTPUT_DIRECTORY no longer empties the folder"
    assert make("html", f"OUTPUTDIR={output}").returncode == 0
    assert not (output / ".keep").exists(), "without OUTPUT_RETENTION the file should go"


@pytest.mark.slow
def test_make_html_names_a_page_of_the_last_site_that_a_build_no_longer_makes(tmp_path):
    """make html builds beside the last site (holding only what OUTPUT_RETENTION lists of it), and
    still compares its pages with the last site's."""
    content, output = write_content(tmp_path / "content", {"a.md": GOOD}), tmp_path / "output"
    first = make("html", f"INPUTDIR={content}", f"OUTPUTDIR={output}")
    assert first.returncode == 0 and "no longer made" not in first.stderr, first.stderr
    write_content(content, {"a.md": HEADER + "Slug: renamed-guide\n" + BODY})
    second = make("html", f"INPUTDIR={content}", f"OUTPUTDIR={output}")
    assert second.returncode == 0, second.stderr
    assert "a.html was in the last build and is no longer made" in second.stderr, second.stderr
    assert "a.md is now at renamed-guide.html" in second.stderr, second.stderr
    assert not (output / "a.html").exists() and (output / "renamed-guide.html").exists()


def test_a_missing_review_date_is_named_once_and_pelican_says_nothing_else(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD.replace("Next_review: 2027-01-10\n", "")})
    result = build(tmp_path / "out", content=content)
    assert result.returncode == 1 and 'the "Next_review" line is missing' in result.stderr, result.stderr
    assert "Could not process" not in result.stdout + result.stderr, "the guide plugin broke on the missing line"
