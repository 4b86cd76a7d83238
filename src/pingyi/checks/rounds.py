"""Checks of review rounds and their reviews and problems (FORMAT §3)."""

from __future__ import annotations

from collections.abc import Iterator

from ..diagnostics import Diagnostic, Loc, Note, error, warning
from ..workspace import Workspace


def _unknown(ws: Workspace, id_: str) -> str:
    return f"`{id_}` is no org or member of this workspace"


def check_rounds(ws: Workspace) -> Iterator[Diagnostic]:
    first: dict[str, Loc] = {}
    for doc in ws.rounds:
        rnd = doc.model
        if rnd.id in first:
            yield error(
                "duplicate-round",
                f"round id `{rnd.id}` is used twice",
                doc.loc.at("id"),
                notes=[Note(first[rnd.id], "first used here")],
            )
        else:
            first[rnd.id] = doc.loc.at("id")
        if rnd.end < rnd.start:
            yield error("round-dates", f"the round ends ({rnd.end}) before it starts ({rnd.start})", doc.loc.at("end"))
        if rnd.scope is not None and rnd.scope not in ws.orgs:
            what = "a member, not an org" if rnd.scope in ws.members else "no org of this workspace"
            yield error("unknown-id", f"scope `{rnd.scope}` is {what}", doc.loc.at("scope"))


def check_reviews(ws: Workspace) -> Iterator[Diagnostic]:
    for doc in ws.rounds:
        rnd = doc.model
        for i, review in enumerate(rnd.reviews):
            loc = doc.loc.at("reviews", i)
            if review.reviewer is not None:
                if review.reviewer in ws.orgs:
                    yield error(
                        "unknown-reviewer",
                        f"reviewer `{review.reviewer}` is an org; a reviewer is a member "
                        "(or write `reviewer_name:` for someone outside the workspace)",
                        loc.at("reviewer"),
                    )
                elif review.reviewer not in ws.members:
                    yield error(
                        "unknown-reviewer",
                        f"reviewer {_unknown(ws, review.reviewer)}; for someone outside the workspace write `reviewer_name:`",
                        loc.at("reviewer"),
                    )
            scalar = len(review.subjects) == 1
            for j, subject in enumerate(review.subjects):
                sloc = loc.at("subject") if scalar else loc.at("subject", j)
                if not ws.exists(subject):
                    yield error("unknown-subject", f"subject {_unknown(ws, subject)}", sloc)
                elif subject == review.reviewer:
                    yield error(
                        "self-review",
                        f"`{subject}` reviews themself; 相互点评 is written as two reviews, one each way",
                        sloc,
                    )
            if not rnd.start <= review.date <= rnd.end:
                yield error(
                    "date-outside-round",
                    f"review date {review.date} is outside round `{rnd.id}` ({rnd.start} – {rnd.end})",
                    loc.at("date"),
                )
            for k, problem in enumerate(review.problems):
                ploc = loc.at("problems", k)
                if problem.owner is not None and problem.owner not in ws.members:
                    what = "an org; the owner (责任人) is a member" if problem.owner in ws.orgs else "no member of this workspace"
                    yield error("unknown-owner", f"owner `{problem.owner}` is {what}", ploc.at("owner"))
                if problem.closed is not None and problem.closed < review.date:
                    yield error(
                        "closed-before-review",
                        f"closed {problem.closed} is before the review that raised the problem ({review.date})",
                        ploc.at("closed"),
                    )
                if problem.due is not None and problem.due < review.date:
                    yield warning(
                        "due-before-review",
                        f"due {problem.due} is before the review that raised the problem ({review.date})",
                        ploc.at("due"),
                    )
                missing = [k for k in ("measure", "owner", "due") if getattr(problem, k) is None]
                if missing:
                    yield warning(
                        "incomplete-rectification",
                        "the rectification (整改) has no " + ", no ".join(f"`{m}`" for m in missing)
                        + "; a rectification needs a measure, an owner and a deadline",
                        ploc,
                    )


CHECKS = [check_rounds, check_reviews]
