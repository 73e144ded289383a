"""A library is read, rendered and written on every core (BUILD_WORKERS): the site is the same,
byte for byte, as the one a single process makes, and what a worker logs or meets is reported
as the build process would have reported it."""

import logging
import re
import shutil

import pytest
from content_checks import ahead, writer
from library import library
from test_markdown import wide_png

from conftest import PUBLISH_SITEURL, ROOT, build, build_ok, tree_digest, write_content

COPIES = 40  # copies of a real guide and its translations (footnotes, tables, abbreviations, phone links)
WORKER_LINES = re.compile(r"^(Reading|Writing) (\d+) .* in (\d+) worker processes$")


def slug_of(path):
    found = re.search(r"^Slug:\s*(.+)$", path.read_text(encoding="utf-8").split("\n\n", 1)[0], re.M)
    return found[1].strip() if found else path.stem


def first_guide(content):
    """The files of the content's first guide: it and its translations (the same slug)."""
    files = sorted(content.glob("*.md"))
    return [path for path in files if slug_of(path) == slug_of(files[0])]


def library_with_copies(folder):
    """The content folder, COPIES copies of its first guide in each of its languages (own titles
    and slugs, each with an image) and a library of tests/library.py: enough for every step to use
    its workers, however many guides the clinic has."""
    shutil.copytree(ROOT / "content", folder)
    wide_png(folder / "images" / "room.png")  # each copy shows it: its links are made for each page
    for source in first_guide(ROOT / "content"):
        text = source.read_text(encoding="utf-8").replace("\n## ", "\n![A room](images/room.png)\n\n## ", 1)
        for number in range(COPIES):
            copy = re.sub(r"^(Title: .*)$", rf"\1 ({number})", text, count=1, flags=re.M)
            if re.search(r"^Slug:", copy, re.M):
                copy = re.sub(r"^(Slug: .*)$", rf"\1-{number}", copy, count=1, flags=re.M)
            else:
                copy = copy.replace("\n\n", f"\nSlug: {source.stem}-{number}\n\n", 1)
            (folder / f"{source.stem}-{number}.md").write_text(copy, encoding="utf-8")
    return write_content(folder, library(30))


@pytest.fixture(scope="module")
def shelf(tmp_path_factory):
    return library_with_copies(tmp_path_factory.mktemp("workers") / "content")


def publish(output, content, workers):
    env = {"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"}
    return build(output, content=content, conf="publishconf.py", env=env, extra=("-e", f"BUILD_WORKERS={workers}"))


def messages(result):
    """What a build told its user, but how long it took."""
    return re.sub(r" in [\d.]+ seconds", "", result.stdout + result.stderr)


class Lines(logging.Handler):
    """The plugins' progress lines of a build (Pelican shows them with -v)."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture
def progress():
    handler = Lines()
    names = ["workers", "editions"]
    levels = {name: logging.getLogger(name).level for name in names}
    for name in names:
        logging.getLogger(name).addHandler(handler)
        logging.getLogger(name).setLevel(logging.INFO)
    yield handler.lines
    for name in names:
        logging.getLogger(name).removeHandler(handler)
        logging.getLogger(name).setLevel(levels[name])


def test_a_library_built_by_workers_is_the_site_one_process_builds(shelf, tmp_path, progress):
    one = publish(tmp_path / "one", shelf, 1)
    assert one.returncode == 0, one.stdout + one.stderr
    assert not [line for line in progress if WORKER_LINES.match(line)], f"BUILD_WORKERS=1 used workers: {progress}"
    many = publish(tmp_path / "many", shelf, 2)
    assert many.returncode == 0, many.stdout + many.stderr
    steps = [m.groups() for line in progress if (m := WORKER_LINES.match(line))]
    guides = str(len(list(shelf.glob("*.md"))))
    assert ("Reading", guides, "2") in steps, f"the Markdown files were not all read by 2 workers: {progress}"
    assert [step for step, *_ in steps] == ["Reading", "Writing", "Writing"], (
        f"the single files and the pages are not written by workers: {progress}"
    )
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "many"), (
        "the site built by 2 workers differs from the one built by one process"
    )
    assert messages(many) == messages(one), "the build's messages differ with workers"


def test_what_a_worker_logs_or_fails_on_is_reported_as_without_workers(shelf, tmp_path, monkeypatch):
    """A file a worker cannot convert is converted by the build itself; a warning logged while a
    worker reads a file or writes a page is shown once."""
    files = sorted(shelf.glob("*.md"))
    warned, failed = str(files[3]), str(files[7])
    convert = ahead._convert

    write_file = writer.Writer.write_file

    def noisy_write_file(self, name, *args, **kwargs):  # Pelican's, as the forked page writers call it
        if name == "guide-010.html":
            logging.getLogger("MARKDOWN").warning("a note from the page writer about %s", name)
        return write_file(self, name, *args, **kwargs)

    def worker_convert(path):  # the forked workers run this one
        if path == warned:
            logging.getLogger("MARKDOWN").warning("a note from the worker about %s", "its file")
        if path == failed:
            raise RuntimeError("this worker cannot convert it")
        return convert(path)

    monkeypatch.setattr(ahead, "_convert", worker_convert)
    monkeypatch.setattr(writer.Writer, "write_file", noisy_write_file)
    result = publish(tmp_path / "many", shelf, 2)
    assert result.returncode == 0, messages(result)
    assert result.stdout.count("a note from the worker about its file") == 1, result.stdout
    assert result.stdout.count("a note from the page writer about guide-010.html") == 1, result.stdout
    monkeypatch.undo()
    build_ok(
        tmp_path / "one",
        content=shelf,
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
        extra=("-e", "BUILD_WORKERS=1"),
    )
    assert tree_digest(tmp_path / "one") == tree_digest(tmp_path / "many")


def test_a_broken_guide_in_a_library_fails_the_same_way_with_workers(shelf, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(shelf, content)
    guide = sorted(content.glob("guide-*.md"))[5]
    text = guide.read_text(encoding="utf-8")
    guide.write_text(text.replace("Some plain text about it.", "See [the other guide]({filename}nothere.md)."))
    one, many = publish(tmp_path / "one", content, 1), publish(tmp_path / "many", content, 2)
    assert one.returncode == many.returncode == 1, one.stdout + many.stdout
    assert guide.name in messages(many), f"the problem does not name {guide.name}:\n{messages(many)}"
    assert messages(many) == messages(one), "with workers the build reports the problem differently"
