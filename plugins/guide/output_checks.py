"""Checks of the finished pages: every internal href and src resolves to a file and #fragment.

A problem is reported against the Markdown source that wrote the page (or the template,
for pages no guide writes), once each, never against the temporary build folder.
"""

import os
from urllib.parse import unquote, urlsplit

from . import markup
from .problems import Problem


def check(output_path, page_sources, publish_url=""):
    """page_sources maps a page's path relative to the output to its Source (None for theme pages)."""
    output_path = os.path.abspath(output_path)
    pages = {}
    for folder, dirs, files in os.walk(output_path):
        dirs.sort()
        for name in sorted(files):
            if name.endswith(".html"):
                path = os.path.join(folder, name)
                with open(path, encoding="utf-8") as handle:
                    pages[path] = markup.finished_page(handle.read())
    ids = {path: set(page_ids) for path, (page_ids, _) in pages.items()}
    problems = []
    for path, (_, links) in pages.items():
        page = os.path.relpath(path, output_path)
        source = page_sources.get(page)
        for _, link in links:
            what = _link_problem(link, path, ids, output_path, publish_url)
            if not what:
                continue
            if source:
                fragment = urlsplit(link).fragment
                line = source.line_of(link) or (fragment and source.line_of(f"#{fragment}"))
                problems.append(
                    Problem(
                        source.rel,
                        line or None,
                        f'a link on the page ("{unquote(link)}") {what}.',
                        "correct or remove the link in the Markdown",
                    )
                )
            else:
                problems.append(
                    Problem(
                        f"theme/templates (the page {page})",
                        None,
                        f'the link "{link}" {what}.',
                        "fix the template that writes this link",
                    )
                )
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


def _pages(folder):
    """The published pages of a finished site (drafts are for review only)."""
    found = set()
    for parent, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if d != "drafts"]
        found.update(os.path.relpath(os.path.join(parent, name), folder) for name in files if name.endswith(".html"))
    return found


def moved_pages(previous_output, output_path, page_sources):
    """Warnings for the pages of the last build that this one no longer makes: a guide whose slug,
    language or folder changed has a new address, and every link and bookmark to the old one breaks."""
    if not os.path.isfile(os.path.join(previous_output, "index.html")):
        return []
    before, now = _pages(previous_output), _pages(output_path)
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
