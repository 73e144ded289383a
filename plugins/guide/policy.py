"""The site's one Content-Security-Policy, built here and nowhere else.

Pages carry it in a <meta> element: exactly the inline stylesheet (by its hash) and the site's
own images; a guide's page adds the hash of its own structured data only (vnu, and strict
browsers, want even a data block covered), so no policy grows with the number of guides.
Host files send the site's policy as a header, with what only a header can carry: who may
frame the site.
"""

import base64
import hashlib


def csp_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page_policy(css, articles):
    # connect-src 'self': no script runs on these pages, and it lets audit tools fetch robots.txt.
    policy = (
        f"default-src 'none'; style-src {csp_hash(css)}; img-src 'self' data:; "
        "connect-src 'self'; base-uri 'none'; form-action 'none'"
    )
    hashes = sorted({csp_hash(article.json_ld) for article in articles if getattr(article, "json_ld", None)})
    return f"{policy}; script-src {' '.join(hashes)}" if hashes else policy


def header_policy(page):
    """The page policy plus what only a header can carry: who may frame the guide."""
    return f"{page}; frame-ancestors 'none'"
