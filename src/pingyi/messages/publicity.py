"""Templates of the 公示 and objection diagnostics (FORMAT §13)."""

from __future__ import annotations

from ..i18n import N_

MESSAGES = {
    "publicity-dates": N_("the public notice period ends ({end}) before it starts ({start}); check `start` and `end`"),
    "publicity-duplicate-id": N_("public notice id `{id}` is used twice; give each public notice record its own id"),
    "publicity-first-used": N_("first used here"),
    "publicity-unknown-org": N_("`{org}` is no org of this workspace; write the id of the org whose results were published"),
    "publicity-org-is-member": N_("`{org}` is a member, not an org; `org` names the org whose results were published"),
    "objection-unknown-member": N_("objection about `{member}`, who is no member of this workspace; write the member's id"),
    "objection-unknown-by": N_("`by: {by}` is no member of this workspace; for someone outside it write `by_name:` instead"),
    "objection-unknown-item": N_("`{item}` is no item of the rules; the items are {items}: write one of them"),
    "objection-month-outside": N_(
        "the disputed month {month} is outside the published period {period}; correct the month, or record the objection with the notice of that month"
    ),
    "objection-duplicate-id": N_(
        "objection id `{id}` is used twice in this public notice record; give each objection its own id"
    ),
    "objection-outcome-without-reply": N_(
        "the objection has an outcome ({outcome}) but no {missing}; record the answer given and its date"
    ),
    "objection-replied-before-received": N_(
        "the objection was answered ({replied}) before it was received ({received}); check both dates"
    ),
    "publicity-early": N_(
        "the public notice period starts {start}, before the period {period} is over ({last}); results are published after the period ends"
    ),
    "objection-late": N_(
        "objection received {received}, outside the public notice period {start} to {end}: it is recorded and marked late"
    ),
    "objection-overdue": N_(
        "objection received {received} has no answer, and the {limit} days allowed for one ran out on {due}; record the reply and outcome"
    ),
    "publicity-period": N_("`{period}` is no period: write a month 2024-03, a quarter 2024-Q1 or a year 2024"),
    "site-is-file": N_("{path} is a file, not a folder; name a folder for the site"),
    "site-exists": N_("{path} already exists; pass --force to replace it"),
    "site-not-ours": N_("{path} is not a site written by pingyi, so it is not replaced; choose an empty or new folder"),
    "publicity-missing": N_(
        "{org}: {period} is scored but no public notice record covers it; add a `kind: publicity` document for it"
    ),
}
