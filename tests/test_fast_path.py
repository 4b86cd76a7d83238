"""The fast reader (pingyi.io.fast) gives exactly what the YAML reader and the models give,
in every layout people write scores and evaluations in, or steps aside for YAML to decide."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pingyi.diagnostics import Loc
from pingyi.io import fast as fast_reader
from pingyi.io.fast import fast_model, parse_scores, read_document, read_documents
from pingyi.io.yaml import PingyiYAMLError, parse_text
from pingyi.loader import read_file
from pingyi.validate import validate_document

FLOW = """\
# yaml-language-server: $schema=../schemas/scores.schema.json
kind: scores
org: yz1
month: 2024-03
scores:
  m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]   # 张伟
  0012: [10, 10, 10, 10, 10, 10, 10, 10, 10, 9.5]
"""

BLOCK = """\
kind: scores
org: 'yz1'
month: "2024-03"     # 三月
x-录入: 张三 补录
scores:
  m101:
  - 9      # 学习
  - 10

  # 第三项
  - 8
  "m102":
      - 10
      - 9.5
  x-note: {checked: 'yes'}
"""

EVALUATION = """\
kind: evaluation
org: yz1
year: 2024
mass_representatives: 12   # 群众代表
ballots:   # 每张一个映射
  # 第1张
  - m101: [10, 9, 9]
    m102: [9, 9, 9]
  - {m101: [9, 9, 9], m102: [10,
       10, 10]}
  - m101:
      - 8
      - 8
      - 8
    x-note: 补票
"""


def _same(text: str) -> None:
    """read_documents agrees with parse_text, and fast_model with the validation."""
    try:
        expected: Any = parse_text(text)
    except PingyiYAMLError as exc:
        expected = (exc.key, exc.line, exc.column, exc.args_)
    try:
        got: Any = read_documents(text)[0]
    except PingyiYAMLError as exc:
        got = (exc.key, exc.line, exc.column, exc.args_)
    assert got == expected, text
    if isinstance(got, list):
        for index, raw in enumerate(got):
            model = fast_model(raw)
            if model is not None:
                validated, diagnostics = validate_document(raw, Loc("f.yaml", index))
                assert diagnostics == [] and model == validated, text


def test_every_style_is_read_fast_and_as_yaml_reads_it():
    text = FLOW + "---   # 四月\n" + BLOCK + "---\n" + EVALUATION
    docs, fast = read_documents(text)
    assert fast == [True, True, True]
    assert docs == parse_text(text)
    assert docs[1]["scores"]["m102"] == ["10", "9.5"]
    models = [fast_model(d) for d in docs]
    assert all(m is not None for m in models)
    assert models[2].ballots[1]["m102"] == [10, 10, 10]
    _same(text)


LISTS = """\
kind: scores
org: yz1
month: 2024-03
scores:
  m101:   # 张伟
    - 9
    - 10   # 学习

    # 第三项
    - 8
  m102:
  - 10
  - 9.5
  m103:
    - 7
    - 8
