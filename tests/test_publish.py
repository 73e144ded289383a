"""The publishing build is correct on any static host, under any sub-path, and reproducible."""

import json
import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from pathlib import Path
from urllib.parse import urldefrag, urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import (
    PUBLISH_SITEURL,
    ROOT,
    build,
    feed_of,
    html_pages,
    make,
    project_settings,
    publish_settings,
    read_header,
    site_pages,
    soup_of,
    tree_digest,
    write_content,
)
from guide import policy

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def test_crawl_under_a_sub_path_reaches_every_page_with_no_broken_link(published, serve):
    crawl(published, serve)


def links_of(url, body, base):
    """(page ids, [(target, fragment)] under base) of one fetched page."""
    soup = BeautifulSoup(body.decode("utf-8"), "html.parser")
    found = []
    for tag in soup.find_all(["a", "link", "img", "script", "source"]):
        ref = tag.get("href") or tag.get("src")
        if not ref or ref.startswith(("data:", "mailto:", "tel:", "sms:")):
            continue
        target, fragment = urldefrag(urljoin(url, ref))
        if target.startswith(base):
            found.append((target, fragment))
        else:
            assert not target.startswith("http://127.0.0.1"), f"{url} links outside the sub-path: {ref}"
    return {tag["id"] for tag in soup.find_all(id=True)}, found


def is_not_found_page(url):
    """404.html and each language's 404-<lang>.html: hosts serve them at missing addresses."""
    return url.rsplit("/", 1)[1].startswith("404")


def crawl(published, serve):
    """From the home page, follow every link under the sub-path: each answers 200, each #fragment
    exists, and every page but the 404 page is reached."""
    base = serve(published)
    seen, queue, ids, fragments, broken = set(), deque([base + "index.html"]), {}, [], []
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        status, body = fetch(url)
        if status != 200:
            broken.append(f"{url}: {status}")
        elif url.endswith(".html"):
            ids[url], found = links_of(url, body, base)
            fragments += [(url, target, fragment) for target, fragment in found if fragment]
            queue.extend(target for target, _ in found)
    assert not broken, f"links that do not answer 200: {broken}"
    missing = [
        f"{page} -> {target}#{fragment}"
        for page, target, fragment in fragments
        if fragment not in ids.get(target, set())
    ]
    assert not missing, f"#fragments that do not exist: {missing}"
    assert_every_page_reached(published, base, seen)


def assert_every_page_reached(published, base, seen):
    pages = {base + p.relative_to(published).as_posix() for p in html_pages(published)}
    unreached = {page for page in pages - seen if not is_not_found_page(page)}
    assert not unreached, f"pages no link reaches: {unreached}"


def test_sitemap_lists_every_real_page_with_absolute_urls(published, guide_meta):
    root = ET.parse(published / "sitemap.xml").getroot()
    urls = [u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")]
    assert urls, "sitemap is empty"
    for url in urls:
        assert url.startswith(PUBLISH_SITEURL + "/"), f"sitemap URL {url} is not under SITEURL"
        assert (published / url[len(PUBLISH_SITEURL) + 1 :]).is_file(), f"sitemap lists {url}, which is not a page"
    pages = [page for page in site_pages(ROOT / "content", True) if "single-file" not in page and "404" not in page]
    assert set(urls) == {f"{PUBLISH_SITEURL}/{page}" for page in pages}, f"the sitemap lists {urls}"
    lastmods = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in root.iter(f"{SITEMAP}url")}
    updated = guide_meta["modified"].isoformat()
    for page in ("index.html", "ketamine-for-ptsd.html"):
        assert lastmods[f"{PUBLISH_SITEURL}/{page}"] == updated, f"{page}: lastmod must be the guide's last update"
    assert lastmods[f"{PUBLISH_SITEURL}/accessibility.html"] is None, "the accessibility statement has no date to give"


def test_robots_txt_points_at_the_sitemap(published):
    assert f"Sitemap: {PUBLISH_SITEURL}/sitemap.xml" in (published / "robots.txt").read_text()


def published_titles(content, lang):
    """The titles of the published guides in a language, as the content folder says."""
    titles = set()
    for path in content.rglob("*.md"):
        metadata, _, _ = read_header(path.read_text(encoding="utf-8-sig").splitlines())
        meta = {key: value for key, (value, _) in metadata.items()}
        if meta.get("status", "published") == "published" and meta.get("lang", lang) == lang:
            titles.add(meta["title"])
    return titles


