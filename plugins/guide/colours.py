"""The clinic's accent colour (ACCENT_COLOR), checked against the theme's own backgrounds with
WCAG 2.2's contrast formula, and given a lighter twin for dark mode."""

import re

HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")
TEXT = 4.5  # WCAG 1.4.3 (AA): links are text
DARK_TEXT = 7.0  # the dark twin keeps the theme's own 7:1
# The backgrounds a link can stand on (the page, the footer, the callouts), in the stylesheet's
# light :root and in its dark block.
BACKGROUNDS = ("--bg", "--surface", "--important-bg", "--urgent-bg")


def rgb(colour):
    colour = colour.lstrip("#")
    if len(colour) == 3:
        colour = "".join(c * 2 for c in colour)
    return tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))


def hex_of(value):
    return "#" + "".join(f"{round(c):02x}" for c in value)


def luminance(colour):
    def channel(c):
        c /= 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b):
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def worst(colour, backgrounds):
    """(lowest contrast, the background it is against)."""
    return min((contrast(colour, background), background) for background in backgrounds)


def _mix(colour, toward, share):
    return hex_of(a + (b - a) * share for a, b in zip(rgb(colour), rgb(toward), strict=True))


def nearest(colour, backgrounds, ratio, toward):
    """The same hue mixed toward black (or white) in 1% steps, until it has `ratio` on every background."""
    for step in range(101):
        mixed = _mix(colour, toward, step / 100)
        if worst(mixed, backgrounds)[0] >= ratio:
            return mixed
    return toward


def backgrounds(css):
    """{"light": [...], "dark": [...]}: the theme's backgrounds, read from its minified stylesheet's
    first :root block and the :root block of its dark-mode query."""
    light = re.search(r":root\{([^}]*)\}", css)
    dark = re.search(r"prefers-color-scheme:\s*dark\)\{:root\{([^}]*)\}", css)

    def found(block):
        return [
            m[1] for name in BACKGROUNDS for m in re.finditer(re.escape(name) + r":\s*(#[0-9a-fA-F]{3,6})\b", block)
        ]

    light_colours = found(light[1]) if light else []
    return {"light": light_colours, "dark": (found(dark[1]) if dark else []) or light_colours}


def accent_css(colour, css):
    """The rules that give links, the header line and the callouts' rules the clinic's colour, in
    light mode as given and in dark mode as its lighter twin."""
    dark = nearest(colour, backgrounds(css)["dark"], DARK_TEXT, "#ffffff")
    return (
        f":root{{--link:{colour};--important:{colour}}}"
        f"@media (prefers-color-scheme:dark){{:root{{--link:{dark};--important:{dark}}}}}"
        "@media print{:root{--link:#000;--important:#000}}"
    )
