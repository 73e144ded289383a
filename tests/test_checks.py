"""Every edit that would give a wrong page is refused with its file, line and fix: a table of
broken guides checked in-process (no build), and unit tests of the plugin's parts."""

import datetime
import json
import re

import pytest
from host_files import files as host_files

from conftest import ROOT, build, content_problems, project_settings, write_content
from guide import clinic_settings, guide_page, markup, policy, stylesheet

HEADER = "Title: Guide\nSummary: About it.\nDate: 2026-01-10\nNext_review: 2027-01-10\n"
BODY = "\n## Part {#part}\n\nText.\n"
GOOD = HEADER + BODY
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"></svg>'


def _new_language():
    """(a language, a regional form of it) the site has neither settings nor a catalog for: the
    cases of a language not ready yet use it, whatever languages the clinic has added."""
    settings = project_settings()
    ready = set(settings.get("LANG_SETTINGS") or {}) | {p.name for p in (ROOT / "theme" / "translations").iterdir()}
    candidates = (("fr", "fr-CA"), ("de", "de-AT"), ("it", "it-CH"), ("nl", "nl-BE"), ("pt", "pt-BR"), ("sv", "sv-FI"))
    return next(pair for pair in candidates if pair[0] not in ready)


NEW_LANGUAGE = _new_language()


def _expand(text):
    pairs = (("$GOOD", GOOD), ("$HEADER", HEADER), ("$BODY", BODY), ("$SVG", SVG))
    pairs += (("$NEWREGIONAL", NEW_LANGUAGE[1]), ("$NEWLANG", NEW_LANGUAGE[0]))
    for name, value in pairs:
        text = text.replace(name, value)
    return text


def _read_broken():
    """fixtures/broken_guides.json: each case's files ($GOOD, $HEADER, $BODY, $SVG stand for the
    texts above), settings overrides, and the problems it must give: [file, line or null, words]."""
    cases = json.loads((ROOT / "tests" / "fixtures" / "broken_guides.json").read_text(encoding="utf-8"))
    return {
        c["case"]: (
            {k: _expand(v) for k, v in c["files"].items()},
            c.get("settings", {}),
            [(name, line, _expand(words)) for name, line, words in c["problems"]],
        )
        for c in cases
    }


BROKEN = _read_broken()


def where(problem, content):
    return problem.path.replace(str(content) + "/", ""), problem.line


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_content_is_refused_with_file_line_and_fix(case, tmp_path):
    files, settings, wanted = BROKEN[case]
    content = write_content(tmp_path / "content", files)
    problems = content_problems(content, **settings)
    shown = "\n".join(str(p) for p in problems)
    assert len(problems) == len(wanted), f"{case}: expected {len(wanted)} problem(s), got:\n{shown}"
    for name, line, words in wanted:
        matching = [p for p in problems if words in f"{p.what} {p.fix}" and p.path.endswith(name)]
        assert matching, f"{case}: no problem in {name} saying {words!r}:\n{shown}"
        if line is not None:
            assert matching[0].line == line, f"{case}: {words!r} reported at line {matching[0].line}, not {line}"
        assert matching[0].fix, f"{case}: the problem gives no fix"


@pytest.mark.parametrize(
    "case",
    [
        "byte-order mark",
        "decorative image",
        "metadata in any case",
        "continuation indented",
        "fenced code with a heading",
    ],
)
def test_valid_content_is_accepted(case, tmp_path):
    files = {
        "byte-order mark": {"a.md": "\ufeff" + GOOD},
        "decorative image": {"a.md": GOOD + '\n<img src="images/x.svg" alt="">\n', "images/x.svg": SVG},
        "metadata in any case": {"a.md": GOOD.replace("Next_review", "next_review").replace("Title", "TITLE")},
        "continuation indented": {"a.md": GOOD.replace("About it.", "About it\n    and more.")},
        "fenced code with a heading": {"a.md": GOOD + "\n```\n## not a heading\n<script>\n```\n"},
    }[case]
    problems = content_problems(write_content(tmp_path / "content", files))
    assert not problems, f"{case}: valid content refused:\n" + "\n".join(map(str, problems))


