"""Every YAML example in docs/ is valid: a whole scenario loads (with the bundled community profile
and library), and a fragment validates against the part of the model it shows. Examples of
mistakes say so in a comment ("a YAML error") and are skipped, and so are work lists
(`*-todo.md`), whose examples propose fields that do not exist yet."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from exercise_engine.engine.script_file import DecisionScript
from exercise_engine.loader import load_scenario
from exercise_engine.model.inject import Inject
from exercise_engine.model.scenario import InjectRef, Module, ModuleInject, Scenario

ROOT = Path(__file__).resolve().parents[1]
BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.MULTILINE | re.DOTALL)
CONTEXT = {"incident_start": datetime(2027, 6, 19, 20, 40)}
MODELS: tuple[type[BaseModel], ...] = (Scenario, Module, Inject, InjectRef)


def examples() -> list[Any]:
    found = []
    for doc in sorted((ROOT / "docs").glob("*.md")):
        if doc.name.endswith("-todo.md"):
            continue
        text = doc.read_text(encoding="utf-8")
        for match in BLOCK.finditer(text):
            line = text[: match.start()].count("\n") + 2
            block = match.group(1)
            if "a YAML error" not in block:
                found.append(pytest.param(block, id=f"{doc.name}:{line}"))
    return found


def _validate_fragment(data: Any) -> None:
    if isinstance(data, list):
        if all(isinstance(item, dict) and "at" in item for item in data):  # a rehearsal script
            DecisionScript.model_validate({"decisions": data}, context=CONTEXT)
            return
        lists = [Scenario.model_fields[name].annotation for name in ("objectives", "tables", "modules", "agenda")]
        for annotation in (list[ModuleInject], *lists):
            try:
                TypeAdapter(annotation).validate_python(data, context=CONTEXT)
                return
            except ValidationError:
                continue
        TypeAdapter(list[ModuleInject]).validate_python(data, context=CONTEXT)  # the likeliest: say why
        return
    assert isinstance(data, dict), "an example is a mapping or a list"
    if {"id", "title", "from"} <= set(data):
        Inject.model_validate(data, context=CONTEXT)
        return
    for key, value in data.items():
        model = next((m for m in MODELS if key in m.model_fields or key == "from"), None)
        assert model is not None, f"'{key}' is no key of a scenario, module or inject"
        field = model.model_fields["from_" if key == "from" else key]
        TypeAdapter(field.annotation).validate_python(value, context=CONTEXT)


@pytest.mark.parametrize("block", examples())
def test_every_yaml_example_in_the_docs_is_valid(block: str, tmp_path: Path) -> None:
    data = yaml.safe_load(block)
    if data is None:
        return  # only a comment (the editor-support line)
    if isinstance(data, dict) and "modules" in data:
        (tmp_path / "scenarios").mkdir()
        shutil.copy(ROOT / "scenarios" / "community.example.yaml", tmp_path / "scenarios")
        (tmp_path / "injects").symlink_to(ROOT / "injects")
        path = tmp_path / "scenarios" / "example.yaml"
        path.write_text(block, encoding="utf-8")
        load_scenario(path)  # raises ScenarioError with file:line:col problems
    else:
        _validate_fragment(data)


def test_the_docs_have_a_whole_scenario_with_an_agenda_and_all_three_pacing_modes_explained() -> None:
    text = (ROOT / "docs" / "writing-scenarios.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b.values[0]) for b in examples()]
    assert len(blocks) >= 10
    assert any(isinstance(b, dict) and "agenda" in b and "modules" in b for b in blocks)
    for mode in ("pacing: discussion", "pacing: step", "pacing: even"):
        assert mode in text
