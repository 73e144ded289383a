"""Our one Python-Markdown extension: Markdown as editors type it, and tables a reader can use
on a phone and under the CSP.

- Sub-lists indented by 2 or 4 spaces or a tab all nest; bullets pasted from Word ("•") are list
  items; numbered steps continued after a paragraph keep their number (<ol start="3">).
- Indenting a paragraph never turns it into a code box: code is fenced (```) only.
- A phone number after "call", "text" (and the like) is a link that dials it (see crisis.py).
- A table scrolls inside its own focusable, labelled box, never the page.
- Header cells get scope="col"; column alignment becomes a class (style="" is blocked by the CSP).
- A paragraph "Table: ..." right before or after a table becomes its <caption> (Pandoc's syntax).
"""

import re
import xml.etree.ElementTree as etree

from content_checks.reader import FENCE
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import crisis

NESTED_INDENT = 2  # what mdx_truly_sane_lists reads as one level (pelicanconf.py)
WORD_BULLETS = "•◦▪‣●○■\uf0b7"  # bullets that come with text pasted from Word
LIST_ITEM = re.compile(rf"^(?P<indent> *)(?P<marker>[-*+]|\d+[.)]|[{WORD_BULLETS}])(?P<rest>[ ]+.*)$")
ALIGN = re.compile(r"text-align:\s*(left|right|center)")
CAPTION = "Table:"


class TableProcessor(Treeprocessor):
    def run(self, root):
        for parent in list(root.iter()):
            for table in reversed(list(parent)):
                if table.tag != "table":
                    continue
                self.align(table)
                caption = self.take_caption(parent, table)
                wrapper = etree.Element("div", {"class": "table-scroll", "role": "region", "tabindex": "0"})
                wrapper.set("aria-label", caption or "Table")
                position = list(parent).index(table)
                parent.remove(table)
                wrapper.append(table)
                parent.insert(position, wrapper)
        return None

    @staticmethod
    def align(table):
        for cell in table.iter():
            if cell.tag == "th" and cell.get("scope") is None:
                cell.set("scope", "col")
            style = cell.get("style")
            if cell.tag in ("th", "td") and style:
                del cell.attrib["style"]
                match = ALIGN.search(style)
                if match:
                    cell.set("class", f"align-{match[1]}")

    @staticmethod
    def take_caption(parent, table):
        children = list(parent)
        position = children.index(table)
        for neighbour in (
            children[position - 1] if position else None,
            children[position + 1] if position + 1 < len(children) else None,
        ):
            if (
                neighbour is not None
                and neighbour.tag == "p"
                and len(neighbour) == 0
                and (neighbour.text or "").startswith(CAPTION)
            ):
                text = neighbour.text[len(CAPTION) :].strip()
                parent.remove(neighbour)
                caption = etree.Element("caption")
                caption.text = text
                table.insert(0, caption)
                return text
        return None


class EditorListsPreprocessor(Preprocessor):
    """Lists as editors type them. Each deeper indent (2 spaces, 4, a tab) is one level down, written
    as the 2 spaces mdx_truly_sane_lists reads; lines indented inside an item follow it. Runs after
    Python-Markdown has turned tabs into 4 spaces; the number of lines never changes."""

    def run(self, lines):
        out, stack, fenced, in_list = [], [], False, False
        for line in lines:
            if FENCE.match(line):
                fenced = not fenced
            item = None if fenced else LIST_ITEM.match(line)
            if item:
                out.append(self.item(item, stack))
                in_list = True
            elif in_list and not fenced and line.strip() and line.startswith(" "):
                out.append(" " * (NESTED_INDENT * self.inside(line, stack)) + line.lstrip(" "))
            else:
                if line.strip() and not line.startswith(" ") and not fenced:
                    in_list, stack[:] = False, []
                out.append(line)
        return out

    @staticmethod
    def close(indent, stack):
        """Close the open items (stack: their indents) that a line indented by `indent` is outside of."""
        while stack and indent < stack[-1]:
            stack.pop()

    def item(self, match, stack):
        """A list item at its level: one deeper than the open item when indented past it (2 or more)."""
        indent = len(match["indent"])
        self.close(indent, stack)
        if not stack or indent > stack[-1] + 1:
            stack.append(indent)
        marker = "-" if match["marker"] in WORD_BULLETS else match["marker"]
        return " " * (NESTED_INDENT * (len(stack) - 1)) + marker + match["rest"]

    def inside(self, line, stack):
        """The level of a line of text indented inside an open item: one past that item."""
        self.close(len(line) - len(line.lstrip(" ")), stack)
        return len(stack)


class PhoneLinkProcessor(Treeprocessor):
    """A number after "call", "text" (and the like) in a guide's text becomes a tel: or sms: link."""

    SKIP = ("a", "code", "pre", "abbr")

    def __init__(self, md, regions, default_lang, words_for):
        super().__init__(md)
        self.regions, self.default_lang, self.words_for = regions, default_lang, words_for

    def run(self, root):
        lang = (getattr(self.md, "Meta", {}).get("lang") or [""])[0]
        where = (crisis.region_of(self.regions, lang, self.default_lang), self.words_for(lang or self.default_lang))
        self.link(root, where)

    def link(self, element, where):
        for child in list(element):
            if child.tag not in self.SKIP:
                self.link(child, where)
            child.tail = self.split(element, list(element).index(child) + 1, child.tail, where)
        element.text = self.split(element, 0, element.text, where)

    @staticmethod
    def split(parent, position, text, where):
        """Links the numbers in text, inserted at position in parent; returns the text left before them.
        where: (the region numbers are read in, the verbs of the text's language)."""
        region, words = where
        found = [n for n in crisis.find(text or "", region, after_verb_only=True, words=words) if n.valid]
        if not found:
            return text
        for number in reversed(found):
            link = etree.Element("a", {"href": number.href})
            link.text = text[number.start : number.end]
            link.tail = text[number.end :]
            text = text[: number.start]
            parent.insert(position, link)
        return text


class GuideExtension(Extension):
    def __init__(self, regions=None, default_lang="en", words_for=None, **kwargs):
        """words_for(lang): the verbs before a number in a language (crisis.Words); English by default."""
        self.regions, self.default_lang = regions or {}, default_lang
        self.words_for = words_for or (lambda lang: crisis.ENGLISH)
        super().__init__(**kwargs)

    def extendMarkdown(self, md):
        md.preprocessors.register(
            EditorListsPreprocessor(md), "guide_lists", 28
        )  # after tabs become spaces (30), before breakless_lists (27)
        md.parser.blockprocessors.deregister("code", strict=False)  # code is fenced only
        md.parser.blockprocessors["olist"].LAZY_OL = False  # "3." after a paragraph starts at 3
        md.treeprocessors.register(
            PhoneLinkProcessor(md, self.regions, self.default_lang, self.words_for), "guide_phones", 5
        )
        md.treeprocessors.register(TableProcessor(md), "guide_tables", 1)
