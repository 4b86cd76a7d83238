"""Every message in the user's language (FORMAT §11 "Language"; issue 12, "Done when"):
everything pingyi prints on the example and on the broken workspaces of the test suite
carries Chinese by default, and no Chinese at all with ``--lang en``.

The English runs go over copies whose Chinese data (names of people and orgs, reasons,
problems …) is transliterated to ASCII (:func:`ascii_text`), so that any Chinese character
in English output is a defect of pingyi, not a value from the user's files. The broken
workspaces and failing commands are the test suite's own (``tests/golden/broken.json``,
harvested by ``tests/words_harvest.py``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer.testing import CliRunner

from pingyi.cli import app
from words_harvest import REGISTRY, expand, write_files
from wsfactory import EXAMPLE

IDEOGRAPH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WIDE = re.compile(r"[\u3000-\u303f\uff00-\uffef]")  # full-width punctuation and forms
#: Words a Chinese message may keep as they are: names of formats and programs.
KEPT = {
    "pingyi", "json", "csv", "yaml", "yml", "xlsx", "html", "txt", "parquet", "excel", "wps", "utf", "gbk", "bom",
    "git", "id", "ids", "tab", "windows", "head", "less", "grep", "ascii",
}  # fmt: skip


# ----------------------------------------------------------------------------- the ASCII copy


def _code(ch: str) -> str:
    n = ord(ch) - 0x3400
    out = chr(65 + n % 26)
    n //= 26
    while n:
        out += chr(97 + n % 26)
        n //= 26
    return out


def builtin_words() -> list[str]:
    """Values pingyi itself brings as data when the files leave them out (FORMAT §9, §10):
    the names of the default scoring items and the default survey options. They stay as
    they are in the ASCII copy, and may be shown in English output as the data they are."""
    from pingyi.model import default_rules
    from pingyi.model.survey import DEFAULT_OPTIONS

    words = [item.name for item in default_rules().items] + list(DEFAULT_OPTIONS)
    return sorted(words, key=len, reverse=True)


BUILTIN = builtin_words()
_BUILTIN = re.compile("|".join(map(re.escape, BUILTIN)))


_PUNCT = {"、": ",", "。": ".", "《": '"', "》": '"', "「": '"', "」": '"', "【": "[", "】": "]", "\u3000": " "}


def ascii_punct(text: str) -> str:
    """Full-width signs as their ASCII forms (，→ , and so on)."""
    return WIDE.sub(lambda m: _PUNCT.get(m.group(), unicodedata.normalize("NFKC", m.group())), text)


def ascii_text(text: str) -> str:
    """Every Chinese character as an ASCII word of its own (one capital, then small
    letters: ``张伟`` → two words run together, each character always the same word), so
    that names stay distinct and the same name is the same everywhere; the built-in
    values (:data:`BUILTIN`) stay as they are."""
    parts = _BUILTIN.split(text)
    kept = _BUILTIN.findall(text)
    out = [IDEOGRAPH.sub(lambda m: _code(m.group()), part) for part in parts]
    return "".join(x for pair in zip(out, [*kept, ""]) for x in pair)


def ascii_copy(files: dict[str, str]) -> dict[str, str]:
    return {ascii_text(rel): content if content.startswith("base64:") else ascii_text(content) for rel, content in files.items()}


def copy_tree(source: Path, target: Path, *, ascii: bool) -> Path:
    for path in sorted(source.rglob("*")):
        if path.is_dir() or ".pingyi-cache" in path.parts:
            continue
        rel = path.relative_to(source)
        out = target / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        data = path.read_bytes()
        if ascii and path.suffix in (".yaml", ".yml", ".csv", ".md"):
            data = ascii_punct(ascii_text(data.decode("utf-8"))).encode("utf-8")
        out.write_bytes(data)
    return target


# ----------------------------------------------------------------------------- what a line says


class Said:
    """What one output (stdout and stderr of a command, or a file's text) must satisfy,
    and the data words it may show as they are."""

    def __init__(self, data: Iterable[str] = ()) -> None:
        self.data = {w.lower() for text in data for w in re.findall(r"[A-Za-z][A-Za-z0-9_]*", text)}

    def english_words(self, line: str) -> list[str]:
        """The English words of a line that are not data: quoted values, ids, paths,
        options, codes and the user's own words taken out."""
        line = re.sub(r"^\S+?:(\d+:\d+|[^:\s]+![A-Z]+\d+)?:? ", "", line)  # file:line:col
        line = re.sub(r"`[^`]*`|“[^”]*”|‘[^’]*’|\"[^\"]*\"|'[^']*'", " ", line)
        line = re.sub(r"(?<![\w-])--?[a-z][\w-]*|\S*[/\\]\S*|\S+\.(yaml|yml|xlsx|csv|json|html|txt)\b", " ", line)
        line = re.sub(r"https?://\S+|\b\w*\d\w*\b|\{\w+\}", " ", line)
        return [w for w in re.findall(r"[A-Za-z]{2,}", line) if w.lower() not in self.data and w.lower() not in KEPT]


def lines_of(text: str) -> Iterator[str]:
    for line in text.splitlines():
        line = re.sub(r"[─━│┃┌┐└┘├┤┬┴┼╭╮╰╯═║╔╗╚╝╠╣╦╩╬╞╡╪╤╧╟╢╫╒╓╕╖╘╙╛╜]", " ", line).strip()
        if line:
            yield line


def zh_defects(text: str, said: Said) -> list[str]:
    """Lines that carry English words but no Chinese."""
    return [line for line in lines_of(text) if said.english_words(line) and not IDEOGRAPH.search(line)]


def zh_mixed(text: str, said: Said) -> list[str]:
    """Chinese lines with English words left in them (not data, not a format's name)."""
    return [line for line in lines_of(text) if IDEOGRAPH.search(line) and said.english_words(line)]


def en_defects(text: str, allowed_wide: str = "") -> list[str]:
    """Lines with a Chinese character or a full-width sign the user's files do not hold."""
    out = []
    for line in lines_of(text):
        bare = _BUILTIN.sub(" ", line)
        if IDEOGRAPH.search(bare) or any(ch not in allowed_wide for ch in WIDE.findall(bare)):
            out.append(line)
    return out


def json_strings(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from json_strings(v, str(k))
    elif isinstance(value, list):
        for v in value:
            yield from json_strings(v, key)
    elif isinstance(value, str):
        yield key, value


# ----------------------------------------------------------------------------- running


def lang_options(argv: list[str]) -> set[str]:
    command: Any = typer.main.get_command(app)
    for word in argv:
        sub = getattr(command, "commands", {}).get(word)
        if sub is None:
            break
        command = sub
    return {opt for p in getattr(command, "params", []) for opt in getattr(p, "opts", [])}


def invoke(argv: list[str], lang: str, cwd: Path | None = None) -> Any:
    """``pingyi ARGV`` in ``lang``: ``--lang`` where the command takes it, else
    ``PINGYI_LANG``; wide enough that no message wraps, so each line is judged whole
    (widths are ``test_widths``'s business)."""
    env = {"COLUMNS": "1000", "PINGYI_LANG": lang}
    if "--lang" in lang_options(argv) and "--" not in argv:
        argv = [*argv, "--lang", lang]
        env["PINGYI_LANG"] = "zh" if lang == "en" else "en"  # --lang wins over the environment
    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return CliRunner().invoke(app, argv, env=env)
    finally:
        os.chdir(old)


def output(result: Any) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result.output


# ----------------------------------------------------------------------------- the example

REPORTS: list[list[str]] = [
    ["check"],
    ["score"],
    ["score", "--items"],
    ["score", "--through", "2024-03"],
    ["explain", "m101"],
    ["honours"],
    ["honours", "--annual"],
    ["coverage"],
    ["coverage", "--by-reviewer"],
    ["rectify", "--all", "--as-of", "2024-12-31"],
    ["commitments", "--as-of", "2024-12-31"],
    ["survey", "--all"],
    ["appraisal"],
    ["publicity", "2024-03", "--as-of", "2024-12-31"],
    ["publicity", "2024-Q1", "--as-of", "2024-12-31"],
    ["publicity", "2024", "--as-of", "2025-01-31"],
]
FORMATS = ("table", "json", "csv")


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example as it is (for Chinese) and with its names in ASCII (for English)."""
    base = tmp_path_factory.mktemp("words")
    return {"zh": copy_tree(EXAMPLE, base / "zh", ascii=False), "en": copy_tree(EXAMPLE, base / "en", ascii=True)}


def workspace_text(root: Path) -> list[str]:
    """The text of the workspace's files (its words are data) and its path."""
    texts = [str(root)]
    for path in root.rglob("*"):
        if path.is_file() and ".pingyi-cache" not in path.parts and path.suffix in (".yaml", ".yml", ".csv"):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def check_output(text: str, lang: str, said: Said, where: str, problems: list[str], fmt: str = "table") -> None:
    if fmt == "csv" and lang == "zh":
        import csv
        import io

        rows = list(csv.reader(io.StringIO(text)))
        if rows and "message" in rows[0]:
            i = rows[0].index("message")
            problems.extend(f"{where}: {row[i]}" for row in rows[1:] if len(row) > i and zh_defects(row[i], said))
        return
    if fmt == "json" and text.strip().startswith(("{", "[")):
        data = json.loads(text)
        for key, value in json_strings(data):
            if lang == "en" and en_defects(value):
                problems.append(f"{where}: {key}: {value}")
            if lang == "zh" and key == "message" and not IDEOGRAPH.search(value) and said.english_words(value):
                problems.append(f"{where}: {key}: {value}")
        return
    found = en_defects(text) if lang == "en" else zh_defects(text, said)
    problems.extend(f"{where}: {line}" for line in found)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_report_on_the_example_speaks_one_language(examples, lang):
    root = examples[lang]
    said = Said(workspace_text(root))
    problems: list[str] = []
    for argv in REPORTS:
        # CSV on stdout is data for scripts (English codes and headers): only English is read there
        for fmt in FORMATS if lang == "en" else ("table", "json"):
            result = invoke([*argv, "-w", str(root), "--format", fmt], lang)
            check_output(output(result), lang, said, f"{' '.join(argv)} --format {fmt}", problems, fmt)
    assert not problems, "\n".join(dict.fromkeys(p.split(": ", 1)[1] for p in problems))


def roster_file(folder: Path, lang: str) -> Path:
    """A small roster: two new members of a branch, one of an org that does not exist,
    one without a name (the last two are what a roster import reports)."""
    if lang == "zh":
        rows = ["姓名,所在党支部,状态", "新党员甲,yz1,", "新党员乙,yz1,流动", "新党员丙,不存在的支部,", ",yz1,"]
    else:
        rows = ["name,org,status", "New One,yz1,", "New Two,yz1,flowing", "New Three,Nowhere Branch,", ",yz1,"]
    path = folder / "roster.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def git(root: Path, *args: str) -> None:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    env.update(
        GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.invalid", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.invalid"
    )
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_other_command_on_the_example_speaks_one_language(examples, lang, tmp_path):
    """export, import (--dry-run), roster, init, diff and rollup: what they print."""
    root = copy_tree(examples[lang], tmp_path / "ws", ascii=False)
    out = tmp_path / "out"
    out.mkdir()
    said = Said([*workspace_text(root), str(tmp_path)])
    problems: list[str] = []
    w = ["-w", str(root)]
    runs: list[tuple[list[str], tuple[str, ...]]] = [
        (["export", "xlsx", *w, "-o", str(out / "ledgers.xlsx")], ("table",)),
        (["export", "template", *w, "--org", "yz1", "--month", "2024-04", "-o", str(out / "scores.xlsx")], ("table",)),
        (["import", "scores", str(out / "scores.xlsx"), *w, "--dry-run"], ("table",)),
        (["export", "template", *w, "--kind", "adjustments", "-o", str(out / "adjustments.xlsx")], ("table",)),
        (["import", "adjustments", str(out / "adjustments.xlsx"), *w, "--dry-run"], ("table",)),
        (["export", "template", *w, "--kind", "surveys", "-o", str(out / "surveys.xlsx")], ("table",)),
        (["import", "surveys", str(out / "surveys.xlsx"), *w, "--dry-run"], ("table",)),
        (["import", "roster", str(roster_file(out, lang)), *w, "--dry-run"], ("table",)),
        (["export", "html", *w, "-o", str(out / "site")], ("table",)),
        (["init", "--no-input", str(out / "new")], ("table",)),
        (["export", "parquet", *w, "-o", str(out / "parquet")], ("table",)),
        (["rollup", str(out / "parquet")], FORMATS),
    ]
    if shutil.which("git"):
        git(root, "init", "-q")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "v1")
        scores = root / "scores" / "ez.yaml"
        scores.write_text(scores.read_text(encoding="utf-8").replace("9", "8", 3), encoding="utf-8")
        runs.append((["diff", *w, "--explain"], FORMATS))
    for argv, formats in runs:
        for fmt in formats:
            full = argv if fmt == "table" else [*argv, "--format", fmt]
            result = invoke(full, lang)
            check_output(output(result), lang, said, " ".join(argv[:2]) + f" {fmt}", problems, fmt)
    assert not problems, "\n".join(dict.fromkeys(p.split(": ", 1)[1] for p in problems))


