"""Rendering results for people and scripts: tables that fit the terminal, JSON, CSV, HTML
pages (:mod:`.site`, :mod:`.publicity`, templates in ``html/``) and the workbook
(:mod:`.xlsx`). A module per report turns its result into every form, and its ``…Report``
or ``…Output`` class is the :class:`~pingyi.report.Report` the command line emits;
:mod:`.labels` and :mod:`.output` are the words and the table helper they share.

May import the result types of :mod:`pingyi.compute`, the model, :mod:`pingyi.numbers`,
:mod:`pingyi.i18n`, rich, openpyxl and jinja2; never :mod:`pingyi.cli`. The static site
(:mod:`.site`) is the one renderer that still computes its pages from a workspace;
:mod:`.xlsx` takes only rows, the plain types of :mod:`pingyi.ledgers`.
"""
