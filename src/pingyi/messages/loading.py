"""Messages of reading a workspace: the files, their YAML, the shape of each document
(:mod:`pingyi.io.yaml`, :mod:`pingyi.loader`, :mod:`pingyi.validate`, :mod:`pingyi.model`)."""

from __future__ import annotations

from ..i18n import N_

#: What was found, in words (a :class:`~pingyi.diagnostics.Term` for ``{found}``).
FOUND_NOTHING = N_("an empty value")
FOUND_MAPPING = N_("a mapping of keys and values")
FOUND_LIST = N_("a list of values")

MESSAGES = {
    # -- the workspace and its files
    "no-workspace-above": N_(
        "no {file} found in {folder} or any folder above it; run `pingyi init` to create a workspace, or pass --workspace DIR"
    ),
    "no-such-workspace-folder": N_("the folder {folder} does not exist; check the path given with --workspace"),
    "unreadable-special": N_("this is no plain file (a device, pipe or socket); pingyi reads only plain files"),
    "unreadable": N_("the file cannot be read ({reason}); check that it exists and that you may open it"),
    "empty-file": N_("the file holds no document; fill it in or delete it"),
    "encoding-utf16": N_("the file is saved as UTF-16; save it as UTF-8 (in Notepad: Save as → Encoding UTF-8)"),
    "encoding-gbk": N_(
        "the file is not UTF-8 but looks like GBK/GB18030, as some Windows editors save it; save it as UTF-8 "
        "(in Notepad: Save as → Encoding UTF-8) or convert it with `iconv -f GB18030 -t UTF-8 FILE > FILE.new`"
    ),
    "encoding-unknown": N_(
        "the file is not UTF-8 and its encoding is unknown; save it as UTF-8 in your editor (Save as → Encoding UTF-8)"
    ),
    "encoding-control": N_("the file holds a control character ({char}) that YAML does not allow; delete it"),
    # -- YAML syntax, explained
    "yaml-tab": N_(
        "line {line} is indented with a tab; YAML needs spaces: replace the tab with spaces so that the line "
        "lines up with the lines above it: `{text}`"
    ),
    "yaml-fullwidth-colon": N_(
        "a full-width colon `：` follows the key; YAML needs an ASCII colon and a space. Write: `{fixed}`"
    ),
    "yaml-colon-space": N_("a colon must be followed by a space (`key: value`). Write: `{fixed}`"),
    "yaml-indent": N_(
        "the indentation of line {line} does not fit the lines above it: keys of one entry must start in "
        "the same column, and a value that holds `: ` must be put in quotes: `{text}`"
    ),
    "yaml-colon-in-value": N_(
        "the value holds a colon and a space (`: `), which YAML reads as a new key; put the value in quotes: `{fixed}`"
    ),
    "yaml-list-indent": N_(
        "the list items near line {line} are not lined up: every `- ` of one list must start in the same column: `{text}`"
    ),
    "yaml-missing-colon": N_(
        "line {line} is no `key: value` pair: a colon (and a space after it) is missing, or the text belongs "
        "to the line above: `{text}`"
    ),
    "yaml-unclosed-bracket": N_(
        "a `{open}` is not closed by `{close}`, or a comma is missing between its items; check the brackets "
        "and commas on line {line}: `{text}`"
    ),
    "yaml-unclosed-quote": N_("a quoted text starting with {quote} is not closed; end it with {quote} on the same line"),
    "yaml-escape": N_(
        "a backslash `\\` inside double quotes starts an escape; write the text in single quotes ('…') instead: `{text}`"
    ),
    "yaml-reserved": N_("in YAML a value may not start with `{char}`; put the value in quotes: `{fixed}`"),
    "yaml-stray-text": N_(
        "line {line} stands outside every entry (it is not indented under a key, or a `---` is missing between two documents): `{text}`; indent it under its key, or put a line `---` before a new document"
    ),
    "yaml-syntax": N_(
        "YAML cannot read line {line} (the parser says: {problem}): `{text}`; compare it with the lines above: the indentation, the colon after each key and the brackets must match"
    ),
    "yaml-key": N_("a key must be a plain word, not a list or a mapping"),
    "duplicate-key": N_("the key `{name}` appears twice in one entry; a key may appear only once: delete or rename one"),
    "yaml-tag": N_("the YAML tag `{tag}` is not used in pingyi files; write the value plainly"),
    "yaml-alias": N_(
        "anchors and aliases (&, *) expand this file into a structure far larger than its text; write the data out instead"
    ),
    "yaml-depth": N_("the file is nested too deeply to be read; check its indentation"),
    # -- documents
    "not-a-document": N_("a document must be a mapping that starts with `kind:`, found {found}"),
    "missing-kind": N_("the document has no `kind:`; write one of: {kinds}"),
    "unknown-kind": N_("unknown kind `{kind}`; write one of: {kinds}"),
    "unknown-kind-hint": N_("unknown kind `{kind}` (did you mean `{hint}`?); write one of: {kinds}"),
    "missing-key": N_("`{name}` is missing here; add `{name}: …`"),
    "unknown-key": N_("unknown key `{name}`; allowed here: {allowed} (keys starting with `x-` are yours and are ignored)"),
    "unknown-key-hint": N_(
        "unknown key `{name}` (did you mean `{hint}`?); allowed here: {allowed} (keys starting with `x-` are "
        "yours and are ignored)"
    ),
    "unknown-key-fullwidth": N_(
        "the key `{name}` is written with a full-width colon `：`; YAML needs an ASCII colon and a space: `{fixed}`"
    ),
    "unknown-key-colon": N_("the key `{name}` has no space after its colon; write `{fixed}`"),
    "unknown-code-key": N_("unknown key `{name}` in `{parent}`; allowed: {allowed}"),
    "unknown-code-key-hint": N_("unknown key `{name}` in `{parent}` (did you mean `{hint}`?); allowed: {allowed}"),
    "bad-code": N_("`{found}` is not allowed for `{name}`; write one of: {allowed}"),
    "bad-code-hint": N_("`{found}` is not allowed for `{name}` (did you mean `{hint}`?); write one of: {allowed}"),
    "bad-code-name": N_("`{found}` is the name, but the file needs the code: write `{name}: {answer}` (allowed: {allowed})"),
    "fullwidth-punctuation": N_(
        "{found} holds full-width punctuation ({chars}), as a Chinese input method types it; YAML needs ASCII "
        "commas, colons and brackets. Write: `{fixed}`"
    ),
    "expected-list": N_("expected a list (`[a, b]` or lines starting with `- `), found {found}"),
    "expected-mapping": N_("expected a mapping (`key: value`), found {found}"),
    "expected-text": N_("expected text, found {found}"),
    "invisible-character": N_(
        "the text holds an invisible character ({char}, character {position}) that hides or turns text on the screen; "
        "delete it (retype the text if it was pasted)"
    ),
    "expected-whole-number": N_("expected a whole number, found {found}"),
    "expected-number": N_("expected a number, found {found}"),
    "expected-bool": N_("expected true or false, found {found}"),
    "expected-id": N_("expected an id (a word such as m101 or yz1), found {found}"),
    "bad-id": N_("{found} is not a valid id: an id is letters, digits, `_`, `-` and `.`, starting with a letter or digit"),
    "expected-date": N_("expected a date written YYYY-MM-DD (2024-03-15), found {found}"),
    "no-such-date": N_("{found} is no real date; check the month and the day"),
    "expected-month": N_("expected a month written YYYY-MM (2024-03), found {found}"),
    "year-range": N_("expected a year from 1 to 9999, found `{found}`"),
    "too-small": N_("the value must be at least {limit}, found {found}"),
    "too-large": N_("the value must be at most {limit}, found {found}"),
    "too-short": N_("at least {limit} entries are needed here, found {count}"),
    "too-long": N_("at most {limit} entries are allowed here, found {count}"),
    "bad-pattern": N_("{found} is not written in the expected form ({pattern})"),
    "bad-value-other": N_("this value cannot be used here ({problem}), found {found}"),
    # -- checks of one document (model validators)
    "evaluation-needs-data": N_("an evaluation needs `ballots` (one mapping per ballot) or `averages` with `participants`"),
    "evaluation-both": N_("give either `ballots` or `averages`, not both"),
    "evaluation-participants": N_("with `averages`, `participants` (how many took part) is required"),
    "quarter-star-fields": N_("a quarter star needs `quarter` (1-4) and `org` (the branch)"),
    "quarter-range": N_("`quarter` must be 1, 2, 3 or 4, found {found}"),
    "quarter-not-annual": N_("`quarter` belongs to quarter stars only; delete it from this annual star"),
    "review-no-reviewer": N_("a review needs `reviewer` (a member id) or `reviewer_name` (someone outside the workspace)"),
    "review-two-reviewers": N_("give either `reviewer` or `reviewer_name`, not both"),
    "review-no-subject": N_("`subject` names no one: give an org or member id, or a list of them"),
    "weights-negative": N_("weights may not be negative"),
    "weights-sum": N_("weights must add up to 1: monthly {monthly} + democratic {democratic} = {total}"),
    "items-empty": N_("`items` must name at least one scored item"),
    "item-twice": N_("item id `{id}` is used twice; item ids must be unique"),
    "item-max": N_("`item_max` must be above 0"),
    "decimals-range": N_("`decimals` must be between 0 and 6, found {found}"),
    "stars-empty": N_("`stars` must give at least one band"),
    "bands-order": N_("bands must be listed highest first with falling `min`: {lower} follows {higher}"),
    "bands-stars": N_("a lower band may not give more stars: {lower} stars below {higher}"),
    "bands-lowest": N_("the lowest band must start at 0 so that every total gets a band, found min {found}"),
    "stars-negative": N_("stars may not be negative"),
    "expected-period": N_("expected a period: a month 2024-03, a quarter 2024-Q1 or a year 2024, found {found}"),
    "objection-two-authors": N_("give `by` (a member id) or `by_name` (someone outside the workspace), not both"),
    "reply-days-negative": N_("`reply_days` may not be negative, found {found}"),
    "share-between": N_("a share is between 0 and 1, found {found}"),
    "share-divides-by-zero": N_('`{found}` divides by 0; write a share such as 0.05 or "1/3"'),
    "expected-share": N_('expected a share such as 0.05 or "1/3", found {found}'),
    "excellent-share-range": N_("`excellent_share` is a fraction between 0 and 1, found {found}"),
    "scale-option-twice": N_("`options` lists `{option}` twice; list each answer once"),
    "scale-positive-unknown": N_("the positive answer `{option}` is not among the options; add it to `options` or correct it"),
    "scale-weights-unknown": N_("`weights` name `{option}`, which is not among the options; add it to `options` or correct it"),
    "scale-grades-empty": N_("`grades` must give at least one band"),
    "vote-list-length": N_(
        "a vote list gives {expected} counts, for excellent, qualified, basic and unqualified, in that order; found {found}"
    ),
    "share-range": N_("`share` is a fraction between 0 and 1, found {found}"),
    # -- the workspace file and the rules
    "bad-workspace-file": N_("{file} must hold one mapping (pingyi: 1, name: …, year: …)"),
    "format-version": N_("this workspace is written in format version {version}; this pingyi reads version {supported}"),
    "missing-rules-file": N_("the rules file `{file}` does not exist; correct `rules:` or create the file"),
    "rules-file-unreadable": N_("cannot read the rules file `{file}`"),
    "unused-rules-named": N_(
        "this rules document is not used: only `{file}`, named in pingyi.yaml, is used; move it into `{file}` or delete it"
    ),
    "unused-rules": N_("this rules document is not used: name its file in pingyi.yaml (`rules: FILE`) to use it"),
    "no-rules": N_("this file holds no `kind: rules` document; add one, or name another file"),
    "duplicate-rules": N_("a second rules document; a scheme is one document"),
    # -- no cascades
    "cascade-refs": N_(
        "this document could not be read, so its ids are unknown elsewhere: {refs} references to them were "
        "not checked; fix this error first"
    ),
    "cascade-warnings": N_(
        "this document could not be read: {warnings} warnings of the checks are not shown until it can be "
        "read; fix this error first"
    ),
    "cascade-both": N_(
        "this document could not be read, so its ids are unknown elsewhere: {refs} references to them were "
        "not checked and {warnings} warnings are not shown until it can be read; fix this error first"
    ),
}
