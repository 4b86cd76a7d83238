"""``pingyi export html``: the static site of the year. Pages, links, figures, escaping,
determinism and the folder it writes (the browser tests are in tests/browser/)."""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest

import pingyi
from wsfactory import EXAMPLE, make_ws, run, run_json

AS_OF = "2025-02-01"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "site"
    result = run("export", "html", "-w", EXAMPLE, "-o", out, "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    return out


def pages(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.html"))}


def test_a_page_per_org_and_per_member(site):
    ws = pingyi.load(EXAMPLE).workspace
    assert (site / "index.html").is_file() and (site / "style.css").is_file()
    assert {p.stem for p in (site / "org").glob("*.html")} == set(ws.orgs)
    assert {p.stem for p in (site / "member").glob("*.html")} == set(ws.members)


def test_every_link_resolves_and_nothing_is_fetched(site):
    for name, text in pages(site).items():
        for ref in re.findall(r'(?:href|src)="([^"]+)"', text):
            assert not re.match(r"^[a-z]+:", ref), f"{name} refers outside the site: {ref}"
            target = (site / name).parent / ref.split("#")[0]
            assert target.resolve().is_file(), f"{name}: broken link {ref}"
        assert "http://" not in text and "https://" not in text and "@import" not in text


def test_headline_figures_agree_with_the_reports(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    coverage = run_json(EXAMPLE, "coverage")
    rate = Fraction(coverage["members"]["reviewed"], coverage["members"]["total"])
    assert f"{round(rate * 1000) / 10:.1f}%" in index
    rectify = run_json(EXAMPLE, "rectify", "--as-of", AS_OF)
    items = rectify["items"] if isinstance(rectify, dict) and "items" in rectify else rectify
    closed = sum(1 for p in items if p["state"] == "closed")
    assert f"{round(Fraction(closed, len(items)) * 1000) / 10:.1f}%" in index
    survey = run_json(EXAMPLE, "survey")
    positive = sum(s["positive"] for s in survey["surveys"])
    total = sum(s["total"] for s in survey["surveys"])
    assert f"{round(Fraction(positive, total) * 1000) / 10:.1f}%" in index
    score = run_json(EXAMPLE, "score")
    chart = index[index.index("<svg") : index.index("</svg>")]
    for stars, n in score["summary"]["stars"].items():
        assert f"{stars}★: {n}</title>" in chart
    assert "公示和异议" in index and "<svg" in index


def test_member_page_is_the_points_card(site):
    score = {m["id"]: m for m in run_json(EXAMPLE, "score")["members"]}
    for mid in ("m101", "m303", "m117"):
        page = (site / "member" / f"{mid}.html").read_text(encoding="utf-8")
        assert f"{score[mid]['total']:.2f}" in page and score[mid]["name"] in page
        assert page.count("<rect") == 12  # the chart of the twelve months
        assert 'href="../index.html"' in page and 'href="../org/' in page  # breadcrumbs
    exempt = (site / "member" / "m508.html").read_text(encoding="utf-8")
    assert "免于积分" in exempt and "<svg" not in exempt


def test_org_page_lists_its_members_with_a_filter(site):
    page = (site / "org" / "yz1.html").read_text(encoding="utf-8")
    ws = pingyi.load(EXAMPLE).workspace
    for m in ws.members_of("yz1", recursive=False):
        assert f'href="../member/{m.id}.html"' in page
    assert 'data-filter="members"' in page and 'id="members"' in page and "<script>" in page
    assert "2024-03" in page  # the 公示 records covering the org


def test_same_input_same_bytes(site, tmp_path):
    again = tmp_path / "again"
    assert run("export", "html", "-w", EXAMPLE, "-o", again, "--as-of", AS_OF).exit_code == 0
    a = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    b = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert a == b


def test_hostile_names_are_text(tmp_path):
    hostile = "<script>alert(1)</script>"
    root = make_ws(tmp_path, {})
    orgs = (
        (root / "orgs.yaml")
        .read_text(encoding="utf-8")
        .replace("赵党员", f"'{hostile}'")
        .replace("第一党支部", "'\"><img src=x>'")
    )
    (root / "orgs.yaml").write_text(orgs, encoding="utf-8")
    out = tmp_path / "site"
    assert run("export", "html", "-w", root, "-o", out).exit_code == 0
    for name, text in pages(out).items():
        assert hostile not in text and "<img src=x>" not in text, name
    member = (out / "member" / "m102.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in member


def test_folder_is_never_clobbered(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep", encoding="utf-8")
    assert run("export", "html", "-w", EXAMPLE, "-o", mine).exit_code == 2
    assert run("export", "html", "-w", EXAMPLE, "-o", mine, "--force").exit_code == 2  # not a site pingyi wrote
    assert (mine / "notes.txt").read_text(encoding="utf-8") == "keep"
    out = tmp_path / "site"
    assert run("export", "html", "-w", EXAMPLE, "-o", out).exit_code == 0
    assert run("export", "html", "-w", EXAMPLE, "-o", out).exit_code == 2
    assert run("export", "html", "-w", EXAMPLE, "-o", out, "--force").exit_code == 0
    assert (out / "index.html").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary folder left


def test_english_site(tmp_path):
    out = tmp_path / "en"
    assert run("export", "html", "-w", EXAMPLE, "-o", out, "--lang", "en").exit_code == 0
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in index and "Review coverage" in index
