"""The guide's own rules for a typed file, on top of content_checks' (connected to its
source_read signal): the review date after the last update, and phone numbers that dial."""

import re

from content_checks.metadata import parse_date
from content_checks.problems import Problem

from . import crisis


def page_lang(tag, default_lang):
    """The language a guide is filed under: a regional tag of the site's own language (en-GB,
    en-US for "en") is that language, so the guide keeps its address and its place on the home page."""
    return default_lang if tag.split("-")[0].lower() == default_lang.split("-")[0].lower() else tag


def updated(source):
    """The last update: Modified, else Date (None when neither is a full date)."""
    return parse_date(source.value("modified")) or parse_date(source.value("date"))


def review_after_update(source, settings):
    review, last = parse_date(source.value("next_review")), updated(source)
    if not (review and last and review <= last):
        return []
    when = "earlier than" if review < last else "the same day as"
    return [
        Problem(
            source.rel,
            source.metadata["next_review"][1],
            f'"Next_review: {review}" is {when} the last update ({last}).',
            "set the next review to a date after the guide was last updated",
        )
    ]


WAIVER = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})[\s,;:–-]+(?P<reason>\S.*)$")


def review_waiver(source):
    """(until, reason) of a guide's Review_waiver: line, or None."""
    match = WAIVER.match(source.value("review_waiver"))
    until = parse_date(match["date"]) if match else None
    return (until, match["reason"].strip()) if until else None


def waiver_written_right(source, settings):
    value, line = source.metadata.get("review_waiver", ("", None))
    if not line or review_waiver(source):
        return []
    return [
        Problem(
            source.rel,
            line,
            f'"Review_waiver: {value}" needs the date it ends and the reason, so the reviewer knows '
            "why the guide is published past its review date, and until when.",
            'write it as "Review_waiver: 2027-01-31 waiting for the new guideline"',
        )
    ]


def region_of(source, settings):
    """The REGION the guide's phone numbers are read in: its language's, else the site's."""
    return crisis.region_of(crisis.phone_regions(settings), source.value("lang"), settings["DEFAULT_LANG"])


def phone_numbers(source, settings):
    """A number after call/text/dial that is not a real number in the guide's region."""
    from .checks import words_for

    region = region_of(source, settings)
    words = words_for(settings, source.value("lang") or settings["DEFAULT_LANG"])
    return [
        Problem(
            source.rel,
            number,
            f'"{written}" is written like a phone number, but it is not one in the region '
            f"{region}, so its link would dial a wrong number.",
            "copy the number exactly as the service publishes it (e.g. 1-800-662-4357 or +44 116 123)",
        )
        for number, line in source.body_lines()
        for written in crisis.invalid(line, region, after_verb_only=True, words=words)
    ]


def check(source, settings):
    """content_checks.source_read: the guide's rules for one typed file."""
    return (
        review_after_update(source, settings) + waiver_written_right(source, settings) + phone_numbers(source, settings)
    )
