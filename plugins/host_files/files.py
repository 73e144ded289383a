"""What hosts read, all from one source of truth (the headers and caching below):

- in the output: sitemap.xml, robots.txt, _headers (Netlify, Cloudflare Pages) and .htaccess
  (Apache, shared hosting: upload the output folder by FTP and it works);
- beside the output, never served: host/nginx.conf and host/Caddyfile, the blocks a clinic
  includes in its own server (nginx) or site block (Caddy).

Only what is the same for every build goes into these files (a server keeps the configuration
it loaded while the site under it changes); what a build changes stays in the pages.
"""

import os
import re
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
GZIP_TYPES = ("text/css", "text/plain", "text/xml", "application/xml", "application/atom+xml", "image/svg+xml")
CHARSET_SUFFIXES = (".css", ".txt", ".xml", ".atom", ".svg")  # text beyond HTML, sent as UTF-8
NOT_SERVED = ("_headers", ".htaccess")  # read by the host, never sent to a reader
UPLOAD_PARTS = ".~tmp~"  # the folder rsync --delay-updates fills before it swaps files in
# Cloudflare Pages reads at most 100 rules, each header line at most 2,000 characters.
HEADERS_MAX_RULES = 100
HEADERS_MAX_LINE = 2000


SETTING_OF = {"Content-Security-Policy": "HOST_FILES_CSP", "Strict-Transport-Security": "HOST_FILES_HSTS"}


class HostFilesError(Exception):
    """A host file would be refused or cut by the host that reads it."""

    exitcode = 2


def security_headers(csp, hsts=""):
    policy = [("Content-Security-Policy", csp)] if csp else []
    strict = [("Strict-Transport-Security", hsts)] if hsts else []
    return [*policy, *SECURITY_HEADERS, *strict]


def headers_for(csp, cache, hsts=""):
    return [*security_headers(csp, hsts), ("Cache-Control", cache)]


def cache_for(name):
    """The Cache-Control of a file of the site, by its name."""
    return KEEP_A_DAY if name.rsplit(".", 1)[-1].lower() in KEPT_A_DAY else REVALIDATE


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


def headers(csp, hsts=""):
    """_headers for Netlify and Cloudflare Pages. Both join the values of every rule a path matches
    and both send `public, max-age=0, must-revalidate` when no rule sets Cache-Control, so no two
    rules here set the same header: the security headers for every path, Cache-Control only for
    what is kept longer."""
    lines = ["/*", *(f"  {name}: {value}" for name, value in security_headers(csp, hsts))]
    for suffix in KEPT_A_DAY:
        lines += [f"/*.{suffix}", f"  Cache-Control: {KEEP_A_DAY}"]
    text = "\n".join(lines) + "\n"
    check_headers(text)
    return text


def check_headers(text):
    """Refuse a _headers file that Cloudflare Pages would cut short."""
    rules = [line for line in text.splitlines() if line.startswith("/")]
    too_long = [line.split(":", 1)[0].strip() for line in text.splitlines() if len(line) > HEADERS_MAX_LINE]
    for name in too_long:
        raise HostFilesError(
            f"_headers: the {name} line is over {HEADERS_MAX_LINE} characters, which Cloudflare Pages ignores;"
            f" shorten {SETTING_OF.get(name, 'the setting that makes it')} in your settings"
        )
    if len(rules) > HEADERS_MAX_RULES:
        raise HostFilesError(f"_headers: {len(rules)} rules; Cloudflare Pages reads only {HEADERS_MAX_RULES}")


def _hidden(path):
    """A regular expression for the URLs no server may answer with a file: the host files and
    rsync's unfinished uploads."""
    names = "|".join(re.escape(name) for name in NOT_SERVED)
    return f"^{re.escape(path)}/({names}|(.*/)?{re.escape(UPLOAD_PARTS)}/.*)$"


