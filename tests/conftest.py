"""Shared fixtures: each site is built once per test session, then many small tests read it.

What the guide must say comes from the test's own copy of the client's article
(fixtures/article.txt, fixtures/guide.json). What a clinic or editor may change (dates,
crisis lines, site name) is read from the same sources the site is built from: the guide's
metadata and pelicanconf.py, so editing them breaks no test that is not about them.
"""

import contextlib
import datetime
import functools
import hashlib
import http.server
import io
import json
import logging
import os
import subprocess
import sys
import threading
import traceback
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))
from content_checks.problems import ContentError  # noqa: E402
from content_checks.reader import read_header  # noqa: E402
from editions.chromium import CHROMIUM_ARGS, chromium_path  # noqa: E402  (one Chromium for leaflets and tests)

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GUIDE_SOURCE = ROOT / "content" / "ketamine-for-ptsd.md"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PUBLISH_SITEURL = "https://example.org/clinic/guides"
SUB_PATH = "/clinic/guides/"
__all__ = ["CHROMIUM_ARGS"]


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled templates kept between the in-process builds of one test session (keyed by the
    template's name and source, so an edited template is compiled again)."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = _TemplateCache()


def pelican_command(content, output, settings_file, *extra, python=sys.executable):
    """The Pelican command line of a build (make html adds only the safe swap of the output folder)."""
    return [python, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings_file), *extra]


def build(output, *, content=ROOT / "content", conf="pelicanconf.py", env=None, extra=(), separate_process=False):
    """Build as `make html` does (`pelican content -o output -s conf [-e KEY=json ...]`), in this process:
    the same settings, plugin and exit status, without starting Python again. Returns what a
    finished process would: returncode, stdout and stderr. separate_process=True runs the real
    command line instead (the PDF leaflets need it: Playwright runs once per process)."""
    command = pelican_command(content, output, conf, *extra)
    if separate_process:
        return subprocess.run(
            command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, **(env or {})}, timeout=300
        )
    import pelican
    from pelican.log import LimitFilter
    from pelican.settings import read_settings

    overrides = dict(item.split("=", 1) for item in extra if item != "-e")
    overrides = {key: json.loads(value) for key, value in overrides.items()}
    overrides.update(PATH=str(content), OUTPUT_PATH=str(output))
    LimitFilter._raised_messages.clear()  # Pelican's log de-duplication spans one process, not one build
    out, err, code = io.StringIO(), io.StringIO(), 0
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    os.environ.update(env or {})
    os.chdir(ROOT)
    console = logging.StreamHandler(out)  # what Pelican's command line shows of the plugins' log
    console.setLevel(logging.WARNING)
    logging.getLogger().addHandler(console)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                settings = read_settings(str(ROOT / conf), override=overrides)
                settings["JINJA_ENVIRONMENT"] = {**settings["JINJA_ENVIRONMENT"], "bytecode_cache": TEMPLATE_CACHE}
                pelican.Pelican(settings).run()
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
                print(stop.code if isinstance(stop.code, str) else "", file=sys.stderr)
            except Exception as error:  # as pelican's main(): exit 1; a traceback shows what broke
                code = getattr(error, "exitcode", 1)
                if hasattr(error, "exitcode"):  # as Pelican's main logs it (content_checks shows it plainly)
                    logging.getLogger("pelican").critical("%s: %s", type(error).__name__, error, exc_info=True)
                elif not isinstance(error, ContentError):
                    traceback.print_exc()
    finally:
        logging.getLogger().removeHandler(console)
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())


def make(*args, env=None):
    """Run a `make` target from the project root, as a publisher would; return the finished process."""
    return subprocess.run(
        ["make", "--no-print-directory", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


def build_with_leaflets(output, content=ROOT / "content"):
    """The publishing build with its PDF leaflets, by the real command line (Playwright runs once per process)."""
    return build_ok(
        output,
        content=content,
        conf="publishconf.py",
        separate_process=True,
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "true"},
    )


def make_publish(content, output, *extra):
    """`make publish` of a content folder, without leaflets."""
    return make(
        "publish",
        f"INPUTDIR={content}",
        f"OUTPUTDIR={output}",
        f"SITEURL={PUBLISH_SITEURL}",
        "PDF_EDITION=false",
        *extra,
    )


def build_ok(output, **kwargs):
    result = build(output, **kwargs)
    assert result.returncode == 0, f"the build failed:\n{result.stdout}\n{result.stderr}"
    return Path(output)


def missing_tool(reason):
    """Outside CI a missing tool skips, with the reason; in CI it fails with it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must have it: see .ci/run)")
    pytest.skip(reason)


def html_pages(folder):
    return sorted(p for p in Path(folder).rglob("*.html"))


def tree_digest(folder, skip=None):
    """One hash over every file name and byte of a folder (but those under folders named `skip`)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file() and skip not in p.parts):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.cache