def test_the_guide_itself_has_no_problem():
    assert content_problems(ROOT / "content") == []


def test_a_single_crisis_line_without_its_comma_is_one_line():
    settings = {
        "SITENAME": "S",
        "SITE_DESCRIPTION": "D",
        "DISCLAIMER": "D",
        "SITE_SLUG": "s",
        "CRISIS_HEADING": "Get help now",
        "CRISIS_LINES": "In an emergency, call 911.",
    }
    assert clinic_settings.check(settings) == []
    assert settings["CRISIS_LINES"] == ("In an emergency, call 911.",)


def test_no_crisis_box_on_purpose_needs_no_lines():
    settings = {
        "SITENAME": "S",
        "SITE_DESCRIPTION": "D",
        "DISCLAIMER": "D",
        "SITE_SLUG": "s",
        "CRISIS_BOX": False,
        "CRISIS_HEADING": "",
        "CRISIS_LINES": (),
    }
    assert clinic_settings.check(settings) == []


def test_settings_problems_name_the_line_in_pelicanconf(monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = {
        "SITENAME": "S",
        "SITE_DESCRIPTION": "D",
        "DISCLAIMER": "D",
        "SITE_SLUG": "s",
        "CRISIS_HEADING": "H",
        "CRISIS_LINES": (),
    }
    [problem] = clinic_settings.check(settings)
    line = next(
        n
        for n, text in enumerate((ROOT / "pelicanconf.py").read_text().splitlines(), 1)
        if text.startswith("CRISIS_LINES")
    )
    assert (problem.path, problem.line) == ("pelicanconf.py", line)


# --- The scanner and the component split -------------------------------------------------


def test_scanner_finds_headings_with_their_offsets():
    text = '<p>x</p>\n<h2 id="a">One &amp; <em>two</em></h2>\n<h3>Three</h3>'
    found = markup.scan(text)
    assert [(h.level, h.id, h.text) for h in found.headings] == [(2, "a", "One & two"), (3, None, "Three")]
    first = found.headings[0]
    assert text[first.start : first.end] == '<h2 id="a">One &amp; <em>two</em></h2>'


def test_comments_are_removed_and_nothing_else():
    text = "<p>a<!-- private: ask Dr X about patient Y --></p>\n<!--\nmore\n-->\n<p>b</p>"
    assert markup.without_comments(text) == "<p>a</p>\n\n<p>b</p>"


def section(heading_id, title, text):
    return f'<h2 id="{heading_id}">{title}</h2>\n<p>{text}</p>\n'


def test_components_are_placed_by_id_wherever_they_are_written():
    html = (
        "<p>Intro.</p>\n"
        + section("important-to-know", "Important to know", "Not approved.")
        + section("safety", "Is It Safe?", "Safe text.")
        + section("sources", "Sources", "Study.")
        + section("after", "Added after sources", "Later text.")
    )
    parts = guide_page.split(html)
    assert parts["important-to-know"]["html"] == "<p>Not approved.</p>", "the callout swallowed another section"
    assert parts["sources"]["html"] == "<p>Study.</p>", "the sources swallowed another section"
    assert "Safe text." in parts["body"] and "Later text." in parts["body"] and parts["intro"] == "<p>Intro.</p>"
    assert "Intro." not in parts["body"], "the opening is shown once, before the contents list"
    assert "Not approved." not in parts["body"] and "Study." not in parts["body"]
    items = [item["id"] for item in guide_page.split(html)["contents"]]
    assert items == ["safety", "after", "important-to-know", "sources"], "contents must follow the page's order"


def test_footnotes_stay_in_the_article_text_before_the_sources():
    html = (
        section("research", "Research", 'Text<sup id="fnref:1"><a href="#fn:1">1</a></sup>.')
        + section("sources", "Sources", "Study.")
        + '<div class="footnote">\n<hr>\n<ol><li id="fn:1">Note.</li></ol>\n</div>'
    )
    parts = guide_page.split(html)
    assert 'id="fn:1"' in parts["body"] and "fn:1" not in parts["sources"]["html"]


def test_dates_are_written_in_the_guides_language_and_the_clinics_region_whatever_the_machine_locale():
    import datetime

    from guide import i18n

    day = datetime.date(2026, 11, 26)
    us = {"DEFAULT_LANG": "en", "REGION": "US", "LANG_SETTINGS": {"es": {}, "fr": {"REGION": "FR"}}}
    assert guide_page.guide_date(day, i18n.date_locale(us, "en")) == "November 26, 2026"
    assert guide_page.guide_date(day, i18n.date_locale(us, "es")) == "26 de noviembre de 2026"
    assert guide_page.guide_date(day, i18n.date_locale(us, "fr")) == "26 novembre 2026"
    uk = {**us, "REGION": "GB"}
    assert guide_page.guide_date(day, i18n.date_locale(uk, "en")) == "26 November 2026"
    assert guide_page.guide_date(day, i18n.date_locale({**us, "DATE_LOCALE": "en_GB"}, "en")) == "26 November 2026"
    assert i18n.date_locale({**us, "REGION": "XX"}, "en") == "en", "a pair Babel does not know: the language alone"


# --- Stylesheet and host files ------------------------------------------------------------


def test_minified_css_keeps_strings_and_is_smaller(tmp_path):
    (tmp_path / "css").mkdir()
    source = 'a::after {  content: "a:  b" ; }\n/* note */\np { color : red; }\n'
    (tmp_path / "css" / "guide.css").write_text(source)
    css, problems = stylesheet.read(tmp_path)
    assert not problems and '"a:  b"' in css and "note" not in css and len(css) < len(source)


def test_stylesheet_that_would_end_the_style_element_is_refused(tmp_path):
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "guide.css").write_text('p::after { content: "</style>"; }')
    _, problems = stylesheet.read(tmp_path)
    assert problems and "</" in problems[0].what


