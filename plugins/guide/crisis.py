"""Phone numbers a reader can tap: every number in the crisis box, and in a guide's text every
number written after a verb such as "call" or "text".

Numbers are found the way people write them (988, 116 123, 1-800-662-4357, (800) 273-8255,
800.662.4357, +44 20 7946 0000, digits of any script) and read with phonenumbers (Google's
libphonenumber) for the clinic's REGION (pelicanconf.py, per language in LANG_SETTINGS). One
number is one link that dials exactly what is written: a full number as E.164
(tel:+18006624357), a short or emergency number as its digits (tel:988, tel:15, sms:838255).
The verb before it decides the link: a "text" verb makes an sms: link, anything else tel:. The
verbs are English words here; each language's catalog gives its own (msgids CALL_WORDS and
TEXT_WORDS below), so a new language's "send an SMS to" makes sms: links without code.
Something written like a phone number that is none in the region is a problem, never a link
that dials a wrong number.
"""

import functools
import re
from dataclasses import dataclass

import phonenumbers
from markupsafe import Markup, escape
from phonenumbers import shortnumberinfo

from .i18n import _

DEFAULT_REGION = "US"
# The words before a number, separated by |; each language's catalog translates them.
# TRANSLATORS: the words before a phone number that ask the reader to call it, each form, separated by |
CALL_WORDS = _("call or text|call|dial|phone|ring")
# TRANSLATORS: the words before a phone number that ask the reader to send it a text message, separated by |
TEXT_WORDS = _("send a text to|text|sms")
# TRANSLATORS: the words before a phone number that offer both, separated by |: in each, the first
# word asks to call, the second joins ("or"), the rest asks to send a text message
BOTH_WORDS = _("call or text")
_ANY_DIGIT = re.compile(r"\d")
YEAR = re.compile(r"(?:19|20)\d\d")  # "since 2014": a year, though also a short number in the US
_SEP = r"[ \u00a0.\-\u2010\u2011]"
_GROUP = r"(?:\(\d{1,5}\)|\d+)"


@dataclass(frozen=True)
class Words:
    """The verbs before a number in one language (with English's): each a tuple, lower case."""

    call: tuple
    text: tuple
    both: tuple = ()  # "call or text": a call link and a text link to the same number


def _split(words):
    return tuple(w.strip().lower() for w in words.split("|") if w.strip())


def words_of(gettext=None):
    """A language's verbs from its catalog (gettext), with the English ones."""
    translate = gettext or (lambda message: message)
    call = dict.fromkeys(_split(CALL_WORDS) + _split(translate(CALL_WORDS)))
    text = dict.fromkeys(_split(TEXT_WORDS) + _split(translate(TEXT_WORDS)))
    both = dict.fromkeys(w for w in _split(BOTH_WORDS) + _split(translate(BOTH_WORDS)) if len(w.split()) >= 3)
    return Words(tuple(w for w in call if w not in text and w not in both), tuple(text), tuple(both))


ENGLISH = words_of()


@functools.lru_cache(maxsize=32)
def _number_pattern(words):
    verbs = "|".join(re.escape(v) for v in sorted(words.text + words.call + words.both, key=len, reverse=True))
    return re.compile(
        rf"(?P<verb>\b(?:{verbs})\s+)?"
        rf"(?P<number>(?<![\w+.\-/])(?:\+{_SEP}?)?{_GROUP}(?:{_SEP}?{_GROUP})*(?![\w/]|[.,]\d))",
        re.IGNORECASE,
    )


@dataclass(frozen=True)
class Number:
    start: int  # of the verb, when there is one: the link reads "call 911"
    end: int  # the link's text is text[start:end]; it ends with the number unless shows_number is False
    written: str  # the number as written
    scheme: str  # "tel" or "sms"
    dial: str  # what the link dials, ASCII digits (and a leading + for a full number)
    valid: bool  # False: written like a phone number, but none in the region
    shows_number: bool = True  # False: the "call" of "call or text 988", whose number the text link shows

    @property
    def href(self):
        return f"{self.scheme}:{self.dial}"


