"""The crisis box's lines, with every phone number a link a reader in crisis can tap.

The clinic writes plain sentences in pelicanconf.py; a number (three digits or more, spaces
allowed: 988, 116 123, 0800 58 58 58) becomes a link. The link takes the verb written just
before it, so it reads well aloud ("call 911", "text 838255", "Samaritans on 116 123" links
"116 123"; in Spanish "llame al 911", "mensaje de texto al 838255"): "text" makes an sms:
link, anything else a tel: link that dials.
"""

import functools
import re

from markupsafe import Markup, escape

# The verbs a link takes with its number, in the languages the guides are written in.
TEXT_VERBS = ("text", "mensaje de texto al")
NUMBER = re.compile(
    r"(?P<verb>\b(?:call or text|call|dial|phone|ring|text|llame al|marque el|marque|mensaje de texto al)\s+)?"
    r"(?P<number>(?<![\w+])\+?\d(?:[ \u00a0]?\d){2,14}(?!\w))",
    re.IGNORECASE,
)


def numbers(line):
    """The (scheme, digits) of every number in a line."""
    return [(_scheme(m), _digits(m)) for m in NUMBER.finditer(line)]


def _scheme(match):
    verb = (match["verb"] or "").strip().lower()
    return "sms" if verb in TEXT_VERBS else "tel"


def _digits(match):
    plus = "+" if match["number"].startswith("+") else ""
    return plus + re.sub(r"\D", "", match["number"])


@functools.lru_cache(maxsize=64)
def with_links(line):
    """The line, escaped, with each number (and the verb before it) a tel: or sms: link."""
    parts, last = [], 0
    for match in NUMBER.finditer(line):
        parts.append(escape(line[last : match.start()]))
        href = f"{_scheme(match)}:{_digits(match)}"
        parts.append(Markup('<a class="callout__number" href="{}">{}</a>').format(href, match[0]))
        last = match.end()
    parts.append(escape(line[last:]))
    return Markup("").join(parts)
