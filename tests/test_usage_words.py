"""Usage errors that click words in English come out in the language in force."""

from __future__ import annotations

from wsfactory import EXAMPLE, run


def test_an_option_without_its_value_is_said_in_chinese_and_english(monkeypatch):
    result = run("score", "-w", EXAMPLE, "--org")
    assert result.exit_code == 2
    assert "选项 --org 后面要写一个值" in result.output and "requires" not in result.output
    monkeypatch.setenv("PINGYI_LANG", "en")
    result = run("score", "-w", EXAMPLE, "--org")
    assert result.exit_code == 2 and "the option --org needs a value after it" in result.output


def test_a_missing_option_names_it_without_stray_quotes():
    result = run("export", "xlsx", "-w", EXAMPLE)
    assert result.exit_code == 2
    assert "--output / -o" in result.output and "'" not in result.output.splitlines()[0]


def test_the_member_argument_is_named_in_the_language_in_force(monkeypatch):
    result = run("explain", "-w", EXAMPLE, "m3O3")
    assert result.exit_code == 2 and "党员：" in result.output and "MEMBER" not in result.output
    assert "m303 (钟晓敏)" in result.output
    monkeypatch.setenv("PINGYI_LANG", "en")
    result = run("explain", "-w", EXAMPLE, "m3O3")
    assert "MEMBER: there is no member `m3O3`" in result.output
