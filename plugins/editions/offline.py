"""The offline zips: the whole site in one file, and one file per category holding its articles'
single files and leaflets; each named after what it holds and dated by its newest article, and
byte-identical for the same sources."""

import os
import zipfile

EMAIL_LIMIT = 20 * 1024 * 1024  # common e-mail services refuse attachments above about 20-25 MB


def last_updated(content):
    return (getattr(content, "modified", None) or content.date).date()


def _site_members(output, excluded):
    for root, dirs, files in os.walk(output):
        dirs[:] = sorted(d for d in dirs if not (root == output and d in excluded))
        for file_name in sorted(files):
            path = os.path.join(root, file_name)
            yield path, os.path.relpath(path, output)


def _zip(folder, name, day, members):
    """Write <folder>/<name>.zip with each (path, name inside) under <name>/; returns its path."""
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, name + ".zip")
    partial = target + ".partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path, inside in members:
            info = zipfile.ZipInfo(f"{name}/{inside}", date_time=(day.year, day.month, day.day, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as handle:
                archive.writestr(info, handle.read(), compresslevel=9)
    os.replace(partial, target)
    return target


def write(output, settings, contents):
    """The whole output folder (but OFFLINE_ZIP_EXCLUDE) into OFFLINE_ZIP_DIR; returns the zip's path."""
    day = max(last_updated(content) for content in contents)
    name = f"{settings['OFFLINE_ZIP_NAME']}-{day.isoformat()}"
    return _zip(settings["OFFLINE_ZIP_DIR"], name, day, _site_members(output, settings["OFFLINE_ZIP_EXCLUDE"]))


def write_by_category(output, settings, contents):
    """One zip per category but DEFAULT_CATEGORY: each article's editions (single file, leaflets),
    which need nothing else to be read. Returns the zips' paths."""
    groups = {}
    for content in contents:
        if content.category.name != settings["DEFAULT_CATEGORY"] and getattr(content, "editions", None):
            groups.setdefault(content.category, []).append(content)
    made = []
    for category, members in sorted(groups.items(), key=lambda item: item[0].slug):
        day = max(last_updated(content) for content in members)
        name = f"{settings['OFFLINE_ZIP_NAME']}-{category.slug}-{day.isoformat()}"
        files = sorted({edition["href"] for content in members for edition in content.editions})
        made.append(_zip(settings["OFFLINE_ZIP_DIR"], name, day, [(os.path.join(output, f), f) for f in files]))
    return made


def size_label(path):
    size = os.path.getsize(path)
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{max(1, round(size / 1024))} KB"
