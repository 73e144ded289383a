"""The theme's one stylesheet, minified and inlined into every page, and the page's
Content-Security-Policy that allows exactly that stylesheet, the site's own images and
nothing else."""

import base64
import hashlib
import os

import rcssmin

from .problems import Problem


def csp_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy(css):
    # connect-src 'self': no script runs on these pages, and it lets audit tools fetch robots.txt.
    return (
        f"default-src 'none'; style-src {csp_hash(css)}; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )


def read(theme):
    """(minified css, problems)."""
    path = os.path.join(theme, "css", "guide.css")
    with open(path, encoding="utf-8") as handle:
        css = rcssmin.cssmin(handle.read())
    if "</" in css:
        return css, [Problem(path, None, 'the stylesheet contains "</".', "remove it; it would end the inline <style>")]
    return css, []
