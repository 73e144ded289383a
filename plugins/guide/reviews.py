"""Guides past their review date and translations older than their original.

Every build names them, one summary line per kind, each guide once. The publishing build
(REFUSE_OVERDUE_REVIEW, REFUSE_STALE_TRANSLATION) leaves each of them out of the site and
publishes the others: one guide never holds back the library. A guide may be published past
its review date under a dated waiver in its metadata ("Review_waiver: 2027-01-31 waiting for the
new guideline"), shown with its reason in every build; REVIEW_OVERDUE_OK=1 and
TRANSLATION_STALE_OK=1 publish every such guide as it is.
"""

import datetime

from content_checks import contents_of, state
from content_checks.metadata import parse_date
from content_checks.problems import Problem, warn

from . import checks, source_checks


def overdue(source, today):
    """The passed review date of a published guide (None when it is not due, or already refused)."""
    review, last = parse_date(source.value("next_review")), source_checks.updated(source)
    if not checks.is_published(source) or not review or review >= today or (last and review <= last):
        return None
    return review


def _plural(count, one, many):
    return f"{count} {one if count == 1 else many}"


def review_state(build, today):
    """([(source, review date, ended waiver or None)] to hold back, [(source, review, waiver)] waived)."""
    due, waived = [], []
    for path in sorted(build.sources):
        source = build.sources[path]
        review = overdue(source, today)
        if review is None:
            continue
        waiver = source_checks.review_waiver(source)
        if waiver and waiver[0] >= today:
            waived.append((source, review, waiver))
        else:
            due.append((source, review, waiver))
    return due, waived


def stale(build, contents):
    """[(translation, original)] of the published translations older than their original."""
    pairs = []
    for path, original in sorted(checks.originals(contents, build.settings).items()):
        translation, first = build.source_of(path), build.source_of(original.source_path)
        if translation and first and checks.is_behind(translation, first):
            pairs.append((translation, first))
    return pairs


def _overdue_message(due, holding):
    names = ", ".join(
        f"{source.rel} (due {review}{f'; its waiver ended {waiver[0]}' if waiver else ''})"
        for source, review, waiver in due
    )
    what = "left out of the published site" if holding else "make publish leaves them out"
    return (
        f"{_plural(len(due), 'guide is', 'guides are')} past the review date ({what}): {names}. Review each "
        "against current evidence, then set Modified and a new Next_review; to publish one as it is for a while, "
        'add a line such as "Review_waiver: 2027-01-31 waiting for the new guideline" (make publish '
        "REVIEW_OVERDUE_OK=1 publishes them all)."
    )


def _stale_message(pairs, holding):
    names = ", ".join(f"{t.rel} ({source_checks.updated(t)}; {o.rel}: {source_checks.updated(o)})" for t, o in pairs)
    what = "left out of the published site" if holding else "make publish leaves them out"
    return (
        f"{_plural(len(pairs), 'translation is', 'translations are')} older than the original ({what}): {names}. "
        "Update each translation, then its Modified date (make publish TRANSLATION_STALE_OK=1 publishes them all)."
    )


def hold_back(generator):
    """article_generator_pretaxonomy: name the guides past their review and the stale translations;
    when publishing, leave them out of the site (and out of their originals' language links)."""
    settings, build, today = generator.settings, state.of(generator.settings), datetime.date.today()
    due, waived = review_state(build, today)
    pairs = [(t, o) for t, o in stale(build, contents_of([generator])) if checks.is_published(t)]
    held = set()
    for source, review, (until, reason) in waived:
        warn(f"{source.rel} is past its review date ({review}) and published under its waiver until {until}: {reason}")
    if due:
        holding = bool(settings.get("REFUSE_OVERDUE_REVIEW") and not settings.get("REVIEW_OVERDUE_OK"))
        warn(_overdue_message(due, holding))
        held |= {source.path for source, _, _ in due} if holding else set()
    if pairs:
        holding = bool(settings.get("REFUSE_STALE_TRANSLATION") and not settings.get("TRANSLATION_STALE_OK"))
        warn(_stale_message(pairs, holding))
        held |= {t.path for t, _ in pairs} if holding else set()
    if held:
        _leave_out(generator, held, build)


def _leave_out(generator, held, build):
    keep = lambda items: [item for item in items if item.source_path not in held]  # noqa: E731
    generator.articles, generator.translations = keep(generator.articles), keep(generator.translations)
    for article in generator.articles + generator.translations:
        article.translations = keep(article.translations)
    if held and not generator.articles:
        build.add(
            [
                Problem(
                    build.source_of(path).rel,
                    None,
                    "every published guide is left out (see the warning above), so the site would have none.",
                    "review the guides, add a Review_waiver:, or publish them as they are with "
                    "make publish REVIEW_OVERDUE_OK=1 TRANSLATION_STALE_OK=1",
                )
                for path in sorted(held)
            ]
        )
