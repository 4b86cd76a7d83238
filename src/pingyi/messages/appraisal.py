"""Messages of 民主评议党员 (``kind: appraisal``, FORMAT §14) and of rated surveys
(述职测评, FORMAT §10)."""

from __future__ import annotations

from ..i18n import N_

#: The grades, shown translated where a message names one (``Term("excellent")``).
GRADE_TERMS = (N_("excellent"), N_("qualified"), N_("basic"), N_("unqualified"))

MESSAGES = {
    # kind: appraisal
    "appraisal-unknown-org": N_("org `{org}` is no org of this workspace: write the id of the org whose members were appraised"),
    "appraisal-duplicate": N_(
        "a second appraisal of {org_name} ({org}) for {year}: an org is appraised once a year; "
        "put all its votes and decisions in one document"
    ),
    "appraisal-first": N_("the first appraisal of {org} for {year} is here"),
    "appraisal-not-member": N_(
        "`{member}` is no member of {org_name} ({org}) or of an org below it: an appraisal names only that org's members"
    ),
    "appraisal-votes-over": N_(
        "the votes for {name} ({member}) add up to {total}, more than the {participants} ballots returned "
        "(`participants`): check the tally"
    ),
    "appraisal-probationary": N_(
        "{name} ({member}) is a probationary member: probationary members take part in the appraisal "
        "but are not graded; remove this decision"
    ),
    "appraisal-decided-twice": N_("a second decision for {name} ({member}) in {year}: a member gets one grade a year; keep one"),
    "appraisal-first-decision": N_("the first decision for {member} is here"),
    "appraisal-over-quota": N_(
        "{count} members of {org_name} are decided excellent, more than the quota of {quota} "
        "(at most {share} of its {full} full members, rounded down): decide fewer excellent"
    ),
    "appraisal-reason-required": N_(
        "{name} ({member}) is decided unqualified without a `reason`: write why, e.g. "
        "`reason: absent from Party life all year without cause`"
    ),
    "appraisal-undecided": N_(
        "{name} ({member}) is a full member of {org_name} with no decision: add "
        "`- {{member: {member}, grade: ...}}` to `decisions`"
    ),
    "appraisal-against-majority": N_(
        "{name} ({member}) is decided {grade}, but most votes were for {top}: votes inform the decision "
        "without making it, so give a `reason`"
    ),
    # rated surveys
    "survey-unknown-scale": N_(
        "scale `{scale}` is not defined in the rules' `survey_scales` ({known}): define it there or correct the name"
    ),
    "survey-no-scales": N_("scale `{scale}` is named, but the rules define no `survey_scales`: define it in the rules file"),
    "survey-scale-positive": N_(
        "the scale's positive answer `{option}` is not among this survey's options ({options}): "
        "give the survey its own `positive`"
    ),
    "survey-weights-option": N_(
        "`weights` name `{option}`, which is not among the options ({options}); correct the name or add it to `options`"
    ),
    "survey-weights-missing": N_("`weights` give no points for {missing}: give every option its points"),
    "survey-grades-order": N_("grade bands are listed highest first with falling `min`: {lower} follows {higher}"),
    "survey-grades-without-weights": N_("`grades` need `weights` (the points of each option) to give a score"),
    # the vote tally entered in Excel (pingyi import appraisal)
    "tally-not-member": N_("{member} ({name}) is no member of {org} or of an org below it; make a new form"),
    "tally-blank": N_("{name}, {item}: the cell is blank; write 0 for no votes, or leave the row's votes all empty"),
    "tally-over": N_("{name}: the votes add up to {total}, more than the {participants} ballots returned; check the count"),
}