def htaccess(csp, path, folders, hsts=""):
    """output/.htaccess for Apache: every line works where the host allows only `AllowOverride
    FileInfo` and lacks any optional module (what a module adds is inside <IfModule>), so no
    host answers 500. `folders`: the site's folders without an index page, answered 404 rather
    than listed (Options -Indexes needs AllowOverride Options, which shared hosts refuse)."""

    def header_lines(indent, values):
        return [f'{indent}Header always set {name} "{value}"' for name, value in values]

    listing = [f'  RedirectMatch 404 "^{re.escape(path)}/({"|".join(map(re.escape, folders))})/$"'] if folders else []
    lines = [
        "# Written by make publish for Apache and shared hosting: upload output/ as it is.",
        "# The same headers as _headers, host/nginx.conf and host/Caddyfile; they need mod_headers",
        "# (a2enmod headers), gzip needs mod_deflate and mod_filter. Without them the site still serves.",
        f"ErrorDocument 404 {path}/404.html",
        "AddDefaultCharset utf-8",
        "<IfModule mod_mime.c>",
        f"  AddCharset utf-8 {' '.join(CHARSET_SUFFIXES)}",
        "</IfModule>",
        "<IfModule mod_alias.c>",
        f'  RedirectMatch 404 "{_hidden(path)}"',
        *listing,
        "</IfModule>",
        "<IfModule mod_headers.c>",
        *header_lines("  ", security_headers(csp, hsts)),
        # Caching is set on success, where it replaces what a host's mod_expires wrote ("always"
        # would add a second Cache-Control); the 404 page, an error, is the one set "always".
        f'  Header set Cache-Control "{REVALIDATE}"',
        "  Header unset Expires",
        f'  <FilesMatch "\\.({"|".join(KEPT_A_DAY)})$">',
        f'    Header set Cache-Control "{KEEP_A_DAY}"',
        "  </FilesMatch>",
        '  <Files "404.html">',
        "    Header unset Cache-Control",
        *header_lines("    ", [("Cache-Control", REVALIDATE)]),
        "  </Files>",
        # mod_deflate adds "-gzip" to the ETag of a compressed answer; without this edit a
        # browser's If-None-Match never matches and every visit downloads the page again.
        '  RequestHeader edit "If-None-Match" \'^(W/)?"((.*)-gzip)"$\' \'$1"$2", $1"$3"\'',
        "</IfModule>",
        "<IfModule mod_deflate.c>",
        "  <IfModule mod_filter.c>",
        f"    AddOutputFilterByType DEFLATE text/html {' '.join(GZIP_TYPES)}",
        "  </IfModule>",
        "</IfModule>",
    ]
    return "\n".join(lines) + "\n"


