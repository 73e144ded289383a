"""`pelican` as the Makefile runs it: a failed build never touches the last good site.

    python -m content_checks.command content -o output -s pelicanconf.py [any pelican option]

Each run builds into "<output>.new" (so every plugin writes where Pelican tells it) and replaces
<output> only when Pelican finished without a problem. The new folder starts with what Pelican
would keep of the last site: what OUTPUT_RETENTION lists, or all of it when DELETE_OUTPUT_DIRECTORY
is off; copying a library's thousands of pages only for Pelican to delete them would double the
build's work on disk. The build compares its pages with the last site's (pages that moved).

Under `-r` (and `-lr`, which keeps serving <output>), a run that follows a failed one first waits
for a saved change, with Pelican's own wait_for_changes: Pelican's loop would run again at once
(pelican-plugins/deadlinks#13).
"""

import logging
import os
import shutil
import sys

import pelican
from pelican.utils import wait_for_changes

from .problems import display_path, editor_messages

logger = logging.getLogger("content_checks")


def _swap(staging, final):
    old = final + ".old"
    shutil.rmtree(old, ignore_errors=True)
    if os.path.exists(final):
        os.replace(final, old)
    os.replace(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def _seed(final, staging, settings):
    """The staging folder, holding what Pelican would keep of the last site."""
    if not os.path.isdir(final):
        return
    if not settings.get("DELETE_OUTPUT_DIRECTORY"):
        shutil.copytree(final, staging, symlinks=True)
        return
    os.makedirs(staging)
    for name in settings.get("OUTPUT_RETENTION") or ():
        source = os.path.join(final, name)
        if os.path.isdir(source) and not os.path.islink(source):
            shutil.copytree(source, os.path.join(staging, name), symlinks=True)
        elif os.path.lexists(source):
            shutil.copy2(source, os.path.join(staging, name), follow_symlinks=False)


def staged(run, settings_file):
    """Pelican.run, building into a copy of the output folder that replaces it on success."""
    failed = []

    def staged_run(instance):
        final = os.path.abspath(instance.output_path)
        staging = final + ".new"
        if failed:
            logger.info("Waiting for a change to the content, theme or settings...")
            wait_for_changes(settings_file, instance.settings)
            failed.clear()
        shutil.rmtree(staging, ignore_errors=True)
        _seed(final, staging, instance.settings)
        instance.last_site = final  # whose pages this build's are compared with
        instance.output_path = instance.settings["OUTPUT_PATH"] = staging
        try:
            result = run(instance)
        except Exception:
            shutil.rmtree(staging, ignore_errors=True)
            failed.append(True)
            logger.error("Build failed: %s/ was left as it was.", display_path(final))
            raise
        except BaseException:  # Ctrl-C: no half-built folder is left either
            shutil.rmtree(staging, ignore_errors=True)
            raise
        finally:  # the next run (pelican -r) starts from the real output folder again
            instance.output_path = instance.settings["OUTPUT_PATH"] = final
        _swap(staging, final)
        logger.info("Built %s/ (open %s)", display_path(final), display_path(os.path.join(final, "index.html")))
        return result

    return staged_run


def main(argv=None):
    editor_messages("content_checks")
    args = pelican.parse_arguments(argv)
    pelican.Pelican.run = staged(pelican.Pelican.run, args.settings or "pelicanconf.py")
    pelican.main(argv)


if __name__ == "__main__":
    sys.exit(main())
