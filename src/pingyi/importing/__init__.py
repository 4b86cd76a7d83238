"""Monthly scores entered through Excel (``pingyi import scores``), in three steps:

- :mod:`.read` (io): :func:`read_template` reads a filled-in score template (see
  :mod:`pingyi.render.xlsx.template`) safely;
- :mod:`.plan` (pure): :func:`plan_import` checks every cell against the workspace and
  compares it with what the workspace already records, giving an :class:`ImportPlan`
  whose ``problems`` are diagnostics located at their cell (``积分录入!C7``);
- :mod:`.apply` (io): :func:`apply_plan` writes the plan, each file atomically and
  checked before it is written.

The Python API::

    import pingyi
    from pingyi.importing import read_template, plan_import, apply_plan
    ws = pingyi.load(".").workspace
    plan = plan_import(ws, read_template(Path("yz1-2024-03.xlsx")))
    if not plan.problems and not plan.changes:   # changing recorded scores deserves a look
        apply_plan(ws, plan)

This package may import :mod:`pingyi.io`, :mod:`pingyi.diagnostics`, the workspace, the
loader, the template's own constants (:mod:`pingyi.render.xlsx.template`) and the scores
already recorded (:func:`pingyi.compute.ledgers.recorded_scores`); nothing from the
command line.
"""

from __future__ import annotations

from ..io.xlsx_read import WorkbookError
from .apply import ImportFailed, Rendered, Written, apply_plan, remove_leftovers, render_plan, schema_reference
from .plan import Change, ImportPlan, new_file_name, plan_import, recorded_scores, score_value
from .read import META_SHEET, TEMPLATE_FORMAT, TemplateContent, read_template

__all__ = [
    "META_SHEET",
    "TEMPLATE_FORMAT",
    "Change",
    "ImportFailed",
    "ImportPlan",
    "Rendered",
    "TemplateContent",
    "WorkbookError",
    "Written",
    "apply_plan",
    "new_file_name",
    "plan_import",
    "read_template",
    "recorded_scores",
    "remove_leftovers",
    "render_plan",
    "schema_reference",
    "score_value",
]
