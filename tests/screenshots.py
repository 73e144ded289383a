"""make screenshots: the guide as a reader sees it, for people to look at (not a test).

Writes build/screenshots/: 375 px and 1280 px wide, light and dark (full page and first
screen), and the first printed page.
"""

import subprocess
import sys
import tempfile
from pathlib import Path

from conftest import CHROMIUM_ARGS, ROOT, build_ok, chromium_path  # conftest puts plugins/ on the path

SCREENSHOTS = ROOT / "build" / "screenshots"
GUIDE = "ketamine-for-ptsd.html"


def main():
    chromium = chromium_path()
    if not chromium:
        sys.exit("make screenshots needs Chromium: apt-get install chromium, or set CHROMIUM=/path/to/chromium")
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        site = build_ok(Path(tmp) / "output")
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for width in (375, 1280):
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                page.goto((site / GUIDE).as_uri())
                page.screenshot(path=SCREENSHOTS / f"guide-{width}-{scheme}.png", full_page=True)
                page.screenshot(path=SCREENSHOTS / f"guide-{width}-{scheme}-top.png")
                context.close()
        page = browser.new_page()
        page.goto((site / GUIDE).as_uri())
        pdf = SCREENSHOTS / "guide-print.pdf"
        page.pdf(path=pdf, format="A4", print_background=True)
        browser.close()
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf),
            str(SCREENSHOTS / "guide-print-page1"),
        ],
        check=True,
    )
    print(f"Screenshots in {SCREENSHOTS.relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
