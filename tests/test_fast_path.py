"""The fast path for scores files must agree with the full YAML reader on every text it
accepts, and step aside (return None) on anything it does not fully understand."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pingyi.io.fast import parse_scores
from pingyi.io.yaml import PingyiYAMLError, parse_text
from pingyi.model.scores import ScoresDoc, fast_scores

SIMPLE = """\
# yaml-language-server: $schema=../schemas/scores.schema.json
kind: scores
org: yz1
month: 2024-03
scores:
  m101: [9, 10, 8, 10, 9, 10, 10, 9, 8, 10]   # 张伟
  0012: [10, 10, 10, 10, 10, 10, 10, 10, 10, 9.5]
"""


def test_simple_file_is_read_by_the_fast_path_and_matches_yaml():
    fast = parse_scores(SIMPLE)
    assert fast is not None
    assert fast == parse_text(SIMPLE)
    assert fast[0]["scores"]["0012"][-1] == "9.5"


def test_several_documents_in_one_file():
    text = SIMPLE + "---\n" + SIMPLE.replace("2024-03", "2024-04")
    fast = parse_scores(text)
    assert fast is not None and len(fast) == 2
    assert fast == parse_text(text)


def test_fast_model_equals_validated_model():
    raw = parse_scores(SIMPLE)[0]
    assert fast_scores(raw) == ScoresDoc.model_validate(raw)


def test_fast_model_steps_aside_for_bad_ids():
    raw = {"kind": "scores", "org": "yz 1", "month": "2024-03", "scores": {"m1": ["1"]}}
    assert fast_scores(raw) is None


def test_unusual_shapes_fall_back_to_yaml():
    unusual = [
        SIMPLE.replace("m101:", '"m101":'),  # quoted key
        SIMPLE.replace("  0012:", "  m101:"),  # duplicate key: YAML reports it
        SIMPLE.replace("  m101", "\tm101"),  # tab
        SIMPLE.replace("[9, 10, 8", "[&a 9, 10, 8"),  # anchor
        SIMPLE.replace("org: yz1", "org: 'yz1'"),
        SIMPLE.replace("kind: scores", "kind: evaluation"),
        SIMPLE + "x-note: 1\n",
        SIMPLE.replace("  0012:", "   0012:"),  # inconsistent indentation
        "%YAML 1.2\n---\n" + SIMPLE,
        SIMPLE.replace("org: yz1", "org: null"),
        SIMPLE.replace("[9, 10, 8, 10, 9, 10, 10, 9, 8, 10]", "[]"),
    ]
    for text in unusual:
        assert parse_scores(text) is None, text


ids = st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,6}", fullmatch=True)
numbers = st.from_regex(r"[0-9]{1,2}(\.[0-9]{1,2})?", fullmatch=True)
spaces = st.sampled_from(["", " ", "  "])
comments = st.sampled_from(["", "  # 备注", " #x"])


@st.composite
def scores_texts(draw):
    lines = []
    if draw(st.booleans()):
        lines.append("# comment")
    header = [("kind", "scores"), ("org", draw(ids)), ("month", f"20{draw(st.integers(10, 30))}-{draw(st.integers(1, 12)):02d}")]
    for key, value in draw(st.permutations(header)):
        lines.append(f"{key}: {value}{draw(comments)}")
    lines.append("scores:" + draw(comments))
    indent = " " * draw(st.integers(1, 4))
    for member in draw(st.lists(ids, min_size=1, max_size=5)):
        values = draw(st.lists(numbers, min_size=0, max_size=4))
        sep = "," + draw(spaces)
        lines.append(f"{indent}{member}: [{draw(spaces)}{sep.join(values)}{draw(spaces)}]{draw(comments)}")
        if draw(st.integers(0, 5)) == 0:
            lines.append("")
    text = "\n".join(lines) + draw(st.sampled_from(["", "\n", "\n\n"]))
    # random damage now and then
    if draw(st.integers(0, 3)) == 0 and text:
        i = draw(st.integers(0, len(text) - 1))
        text = text[:i] + draw(st.sampled_from([":", "'", "\t", "#", "-", "[", "]", ",", " ", "\n", "&", "*", "{"])) + text[i:]
    return text


@settings(max_examples=400, deadline=None)
@given(scores_texts())
def test_fast_path_agrees_with_yaml_whenever_it_answers(text):
    fast = parse_scores(text)
    if fast is None:
        return
    try:
        assert parse_text(text) == fast
    except PingyiYAMLError as exc:  # pragma: no cover - a disagreement is a bug
        raise AssertionError(f"fast path accepted what YAML rejects: {exc.message}\n{text}") from None
