"""Development settings: the site as it is built by `make html` and opened from disk."""

# --- What a clinic changes -------------------------------------------------
SITENAME = "Patient information guides"  # shown in every page's header and <title>
SITE_SLUG = "ketamine-ptsd-guide"  # names the offline zip: <slug>-<last updated>.zip
SITEURL = ""  # development: empty, so every link is relative (see RELATIVE_URLS)

# The clinic's country (ISO 3166 code): phone numbers are read, and dates written, as people there
# do (988, November 26, 2026; "GB": 116 123, 26 November 2026). Per language in LANG_SETTINGS.
REGION = "US"

# The "Get help now" box on every page. Plain text, one line each; US defaults. A single
# line may be written without the tuple's trailing comma. CRISIS_BOX = False leaves the box out.
CRISIS_BOX = True
# A UK clinic, for example: "Call NHS 111 ...", "Call Samaritans on 116 123 ...", "In an emergency, call 999."
CRISIS_HEADING = "Get help now"
CRISIS_LINES = (
    "If you are in crisis or thinking about suicide, call or text 988 (Suicide & Crisis Lifeline, US).",
    "Veterans: dial 988 then press 1, or text 838255.",
    "In an emergency, call 911.",
)

# Abbreviations explained wherever a guide first uses them (<abbr title>), defined once for the site.
ABBREVIATIONS = {
    "PTSD": "post-traumatic stress disorder",
    "IV": "intravenous",
    "FDA": "U.S. Food and Drug Administration",
}

# Where a reader reports an accessibility problem: an e-mail address, a web address (https://...)
# or a phone number, shown in the accessibility statement. None: the statement asks readers to
# tell the clinic that gave them the guide.
ACCESSIBILITY_CONTACT = None

# The editor's report (make report): sections above this US school grade are marked (NHS aims at
# a reading age of 9 to 11, about grade 4 to 6); words the guides explain are not listed as terms.
READING_GRADE_TARGET = 8
REPORT_EXPLAINED_TERMS = ()

# The footer's disclaimer (plain text).
DISCLAIMER = (
    "This guide gives general information only. It does not replace advice from a qualified "
    "health professional, and it does not advertise or endorse any clinic."
)

# The same settings for guides in other languages: any of SITENAME, SITE_DESCRIPTION, CRISIS_HEADING,
# CRISIS_LINES, DISCLAIMER, ACCESSIBILITY_CONTACT, REGION and ABBREVIATIONS; what a language leaves out
# comes from the settings above (but ABBREVIATIONS: none, never English ones). The Spanish crisis lines
# say only what the 988 Lifeline and the Veterans Crisis Line state in Spanish (see docs/languages.md).
LANG_SETTINGS = {
    "es": {
        "SITENAME": "Guías de información para pacientes",
        "SITE_DESCRIPTION": (
            "Información en lenguaje sencillo para pacientes sobre el tratamiento con ketamina para el TEPT."
        ),
        "CRISIS_HEADING": "Obtenga ayuda ahora",
        "CRISIS_LINES": (
            "Si está en crisis o piensa en el suicidio, llame al 988 y marque 2 para español (línea de ayuda para "
            "crisis y suicidio, EE. UU.), o envíe la palabra AYUDA en un mensaje de texto al 988.",
            "Veteranos: marque 988 y luego oprima 1, o envíe un mensaje de texto al 838255.",
            "En caso de emergencia, llame al 911.",
        ),
        "DISCLAIMER": (
            "Esta guía ofrece solo información general. No sustituye el consejo de un profesional de la salud "
            "calificado, y no anuncia ni respalda ninguna clínica."
        ),
    },
}

# The clinic that publishes the guides: its logo (a file in content/images/; its name is the text
# alternative) or name in every page's header, its contact in the footer and the accessibility
# statement, and its name as publisher for search engines. Only "name" is needed; None: no clinic.
# CLINIC = {"name": "Riverside Clinic", "url": "https://riverside.example", "logo": "images/logo.svg",
#           "phone": "555-0100", "email": "info@riverside.example", "address": "1 River Road, Springfield"}
CLINIC = None
# The clinic's colour for links, the header's line and the callouts' rules, e.g. "#0b5394"; the build
# refuses one with less than 4.5:1 contrast on the page and names the nearest that has it. Dark mode
# gets a lighter shade of it. None: the theme's own blue.
ACCENT_COLOR = None

# --- Content ----------------------------------------------------------------
PATH = "content"
ARTICLE_PATHS = [""]
PAGE_PATHS = []
# content/images/: pictures the guides show; content/files/: forms and leaflets to download,
# linked as [Consent form]({static}files/consent-form.pdf).
STATIC_PATHS = ["images", "files"]
DEFAULT_LANG = "en"
TIMEZONE = "Etc/UTC"  # fixed, so dates never depend on the machine
DEFAULT_DATE = None  # an article without a date is an error, never "today"
# No metadata is Markdown: the title and summary are plain text, escaped wherever shown.
FORMATTED_FIELDS = []

# The Markdown editors know from everyday tools (docs/editors.md); the guide plugin
# adds one more extension: tables that scroll in their own box, with header scopes and captions.
MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.meta": {},  # the metadata header
        "markdown.extensions.attr_list": {},  # "## Heading {#stable-id}"; typography is typed (“ ” ’ –)
        "markdown.extensions.tables": {},
        "markdown.extensions.footnotes": {"BACKLINK_TITLE": "Back to note %d in the text"},
        "markdown.extensions.def_list": {},
        "markdown.extensions.fenced_code": {},
        "markdown.extensions.abbr": {},  # *[IV]: intravenous
        "markdown.extensions.md_in_html": {},  # <div markdown="1"> ... </div>
        "mdx_truly_sane_lists": {"nested_indent": 2},  # nested lists: 2 spaces, 4 or a tab (the guide plugin)
        "mdx_breakless_lists": {},  # a list straight under a line, with no blank line between
        # Bare web addresses (https://..., www....) become links, as in Word, Outlook and GitHub.
        "pymdownx.magiclink": {"repo_url_shortener": False, "social_url_shortener": False},
    },
    "output_format": "html5",
}

