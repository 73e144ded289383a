"""One HTML scanner for everything the plugin reads in rendered HTML: headings (for the
component split, the contents list and the checks), ids, links, images, comments and the
elements a guide may not carry. Built on the standard library's html.parser."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

LINK_ATTRIBUTES = {"a": "href", "link": "href", "img": "src", "script": "src", "source": "src", "iframe": "src"}
# Content the page's Content-Security-Policy would block, or that would break its layout.
FORBIDDEN_ELEMENTS = ("script", "iframe", "object", "embed", "form", "style")


@dataclass
class Heading:
    level: int
    id: str | None
    text: str
    start: int  # offset of "<hN"
    end: int  # offset just after "</hN>"


@dataclass
class Tag:
    name: str
    attrs: dict
    start: int  # offset of "<"
    end: int  # offset just after ">" of the start tag


@dataclass
class Scan:
    ids: list = field(default_factory=list)  # in document order; a repeated id appears twice
    links: list = field(default_factory=list)  # (tag name, url)
    images: list = field(default_factory=list)  # Tag
    headings: list = field(default_factory=list)  # Heading
    comments: list = field(default_factory=list)  # (start, end)
    forbidden: list = field(default_factory=list)  # Tag: script, iframe, style=""...
    footnotes: tuple | None = None  # (start, end) of Python-Markdown's footnote list

    def h2s(self):
        return [h for h in self.headings if h.level == 2]


class _Scanner(HTMLParser):
    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.text = text
        self.line_starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.scan = Scan()
        self.heading = None  # [level, attrs, start, text parts]
        self.div_depth = 0
        self.footnote_depth = None
        self.footnote_start = None

    def position(self):
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _ids_and_links(self, tag, attrs):
        if "id" in attrs:
            self.scan.ids.append(attrs["id"])
        if tag == "a" and "name" in attrs:
            self.scan.ids.append(attrs["name"])
        url_attribute = LINK_ATTRIBUTES.get(tag)
        if url_attribute and url_attribute in attrs:
            self.scan.links.append((tag, attrs[url_attribute]))

    def _div(self, attrs, start):
        self.div_depth += 1
        if "footnote" in attrs.get("class", "").split() and self.footnote_depth is None:
            self.footnote_depth, self.footnote_start = self.div_depth, start

    def handle_starttag(self, tag, attrs):
        start = self.position()
        attrs = {name: value or "" for name, value in attrs}
        self._ids_and_links(tag, attrs)
        element = Tag(tag, attrs, start, start + len(self.get_starttag_text()))
        if tag == "img":
            self.scan.images.append(element)
        if tag in FORBIDDEN_ELEMENTS or "style" in attrs:
            self.scan.forbidden.append(element)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.heading = [int(tag[1]), attrs, start, []]
        if tag == "div":
            self._div(attrs, start)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag == "div":
            self.div_depth -= 1

    def handle_endtag(self, tag):
        if self.heading and tag == f"h{self.heading[0]}":
            level, attrs, start, parts = self.heading
            end = self.text.index(">", self.position()) + 1
            text = " ".join("".join(parts).split())
            self.scan.headings.append(Heading(level, attrs.get("id"), text, start, end))
            self.heading = None
        if tag == "div":
            if self.footnote_depth == self.div_depth and self.scan.footnotes is None:
                self.scan.footnotes = (self.footnote_start, self.text.index(">", self.position()) + 1)
            self.div_depth -= 1

    def handle_data(self, data):
        if self.heading:
            self.heading[3].append(data)

    def handle_comment(self, data):
        start = self.position()
        self.scan.comments.append((start, start + len(data) + 7))


def scan(text):
    """The Scan of an HTML text (a guide's body: a few kilobytes)."""
    scanner = _Scanner(text)
    scanner.feed(text)
    scanner.close()
    return scanner.scan


def without_comments(text):
    """The HTML with every <!-- comment --> removed (editors' private notes never ship)."""
    comments = scan(text).comments if "<!--" in text else []
    for start, end in reversed(comments):
        text = text[:start] + text[end:]
    return text
