"""Messages of ``pingyi import roster`` (the 党员花名册 import)."""

from ..i18n import N_

MESSAGES = {
    "roster-folder": N_("{file} is a folder; name the roster file (.xlsx or .csv) itself"),
    "roster-xls": N_("{file} is an old .xls workbook; open it in Excel or WPS and save it as .xlsx (or .csv), then import that"),
    "roster-kind": N_("{file} is not a roster pingyi can read; save the member list as .xlsx or .csv"),
    "roster-not-file": N_("{file} is not a plain file (a device or a pipe); name a saved .xlsx or .csv file"),
    "roster-too-big": N_("{file} is larger than {mb} MB, which no member list is; check that this is the right file"),
    "roster-os": N_("{file} cannot be read: {reason}"),
    "roster-encoding": N_("{file} is neither UTF-8 nor GBK text; save it from Excel as 'CSV UTF-8'"),
    "roster-too-long": N_("{file} has more than {rows} rows; split the roster by branch"),
    "roster-workbook": N_("{file} cannot be read as a workbook: {reason}"),
    "roster-map": N_("--map {given}: write it as COLUMN=FIELD, where FIELD is one of {fields}"),
    "roster-header": N_(
        "{file}: no header row found in the first {rows} rows; the roster needs a row with the column `name` and at least "
        "one of `org`, `category`, `status`, `id` (or name your columns with --map COLUMN=FIELD)"
    ),
    "roster-keep": N_("--keep {column}: the roster has no such column (personal columns pingyi knows: {known})"),
    "roster-no-org": N_(
        "{file} has no column naming each member's branch (`org`); add one, or give --parent ORG to put everyone in that org"
    ),
    "roster-parent": N_("--parent {parent}: no org of this workspace has this id"),
    "roster-no-name": N_("the name is empty; fill it in or delete the row"),
    "roster-org-ambiguous": N_("several orgs are named {org} ({ids}); write the org's id in this cell instead"),
    "roster-unknown-org": N_(
        "no org of this workspace is named {org}; correct the name as the org tree writes it, or give --parent ORG to create it "
        "as a new branch under ORG"
    ),
    "roster-no-org-cell": N_("the branch is empty; fill it in"),
    "roster-status": N_("`{value}` is no status pingyi knows; write one of {known}, or leave the cell empty for a full member"),
    "roster-id-is-org": N_("the member number {id} is already the id of an org; ids of orgs and members must differ"),
    "roster-bad-id": N_("the member number {id} holds characters an id may not have (letters, digits, _ - . only)"),
    "roster-twice": N_("member {id} is listed twice (first on row {first}); delete one of the rows"),
    "roster-missing": N_(
        "{name} ({member}) is not in the roster any more; pingyi never deletes members: remove the entry by hand if they left"
    ),
}
