"""The editor's report (make report): how plain each guide's language is, and which guides need
a review, a translation update or a reviewer. It reads every guide in content/ (drafts and
hidden ones too), writes build/report.json and build/report.html, prints a short table, and
exits 0 whatever it finds: it reports; the build refuses.

Run as `python -m guide.report [settings file] [output folder] [content folder]` with plugins/
on the path.
"""

import datetime
import json
import os
import sys
from html.parser import HTMLParser

import jinja2
from content_checks import read_site
from content_checks.metadata import parse_date
from pelican.settings import read_settings

from . import checks, readability, source_checks

DUE_SOON_DAYS = 60
RANKED_SENTENCE_WORDS = 8  # a formula says little of a shorter sentence (a list item of three words)
BLOCKS = ("p", "li", "td", "th", "dt", "dd", "figcaption", "caption")
LEFT_OUT = ("sources",)
SKIPPED = (
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "code",
)  # sub-headings are not sentences; code is not prose  # reference lists are citations, not prose a patient reads


class _Sections(HTMLParser):
    """The text blocks of a rendered guide by section: [(id, heading, [block text])]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.sections = [["", "Opening text", []]]
        self.stack, self.heading, self.skip = [], None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "h2":
            self.heading = [attrs.get("id") or "", []]
        elif tag in SKIPPED or (tag == "div" and "footnote" in (attrs.get("class") or "").split()):
            self.skip += 1
        elif tag in BLOCKS:
            self.stack.append([])

    def handle_endtag(self, tag):
        if tag == "h2" and self.heading:
            self.sections.append([self.heading[0], "".join(self.heading[1]).strip(), []])
            self.heading = None
        elif (tag in SKIPPED or tag == "div") and self.skip:
            self.skip -= 1
        elif tag in BLOCKS and self.stack:
            text = " ".join("".join(self.stack.pop()).split())
            if text:
                self.sections[-1][2].append(text)

    def handle_data(self, data):
        if self.heading is not None:
            self.heading[1].append(data)
        elif self.stack and not self.skip:
            self.stack[-1].append(data)


def sections_of(body_html):
    parser = _Sections()
    parser.feed(body_html)
    return [(sid, heading, blocks) for sid, heading, blocks in parser.sections if blocks]


def explained_terms(settings):
    """Words the clinic explains (abbreviations, REPORT_EXPLAINED_TERMS): never reported as terms."""
    words = set()
    for term in [*(settings.get("ABBREVIATIONS") or {}), *(settings.get("REPORT_EXPLAINED_TERMS") or ())]:
        words.update(w.lower() for w in readability.words_of(str(term)))
    return words


def read_guide(body_html, lang, settings, target):
    """The reading figures of one guide, its sections, hardest sentences and terms."""
    sections = [s for s in sections_of(body_html) if s[0] not in LEFT_OUT]
    every = [block for _, _, blocks in sections for block in blocks]
    explained, terms, seen = explained_terms(settings), [], set()
    sentences, rows = [], []
    for sid, heading, blocks in sections:
        figures = readability.figures(blocks, lang)
        rows.append(
            {
                "id": sid,
                "heading": heading,
                "words": figures.words,
                "reading": figures.as_dict(),
                "above_target": figures.grade is not None and figures.grade > target,
            }
        )
        for block in blocks:
            for sentence in readability.sentences_of(block):
                if len(readability.words_of(sentence)) >= RANKED_SENTENCE_WORDS:
                    sentences.append((readability.figures([sentence], lang), sentence))
                for word in readability.words_of(sentence):
                    key = word.lower().removesuffix("s")
                    if key not in seen and key not in explained and readability.is_hard_word(word, lang):
                        seen.add(key)
                        terms.append({"term": word, "section": heading})
    sentences.sort(key=lambda pair: -readability.difficulty(pair[0]))
    hardest = [{"sentence": text, "reading": figures.as_dict()} for figures, text in sentences[:3]]
    return readability.figures(every, lang), rows, hardest, terms


def review_status(source, today, original):
    """The dates and the state a reviewer acts on."""
    updated = source_checks.updated(source)
    review = parse_date(source.value("next_review"))
    return {
        "status": source.value("status", "published"),
        "modified": updated.isoformat() if updated else None,
        "next_review": review.isoformat() if review else None,
        "review_overdue": bool(review and review < today),
        "review_due_soon": bool(review and today <= review <= today + datetime.timedelta(days=DUE_SOON_DAYS)),
        "translation_of": original.rel if original else None,
        "translation_behind": bool(original and checks.is_behind(source, original)),
    }


def attention(guide):
    """What needs doing about a guide, most urgent first."""
    needs = []
    if guide["review_overdue"]:
        needs.append(f"review overdue since {guide['next_review']}")
    if guide["next_review"] is None:
        needs.append("no Next_review date")
    if guide["translation_behind"]:
        needs.append(f"translation older than {guide['translation_of']}")
    if guide["status"] == "draft":
        needs.append("draft waiting for a reviewer")
    if guide["review_due_soon"]:
        needs.append(f"review due {guide['next_review']}")
    if any(section["above_target"] for section in guide["sections"]):
        needs.append("sections above the reading target")
    return needs


def build_report(settings, today=None):
    """Every guide's entry, in the order of what needs attention first. The guides are read as the
    build reads them (Pelican's reader, with every check), and nothing is written."""
    today = today or datetime.date.today()
    target = float(settings.get("READING_GRADE_TARGET", 8))
    build, contents = read_site(settings)
    originals = checks.originals(contents, settings)
    langs = {content.source_path: content.lang for content in contents}
    guides = []
    for path, source in sorted(build.sources.items()):
        lang = langs.get(path) or source_checks.page_lang(
            source.value("lang", settings["DEFAULT_LANG"]), settings["DEFAULT_LANG"]
        )
        overall, sections, hardest, terms = read_guide(build.rendered.get(path, ""), lang, settings, target)
        original = originals.get(path)
        guide = {"source": source.rel, "title": source.value("title"), "lang": lang}
        guide.update(review_status(source, today, original and build.source_of(original.source_path)))
        guide.update(reading=overall.as_dict(), sections=sections, hardest=hardest, terms=terms)
        guide["needs"] = attention(guide)
        guides.append(guide)
    guides.sort(key=lambda g: (not g["review_overdue"], -len(g["needs"]), g["source"]))
    return {"today": today.isoformat(), "reading_grade_target": target, "guides": guides}


def figure_text(reading):
    if reading["score"] is None:
        return f"{reading['words']} words, {reading['sentences']} sentences; {reading['formula']}"
    if reading["grade"] is not None:
        return f"grade {reading['grade']:.1f} (reading ease {reading['ease']:.1f})"
    if reading["formula"] == readability.FORMULAS["es"]:
        return f"{reading['formula']} {reading['score']:.1f} ({readability.inflesz_band(reading['score'])})"
    return f"{reading['formula']} {reading['score']:.1f}"


def terminal_table(report):
    rows = [("guide", "lang", "status", "reading", "needs")]
    for guide in report["guides"]:
        rows.append(
            (
                guide["source"],
                guide["lang"],
                guide["status"],
                figure_text(guide["reading"]),
                "; ".join(guide["needs"]) or "nothing",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4])) + "  " + row[4] for row in rows)


def write(report, settings, folder):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "report.json"), "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
        handle.write("\n")
    theme = settings["THEME"]
    with open(os.path.join(theme, "css", "guide.css"), encoding="utf-8") as handle:
        css = handle.read()
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(os.path.join(theme, "templates")), autoescape=True)
    env.filters["figure_text"] = figure_text
    page = env.get_template("report.html").render(report=report, css=css, sitename=settings["SITENAME"])
    with open(os.path.join(folder, "report.html"), "w", encoding="utf-8") as handle:
        handle.write(page)


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    settings_file = argv[0] if argv else "pelicanconf.py"
    folder = argv[1] if len(argv) > 1 else "build"
    settings = read_settings(settings_file, override={"PATH": argv[2]} if len(argv) > 2 else None)
    report = build_report(settings)
    write(report, settings, folder)
    sys.stdout.write(terminal_table(report) + "\n")
    sys.stdout.write(f"\nThe report: {os.path.join(folder, 'report.html')} (and report.json).\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
