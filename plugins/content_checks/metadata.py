"""Checks of a file's metadata lines, one function per rule, configured by the CHECKS_* settings.

Pelican would drop a file without a date, guess a day for "2024-05" and ignore a misspelt key;
here each is a problem naming the line.
"""

import datetime
import difflib
import re

from .problems import Problem

# A full date, with a time if the editor adds one (Pelican accepts it; the page shows the date).
ISO_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z]{2})?$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MARKDOWN_IN_TEXT = re.compile(r"\*\*|__|\[[^\]]+\]\([^)]*\)|`|(?<!\w)\*[^*\s][^*]*\*(?!\w)")
FORMATS = {
    "lang": (LANG.match, 'use a language code such as "en" or "es"'),
    "slug": (SLUG.match, 'use lower-case letters, digits and hyphens, e.g. "ketamine-for-ptsd"'),
}


def parse_date(value):
    """The date of a full date (with or without a time), else None."""
    match = ISO_DATE.match(str(value))
    if not match:
        return None
    try:
        return datetime.date.fromisoformat(match["date"])
    except ValueError:
        return None


def unknown_fields(source, settings):
    known = settings["CHECKS_METADATA"]
    problems = []
    for key, (_, line) in source.metadata.items():
        if key in known:
            continue
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        fix = (
            f'did you mean "{close[0].capitalize()}:"? Correct the name'
            if close
            else f"remove it, or use one of: {', '.join(k.capitalize() for k in known)}"
        )
        problems.append(Problem(source.rel, line, f'"{key.capitalize()}:" is not a metadata line the site knows.', fix))
    return problems


def required_fields(source, settings):
    problems = []
    for field, fix in settings["CHECKS_REQUIRED_METADATA"].items():
        value, line = source.metadata.get(field, ("", None))
        if not value:
            state = "is empty" if line else "is missing"
            problems.append(Problem(source.rel, line or 1, f'the "{field.capitalize()}" line {state}.', fix))
    return problems


def full_dates(source, settings):
    problems = []
    for field in settings["CHECKS_DATE_METADATA"]:
        value, line = source.metadata.get(field, ("", None))
        if value and parse_date(value) is None:
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'"{field.capitalize()}: {value}" is not a full date.',
                    "write the whole date as year-month-day, for example 2026-11-26",
                )
            )
    return problems


def modified_after_date(source, settings):
    first, modified = parse_date(source.value("date")), parse_date(source.value("modified"))
    if not (first and modified and modified < first):
        return []
    return [
        Problem(
            source.rel,
            source.metadata["modified"][1],
            f'"Modified: {modified}" is earlier than "Date: {first}" (first published).',
            "set Modified to the day of the latest change, on or after Date",
        )
    ]


def valid_values(source, settings):
    """Values from a fixed list (CHECKS_CHOICES) and the language and slug formats."""
    rules = dict(FORMATS)
    for field, choices in settings["CHECKS_CHOICES"].items():
        rules[field] = (lambda value, choices=choices: value in choices, f"use one of: {', '.join(choices)}")
    problems = []
    for field, (valid, fix) in rules.items():
        value, line = source.metadata.get(field, ("", None))
        if line and not valid(value):
            problems.append(Problem(source.rel, line, f'"{field.capitalize()}: {value}" is not valid.', fix))
    return problems


def plain_fields(source, settings):
    """Markdown in a plain-text field would be shown raw (**bold**) in lists and search results."""
    problems = []
    for field in settings["CHECKS_PLAIN_METADATA"]:
        value, line = source.metadata.get(field, ("", None))
        found = MARKDOWN_IN_TEXT.search(value)
        if found:
            problems.append(
                Problem(
                    source.rel,
                    line,
                    f'"{field.capitalize()}:" is plain text, but it holds the markup "{found[0]}", '
                    "which readers would see as typed.",
                    "write it without markup (no ** or _ for emphasis, no [links](...)); "
                    "put emphasis and links in the text",
                )
            )
    return problems


RULES = (unknown_fields, required_fields, full_dates, modified_after_date, valid_values, plain_fields)


def check(source, settings):
    return [problem for rule in RULES for problem in rule(source, settings)]
