"""The ``pingyi`` command line. Typer lives here only: each command parses its options,
calls load → compute → render, and maps outcomes to exit codes (FORMAT §11). It may
import every layer; no layer imports it (the catalog tool only reads its help texts).

:data:`TREE` names every command, the module that holds it and its one-line summary, so
that ``pingyi --help`` needs no command module and ``pingyi COMMAND`` imports one
(:mod:`pingyi.cli.registry`). A new command is a module with its function and a line here.
The typer application itself is :data:`app` (:mod:`pingyi.cli.root`, imported on first use).
"""

from __future__ import annotations

from typing import Any

from ..i18n import N_
from .registry import HELP_OPTION, Command, Group, Option

WORKSPACE = N_("Workspace")
REPORTS = N_("Reports")
OUTPUT = N_("Output")

#: ``--lang``, which every command accepts (:data:`pingyi.cli.common.LangOpt`).
LANG_OPTION = Option(
    ("--lang",), N_("Language of what is printed: zh or en (default: PINGYI_LANG, else the workspace's lang, else zh)."), "zh|en"
)

#: The options of ``pingyi`` itself, as its help lists them (:mod:`pingyi.cli.root`
#: declares them with these texts; a test holds the two equal).
ROOT_OPTIONS = (
    Option(("--version", "-V"), N_("Show the version and exit.")),
    Option(("--no-cache",), N_("Read every file afresh instead of using .pingyi-cache/.")),
    LANG_OPTION,
    Option(("--install-completion",), N_("Install completion for the current shell.")),
    Option(("--show-completion",), N_("Show completion for the current shell, to copy it or customize the installation.")),
    HELP_OPTION,
)

TREE = Group(
    N_("pingyi: review rounds, commitments, points and stars of Party grassroots organisations, kept as YAML."),
    {
        "check": Command("check:check", N_("Validate the workspace: every error and warning with file:line:column."), WORKSPACE),
        "init": Command(
            "init:init", N_("Create a workspace: the settings, the org tree and an example of every kind of record."), WORKSPACE
        ),
        "schema": Command(
            "schema:schema", N_("Write the JSON Schemas (draft-07) of every file kind, for editor completion."), WORKSPACE
        ),
        "score": Command("score:score", N_("Year-end points and stars: totals, stars, grades and ranks by org."), REPORTS),
        "explain": Command("explain:explain", N_("A member's points card: how the total and the stars came about."), REPORTS),
        "honours": Command("honours:honours", N_("Stars of the quarter and of the year: candidates and quotas."), REPORTS),
        "coverage": Command("coverage:coverage", N_("Review coverage: who was reviewed, and who reviewed."), REPORTS),
        "rectify": Command("rectify:rectify", N_("Rectification ledger: problems raised in reviews and their closing."), REPORTS),
        "commitments": Command(
            "commitments:commitments", N_("Public commitments: fulfilment rates and the overdue list."), REPORTS
        ),
        "survey": Command("survey:survey", N_("Satisfaction surveys: satisfaction per survey and per subject."), REPORTS),
        "appraisal": Command(
            "appraisal:appraisal",
            N_("Democratic appraisal of members: votes, decisions and the excellent quota."),
            REPORTS,
        ),
        "diff": Command("diff:diff", N_("What changed in the results between two git revisions."), REPORTS),
        "publicity": Command(
            "publicity:publicity",
            N_("Publicity: the results published for a month, a quarter or a year, and the objections."),
            REPORTS,
        ),
        "rollup": Command(
            "rollup:rollup",
            N_("Roll up the exports of many workspaces: rates and distributions per workspace and in total."),
            REPORTS,
        ),
        "export": Group(
            N_("Write workbooks, a static site or Parquet tables of the workspace."),
            {
                "xlsx": Command("export:xlsx", N_("Write the year's ledgers as one workbook.")),
                "template": Command(
                    "export:template", N_("Write an entry sheet to fill in with Excel or WPS and read back with `pingyi import`.")
                ),
                "html": Command(
                    "export_html:html", N_("A static site of the year: headline figures, charts, a page per org and per member.")
                ),
                "parquet": Command(
                    "rollup:parquet", N_("Write the workspace's members, monthly scores and results as Parquet tables.")
                ),
            },
            OUTPUT,
        ),
        "import": Group(
            N_("Read filled-in entry sheets and member rosters back into the workspace."),
            {
                "scores": Command("importer:scores", N_("Import the monthly scores of a filled-in template.")),
                "roster": Command("roster:roster", N_("Import a member roster into the org files.")),
                "evaluation": Command(
                    "records:IMPORTS[evaluation]",
                    N_("Import a filled-in democratic evaluation tally: participants and each member's item averages."),
                ),
                "adjustments": Command("records:IMPORTS[adjustments]", N_("Import a filled-in form of awards and penalties.")),
                "commitments": Command(
                    "records:IMPORTS[commitments]", N_("Import a filled-in commitments form, with their state at year end.")
                ),
                "reviews": Command(
                    "records:IMPORTS[reviews]",
                    N_("Import a filled-in form of a round's reviews, problems and rectifications."),
                ),
                "surveys": Command("records:IMPORTS[surveys]", N_("Import a filled-in form of survey counts.")),
                "appraisal": Command(
                    "records:IMPORTS[appraisal]",
                    N_(
                        "Import a filled-in vote tally of the democratic appraisal: the ballots returned and each member's votes."
                    ),
                ),
            },
            OUTPUT,
        ),
    },
    description=(N_("Run `pingyi COMMAND --help` to see what a command does and its options."),),
    options=ROOT_OPTIONS,
)


def __getattr__(name: str) -> Any:
    if name == "app":  # the typer application: typer is imported only when a command runs
        from .root import app

        return app
    raise AttributeError(f"module 'pingyi.cli' has no attribute {name!r}")


def main() -> None:
    from ..entry import main as entry_main

    entry_main()


__all__ = ["LANG_OPTION", "OUTPUT", "REPORTS", "ROOT_OPTIONS", "TREE", "WORKSPACE", "app", "main"]
