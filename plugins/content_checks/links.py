"""Checks of the finished pages: every internal href and src resolves to a file and #fragment.

A problem is named by the source file that wrote the page (content_written tells which), once
each, never by the temporary build folder.

The finished pages are the build's own output (well-formed, and checked by the Nu Html Checker
in the tests), so they are read with one pass of regular expressions over each start tag, five
times faster than html.parser over a whole site. Attribute names match exactly: `data-src` or
`srcset` is no link, `data-id` no id; comments, scripts and styles are skipped.
"""

import html
import os
import re
from urllib.parse import unquote, urlsplit

from . import workers
from .problems import Problem

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
# A comment, script or style, each written so that the engine never backtracks over its text.
_SKIPPED = re.compile(r"<!--(?:[^-]+|-(?!->))*-->|<(script|style)\b[^>]*>[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>", re.I)
_START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)(\s[^>]*)?>")
_ATTRIBUTE = re.compile(r"""(?:^|\s)([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def _attributes(text):
    """The tag's attributes, as written (the last of a repeated one, as a dict keeps it)."""
    return {
        m[1].lower(): m[2] if m[2] is not None else m[3] if m[3] is not None else m[4]
        for m in _ATTRIBUTE.finditer(text)
    }


def read_page(text):
    """(ids, links) of one finished page."""
    ids, links = set(), []
    for tag in _START_TAG.finditer(_SKIPPED.sub(lambda m: f"<{m[1]}>" if m[1] else "", text)):
        rest = tag[2]
        if not rest or not ("id" in rest or "href" in rest or "src" in rest or "name" in rest):
            continue  # most tags carry only a class: nothing to read
        name = tag[1].lower()
        attrs = _attributes(rest)
        for key in ("id", "name" if name == "a" else None, LINK_ATTRIBUTES.get(name)):
            value = attrs.get(key)
            if value is None:
                continue
            value = html.unescape(value) if "&" in value else value
            if key == "id" or key == "name":
                ids.update([value] if value else [])
            else:
                links.append(value)
    return ids, links


def _read_file(path):
    with open(path, encoding="utf-8") as handle:
        return read_page(handle.read())


def _site_pages(output_path, settings):
    """{path: (ids, links)} of every page (by workers for a library)."""
    paths = []
    for folder, dirs, files in os.walk(output_path):
        dirs.sort()
        paths += [os.path.join(folder, name) for name in sorted(n for n in files if n.endswith(".html"))]
    return dict(zip(paths, workers.map_items(settings, _read_file, paths), strict=True))


def _problem(source, page, link, what):
    if source is None:
        return Problem(
            f"the theme's templates (the page {page})",
            None,
            f'the link "{link}" {what}.',
            "fix the template that writes this link",
        )
    fragment = urlsplit(link).fragment
    line = source.line_of(link) or (fragment and source.line_of(f"#{fragment}"))
    return Problem(
        source.rel, line or None, f'a link on the page ("{unquote(link)}") {what}.', "correct or remove the link"
    )


def check(output_path, page_sources, publish_url="", settings=None):
    """page_sources maps a page's path relative to the output to its Source (None for theme pages);
    settings: the run's (BUILD_WORKERS), else the pages are read by this process alone."""
    output_path = os.path.abspath(output_path)
    pages = _site_pages(output_path, settings or {"BUILD_WORKERS": 1})
    ids = {path: page_ids for path, (page_ids, _) in pages.items()}
    problems = []
    for path, (_, links) in pages.items():
        page = os.path.relpath(path, output_path)
        for link in links:
            what = _link_problem(link, path, ids, output_path, publish_url)
            if what:
                problems.append(_problem(page_sources.get(page), page, link, what))
    return problems


def _link_problem(link, path, ids, output_path, publish_url):
    if publish_url and link.startswith(publish_url + "/"):
        link, base = link[len(publish_url) + 1 :], output_path
    else:
        base = os.path.dirname(path)
    parts = urlsplit(link)
    if parts.scheme or parts.netloc:
        return None  # outbound (sources), data: images and the favicon
    if not parts.path:
        return None if parts.fragment in ids[path] else "points to a part of the page that does not exist"
    if parts.path.endswith("/"):
        return "points to a folder; link to the file (index.html) so it works from disk"
    target = os.path.normpath(os.path.join(base, unquote(parts.path)))
    if not target.startswith(output_path + os.sep):
        return "points outside the site"
    if not os.path.isfile(target):
        return "points to a file that is not in the site"
    if parts.fragment and target in ids and parts.fragment not in ids[target]:
        return f'points to "#{parts.fragment}", which is not on that page'
    return None


def published_pages(folder):
    """The published pages of a finished site (drafts are for review only)."""
    found = set()
    for parent, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "drafts"]
        found.update(os.path.relpath(os.path.join(parent, name), folder) for name in files if name.endswith(".html"))
    return found


def moved_pages(before, output_path, page_sources):
    """Warnings for the pages of the last build that this one no longer makes: a guide whose slug,
    language or folder changed has a new address, and every link and bookmark to the old one breaks."""
    now = published_pages(output_path)
    gone, new = sorted(before - now), sorted(now - before)
    arrivals = {page: page_sources[page] for page in new if page_sources.get(page)}
    warnings = []
    for page in gone:
        moved = "; ".join(f"{source.rel} is now at {new_page}" for new_page, source in arrivals.items())
        warnings.append(
            f"{page} was in the last build and is no longer made"
            + (f" ({moved})" if moved else "")
            + ". Links and bookmarks to it will break: if a guide's Slug:, Lang: or folder changed, "
            "change it back, or keep the old address and tell readers where the guide went."
        )
    return warnings