# ----------------------------------------------------------------------------- the broken workspaces

BROKEN = json.loads(REGISTRY.read_text(encoding="utf-8"))


def wide_in(files: dict[str, str]) -> str:
    return "".join(sorted({ch for text in files.values() for ch in WIDE.findall(text)}))


def format_of(argv: list[str]) -> str:
    """The ``--format`` a command line asks for (table when none)."""
    for i, word in enumerate(argv):
        if word in ("--format", "-f") and i + 1 < len(argv):
            return argv[i + 1]
        if word.startswith("--format="):
            return word.split("=", 1)[1]
    return "table"


def ascii_argv(argv: list[str]) -> list[str]:
    return [ascii_text(a) for a in argv]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_broken_workspace_of_the_suite_is_reported_in_one_language(lang, tmp_path):
    """Each workspace of the registry, checked in text form (and some in JSON and CSV)."""
    problems: list[str] = []
    for n, case in enumerate(BROKEN["workspaces"]):
        files = expand(case["files"]) if lang == "zh" else ascii_copy(expand(case["files"]))
        root = write_files(tmp_path / str(n), files)
        said = Said(files.values())
        # JSON and CSV carry the same messages as the text: every eighth workspace suffices
        for fmt in FORMATS if n % 8 == 0 else ("table",):
            result = invoke(["check", "-w", str(root), "--format", fmt], lang)
            text = output(result)
            where = f"{case['test']} check {fmt}"
            if lang == "en":
                problems.extend(f"{where}: {line}" for line in en_defects(text, wide_in(files)))
            else:
                check_output(text, lang, said, where, problems, fmt)
    assert not problems, "\n".join(dict.fromkeys(problems))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_failing_command_of_the_suite_says_so_in_one_language(examples, lang, tmp_path):
    """Each command of the registry that ended in an error or a usage error, run again."""
    problems: list[str] = []
    for n, case in enumerate(BROKEN["commands"]):
        files = expand(case.get("files") or {})
        if lang == "en":
            files = ascii_copy(files)
        root = write_files(tmp_path / str(n), files) if files else tmp_path / str(n)
        root.mkdir(exist_ok=True)
        argv = case["argv"] if lang == "zh" else ascii_argv(case["argv"])
        argv = [str(root) if a == "{ws}" else str(examples[lang]) if a == "{example}" else a for a in argv]
        said = Said([*files.values(), *argv])
        result = invoke(argv, lang, cwd=root)
        text = output(result)
        where = f"{case['test']} {' '.join(case['argv'][:3])}"
        if lang == "en":
            problems.extend(
                f"{where}: {line}" for line in en_defects(text, wide_in(files) + "".join(WIDE.findall(" ".join(argv))))
            )
        else:
            check_output(text, lang, said, where, problems, format_of(argv))
    assert not problems, "\n".join(dict.fromkeys(problems))