def test_policy_allows_the_stylesheet_own_images_and_nothing_from_elsewhere():
    page = policy.page_policy("p{}", [])
    assert page.startswith("default-src 'none';") and policy.csp_hash("p{}") in page
    assert "img-src 'self' data:" in page and "connect-src 'self'" in page
    assert "frame-ancestors 'none'" in policy.header_policy() and "frame-ancestors" not in page


def test_the_header_policy_is_the_same_whatever_the_stylesheet():
    """A server keeps the header it loaded; the next build's stylesheet must still be allowed by it."""
    for css in ("p{}", "body{color:red}"):
        page = policy.page_policy(css, [])
        assert policy.csp_hash(css) in page and policy.csp_hash(css) not in policy.header_policy()
    assert "style-src 'unsafe-inline'" in policy.header_policy(), "the header must allow any build's inline style"


def test_sitemap_lists_pages_with_their_dates_and_language_versions():
    day = datetime.date.fromisoformat
    pages = {
        "index.html": (day("2026-03-04"), []),
        "b&c.html": (day("2026-03-04"), [("en", "b&c.html"), ("es", "b&c-es.html")]),
        "accessibility.html": (None, []),
    }
    xml = host_files.sitemap("https://example.org/g", pages)
    assert "<loc>https://example.org/g/index.html</loc><lastmod>2026-03-04</lastmod></url>" in xml
    assert "<loc>https://example.org/g/accessibility.html</loc></url>" in xml
    assert (
        '<loc>https://example.org/g/b&amp;c.html</loc><lastmod>2026-03-04</lastmod><xhtml:link rel="alternate" '
        'hreflang="en" href="https://example.org/g/b&amp;c.html"/>' in xml
    )
    assert 'hreflang="x-default" href="https://example.org/g/b&amp;c.html"' in xml


