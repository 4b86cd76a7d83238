"""The 公示 page and the report site in a real browser: a headless Chromium (Debian's
``chromium`` package) driven through Playwright, pointed at the system browser; no browser
is downloaded. Without Playwright or a browser these tests skip, saying why.

The browser is ``$PINGYI_BROWSER``, else ``chromium`` or ``chromium-browser`` on the PATH.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from wsfactory import EXAMPLE, make_ws, run

AS_OF = "2025-02-01"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _browser_path() -> str | None:
    given = os.environ.get("PINGYI_BROWSER")
    if given:
        return given if Path(given).is_file() else None
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


try:
    from playwright.sync_api import sync_playwright
except ImportError:  # pragma: no cover - depends on the machine
    sync_playwright = None  # type: ignore[assignment]

BROWSER = _browser_path()
if sync_playwright is None:
    pytest.skip(
        "browser tests skipped: the Python package playwright is not installed (pip install -e '.[test]')",
        allow_module_level=True,
    )
if BROWSER is None:
    pytest.skip(
        "browser tests skipped: no Chromium found (apt-get install chromium, or set PINGYI_BROWSER)", allow_module_level=True
    )


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=BROWSER, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs  # type: ignore[attr-defined]
    yield pg
    context.close()


@pytest.fixture(scope="module")
def notice(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("notice") / "公示.html"
    assert run("publicity", "2024-03", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF).exit_code == 0
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    assert run("export", "html", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF).exit_code == 0
    return out


def test_notice_shows_names_and_numbers(page, notice):
    page.goto(notice.as_uri())
    section = page.locator("#org-yz1")
    assert section.locator("h1").inner_text() == "第一中学高中部党支部2024年3月党员积分公示"
    first = section.locator("tbody tr").first
    assert first.locator("td.name").inner_text() == "许文博"
    assert first.locator("td").nth(12).inner_text() == "99"  # the month's points
    assert section.locator("dl.notice").get_by_text("2024-04-02 — 2024-04-08").is_visible()


def test_notice_on_a_phone_folds_the_item_columns(browser, notice):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    pg = context.new_page()
    pg.goto(notice.as_uri())
    section = pg.locator("#org-yz1")
    assert section.locator("th.item").first.is_hidden()
    assert section.get_by_text("许文博").is_visible()
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    context.close()


def test_notice_prints_one_page_per_org(page, notice, tmp_path):
    page.goto(notice.as_uri())
    sections = page.locator("section.org").count()
    pdf = page.pdf(format="A4", print_background=False)
    count = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert sections == 8 and count == sections


def test_site_links_between_index_org_and_member(page, site):
    page.goto((site / "index.html").as_uri())
    assert "87.3%" in page.locator(".figures").inner_text()  # 点评率 of the example
    page.locator("#orgs a", has_text="第一中学高中部党支部").click()
    assert page.url.endswith("/org/yz1.html")
    assert page.locator("h1").inner_text() == "第一中学高中部党支部"
    page.locator("#members a", has_text="许文博").click()
    assert page.url.endswith("/member/m101.html")
    assert "102.92" in page.locator(".figures").inner_text()
    assert page.locator("svg.chart rect").count() == 12
    page.locator("nav.crumbs a", has_text="第一中学高中部党支部").click()
    assert page.url.endswith("/org/yz1.html")
    page.locator("nav.crumbs a").first.click()
    assert page.url.endswith("/index.html")


def test_filter_box_filters(page, site):
    page.goto((site / "index.html").as_uri())
    rows = page.locator("#orgs tbody tr")
    total = rows.count()
    page.locator('input[data-filter="orgs"]').fill("机关")
    visible = [r for r in rows.all() if r.is_visible()]
    assert 0 < len(visible) < total and all("机关" in r.inner_text() for r in visible)
    page.locator('input[data-filter="orgs"]').fill("")
    assert sum(1 for r in rows.all() if r.is_visible()) == total
    page.goto((site / "org" / "yz1.html").as_uri())
    page.locator('input[data-filter="members"]').fill("m117")
    visible = [r for r in page.locator("#members tbody tr").all() if r.is_visible()]
    assert len(visible) == 1 and "叶正阳" in visible[0].inner_text()


def test_hostile_name_is_shown_as_text(page, tmp_path):
    hostile = "<script>alert(1)</script>"
    root = make_ws(
        tmp_path,
        {
            "s.yaml": "kind: scores\norg: zb1\nmonth: 2024-03\nscores:\n  m102: [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]\n",
        },
    )
    orgs = (root / "orgs.yaml").read_text(encoding="utf-8").replace("赵党员", f"'{hostile}'")
    (root / "orgs.yaml").write_text(orgs, encoding="utf-8")
    out = tmp_path / "site"
    notice = tmp_path / "p.html"
    assert run("export", "html", "-w", root, "-o", out).exit_code == 0
    assert run("publicity", "2024-03", "-w", root, "-o", notice).exit_code == 0
    page.goto((out / "member" / "m102.html").as_uri())
    assert hostile in page.locator("h1").inner_text()
    page.goto((out / "org" / "zb1.html").as_uri())
    assert page.locator("#members").get_by_text(hostile).is_visible()
    page.goto(notice.as_uri())
    assert page.get_by_text(hostile).is_visible()
    assert page.dialogs == []  # type: ignore[attr-defined]
