"""Our one Python-Markdown extension: tables a reader can use on a phone and under the CSP.

- A table scrolls inside its own focusable, labelled box, never the page.
- Header cells get scope="col"; column alignment becomes a class (style="" is blocked by the CSP).
- A paragraph "Table: ..." right before or after a table becomes its <caption> (Pandoc's syntax).
"""

import re
import xml.etree.ElementTree as etree

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

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


class GuideExtension(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(TableProcessor(md), "guide_tables", 1)
