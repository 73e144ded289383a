"""The theme's words in each guide's language: gettext catalogs (theme/translations/<lang>/
LC_MESSAGES/messages.po, the format Poedit and Weblate read), compiled in memory at build,
and the clinic's settings per language.

Templates say {{ _("Skip to content") }}; each page is rendered with the catalog of its own
language: the guide's `Lang`, or the page_lang it is rendered with (the Spanish home page).
Clinic settings (site name, crisis box, disclaimer, contact) come from LANG_SETTINGS[lang],
falling back to the default language's value.
"""

import gettext as gettext_module
import io
import os

from babel import Locale, UnknownLocaleError
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from content_checks.problems import Problem, display_path
from jinja2 import pass_context

CATALOG_DIR = os.path.join("translations")  # inside the theme
DOMAIN = "messages"
# The settings a clinic may give per language (pelicanconf.py, LANG_SETTINGS).
PER_LANGUAGE = (
    "SITENAME",
    "SITE_DESCRIPTION",
    "CRISIS_HEADING",
    "CRISIS_LINES",
    "DISCLAIMER",
    "ACCESSIBILITY_CONTACT",
    "REGION",
    "DATE_LOCALE",
    "ABBREVIATIONS",
)


def _(message):
    """Marks a message for extraction (pybabel) in Python code; translated where it is shown."""
    return message


# The footnotes' back link title (pelicanconf.py, MARKDOWN), translated by each catalog.
BACKLINK_TITLE = _("Back to note %d in the text")


def po_path(theme, lang):
    return os.path.join(theme, CATALOG_DIR, lang, "LC_MESSAGES", f"{DOMAIN}.po")


def base_language(lang):
    """The language of a regional tag: fr for fr-CA, pt for pt-BR."""
    return lang.split("-")[0].split("_")[0]


def lang_page(page, lang, default):
    """A page's name in a language: index.html, index-es.html; a-z.html, a-z-es.html."""
    return page if lang == default else f"{page.removesuffix('.html')}-{lang}.html"


def language_settings(settings, lang):
    """LANG_SETTINGS of a language, or of its base language (fr for fr-CA), or {}."""
    languages = settings.get("LANG_SETTINGS") or {}
    return languages.get(lang) or languages.get(base_language(lang)) or {}


def date_locale(settings, lang):
    """The Babel locale a page's dates are written in: DATE_LOCALE (e.g. "en_GB") when the clinic
    set one for the language, else the language with the clinic's REGION: en_US for the US crisis
    lines, es_US, fr_FR; the language alone where Babel knows no such pair."""
    own = language_settings(settings, lang)
    is_default = lang == settings.get("DEFAULT_LANG")
    chosen = own.get("DATE_LOCALE") or (settings.get("DATE_LOCALE") if is_default else None)
    region = own.get("REGION") or settings.get("REGION") or ""
    for candidate in (chosen, f"{base_language(lang)}_{region}", lang):
        try:
            return str(Locale.parse(candidate.replace("-", "_")))
        except (AttributeError, ValueError, UnknownLocaleError):
            continue
    return "en"


def language_name(lang):
    """A language's name in itself ("Español", "Français", "العربية"), from Babel's data."""
    try:
        name = Locale.parse(lang.replace("-", "_")).get_display_name()
    except (ValueError, UnknownLocaleError):
        return lang
    return name[:1].upper() + name[1:] if name else lang


def text_direction(lang):
    """ "rtl" for a language written right to left (Arabic, Hebrew, Persian, Urdu...), else "ltr"."""
    try:
        order = Locale.parse(lang.replace("-", "_")).character_order
    except (ValueError, UnknownLocaleError):
        return "ltr"
    return "rtl" if order == "right-to-left" else "ltr"


