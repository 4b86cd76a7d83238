"""Keeping the catalog (a developer's tool; needs Babel, in the ``test`` extra).

    python -m pingyi.i18n.catalog check             # what is missing, untranslated, unused, stale
    python -m pingyi.i18n.catalog update DOMAIN [PREFIX …]
                        # add the ids missing from every catalog to DOMAIN.po (only those
                        # found in files whose path starts with a PREFIX, e.g.
                        # src/pingyi/compute/appraisal.py or cli:, when given)
    python -m pingyi.i18n.catalog compile           # every .po → .mo

The message ids are gathered from the source (calls of ``N_``, ``_``, ``gettext``,
``ngettext`` and ``tr`` with a literal first argument) and from the command line's help
texts (every command's and option's help, read from the typer app itself, so they need no
marker).
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import LOCALE_DIR

PACKAGE = Path(__file__).resolve().parent.parent
KEYWORDS = {"N_": None, "_": None, "gettext": None, "ngettext": (1, 2), "tr": None}


def po_files(lang: str = "zh") -> list[Path]:
    return sorted((LOCALE_DIR / lang / "LC_MESSAGES").glob("*.po"))


def source_ids() -> dict[str, str]:
    """msgid → where it was first found (``file:line``), from the Python source. A plural
    message (``ngettext``) is keyed by its singular; :data:`PLURALS` gives its plural."""
    from babel.messages.extract import extract_from_dir

    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()
    ):
        if isinstance(message, tuple):
            if not message[0]:
                continue
            PLURALS[message[0]] = message[1]
            message = message[0]
        if message:
            found.setdefault(message, f"{filename}:{lineno}")
    return found


#: singular → plural of the plural messages found by :func:`source_ids`.
PLURALS: dict[str, str] = {}


def cli_ids() -> dict[str, str]:
    """The command line's help texts (command docstrings and option help), read from the
    command tree by :func:`pingyi.cli.language.help_texts` (only ``cli/`` knows typer)."""
    try:
        from ..cli.language import help_texts
    except ImportError:  # pragma: no cover - the command line cannot be imported
        return {}
    found: dict[str, str] = {}
    for path, text in help_texts():
        found.setdefault(text, f"cli:{path}")
    return found


def all_ids() -> dict[str, str]:
    found = source_ids()
    for text, where in cli_ids().items():
        found.setdefault(text, where)
    return found


def read_catalogs(lang: str = "zh") -> dict[Path, object]:
    from babel.messages.pofile import read_po

    out: dict[Path, object] = {}
    for path in po_files(lang):
        with path.open("rb") as fp:
            out[path] = read_po(fp, locale=lang)
    return out


def compiled(catalog: object) -> bytes:
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # type: ignore[arg-type]
    return buffer.getvalue()


def problems(lang: str = "zh") -> list[str]:
    """Every way the catalog falls short: ids without a translation, entries nothing uses,
    an id in two files, a ``.mo`` older than its ``.po``."""
    ids = all_ids()
    catalogs = read_catalogs(lang)
    out: list[str] = []
    seen: dict[str, Path] = {}
    for path, catalog in catalogs.items():
        for message in catalog:  # type: ignore[attr-defined]
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key in seen:
                out.append(f"{path.name}: {key!r} is also in {seen[key].name}")
            seen[key] = path
            if key not in ids:
                out.append(f"{path.name}: unused entry {key!r}")
            elif (key in PLURALS) != isinstance(message.id, tuple):
                out.append(f"{path.name}: {key!r} must be {'a plural' if key in PLURALS else 'a singular'} entry")
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not all(strings) or message.fuzzy:
                out.append(f"{path.name}: {key!r} has no translation")
        mo = path.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(catalog):
            out.append(f"{mo.name} is stale: run `python -m pingyi.i18n.catalog compile`")
    for key, where in sorted(ids.items(), key=lambda kv: kv[1]):
        if key not in seen:
            out.append(f"{where}: {key!r} is in no catalog: run `python -m pingyi.i18n.catalog update`")
    return out


def update(domain: str = "core", prefixes: tuple[str, ...] = (), lang: str = "zh") -> int:
    """Add every id missing from all catalogs to ``DOMAIN.po`` (untranslated); with
    ``prefixes``, only the ids found in files whose path starts with one of them."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalogs = read_catalogs(lang)
    known = {m.id[0] if isinstance(m.id, tuple) else m.id for c in catalogs.values() for m in c}  # type: ignore[attr-defined]
    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"
    catalog: Any = catalogs.get(path) or Catalog(locale=lang, domain=domain, project="pingyi")
    added = 0
    for key, where in all_ids().items():
        shown = where if where.startswith("cli:") else f"src/pingyi/{where.split(':')[0]}"
        if prefixes and not any(shown.startswith(p) or where.startswith(p) or p in shown for p in prefixes):
            continue
        if key not in known:
            msgid: str | tuple[str, str] = (key, PLURALS[key]) if key in PLURALS else key
            catalog.add(
                msgid, ("", "") if isinstance(msgid, tuple) else "", locations=[(where.split(":")[0], 0)] if ":" in where else ()
            )
            added += 1
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as fp:
        write_po(fp, catalog, width=100, omit_header=False, sort_output=False, include_lineno=False)
    return added


def compile_all(lang: str = "zh") -> list[Path]:
    written = []
    for path, catalog in read_catalogs(lang).items():
        mo = path.with_suffix(".mo")
        data = compiled(catalog)
        if not mo.exists() or mo.read_bytes() != data:
            mo.write_bytes(data)
            written.append(mo)
    return written


def main(argv: Iterable[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    verb = args[0] if args else "check"
    if verb == "check":
        found = problems()
        for line in found:
            print(line)
        return 1 if found else 0
    if verb == "update":
        print(f"{update(args[1] if len(args) > 1 else 'core', tuple(args[2:]))} ids added")
        return 0
    if verb == "compile":
        for mo in compile_all():
            print(f"wrote {mo.relative_to(PACKAGE)}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
