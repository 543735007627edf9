"""Whatever a planner's file holds, the loader loads it or raises UserError; nothing else escapes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exercise_engine.loader import FileCache, UserError, load_scenario, validate_file
from exercise_engine.loader.yaml_reader import read_yaml

from .helpers import DATA

SETTINGS = settings(max_examples=int(__import__("os").environ.get("FUZZ_EXAMPLES", "60")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
GOOD_TEXT = (DATA / "good" / "scenario.yaml").read_text(encoding="utf-8")
GOOD_DATA = read_yaml(DATA / "good" / "scenario.yaml").data

GARBAGE = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["T+", "T+2x", "T+99999d", "{{ venues.nope }}", "{{ 1/0 }}", "{% for %}", "{{ ''.__class__ }}", "all", "use", "-1"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["id", "use", "time", "when", "tags", "titel"]), st.text(max_size=5), max_size=3),
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "good"
    shutil.copytree(DATA / "good", folder)
    return folder


def _check(workdir: Path, text: str | bytes) -> None:
    target = workdir / "fuzzed.yaml"
    if isinstance(text, bytes):
        target.write_bytes(text)
    else:
        target.write_text(text, encoding="utf-8")
    try:
        load_scenario(target, FileCache())
    except UserError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
    report = validate_file(target, FileCache())
    assert report.valid == (not report.problems)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


PATHS = [p for p in _paths(GOOD_DATA) if p]


def _mutate(data: Any, path: tuple[Any, ...], action: str, value: Any) -> Any:
    data = json.loads(json.dumps(data))
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if action == "delete":
        del parent[last]
    elif action == "replace":
        parent[last] = value
    elif action == "rename" and isinstance(parent, dict):
        parent[f"{last}x"] = parent.pop(last)
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(parent[last])
    return data


@SETTINGS
@given(st.text(max_size=300))
def test_random_text(workdir: Path, text: str) -> None:
    _check(workdir, text)


@SETTINGS
@given(st.binary(max_size=200))
def test_random_bytes(workdir: Path, raw: bytes) -> None:
    _check(workdir, raw)


@SETTINGS
@given(st.lists(st.tuples(st.sampled_from(PATHS), st.sampled_from(["delete", "replace", "rename", "duplicate"]), GARBAGE), min_size=1, max_size=4))
def test_mutated_scenario(workdir: Path, mutations: list[tuple[tuple[Any, ...], str, Any]]) -> None:
    data = GOOD_DATA
    for path, action, value in mutations:
        try:
            data = _mutate(data, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    _check(workdir, json.dumps(data, allow_nan=True))


@SETTINGS
@given(st.integers(min_value=0, max_value=len(GOOD_TEXT)), st.text(max_size=12), st.booleans())
def test_truncated_or_spliced_scenario(workdir: Path, at: int, garbage: str, truncate: bool) -> None:
    text = GOOD_TEXT[:at] if truncate else GOOD_TEXT[:at] + garbage + GOOD_TEXT[at:]
    _check(workdir, text)