"""


def test_block_lists_run_by_run_are_read_as_yaml_reads_them(monkeypatch):
    """Keys each followed by a list of words a line each (the block scores of a yearly
    file) are read as one run, whatever the lists' indentation; where the last list goes
    on in another form, its key is read by the general reader, still fast."""
    variants = [
        LISTS,
        LISTS + "    - '9'\n",  # the last list goes on with a quoted word
        LISTS + "  m104: [1, 2]\n",  # a flow row after the run
        LISTS + "    - 7 # 备注\n  x-note: 补录\n",
        LISTS.replace("  m102:\n", "  m102:   \n"),  # spaces after the colon
        LISTS.replace("  - 9.5\n", "  - 9.5\n  - 张三 补录\n"),  # words of several parts
    ]
    for text in variants:
        docs, fast = read_documents(text)
        assert fast == [True], text
        assert docs == parse_text(text), text
    assert read_documents(LISTS)[0][0]["scores"]["m102"] == ["10", "9.5"]
    runs: list[bool] = []
    original = fast_reader._Reader._lists

    def spy(self, *args):
        runs.append(original(self, *args))
        return runs[-1]

    monkeypatch.setattr(fast_reader._Reader, "_lists", spy)
    read_documents(LISTS)
    # the first key opens the mapping (the general reader); then one run per indentation
    assert runs == [True, True]
    unusual = [
        LISTS.replace("  m103:", "  m101:"),  # a key given twice
        LISTS.replace("    - 7\n", "    - null\n"),  # a word YAML reads as nothing
        LISTS.replace("  m103:", "  null:"),  # a key YAML reads as nothing
        LISTS.replace("  m102:\n", "  m102:#x\n"),  # no key: a plain word with a colon in it
        LISTS + "      8\n",  # a word that goes on over the next line
    ]
    for text in unusual:
        assert read_document(text) is None, text
        _same(text)


def test_a_file_of_scores_and_evaluations_gives_the_validated_models():
    text = FLOW + "---\n" + BLOCK + "---\n" + EVALUATION
    result = read_file("f.yaml", text.encode())
    assert result.diagnostics == ()
    for (index, model), raw in zip(result.documents, parse_text(text), strict=True):
        assert model == validate_document(raw, Loc("f.yaml", index))[0]


def test_an_unusual_document_is_read_by_yaml_and_the_others_fast():
    anchored = FLOW.replace("[9, 10, 8", "[&a 9, 10, 8")
    text = FLOW + "---\n" + anchored + "---\n" + BLOCK
    docs, fast = read_documents(text)
    assert fast == [True, False, True]
    assert docs == parse_text(text)


def test_an_error_in_one_document_is_the_error_yaml_gives_for_the_file():
    broken = FLOW + "---\n" + BLOCK.replace("  - 8", "  - 8\n  m101: [1]")  # a duplicate key
    _same(broken)
    try:
        read_documents(broken)
    except PingyiYAMLError as exc:
        assert exc.key == "duplicate-key" and exc.line is not None and exc.line > 8
    else:  # pragma: no cover
        raise AssertionError("the duplicate key went unnoticed")


def test_unusual_shapes_are_left_to_yaml():
    unusual = [
        FLOW.replace("  m101", "\tm101"),  # tab
        FLOW.replace("[9, 10, 8", "[&a 9, 10, 8"),  # anchor
        FLOW.replace("org: yz1", "org: null"),
        FLOW.replace("org: yz1", "org: !!str yz1"),
        FLOW.replace("org: yz1", "org:yz1"),
        FLOW.replace("org: yz1", "org: 'y''z1'"),
        FLOW.replace("org: yz1", 'org: "y\\z1"'),
        FLOW.replace("  0012:", "   0012:"),  # inconsistent indentation
        FLOW.replace("10, 9.5]", "10, 9.5,]"),  # a trailing comma
        FLOW.replace("[9, 10,", "[9，10,"),  # a full-width comma
        FLOW.replace("org: yz1", "org: |\n  yz1"),
        FLOW.replace("  0012:", "  m101:"),  # duplicate key
        FLOW.replace("  0012:", "  null:"),  # a key YAML reads as nothing
        FLOW.replace("[9, 10, 8,", "[9, null, 8,"),
        BLOCK.replace("  - 10\n", "  - ~\n"),
    ]
    for text in unusual:
        assert read_document(text) is None, text
        _same(text)


def test_the_rows_of_a_scores_file_stay_available():
    assert parse_scores(FLOW) == parse_text(FLOW)
    assert parse_scores(BLOCK + "---\n" + FLOW) == parse_text(BLOCK + "---\n" + FLOW)
    assert parse_scores(EVALUATION) is None
    assert parse_scores(FLOW.replace("[9, 10, 8", "[&a 9, 10, 8")) is None


def test_models_step_aside_for_what_the_validation_must_say():
    raw = parse_text(FLOW)[0]
    for bad in (
        {**raw, "org": "yz 1"},
        {**raw, "month": "2024-13"},
        {**raw, "scores": {"m101": ["9", "x"]}},
        {**raw, "scores": {"m101": "9"}},
        {**raw, "extra": "1"},
    ):
        assert fast_model(bad) is None
        _model, diagnostics = validate_document(bad, Loc("f.yaml", 0))
        assert diagnostics
    assert fast_model({**raw, "scores": {"m101": ["9" * 40]}}) is None  # checked where it stands
    evaluation = parse_text(EVALUATION)[0]
    for bad in (
        {**evaluation, "averages": {"m101": ["9"]}},  # both
        {k: v for k, v in evaluation.items() if k != "ballots"},  # neither
        {**{k: v for k, v in evaluation.items() if k != "ballots"}, "averages": {"m101": ["9"]}},  # no participants
        {**evaluation, "year": "0"},
        {**evaluation, "ballots": [{"m101": ["9"]}, "x"]},
    ):
        assert fast_model(bad) is None
        _model, diagnostics = validate_document(bad, Loc("f.yaml", 0))
        assert diagnostics


# --------------------------------------------------------------------------- the property

ids = st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,5}", fullmatch=True)
numbers = st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True)
USER_VALUES = ["张三 补录", "'a: b'", "'2024-03'", "[1, 2]", "{k: v}"]
comments = st.sampled_from(["", "  # 备注", " #x", "   # 第1项: 好"])


@st.composite
def scalar(draw, value: str) -> str:
    style = draw(st.sampled_from(["plain", "plain", "plain", "single", "double"]))
    return {"plain": value, "single": f"'{value}'", "double": f'"{value}"'}[style]


@st.composite
def number_list(draw, lines: list[str], key: str, indent: int) -> None:
    """``key`` (already indented) and a list of numbers in one of the styles."""
    values = [draw(scalar(v)) for v in draw(st.lists(numbers, min_size=1, max_size=4))]
    style = draw(st.sampled_from(["flow", "flow", "split", "block", "loose"]))
    if style == "flow":
        sep = "," + draw(st.sampled_from(["", " ", "  "]))
        lines.append(f"{key} [{sep.join(values)}]{draw(comments)}")
    elif style == "split":
        cut = draw(st.integers(1, len(values)))
        more = " " * (indent + draw(st.integers(1, 4)))
        first, rest = ", ".join(values[:cut]), ", ".join(values[cut:])
        if rest:
            lines.append(f"{key} [{first},{draw(comments)}")
            lines.append(f"{more}{rest}]{draw(comments)}")
        else:
            lines.append(f"{key} [{first}")
            lines.append(f"{more}]{draw(comments)}")
    else:
        lines.append(f"{key}{draw(comments)}")
        pad = " " * (indent if style == "loose" else indent + draw(st.integers(1, 3)))
        for v in values:
            lines.append(f"{pad}- {v}{draw(comments)}")
            if draw(st.integers(0, 6)) == 0:
                lines.append(draw(st.sampled_from(["", "  # 注", "# 注"])))


@st.composite
def rows(draw, lines: list[str], indent: int, first: str | None = None) -> None:
    """A mapping of member → numbers at ``indent`` (``first``: the first key's prefix)."""
    pad = " " * indent
    members = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    for n, member in enumerate(members):
        prefix = first if (n == 0 and first is not None) else pad
        draw(number_list(lines, f"{prefix}{draw(scalar(member))}:", indent))
        if draw(st.integers(0, 8)) == 0:
            lines.append(f"{pad}x-{member}: {draw(st.sampled_from(USER_VALUES))}")


@st.composite
def document(draw) -> list[str]:
    lines: list[str] = []
    if draw(st.booleans()):
        lines.append("# 说明")
    kind = draw(st.sampled_from(["scores", "scores", "evaluation"]))
    org = f"org: {draw(scalar(draw(ids)))}{draw(comments)}"
    if kind == "scores":
        when = f"20{draw(st.integers(10, 30))}-{draw(st.integers(1, 12)):02d}"
        month = f"month: {draw(scalar(when))}{draw(comments)}"
        head = [f"kind: {draw(scalar('scores'))}", org, month]
    else:
        year = str(draw(st.integers(1990, 2030)))
        head = [f"kind: evaluation{draw(comments)}", org, f"year: {draw(scalar(year))}"]
        if draw(st.booleans()):
            head.append(f"mass_representatives: {draw(st.integers(0, 30))}{draw(comments)}")
    if draw(st.integers(0, 3)) == 0:
        head.append(f"x-note: {draw(st.sampled_from(USER_VALUES))}")
    lines.extend(draw(st.permutations(head)))
    indent = draw(st.integers(1, 4))
    if kind == "scores":
        lines.append("scores:" + draw(comments))
        draw(rows(lines, indent))
    elif draw(st.booleans()):
        lines.append(f"participants: {draw(st.integers(1, 40))}")
        lines.append("averages:" + draw(comments))
        draw(rows(lines, indent))
    else:
        lines.append("ballots:" + draw(comments))
        dash = draw(st.sampled_from([0, indent]))
        for _ in range(draw(st.integers(1, 3))):
            if draw(st.booleans()):
                members = draw(st.lists(ids, min_size=1, max_size=3, unique=True))
                entries = [f"{m}: [{', '.join(draw(st.lists(numbers, min_size=1, max_size=3)))}]" for m in members]
                if len(entries) > 1 and draw(st.booleans()):
                    lines.append(f"{' ' * dash}- {{{entries[0]},")
                    lines.append(f"{' ' * (dash + 3)}{', '.join(entries[1:])}}}{draw(comments)}")
                else:
                    lines.append(f"{' ' * dash}- {{{', '.join(entries)}}}{draw(comments)}")
            else:
                draw(rows(lines, dash + 2, first=" " * dash + "- "))
    return lines


MUTATIONS = ["\t", "，", ":", "'", '"', "#", "-", "[", "]", "{", "}", ",", " ", "\n", "&", "*", "!", "|", "\\", "\r", "~"]


@st.composite
def texts(draw) -> tuple[str, bool]:
    parts = []
    for n in range(draw(st.integers(1, 3))):
        lines = draw(document())
        if n or draw(st.booleans()):
            lines.insert(0, "---" + draw(st.sampled_from(["", "  # 下一月"])))
        parts.append("\n".join(lines))
    text = "\n".join(parts) + draw(st.sampled_from(["", "\n", "\n\n"]))
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    damaged = draw(st.integers(0, 2)) == 0
    if damaged:
        how = draw(st.sampled_from(["insert", "insert", "line", "indent", "null"]))
        lines = text.split("\n")
        at = draw(st.integers(0, len(lines) - 1))
        if how == "insert":
            i = draw(st.integers(0, len(text)))
            text = text[:i] + draw(st.sampled_from(MUTATIONS)) + text[i:]
        elif how == "line":  # a line written twice: a duplicate key, most often
            lines.insert(at, lines[at])
            text = "\n".join(lines)
        elif how == "indent":
            lines[at] = lines[at][1:] if lines[at].startswith(" ") and draw(st.booleans()) else " " + lines[at]
            text = "\n".join(lines)
        else:
            lines[at] = (
                lines[at].split(":")[0] + ": " + draw(st.sampled_from(["", "null", "~"])) if ":" in lines[at] else lines[at]
            )
            text = "\n".join(lines)
    return text, damaged


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts())
def test_the_fast_reader_gives_what_yaml_and_the_models_give(case):
    text, damaged = case
    _same(text)
    if not damaged:  # every undamaged style is the fast reader's own
        docs, fast = read_documents(text)
        assert all(fast), text
        assert all(fast_model(d) is not None for d in docs), text