def nginx_conf(csp, path, publish_url, hsts=""):
    """host/nginx.conf: location blocks to include in the clinic's server { } block.

    `location ^~` keeps the server's own regular-expression locations (images, say) from taking
    the site's files. nginx drops every inherited add_header in a block that has its own, so
    each block repeats the full set, with "always" so that redirects and the 404 page carry
    them too."""

    def header_lines(cache, indent):
        return [f'{indent}add_header {name} "{value}" always;' for name, value in headers_for(csp, cache, hsts)]

    prefix = f"{path}/"
    lines = [
        f"# Written by make publish for {publish_url}/",
        "# Include it inside your server { } block, whose root holds the site at "
        f"{prefix} (output/ copied to <root>{prefix}),",
        "# by its absolute path (a relative one is read from nginx's own folder, /etc/nginx/):",
        f"#     include /path/to/{os.path.join('host', 'nginx.conf')};",
        "# Headers your server { } block adds (Strict-Transport-Security, say) are not sent for these",
        "# locations, as nginx drops inherited add_header lines: set HOST_FILES_HSTS to send HSTS here.",
    ]
    if not path:
        lines.append("# At the root, remove the server's own \"location / { }\" (Debian's default site has one).")
    if path:
        lines += [
            f"location = {path} {{",
            "    absolute_redirect off;",
            *header_lines(REVALIDATE, "    "),
            f"    return 301 {prefix};",
            "}",
        ]
    lines += [
        f"location ^~ {prefix} {{",
        "    absolute_redirect off;",
        "    index index.html;",
        "    try_files $uri $uri/ =404;",
        f"    error_page 404 {prefix}404.html;",
        "    charset utf-8;",
        f"    charset_types {' '.join(GZIP_TYPES)};",
        "    gzip on;",
        "    gzip_vary on;",
        f"    gzip_types {' '.join(GZIP_TYPES)};",
        *header_lines(REVALIDATE, "    "),
        f'    location ~ "{_hidden(path)}" {{',  # before the next: nginx takes the first that matches
        "        return 404;",
        "    }",
        f"    location ~ \\.({'|'.join(KEPT_A_DAY)})$ {{",
        *header_lines(KEEP_A_DAY, "        "),
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def caddyfile(csp, path, publish_url, hsts=""):
    """host/Caddyfile: a snippet to `import` inside the clinic's own site block, whose `root`
    holds the site at its path. The same headers, the site's 404 page, and the host files and
    unfinished uploads answered 404."""
    prefix = f"{path}/"
    where = f"{path} {prefix}*" if path else "/*"

    def header_block(matcher, values):
        return [f"header {matcher} {{", *(f'    {name} "{value}"' for name, value in values), "}"]

    kept = f"\\.({'|'.join(KEPT_A_DAY)})$"
    lines = [
        f"# Written by make publish for {publish_url}/",
        "# Import it inside your site block, whose root holds the site at "
        f"{prefix} (output/ copied to <root>{prefix}):",
        "#     example.org {",
        "#         root * /srv/www",
        f"#         import /path/to/{os.path.join('host', 'Caddyfile')}",
        "#     }",
        f"@guides path {where}",
        *header_block("@guides", security_headers(csp, hsts)),
        "@guides_pages {",
        f"    path {where}",
        f'    not path_regexp "{kept}"',
        "}",
        f'header @guides_pages Cache-Control "{REVALIDATE}"',
        "@guides_kept {",
        f"    path {where}",
        f'    path_regexp "{kept}"',
        "}",
        f'header @guides_kept Cache-Control "{KEEP_A_DAY}"',
    ]
    if path:
        lines.append(f"redir {path} {prefix} 301")
    lines += [
        "handle @guides {",
        "    encode gzip",
        f'    @guides_hidden path_regexp "{_hidden(path)}"',
        "    @guides_missing {",
        "        not file {path} {path}index.html",
        "    }",
        *(  # both answered with the site's 404 page, sent as a 404
            line
            for matcher in ("@guides_hidden", "@guides_missing")
            for line in (
                f"    handle {matcher} {{",
                f"        rewrite * {prefix}404.html",
                "        file_server {",
                "            status 404",
                "        }",
                "    }",
            )
        ),
        "    handle {",
        "        file_server",
        "    }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def unlisted_folders(output):
    """The output's folders (relative, "/"-separated) that have no index.html to show."""
    found = []
    for folder, dirs, files in os.walk(output):
        dirs[:] = sorted(d for d in dirs if d != UPLOAD_PARTS)
        if folder != output and "index.html" not in files:
            found.append(os.path.relpath(folder, output).replace(os.sep, "/"))
    return sorted(found)


def write_all(output, settings, pages):
    """The host files into the output folder and, those no server may serve, beside it."""
    publish_url, csp = settings["HOST_FILES_SITEURL"], settings["HOST_FILES_CSP"]
    hsts = settings.get("HOST_FILES_HSTS", "")
    path = site_path(publish_url)
    inside = {
        "sitemap.xml": sitemap(publish_url, pages),
        "robots.txt": robots(publish_url),
        "_headers": headers(csp, hsts),
        ".htaccess": htaccess(csp, path, unlisted_folders(output), hsts),
    }
    outside = {
        "nginx.conf": nginx_conf(csp, path, publish_url, hsts),
        "Caddyfile": caddyfile(csp, path, publish_url, hsts),
    }
    beside = os.path.join(os.path.dirname(os.path.abspath(output)), settings["HOST_FILES_BESIDE"])
    for folder, files in ((output, inside), (beside, outside)):
        os.makedirs(folder, exist_ok=True)
        for name, text in files.items():
            with open(os.path.join(folder, name), "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
    return beside
