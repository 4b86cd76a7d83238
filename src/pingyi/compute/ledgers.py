"""The rows of every ledger of the workbook (台账, FORMAT §12), computed once from the
results the report commands use, so that the workbook shows what ``pingyi coverage``,
``rectify``, ``commitments``, ``score``, ``explain``, ``honours``, ``survey`` and
``appraisal`` show.

:func:`compute_ledgers` runs those computations for one selection (year, ``--org``,
``--round``, as-of date) and turns their results into the plain rows of
:mod:`pingyi.ledgers` (text, numbers, dates and codes) that the writer
(:mod:`pingyi.render.xlsx`) translates and lays out. The writer takes nothing else.

Scope rules are those of the report commands: a review stands in ``--org``'s subtree
when one of its subjects or one of its problems' owners does (as a problem does in
:func:`~pingyi.compute.rectify.compute_rectify`), a commitment where its owner org, or
its owner's org, stands (as in :func:`~pingyi.compute.commitments.compute_commitments`).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..ledgers import (
    MEASURES,
    AppraisalMemberRow,
    AppraisalOrgRow,
    Card,
    CommitmentRow,
    Counted,
    Honours,
    Ledgers,
    LedgersBySheet,
    MissingRow,
    OrgRow,
    PointsRow,
    QuarterBlock,
    RectifyRow,
    ReviewProblem,
    ReviewRow,
    ScoreTemplate,
    StarRow,
    SurveyRow,
    TemplateRow,
)
from ..model.appraisal import VOTE_GRADES
from ..selection import Selection, resolve_org, year_of
from ..speed import bulk
from ..workspace import Doc, Workspace
from .appraisal import AppraisalReport, compute_appraisal
from .commitments import Tally, compute_commitments, is_overdue
from .coverage import compute_coverage, select_rounds
from .rectify import State, _touched, compute_rectify, state_at
from .score import MemberScore, ScoreReport, Scoring, compute_score
from .survey import compute_survey

try:  # honours are optional: their sheets are left out when the module is absent
    from .honours import AnnualStars, QuarterStars, compute_annual, compute_honours, quarter_orgs, quarter_stars
except ImportError:  # pragma: no cover
    compute_honours = None  # type: ignore[assignment]

# ----------------------------------------------------------------------------- computing


def compute_ledgers(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    rounds: Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> Ledgers:
    """Run every computation the workbook shows and make its rows. Raises
    :class:`~pingyi.compute.coverage.SelectionError` for an unknown round or org.

    The cyclic garbage collector is off meanwhile (:func:`pingyi.speed.bulk`): the rows
    are made to last, and the collector would only walk them again and again."""
    with bulk():
        parts = _Parts(ws, year=year, org=org, rounds=rounds, as_of=as_of)
        fields: dict[str, Any] = dict(parts.head)
        for _, make in parts.sections():
            fields.update(make())
        return Ledgers(**fields)


def ledgers_by_sheet(
    ws: Workspace,
    *,
    year: int | None = None,
    org: str | None = None,
    rounds: Sequence[str] | None = None,
    as_of: dt.date | None = None,
) -> LedgersBySheet:
    """The rows of :func:`compute_ledgers`, each part computed when the writer first reads
    it and let go once its sheets are written (:class:`~pingyi.ledgers.LedgersBySheet`):
    the reviews, coverage and rectification from the rounds, then the commitments, the
    points and cards, the surveys, the stars and the appraisal, so that a county's export
    never holds them all at once, nor what they are computed from. Raises
    :class:`~pingyi.compute.coverage.SelectionError` for an unknown round at once, before
    anything is written."""
    parts = _Parts(ws, year=year, org=org, rounds=rounds, as_of=as_of, by_sheet=True)
    return LedgersBySheet(parts.head, parts.sections(), size=parts.size())


def _peeking(ws: Workspace, kind: str) -> Workspace:
    """A shallow copy of ``ws`` whose documents of ``kind`` (``rounds``, ``commitments``,
    ``surveys``) are decoded for the copy alone (:meth:`~pingyi.workspace.Doc.peek`): what is computed
    from them reads them as usual, and once the copy is let go nothing of them stays in
    ``ws`` (a county's rounds and commitments take 35 MB decoded, 9 MB encoded)."""
    view = copy.copy(ws)
    setattr(view, kind, [Doc(d.loc, d.peek()) for d in getattr(ws, kind)])
    return view


def _forget_scores(ws: Workspace) -> None:
    """Let the workspace forget its members' scores, keeping the index of the year's
    points they are computed from (what a county's quarter stars read): each kept
    :class:`~pingyi.compute.score.Scoring` is replaced by a new one over the same index,
    as a served index is put in place. The sheets after the stars read no member's score,
    and twenty thousand of them take 20 MB; asked for again, they are computed again."""
    for key, found in list(ws.scorings.items()):
        if isinstance(found, Scoring):
            ws.scorings[key] = Scoring(found.ws, found.period, found.index)


class _Parts:
    """The parts of the ledgers of one selection, each made by a function of its own
    (:meth:`sections`), in the order the workbook shows them."""

    def __init__(
        self,
        ws: Workspace,
        *,
        year: int | None,
        org: str | None,
        rounds: Sequence[str] | None,
        as_of: dt.date | None,
        by_sheet: bool = False,
    ) -> None:
        self.ws = ws
        #: rows made as they are read where they are many (the quarter stars' blocks)
        self.by_sheet = by_sheet
        self.year = year_of(ws, year)
        self.day = as_of or ws.today
        self.org = org
        self.round_ids = list(rounds) if rounds else None
        #: the rounds, decoded for the reviews' part alone (an unknown round is found now)
        self._rounds: Workspace | None = _peeking(ws, "rounds")
        if self.round_ids:
            select_rounds(self._rounds, year=self.year, rounds=self.round_ids)
        #: the score report, from the points' part until the stars are made of it
        self._score: ScoreReport | None = None
        scope_name = ws.orgs[org].name if org is not None and org in ws.orgs else None
        self.head = {
            "workspace": ws.name,
            "title_name": scope_name or ws.name,
            "year": self.year,
            "as_of": self.day,
            "scope_name": scope_name,
        }

    def sections(self) -> list[tuple[tuple[str, ...], Callable[[], dict[str, Any]]]]:
        """(the fields of :class:`Ledgers` a part gives, the function making them)."""
        return [
            (("round_names", "reviews", "coverage_rounds", "coverage", "missing", "rectify"), self.reviews),
            (("commitments", "commitments_rates", "commitments_overdue", "fulfilment"), self.commitments),
            (("items", "weights", "decimals", "points", "cards", "stars", "unrated"), self.points),
            (("surveys",), self.surveys),
            (("honours",), self.honours),
            (("appraisal",), self.appraisal),
        ]

    def size(self) -> int:
        """:attr:`Ledgers.size` foreseen before the rows are made: the reviews and their
        problems counted in the rounds, the members of the scope twice (points and
        cards); the commitments are not counted."""
        assert self._rounds is not None
        reviews = problems = 0
        for d in self._rounds.rounds:
            for review in d.model.reviews:
                reviews += 1
                problems += len(review.problems)
        ws = self.ws
        members = len(ws.members) if self.org is None else sum(len(ws.orgs[o].members) for o in ws.subtree(self.org))
        return 2 * (reviews + problems + 2 * members + 10)

    def reviews(self) -> dict[str, Any]:
        ws, y, day, org, round_ids = self._rounds, self.year, self.day, self.org, self.round_ids
        assert ws is not None  # the reviews' part is made once
        self._rounds = None
        coverage = compute_coverage(ws, year=y, rounds=round_ids, org=org)
        rectify = compute_rectify(ws, year=y, as_of=day, rounds=round_ids, org=org)
        reviews = review_rows(ws, year=y, rounds=round_ids, org=org, as_of=day)
        names = {d.model.id: d.model.name for d in ws.rounds}
        if round_ids:
            shown_rounds = tuple(names.get(r, r) for r in round_ids)
        else:
            shown_rounds = tuple(dict.fromkeys(r.round_name for r in reviews))
        return {
            "round_names": shown_rounds,
            "reviews": reviews,
            "coverage_rounds": tuple(names.get(r, r) for r in coverage.rounds),
            "coverage": _coverage_rows(coverage),
            "missing": tuple(
                MissingRow(code, missed.id, missed.name, tuple(ws.name_of(o) for o in missed.orgs))
                for code in MEASURES
                for missed in getattr(coverage.measures, code).missing
            ),
            "rectify": tuple(
                RectifyRow(
                    r.round_name,
                    r.date,
                    r.reviewer_name,
                    r.subject_names,
                    r.problem,
                    r.measure,
                    r.owner_name,
                    r.due,
                    r.closed if r.state is State.CLOSED else None,
                    r.state.value,
                    r.days_overdue,
                    r.evidence,
                )
                for r in rectify.items
            ),
        }

    def commitments(self) -> dict[str, Any]:
        ws, y, day, org = _peeking(self.ws, "commitments"), self.year, self.day, self.org
        # the selection made here: the commitments read no rounds, which ``select`` would decode
        sel = Selection(year=y, as_of=day, rounds=(), org=resolve_org(ws, org))
        commitments = compute_commitments(ws, sel)
        return {
            "commitments": commitment_rows(ws, year=y, org=org, as_of=day),
            "commitments_rates": (_counted(commitments.orgs.all), _counted(commitments.members.all)),
            "commitments_overdue": len(commitments.overdue),
            "fulfilment": _fulfilment_rows(commitments),
        }

    def points(self) -> dict[str, Any]:
        ws = self.ws
        score = self._score = compute_score(ws, year=self.year, org=self.org)
        points = tuple(_points_row(ws, m) for m in score.members)
        return {
            "items": tuple(i.name for i in score.items),
            "weights": score.weights,
            "decimals": score.decimals,
            "points": points,
            "cards": _Cards(ws, score.members, points, score.weights) if _any_scores(score.members) else (),
            "stars": tuple(sorted(((int(k), v) for k, v in score.stars.items()), reverse=True)),
            "unrated": score.unrated,
        }

    def surveys(self) -> dict[str, Any]:
        return {"surveys": _survey_rows(compute_survey(_peeking(self.ws, "surveys"), year=self.year, org=self.org))}

    def honours(self) -> dict[str, Any]:
        # the annual star ranks the whole workspace: the score report already made serves when it is the whole one
        whole = self._score if self.org is None else None
        self._score = None
        if compute_honours is None:  # pragma: no cover
            return {"honours": None}
        ws, year = self.ws, self.year
        if not self.by_sheet:
            report = compute_honours(ws, year=year, org=self.org, report=whole)
            return {"honours": _honours(ws, report.annual, tuple(_blocks(report.quarters)))}
        # the quarter blocks made as the sheet reads them, the annual star's rows at once
        blocks = _QuarterBlocks(ws, year, quarter_orgs(ws, year, resolve_org(ws, self.org)))
        honours = _honours(ws, compute_annual(ws, year, whole), blocks)
        del whole
        _forget_scores(ws)
        return {"honours": honours}

    def appraisal(self) -> dict[str, Any]:
        return {"appraisal": _appraisal_rows(compute_appraisal(self.ws, year=self.year, org=self.org))}


def review_rows(
    ws: Workspace, *, year: int, rounds: Sequence[str] | None, org: str | None, as_of: dt.date
) -> tuple[ReviewRow, ...]:
    """The reviews of the ledger: every review of the given rounds, else every review
    dated in the year (as the rectification ledger selects its problems); with ``org``,
    those whose subjects or problem owners stand in that org's subtree. Ordered by date,
    then round."""
    docs = (
        [d.model for d in select_rounds(ws, year=year, rounds=list(rounds))]
        if rounds
        else sorted((d.model for d in ws.rounds), key=lambda r: (r.start, r.id))
    )
    out: list[tuple[dt.date, str, ReviewRow]] = []
    for rnd in docs:
        for review in rnd.reviews:
            if not rounds and review.date.year != year:
                continue
            if org is not None:
                touched = _touched(ws, review.subjects, None)
                for p in review.problems:
                    touched |= _touched(ws, (), p.owner)
                if org not in touched:
                    continue
            problems = tuple(
                ReviewProblem(
                    p.problem, p.measure, ws.name_of(p.owner) if p.owner else None, p.due, state_at(p.closed, p.due, as_of).value
                )
                for p in review.problems
            )
            reviewer = ws.name_of(review.reviewer) if review.reviewer else (review.reviewer_name or "")
            row = ReviewRow(
                rnd.name,
                reviewer,
                tuple(ws.name_of(s) for s in review.subjects),
                review.date,
                review.mode.value if review.mode else None,
                review.content,
                problems,
            )
            out.append((review.date, rnd.id, row))
    out.sort(key=lambda t: (t[0], t[1]))
    return tuple(row for _, _, row in out)


def commitment_rows(ws: Workspace, *, year: int, org: str | None, as_of: dt.date) -> tuple[CommitmentRow, ...]:
    """The year's commitments standing in ``org``'s subtree (an org-owned one in its owner,
    a member-owned one in the member's org), in the order written."""
    scope = set(ws.subtree(org)) if org is not None else None
    out: list[CommitmentRow] = []
    for doc in ws.commitments:
        if doc.model.year != year:
            continue
        for c in doc.model.items:
            where = c.owner if c.owner in ws.orgs else ws.members[c.owner].org if c.owner in ws.members else None
            if where is None or (scope is not None and where not in scope):
                continue
            out.append(
                CommitmentRow(
                    c.id,
                    ws.name_of(c.owner),
                    ws.name_of(where),
                    c.type.value,
                    c.text,
                    c.made,
                    c.due,
                    c.status.value,
                    is_overdue(c, as_of),
                    c.done,
                    c.evidence,
                )
            )
    return tuple(out)


def _counted(t: Tally) -> Counted:
    return Counted((t.made, t.withdrawn, t.done), t.rate)


def _coverage_rows(coverage) -> tuple[OrgRow, ...]:
    def counts(measures) -> tuple[Counted, ...]:
        return tuple(Counted((m.reviewed, m.total), m.rate) for m in (getattr(measures, code) for code in MEASURES))

    rows: list[OrgRow] = []
    # the scope's own row is its total; with several roots, a row adds them up first
    if coverage.scope is None or not coverage.by_org or coverage.by_org[0].id != coverage.scope:
        rows.append(
            OrgRow(
                coverage.scope or "",
                coverage.name if coverage.scope is not None else "",
                -1,
                counts(coverage.measures),
                total=True,
            )
        )
    for oc in coverage.by_org:
        rows.append(OrgRow(oc.id, oc.name, oc.depth, counts(oc.measures), total=oc.id == coverage.scope))
    return tuple(rows)


def _fulfilment_rows(report) -> tuple[OrgRow, ...]:
    tops = [oc for oc in report.by_org if oc.depth == 0]
    rows: list[OrgRow] = []
    if len(tops) != 1:
        rows.append(OrgRow("", "", -1, (_counted(report.orgs.all), _counted(report.members.all)), total=True))
    for oc in report.by_org:
        top = oc.depth == 0 and len(tops) == 1
        rows.append(OrgRow(oc.id, oc.name, oc.depth, (_counted(oc.orgs.all), _counted(oc.members.all)), total=top))
    return tuple(rows)


def _survey_rows(report) -> tuple[SurveyRow, ...]:
    rows = [
        SurveyRow(s.id, s.name, s.subject_name, s.date, tuple(s.counts), s.total, s.positive, s.rate, s.suggestions)
        for s in report.surveys
    ]
    if len(report.surveys) > 1:
        for sub in report.by_subject:
            if len(sub.surveys) >= 2:
                rows.append(
                    SurveyRow(sub.subject, sub.name, sub.name, None, (), sub.total, sub.positive, sub.rate, None, subtotal=True)
                )
    return tuple(rows)


def _any_scores(members: Sequence[MemberScore]) -> bool:
    return any(m.scored and m.months for m in members)


def _points_row(ws: Workspace, m: MemberScore) -> PointsRow:
    unrated = None
    if m.stars is None:
        unrated = "unrated" if not m.scored else "score_not_graded"
    return PointsRow(
        org_name=ws.name_of(m.org),
        id=m.id,
        name=m.name,
        status=m.status.value,
        months=m.months if m.scored else None,
        rounded=m.rounded if m.inputs is not None else None,
        decimals=m.inputs[0].decimals if m.inputs is not None else 0,
        stars=m.stars,
        unrated=unrated,
        grade=m.grade.value if m.grade is not None else None,
        rank=m.rank,
        ranked=m.ranked,
        rated=(m.computed_stars, m.rating.reason) if m.rating is not None else None,
    )


class _Cards(Sequence[Card]):
    """The score cards of the scored members, each made when it is read (a county's
    twenty thousand cards, twelve months each, are never all held at once: the writer
    lays out one card after the other)."""

    def __init__(
        self, ws: Workspace, members: Sequence[MemberScore], points: Sequence[PointsRow], weights: tuple[Fraction, Fraction]
    ) -> None:
        self._ws = ws
        self._weights = weights
        self._scored = [(m, row) for m, row in zip(members, points) if m.scored]
        self._names: dict[str, str] = {}  # org → its name

    def __len__(self) -> int:
        return len(self._scored)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return tuple(self._card(m, row) for m, row in self._scored[index])
        m, row = self._scored[index]
        return self._card(m, row)

    def __iter__(self) -> Iterator[Card]:
        card = self._card
        for m, row in self._scored:
            yield card(m, row)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_Cards, tuple, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<{len(self)} score cards>"

    def _card(self, m: MemberScore, row: PointsRow) -> Card:
        """The member's card, from the integers their points come from: the months read
        from the year's grid of monthly scores (the numbers the points were computed from,
        as integers over a power of ten), the parts of the total from the points' exact
        numerators and denominators; no fraction is made."""
        month_card = m.card
        grid = month_card.grid
        through = month_card.through
        year = month_card.year
        names = [f"{year}-{mon:02d}" for mon in range(1, through + 1)]
        scores: list[tuple[int, ...] | None] = [None] * through
        scored_by: list[str | None] = [None] * through
        scale = 0
        if grid is not None:
            scale = grid.scale
            p = grid.positions.get(m.id)
            if p is not None:
                size, n, cells, docs = grid.size, grid.items, grid.cells, grid.docs
                for k, source in enumerate(grid.sources[p : through * size : size]):
                    if source < 0:
                        continue
                    at = (k * size + p) * n
                    scores[k] = tuple(cells[at : at + n])
                    org = docs[source].model.org
                    if org != m.org:
                        name = self._names.get(org)
                        if name is None:
                            name = self._names[org] = self._ws.name_of(org)
                        scored_by[k] = name
        points = m.points
        if points is None:  # pragma: no cover - a scored member has points
            nothing: tuple[int, ...] | None = None
            return Card(
                row.org_name, m.id, m.name, m.status.value, tuple(names), tuple(scores), scale, tuple(scored_by),
                nothing, 1, m.divisor, nothing, 1, nothing, 1, nothing, 1, self._weights, row,
            )  # fmt: skip
        return Card(
            org_name=row.org_name,
            id=m.id,
            name=m.name,
            status=m.status.value,
            month_names=tuple(names),
            scores=tuple(scores),
            scale=scale,
            scored_by=tuple(scored_by),
            sum_nums=points.sum_nums,
            sum_den=points.sum_den,
            divisor=points.divisor,
            monthly_nums=points.monthly_nums if points.divisor else None,
            monthly_den=points.monthly_den,
            democratic_nums=points.democratic_nums,
            democratic_den=points.democratic_den,
            item_nums=points.item_nums,
            item_den=points.den,
            weights=self._weights,
            summary=row,
        )


def _honours(ws: Workspace, annual: AnnualStars, quarters: Sequence[QuarterBlock]) -> Honours:
    """The rows of the stars: the quarter blocks (:func:`_blocks`) and the annual star's."""
    return Honours(
        quarter_share=Fraction(ws.rules.quarter_star.share),
        min_members=ws.rules.quarter_star.min_members,
        quarters=quarters,
        top_stars=annual.top_stars,
        k=annual.k,
        quota=annual.quota,
        annual=tuple(
            StarRow(c.rank, c.id, c.name, ws.name_of(c.org), c.points, None, c.stars, c.named) for c in annual.candidates
        ),
    )


def _blocks(quarters: Iterable[QuarterStars]) -> Iterator[QuarterBlock]:
    """The blocks of the 季度之星 sheet: each org's quarter with a star to give (a quota
    and a quarter scored) or a star named, the named first."""
    for q in quarters:
        if (q.quota == 0 or not any(c.months for c in q.candidates)) and not q.named:
            continue  # no star to give: too few members, or the quarter not scored (yet)
        rows = [StarRow(c.rank, c.id, c.name, q.org_name, c.points, c.months, c.stars, c.named) for c in q.candidates]
        yield QuarterBlock(
            q.quarter, q.org_name, q.n, q.quota, tuple(r for r in rows if r.named), tuple(r for r in rows if not r.named)
        )


class _QuarterBlocks(Sequence[QuarterBlock]):
    """The quarter blocks of the year, each computed when it is read (a county's 76,000
    candidate rows, quarter by quarter and org by org, are never all held at once: the
    writer lays out one block after the other)."""

    def __init__(self, ws: Workspace, year: int, orgs: Sequence[str]) -> None:
        self._ws = ws
        self._year = year
        self._orgs = orgs

    def __iter__(self) -> Iterator[QuarterBlock]:
        return _blocks(quarter_stars(self._ws, self._year, (1, 2, 3, 4), self._orgs))

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def __bool__(self) -> bool:
        return next(iter(self), None) is not None

    def __getitem__(self, index):
        return tuple(self)[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (_QuarterBlocks, tuple, list)):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"<_QuarterBlocks {self._year}>"


def _appraisal_rows(report: AppraisalReport) -> tuple[AppraisalOrgRow, ...]:
    return tuple(
        AppraisalOrgRow(
            o.id,
            o.name,
            o.full_members,
            o.participants,
            o.share,
            o.excellent_quota,
            o.grades,
            tuple(
                AppraisalMemberRow(
                    m.id,
                    m.name,
                    None if m.votes is None else tuple(m.votes.of(g) for g in VOTE_GRADES),
                    None if m.shares is None else tuple(m.shares[g] for g in VOTE_GRADES),
                    None if m.top is None else m.top.value,
                    None if m.grade is None else m.grade.value,
                    m.reason,
                    m.flags,
                )
                for m in o.members
            ),
        )
        for o in report.orgs
    )


# ----------------------------------------------------------------------------- the score template


def score_template(ws: Workspace, org: str, month: str) -> ScoreTemplate:
    """The template of ``org`` (an org id of the workspace) for ``month``: its own scored
    members (active, flowing, probationary) in roster order, then anyone else the month's
    document already lists for the org (a member transferred meanwhile)."""
    existing = {member: values for member, (_, _, values) in recorded_scores(ws, org, month).items()}
    rows: list[TemplateRow] = []
    listed: set[str] = set()
    for m in ws.members_of(org, recursive=False):
        if not m.scored:
            continue
        rows.append(TemplateRow(m.id, m.name, existing.get(m.id)))
        listed.add(m.id)
    for member, values in existing.items():
        if member not in listed and member in ws.members and ws.members[member].scored:
            rows.append(TemplateRow(member, ws.members[member].name, values))
    rules = ws.rules
    return ScoreTemplate(
        workspace=ws.name,
        org=org,
        org_name=ws.orgs[org].name,
        month=month,
        items=tuple((i.id, i.name) for i in rules.items),
        item_max=rules.item_max,
        rows=tuple(rows),
    )


def recorded_scores(ws: Workspace, org: str, month: str) -> dict[str, tuple[str, int, tuple[Decimal, ...]]]:
    """member → (file, document index, values) of the org-month's documents (the first
    document naming a member counts, as in the score computation): what the score
    template prefills and what ``pingyi import scores`` compares with."""
    out: dict[str, tuple[str, int, tuple[Decimal, ...]]] = {}
    for d in ws.scores:
        if d.model.org == org and d.model.month == month:
            for member, values in d.model.scores.items():
                out.setdefault(member, (d.loc.file, d.loc.doc, tuple(Decimal(v) for v in values)))
    return out


__all__ = ["commitment_rows", "compute_ledgers", "ledgers_by_sheet", "recorded_scores", "review_rows", "score_template"]
