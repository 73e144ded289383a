"""The site's Content-Security-Policy, built here and nowhere else, in two layers.

- Each page carries its exact policy in a <meta> element: the inline stylesheet by its hash and
  the site's own images; a guide's page adds the hash of its own structured data only (vnu, and
  strict browsers, want even a data block covered), so no policy grows with the guides.
- The host files send one fixed header that never changes from build to build: the same
  directives with the stylesheet allowed by kind ('unsafe-inline') instead of by hash, plus what
  only a header can carry, who may frame the site. A browser enforces both policies, so each
  page's meta narrows the header to its own hash, and a server whose configuration was loaded
  before a stylesheet change still serves a styled page.
"""

import base64
import hashlib

# connect-src 'self': no script runs on these pages, and it lets audit tools fetch robots.txt.
_SITE = (
    "default-src 'none'; style-src {style}; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'"
)


def csp_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_policy(css, articles):
    policy = _SITE.format(style=csp_hash(css))
    hashes = sorted({csp_hash(article.json_ld) for article in articles if getattr(article, "json_ld", None)})
    return f"{policy}; script-src {' '.join(hashes)}" if hashes else policy


def header_policy():
    """The header for every build: each page's policy with styles allowed by kind, and framing refused."""
    return _SITE.format(style="'unsafe-inline'") + "; frame-ancestors 'none'"