def test_headers_file_carries_the_policy_and_caching():
    text = host_files.headers("default-src 'none'; frame-ancestors 'none'")
    assert "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'" in text
    assert "X-Content-Type-Options: nosniff" in text and "/*.pdf\n  Cache-Control: public, max-age=86400" in text


def test_hsts_when_asked_is_in_every_host_file():
    hsts = "max-age=31536000"
    made = {
        "_headers": host_files.headers("x", hsts),
        ".htaccess": host_files.htaccess("x", "/g", [], hsts),
        "nginx.conf": host_files.nginx_conf("x", "/g", "https://e.org/g", hsts),
        "Caddyfile": host_files.caddyfile("x", "/g", "https://e.org/g", hsts),
    }
    for name, text in made.items():
        assert "Strict-Transport-Security" in text and hsts in text, f"{name} lacks HSTS"
    assert "Strict-Transport-Security" not in host_files.headers("x"), "HSTS is sent only when asked"


def test_a_headers_line_cloudflare_would_ignore_is_refused_with_the_header_named():
    with pytest.raises(host_files.HostFilesError, match="Content-Security-Policy line is over 2000 characters"):
        host_files.headers("default-src 'none'; " + "img-src " + " ".join(["https://a.example"] * 200))


def _normalised(message):
    """A message with what varies from case to case (quoted text, numbers, paths) taken out."""
    message = re.sub(r"^\S+?(, line \d+)?: ", "", message)
    message = re.sub(r"^[A-Z_]+(\[[^]]*\])?:? ", "_ ", message)  # the setting's name
    message = re.sub(r"<\w+>", "<_>", message)  # the element: <object> is refused like <script>
    message = re.sub(
        r'"[^"]*"|\'[^\']*\'|\([^)]*\)|\S+/\S*|\S+\.(md|html|png|svg|pdf|rst|txt|exe)\b|\d[\d-]*', "_", message
    )
    return " ".join(message.split())


def _messages_given(tmp_path):
    """Every message the broken-content cases give, the way the editor reads it."""
    edits = json.loads((ROOT / "tests" / "fixtures" / "everyday_edits.json").read_text(encoding="utf-8"))
    cases = [BROKEN[case][:2] for case in sorted(BROKEN)]
    cases += [({k: _expand(v) for k, v in e["files"].items()}, e.get("settings", {})) for e in edits if "refuse" in e]
    given = set()
    for number, (files, settings) in enumerate(cases):
        content = write_content(tmp_path / str(number) / "content", files)
        for problem in content_problems(content, **settings):
            given.add(str(problem).split("\n")[0].replace(f"{content}/", "content/"))
    # The links of the finished pages are checked once they are written: a real build gives that message.
    content = write_content(tmp_path / "built" / "content", {"a.md": GOOD + "\nSee [the leaflet](leaflet.html).\n"})
    result = build(tmp_path / "built" / "output", content=content)
    given.update(line.replace(f"{content}/", "content/") for line in result.stderr.splitlines() if ": " in line)
    return given


def as_new_language(message):
    """A row of the docs shows French as the language not ready yet; the cases use NEW_LANGUAGE."""
    from guide.i18n import language_name

    for shown, used in zip(("fr-CA", "fr"), NEW_LANGUAGE[::-1], strict=True):
        message = message.replace(f"{language_name(shown)} ({shown})", f"{language_name(used)} ({used})")
    return message.replace('LANG_SETTINGS["fr"]', f'LANG_SETTINGS["{NEW_LANGUAGE[0]}"]')


def test_the_editors_error_table_and_the_messages_the_build_gives_match(tmp_path):
    """docs/editors.md "When the build fails": every row is a message a case really gives, and
    every kind of message the cases give has its row."""
    page = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    section = page.split("## When the build fails", 1)[1].split("\n## ", 1)[0]
    shown = [as_new_language(m) for m in re.findall(r"^\|[^|]*\| `([^`]+)`", section, re.M)]
    given = _messages_given(tmp_path)
    missing = [message for message in shown if message not in given]
    assert not missing, f"docs/editors.md shows messages the build does not give: {missing}"
    kinds = {_normalised(message) for message in shown}
    unlisted = sorted({_normalised(m) for m in given if m.startswith(("content/", "pelicanconf.py"))} - kinds)
    assert not unlisted, "docs/editors.md lists no row for these messages:\n" + "\n".join(unlisted)


