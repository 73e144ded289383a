"""The offline zip: the whole site in one file, named and dated by its newest content, and
byte-identical for the same sources."""

import os
import zipfile


def last_updated(content):
    return (getattr(content, "modified", None) or content.date).date()


def _members(output, excluded):
    for root, dirs, files in os.walk(output):
        dirs[:] = sorted(d for d in dirs if not (root == output and d in excluded))
        for file_name in sorted(files):
            yield os.path.join(root, file_name)


def write(output, settings, contents):
    """Zip the output folder into OFFLINE_ZIP_DIR; returns the zip's path."""
    updated = max(last_updated(content) for content in contents)
    name = f"{settings['OFFLINE_ZIP_NAME']}-{updated.isoformat()}"
    folder = settings["OFFLINE_ZIP_DIR"]
    os.makedirs(folder, exist_ok=True)
    target = os.path.join(folder, name + ".zip")
    partial = target + ".partial"
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in _members(output, settings["OFFLINE_ZIP_EXCLUDE"]):
            info = zipfile.ZipInfo(
                f"{name}/{os.path.relpath(path, output)}", date_time=(updated.year, updated.month, updated.day, 0, 0, 0)
            )
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with open(path, "rb") as handle:
                archive.writestr(info, handle.read(), compresslevel=9)
    os.replace(partial, target)
    return target
