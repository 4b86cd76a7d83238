"""Reading and writing files, and nothing that knows what a review or a score means:
finding the workspace (:mod:`.files`), reading YAML with positions (:mod:`.yaml`, the fast
path :mod:`.fast` and its workers :mod:`.workers`, :mod:`.locate`), the data-only cache
(:mod:`.cache`, :mod:`.plain`), atomic writes (:mod:`.write`), editing YAML in place
(:mod:`.yaml_edit`, :mod:`.org_edit`, :mod:`.forms`), git's object store (:mod:`.git`),
workbooks from elsewhere (:mod:`.xlsx_read`), Parquet (:mod:`.parquet`) and the
fingerprint of a published page (:mod:`.fingerprint`).

May import the model, :mod:`pingyi.diagnostics`, :mod:`pingyi.errors` and
:mod:`pingyi.messages` (a file that cannot be read is a diagnostic), the record types it
reads and writes (:mod:`pingyi.records`, :mod:`pingyi.tables`) and the loader's per-file
result (what the cache keeps); never :mod:`pingyi.compute`, :mod:`pingyi.checks`,
:mod:`pingyi.render` or :mod:`pingyi.cli`.
"""