def test_every_kind_of_broken_link_in_a_finished_site_is_named(tmp_path):
    """content_checks.links over a small finished site: each way a link can fail, named by the
    source line that wrote it (or the theme, for a page no source wrote)."""
    from content_checks import links
    from content_checks.reader import read_source

    links_md = [
        "[a](#missing)",
        "[b](sub/)",
        "[c](../outside.html)",
        "[d](gone.html)",
        "[e](other.html#nope)",
        "[f](other.html#here)",
        "[g](https://example.org/x)",
        "[h](https://example.org/g/other.html#nope)",
    ]
    source_file = write_content(tmp_path / "content", {"a.md": GOOD + "\n" + "\n\n".join(links_md) + "\n"}) / "a.md"
    source, _ = read_source(source_file)
    hrefs = [md.split("(")[1].rstrip(")") for md in links_md]
    site = write_content(
        tmp_path / "site",
        {
            "a.html": "".join(f'<a href="{href}">x</a>' for href in hrefs) + '<img data-src="nothing.png" alt="">',
            "other.html": '<h2 id="here">Here</h2>',
            "theme.html": '<a href="missing.css">x</a>',
            "sub/index.html": "<p>folder</p>",
        },
    )
    found = {(p.path, p.line, p.what) for p in links.check(site, {"a.html": source}, "https://example.org/g")}
    line = {href: source.line_of(f"({href})") for href in hrefs}
    wanted = {
        (
            source.rel,
            line["#missing"],
            'a link on the page ("#missing") points to a part of the page that does not exist.',
        ),
        (
            source.rel,
            line["sub/"],
            'a link on the page ("sub/") points to a folder; link to the file (index.html) so it works from disk.',
        ),
        (source.rel, line["../outside.html"], 'a link on the page ("../outside.html") points outside the site.'),
        (source.rel, line["gone.html"], 'a link on the page ("gone.html") points to a file that is not in the site.'),
        (
            source.rel,
            line["other.html#nope"],
            'a link on the page ("other.html#nope") points to "#nope", which is not on that page.',
        ),
        (
            source.rel,
            line["https://example.org/g/other.html#nope"],
            'a link on the page ("https://example.org/g/other.html#nope") points to "#nope", '
            "which is not on that page.",
        ),
        (
            "the theme's templates (the page theme.html)",
            None,
            'the link "missing.css" points to a file that is not in the site.',
        ),
    }
    assert found == wanted


def test_a_catalog_that_cannot_be_read_is_named_with_its_line(tmp_path):
    from guide import i18n

    po = tmp_path / "theme" / "translations" / "fr" / "LC_MESSAGES" / "messages.po"
    write_content(
        tmp_path / "theme" / "translations" / "fr" / "LC_MESSAGES", {"messages.po": 'msgid "Home"\nmsgtsr "Accueil"\n'}
    )
    catalogs, problems = i18n.load_catalogs(str(tmp_path / "theme"))
    assert "fr" not in catalogs
    assert [(p.path, p.line) for p in problems] == [(str(po), 2)], problems
    assert "cannot be read" in problems[0].what and problems[0].fix


