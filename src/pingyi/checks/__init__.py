"""Cross-reference checks: plain functions from a :class:`~pingyi.workspace.Workspace` to
diagnostics, in two lists as beancount keeps its basic and hardcore validations:

* :data:`CHECKS` look at the indexed workspace alone;
* :data:`YEAR_END_CHECKS` need the year's computed points (missing months, evaluations,
  exempt members without a rating, democratic blanks, the honours quotas) and run after.

:func:`run_checks` runs both. Checks may import the model, the workspace,
:mod:`pingyi.diagnostics`, the names of :mod:`pingyi.messages` and :mod:`pingyi.compute`
(the year-end ones do; compute never imports checks); never :mod:`pingyi.render` or
:mod:`pingyi.cli`. A check writes no sentence: it returns ``error(code, loc, **values)``
and the template in :mod:`pingyi.messages` words it (``tests/test_layers.py``).

Each check declares what it reads (:data:`READS`: kinds of documents, ``orgs`` for the
org tree and its members), so that after an edit only the checks that read an edited kind
run again and the others' diagnostics come from the cache (:mod:`pingyi.incremental`). A
check not declared there reads everything; a check that reads more than it declares would
be served stale results, which the property test of incremental against full runs is
there to catch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from ..diagnostics import Diagnostic
from ..model import READ_KINDS
from ..workspace import Workspace
from . import appraisal, commitments, honours, points, rounds, surveys, tree

Check = Callable[[Workspace], Iterable[Diagnostic]]

#: What a check reads of the scores documents when it reads their shape alone: the
#: places, months, orgs and members scored, not the numbers (a kind of :data:`READS`).
SCORES_SHAPE = "scores-shape"

CHECKS: list[Check] = [*tree.CHECKS, *rounds.CHECKS, *commitments.CHECKS, *points.CHECKS, *surveys.CHECKS, *appraisal.CHECKS]

#: Checks that need computed results; run after :data:`CHECKS`.
YEAR_END_CHECKS: list[Check] = [*points.YEAR_END_CHECKS, *honours.YEAR_END_CHECKS]

from . import publicity  # noqa: E402  (公示 records; after the points checks)

CHECKS += publicity.CHECKS

#: What each check reads of the workspace besides the configuration and the rules: the
#: kinds of documents (named as :data:`KINDS` names them), or their shape alone
#: (:data:`SCORES_SHAPE`). Absent: everything.
READS: dict[Check, frozenset[str]] = {
    **dict.fromkeys(tree.CHECKS, frozenset({"orgs"})),
    **dict.fromkeys(rounds.CHECKS, frozenset({"orgs", "rounds"})),
    **dict.fromkeys(commitments.CHECKS, frozenset({"orgs", "commitments"})),
    points.check_scores: frozenset({"orgs", "scores"}),
    points.check_evaluations: frozenset({"orgs", "evaluations"}),
    points.check_adjustments: frozenset({"orgs", "adjustments"}),
    points.check_ratings: frozenset({"orgs", "ratings"}),
    **dict.fromkeys(surveys.CHECKS, frozenset({"orgs", "surveys"})),
    **dict.fromkeys(appraisal.CHECKS, frozenset({"orgs", "appraisals"})),
    publicity.check_publicity: frozenset({"orgs", "publicity"}),
    # the months and orgs of the scores documents and where they stand, not their numbers
    publicity.check_published: frozenset({"orgs", "publicity", SCORES_SHAPE}),
    # the year's points: an edited round, commitment or survey leaves them as they were
    **dict.fromkeys(YEAR_END_CHECKS, frozenset({"orgs", "scores", "evaluations", "adjustments", "ratings", "honours"})),
    # the year-end warnings read which months of whom are scored, and by which org, not
    # the numbers (the missing months, the evaluations, the ratings, the blanks)
    points.check_year_end: frozenset({"orgs", SCORES_SHAPE, "evaluations", "adjustments", "ratings"}),
    # the 季度之星: the tree, the honours, and which org scored whom in which month
    honours.check_quarter_stars: frozenset({"orgs", "honours", SCORES_SHAPE}),
}


#: The kind of each type of document, as :data:`READS` names it (a type not here is of
#: the kind ``other``, read only by the checks that read everything).
KINDS: dict[type, str] = dict(READ_KINDS)


def name_of(check: Check) -> str:
    """A check's name, stable from one run to the next."""
    return f"{getattr(check, '__module__', '?')}.{getattr(check, '__qualname__', repr(check))}"


def run_checks(ws: Workspace, checks: Iterable[Check] | None = None) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    for check in [*CHECKS, *YEAR_END_CHECKS] if checks is None else checks:
        out.extend(check(ws))
    return out