# ----------------------------------------------------------------------------- closed output


@pytest.mark.parametrize("command", [["score"], ["check"], ["coverage", "--format", "csv"]])
def test_a_reader_that_goes_away_ends_the_command_quietly(command, tmp_path):
    """``pingyi score | head -1``: no traceback, no "Broken pipe" from Python."""
    env = {**os.environ, "PINGYI_NO_CACHE": "1", "COLUMNS": "80"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "pingyi", *command, "-w", str(EXAMPLE)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # as `head -1` does
    err = proc.stderr.read().decode("utf-8", "replace")
    proc.wait(timeout=120)
    assert first.strip()
    assert "Traceback" not in err and "Broken pipe" not in err and "BrokenPipeError" not in err, err
    assert proc.returncode in (0, 1), err


@pytest.mark.parametrize(("lang", "words"), [("zh", "标准输出已关闭"), ("en", "standard output is closed")])
def test_a_closed_standard_output_is_said_in_the_language_in_force(lang, words, tmp_path):
    """``pingyi score >&-``: one line on stderr, in the language in force, exit 2."""
    env = {**os.environ, "PINGYI_NO_CACHE": "1", "PINGYI_LANG": lang}
    proc = subprocess.run(
        [sys.executable, "-m", "pingyi", "score", "-w", str(EXAMPLE)],
        stdout=subprocess.DEVNULL if sys.platform == "win32" else None,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
        pass_fds=(),
        close_fds=True,
        preexec_fn=(lambda: os.close(1)) if sys.platform != "win32" else None,  # noqa: PLW1509
        timeout=120,
    )
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2, err
    assert "Traceback" not in err and words in err
    assert (IDEOGRAPH.search(err) is None) == (lang == "en"), err


# ----------------------------------------------------------------------------- the yardsticks


def test_the_yardsticks_find_what_they_look_for():
    """The checks above would see a defect: an English sentence in Chinese output, a
    Chinese word in English output, a full-width sign the user did not write."""
    said = Said(["kind: org\norgs:\n  - {id: zb1, name: Branch One}\n"])
    assert zh_defects("a.yaml:3:5: warning: the org has no secretary", said)
    assert not zh_defects("a.yaml:3:5: 警告：党组织 `zb1`（Branch One）没有书记", said)
    assert not zh_defects("zb1  Branch One  12  95.00%", said)  # data only
    assert en_defects("warning: `m1` is exempt (免于积分)") and en_defects("Rate：95%")
    assert not en_defects("scores.yaml:3:9: error: `9，8` is not a number", allowed_wide="，")
    assert ascii_text("张伟") != ascii_text("张卫") and not IDEOGRAPH.search(ascii_text("张伟 (m1)"))
    assert ascii_text("满意: 3") == "满意: 3"  # a built-in value stays as it is
