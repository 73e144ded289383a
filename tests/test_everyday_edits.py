"""A month of ordinary edits (Word pastes, helplines written the usual way, numbered steps,
attachments, dates with times): each builds the page the editor meant, or the build stops
naming the file, the line and the fix. The outcome of every edit is decided in
fixtures/everyday_edits.json before it runs; the builds are in-process."""

import json
import re

import phonenumbers
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from test_checks import _expand

from conftest import ROOT, build, write_content
from guide import crisis

EDITS = json.loads((ROOT / "tests" / "fixtures" / "everyday_edits.json").read_text(encoding="utf-8"))
CASES = {edit["case"]: edit for edit in EDITS}


def test_the_table_holds_thirty_edits_with_both_outcomes():
    assert len(CASES) == len(EDITS) >= 30, "every edit needs its own name, and the table at least 30"
    assert all(("render" in e) != ("refuse" in e) for e in EDITS), "each edit renders or is refused, never both"


def _build(case, tmp_path):
    edit = CASES[case]
    content = write_content(tmp_path / "content", {name: _expand(text) for name, text in edit["files"].items()})
    extra = [item for name, value in edit.get("settings", {}).items() for item in ("-e", f"{name}={json.dumps(value)}")]
    return build(tmp_path / "out", content=content, extra=extra), tmp_path / "out"


def _text(element):
    return " ".join(element.get_text().split())


@pytest.mark.parametrize("case", sorted(c for c, e in CASES.items() if "render" in e))
def test_edit_renders_as_the_editor_meant(case, tmp_path):
    result, output = _build(case, tmp_path)
    assert result.returncode == 0, f"{case}: the build stopped:\n{result.stderr}"
    for path in CASES[case].get("output_files", []):
        assert (output / path).is_file(), f"{case}: {path} is not in the site"
    for want in CASES[case]["render"]:
        page = output / want.get("page", "a.html")
        found = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select(want["select"])
        where = f"{case}: {want['select']} on {page.name}"
        if "count" in want:
            assert len(found) == want["count"], f"{where} found {len(found)}, not {want['count']}"
        if want.get("count", 1):
            assert found, f"{where} found nothing"
            if "href" in want:
                assert found[0].get("href") == want["href"], f"{where} links {found[0].get('href')}"
            if "text" in want:
                texts = [_text(element) for element in found]
                assert any(want["text"] in text for text in texts), f"{where} reads {texts}"


@pytest.mark.parametrize("case", sorted(c for c, e in CASES.items() if "refuse" in e))
def test_edit_is_refused_naming_file_line_and_fix(case, tmp_path):
    result, output = _build(case, tmp_path)
    message = result.stderr
    assert result.returncode == 1, f"{case}: the build should stop, it exited {result.returncode}:\n{message}"
    assert "Traceback" not in message + result.stdout, f"{case}: a traceback instead of a message"
    assert not output.exists(), f"{case}: a refused build left a site"
    problems = [block for block in message.split("\n\n") if "Fix:" in block]
    for name, line, words in CASES[case]["refuse"]:
        where = f"{name}, line {line}:" if line else f"{name}"
        matching = [p for p in problems if re.search(rf"(^|/){re.escape(where)}", p) and words in p]
        assert matching, f"{case}: no problem at {where} saying {words!r}:\n{message}"


# Real numbers in real formats: every region's example numbers (libphonenumber's own), written
# the ways people write them, and the short numbers of a few regions.
FORMATS = (
    phonenumbers.PhoneNumberFormat.NATIONAL,
    phonenumbers.PhoneNumberFormat.INTERNATIONAL,
    phonenumbers.PhoneNumberFormat.E164,
)
REGIONS = ("US", "GB", "FR", "ES", "DE", "CA", "AU", "IE", "MX", "IN")
SEPARATORS = (" ", "-", ".")


def _written(region, number_type, style, separator):
    example = phonenumbers.example_number_for_type(region, number_type)
    if example is None:
        return None
    text = phonenumbers.format_number(example, style)
    return text if style == phonenumbers.PhoneNumberFormat.E164 else text.replace(" ", separator)


NUMBERS = st.builds(
    _written,
    st.sampled_from(REGIONS),
    st.sampled_from((phonenumbers.PhoneNumberType.FIXED_LINE, phonenumbers.PhoneNumberType.TOLL_FREE)),
    st.sampled_from(FORMATS),
    st.sampled_from(SEPARATORS),
).filter(lambda text: text is not None)


@hypothesis_settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=st.sampled_from(REGIONS), written=NUMBERS, verb=st.sampled_from(("call", "text", "phone", "")))
def test_every_crisis_link_dials_what_the_line_says(region, written, verb):
    line = f"If you need help, {verb} {written} at any time." if verb else f"Helpline: {written}."
    html = crisis.with_links(line, region)
    hrefs = re.findall(r'href="([^"]+)"', html)
    shown = re.findall(r">([^<]+)</a>", html)
    try:
        meant = phonenumbers.parse(written, region)
    except phonenumbers.NumberParseException:
        meant = None
    if meant is None or not phonenumbers.is_valid_number(meant):
        assert not hrefs, f"{written!r} is no number in {region}, yet the line links {hrefs}"
        assert crisis.invalid(line, region), f"{written!r} in {region} is neither linked nor refused"
        return
    assert len(hrefs) == 1, f"{line!r} in {region}: one number should be one link, got {hrefs}"
    scheme, dialled = hrefs[0].split(":", 1)
    assert scheme == ("sms" if verb == "text" else "tel"), f"{line!r}: {hrefs[0]}"
    assert phonenumbers.parse(dialled) == meant, f"{line!r} in {region}: the link dials {dialled}, not {written}"
    assert written in shown[0], f"{line!r}: the link reads {shown[0]!r}, not the number as written"


@pytest.mark.parametrize(
    ("region", "written"),
    [("US", "988"), ("US", "911"), ("GB", "999"), ("GB", "116 123"), ("FR", "15"), ("FR", "114"), ("ES", "112")],
)
def test_short_numbers_are_links_that_dial_their_digits(region, written):
    html = crisis.with_links(f"Call {written}.", region)
    assert f'href="tel:{written.replace(" ", "")}"' in html, f"{written} in {region}: {html}"


def test_digits_of_any_script_dial_as_ascii():
    assert 'href="tel:911"' in crisis.with_links("اتصل ٩١١", "US")


def test_a_guide_whose_address_changes_is_named_in_the_build(tmp_path):
    content = write_content(tmp_path / "content", {"a.md": _expand("$GOOD")})
    first = build(tmp_path / "out", content=content)
    assert first.returncode == 0 and "no longer made" not in first.stderr, first.stderr
    write_content(content, {"a.md": _expand("$HEADERSlug: ketamine-guide\n$BODY")})
    second = build(tmp_path / "out", content=content)
    assert second.returncode == 0, second.stderr
    assert "a.html was in the last build and is no longer made" in second.stderr, second.stderr
    assert "a.md is now at ketamine-guide.html" in second.stderr, second.stderr
