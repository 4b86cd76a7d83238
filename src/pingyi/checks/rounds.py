"""Checks of review rounds and their reviews and problems (FORMAT §3)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Term, error, note, warning
from ..messages.references import FIELD_NAMES
from ..workspace import Workspace
from .common import seen_before


def check_rounds(ws: Workspace) -> Iterator[Diagnostic]:
    first: dict[str, Loc] = {}
    for doc in ws.rounds:
        rnd = doc.peek()
        if (earlier := seen_before(first, rnd.id, doc.loc.at("id"))) is not None:
            yield error("duplicate-round", doc.loc.at("id"), id=rnd.id, notes=[note(earlier, "first-used-here")])
        if rnd.end < rnd.start:
            yield error("round-dates", doc.loc.at("end"), end=rnd.end, start=rnd.start)
        if rnd.scope is not None and rnd.scope not in ws.orgs:
            which = "scope-is-member" if rnd.scope in ws.members else "unknown-scope"
            yield error("unknown-id", doc.loc.at("scope"), key=which, id=rnd.scope)


def check_reviews(ws: Workspace) -> Iterator[Diagnostic]:
    for doc in ws.rounds:
        rnd = doc.peek()
        for i, review in enumerate(rnd.reviews):
            loc = doc.loc.at("reviews", i)
            if review.reviewer is not None:
                if review.reviewer in ws.orgs:
                    yield error("unknown-reviewer", loc.at("reviewer"), key="reviewer-is-org", id=review.reviewer)
                elif review.reviewer not in ws.members:
                    yield error("unknown-reviewer", loc.at("reviewer"), id=review.reviewer)
            scalar = len(review.subjects) == 1
            for j, subject in enumerate(review.subjects):
                sloc = loc.at("subject") if scalar else loc.at("subject", j)
                if not ws.exists(subject):
                    yield error("unknown-subject", sloc, key="unknown-review-subject", id=subject)
                elif subject == review.reviewer:
                    yield error("self-review", sloc, id=subject)
            if not rnd.start <= review.date <= rnd.end:
                yield error("date-outside-round", loc.at("date"), date=review.date, round=rnd.id, start=rnd.start, end=rnd.end)
            for k, problem in enumerate(review.problems):
                ploc = loc.at("problems", k)
                if problem.owner is not None and problem.owner not in ws.members:
                    which = "owner-is-org" if problem.owner in ws.orgs else "unknown-problem-owner"
                    yield error("unknown-owner", ploc.at("owner"), key=which, id=problem.owner)
                if problem.closed is not None and problem.closed < review.date:
                    yield error("closed-before-review", ploc.at("closed"), closed=problem.closed, date=review.date)
                if problem.due is not None and problem.due < review.date:
                    yield warning("due-before-review", ploc.at("due"), due=problem.due, date=review.date)
                missing = [Term(FIELD_NAMES[k]) for k in ("measure", "owner", "due") if getattr(problem, k) is None]
                if missing:
                    yield warning("incomplete-rectification", ploc, missing=missing)


CHECKS = [check_rounds, check_reviews]
