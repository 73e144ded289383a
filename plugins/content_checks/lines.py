"""Checks of what only the typed lines show, one function per rule: tables, images without alt
text and sections without an id (CHECKS_SECTION_ID_LEVEL)."""

import re

from .problems import Problem

ATX_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*(?P<attrs>\{[^}]*\})?\s*#*\s*$")
VALID_ID = re.compile(r"^[A-Za-z][A-Za-z0-9-]*$")
TABLE_ROW = re.compile(r"^\s{0,3}\|.*\|\s*$")
TABLE_SEPARATOR = re.compile(r"^\s{0,3}\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
IMAGE_WITHOUT_ALT = re.compile(r"!\[\s*\]\(([^)\s]*)")


def tables(source, settings):
    """A table pasted without its |---| row is shown as lines of pipes."""
    problems, previous = [], ""
    for number, line in source.body_lines():
        following = source.lines[number] if number < len(source.lines) else ""
        if TABLE_ROW.match(line) and not TABLE_ROW.match(previous) and not TABLE_SEPARATOR.match(following):
            columns = max(line.strip().strip("|").count("|") + 1, 1)
            problems.append(
                Problem(
                    source.rel,
                    number,
                    "this table has no line of dashes under its header row, so readers would see its "
                    "rows as typed, not as a table.",
                    f"add this line under it: |{'---|' * columns}",
                )
            )
        previous = line
    return problems


def suggest_id(text):
    return "-".join(re.findall(r"[a-z0-9]+", text.lower())[:4]) or "section"


def _heading_id_problem(source, number, heading):
    attrs = heading["attrs"]
    if not attrs:
        return Problem(
            source.rel,
            number,
            f'the section "{heading["text"]}" has no id.',
            f"change line {number} to: {heading['marks']} {heading['text']} {{#{suggest_id(heading['text'])}}} "
            "(links to the section use the id, so keep it when the wording changes)",
        )
    if not (attrs.startswith("{#") and VALID_ID.match(attrs[2:-1].strip())):
        return Problem(
            source.rel,
            number,
            f'the id "{attrs}" of the section "{heading["text"]}" is not valid.',
            "write it as {#an-id}: letters, digits and hyphens only, no spaces",
        )
    return None


def section_ids(source, settings):
    """Sections of CHECKS_SECTION_ID_LEVEL carry an id of their own, so links to them survive rewording."""
    level, problems = settings["CHECKS_SECTION_ID_LEVEL"], []
    for number, line in source.body_lines():
        heading = ATX_HEADING.match(line)
        if heading and len(heading["marks"]) == level:
            problems.append(_heading_id_problem(source, number, heading))
    return [problem for problem in problems if problem]


def image_alt_text(source, settings):
    return [
        Problem(
            source.rel,
            number,
            f'the image "{match[1]}" has no alt text.',
            "describe it in the brackets, ![like this](images/room.png), "
            'or write <img src="..." alt=""> if it is only decoration',
        )
        for number, line in source.body_lines()
        for match in IMAGE_WITHOUT_ALT.finditer(line)
    ]


RULES = (tables, section_ids, image_alt_text)


def check(source, settings):
    return [problem for rule in RULES for problem in rule(source, settings)]
