"""Messages of ``pingyi export parquet`` and ``pingyi rollup``."""

from ..i18n import N_

MESSAGES = {
    "rollup-needs-scale": N_("Parquet and the roll-up need the scale extra: pip install 'pingyi[scale]' (pyarrow and duckdb)"),
    "rollup-not-a-folder": N_("{path} is not a folder; name the folders `pingyi export parquet` wrote"),
    "rollup-no-tables": N_("{path} holds no tables of `pingyi export parquet` (members.parquet, points.parquet …)"),
    "rollup-failed": N_("the tables cannot be rolled up: {reason}"),
    "output-is-file": N_("{path} is a file; name a folder to write the tables into"),
}
