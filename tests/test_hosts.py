"""The published site on real servers, as a clinic's web admin runs them: nginx with the
generated host/nginx.conf and Apache with the generated .htaccess, at a host's root and
under /clinic/guides/, checked with plain HTTP and then in Chromium."""

import gzip
import shutil
import zipfile
from pathlib import Path

import pytest
import servers
from test_browser import load_and_watch

from conftest import build_ok, html_pages, missing_tool

pytestmark = pytest.mark.slow
PLACES = {"root": ("https://example.org", ""), "sub-path": ("https://example.org/clinic/guides", "/clinic/guides")}


@pytest.fixture(scope="module")
def hosted_sites(tmp_path_factory, leaflets):
    """{place: (output, host dir)}: publish builds for each place, with the leaflets and an offline zip."""
    sites = {}
    for place, (siteurl, _) in PLACES.items():
        folder = tmp_path_factory.mktemp(place.replace("-", ""))
        output = build_ok(folder / "output", conf="publishconf.py", env={"SITEURL": siteurl, "PDF_EDITION": "false"})
        for pdf in leaflets.values():
            shutil.copy(pdf, output / pdf.name)
        with zipfile.ZipFile(output / "guide-offline.zip", "w") as archive:
            archive.writestr("guide/index.html", "<!DOCTYPE html><title>x</title>")
        sites[place] = (output, folder / "host")
    return sites


@pytest.fixture(
    scope="module",
    params=[(kind, place) for kind in ("nginx", "apache") for place in PLACES],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def server(request, hosted_sites):
    kind, place = request.param
    binary = servers.NGINX if kind == "nginx" else servers.APACHE
    if not Path(binary).exists():
        missing_tool(f"{binary} not found; install Debian's {'nginx' if kind == 'nginx' else 'apache2'}")
    output, host_dir = hosted_sites[place]
    path = PLACES[place][1]
    running = servers.start_nginx(output, host_dir, path) if kind == "nginx" else servers.start_apache(output, path)
    running.path, running.output = path, output
    yield running
    running.stop()


def expected_policy(output):
    line = next(line for line in (output / "_headers").read_text().splitlines() if "Content-Security-Policy" in line)
    return line.split(":", 1)[1].strip()


def test_the_site_address_with_and_without_slash_reaches_the_home_page(server):
    status, _, body = servers.get(server.url(server.path + "/"))
    assert status == 200 and b"guide-list" in body, f"{server.name}: {server.path}/ answered {status}"
    if server.path:
        status, headers, _ = servers.get(server.url(server.path))
        assert status in (301, 302, 308), f"{server.name}: {server.path} answered {status}, not a redirect"
        assert headers["Location"].endswith(server.path + "/"), f"{server.name}: redirect to {headers['Location']}"
        assert headers["X-Content-Type-Options"] == "nosniff", f"{server.name}: the redirect lacks the headers"


def test_a_missing_page_gets_the_sites_own_404_page(server):
    status, headers, body = servers.get(server.url(f"{server.path}/no-such-page.html"))
    assert status == 404, f"{server.name}: a missing page answered {status}"
    assert b"Page not found" in body, f"{server.name}: the 404 body is not the site's 404 page"
    assert headers["Content-Security-Policy"] == expected_policy(server.output), f"{server.name}: 404 headers"


@pytest.mark.parametrize("name", ["_headers", ".htaccess"])
def test_host_files_are_never_served(server, name):
    status, _, _ = servers.get(server.url(f"{server.path}/{name}"))
    assert status in (403, 404), f"{server.name} serves {name} ({status})"


@pytest.mark.parametrize(
    "name,cache",
    [
        ("index.html", "public, max-age=0, must-revalidate"),
        ("ketamine-for-ptsd.html", "public, max-age=0, must-revalidate"),
        ("ketamine-for-ptsd-a4.pdf", "public, max-age=86400"),
        ("guide-offline.zip", "public, max-age=86400"),
    ],
)
def test_every_response_carries_the_security_headers_and_its_caching(server, name, cache):
    status, headers, _ = servers.get(server.url(f"{server.path}/{name}"))
    assert status == 200, f"{server.name}: {name} answered {status}"
    wanted = {
        "Content-Security-Policy": expected_policy(server.output),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        "Cache-Control": cache,
    }
    got = {key: ", ".join(headers.get_all(key) or []) for key in wanted}
    assert got == wanted, f"{server.name}: {name} headers differ"


def test_text_is_sent_gzipped(server):
    status, headers, body = servers.get(
        server.url(f"{server.path}/ketamine-for-ptsd.html"), {"Accept-Encoding": "gzip"}
    )
    assert status == 200 and headers.get("Content-Encoding") == "gzip", f"{server.name}: the page is not gzipped"
    assert b"<!DOCTYPE html>" in gzip.decompress(body)


def test_every_page_loads_in_chromium_with_no_error_and_no_failed_request(server, browser):
    for page in html_pages(server.output):
        url = server.url(f"{server.path}/{page.relative_to(server.output).as_posix()}")
        _, context, requests, failures, errors = load_and_watch(browser, url)
        bad = [(r.url, r.response().status) for r in requests if r.response() and r.response().status >= 400]
        context.close()
        assert not failures and not bad and not errors, f"{server.name} {url}: {failures} {bad} {errors}"