def test_atom_feed_has_absolute_ids_and_links(published, expected, guide_meta):
    root = ET.parse(published / feed_of()).getroot()
    assert root.findtext(f"{ATOM}id").startswith(("https://", "tag:"))
    links = [link.get("href") for link in root.iter(f"{ATOM}link")]
    assert links and all(href.startswith(PUBLISH_SITEURL + "/") for href in links), links
    entries = root.findall(f"{ATOM}entry")
    titles = [e.findtext(f"{ATOM}title") for e in entries]
    guides = published_titles(ROOT / "content", project_settings()["DEFAULT_LANG"])
    limit = publish_settings().get("FEED_MAX_ITEMS") or len(guides)
    assert set(titles) <= guides and len(titles) == min(len(guides), limit), titles
    [entry] = [e for e in entries if e.findtext(f"{ATOM}title") == expected["title"]]
    assert entry.findtext(f"{ATOM}id").startswith("tag:example.org,")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name"), "an Atom entry needs an author name"
    assert entry.findtext(f"{ATOM}updated") == f"{guide_meta['modified'].isoformat()}T00:00:00+00:00"


def test_guide_has_canonical_sharing_tags_and_feed_link(published, expected, guide_meta):
    soup = soup_of(published / expected["page"])
    url = f"{PUBLISH_SITEURL}/{expected['page']}"
    assert soup.find("link", rel="canonical")["href"] == url
    meta = {m.get("property") or m.get("name"): m.get("content") for m in soup.find_all("meta")}
    assert meta["og:type"] == "article" and meta["og:url"] == url and meta["og:title"] == expected["title"]
    assert meta["og:description"] == meta["description"] == guide_meta["summary"]
    assert meta["twitter:card"] == "summary"
    assert soup.find("link", rel="alternate", type="application/atom+xml")["href"] == f"{PUBLISH_SITEURL}/{feed_of()}"


def test_json_ld_is_a_medical_web_page(published, expected, guide_meta):
    soup = soup_of(published / expected["page"])
    data = json.loads(soup.find("script", type="application/ld+json").string)
    assert data["@type"] == "MedicalWebPage"
    assert data["name"] == expected["title"] and data["description"]
    assert data["url"] == f"{PUBLISH_SITEURL}/{expected['page']}"
    updated = guide_meta["modified"].isoformat()
    assert data["dateModified"] == updated and data["lastReviewed"] == updated
    assert data["about"] == {"@type": "MedicalCondition", "name": guide_meta["condition"]}
    assert data["audience"]["audienceType"] == "Patient" and data["inLanguage"] == guide_meta["lang"]


def test_404_page_links_absolutely_as_it_is_served_at_any_address(published):
    links = [
        a["href"]
        for a in soup_of(published / "404.html").select("body a[href]")
        if not a["href"].startswith(("#", "tel:", "sms:"))
    ]
    assert f"{PUBLISH_SITEURL}/index.html" in links, f"the 404 page does not link home: {links}"
    relative = [href for href in links if not href.startswith(PUBLISH_SITEURL + "/")]
    assert not relative, f"the 404 page has relative links, broken at a deep address: {relative}"


def test_pages_keep_relative_links_in_the_publish_build(published):
    for page in html_pages(published):
        if is_not_found_page(page.as_uri()):
            continue  # served at any missing address: its links must be absolute
        for tag in soup_of(page).select("body [href]"):
            href = tag["href"]
            assert not href.startswith(PUBLISH_SITEURL), (
                f"{page.name}: {href} should be relative so the folder opens from disk"
            )


def directives(policy_text):
    """{directive: [sources]} of a Content-Security-Policy."""
    return {name: values for name, *values in (part.split() for part in policy_text.split(";") if part.strip())}


def test_headers_file_and_meta_csp_agree(published):
    headers = (published / "_headers").read_text()
    policies = [line.split(":", 1)[1].strip() for line in headers.splitlines() if "Content-Security-Policy" in line]
    assert len(policies) == 1, f"_headers should set one Content-Security-Policy, not {len(policies)}"
    header = directives(policies[0])
    assert header["default-src"] == ["'none'"] and header["frame-ancestors"] == ["'none'"], policies[0]
    assert (
        "X-Content-Type-Options: nosniff" in headers and "Referrer-Policy:" in headers and "Cache-Control:" in headers
    )
    assert "script-src" not in header and not any("sha256" in v for vs in header.values() for v in vs), (
        "the header policy carries a build's hashes: it goes stale when a stylesheet changes"
    )
    assert header.pop("style-src") == ["'unsafe-inline'"], "the header should allow any build's inline style"
    for page in html_pages(published):
        meta = soup_of(page).find("meta", attrs={"http-equiv": "Content-Security-Policy"})
        assert meta, f"{page.name} has no CSP meta for hosts that cannot set headers"
        own = directives(meta["content"])
        style = soup_of(page).find("style")
        assert own.pop("style-src") == [policy.csp_hash(style.string)], f"{page.name}: the meta allows another style"
        data = soup_of(page).find("script", type="application/ld+json")
        assert own.pop("script-src", []) == ([policy.csp_hash(data.string)] if data else []), (
            f"{page.name}: the meta policy should allow its own structured data and nothing else"
        )
        rest = {name: values for name, values in header.items() if name != "frame-ancestors"}
        assert own == rest, f"{page.name}: the meta policy and the header differ beyond the page's own hashes"


