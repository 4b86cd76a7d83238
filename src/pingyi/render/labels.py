"""Every label pingyi shows (table headings, states, codes, workbook texts), by key.

``label(key)`` gives the text of a key in the language in force (``label(key, lang)`` in
another); codes of enums (grades, statuses, measures) are keys too, so ``label("excellent")``
is ``优秀`` in Chinese. The texts are message ids of the catalog (English, marked with
``N_``); their Chinese lives in the ``labels`` domain of :mod:`pingyi.i18n`. JSON output
never uses labels: it carries the English codes of FORMAT.md whatever the language.
"""

from __future__ import annotations

from ..i18n import N_, current_lang, gettext

LABELS: dict[str, str] = {
    # common
    "workspace": N_("Workspace"),
    "year": N_("Year"),
    "org": N_("Org"),
    "orgs": N_("Orgs"),
    "member": N_("Member"),
    "members": N_("Members"),
    "name": N_("Name"),
    "org_name": N_("Org name"),
    "id": N_("ID"),
    "status": N_("Status"),
    "total": N_("Sum"),
    "rate": N_("Rate|ratio"),
    "note": N_("Note"),
    "date": N_("Date"),
    "none": N_("none"),
    "missing": N_("Missing"),
    # diagnostics
    "error": N_("error"),
    "warning": N_("warning"),
    "errors": N_("errors"),
    "warnings": N_("warnings"),
    "check_ok": N_("No errors"),
    "check_failed": N_("Check failed"),
    "files_read": N_("files"),
    # org types
    "committee": N_("committee"),
    "general_branch": N_("general branch"),
    "branch": N_("branch"),
    "group": N_("group"),
    # member status
    "active": N_("active"),
    "exempt": N_("exempt"),
    "flowing": N_("flowing"),
    "probationary": N_("probationary"),
    # grades
    "excellent": N_("excellent"),
    "qualified": N_("qualified"),
    "basic": N_("basic"),
    "unqualified": N_("unqualified"),
    "unrated": N_("unrated"),
    # review methods and modes
    "leader": N_("leader review"),
    "org_method": N_("org appraisal"),
    "peer": N_("peer review"),
    "mass": N_("mass appraisal"),
    "meeting": N_("meeting"),
    "onsite": N_("on site"),
    "talk": N_("talk"),
    "mutual": N_("mutual"),
    "mass_mode": N_("by the masses"),
    "written": N_("written"),
    "other": N_("other"),
    # coverage measures
    "coverage": N_("Review coverage"),
    "secretaries_reviewed": N_("Secretaries reviewed"),
    "secretaries_reviewing": N_("Secretaries reviewing"),
    "orgs_reviewed": N_("Orgs reviewed"),
    "members_reviewed": N_("Members reviewed"),
    "reviewed": N_("Reviewed"),
    "out_of": N_("Out of"),
    "round": N_("Round"),
    "rounds": N_("Rounds"),
    "scope": N_("Scope"),
    "reviewer": N_("Reviewer"),
    "subject": N_("Subject|review"),
    # rectification
    "rectify": N_("Rectifications"),
    "problem": N_("Problem|review"),
    "measure": N_("Measure"),
    "owner": N_("Owner"),
    "due": N_("Due|rectification"),
    "closed": N_("closed"),
    "closed_on": N_("Closed on"),
    "open": N_("open"),
    "overdue": N_("overdue|state"),
    "days_overdue": N_("Days overdue"),
    "closing_rate": N_("Closing rate"),
    "state": N_("State"),
    "evidence": N_("Evidence"),
    # commitments
    "commitments": N_("Public commitments|report"),
    "made": N_("Made|count"),
    "withdrawn": N_("Withdrawn"),
    "done": N_("Done"),
    "partial": N_("partial"),
    "failed": N_("failed"),
    "fulfilment": N_("Fulfilment rate"),
    "basic_commitment": N_("basic commitment"),
    "creative": N_("creative"),
    "org_owned": N_("Org commitments"),
    "member_owned": N_("Member commitments"),
    # points
    "score": N_("Score|points"),
    "items": N_("Items|stars"),
    "base": N_("Monthly (80%)"),
    "democratic": N_("Democratic (20%)"),
    "adjustment": N_("Adjustment"),
    "year_total": N_("Total|year"),
    "stars": N_("Stars"),
    "computed_stars": N_("Computed stars"),
    "grade": N_("Grade"),
    "rank": N_("Rank in org"),
    "months": N_("Months"),
    "rating_reason": N_("Rating reason"),
    "quarter_star": N_("Star of the quarter"),
    "annual_star": N_("Star of the year"),
    "quota": N_("Quota"),
    "award": N_("award"),
    "discipline": N_("discipline"),
    "criticism": N_("criticism"),
    "national": N_("national"),
    "provincial": N_("provincial"),
    "city": N_("city"),
    "county": N_("county"),
    "unit": N_("unit"),
    # pingyi score / explain / honours (templates take str.format fields)
    "score_title": N_("{workspace}: points and stars, {year}"),
    "score_monthly": N_("Monthly"),
    "score_democratic": N_("Democratic"),
    "score_not_graded": N_("not graded"),
    "score_note_not_graded": N_("note: {name} ({id}) is probationary and not graded under the rules"),
    "score_note_rated": N_("* {name} ({id}): rated {stars} stars by the branch (computed: {computed}); reason: {reason}"),
    "score_distribution": N_("Stars and grades"),
    "score_count": N_("Number of members"),
    "explain_title": N_("Points card · {workspace} · {year}"),
    "explain_exempt": N_("Exempt from scoring: not scored; the branch rates the member directly."),
    "explain_months": N_("Monthly scores"),
    "explain_month": N_("Month"),
    "explain_missing": N_("not scored"),
    "explain_sum": N_("Sum Σ"),
    "explain_divisor_12": N_("the sum of the months ÷ 12 (a month not scored counts 0)"),
    "explain_divisor_scored": N_("the sum of the months ÷ the {n} months scored"),
    "explain_missing_months": N_("months without scores: {months} ({n} months scored)"),
    "explain_no_evaluation": N_("no democratic evaluation: every D counts 0"),
    "explain_ballots": N_("democratic evaluation of {org}: {n} of {total} ballots name the member; D = item sum ÷ {n}"),
    "explain_averages": N_("tally sheet averages of {org}'s democratic evaluation, {n} participants"),
    "explain_exact": N_("exact"),
    "explain_policy_highest": N_("the highest award and the highest penalty count once; nothing accumulates"),
    "explain_policy_sum": N_("all added up"),
    "explain_counted": N_("counted"),
    "explain_not_counted": N_("not counted: only the highest counts"),
    "explain_rounding": N_("(rounded half-up to {d} decimals; the stars follow the rounded total)"),
    "explain_band": N_("Band"),
    "explain_stars": N_("{stars} stars, {grade}"),
    "explain_not_graded": N_("but probationary members are not graded under the rules"),
    "explain_rating": N_("Rated by the branch: {stars} stars, {grade}. Reason: {reason}"),
    "explain_unrated": N_("Unrated: exempt, and the branch has not rated the member"),
    "explain_rank": N_("rank {rank} of {n} in {org}"),
    "honours_quarter_title": N_("Stars of the quarter · {year} Q{quarter} ({first} to {last})"),
    "honours_branch": N_("{org} ({id}): {n} scored members, quota {quota}"),
    "honours_annual_title": N_("Stars of the year · {year}: {k} members with {stars} stars, quota {quota}"),
    "honours_named": N_("Named"),
    "honours_none_named": N_("none yet"),
    "honours_none_allowed": N_("too few members: none"),
    "honours_rank": N_("Rank|honours"),
    "honours_quarter_points": N_("Quarter sum"),
    # surveys
    "survey": N_("Satisfaction surveys"),
    "satisfaction": N_("Satisfaction"),
    "positive": N_("Satisfied"),
    "answers": N_("Answers"),
    "suggestions": N_("Suggestions"),
    # review reports: coverage, rectify, commitments, survey (pingyi coverage/rectify/commitments/survey)
    "measure_name": N_("Indicator"),
    "missing_orgs": N_("Orgs not yet reviewed"),
    "missing_secretaries_reviewed": N_("Secretaries not yet reviewed"),
    "missing_secretaries_reviewing": N_("Secretaries who have not reviewed"),
    "missing_members": N_("Members not yet reviewed"),
    "parent_org": N_("Parent org"),
    "in_org": N_("In org"),
    "without_secretary": N_("No secretary"),
    "all_covered": N_("Everyone covered"),
    "no_rounds": N_("no review round selected"),
    "all_roots": N_("All roots together"),
    "responsibility": N_("Review responsibility"),
    "roles": N_("Roles"),
    "depth": N_("Level|tree"),
    "via_org": N_("Via org"),
    "duty_kind": N_("Kind of subject"),
    "duty_org": N_("child org"),
    "duty_secretary": N_("child org's secretary"),
    "duty_member": N_("member"),
    "subject_name": N_("Subject's name"),
    "reviewed_by": N_("Reviewed by"),
    "duty_done": N_("Done?"),
    "yes": N_("yes"),
    "file": N_("File"),
    "line": N_("Line"),
    "column": N_("Column"),
    "severity": N_("Severity"),
    "code": N_("Code"),
    "message": N_("Message"),
    "no": N_("no"),
    "role_secretary": N_("secretary"),
    "role_deputy": N_("deputy"),
    "role_committee": N_("committee member"),
    "assigned": N_("Assigned"),
    "by_self": N_("By them"),
    "duties_done": N_("Reviews done"),
    "outstanding": N_("Outstanding"),
    "unowned": N_("Nobody assigned"),
    "nothing_assigned": N_("Leaders with nothing assigned"),
    "as_of": N_("As of"),
    "problems": N_("Problems"),
    "review_date": N_("Review date"),
    "rectify_by_org": N_("Closing by org"),
    "no_problems": N_("No problems match"),
    "n_closed": N_("Closed"),
    "n_open": N_("Open"),
    "n_overdue": N_("Overdue"),
    "commitment_open": N_("in progress"),
    "commitment_owner": N_("Committed by"),
    "commitment_text": N_("Commitment"),
    "commitment_type": N_("Type"),
    "overdue_commitments": N_("Overdue commitments"),
    "no_overdue": N_("No overdue commitments"),
    "all_types": N_("All"),
    "n_partial": N_("Partial"),
    "n_failed": N_("Failed"),
    "n_commitment_open": N_("In progress"),
    "basic_rate": N_("Basic fulfilment"),
    "creative_rate": N_("Creative fulfilment"),
    "done_of": N_("done / to fulfil"),
    "commitment_due": N_("Due by"),
    "survey_name": N_("Survey"),
    "survey_subject": N_("Surveyed subject"),
    "survey_count": N_("Number of surveys"),
    "by_subject": N_("By subject"),
    "counts": N_("Counts"),
    "no_surveys": N_("No surveys"),
}


