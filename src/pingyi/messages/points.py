"""Templates of the points diagnostics: monthly scores, democratic evaluations,
adjustments, ratings, the year-end warnings and the honours (FORMAT §6–8)."""

from __future__ import annotations

from ..i18n import N_

MESSAGES: dict[str, str] = {
    # options of score, explain and honours
    "option-through": N_("{option}: `{text}` is not a month of {year}; give a month of the year, such as {year}-06."),
    "option-through-format": N_("{option}: `{text}` is not a month; write it YYYY-MM, such as 2024-06."),
    "option-quarter": N_("{option}: a quarter is 1, 2, 3 or 4, not {quarter}."),
    "option-quarter-with-member": N_("--quarter ranks whole branches: narrow it with --org, not --member."),
    "option-member-outside-org": N_("{option}: `{text}` ({name}) belongs to `{org}`, outside --org {scope}."),
    # references
    "points-unknown-member": N_("`{member}` is no member of this workspace; check the id against the org files"),
    "points-member-is-org": N_("`{member}` is an org, not a member; name a member here"),
    "points-unknown-org": N_("org `{org}` is no org of this workspace; check the id against the org files"),
    "points-org-is-member": N_("`{org}` is a member, not an org; name the org here"),
    "member-elsewhere": N_(
        "`{member}` ({name}) belongs to `{org}`, not `{here}`; fine after a transfer of Party membership, otherwise a slip"
    ),
    # monthly scores
    "item-count-month": N_(
        "`{member}` has {count} item scores in {month}; the rules have {expected} items ({items}): give one score per item, in this order"
    ),
    "item-count-ballot": N_(
        "`{member}` has {count} item scores on ballot {ballot}; the rules have {expected} items ({items}): give one score per item, in this order"
    ),
    "item-count-averages": N_(
        "`{member}` has {count} item scores in the averages; the rules have {expected} items ({items}): give one average per item, in this order"
    ),
    "item-range-month": N_("{item} of `{member}` in {month} is {value}; item scores go from 0 to {max}"),
    "item-range-ballot": N_("{item} of `{member}` on ballot {ballot} is {value}; item scores go from 0 to {max}"),
    "item-range-averages": N_("{item} of `{member}` in the averages is {value}; item scores go from 0 to {max}"),
    "exempt-scored": N_("`{member}` ({name}) is exempt from scoring but has scores for {month}; they are not counted"),
    "month-scored-twice": N_("`{member}` is scored twice for {month}; keep one of the two rows"),
    "first-scored-here": N_("first scored here"),
    # democratic evaluation
    "duplicate-evaluation": N_("org `{org}` has a second democratic evaluation for {year}; keep one"),
    "the-first-evaluation": N_("the first one"),
    "no-mass-representatives": N_("`mass_representatives` is not given; the rules want at least {minimum} mass representatives"),
    "too-few-mass-representatives": N_("{count} mass representatives took part; the rules want at least {minimum}"),
    "participants-below-one": N_("`participants` must be at least 1; write how many people took part"),
    "no-ballots": N_("`ballots` lists no ballot; add the ballots returned, or give `averages` and `participants`"),
    # adjustments and ratings
    "no-points": N_(
        "the rules give no points for `{type}` at level `{level}`; levels with points: {levels}; use one of them, or give the points of this level in the rules"
    ),
    "no-points-none": N_("the rules give no points for `{type}` at any level; remove the item or add points in the rules"),
    "date-outside-year": N_(
        "date {date} is outside the document's year {year}; correct the date, or put the record in a document of that year"
    ),
    "duplicate-rating": N_("`{member}` is rated twice for {year}; keep one rating"),
    "first-rated-here": N_("first rated here"),
    "rating-outside-scheme": N_(
        "{stars} stars is not a rating the what-if scheme gives (it gives {given}); "
        "under it this rating is not applied and the member is shown unrated"
    ),
    "bad-stars": N_("{stars} stars is not a rating the rules give; expected one of {given}"),
    "rating-without-reason": N_("a rating needs a `reason`: why the branch rates the member so"),
    # year-end warnings
    "no-evaluations": N_(
        "no democratic evaluation is recorded for {year}: every democratic part is 0; add each branch's `kind: evaluation`"
    ),
    "no-evaluation": N_(
        "`{member}` ({name}) is named in no democratic evaluation of {year}: D = 0 for every item; add the member to the branch's `kind: evaluation`"
    ),
    "several-evaluations": N_("`{member}` ({name}) is named in the evaluations of {orgs}; the one of `{org}` counts"),
    "exempt-unrated": N_(
        "`{member}` ({name}) is exempt from scoring and has no rating for {year}; "
        "add one to `kind: ratings` or the member stays unrated"
    ),
    "missing-months": N_(
        "`{member}` ({name}) has no scores for {months}; add them, or leave them out if the member was not to be scored then"
    ),
    "missing-months-all": N_("`{member}` ({name}) has no monthly scores in {year}; add the member's scores"),
    "missing-months-org": N_(
        "org `{org}` ({name}) has no scores for {months}: none of its members is scored for them; enter the org's scores of those months"
    ),
    "missing-months-org-all": N_("org `{org}` ({name}) has no monthly scores in {year}; enter the org's monthly scores"),
    "democratic-blank": N_(
        "ballot {ballot} of {ballots} leaves out `{member}` ({name}): a blank, left out of the member's average "
        "(rules: democratic_blank: abstain)"
    ),
    "democratic-blank-zero": N_(
        "ballot {ballot} of {ballots} leaves out `{member}` ({name}): a blank, counted as 0 for every item "
        "(rules: democratic_blank: zero)"
    ),
    # honours
    "honour-named-twice-quarter": N_("`{member}` is named twice for quarter {quarter} of `{org}`; delete one of the two"),
    "honour-named-twice-annual": N_("`{member}` is named twice as star of the year; delete one of the two"),
    "honour-not-scored": N_(
        "`{member}` ({name}) is exempt from scoring: not scored, so no candidate for the star of the quarter"
    ),
    "honour-wrong-org": N_(
        "`{member}` ({name}) is a member of `{member_org}`, not of `{org}` ({org_name}), and was not scored by it in quarter {quarter}; name the member under the org that scored them"
    ),
    "quarter-over-quota": N_(
        "{count} stars of quarter {quarter} named for `{org}` ({name}); with {n} members the quota is {quota} (max(1, floor({n} × {share}))): name at most {quota}"
    ),
    "quarter-over-quota-scored": N_(
        "{count} stars of quarter {quarter} named for `{org}` ({name}); with {n} scored members the quota is {quota} (max(1, floor({n} × {share}))): name at most {quota}"
    ),
    "quarter-over-quota-small": N_(
        "{count} stars of quarter {quarter} named for `{org}` ({name}); with {n} members (fewer than {minimum}) it may name none: delete them"
    ),
    "quarter-over-quota-small-scored": N_(
        "{count} stars of quarter {quarter} named for `{org}` ({name}); with {n} scored members (fewer than {minimum}) it may name none: delete them"
    ),
    "annual-over-quota": N_(
        "{count} stars of the year named for {year}; with {k} {top}-star members the quota is {quota} (max(1, floor({k} × {share}))): name at most {quota}"
    ),
    "annual-over-quota-none": N_(
        "{count} stars of the year named for {year}; there is no {top}-star member, so none may be named"
    ),
    "annual-star-not-top": N_(
        "`{member}` ({name}) has {stars} stars in {year}; the star of the year is chosen among {top}-star members"
    ),
    "annual-star-unrated": N_(
        "`{member}` ({name}) is unrated in {year}; the star of the year is chosen among {top}-star members"
    ),
}
