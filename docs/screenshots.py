"""Remake the screenshots in docs/ from the example workspace (a developer's tool).

    .venv/bin/python docs/screenshots.py            # needs playwright and Debian's chromium
    .venv/bin/python docs/screenshots.py workbook   # needs LibreOffice and poppler-utils

The 公示 page as printed on A4 (print styles, one A4 page), the same page at a phone's
width, and the index of the report site; ``workbook``: the first printed page of the
积分汇总 and 积分卡 sheets of ``export xlsx --org yz1`` (LibreOffice prints each sheet as
Excel would: ``soffice --headless --convert-to pdf``, then ``pdftoppm``).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE.parent / "examples" / "jiangcheng"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AS_OF = "2025-02-01"


def pingyi(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pingyi", *args], check=True)


def main() -> None:
    from playwright.sync_api import sync_playwright

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


#: sheet of the workbook → the picture of its first printed page
PAGES = {"积分汇总": "workbook-score.png", "积分卡": "workbook-card.png"}


def workbook() -> None:
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "yz1.xlsx"
        pingyi("export", "xlsx", "-w", str(EXAMPLE), "--org", "yz1", "-o", str(book), "--as-of", AS_OF, "--lang", "zh")
        for sheet, picture in PAGES.items():
            wb = load_workbook(book)
            for name in wb.sheetnames:
                if name != sheet:
                    del wb[name]
            one = Path(tmp) / f"{Path(picture).stem}.xlsx"
            wb.save(one)
            subprocess.run(
                ["soffice", "--headless", "--convert-to", "pdf", "--outdir", tmp, str(one)], check=True, capture_output=True
            )
            stem = Path(tmp) / "page"
            subprocess.run(
                ["pdftoppm", "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", str(one.with_suffix(".pdf")), str(stem)],
                check=True,
            )
            (HERE / picture).write_bytes(stem.with_suffix(".png").read_bytes())


if __name__ == "__main__":
    workbook() if sys.argv[1:] == ["workbook"] else main()
