"""make screenshots: the guide as a reader sees it, for people to look at (not a test).

Writes build/screenshots/: 375 px and 1280 px wide, light and dark (full page and first
screen), and the first printed page; reader.png, the first screen at 360 and 1366 px, light and
dark, without and with a clinic's settings (CLINIC, ACCENT_COLOR; copied to docs/reader.png);
and, where Firefox is installed (Debian's firefox-esr, which Playwright cannot drive), Firefox's
own headless shots at 360 and 1366 px.
"""

import json
import shutil
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
    reader_sheet()
    firefox_shots()
    print(f"Screenshots in {SCREENSHOTS.relative_to(ROOT)}/")


# A clinic for the pictures only: every value is an example (555-01xx numbers are for fiction).
EXAMPLE_CLINIC = {
    "name": "Example Clinic",
    "url": "https://clinic.example",
    "logo": "images/example-clinic.svg",
    "phone": "(212) 555-0100",
    "email": "access@clinic.example",
    "address": "1 Example Street, Springfield",
}
EXAMPLE_LOGO = (  # on its own white ground, as a logo must be to show in dark mode too
    '<svg xmlns="http://www.w3.org/2000/svg" width="150" height="40" viewBox="0 0 150 40">'
    '<rect width="150" height="40" rx="8" fill="#fff"/><rect x="4" y="4" width="32" height="32" rx="6" fill="#00665e"/>'
    '<path d="M12 20h16M20 12v16" stroke="#fff" stroke-width="5"/>'
    '<text x="44" y="26" font-family="sans-serif" font-size="15" fill="#00665e">Example</text></svg>'
)
EXAMPLE_ACCENT = "#00665e"


def clinic_site(folder):
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "images").mkdir(exist_ok=True)
    (content / EXAMPLE_CLINIC["logo"]).write_text(EXAMPLE_LOGO)
    extra = ("-e", f"CLINIC={json.dumps(EXAMPLE_CLINIC)}", f'ACCENT_COLOR="{EXAMPLE_ACCENT}"')
    return build_ok(folder / "output", content=content, extra=extra)


def reader_sheet():
    """One picture: the first screen at 360 and 1366 px, light and dark, without and with a clinic."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    shots = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        sites = {"": build_ok(Path(tmp) / "plain" / "output"), "clinic": clinic_site(Path(tmp) / "clinic")}
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        for name, site in sites.items():
            for scheme in ("light", "dark"):
                for width in (360, 1366):
                    context = browser.new_context(viewport={"width": width, "height": 760}, color_scheme=scheme)
                    page = context.new_page()
                    page.goto((site / GUIDE).as_uri())
                    path = SCREENSHOTS / f"reader-{width}-{scheme}{'-' + name if name else ''}.png"
                    page.screenshot(path=path)
                    shots.append(path)
                    context.close()
        browser.close()
    images = [Image.open(path) for path in shots]
    scale = [0.5 if image.width > 1000 else 1.0 for image in images]
    sizes = [(round(i.width * s), round(i.height * s)) for i, s in zip(images, scale, strict=True)]
    sheet = Image.new("RGB", (sum(w for w, _ in sizes[:4]) + 30, max(h for _, h in sizes) * 2 + 10), "#888888")
    x = y = 0
    for index, (image, size) in enumerate(zip(images, sizes, strict=True)):
        if index == 4:
            x, y = 0, max(h for _, h in sizes) + 10
        sheet.paste(image.resize(size), (x, y))
        x += size[0] + 10
    sheet.quantize(colors=128).save(SCREENSHOTS / "reader.png", optimize=True)  # small enough for docs/


def firefox_shots():
    """Firefox's own headless screenshots of the guide (firefox --headless --screenshot)."""
    firefox = shutil.which("firefox-esr") or shutil.which("firefox")
    if not firefox:
        print("No Firefox: apt-get install firefox-esr for Firefox's screenshots as well.")
        return
    with tempfile.TemporaryDirectory() as tmp:
        site = build_ok(Path(tmp) / "output")
        for width in (360, 1366):
            profile = Path(tmp) / f"profile-{width}"
            profile.mkdir()
            target = SCREENSHOTS / f"firefox-{width}.png"
            subprocess.run(
                [firefox, "--headless", "--no-remote", "--profile", str(profile), "--window-size", f"{width},900",
                 "--screenshot", str(target), (site / GUIDE).as_uri()],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip


if __name__ == "__main__":
    main()
