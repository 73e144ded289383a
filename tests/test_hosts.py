"""The published site on real servers, as a clinic's web admin runs them: nginx with the
generated host/nginx.conf inside a server block that has its own lines, Apache with the
generated .htaccess in the three setups hosts have (servers.APACHE_SETUPS), and Caddy with the
generated host/Caddyfile, each at a host's root and under /clinic/guides/, checked with plain
HTTP and then in Chromium."""

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest
import servers
from PIL import Image
from test_browser import load_and_watch

from conftest import ROOT, build_ok, html_pages, missing_tool

pytestmark = pytest.mark.slow
PLACES = {"root": ("https://example.org", ""), "sub-path": ("https://example.org/clinic/guides", "/clinic/guides")}
KINDS = ("nginx", *(f"apache-{setup}" for setup in servers.APACHE_SETUPS), "caddy")
# Shared hosting without mod_headers sends no header of ours: the pages' own meta policy is all
# (docs/publishing.md says so); without mod_filter it cannot gzip.
PLAIN = ("apache-shared",)
IMAGE = "images/pixel.png"


def content_with_an_image(folder):
    """The guides, and a picture in content/images/ (a server's own image rules must not take it)."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "images").mkdir(exist_ok=True)
    Image.new("RGB", (2, 2), "white").save(content / IMAGE)
    return content


@pytest.fixture(scope="module")
def hosted_sites(tmp_path_factory, leaflets):
    """{place: (output, host dir)}: publish builds for each place, with the leaflets and an offline zip."""
    sites = {}
    for place, (siteurl, _) in PLACES.items():
        folder = tmp_path_factory.mktemp(place.replace("-", ""))
        output = build_ok(
            folder / "output",
            content=content_with_an_image(folder),
            conf="publishconf.py",
            env={"SITEURL": siteurl, "PDF_EDITION": "false"},
        )
        for pdf in leaflets.values():
            shutil.copy(pdf, output / pdf.name)
        with zipfile.ZipFile(output / "guide-offline.zip", "w") as archive:
            archive.writestr("guide/index.html", "<!DOCTYPE html><title>x</title>")
        sites[place] = (output, folder / "host")
    return sites


def binary_of(kind):
    return {"nginx": servers.NGINX, "caddy": servers.CADDY}.get(kind, servers.APACHE)


def start(kind, output, host_dir, path):
    if kind == "nginx":
        return servers.start_nginx(output, host_dir, path)
    if kind == "caddy":
        return servers.start_caddy(output, host_dir, path)
    return servers.start_apache(output, path, kind.removeprefix("apache-"))


@pytest.fixture(
    scope="module",
    params=[(kind, place) for kind in KINDS for place in PLACES],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def server(request, hosted_sites):
    kind, place = request.param
    if not Path(binary_of(kind)).exists():
        missing_tool(f"{binary_of(kind)} not found; install Debian's nginx and apache2 and requirements-dev.txt")
    output, host_dir = hosted_sites[place]
    path = PLACES[place][1]
    running = start(kind, output, host_dir, path)
    running.kind, running.path, running.output = kind, path, output
    yield running
    running.stop()


def expected_policy(output):
    line = next(line for line in (output / "_headers").read_text().splitlines() if "Content-Security-Policy" in line)
    return line.split(":", 1)[1].strip()


def ours(server, cache):
    """The headers a response should carry, each once: none at all on a host without mod_headers."""
    if server.kind in PLAIN:
        return dict.fromkeys(("Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy"), "")
    return {
        "Content-Security-Policy": expected_policy(server.output),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cache-Control": cache,
    }


def got(headers, wanted):
    return {key: ", ".join(headers.get_all(key) or []) for key in wanted}


def test_the_site_address_with_and_without_slash_reaches_the_home_page(server):
    status, _, body = servers.get(server.url(server.path + "/"))
    assert status == 200 and b"guide-list" in body, f"{server.name}: {server.path}/ answered {status}"
    if server.path:
        status, headers, _ = servers.get(server.url(server.path))
        assert status in (301, 302, 308), f"{server.name}: {server.path} answered {status}, not a redirect"
        assert headers["Location"].endswith(server.path + "/"), f"{server.name}: redirect to {headers['Location']}"
        wanted = ours(server, "public, max-age=0, must-revalidate")
        caching = wanted.pop("Cache-Control", None)
        assert got(headers, wanted) == wanted, f"{server.name}: the redirect's headers"
        # Apache sends a redirect without our caching (a permanent redirect may be kept), and a
        # host's own expiry there is the one Cache-Control.
        sent = headers.get_all("Cache-Control") or []
        assert len(sent) <= 1 and (server.kind.startswith("apache") or sent == [caching]), (
            f"{server.name}: the redirect's Cache-Control: {sent}"
        )


def test_a_missing_page_gets_the_sites_own_404_page(server):
    status, headers, body = servers.get(server.url(f"{server.path}/no-such-page.html"))
    assert status == 404, f"{server.name}: a missing page answered {status}"
    assert b"Page not found" in body, f"{server.name}: the 404 body is not the site's 404 page"
    wanted = ours(server, "public, max-age=0, must-revalidate")
    assert got(headers, wanted) == wanted, f"{server.name}: the 404 page's headers"


@pytest.mark.parametrize("name", ["_headers", ".htaccess", ".~tmp~/ketamine-for-ptsd.html", "images/.~tmp~/x.pdf"])
def test_host_files_and_unfinished_uploads_are_never_served(server, name):
    """rsync --delay-updates (make rsync_upload) fills .~tmp~/ folders before it swaps the files in."""
    unfinished = server.base / "root" / server.path.strip("/") / name
    if ".~tmp~" in name:
        unfinished.parent.mkdir(mode=0o755, exist_ok=True)
        unfinished.write_text("half a file")
        unfinished.chmod(0o644)
    status, _, _ = servers.get(server.url(f"{server.path}/{name}"))
    assert status in (403, 404), f"{server.name} serves {name} ({status})"


def test_a_folder_without_an_index_page_is_not_listed(server):
    status, _, body = servers.get(server.url(f"{server.path}/images/"))
    assert status in (403, 404) and b"pixel.png" not in body, f"{server.name} lists images/ ({status})"


@pytest.mark.parametrize(
    "name,cache",
    [
        ("index.html", "public, max-age=0, must-revalidate"),
        ("ketamine-for-ptsd.html", "public, max-age=0, must-revalidate"),
        (IMAGE, "public, max-age=0, must-revalidate"),
        ("ketamine-for-ptsd-a4.pdf", "public, max-age=86400"),
        ("guide-offline.zip", "public, max-age=86400"),
    ],
)
def test_every_response_carries_the_security_headers_and_its_caching_once(server, name, cache):
    status, headers, _ = servers.get(server.url(f"{server.path}/{name}"))
    assert status == 200, f"{server.name}: {name} answered {status}"
    wanted = ours(server, cache)
    assert got(headers, wanted) == wanted, f"{server.name}: {name} headers differ"


@pytest.mark.parametrize("name", ["index.html", "sitemap.xml", "robots.txt"])
def test_text_is_sent_as_utf8(server, name):
    status, headers, _ = servers.get(server.url(f"{server.path}/{name}"))
    assert status == 200 and "charset=utf-8" in headers["Content-Type"].lower().replace(" ", ""), (
        f"{server.name}: {name} is sent as {headers['Content-Type']}"
    )


def test_text_is_sent_gzipped_and_revalidated_with_304(server):
    url = server.url(f"{server.path}/ketamine-for-ptsd.html")
    status, headers, body = servers.get(url, {"Accept-Encoding": "gzip"})
    assert status == 200
    if server.kind not in PLAIN:
        assert headers.get("Content-Encoding") == "gzip", f"{server.name}: the page is not gzipped"
        assert "Accept-Encoding" in (headers.get("Vary") or ""), f"{server.name}: gzip without Vary"
        assert b"<!DOCTYPE html>" in gzip.decompress(body)
    again, _, _ = servers.get(url, {"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert again == 304, f"{server.name}: revalidating with the ETag it sent answered {again}, not 304"


def test_every_page_loads_in_chromium_with_no_error_and_no_failed_request(server, browser):
    for page in html_pages(server.output):
        url = server.url(f"{server.path}/{page.relative_to(server.output).as_posix()}")
        _, context, requests, failures, errors = load_and_watch(browser, url)
        bad = [(r.url, r.response().status) for r in requests if r.response() and r.response().status >= 400]
        context.close()
        assert not failures and not bad and not errors, f"{server.name} {url}: {failures} {bad} {errors}"


def test_a_stylesheet_change_keeps_the_page_styled_under_the_config_nginx_loaded(tmp_path, browser):
    """The admin reloads nothing after a new publish (make rsync_upload copies output/ only): the
    header policy nginx loaded with the first publish must allow the next build's stylesheet."""
    if not Path(servers.NGINX).exists():
        missing_tool(f"{servers.NGINX} not found; install Debian's nginx")
    siteurl, path = PLACES["sub-path"]
    env = {"SITEURL": siteurl, "PDF_EDITION": "false"}
    first = build_ok(tmp_path / "first" / "output", conf="publishconf.py", env=env)
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    with open(theme / "css" / "guide.css", "a", encoding="utf-8") as css:
        css.write("\nhtml { --changed-stylesheet: yes; }\n")
    second = build_ok(tmp_path / "second" / "output", conf="publishconf.py", env=env, extra=("-e", f'THEME="{theme}"'))
    running = servers.start_nginx(first, tmp_path / "first" / "host", path)
    try:
        shutil.copytree(second, running.base / "root" / path.strip("/"), dirs_exist_ok=True)
        for page in ("index.html", "ketamine-for-ptsd.html"):
            loaded, context, _, _, errors = load_and_watch(browser, running.url(f"{path}/{page}"))
            changed = loaded.evaluate(
                "getComputedStyle(document.documentElement).getPropertyValue('--changed-stylesheet')"
            )
            context.close()
            assert changed.strip() == "yes" and not errors, f"{page} lost its new stylesheet under nginx: {errors}"
    finally:
        running.stop()


def docs_block(language):
    """The first ```language block of docs/publishing.md: the configuration a web admin copies."""
    text = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    return text.split(f"```{language}\n", 1)[1].split("```", 1)[0]


@pytest.mark.parametrize("kind", ["nginx", "caddy"])
def test_the_server_block_in_the_docs_serves_the_site(kind, hosted_sites):
    """The docs' block, with only its folders and port replaced by this machine's."""
    if not Path(binary_of(kind)).exists():
        missing_tool(f"{binary_of(kind)} not found; install Debian's nginx and requirements-dev.txt")
    output, host_dir = hosted_sites["sub-path"]
    running = servers.start_from_docs(kind, docs_block(kind), output, host_dir, PLACES["sub-path"][1])
    try:
        status, headers, body = servers.get(running.url("/clinic/guides/"))
        assert status == 200 and b"guide-list" in body, f"{kind} with the docs' block: {status}"
        assert headers["Content-Security-Policy"] == expected_policy(output)
        status, _, body = servers.get(running.url("/clinic/guides/no-such-page.html"))
        assert status == 404 and b"Page not found" in body
    finally:
        running.stop()
