"""The settings a clinic edits in pelicanconf.py, checked when the build starts.

A plain string where a list of lines is expected (CRISIS_LINES = ("Call 999.") without the
trailing comma) is taken as one line, as the clinic meant. Nothing the page needs may be
empty: a clinic that wants no crisis box says so with CRISIS_BOX = False.
"""

import re

from content_checks.problems import Problem

from . import colours, crisis
from .i18n import PER_LANGUAGE

SETTINGS_FILE = "pelicanconf.py"
TEXT_SETTINGS = {
    "SITENAME": 'the site\'s name, e.g. SITENAME = "Patient information guides"',
    "SITE_DESCRIPTION": "one plain sentence describing the site, for search engines",
    "DISCLAIMER": "the footer's sentence saying the guide does not replace professional advice",
}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _line_of(name, settings_file=SETTINGS_FILE):
    try:
        with open(settings_file, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if re.match(rf"{name}\s*=", line):
                    return number
    except OSError:
        pass
    return None


def _problem(name, what, fix):
    return Problem(SETTINGS_FILE, _line_of(name), f"{name} {what}", fix)


def _is_text(value):
    return isinstance(value, str) and value.strip()


def _text_settings(settings):
    return [
        _problem(name, "must be a line of text, and it is empty or missing.", f"set it to {fix}")
        for name, fix in TEXT_SETTINGS.items()
        if not _is_text(settings.get(name))
    ]


def _site_slug(settings):
    if isinstance(settings.get("SITE_SLUG"), str) and SLUG.match(settings["SITE_SLUG"]):
        return []
    return [
        _problem(
            "SITE_SLUG",
            f"is {settings.get('SITE_SLUG')!r}; it names the offline zip.",
            'use lower-case letters, digits and hyphens, e.g. "ketamine-ptsd-guide"',
        )
    ]


def _region(settings):
    """(the region phone numbers are read in, problems): a wrong REGION is reported, and US read meanwhile."""
    region = settings.setdefault("REGION", crisis.DEFAULT_REGION)
    wrong = crisis.region_problem(region)
    if not wrong:
        return region, []
    return crisis.DEFAULT_REGION, [_problem("REGION", wrong, 'write the clinic\'s country, e.g. REGION = "US" or "GB"')]


def _crisis_heading(settings):
    if _is_text(settings.get("CRISIS_HEADING")):
        return []
    return [
        _problem(
            "CRISIS_HEADING",
            "is empty, so the crisis box would have no heading.",
            'set it, e.g. CRISIS_HEADING = "Get help now"',
        )
    ]


def _crisis_lines(lines, region):
    """The lines of a crisis box that is shown: some, each text, each number real, one number at least."""
    if not isinstance(lines, (list, tuple)) or not lines:
        return [
            _problem(
                "CRISIS_LINES",
                "is empty, so the crisis box would be empty.",
                'give one line per number, e.g. CRISIS_LINES = ("In an emergency, call 999.",), '
                "or set CRISIS_BOX = False to leave the box out on purpose",
            )
        ]
    problems = [
        _problem(
            "CRISIS_LINES",
            f"has an empty or non-text line (line {index} of the list).",
            "write each line as text in quotes, or remove it",
        )
        for index, line in enumerate(lines, 1)
        if not _is_text(line)
    ]
    problems += _check_numbers(lines, region)
    if all(_is_text(line) for line in lines) and not any(crisis.numbers(line, region) for line in lines):
        problems.append(
            _problem(
                "CRISIS_LINES",
                "has no phone number a reader in crisis could call or text.",
                'write the number in digits, e.g. "In an emergency, call 999."',
            )
        )
    return problems


def _crisis_box(settings, region):
    """The crisis box: on or off, and when on, its heading and lines. CRISIS_LINES is normalised to a tuple."""
    box = settings.setdefault("CRISIS_BOX", True)
    if not isinstance(box, bool):
        return [_problem("CRISIS_BOX", f"is {box!r}.", "write CRISIS_BOX = True (show the box) or False")]
    lines = settings.get("CRISIS_LINES")
    if isinstance(lines, str):
        lines = (lines,)  # one line written without the trailing comma of a tuple
    problems = _crisis_heading(settings) + _crisis_lines(lines, region) if box else []
    settings["CRISIS_LINES"] = tuple(lines) if isinstance(lines, (list, tuple)) else ()
    return problems


def check(settings, css=None):
    """Normalise the clinic's settings in place; return the problems. css: the theme's minified
    stylesheet, which the accent colour is checked against (read here when not given)."""
    region, problems = _region(settings)
    problems = _text_settings(settings) + _site_slug(settings) + problems + _crisis_box(settings, region)
    if not isinstance(settings["CRISIS_BOX"], bool):
        return problems
    problems += _check_abbreviations(settings) + _check_contact(settings)
    return problems + _check_languages(settings) + _check_clinic(settings) + _check_accent(settings, css)


def _check_numbers(lines, region):
    """A number in a crisis line that is no phone number in the region would be a link that dials nothing."""
    problems = []
    for index, line in enumerate(lines, 1):
        for written in crisis.invalid(line, region) if _is_text(line) else ():
            problems.append(
                _problem(
                    "CRISIS_LINES",
                    f'has "{written}" (line {index} of the list), written like a phone number, but it is '
                    f"not one in the region {region}, so its link would dial a wrong number.",
                    "copy the number exactly as the service publishes it (e.g. 1-800-662-4357, 116 123 or "
                    '+44 116 123); if the clinic is not in that country, set REGION (e.g. REGION = "GB")',
                )
            )
    return problems


def _check_languages(settings):
    """LANG_SETTINGS: each language's values, checked as the defaults are (what it leaves out falls back)."""
    problems, languages = [], settings.get("LANG_SETTINGS") or {}
    if not isinstance(languages, dict):
        return [_problem("LANG_SETTINGS", "must map a language code to its settings.", 'e.g. {"es": {...}}')]
    for lang, values in languages.items():
        label = f'LANG_SETTINGS["{lang}"]'
        if not isinstance(values, dict):
            problems.append(
                _problem("LANG_SETTINGS", f"{label} is not a set of settings.", 'write {"SITENAME": "..."}')
            )
            continue
        for name in sorted(set(values) - set(PER_LANGUAGE)):
            problems.append(
                Problem(
                    SETTINGS_FILE,
                    _line_of("LANG_SETTINGS"),
                    f"{label} sets {name}, which does not change with the language.",
                    f"set it once, or use one of: {', '.join(PER_LANGUAGE)}",
                )
            )
        merged = {name: settings.get(name) for name in (*PER_LANGUAGE, "SITE_SLUG", "CRISIS_BOX")}
        merged.update({name: values[name] for name in PER_LANGUAGE if name in values})
        for problem in check(merged):
            if problem.what.split()[0] in values:  # what a language leaves out is checked once, above
                problems.append(
                    Problem(SETTINGS_FILE, _line_of("LANG_SETTINGS"), f"{label}: {problem.what}", problem.fix)
                )
        if "CRISIS_LINES" in values:
            values["CRISIS_LINES"] = merged["CRISIS_LINES"]  # normalised as the defaults are
    return problems


def _check_abbreviations(settings):
    glossary = settings.get("ABBREVIATIONS") or {}
    if isinstance(glossary, dict) and all(
        isinstance(k, str) and k.strip() and isinstance(v, str) and v.strip() for k, v in glossary.items()
    ):
        return []
    return [
        _problem(
            "ABBREVIATIONS",
            "must pair each abbreviation with its meaning, both as text.",
            'write it as {"IV": "intravenous", "FDA": "U.S. Food and Drug Administration"}',
        )
    ]


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$")
WEB = re.compile(r"^https://[^\s/$.?#][^\s]*$")


def contact_link(value):
    """(href, text) of the accessibility contact, or None when it is neither an e-mail, a web address nor a phone."""
    value = value.strip()
    if EMAIL.match(value):
        return f"mailto:{value}", value
    if WEB.match(value):
        return value, value
    numbers = crisis.numbers(value)
    if numbers and re.fullmatch(r"[+\d ()-]+", value):
        return f"tel:{numbers[0][1]}", value
    return None


def _check_contact(settings):
    value = settings.get("ACCESSIBILITY_CONTACT")
    if value is None or (isinstance(value, str) and contact_link(value)):
        return []
    return [
        _problem(
            "ACCESSIBILITY_CONTACT",
            f"is {value!r}, which is not an e-mail address, a web address (https://...) or a phone number.",
            "give the clinic's real contact for accessibility problems, or None",
        )
    ]


CLINIC_KEYS = ("name", "url", "logo", "phone", "email", "address")


def _clinic_value_problems(clinic, settings):
    """(what, fix) for each value of CLINIC that is wrong."""
    wrong = [
        (f"has {key!r}, which it does not know", f"use only {', '.join(CLINIC_KEYS)}")
        for key in clinic
        if key not in CLINIC_KEYS
    ]
    if not _is_text(clinic.get("name")):
        wrong.append(("has no name", 'add "name": "Riverside Clinic", as readers know the clinic'))
    checks = (
        ("url", lambda v: WEB.match(v), "which is not a web address (https://...)", "give its https:// address"),
        ("email", lambda v: EMAIL.match(v), "which is not an e-mail address", "give an address such as info@..."),
        ("phone", contact_link, "which is not a phone number in the region", "write it as the clinic does"),
        ("logo", lambda v: v.startswith("images/") and _exists(settings, v), "which is not a file in content/images/",
         'put the file in content/images/ and write "images/<file name>"'),
    )  # fmt: skip
    for key, valid, what, fix in checks:
        value = clinic.get(key)
        if value is not None and not (_is_text(value) and valid(value.strip())):
            wrong.append((f"has the {key} {value!r}, {what}", fix))
    return wrong


def _exists(settings, relative):
    import os

    return os.path.isfile(os.path.join(settings.get("PATH") or "content", relative))


def _check_clinic(settings):
    clinic = settings.get("CLINIC")
    if clinic is None:
        return []
    if not isinstance(clinic, dict):
        return [_problem("CLINIC", f"is {clinic!r}.", 'write CLINIC = {"name": "...", ...} or None')]
    return [_problem("CLINIC", what + ".", fix) for what, fix in _clinic_value_problems(clinic, settings)]


def _check_accent(settings, css):
    """ACCENT_COLOR colours links: it needs 4.5:1 against every light background the theme has."""
    colour = settings.get("ACCENT_COLOR")
    if colour is None:
        return []
    if not (isinstance(colour, str) and colours.HEX.match(colour)):
        return [_problem("ACCENT_COLOR", f"is {colour!r}.", 'write a colour as #rrggbb, e.g. "#0b5394", or None')]
    if css is None:
        from . import stylesheet

        css, _ = stylesheet.read(settings["THEME"])
    light = colours.backgrounds(css)["light"]
    ratio, background = colours.worst(colour, light)
    if ratio >= colours.TEXT:
        return []
    better = colours.nearest(colour, light, colours.TEXT, "#000000")
    return [
        _problem(
            "ACCENT_COLOR",
            f"is {colour}, which has a contrast of {ratio:.1f}:1 against the background {background}; links "
            f"need at least {colours.TEXT}:1 (WCAG 2.2 AA).",
            f'use "{better}", the nearest colour of the same hue that has it',
        )
    ]


def logo(settings):
    """The clinic's logo for the header: {"src", "width", "height"}, or None."""
    import os

    from . import images

    name = (settings.get("CLINIC") or {}).get("logo")
    if not name:
        return None
    size = images.dimensions(os.path.join(settings.get("PATH") or "content", name)) or (None, None)
    return {"src": name, "width": size[0], "height": size[1]}


def accessibility_contact(settings, lang=None):
    """(href, text) where readers report a problem: ACCESSIBILITY_CONTACT (the language's own, if
    any), else the clinic's e-mail, phone or web address; None when there is none."""
    from .i18n import language_settings

    own = language_settings(settings, lang).get("ACCESSIBILITY_CONTACT") if lang else None
    clinic = settings.get("CLINIC") if isinstance(settings.get("CLINIC"), dict) else {}
    candidates = (own, settings.get("ACCESSIBILITY_CONTACT"), *(clinic.get(k) for k in ("email", "phone", "url")))
    for value in candidates:
        found = contact_link(value) if _is_text(value) else None
        if found:
            return found
    return None