def label(key: str, lang: str | None = None) -> str:
    """The text of ``key`` in ``lang`` (default: the language in force); the key itself
    when unknown.

    A label whose English text other catalog entries also use with another meaning carries
    a context after ``|`` (``"Due|rectification"``, 整改时限, beside the 完成时限 of a
    commitment); the English shown is the text before it."""
    message = LABELS.get(key)
    if message is None:
        return key
    text = gettext(message, lang)
    return text.partition("|")[0] if text == message else text


# --------------------------------------------------------------------------- punctuation
# Chinese text takes full-width signs (，：；（）) with no space around them; English the
# ASCII ones followed by a space. Lines assembled from labels use these.


def _zh(lang: str | None) -> bool:
    return (lang or current_lang()) != "en"


def colon(head: str, rest: str, lang: str | None = None) -> str:
    """``head: rest`` (``head：rest`` in Chinese)."""
    return f"{head}：{rest}" if _zh(lang) else f"{head}: {rest}"


def paren(text: str, lang: str | None = None) -> str:
    """`` (text)`` after a word (``（text）`` in Chinese)."""
    return f"（{text}）" if _zh(lang) else f" ({text})"


def semicolon(lang: str | None = None) -> str:
    """``; `` between clauses (``；`` in Chinese)."""
    return "；" if _zh(lang) else "; "