def known_language(lang):
    """Whether Babel knows the language of a tag (its dates, plural rules and name)."""
    try:
        Locale.parse(lang.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return False
    return True


def load_catalogs(theme, sources=None):
    """({lang: GNUTranslations} of every catalog in the theme, compiled in memory, problems).
    sources, when given, receives {lang: (path, Babel catalog)} for the completeness checks."""
    catalogs, problems = {}, []
    folder = os.path.join(theme, CATALOG_DIR)
    for lang in sorted(os.listdir(folder)) if os.path.isdir(folder) else []:
        path = po_path(theme, lang)
        if os.path.isfile(path):
            try:
                with open(path, "rb") as handle:
                    catalog = read_po(handle, locale=lang, abort_invalid=True)
            except Exception as error:  # babel raises PoFileError, or ValueError for a bad locale
                problems.append(
                    Problem(
                        display_path(path),
                        getattr(error, "lineno", -1) + 1 or None,  # Babel counts lines from 0
                        f"the catalog cannot be read: {error}.",
                        "correct the entry it names",
                    )
                )
                continue
            if sources is not None:
                sources[lang] = (path, catalog)
            compiled = io.BytesIO()
            write_mo(compiled, catalog, use_fuzzy=False)
            compiled.seek(0)
            catalogs[lang] = gettext_module.GNUTranslations(compiled)
    return catalogs, problems


class Languages:
    """The catalogs and per-language settings of one build, and the Jinja callables that use them."""

    def __init__(self, settings, catalogs, sources=None):
        self.settings, self.catalogs, self.sources = settings, catalogs, sources or {}
        self._words = {}
        self.default = settings["DEFAULT_LANG"]

    def catalog_language(self, lang):
        """The catalog a page in `lang` uses: its own, else its base language's (fr-CA: fr), else None."""
        return next((tag for tag in (lang, base_language(lang)) if tag in self.catalogs), None)

    def translations(self, lang):
        found = self.catalog_language(lang)
        return self.catalogs[found] if found else gettext_module.NullTranslations()

    def markdown_by_lang(self):
        """MARKDOWN_BY_LANG for content_checks' reader: each further language's own abbreviations
        (LANG_SETTINGS; none rather than another language's) and footnote titles (its catalog)."""
        footnotes = self.settings["MARKDOWN"].get("extension_configs", {}).get("markdown.extensions.footnotes", {})
        title = footnotes.get("BACKLINK_TITLE", BACKLINK_TITLE)
        languages = {*(self.settings.get("LANG_SETTINGS") or {}), *self.catalogs, "*"}
        by_lang = {}
        for lang in sorted(languages - {self.default}):
            glossary = self.own_settings(lang).get("ABBREVIATIONS") if lang != "*" else None
            by_lang[lang] = {
                "markdown.extensions.abbr": {"glossary": dict(glossary) if isinstance(glossary, dict) else {}},
                "markdown.extensions.footnotes": {"BACKLINK_TITLE": self.translations(lang).gettext(title)},
            }
        return by_lang

    def words(self, lang):
        """The verbs before a phone number in a language (crisis.Words), from its catalog; read
        once per language (every crisis line of every page asks)."""
        from . import crisis

        if lang not in self._words:
            self._words[lang] = crisis.words_of(self.translations(lang).gettext)
        return self._words[lang]

    def own_settings(self, lang):
        return language_settings(self.settings, lang)

    def setting(self, name, lang):
        values = self.own_settings(lang)
        return values[name] if name in values else self.settings.get(name)

    @staticmethod
    def page_lang(context, default):
        article = context.get("article")
        return context.get("page_lang") or (article.lang if article is not None else None) or default

    def install(self, env):
        languages = self

        @pass_context
        def gettext(context, message):
            return languages.translations(languages.page_lang(context, languages.default)).gettext(message)

        @pass_context
        def ngettext(context, singular, plural, count):
            return languages.translations(languages.page_lang(context, languages.default)).ngettext(
                singular, plural, count
            )

        @pass_context
        def clinic(context, name):
            return languages.setting(name, languages.page_lang(context, languages.default))

        @pass_context
        def current_lang(context):
            return languages.page_lang(context, languages.default)

        @pass_context
        def crisis_links(context, line, region):
            from . import crisis

            lang = languages.page_lang(context, languages.default)
            return crisis.with_links(line, region, languages.words(lang), text_direction(lang) == "rtl")

        env.filters["crisis_links"] = crisis_links

        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(gettext, ngettext, newstyle=True)
        env.globals.update(
            clinic=clinic, page_lang_of=current_lang, language_name=language_name, text_direction=text_direction
        )