# --- Plugins ----------------------------------------------------------------
# Each plugin's README lists its settings. content_checks comes first: the guide builds on it.
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["content_checks", "editions", "host_files", "guide"]

# What content_checks asks of every guide (plugins/content_checks/README.md).
CHECKS_REQUIRED_METADATA = {
    "title": 'add a line such as "Title: Ketamine for PTSD" at the top of the file',
    "summary": 'add a line "Summary: " with one plain sentence saying what the guide covers',
    "date": 'add a line such as "Date: 2026-11-26" (the day the guide was first published)',
    "next_review": 'add a line such as "Next_review: 2027-11-26" (when the guide must be checked again)',
}
CHECKS_OPTIONAL_METADATA = ("modified", "slug", "lang", "condition", "status", "category", "tags", "review_waiver")
CHECKS_DATE_METADATA = ("date", "modified", "next_review")
CHECKS_PLAIN_METADATA = ("title", "summary", "condition")  # shown as plain text in lists and search results
CHECKS_SECTION_ID_LEVEL = 2  # every ## section has an {#id}: links to it survive rewording
CHECKS_STATIC_SUFFIXES = {
    "images": (".png", ".jpg", ".jpeg", ".webp", ".svg", ".gif"),
    "files": (".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt", ".xlsx", ".ods", ".csv"),  # forms to download
}

# --- Output: one flat folder that works from disk and under any sub-path ----
THEME = "theme"
THEME_STATIC_PATHS = []  # the theme has no static files: the guide plugin inlines its one stylesheet
RELATIVE_URLS = True
ARTICLE_URL = ARTICLE_SAVE_AS = "{slug}.html"
ARTICLE_LANG_URL = ARTICLE_LANG_SAVE_AS = "{slug}-{lang}.html"
# Drafts are built for review only, with a banner; never listed, never published.
DRAFT_URL = DRAFT_SAVE_AS = "drafts/{slug}.html"
DRAFT_LANG_URL = DRAFT_LANG_SAVE_AS = "drafts/{slug}-{lang}.html"
PAGE_SAVE_AS = PAGE_LANG_SAVE_AS = ""
INDEX_SAVE_AS = "index.html"
DIRECT_TEMPLATES = ["index", "404", "accessibility"]  # accessibility.html: the accessibility statement
# Pages that serve no reader of a one-guide site are not generated.
AUTHOR_SAVE_AS = AUTHORS_SAVE_AS = ""
# Topics: a guide's Category: is its main topic, its Tags: further ones. Each has its page, listing
# its guides; the home page lists the topics, and a-z.html every guide (see docs/editors.md).
USE_FOLDER_AS_CATEGORY = False
CATEGORY_URL = CATEGORY_SAVE_AS = "topic-{slug}.html"
TAG_URL = TAG_SAVE_AS = "tag-{slug}.html"
CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""  # the home page lists the topics
ARCHIVES_SAVE_AS = YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
DEFAULT_PAGINATION = False
SLUGIFY_SOURCE = "basename"
DELETE_OUTPUT_DIRECTORY = True
OUTPUT_SOURCES = False
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
BUILD_WORKERS = 0  # processes that read and write a library at once: 0, one per core; 1, this one only

# No feeds while developing; publishconf.py adds the Atom feed.
FEED_DOMAIN = None
FEED_ATOM = FEED_RSS = FEED_ALL_ATOM = FEED_ALL_RSS = None
CATEGORY_FEED_ATOM = CATEGORY_FEED_RSS = None
AUTHOR_FEED_ATOM = AUTHOR_FEED_RSS = None
TAG_FEED_ATOM = TAG_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None

# Editions (plugins/editions/README.md).
SINGLE_FILE_EDITION = True  # <slug>-single-file.html: styles and images inside, for e-mail or a USB stick
SINGLE_FILE_CONTEXT = {"PUBLISH_URL": ""}  # the single file names no web address of its own
OFFLINE_ZIP_NAME = SITE_SLUG
OFFLINE_ZIP_BY_CATEGORY = True  # and one zip per topic: its guides' single files and leaflets
# <slug>-a4.pdf and <slug>-letter.pdf via headless Chromium: True, False, or "auto" (made when
# Chromium is present). `make pdf` sets True; `make publish` and `make offline` set "auto".
PDF_EDITION = False
# Leaflets are kept here between builds, outside the output, and printed again only when what
# shapes them changes (the guide, the stylesheet, the footer, the date, the printing code).
from pathlib import Path  # noqa: E402  (here, so the clinic's settings above keep their line numbers)

PDF_CACHE_DIR = str(Path(__file__).resolve().parent / "build" / "leaflets")

# Templates escape every value; only rendered content is marked safe, in the theme's macros.
JINJA_ENVIRONMENT = {"autoescape": True, "trim_blocks": True, "lstrip_blocks": True, "extensions": []}
SITE_DESCRIPTION = "Plain-language information for patients about ketamine treatment for PTSD."  # home page description

import logging  # noqa: E402

# alt="" marks a decorative image on purpose (WCAG H67); the guide plugin reports a missing alt.
LOG_FILTER = [(logging.WARNING, "Empty alt attribute for image %s in %s")]