def headers_rules(text):
    """[(pattern, {header: value})] of a _headers file."""
    rules = []
    for line in text.splitlines():
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        elif line.strip():
            name, _, value = line.strip().partition(":")
            rules[-1][1][name] = value.strip()
    return rules


def rules_for(rules, url):
    """The rules of a _headers file a URL matches, as Netlify and Cloudflare Pages match them (* is any text)."""
    return [
        (pattern, values) for pattern, values in rules if re.fullmatch(re.escape(pattern).replace(r"\*", ".*"), url)
    ]


def test_no_two_headers_rules_set_the_same_header_for_any_file(published):
    """Netlify and Cloudflare Pages join the values of every rule a path matches (a PDF got
    `public, max-age=0, must-revalidate, public, max-age=86400`)."""
    rules = headers_rules((published / "_headers").read_text())
    urls = ["/", *("/" + p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file())]
    for url in [*urls, "/ketamine-for-ptsd-a4.pdf", "/guide-offline.zip"]:
        matching = rules_for(rules, url)
        names = [name for _, values in matching for name in values]
        assert len(names) == len(set(names)), f"{url} gets a header from two rules: {[p for p, _ in matching]}"
        assert any("Content-Security-Policy" in values for _, values in matching), f"{url} lacks the policy"
        cache = [values["Cache-Control"] for _, values in matching if "Cache-Control" in values]
        kept = url.endswith((".pdf", ".zip"))
        assert cache == (["public, max-age=86400"] if kept else []), f"{url}: Cache-Control {cache}"


def test_a_host_file_the_host_would_cut_stops_the_build_naming_the_setting(tmp_path):
    result = build(
        tmp_path / "out",
        conf="publishconf.py",
        env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"},
        extra=("-e", 'HOST_FILES_HSTS="max-age=31536000; ' + "x" * 2100 + '"'),
    )
    assert result.returncode != 0, "the build published a _headers file Cloudflare Pages would ignore"
    message = "_headers: the Strict-Transport-Security line is over 2000 characters"
    assert message in result.stderr and "HOST_FILES_HSTS" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_every_page_with_a_feed_lets_feed_readers_find_it(published):
    for page in html_pages(published):
        if "single-file" in page.name:
            continue  # a file to keep, not a page of the site
        link = soup_of(page).find("link", rel="alternate", type="application/atom+xml")
        lang = soup_of(page).html["lang"]
        assert link is not None and link["href"] == f"{PUBLISH_SITEURL}/{feed_of(lang)}", f"{page.name}: no feed link"


def test_two_publish_builds_are_byte_identical(published, tmp_path):
    result = build(tmp_path / "again", conf="publishconf.py", env={"SITEURL": PUBLISH_SITEURL, "PDF_EDITION": "false"})
    assert result.returncode == 0, result.stderr
    assert tree_digest(published) == tree_digest(tmp_path / "again"), "two publish builds differ"


def test_publish_without_siteurl_stops_with_a_clear_message(tmp_path):
    result = make("publish", f"OUTPUTDIR={tmp_path / 'out'}", "SITEURL=")
    assert result.returncode != 0
    assert "SITEURL" in result.stderr and "make publish SITEURL=https://" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_failed_publish_leaves_previous_output_untouched(tmp_path):
    output = tmp_path / "output"
    first = make("publish", f"OUTPUTDIR={output}", f"SITEURL={PUBLISH_SITEURL}", "PDF_EDITION=false")
    assert first.returncode == 0, first.stderr
    before = tree_digest(output)
    broken = write_content(
        tmp_path / "broken", {"guide.md": "Title: T\nSummary: S\nDate: 2026-01-01\nNext_review: 2025-01-01\n\nText.\n"}
    )
    second = make("publish", f"OUTPUTDIR={output}", f"INPUTDIR={broken}", f"SITEURL={PUBLISH_SITEURL}")
    assert second.returncode != 0
    assert "guide.md" in second.stderr and "earlier than the last update" in second.stderr, second.stderr
    assert tree_digest(output) == before, "a failed publish changed output/"
    assert not Path(f"{output}.new").exists(), "a failed publish left its half-built folder behind"
