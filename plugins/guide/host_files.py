"""Files a host reads at the output root: sitemap.xml, robots.txt and _headers (publish only)."""

import os
from xml.sax.saxutils import escape


def sitemap(publish_url, articles):
    pages = [("index.html", max((a.last_updated for a in articles), default=None)), ("accessibility.html", None)]
    pages += [(article.url, article.last_updated) for article in articles]
    rows = []
    for url, updated in pages:
        lastmod = f"<lastmod>{updated.isoformat()}</lastmod>" if updated else ""
        rows.append(f"<url><loc>{escape(publish_url + '/' + url)}</loc>{lastmod}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(rows) + "\n</urlset>\n"
    )


def robots(publish_url):
    return f"User-agent: *\nAllow: /\n\nSitemap: {publish_url}/sitemap.xml\n"


def headers(csp):
    # HTML is revalidated on every visit, so a corrected guide reaches readers at once.
    return (
        "/*\n"
        f"  Content-Security-Policy: {csp}; frame-ancestors 'none'\n"
        "  X-Content-Type-Options: nosniff\n"
        "  Referrer-Policy: strict-origin-when-cross-origin\n"
        "  Cache-Control: public, max-age=0, must-revalidate\n"
        "/*.pdf\n"
        "  Cache-Control: public, max-age=86400\n"
        "/*.zip\n"
        "  Cache-Control: public, max-age=86400\n"
    )


def write_all(output, settings, articles):
    files = {
        "sitemap.xml": sitemap(settings["PUBLISH_URL"], articles),
        "robots.txt": robots(settings["PUBLISH_URL"]),
        "_headers": headers(settings["GUIDE_CSP"]),
    }
    for name, text in files.items():
        with open(os.path.join(output, name), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