def test_rows_that_only_look_like_numbers_go_to_the_validation():
    raw = parse_text(FLOW)[0]
    for rows in (
        {"m101": ["9,10"]},
        {"m101": ["9;10"]},
        {"m101": [""]},
        {"m101": ["", "9"]},
        {"m1\nm2": ["9"]},
        {"m1": ["٣"]},
        {"m1": ["1234567890123"]},
        {"m1": [9]},
    ):
        bad = {**raw, "scores": rows}
        model = fast_model(bad)
        validated, diagnostics = validate_document(bad, Loc("f.yaml", 0))
        assert model is None or (model == validated and not diagnostics), rows


def test_a_kind_that_is_no_word_is_left_to_the_validation():
    """``kind: []`` (or a mapping) is no kind the fast reader builds: the validation says
    what is wrong, at its place, and nothing raises."""
    for kind in ("[]", "{a: 1}", "[scores]"):
        text = f"kind: {kind}\norg: yz1\nmonth: 2024-03\nscores:\n  m101: [9, 10]\n"
        assert fast_model(read_document(text)) is None
        result = read_file("f.yaml", text.encode())
        assert result.documents == () and result.diagnostics
        assert all(d.loc is not None and d.loc.file == "f.yaml" for d in result.diagnostics)


# --------------------------------------------------------------------------- free text