HEADERS = {
    "plain": "Title: A\nSummary: B\n\nText.\n",
    "fenced with ---": "---\nTitle: A\nSummary: B\n---\nText.\n",
    "ended with ...": "---\nTitle: A\nSummary: B\n...\nText.\n",
    "continued by indent": "Title: A\nSummary: B\n    and more\n\nText.\n",
    "indented keys": "Title: A\n   Summary: B\n\nText.\n",
    "no body": "Title: A\nSummary: B\n",
    "empty value": "Title:\nSummary: B\n\nText.\n",
    "text straight after": "Title: A\nSummary: B\nText without a blank line.\n",
}


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_the_checks_read_a_header_exactly_as_python_markdown_does(name):
    """content_checks reads the typed lines only for their numbers: its keys and values are
    Python-Markdown's (meta extension, which Pelican's reader uses), for every header form."""
    import markdown
    from content_checks.reader import read_header

    text = HEADERS[name]
    md = markdown.Markdown(extensions=["meta"])
    body = md.convert(text)
    metadata, start, problems = read_header(text.splitlines(), known=("title", "summary"))
    assert not problems
    assert {key: value for key, (value, _) in metadata.items()} == {k: " ".join(v) for k, v in md.Meta.items()}
    assert markdown.markdown("\n".join(text.splitlines()[start:])) == body, "the body starts elsewhere"


def test_a_published_languages_catalog_must_be_complete_and_keep_its_placeholders(tmp_path):
    from babel.messages.pofile import read_po

    from guide import completeness

    text = (
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
        'msgid "Home"\nmsgstr "Accueil"\n\n'
        'msgid "Guides"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Related guides"\nmsgstr "Guides liés"\n\n'
        '#, python-format\nmsgid "Page %(page)s of %(pages)s"\nmsgstr "Page %(page)s sur %(taille)s"\n'
    )
    path = tmp_path / "messages.po"
    path.write_text(text, encoding="utf-8")
    with open(path, "rb") as handle:
        catalog = read_po(handle, locale="fr")
    wanted = {"Home", "Guides", "Related guides", "Page %(page)s of %(pages)s", "Letters"}
    found = {
        (p.line, p.what.split(":")[0] if "placeholder" not in p.fix else "placeholder")
        for p in completeness.catalog_gaps(path, catalog, wanted)
    }
    assert found == {
        (None, 'the catalog has no entry for "Letters".'),
        (9, 'the entry "Guides" is not translated, so readers would see it in English.'),
        (13, 'the entry "Related guides" is fuzzy (a guess to check), so readers would see it in English.'),
        (17, "placeholder"),  # the msgstr lines, where the translator fixes them
    }, found


def test_the_words_before_a_number_come_from_each_languages_catalog():
    """A language's catalog gives its own verbs: its "send an SMS to" makes sms: links, with no code."""
    from guide import crisis

    portuguese = {crisis.CALL_WORDS: "ligue para|ligue", crisis.TEXT_WORDS: "envie um SMS para|SMS para"}
    words = crisis.words_of(lambda message: portuguese.get(message, message))
    line = "Ligue para 988 ou envie um SMS para 988."  # a line of a test, read in the US
    assert [(n.scheme, n.dial, n.valid, line[n.start : n.end]) for n in crisis.find(line, "US", words=words)] == [
        ("tel", "988", True, "Ligue para 988"),
        ("sms", "988", True, "envie um SMS para 988"),
    ]
    english_only = [n.scheme for n in crisis.find(line, "US")]
    assert english_only == ["tel", "tel"], "without the catalog's words, the SMS number would only be called"
    assert "text" in words.text and "call" in words.call, "English words stay known in every language"


def test_a_line_that_offers_calling_or_texting_links_both():
    """ "call or text 988": a reader who cannot speak taps "text 988"; one who can, "call"."""
    from guide import crisis

    line = "If you are in crisis, call or text 988 (Lifeline)."
    found = [(line[n.start : n.end], n.href) for n in crisis.find(line, "US")]
    assert found == [("call", "tel:988"), ("text 988", "sms:988")]
    spanish = crisis.words_of(
        lambda message: {crisis.BOTH_WORDS: "llame o envíe un mensaje de texto al"}.get(message, message)
    )
    line = "Si lo necesita, llame o envíe un mensaje de texto al 988."
    found = [(line[n.start : n.end], n.href) for n in crisis.find(line, "US", words=spanish)]
    assert found == [("llame", "tel:988"), ("envíe un mensaje de texto al 988", "sms:988")]
