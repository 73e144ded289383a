"""Files under the content folder that no page would use: a Word file among the guides, a PDF
among the images. CHECKS_STATIC_SUFFIXES says which kinds each static folder holds."""

import os

from pelican.readers import MarkdownReader

from .problems import Problem, display_path

MARKDOWN_SUFFIXES = tuple(f".{extension}" for extension in MarkdownReader.file_extensions)  # what Pelican reads


def _static_folder(rel_folder, static_paths):
    """The STATIC_PATHS entry a folder (relative to the content) lies in, or None."""
    for static in static_paths:
        static = static.rstrip("/")
        if rel_folder == static or rel_folder.startswith(static + os.sep):
            return static
    return None


def _unused_file(suffix, folder, kinds, root):
    """(what, fix) for a file no page would use; root: the content folder as the editor types it."""
    if folder is not None:
        allowed = kinds.get(folder, ())
        return (
            f"this file is not one of the kinds {root}/{folder}/ holds ({', '.join(allowed) or 'none listed'}).",
            "save it as one of those, or move it out of the content folder",
        )
    home = next((name for name, suffixes in kinds.items() if suffix in suffixes), None)
    if home:
        return (
            f"a {suffix} file belongs in {root}/{home}/; here it would be ignored.",
            f"move it to {root}/{home}/ and link it from a page, e.g. [Consent form]({{static}}/{home}/form{suffix})",
        )
    return (
        "only Markdown files are built; this file would be ignored.",
        "write pages in Markdown: rename it to .md and convert its markup, or move it out of the content folder",
    )


def check(content_root, settings):
    """Problems for every file that is neither a Markdown page outside the static folders nor a
    file of a kind its static folder holds."""
    kinds, static_paths = settings["CHECKS_STATIC_SUFFIXES"], settings.get("STATIC_PATHS", [])
    problems = []
    for folder, dirs, files in os.walk(content_root):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        static = _static_folder(os.path.relpath(folder, content_root), static_paths)
        for name in sorted(n for n in files if not n.startswith(".")):
            suffix = os.path.splitext(name.lower())[1]
            if static is None and suffix in MARKDOWN_SUFFIXES:
                continue
            if static is not None and suffix in kinds.get(static, ()):
                continue
            path = os.path.join(folder, name)
            what = _unused_file(suffix, static, kinds, display_path(content_root))
            problems.append(Problem(display_path(path), None, *what))
    return problems
