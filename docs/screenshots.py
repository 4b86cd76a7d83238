"""Remake the screenshots in docs/ from the example workspace (a developer's tool).

    .venv/bin/python docs/screenshots.py            # needs playwright and Debian's chromium

The 公示 page as printed on A4 (print styles, one A4 page), the same page at a phone's
width, and the index of the report site.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "jiangcheng"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AS_OF = "2025-02-01"


def pingyi(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pingyi", *args], check=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        notice = Path(tmp) / "notice.html"
        site = Path(tmp) / "site"
        pingyi("publicity", "2024-03", "-w", str(EXAMPLE), "--org", "yz1", "-o", str(notice), "--as-of", AS_OF)
        pingyi("export", "html", "-w", str(EXAMPLE), "-o", str(site), "--as-of", AS_OF)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
            a4 = browser.new_page(viewport={"width": 794, "height": 1123})  # A4 at 96 dpi
            a4.emulate_media(media="print")
            a4.goto(notice.as_uri())
            a4.add_style_tag(content="body { padding: 14mm 12mm; }")  # the page margins of @page
            a4.screenshot(path=str(HERE / "publicity-a4.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844}, is_mobile=True)
            phone.goto(notice.as_uri())
            phone.screenshot(path=str(HERE / "publicity-phone.png"))
            index = browser.new_page(viewport={"width": 1100, "height": 900})
            index.goto((site / "index.html").as_uri())
            index.screenshot(path=str(HERE / "site-index.png"))
            browser.close()


if __name__ == "__main__":
    main()