def soup_of(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


def site_pages(content, published_build=False):
    """The pages a build of a content folder makes, derived from its guides' metadata (so a clinic's
    further guides and languages change what is expected, not the tests): {page: lang}."""
    settings = project_settings()
    default = settings["DEFAULT_LANG"]
    pages, languages = {"index.html": default, "404.html": default, "accessibility.html": default}, {}
    for path in sorted(Path(content).rglob("*.md")):
        metadata, _, _ = read_header(path.read_text(encoding="utf-8-sig").splitlines())
        meta = {key: value for key, (value, _) in metadata.items()}
        lang, slug = meta.get("lang", default), meta.get("slug") or path.stem
        name = f"{slug}.html" if lang == default else f"{slug}-{lang}.html"
        if meta.get("status", "published") == "draft":
            pages.update({} if published_build else {f"drafts/{name}": lang})
            continue
        pages.update({name: lang, name.replace(".html", "-single-file.html"): lang})
        pages.update(topic_pages(meta, lang, default, settings))
        languages[lang] = languages.get(lang, 0) + 1
    for lang, count in languages.items():
        if lang != default:
            pages.update({f"{page}-{lang}.html": lang for page in ("index", "accessibility", "404")})
        if count > 1:
            pages["a-z.html" if lang == default else f"a-z-{lang}.html"] = lang
    return pages


def topic_pages(meta, lang, default, settings):
    """{page: lang} of a published guide's topics (Category: and Tags:), named as Pelican names them."""
    from pelican.urlwrappers import Category, Tag

    topics = [Category(meta["category"], settings)] if meta.get("category") else []
    topics += [Tag(tag.strip(), settings) for tag in meta.get("tags", "").split(",") if tag.strip()]
    suffix = "" if lang == default else f"-{lang}"
    return {topic.save_as.replace(".html", f"{suffix}.html"): lang for topic in topics}


def feed_of(lang=None, conf="publishconf.py"):
    """The name of a language's feed in the publishing build, as its settings make it."""
    values = _publish_settings(conf)
    return values["TRANSLATION_FEED_ATOM"].format(lang=lang or values["DEFAULT_LANG"])


def publish_settings():
    """publishconf.py as `make publish` reads it."""
    return _publish_settings("publishconf.py")


@functools.cache
def _publish_settings(conf):
    saved = os.environ.get("SITEURL")
    os.environ["SITEURL"] = PUBLISH_SITEURL  # publishconf.py needs the address
    try:
        return project_settings(conf)
    finally:
        os.environ.pop("SITEURL") if saved is None else os.environ.update(SITEURL=saved)


def clinic_setting(settings, name, lang):
    """A clinic setting as a page in `lang` shows it: LANG_SETTINGS[lang], else the default."""
    values = (settings.get("LANG_SETTINGS") or {}).get(lang) or {}
    return values.get(name, settings[name])


def without_expansions(text, abbreviations):
    """Text with each abbreviation's meaning, spelt out in brackets on first use, taken out again
    ("IV (intravenous) Infusions" is the article's "IV Infusions")."""
    for short, meaning in abbreviations.items():
        text = text.replace(f"{short} ({meaning})", short)
    return text


def guide_text(soup):
    """A guide page's own text as one fragment: its opening (before the contents list) and its body."""
    return BeautifulSoup("".join(str(part) for part in soup.select(".guide__intro, .guide__body")), "html.parser")


def one(soup, selector, page="the page"):
    """The element a selector finds, or a failure that says which is missing where."""
    found = soup.select_one(selector)
    assert found is not None, f"{page} has no {selector}"
    return found


def write_content(folder, files):
    """Write {relative path: text or bytes} under folder; return folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return folder


def project_settings(conf="pelicanconf.py", **override):
    from pelican.settings import read_settings

    return read_settings(str(ROOT / conf), override=override or None)


def content_problems(content, **overrides):
    """Every problem the build would report for a content folder, found in-process by Pelican's
    reading of it with every check (content_checks.read_site), and nothing written."""
    from content_checks import read_site
    from pelican.log import LimitFilter

    LimitFilter._raised_messages.clear()  # Pelican says a message once a process; each case is a build
    build_state, _ = read_site(project_settings(PATH=str(content), **overrides))
    return build_state.problems


@pytest.fixture(scope="session")
def expected():
    """What the guide must hold: the test's own copy of the article's structure."""
    return json.loads((FIXTURES / "guide.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def article_text():
    return (FIXTURES / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def settings():
    """pelicanconf.py as Pelican reads it: the clinic's site name, crisis lines and disclaimer."""
    from guide import clinic_settings

    values = project_settings()
    clinic_settings.check(values)  # normalised as the build normalises them
    return values


@pytest.fixture(scope="session")
def guide_meta():
    """The guide's metadata as the editor wrote it: {"date": date, "modified": date, ...}."""
    metadata, _, _ = read_header(GUIDE_SOURCE.read_text(encoding="utf-8-sig").splitlines())
    values = {key: value for key, (value, _) in metadata.items()}
    for key in ("date", "modified", "next_review"):
        if key in values:
            values[key] = datetime.date.fromisoformat(values[key])
    values.setdefault("modified", values["date"])
    return values


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The development build (`make html`)."""
    return build_ok(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The publishing build (`make publish SITEURL=...`), without the PDF leaflets (see test_editions)."""
    return build_ok(
        tmp_path_factory.mktemp("published") / "output",
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
    )


@pytest.fixture(scope="session")
def guide(site, expected):
    return soup_of(site / expected["page"])


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if not path:
        missing_tool("Chromium not found; install Debian's chromium or set CHROMIUM=/path/to/chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves one folder under SUB_PATH only, as a project page or a clinic's sub-folder would."""

    def translate_path(self, path):
        if not path.startswith(SUB_PATH):
            return "/nonexistent-outside-sub-path"
        return super().translate_path("/" + path[len(SUB_PATH) :])

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def serve():
    """serve(folder) -> base URL ending in SUB_PATH, on 127.0.0.1."""
    servers = []

    def start(folder):
        handler = functools.partial(_SubPathHandler, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def leaflet_site(browser, tmp_path_factory):
    """The publishing build with its PDF leaflets (the browser fixture fails in CI without Chromium)."""
    return build_with_leaflets(tmp_path_factory.mktemp("leaflets") / "output")


@pytest.fixture(scope="session")
def leaflets(leaflet_site):
    return {size: leaflet_site / f"ketamine-for-ptsd-{size}.pdf" for size in ("a4", "letter")}


def pytest_collection_modifyitems(items):
    """Every test that uses Chromium is a browser test (make test-fast leaves them out)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)
