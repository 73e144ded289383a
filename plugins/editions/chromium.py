"""The Chromium that prints the leaflets: $CHROMIUM, the CHROMIUM setting, or Debian's."""

import os
import shutil

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
    """The Chromium to drive, or None when it is not there."""
    path = (
        os.environ.get("CHROMIUM")
        or (settings or {}).get("CHROMIUM")
        or shutil.which("chromium")
        or "/usr/bin/chromium"
    )
    return path if os.path.isfile(path) and os.access(path, os.X_OK) else None
