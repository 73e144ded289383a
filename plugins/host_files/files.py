"""What hosts read, all from one source of truth (the headers and caching below):

- in the output: sitemap.xml, robots.txt, _headers (Netlify, Cloudflare Pages) and .htaccess
  (Apache, shared hosting: upload the output folder by FTP and it works);
- beside the output, never served: host/nginx.conf, the location blocks a site includes in
  its own server { } block.
"""

import os
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

# Every response: pages, PDFs, zips, the 404 page and redirects.
SECURITY_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)
# HTML is revalidated on every visit, so a corrected guide reaches readers at once; the
# leaflets and the offline zip change name only with a new date, so they may be kept a day.
REVALIDATE = "public, max-age=0, must-revalidate"
KEEP_A_DAY = "public, max-age=86400"
KEPT_A_DAY = ("pdf", "zip")
GZIP_TYPES = ("text/css", "text/plain", "application/xml", "application/atom+xml", "image/svg+xml")
NOT_SERVED = ("_headers", ".htaccess")


def _hidden_pattern():
    return "|".join(name.replace(".", "\\.") for name in NOT_SERVED)


def headers_for(csp, cache):
    policy = [("Content-Security-Policy", csp)] if csp else []
    return [*policy, *SECURITY_HEADERS, ("Cache-Control", cache)]


def site_path(publish_url):
    """The URL path the site lives under: "" at a host's root, "/clinic/guides" under a sub-path."""
    return urlsplit(publish_url).path.rstrip("/")


def sitemap(publish_url, pages):
    """Every page a search engine should find: {page: (last modified date or None, [(lang, url)])},
    each page with its language versions as alternates (the first is also x-default)."""
    rows = []
    for url, (updated, versions) in sorted(pages.items()):
        lastmod = f"<lastmod>{updated.isoformat()}</lastmod>" if updated else ""
        versions = [*versions, *(("x-default", target) for _, target in versions[:1])]
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{lang}" href="{escape(publish_url + "/" + target)}"/>'
            for lang, target in versions
        )
        rows.append(f"<url><loc>{escape(publish_url + '/' + url)}</loc>{lastmod}{links}</url>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(rows)
        + "\n</urlset>\n"
    )


def robots(publish_url):
    return f"User-agent: *\nAllow: /\n\nSitemap: {publish_url}/sitemap.xml\n"


def headers(csp):
    """_headers for Netlify and Cloudflare Pages (the later, more specific rule wins for Cache-Control)."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in headers_for(csp, REVALIDATE))]
    for suffix in KEPT_A_DAY:
        lines += [f"/*.{suffix}", f"  Cache-Control: {KEEP_A_DAY}"]
    return "\n".join(lines) + "\n"


def htaccess(csp, path):
    """output/.htaccess for Apache (mod_headers; mod_deflate where the host has it)."""

    def header_lines(cache, indent):
        return [f'{indent}Header always set {name} "{value}"' for name, value in headers_for(csp, cache)]

    lines = [
        "# Written by make publish for Apache and shared hosting: upload output/ as it is.",
        "# The same headers as _headers and host/nginx.conf.",
        "Options -Indexes",
        "DirectoryIndex index.html",
        f"ErrorDocument 404 {path}/404.html",
        "<IfModule mod_headers.c>",
        *header_lines(REVALIDATE, "  "),
        f'  <FilesMatch "\\.({"|".join(KEPT_A_DAY)})$">',
        *header_lines(KEEP_A_DAY, "    "),
        "  </FilesMatch>",
        "</IfModule>",
        "<IfModule mod_deflate.c>",
        f"  AddOutputFilterByType DEFLATE text/html {' '.join(GZIP_TYPES)}",
        "</IfModule>",
        f'<FilesMatch "^({_hidden_pattern()})$">',
        "  Require all denied",
        "</FilesMatch>",
    ]
    return "\n".join(lines) + "\n"


def nginx_conf(csp, path, publish_url):
    """host/nginx.conf: location blocks to include in the clinic's server { } block.

    nginx drops every inherited add_header in a block that has its own, so each block repeats
    the full set, with "always" so that redirects and the 404 page carry them too."""

    def header_lines(cache, indent):
        return [f'{indent}add_header {name} "{value}" always;' for name, value in headers_for(csp, cache)]

    prefix = f"{path}/"
    hidden = _hidden_pattern()
    lines = [
        f"# Written by make publish for {publish_url}/",
        "# Include it inside your server { } block, whose root holds the site at "
        f"{prefix} (output/ copied to <root>{prefix}):",
        f"#     include {os.path.join('host', 'nginx.conf')};",
        "# The same headers as output/_headers and output/.htaccess.",
    ]
    if path:
        lines += [
            f"location = {path} {{",
            "    absolute_redirect off;",
            *header_lines(REVALIDATE, "    "),
            f"    return 301 {prefix};",
            "}",
        ]
    lines += [
        f"location {prefix} {{",
        "    absolute_redirect off;",
        "    index index.html;",
        "    try_files $uri $uri/ =404;",
        f"    error_page 404 {prefix}404.html;",
        "    gzip on;",
        f"    gzip_types {' '.join(GZIP_TYPES)};",
        *header_lines(REVALIDATE, "    "),
        f"    location ~ \\.({'|'.join(KEPT_A_DAY)})$ {{",
        *header_lines(KEEP_A_DAY, "        "),
        "    }",
        f"    location ~ /({hidden})$ {{",
        "        return 404;",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def write_all(output, settings, pages):
    """The host files into the output folder and, those no server may serve, beside it."""
    publish_url, csp = settings["HOST_FILES_SITEURL"], settings["HOST_FILES_CSP"]
    path = site_path(publish_url)
    inside = {
        "sitemap.xml": sitemap(publish_url, pages),
        "robots.txt": robots(publish_url),
        "_headers": headers(csp),
        ".htaccess": htaccess(csp, path),
    }
    beside = os.path.join(os.path.dirname(os.path.abspath(output)), settings["HOST_FILES_BESIDE"])
    for folder, files in ((output, inside), (beside, {"nginx.conf": nginx_conf(csp, path, publish_url)})):
        os.makedirs(folder, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    return beside
