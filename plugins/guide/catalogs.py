"""The languages that need a catalog of the theme's words and have none yet, for `make
translations`, which creates each (pybabel init) before it updates them all.

    python -m guide.catalogs [settings file] [content folder] [catalogs folder]

writes one language code a line: every language a guide in the content folder is written in,
or LANG_SETTINGS names, other than the site's own, whose catalog (or its base language's:
fr for fr-CA) is missing.
"""

import os
import sys

from content_checks.files import MARKDOWN_SUFFIXES
from content_checks.reader import read_source
from pelican.settings import read_settings

from . import i18n


def content_languages(content_root):
    """The Lang: of every Markdown file under the content folder."""
    found = set()
    for folder, dirs, files in os.walk(content_root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.lower().endswith(MARKDOWN_SUFFIXES):
                source, _ = read_source(os.path.join(folder, name))
                if source and source.value("lang"):
                    found.add(source.value("lang"))
    return found


def missing(settings, content_root, catalogs_folder):
    """The base languages that need a catalog and have none, in order."""
    wanted = content_languages(content_root) | set(settings.get("LANG_SETTINGS") or {})
    default = i18n.base_language(settings["DEFAULT_LANG"])
    bases = {i18n.base_language(lang) for lang in wanted if i18n.known_language(lang)} - {default}
    return sorted(
        lang
        for lang in bases
        if not os.path.isfile(os.path.join(catalogs_folder, lang, "LC_MESSAGES", f"{i18n.DOMAIN}.po"))
    )


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    settings = read_settings(argv[0] if argv else "pelicanconf.py")
    content_root = argv[1] if len(argv) > 1 else settings["PATH"]
    folder = argv[2] if len(argv) > 2 else os.path.join(settings["THEME"], i18n.CATALOG_DIR)
    sys.stdout.write("".join(f"{lang}\n" for lang in missing(settings, content_root, folder)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
