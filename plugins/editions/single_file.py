"""The single-file edition: a content's page with its stylesheet and images inside, for e-mail
or a USB stick. Images are read from the content folder and inlined as data: URIs."""

import base64
import os
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from markupsafe import escape

MEDIA_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".gif": "image/gif",
}


class _Images(HTMLParser):
    """(start, end, attrs) of every <img> start tag, by offset into the text."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.starts = [0]
        self.starts += [i + 1 for i, char in enumerate(text) if char == "\n"]
        self.found = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            line, column = self.getpos()
            start = self.starts[line - 1] + column
            self.found.append((start, start + len(self.get_starttag_text()), dict(attrs)))

    handle_startendtag = handle_starttag


def _is_own(src):
    parts = urlsplit(src)
    return bool(src) and not parts.scheme and not parts.netloc and not src.startswith(("/", "#"))


def _data_uri(path):
    mime = MEDIA_TYPES.get(os.path.splitext(path)[1].lower(), "application/octet-stream")
    with open(path, "rb") as handle:
        return f"data:{mime};base64," + base64.b64encode(handle.read()).decode("ascii")


def embed_images(page_html, content_root):
    """The page with every image of the site's own inlined (static files keep their path)."""
    if "<img" not in page_html:
        return page_html
    parser = _Images(page_html)
    parser.feed(page_html)
    parser.close()
    for start, end, attrs in reversed(parser.found):
        src = attrs.get("src") or ""
        if not _is_own(src):
            continue
        attrs["src"] = _data_uri(os.path.join(content_root, unquote(src)))
        attrs.pop("loading", None)
        tag = "<img " + " ".join(f'{name}="{escape(value or "")}"' for name, value in attrs.items()) + ">"
        page_html = page_html[:start] + tag + page_html[end:]
    return page_html


def stem(content):
    """The page's name without .html: each language's editions are named after its own page."""
    return os.path.splitext(os.path.basename(content.save_as))[0]


def render(generator, content):
    """The content's page with nothing to fetch and no link to other pages of the site."""
    context = generator.context.copy()
    context.update(
        article=content,
        single_file=True,
        SITEURL=".",
        output_file=content.single_file_name,
        page_name=content.slug,
    )
    context.update(generator.settings["SINGLE_FILE_CONTEXT"])
    # The content's links are made for the page being rendered (Pelican's writer sets this base
    # before each page): the single file's are relative to the output's root, whatever page or
    # build came before, so its own images are found and put inside it.
    shared, before = generator.context, generator.context.get("localsiteurl")
    shared["localsiteurl"] = "."
    try:
        page = generator.get_template(content.template).render(context)
    finally:
        shared["localsiteurl"] = before
    return embed_images(page, generator.settings["PATH"])