def find(text, region=DEFAULT_REGION, after_verb_only=False, words=ENGLISH):
    """Every phone number in text (a crisis line, or a guide's paragraph with after_verb_only);
    words: the verbs of the text's language (words_of)."""
    if not _ANY_DIGIT.search(text):
        return []  # most lines of a guide: nothing to read
    found = []
    for match in _number_pattern(words).finditer(text):
        verb = (match["verb"] or "").strip().lower()
        if after_verb_only and not verb:
            continue
        number = _read(match["number"], region, verb)
        if number is None:
            continue
        dial, valid = number
        start = match.start() if verb else match.start("number")
        said = " ".join(verb.split())
        if said in words.both:
            found += _call_or_text(match, dial, valid)
            continue
        scheme = "sms" if said in words.text else "tel"
        found.append(Number(start, match.end(), match["number"], scheme, dial, valid))
    return found


def _call_or_text(match, dial, valid):
    """ "call or text 988": its first word a call link, its rest (with the number) a text link, so a
    reader who cannot speak can text the number from the line that offers it."""
    verb = match["verb"]
    first = re.match(r"\S+", verb)
    second = re.match(r"\s+\S+\s+", verb[first.end() :])
    rest = match.start() + first.end() + second.end()
    written = match["number"]
    return [
        Number(match.start(), match.start() + first.end(), written, "tel", dial, valid, shows_number=False),
        Number(rest, match.end(), written, "sms", dial, valid),
    ]


def _read(written, region, verb):
    """(what to dial, valid) of a candidate, or None when it is no phone number (a figure, a year)."""
    digits = "".join(str(int(c)) for c in written if c.isdigit())  # any script's digits, as ASCII
    if len(digits) < 2 or (not verb and YEAR.fullmatch(written)):
        return None
    try:
        parsed = phonenumbers.parse(written, region)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_valid_number(parsed):
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), True
    if not written.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(parsed, region):
        return digits, True
    looks_like_one = written.startswith("+") or len(digits) >= 6 or (verb and len(digits) >= 3)
    return (digits, False) if looks_like_one else None


def numbers(line, region=DEFAULT_REGION, words=ENGLISH):
    """The (scheme, what it dials) of every valid number in a line."""
    return [(n.scheme, n.dial) for n in find(line, region, words=words) if n.valid]


def invalid(text, region=DEFAULT_REGION, after_verb_only=False, words=ENGLISH):
    """The numbers written like phone numbers that are none in the region (each once)."""
    return list(dict.fromkeys(n.written for n in find(text, region, after_verb_only, words) if not n.valid))


@functools.lru_cache(maxsize=256)
def with_links(line, region=DEFAULT_REGION, words=ENGLISH, right_to_left=False):
    """The line, escaped, with each number (and the verb before it) a tel: or sms: link. In a
    right-to-left page each number is isolated left to right, so "+44 20 7946 0000" keeps its
    order (and its +) inside the line."""
    parts, last = [], 0
    for number in find(line, region or DEFAULT_REGION, words=words):
        if not number.valid:
            continue  # the build refused it already (clinic_settings)
        parts.append(escape(line[last : number.start]))
        text = escape(line[number.start : number.end])
        if right_to_left and number.shows_number:
            verb = escape(line[number.start : number.end - len(number.written)])
            text = verb + Markup('<bdi dir="ltr">{}</bdi>').format(number.written)
        parts.append(Markup('<a class="callout__number" href="{}">{}</a>').format(number.href, text))
        last = number.end
    parts.append(escape(line[last:]))
    return Markup("").join(parts)


def region_of(regions, lang, default_lang):
    """The region a guide in `lang` reads numbers in: its language's, its base language's (fr for
    fr-CA), else the site language's. regions maps languages to valid REGION settings."""
    lang = lang or default_lang
    return regions.get(lang) or regions.get(lang.split("-")[0]) or regions.get(default_lang) or DEFAULT_REGION


def region_problem(region):
    """Why a REGION setting is not usable, or None."""
    if isinstance(region, str) and region in phonenumbers.SUPPORTED_REGIONS:
        return None
    return f"is {region!r}, which is not a two-letter region code (ISO 3166) such as US, GB, ES or FR."


def phone_regions(settings):
    """{language: REGION} for reading phone numbers, from the settings and LANG_SETTINGS (valid ones only)."""
    languages = settings.get("LANG_SETTINGS") if isinstance(settings.get("LANG_SETTINGS"), dict) else {}
    regions = {lang: values.get("REGION") for lang, values in languages.items() if isinstance(values, dict)}
    regions[settings["DEFAULT_LANG"]] = settings.get("REGION", DEFAULT_REGION)
    return {lang: region for lang, region in regions.items() if region and not region_problem(region)}
