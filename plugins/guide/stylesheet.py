"""The theme's one stylesheet, minified, for inlining into every page (policy.py allows exactly it)."""

import os

import rcssmin
from content_checks.problems import Problem


def read(theme):
    """(minified css, problems)."""
    path = os.path.join(theme, "css", "guide.css")
    with open(path, encoding="utf-8") as handle:
        css = rcssmin.cssmin(handle.read())
    if "</" in css:
        return css, [Problem(path, None, 'the stylesheet contains "</".', "remove it; it would end the inline <style>")]
    return css, []
