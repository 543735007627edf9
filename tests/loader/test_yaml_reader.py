"""YAML is read safely, by YAML 1.2 rules, with positions, whichever parser is installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from exercise_engine.loader import yaml_reader
from exercise_engine.loader.yaml_reader import YamlProblems, read_yaml_bytes, read_yaml_text


@pytest.fixture(params=["libyaml", "ruamel"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "libyaml" and yaml_reader._CLoader is None:
        pytest.skip("PyYAML with libyaml is not installed")
    if request.param == "ruamel":
        monkeypatch.setattr(yaml_reader, "_CLoader", None)
    return request.param


def messages(text: str) -> list[str]:
    with pytest.raises(YamlProblems) as caught:
        read_yaml_text(text, Path("f.yaml"))
    return [str(p) for p in caught.value.problems]


def test_values_follow_yaml_1_2_and_positions_are_one_based(parser: str) -> None:
    doc = read_yaml_text("a: yes\nb: [1, 0x10, 1.5, null, true, '7']\nc:\n  d: |\n    text\n", Path("f.yaml"))
    assert doc.data == {"a": "yes", "b": [1, 16, 1.5, None, True, "7"], "c": {"d": "text\n"}}
    assert doc.positions[("b", 1)] == (2, 8)
    assert doc.key_positions[("c", "d")] == (4, 3)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a: !!python/object:os.system x\n", "f.yaml:1:4: YAML tags such as !!python/object:os.system are not allowed; write plain values"),
        ("a: !custom {b: 1}\n", "f.yaml:1:4: YAML tags such as !custom are not allowed; write plain values"),
        ("a: !!str 5\n", "f.yaml:1:4: YAML tags such as !!str are not allowed; write plain values"),
        ("a: 1\nb: 2\na: 3\n", "f.yaml:3:1: duplicate key 'a' (first written at line 1, column 1)"),
        ("<<: {a: 1}\n", "f.yaml:1:1: merge keys (<<) are not supported; write the keys out"),
        ("x: &a [*a]\n", "f.yaml:1:4: an alias refers to itself"),
        ("? [a]\n: 1\n", "f.yaml:1:3: a key must be plain text"),
        ("# only a comment\n", "f.yaml:1:1: the file is empty; expected a mapping of keys such as `id:` and `title:`"),
    ],
)
def test_unsafe_or_ambiguous_yaml_is_a_problem(parser: str, text: str, expected: str) -> None:
    assert messages(text) == [expected]


def test_syntax_errors_read_the_same_with_either_parser(parser: str) -> None:
    assert messages("a: [1\n") == ["f.yaml:2:1: YAML syntax error: while parsing a flow sequence; expected ',' or ']', but got '<stream end>'"]


def test_a_byte_order_mark_is_accepted_and_bad_bytes_are_located() -> None:
    assert read_yaml_bytes(b"\xef\xbb\xbfa: 1\n", Path("f.yaml")).data == {"a": 1}
    with pytest.raises(YamlProblems) as caught:
        read_yaml_bytes(b"a: 1\nb: caf\xe9\n", Path("f.yaml"))
    assert str(caught.value.problems[0]) == "f.yaml:2:7: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"


def test_aliases_are_shared_not_copied_into_a_bomb(parser: str) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    assert any("too large" in m for m in messages("\n".join(lines) + "\n"))


def test_a_file_past_the_node_limit_says_so_plainly(parser: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_reader, "MAX_NODES", 2000)  # the same rule as 200,000, in a fraction of the time
    text = "items:\n" + "".join(f"  - {i}\n" for i in range(yaml_reader.MAX_NODES + 1))
    assert messages(text) == [
        f"f.yaml:1:1: the file is too large (more than {yaml_reader.MAX_NODES:,} values); split it into smaller files"
    ]


@pytest.mark.parametrize("depth", [150, 1500])  # 1500: past Python's default recursion limit of 1000
def test_deep_nesting_is_located(parser: str, depth: int) -> None:
    if parser == "ruamel" and depth > 1000:
        pytest.skip("the pure-Python parser takes seconds to fail this deep; the same code locates it")
    text = "id: x\nnested: " + "[" * depth + "]" * depth + "\n"
    limit = yaml_reader.MAX_DEPTH
    assert messages(text) == [
        f"f.yaml:2:{len('nested: ') + limit + 1}: the file is nested too deeply (more than {limit} levels of lists and mappings)"
    ]


def test_control_characters_are_located_and_escapes_are_fine(parser: str) -> None:
    assert messages("a: ok\nb: x\x0cy\n") == [
        "f.yaml:2:5: control character U+000C is not allowed in YAML; delete it (it was probably pasted in with the text)"
    ]
    assert read_yaml_text('a: "bell \\a, tab\\t"\n', Path("f.yaml")).data == {"a": "bell \a, tab\t"}
