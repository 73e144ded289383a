"""Shared fixtures: each site is built once per test session, then many small tests read it."""

import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
PUBLISH_SITEURL = "https://example.org/clinic/guides"
SUB_PATH = "/clinic/guides/"


def build(output, *, content=ROOT / "content", conf="pelicanconf.py", env=None, extra=()):
    """Run Pelican as `make` does (warnings are fatal); return the finished process."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", conf,
               "--fatal", "warnings", *extra]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=300)


def make(*args, env=None):
    """Run a `make` target from the project root, as a publisher would; return the finished process."""
    return subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=600)


def build_ok(output, **kwargs):
    result = build(output, **kwargs)
    assert result.returncode == 0, f"build failed:\n{result.stdout}\n{result.stderr}"
    return Path(output)


def missing_tool(reason):
    """Outside CI a missing tool skips, with the reason; in CI it fails with it."""
    if IN_CI:
        pytest.fail(f"{reason} (CI must have it: see .ci/run)")
    pytest.skip(reason)


def html_pages(folder):
    return sorted(p for p in Path(folder).rglob("*.html"))


def tree_digest(folder):
    """One hash over every file name and byte of a folder."""
    digest = hashlib.sha256()
    for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@functools.lru_cache(maxsize=None)
def soup_of(path):
    return BeautifulSoup(Path(path).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="session")
def expected():
    """What the guide must hold: the test's own copy, never read from content/."""
    return json.loads((FIXTURES / "guide.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def article_text():
    return (FIXTURES / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The development build (`make html`)."""
    return build_ok(tmp_path_factory.mktemp("site") / "output")


@pytest.fixture(scope="session")
def published(tmp_path_factory):
    """The publishing build (`make publish SITEURL=...`), PDF leaflets included when Chromium is here."""
    return build_ok(tmp_path_factory.mktemp("published") / "output", conf="publishconf.py",
                    env={"SITEURL": PUBLISH_SITEURL})


@pytest.fixture(scope="session")
def guide(site, expected):
    return soup_of(site / expected["page"])


def chromium_executable():
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


sys.path.insert(0, str(ROOT / "plugins"))
from guide.editions import CHROMIUM_ARGS  # noqa: E402  (the flags the PDF leaflets are printed with)


@pytest.fixture(scope="session")
def browser():
    path = chromium_executable()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        missing_tool(f"Chromium not found at {path}; install Debian's chromium or set CHROMIUM")
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
        return super().translate_path("/" + path[len(SUB_PATH):])

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
