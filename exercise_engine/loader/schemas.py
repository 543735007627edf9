"""JSON Schemas for the three kinds of planner file, generated from the same models the loader uses.

Editors read them through the `# yaml-language-server: $schema=…` line at the top of each file.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel

from ..model.community import CommunityProfile
from ..model.inject import InjectLibrary
from ..model.scenario import Scenario

SCHEMA_FILES: dict[str, tuple[type[BaseModel], str]] = {
    "scenario.schema.json": (Scenario, "A tabletop-exercise scenario file"),
    "inject-library.schema.json": (InjectLibrary, "An inject-library file"),
    "community-profile.schema.json": (CommunityProfile, "A community profile file"),
}


def schema_texts() -> dict[str, str]:
    """File name → schema text, byte-for-byte what `ttx schema` writes."""
    texts = {}
    for name, (model, title) in SCHEMA_FILES.items():
        schema = model.model_json_schema(by_alias=True, mode="validation")
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **{k: v for k, v in schema.items() if k != "title"}}
        texts[name] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return texts


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_texts().items():
        target = folder / name
        target.write_text(text, encoding="utf-8")
        written.append(target)
    return written
