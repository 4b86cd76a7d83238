"""The options' values are turned into their types without pydantic (pingyi.cli.coerce),
exactly as typer's own adapters turn them: the same value of the same type for every
value they take, the same error, word for word, for every value they refuse."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click import Context
from typer._coercion import build_runtime_param

from pingyi.cli import TREE, app
from pingyi.cli.coerce import QuickParam
from pingyi.cli.language import build


def every_parameter() -> list[tuple[str, Any, Any]]:
    """(where, command, parameter) for every parameter of every command and group,
    the help and completion options included."""
    out = []
    root = typer.main.get_command(app)
    commands = [("pingyi", root)]
    for words, node in TREE.walk():
        commands.append((" ".join(words), build(node, words)))
    for where, command in commands:
        for param in command.get_params(Context(command)):
            out.append((where, command, param))
    return out


PARAMETERS = every_parameter()


def values(tmp: Path) -> list[Any]:
    """Values of every kind, good and bad, as the command line gives them."""
    tmp.mkdir()
    (tmp / "a-file.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp / "a-folder").mkdir()
    return [
        *("table", "json", "csv", "xlsx", "html", "JSON", "Csv", "zh", "en", "EN", "fr", ""),
        *("2024", "0", "1", "4", "5", "9999", "10000", "-1", "-0", "007", "+5", " 12", "12 ", "1_000", "1e3", "2.0", "x"),
        *("2024-06-30", "2024-6-30", "2024-02-30", "30/06/2024", "2024-06-30 "),
        *(str(tmp / "a-file.yaml"), str(tmp / "a-folder"), str(tmp / "nothing-here"), ".", "-", "a b", "org.x"),
        *(True, False, 2024, 0, dt.datetime(2024, 6, 30), Path("x")),
        ("h1",),
        ("h1", "h2"),
        [],
    ]


def outcome(coerce: Any, value: Any, param: Any, ctx: Any) -> tuple[str, Any]:
    try:
        result = coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 - the error is what is compared
        return "error", (type(exc).__name__, str(exc))
    return "value", (type(result), result)


def test_every_parameter_gets_the_quick_coercion():
    assert PARAMETERS
    for where, _, param in PARAMETERS:
        assert isinstance(param._runtime_param, QuickParam), (where, param.name)


def kind(param: Any) -> tuple[Any, ...]:
    """What decides how a parameter's value is turned into its type."""
    info = param.type_descriptor.parameter_info
    settings = ("min", "max", "clamp", "formats", "exists", "file_okay", "dir_okay", "path_type", "case_sensitive")
    return (str(param.type_descriptor.annotation), param.multiple, param.nargs, *(repr(getattr(info, s)) for s in settings))


def test_the_quick_coercion_gives_what_typer_gives(tmp_path):
    kinds = {kind(param): (where, command, param) for where, command, param in PARAMETERS}
    for where, command, param in kinds.values():
        quick = param._runtime_param
        assert isinstance(quick, QuickParam)
        ctx = Context(command)
        typer_own = build_runtime_param(param.type_descriptor)
        for value in values(tmp_path / str(len(list(tmp_path.iterdir())))):
            expected = outcome(typer_own.coerce, value, param, ctx)
            got = outcome(quick.coerce, value, param, ctx)
            param._runtime_param = quick  # a refused value has put typer's own in its place
            assert got == expected, (where, param.name, value)
    # every kind of option pingyi has was compared
    compared = {str(param.type_descriptor.annotation) for _, _, param in kinds.values()}
    assert {"<enum 'ReportFormat'>", "<class 'int'>", "<class 'str'>", "<class 'pathlib.Path'>"} <= compared
    assert "<class 'datetime.datetime'>" in compared and "list[str]" in compared


@pytest.mark.parametrize(
    ("given", "said"),
    [
        (["--year", "0"], "--year / -y: give a number of at least 1."),
        (["--year", "x"], "--year / -y: give a whole number."),
        (["--format", "pdf"], "--format / -f: `pdf` is not one of 'table', 'json', 'csv', 'xlsx', 'html'."),
        (["--as-of", "2024-13-01"], "--as-of: `2024-13-01` is not a date: write it as YYYY-MM-DD"),
    ],
)
def test_a_value_refused_is_refused_in_typer_s_words(cli, tmp_path, given, said):
    got = cli("score", *given, "-w", str(tmp_path), "--lang", "en")
    assert got.exit_code == 2, got.output
    assert said in got.stderr


@pytest.mark.parametrize("given", [[], ["--year", "2024", "--format", "csv", "--org", "x", "--as-of", "2024-06-30"]])
def test_no_adapter_is_built_for_the_options_pingyi_has(given, monkeypatch, tmp_path):
    import typer._coercion

    built: list[Any] = []
    real = typer._coercion.build_runtime_param

    def spy(descriptor: Any) -> Any:
        built.append(descriptor)
        return real(descriptor)

    monkeypatch.setattr("pingyi.cli.coerce.build_runtime_param", spy)
    command = build(TREE.commands["score"], ("score",))
    ctx = command.make_context("score", [*given, "-w", str(tmp_path)])
    assert ctx.params["fmt"] == (None if not given else "csv")
    assert built == []
