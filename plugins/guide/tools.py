"""What the Makefile's tools, the tests and the bench share: the Pelican command line and Chromium.

Imported by the plugin (PDF leaflets), tests/conftest.py and bench/run.py, so each is written once.
"""

import os
import shutil
import sys

# Headless Chromium as root on a machine with no network: no sandbox, no background traffic.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def chromium_path(settings=None):
    """The Chromium to drive: $CHROMIUM, the CHROMIUM setting, or Debian's; None when it is not there."""
    path = (
        os.environ.get("CHROMIUM")
        or (settings or {}).get("CHROMIUM")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None


def pelican_command(content, output, settings_file, *extra, python=sys.executable):
    """The build as `make html` runs it. Warnings are problems: the guide plugin reports them."""
    return [python, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings_file), *extra]
