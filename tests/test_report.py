"""The editor's report: reading figures checked against hand counts, review status flagged in
temporary copies, and the repository's own guides listed with their figures."""

import json

import pytest
from test_checks import GOOD, HEADER

from conftest import ROOT, project_settings, write_content
from guide import readability, report

SHORT_ENGLISH = "The cat sat on the mat. It was happy."  # 9 words, 2 sentences, 10 syllables
SHORT_SPANISH = "El gato come. La casa es roja."  # 7 words, 2 sentences, 11 syllables


def test_short_english_text_grade_matches_hand_calculation():
    figures = readability.figures([SHORT_ENGLISH], "en")
    assert (figures.words, figures.sentences, figures.syllables) == (9, 2, 10)
    assert figures.grade == round(0.39 * 9 / 2 + 11.8 * 10 / 9 - 15.59, 1) == -0.7
    assert figures.ease == round(206.835 - 1.015 * 9 / 2 - 84.6 * 10 / 9, 1)


def test_short_spanish_text_inflesz_matches_hand_calculation():
    figures = readability.figures([SHORT_SPANISH], "es")
    assert (figures.words, figures.sentences, figures.syllables) == (7, 2, 11)
    assert figures.score == round(206.835 - 62.3 * 11 / 7 - 7 / 2, 1)
    assert figures.ease == round(206.84 - 0.60 * (100 * 11 / 7) - 1.02 * (100 * 2 / 7), 1)  # Fernández-Huerta


def test_list_items_are_sentences_and_headings_are_not():
    body = (
        "<p>Bring these.</p><h2 id='a'>What To Bring Along Today</h2><ul><li>Your medicines</li><li>A friend</li></ul>"
    )
    sections = report.sections_of(body)
    assert [(sid, heading) for sid, heading, _ in sections] == [
        ("", "Opening text"),
        ("a", "What To Bring Along Today"),
    ]
    blocks = [block for _, _, blocks in sections for block in blocks]
    assert readability.figures(blocks, "en").sentences == 3, blocks
    assert readability.figures(blocks, "en").words == 6, "the heading's words were counted"


def test_arabic_is_read_with_the_osman_formula():
    figures = readability.figures(["ذهب الولد إلى المدرسة", "كان الجو جميلا."], "ar")
    assert figures.formula == "Osman" and figures.score is not None and figures.sentences == 2


def test_text_after_a_footnote_reference_is_read_and_the_notes_are_not():
    body = (
        '<p>Rest after treatment<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
        "<p>Ask your nurse.</p>"
        '<div class="footnote"><hr><ol><li id="fn:1"><p>Most people rest for an hour.</p></li></ol></div>'
    )
    blocks = [block for _, _, blocks in report.sections_of(body) for block in blocks]
    assert blocks == ["Rest after treatment1.", "Ask your nurse."], blocks


def test_a_language_without_a_formula_gets_counts():
    figures = readability.figures(["Das ist gut. Wir gehen heute nach Hause."], "de").as_dict()
    assert figures["formula"] == "no formula for this language" and figures["score"] is None
    assert (figures["words"], figures["sentences"]) == (8, 2)


@pytest.fixture(scope="module")
def library_report(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report")
    overdue = GOOD.replace("Date: 2026-01-10\nNext_review: 2027-01-10", "Date: 2020-01-10\nNext_review: 2021-01-10")
    content = write_content(
        folder / "content",
        {
            "old.md": overdue,
            "guide.md": HEADER.replace("Date: 2026-01-10", "Date: 2026-01-10\nModified: 2026-03-01")
            + "\n## Part {#part}\n\nHypervigilance is common. Rest well.\n",
            "guide-es.md": HEADER.replace("Next_review", "Lang: es\nSlug: guide\nNext_review")
            + "\n## Parte {#parte}\n\nTexto.\n",
            "german.md": HEADER.replace("Next_review", "Lang: de\nNext_review") + "\n## Teil {#teil}\n\nDas ist gut.\n",
            "draft.md": HEADER.replace("Next_review", "Status: draft\nNext_review") + "\n## Part {#part}\n\nText.\n",
        },
    )
    code = report.main(["pelicanconf.py", str(folder / "build"), str(content)])
    data = json.loads((folder / "build" / "report.json").read_text(encoding="utf-8"))
    return code, {guide["source"].rsplit("/", 1)[-1]: guide for guide in data["guides"]}, folder / "build"


def test_report_exits_zero_and_writes_json_and_html_for_every_guide(library_report):
    code, guides, build = library_report
    assert code == 0, "the report must not fail on what it finds"
    assert sorted(guides) == ["draft.md", "german.md", "guide-es.md", "guide.md", "old.md"]
    page = (build / "report.html").read_text(encoding="utf-8")
    for guide in guides.values():
        assert guide["source"] in page, f"{guide['source']} is not in report.html"
        for field in (
            "title",
            "lang",
            "status",
            "modified",
            "next_review",
            "review_overdue",
            "translation_of",
            "translation_behind",
            "reading",
            "sections",
            "hardest",
            "terms",
        ):
            assert field in guide, f"{guide['source']}: no {field}"


def test_overdue_review_stale_translation_and_draft_are_flagged(library_report):
    _, guides, _ = library_report
    assert guides["old.md"]["review_overdue"] and "review overdue" in guides["old.md"]["needs"][0]
    assert not guides["guide.md"]["review_overdue"]
    spanish = guides["guide-es.md"]
    assert spanish["translation_of"].endswith("guide.md") and spanish["translation_behind"], spanish
    assert "draft waiting for a reviewer" in guides["draft.md"]["needs"]
    assert next(iter(guides)) == "old.md", f"the overdue guide is not listed first: {list(guides)}"


def test_terms_a_patient_may_not_know_are_listed_with_their_section(library_report):
    _, guides, _ = library_report
    assert {"term": "Hypervigilance", "section": "Part"} in guides["guide.md"]["terms"]
    assert guides["german.md"]["reading"]["formula"] == "no formula for this language"


def test_an_explained_term_is_not_reported_again(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": GOOD.replace("Text.", "Hypervigilance is common.")})
    settings = project_settings(PATH=str(content), REPORT_EXPLAINED_TERMS=["hypervigilance"])
    assert report.build_report(settings)["guides"][0]["terms"] == []


def test_the_repository_report_reads_every_guide_and_every_section():
    settings = project_settings(PATH=str(ROOT / "content"))
    guides = report.build_report(settings)["guides"]
    assert len(guides) == len(list((ROOT / "content").rglob("*.md")))
    for guide in guides:
        words = sum(section["words"] for section in guide["sections"])
        assert guide["reading"]["words"] == words > 0, f"{guide['source']}: sections do not add up to the guide"
        assert guide["reading"]["score"] is not None, f"{guide['source']}: no reading figure"
        assert len(guide["hardest"]) <= 3, f"{guide['source']}: more than three hardest sentences"
        if not guide["source"].endswith("ketamine-for-ptsd.md"):
            continue  # a clinic's other guides may be too short to have three long sentences or hard words
        assert len(guide["hardest"]) == 3, f"{guide['source']}: no hardest sentences"
        has_word_list = bool(readability.common_words(guide["lang"]))  # terms need the language's common words
        assert bool(guide["terms"]) == has_word_list, f"{guide['source']}: terms {guide['terms']}"
