"""Write an imported scenario as YAML a planner can edit: comments say what to review and why."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import LiteralScalarString

from ..loader import Problem
from ..loader.scenario_loader import check_scenario
from .importer import REVIEW, ImportResult


def _plain(value: Any) -> Any:
    """Dicts and lists as ruamel's commented types; multi-line text as `|` blocks."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _plain(item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_plain(v) for v in value)
        if value and all(isinstance(v, (int, str)) and "\n" not in str(v) and len(str(v)) < 40 for v in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and "\n" in value:
        return LiteralScalarString(value.replace("\r\n", "\n").rstrip("\n"))
    return value


def scenario_yaml(result: ImportResult, source: str) -> str:
    """The scenario as YAML text, with a header comment and a `review:` comment on each proposed value."""
    data = _plain(result.scenario)
    for module in data["modules"]:
        for inject in module["injects"]:
            for key, why in result.review.get(inject["id"], {}).items():
                if key in inject:
                    inject.yaml_add_eol_comment(f"review: {why}", key)
    header = (
        f"Imported by `ttx msel import` from {source}, sheet {result.sheet!r} (header row {result.header_row}).\n"
        f"Values starting '{REVIEW}' and lines marked 'review' need a planner's eye before the exercise;\n"
        "run `ttx validate` on this file after editing it."
    )
    data.yaml_set_start_comment(header)
    yaml = YAML()
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def write_scenario(result: ImportResult, source: str, target: Path) -> list[Problem]:
    """Write the YAML, then load it as `ttx run` would: the problems it has (none when it is ready)."""
    target.write_text(scenario_yaml(result, source), encoding="utf-8")
    return check_scenario(target).problems
