"""Messages of the cross-reference checks of the org tree, review rounds, commitments and
surveys (:mod:`pingyi.checks.tree`, ``rounds``, ``commitments``, ``surveys``)."""

from __future__ import annotations

from ..i18n import N_

#: Words shown translated (:class:`~pingyi.diagnostics.Term`).
ORG_TYPES = {
    "committee": N_("a party committee"),
    "general_branch": N_("a general party branch"),
    "branch": N_("a party branch"),
    "group": N_("a party group"),
}
ORG = N_("an org")
MEMBER = N_("a member")
FIELD_NAMES = {
    "secretary": N_("`secretary` (the secretary)"),
    "deputies": N_("`deputies` (the deputy secretaries)"),
    "committee": N_("`committee` (the committee members)"),
    "measure": N_("`measure` (the rectification measure)"),
    "owner": N_("`owner` (the person responsible)"),
    "due": N_("`due` (the deadline)"),
}

MESSAGES = {
    # -- the org tree
    "duplicate-id": N_(
        "the id `{id}` is used twice; orgs and members share one set of ids, so this one ({what}) needs another id"
    ),
    "duplicate-id-first": N_("`{id}` is first used here"),
    "cycle-self": N_("the org `{org}` names itself as its parent; write the id of the org above it"),
    "cycle": N_("the org tree goes round in a circle: {path}; one of these `parent:` entries must change"),
    "parent-is-member": N_("the parent `{parent}` is a member ({name}), not an org; `parent:` takes the id of an org"),
    "unknown-parent": N_("the parent `{parent}` is no org of this workspace; check the id"),
    "leader-is-org": N_("`{id}` in {role} is an org; leaders are member ids"),
    "unknown-leader": N_("`{id}` in {role} is no member of this workspace; leaders are member ids"),
    "unusual-nesting": N_("{child} under {parent} `{parent_id}` is unusual; check `type` and `parent`"),
    "no-secretary": N_("the org `{org}` ({name}) has no secretary; add `secretary:` with a member id"),
    # -- review rounds
    "duplicate-round": N_("the round id `{id}` is used twice; give each round its own id"),
    "first-used-here": N_("first used here"),
    "round-dates": N_("the round ends ({end}) before it starts ({start}); check `start` and `end`"),
    "scope-is-member": N_("the scope `{id}` is a member, not an org; `scope:` takes the id of an org"),
    "unknown-scope": N_("the scope `{id}` is no org of this workspace; check the id"),
    "reviewer-is-org": N_(
        "the reviewer `{id}` is an org; a reviewer is a member (for someone outside the workspace write `reviewer_name:`)"
    ),
    "unknown-reviewer": N_(
        "the reviewer `{id}` is no member of this workspace; check the id, or for someone outside the "
        "workspace write `reviewer_name:`"
    ),
    "unknown-review-subject": N_("the subject `{id}` is no org or member of this workspace; check the id"),
    "self-review": N_("`{id}` reviews themself; a mutual review is written as two reviews, one each way"),
    "date-outside-round": N_(
        "the review date {date} is outside the round `{round}` ({start} – {end}); check the date or the round"
    ),
    "owner-is-org": N_("the owner `{id}` is an org; the owner (person responsible) of a rectification is a member"),
    "unknown-problem-owner": N_("the owner `{id}` is no member of this workspace; check the id"),
    "closed-before-review": N_("closed on {closed}, before the review that raised the problem ({date}); check the dates"),
    "due-before-review": N_("due on {due}, before the review that raised the problem ({date}); check the dates"),
    "incomplete-rectification": N_(
        "the rectification has no {missing}; a rectification needs a measure, a person responsible and a deadline"
    ),
    # -- commitments
    "duplicate-commitment": N_("the commitment id `{id}` is used twice; give each commitment its own id"),
    "unknown-commitment-owner": N_("the owner `{id}` is no org or member of this workspace; check the id"),
    "done-without-date": N_("the status is `done` but `done:` (the date it was fulfilled) is missing; add it"),
    "due-before-made": N_("due on {due}, before the commitment was made ({made}); check the dates"),
    "done-before-made": N_("done on {done}, before the commitment was made ({made}); check the dates"),
    # -- surveys
    "duplicate-survey": N_("the survey id `{id}` is used twice; give each survey its own id"),
    "unknown-survey-subject": N_("the subject `{id}` is no org or member of this workspace; check the id"),
    "survey-no-options": N_("`options` must list at least one answer"),
    "survey-option-twice": N_("`options` lists an answer twice; list each answer once"),
    "unknown-positive-option": N_(
        "the positive answer `{option}` is not among the options ({options}); correct it or add it to `options`"
    ),
    "unknown-count-option": N_(
        "`counts` names `{option}`, which is not among the options ({options}); add it to `options` or correct it"
    ),
    "negative-count": N_("a count may not be negative, found {count}"),
    "negative-suggestions": N_("`suggestions` may not be negative"),
    "empty-survey": N_("the survey counts no answers, so it has no satisfaction rate; fill in the `counts` of its answers"),
}