COMMITMENTS = """\
# 县委办公室机关党支部 2024年公开承诺 (承诺→践诺)
kind: commitments
year: 2024
items:
  - id: c-t00b001-02
    owner: t00b001
    type: basic
    text: 村集体经济收入增长10%以上
    made: 2024-02-03
    due: 2024-12-31
    status: done
    evidence: 整改方案已落实，见会议记录（2024年第3期）
  - id: c-t00b001-03
    text: 联系群众:每月2次 # 备注
    evidence: 'a: b'
"""

#: pieces of free text: words, punctuation, YAML's indicators, spaces and the null words
TEXT_PIECES = ["张三", "a", "9", "%", "，", "（", "：", ":", ": ", "#", " #", " ", "  ", "'", '"', ",", "[", "]", "{", "}"]
TEXT_PIECES += ["-", "- ", "&", "*", "!", "|", ">", "?", "@", "`", "~", "null", "\u3000", "\xa0", "a:b", "\\"]
free_text = st.tuples(st.sampled_from(["张三", "a", "9", ""]), st.lists(st.sampled_from(TEXT_PIECES), max_size=5)).map(
    lambda parts: (parts[0] + "".join(parts[1])) or "a"
)


def _reads_plainly(value: str) -> bool:
    """Whether the fast reader reads ``value`` as a plain block value itself."""
    return (
        value[:1].isalnum()
        and value.isprintable()
        and value == value.rstrip(" ")
        and ": " not in value
        and " #" not in value
        and not value.endswith(":")
        and value not in ("null", "Null", "NULL", "~")
    )


def test_free_text_in_block_values_is_read_fast_and_as_yaml_reads_it():
    docs, fast = read_documents(COMMITMENTS)
    assert fast == [True]
    assert docs == parse_text(COMMITMENTS)
    assert docs[0]["items"][0]["evidence"] == "整改方案已落实，见会议记录（2024年第3期）"
    assert docs[0]["items"][1]["text"] == "联系群众:每月2次"


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(free_text, min_size=1, max_size=4),
    where=st.sampled_from(["value", "item"]),
    comment=st.sampled_from(["", "  # 注", " #x"]),
)
def test_any_free_text_value_is_read_as_yaml_reads_it(values, where, comment):
    if where == "value":
        lines = ["kind: commitments", *(f"k{n}: {v}{comment}" for n, v in enumerate(values))]
    else:
        lines = ["kind: commitments", "items:", *(f"  - {v}{comment}" for v in values)]
    text = "\n".join(lines) + "\n"
    _same(text)
    if all(_reads_plainly(v) for v in values):
        assert read_documents(text)[1] == [True], text
