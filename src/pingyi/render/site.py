"""``pingyi export html``: a static site of the year, in the manner of coverage.py's HTML
report. An index with the headline figures (点评率, 兑现率, 销号率, 满意率, the star and grade
distribution, Public notices and objections) and SVG charts drawn at export time; one page per org
following the tree; one page per member with the points card and a chart of the twelve
months. Every listing has a filter box (a few lines of script inside the page); pages link
by relative paths, so the site opens from a USB stick or a shared folder (``file://``).

Pages come from Jinja2 templates with autoescaping on; nothing is fetched from the network;
the same workspace gives the same bytes. Member listings live on their org's page, so no
page holds thousands of rows at county scale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from markupsafe import Markup, escape

from ..compute.score import MemberScore, compute_score, exact_sum, round_half_up
from ..i18n import N_, current_lang, gettext, tr
from ..workspace import Workspace
from .labels import label

TEXT = {
    "site_title": N_("{workspace}: the year {year}"),
    "home": N_("Home"),
    "orgs": N_("Orgs"),
    "org": N_("Org"),
    "members": N_("Members"),
    "member": N_("Subject"),
    "name": N_("Name"),
    "type": N_("Type"),
    "status": N_("Status"),
    "total": N_("Total points"),
    "stars": N_("Stars"),
    "grade": N_("Grade"),
    "rank": N_("Rank"),
    "remark": N_("Remarks"),
    "filter": N_("Filter"),
    "filter_hint": N_("type a name, id or number to filter the rows"),
    "coverage": N_("Review coverage"),
    "coverage_detail": N_("{reviewed} of {total} members reviewed; orgs {orgs_reviewed} of {orgs_total}"),
    "fulfilment": N_("Commitments fulfilled"),
    "fulfilment_detail": N_("{done} of {counted} commitments done"),
    "closure": N_("Rectifications closed"),
    "closure_detail": N_("{closed} of {problems} problems closed, {overdue} overdue"),
    "satisfaction": N_("Satisfaction"),
    "satisfaction_detail": N_("{positive} of {total} answers satisfied"),
    "publicity": N_("Public notices and objections"),
    "publicity_detail": N_(
        "{records} public notices; objections: {total} received, {pending} pending, {upheld} upheld, {partly} partly upheld, {rejected} rejected, {late} late, {overdue} overdue"
    ),
    "star_chart": N_("Members by stars"),
    "grade_chart": N_("Members by grade"),
    "month_chart": N_("Points by month"),
    "no_data": N_("no data"),
    "sub_orgs": N_("Orgs below"),
    "own_members": N_("Members of this org"),
    "rectifications": N_("Reviews and rectifications"),
    "problem": N_("Problem"),
    "owner": N_("Owner"),
    "due": N_("Due"),
    "state": N_("State"),
    "commitments": N_("Public commitments"),
    "text": N_("Text"),
    "surveys": N_("Surveys"),
    "rate": N_("Rate"),
    "period": N_("Period"),
    "window": N_("Notice period"),
    "objections": N_("Objections"),
    "points_card": N_("Points card"),
    "item": N_("Item"),
    "monthly": N_("Monthly average"),
    "democratic": N_("Democratic"),
    "item_score": N_("Item score"),
    "base": N_("Monthly part"),
    "democratic_part": N_("Democratic part"),
    "adjustment": N_("Adjustment"),
    "rating": N_("Rated by the branch: {stars} stars, {reason}"),
    "month": N_("Month"),
    "points": N_("Month points"),
    "no_score": N_("no score"),
    "exempt_card": N_("Exempt from scoring: no points are computed."),
    "disputed": N_("objection pending"),
    "as_of": N_("As of {date}"),
    "made_by": N_("Made by pingyi from the workspace's files; the same files give the same pages."),
    "none": N_("none"),
    "closed": N_("closed"),
    "open": N_("open"),
    "overdue": N_("overdue"),
    "counted": N_("counted"),
    "not_counted": N_("not counted (only the highest counts)"),
    "org_rows": N_("{n} orgs"),
    "member_count": N_("{n} members"),
    "annual_star": N_("Star of the year"),
    "top_stars": N_("Members with the top stars"),
    "late": N_("late"),
    "pending": N_("pending"),
    "upheld": N_("upheld"),
    "partly": N_("partly upheld"),
    "rejected": N_("rejected"),
}


def t(key: str, **args: Any) -> str:
    return tr(TEXT[key], None, **args)


def pct(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return f"{round_half_up(value * 100, 1)}%"


# --------------------------------------------------------------------------- charts


def bar_chart(
    labels: Sequence[str],
    values: Sequence[int | Decimal],
    *,
    width: int = 360,
    height: int = 160,
    title: str = "",
    fmt: Callable[[Any], str] = str,
) -> Markup:
    """A vertical bar chart as inline SVG: one bar per label, its value above it."""
    n = max(len(values), 1)
    top = max([float(v) for v in values] + [0.0]) or 1.0
    pad_b, pad_t = 22, 16
    slot = width / n
    bar = max(slot * 0.7, 2)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="0" y1="{height - pad_b}" x2="{width}" y2="{height - pad_b}" class="axis"/>',
    ]
    for i, (lab, v) in enumerate(zip(labels, values)):
        h = (height - pad_b - pad_t) * float(v) / top
        x = i * slot + (slot - bar) / 2
        y = height - pad_b - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" class="bar"><title>{escape(lab)}: {escape(fmt(v))}</title></rect>'
        )
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{y - 3:.1f}" class="v">{escape(fmt(v))}</text>')
        parts.append(f'<text x="{x + bar / 2:.1f}" y="{height - 6}" class="l">{escape(lab)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site root, POSIX
    text: str


def _environment() -> Any:
    from .publicity import _environment as env

    return env()


def org_href(org_id: str) -> str:
    return f"org/{_safe_name(org_id)}.html"


def member_href(member_id: str) -> str:
    return f"member/{_safe_name(member_id)}.html"


def _safe_name(id_: str) -> str:
    """A file name for an id (ids are letters, digits, ``_``, ``-``, ``.``; a leading dot
    or the names ``.``/``..`` are impossible, but kept safe all the same)."""
    out = "".join(ch if ch.isalnum() or ch in "_-." else "_" for ch in id_)
    return "_" + out if out.startswith(".") else out


def build_site(ws: Workspace, *, publicity_fingerprint: dict[str, Any] | None = None) -> Iterator[Page]:
    """Every page of the site (and its style sheet), in a fixed order."""
    from ..compute.commitments import compute_commitments
    from ..compute.coverage import compute_coverage
    from ..compute.publicity import record
    from ..compute.rectify import compute_rectify
    from ..compute.survey import compute_survey

    env = _environment()
    lang = current_lang()
    text = {k: gettext(v) for k, v in TEXT.items()}
    year = ws.year
    as_of = ws.today
    score = compute_score(ws, year=year)
    try:
        coverage = compute_coverage(ws, year=year)
    except ValueError:
        coverage = None
    commitments = compute_commitments(ws, year=year, as_of=as_of) if ws.commitments else None
    rectify = compute_rectify(ws, year=year, as_of=as_of)
    surveys = compute_survey(ws, year=year)
    docs = sorted(
        (d for d in ws.publicity if d.model.period_value.year == year), key=lambda d: (d.model.period_value.last_day, d.model.id)
    )
    records = [record(ws, d, as_of) for d in docs]
    annual_named = {
        m for d in ws.honours if d.model.year == year for i in d.model.items if i.award.value == "annual" for m in i.members
    }
    disputed = {o.member for r in records if r.period == str(year) for o in r.objections if o.state == "pending"}

    common = {"lang": "zh-CN" if lang == "zh" else "en", "text": text, "workspace": ws.name, "year": year, "as_of": as_of}
    yield Page("style.css", env.get_template("site.css.j2").render())

    # ---------------------------------------------------------------- index
    order = ws.tree_order()
    depth = {o: len(ws.ancestors(o)) for o in order}
    own: dict[str, list[MemberScore]] = {}
    for m in score.members:
        own.setdefault(m.org, []).append(m)
    subtree_count: dict[str, int] = {o: len(own.get(o, [])) for o in order}
    for o in reversed(order):
        p = ws.orgs[o].parent
        if p in subtree_count and p != o:
            subtree_count[p] += subtree_count[o]
    cov_by_org = {c.id: c for c in coverage.by_org} if coverage else {}
    org_rows = [
        {
            "href": org_href(o),
            "name": ws.orgs[o].name,
            "id": o,
            "depth": depth[o],
            "type": label(ws.orgs[o].type.value, lang),
            "members": subtree_count[o],
            "coverage": pct(cov_by_org[o].measures.members.rate) if o in cov_by_org else "—",
            "top": sum(1 for m in own.get(o, []) if m.stars == ws.rules.max_stars),
        }
        for o in order
    ]
    figures = _figures(coverage, commitments, rectify, surveys, records)
    star_labels = [str(s) for s in sorted({b.stars for b in ws.rules.stars}, reverse=True)]
    charts = {
        "stars": bar_chart(
            [f"{s}★" for s in star_labels], [score.stars.get(s, 0) for s in star_labels], title=text["star_chart"]
        ),
        "grades": bar_chart(
            [label(g, lang) for g in score.grades] + [label("unrated", lang)],
            [*score.grades.values(), score.unrated],
            title=text["grade_chart"],
        ),
    }
    yield Page(
        "index.html",
        env.get_template("site_index.html.j2").render(
            **common, root="", crumbs=[], figures=figures, charts=charts, org_rows=org_rows, records=records
        ),
    )

    # ---------------------------------------------------------------- orgs
    problems_by_org: dict[str, list[Any]] = {}
    for item in rectify.items:
        targets = {s if s in ws.orgs else ws.members[s].org for s in item.subjects if s in ws.orgs or s in ws.members}
        for o in sorted(targets):
            problems_by_org.setdefault(o, []).append(item)
    commitments_by_org: dict[str, list[Any]] = {}
    for doc in ws.commitments:
        if doc.model.year != year:
            continue
        for c in doc.model.items:
            where = ws.org_of(c.owner)
            if where is not None:
                commitments_by_org.setdefault(where, []).append(c)
    surveys_by_org: dict[str, list[Any]] = {}
    for s in surveys.surveys:
        where = ws.org_of(s.subject)
        if where is not None:
            surveys_by_org.setdefault(where, []).append(s)
    org_template = env.get_template("site_org.html.j2")
    for o in order:
        org = ws.orgs[o]
        members = sorted(own.get(o, []), key=lambda m: (m.rank is None, m.rank or 0))
        covering = [r for r in records if r.org is None or r.org == o or r.org in ws.ancestors(o)]
        yield Page(
            org_href(o),
            org_template.render(
                **common,
                root="../",
                crumbs=_crumbs(ws, o, "../"),
                org=org,
                org_type=label(org.type.value, lang),
                secretary=ws.name_of(org.secretary) if org.secretary else None,
                children=[
                    {"href": "../" + org_href(c), "name": ws.orgs[c].name, "members": subtree_count.get(c, 0)}
                    for c in ws.children.get(o, [])
                ],
                members=[_member_row(ws, m, lang, annual_named, disputed) for m in members],
                chart=bar_chart(
                    [f"{s}★" for s in star_labels],
                    [sum(1 for m in members if m.stars == int(s)) for s in star_labels],
                    title=text["star_chart"],
                    width=300,
                    height=120,
                )
                if members
                else None,
                problems=[_problem_row(ws, p, lang) for p in problems_by_org.get(o, [])],
                commitments=[_commitment_row(ws, c, lang) for c in commitments_by_org.get(o, [])],
                surveys=[
                    {"name": s.name, "subject": s.subject_name, "date": s.date, "rate": pct(s.rate), "total": s.total}
                    for s in surveys_by_org.get(o, [])
                ],
                records=covering,
                coverage=cov_by_org.get(o),
                pct=pct,
            ),
        )

    # ---------------------------------------------------------------- members
    member_template = env.get_template("site_member.html.j2")
    items = ws.rules.items
    for m in score.members:
        yield Page(
            member_href(m.id),
            member_template.render(
                **common,
                root="../",
                crumbs=[*_crumbs(ws, m.org, "../"), {"href": None, "name": m.name}],
                m=_member_row(ws, m, lang, annual_named, disputed),
                card=_card(m, items, score.decimals),
                months=_months(m),
                chart=_month_chart(m, text["month_chart"]) if m.scored else None,
                items=items,
                org_href="../" + org_href(m.org),
                org_name=ws.name_of(m.org),
            ),
        )


def _figures(coverage: Any, commitments: Any, rectify: Any, surveys: Any, records: list[Any]) -> list[dict[str, str]]:
    out = []
    if coverage is not None:
        mm, oo = coverage.measures.members, coverage.measures.orgs
        out.append(
            {
                "label": t("coverage"),
                "value": pct(mm.rate),
                "detail": t(
                    "coverage_detail", reviewed=mm.reviewed, total=mm.total, orgs_reviewed=oo.reviewed, orgs_total=oo.total
                ),
            }
        )
    else:
        out.append({"label": t("coverage"), "value": "—", "detail": t("no_data")})
    if commitments is not None:
        done = commitments.orgs.all.done + commitments.members.all.done
        counted = (
            commitments.orgs.all.made
            - commitments.orgs.all.withdrawn
            + commitments.members.all.made
            - commitments.members.all.withdrawn
        )
        out.append(
            {
                "label": t("fulfilment"),
                "value": pct(Fraction(done, counted) if counted else None),
                "detail": t("fulfilment_detail", done=done, counted=counted),
            }
        )
    else:
        out.append({"label": t("fulfilment"), "value": "—", "detail": t("no_data")})
    tot = rectify.totals
    out.append(
        {
            "label": t("closure"),
            "value": pct(tot.rate),
            "detail": t("closure_detail", closed=tot.closed, problems=tot.problems, overdue=tot.overdue),
        }
    )
    positive = sum(s.positive for s in surveys.surveys)
    total = sum(s.total for s in surveys.surveys)
    out.append(
        {
            "label": t("satisfaction"),
            "value": pct(Fraction(positive, total) if total else None),
            "detail": t("satisfaction_detail", positive=positive, total=total),
        }
    )
    counts = {"total": 0, "pending": 0, "upheld": 0, "partly": 0, "rejected": 0, "late": 0, "overdue": 0}
    for r in records:
        for k, v in r.counts.items():
            counts[k] += v
    out.append(
        {"label": t("publicity"), "value": str(len(records)), "detail": t("publicity_detail", records=len(records), **counts)}
    )
    return out


def _crumbs(ws: Workspace, org: str, root: str) -> list[dict[str, str | None]]:
    return [{"href": root + org_href(o), "name": ws.orgs[o].name} for o in ws.org_path(org) if o in ws.orgs]


def _member_row(ws: Workspace, m: MemberScore, lang: str, annual: set[str], disputed: set[str]) -> dict[str, Any]:
    remark = []
    if m.rating is not None:
        remark.append(m.rating.reason)
    if m.id in disputed:
        remark.append(t("disputed"))
    return {
        "id": m.id,
        "name": m.name,
        "href": member_href(m.id),
        "status": label(m.status.value, lang),
        "total": "—" if m.total is None else f"{m.total:.{ws.rules.decimals}f}",
        "stars": "—" if m.stars is None else str(m.stars),
        "grade": label(m.grade.value if m.grade else "unrated", lang),
        "rank": "" if m.rank is None else f"{m.rank}/{m.ranked}",
        "annual_star": m.id in annual,
        "remark": "；".join(remark) if lang == "zh" else "; ".join(remark),
        "disputed": m.id in disputed,
    }


def _problem_row(ws: Workspace, p: Any, lang: str) -> dict[str, Any]:
    return {
        "round": p.round_name,
        "date": p.date,
        "subject": "、".join(p.subject_names),
        "problem": p.problem,
        "owner": p.owner_name or "",
        "due": p.due or "",
        "state": t(p.state.value) if p.state.value in ("closed", "open", "overdue") else p.state.value,
        "closed": p.closed or "",
    }


def _commitment_row(ws: Workspace, c: Any, lang: str) -> dict[str, Any]:
    return {"owner": ws.name_of(c.owner), "type": c.type.value, "text": c.text, "due": c.due or "", "status": c.status.value}


def _card(m: MemberScore, items: Iterable[Any], decimals: int) -> dict[str, Any] | None:
    if not m.scored or m.items is None:
        return None
    a, d, i = m.monthly or (), m.democratic_items or (), m.items_exact or ()
    rows = [
        {"name": item.name, "a": round_half_up(x, decimals), "d": round_half_up(y, decimals), "i": round_half_up(z, decimals)}
        for item, x, y, z in zip(items, a, d, i)
    ]
    adjustments = [
        {
            "text": f"{label(line.type.value, current_lang())} · {label(line.level.value, current_lang())}"
            + (f" · {line.note}" if line.note else ""),
            "points": round_half_up(line.signed, decimals),
            "counted": line.counted,
        }
        for line in m.adjustments
    ]
    return {
        "rows": rows,
        "base": m.base,
        "democratic": m.democratic,
        "adjustment": m.adjustment,
        "adjustments": adjustments,
        "total": m.total,
    }


def _months(m: MemberScore) -> list[dict[str, Any]]:
    out = []
    for ms in m.month_scores:
        values = ms.values
        out.append(
            {
                "month": ms.month,
                "scores": list(values) if values is not None else None,
                "points": exact_sum(values) if values is not None else None,
            }
        )
    return out


def _month_chart(m: MemberScore, title: str) -> Markup:
    labels = [ms.month[5:] for ms in m.month_scores]
    values = [Decimal(str(exact_sum(ms.values))) if ms.values is not None else Decimal(0) for ms in m.month_scores]
    return bar_chart(labels, values, width=480, height=150, title=title)


__all__ = ["Page", "bar_chart", "build_site", "member_href", "org_href"]
