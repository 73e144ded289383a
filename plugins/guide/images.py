"""Images an editor adds: `![A quiet room](images/room.png)` with the file in content/images/.

Each image gets its file's width and height (no layout shift), lazy loading, and a path that
Pelican resolves for every page that shows it (the editions plugin embeds each in the single
file). An image over the size budget is named in a warning.
"""

import os
import re
from urllib.parse import unquote, urlsplit

from content_checks.problems import display_path, warn
from markupsafe import escape
from PIL import Image

from . import markup

SIZE_BUDGET = 300 * 1024
SVG_SIZE = re.compile(r"<svg\b[^>]*>", re.S)
SVG_ATTRIBUTE = r'\b{}\s*=\s*["\']\s*([0-9.]+)(?:px)?\s*["\']'


def _is_local(src):
    parts = urlsplit(src)
    return src and not parts.scheme and not parts.netloc and not src.startswith(("/", "#", "{", "%7B", "|"))


def dimensions(path):
    """(width, height) in CSS px, or None when the file does not say."""
    if path.lower().endswith(".svg"):
        with open(path, encoding="utf-8", errors="replace") as handle:
            tag = SVG_SIZE.search(handle.read(4096))
        if not tag:
            return None
        size = [re.search(SVG_ATTRIBUTE.format(name), tag[0]) for name in ("width", "height")]
        if all(size):
            return tuple(round(float(m[1])) for m in size)
        box = re.search(r'viewBox\s*=\s*["\']\s*[-0-9.]+[ ,]+[-0-9.]+[ ,]+([0-9.]+)[ ,]+([0-9.]+)', tag[0])
        return (round(float(box[1])), round(float(box[2]))) if box else None
    with Image.open(path) as image:
        return image.size


def _tag(attrs):
    return "<img " + " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items()) + ">"


def _rewrite(page_html, change):
    """The page with each local <img> replaced by change(attrs, src) (a new attrs dict)."""
    images = markup.scan(page_html).images if "<img" in page_html else []
    for image in reversed(images):
        src = image.attrs.get("src", "")
        if _is_local(src):
            tag = _tag(change(dict(image.attrs), unquote(src)))
            page_html = page_html[: image.start] + tag + page_html[image.end :]
    return page_html


def prepare(content_html, source_dir, warned):
    """The body with each local image sized, lazy-loaded and pointed at through {static}."""

    def change(attrs, src):
        path = os.path.normpath(os.path.join(source_dir, src))
        attrs["src"] = "{static}" + attrs["src"]
        if os.path.isfile(path):
            size = dimensions(path)
            if size and "width" not in attrs and "height" not in attrs:
                attrs["width"], attrs["height"] = str(size[0]), str(size[1])
            if os.path.getsize(path) > SIZE_BUDGET and path not in warned:
                warned.add(path)
                warn(
                    f"{display_path(path)} is {os.path.getsize(path) // 1024} KB, over the {SIZE_BUDGET // 1024} KB "
                    "budget for one image; readers on a slow line wait for it. "
                    "Save it smaller (e.g. 1200 px wide, WebP or JPEG)."
                )
        attrs.setdefault("loading", "lazy")
        attrs.setdefault("decoding", "async")
        return attrs

    return _rewrite(content_html, change)
