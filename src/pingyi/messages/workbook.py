"""Messages of workbooks read and written: a workbook that cannot be read
(:mod:`pingyi.io.xlsx_read`), a score template that does not fit, a cell that cannot be
imported, a scores file that cannot be written (:mod:`pingyi.importing`), and an export
that cannot be made."""

from __future__ import annotations

from ..i18n import N_

MESSAGES = {
    # --- reading a workbook someone sent (io/xlsx_read.py)
    "xlsx-not-defused": N_(
        "openpyxl is not using defusedxml, so workbooks from elsewhere cannot be read safely; "
        "install defusedxml (and do not set OPENPYXL_DEFUSEDXML=False)"
    ),
    "xlsx-unreadable": N_("cannot read this file: {reason}"),
    "xlsx-folder": N_("this is a folder, not a workbook; name the .xlsx file"),
    "xlsx-not-file": N_("this is not an ordinary file (a device or a pipe?); save the workbook as an .xlsx file and name that"),
    "xlsx-too-big": N_("the file is {size} MB; workbooks over {limit} MB are refused"),
    "xlsx-not-zip": N_("this is not an .xlsx workbook; open it in Excel or WPS and save it as .xlsx"),
    "xlsx-old-xls": N_("this is an old .xls workbook; open it in Excel or WPS and save it as .xlsx"),
    "xlsx-too-many-parts": N_("the file holds {n} parts; more than {limit} is not a workbook pingyi wrote"),
    "xlsx-unpacks-too-big": N_("the file unpacks to {size} MB; more than {limit} MB is refused"),
    "xlsx-no-workbook": N_("this is a zip archive but not an .xlsx workbook (it has no xl/workbook.xml)"),
    "xlsx-encrypted": N_("the workbook is protected by a password; save it without one"),
    "xlsx-damaged-zip": N_("the file is a damaged zip archive ({reason}); save the workbook again"),
    "xlsx-damaged": N_("the file cannot be read as an .xlsx workbook ({reason}); save it again in Excel or WPS"),
    "xlsx-xml-refused": N_("the workbook contains XML that is refused for safety ({reason}: entities or external references)"),
    "xlsx-no-sheet": N_("the workbook has no sheet named {sheet}"),
    "xlsx-bad-range": N_("rows {first}-{last}, columns {min_col}-{max_col} are not a range of cells"),
    "xlsx-too-many-cells": N_("the sheet {sheet} would have {n} cells to read; more than {limit} is refused"),
    "xlsx-sheet-damaged": N_("the sheet {sheet} cannot be read ({reason}); save the workbook again"),
    "xlsx-bad-column": N_("{letters} is not a column"),
    # --- a score template that does not fit
    "template-not-template": N_(
        "this workbook is not a pingyi score template (it has no {sheet} sheet); "
        "make one with `pingyi export template --org ID --month YYYY-MM -o FILE`"
    ),
    "template-format": N_("this workbook is not a pingyi score template (its {sheet} sheet says format {format})"),
    "template-version": N_("this is a score template of version {version}; this pingyi reads version 1"),
    "template-lacks": N_("the template's {sheet} sheet lacks {keys}; make a new template"),
    "template-damaged": N_("the template's {sheet} sheet is damaged; make a new template"),
    "template-sheet-gone": N_("the template has no sheet {sheet} any more (was it renamed?); make a new template"),
    "template-org-member": N_("the template is for {org}, which is a member, not an org; make a new template"),
    "template-org-unknown": N_(
        "the template is for {org}, which is no org of this workspace; was it made for another workspace?"
    ),
    "template-month": N_("the template's month {month} is not a month (YYYY-MM); make a new template"),
    "template-items": N_(
        "the template's items ({items}) are not the rules' items ({rules}); "
        "make a new template with `pingyi export template --org {org} --month {month}`"
    ),
    "template-no-rows": N_("the template lists no members of {org}"),
    # --- a row of the template
    "import-no-id": N_("{name}: this row has scores but no member id; copy the id back from a new template"),
    "import-unknown-member": N_("{member} ({name}) is no member of this workspace"),
    "import-exempt": N_("{member} ({name}) is exempt from scoring and not scored; leave the row empty"),
    "import-other-org": N_("{member} ({name}) is a member of {other}, not of {org}; make a new template"),
    "import-second-row": N_("{member} ({name}) has a second row; keep one"),
    "import-scored-elsewhere": N_("{member} ({name}) is already scored for {month} by {other}; a month is scored once"),
    # --- a score cell
    "import-blank": N_("{name}, {item}: the cell is blank; every item needs a score from 0 to {max}"),
    "import-formula": N_("{name}, {item}: formulas are not accepted; type the number itself"),
    "import-error-value": N_("{name}, {item}: {value} is an error value, not a score"),
    "import-bool": N_("{name}, {item}: {value} is not a score; type a number from 0 to {max}"),
    "import-date": N_("{name}, {item}: a date, not a score (is the cell formatted as a date?)"),
    "import-text": N_("{name}, {item}: “{text}” is text, not a number"),
    "import-not-number": N_("{name}, {item}: not a number; type a number from 0 to {max}"),
    "import-out-of-range": N_("{name}, {item}: {value} is out of range; scores go from 0 to {max}"),
    # --- writing the scores
    "import-cannot-read": N_("cannot read {file}: {reason}"),
    "import-cannot-edit": N_("{file} cannot be edited: {reason}"),
    "import-changed": N_("{file} changed while importing; nothing was written (run the import again)"),
    "import-appeared": N_("{file} appeared while importing; nothing was written (run the import again)"),
    "import-path-taken": N_(
        "{file} exists but holds no {org} {month} scores document pingyi reads; move it away or add the scores to it by hand"
    ),
    "import-excluded": N_("{file} would stand in {folder}, which pingyi.yaml excludes; pingyi would never read it"),
    "import-unsafe": N_("writing {file} would change more than the imported scores ({member}); nothing was written"),
    "import-cannot-write": N_("cannot write {file}: {reason}"),
    # --- why a scores document cannot be edited (io/yaml_edit.py)
    "edit-unreadable": N_("it cannot be read back for editing ({reason})"),
    "edit-document-gone": N_("it holds {n} documents; document {index} is gone (was the file changed meanwhile?)"),
    "edit-document-changed": N_("document {index} is no longer the {org} {month} scores (was the file changed meanwhile?)"),
    "edit-not-mapping": N_("scores of the {org} {month} document is not a mapping"),
    "edit-no-list": N_("{member} has no list of scores in the {org} {month} document"),
    "edit-short-list": N_("{member} has {n} scores; item {index} cannot be changed"),
    "edit-already-listed": N_("{member} is already in the {org} {month} document"),
}
