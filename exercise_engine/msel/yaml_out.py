"""Write an imported scenario as YAML a planner can edit: comments say what to review and why.

libyaml (through PyYAML) emits it, since a 5,000-row MSEL is a 5,000-inject file and ruamel.yaml's
emitter takes many seconds for that; the review comments are then put on their lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ..loader import Problem
from ..loader.scenario_loader import check_scenario
from .importer import REVIEW, ImportResult

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Planner(_Dumper):  # type: ignore[misc, valid-type]
    """Multi-line text as `|` blocks, lists of short values on one line."""


_NUMBERISH = re.compile(r"^[-+.\d]")
_WORDS = frozenset({"yes", "no", "on", "off", "y", "n", "true", "false", "null", "~", ""})


def _text(dumper: Any, value: str) -> Any:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value.replace("\r\n", "\n").rstrip("\n"), style="|")
    ambiguous = _NUMBERISH.match(value) or value.lower() in _WORDS  # YAML readers differ on these: quote them
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="'" if ambiguous else None)


def _list(dumper: Any, value: list[Any]) -> Any:
    short = value and all(isinstance(v, (int, str)) and "\n" not in str(v) and len(str(v)) < 40 for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=bool(short))


_Planner.add_representer(str, _text)
_Planner.add_representer(list, _list)

_ID = re.compile(r"^(?P<indent>\s*)- id: (?P<id>\S+)$")
_KEY = re.compile(r"^(?P<indent>\s*)(?P<key>[a-z_]+):")


def _comment(text: str, review: dict[str, dict[str, str]]) -> str:
    """Put `# review: why` on each reviewed key of each inject (keys at the inject's own indent)."""
    if not review:
        return text
    lines = text.split("\n")
    in_modules, current, indent = False, None, -1
    for index, line in enumerate(lines):
        if line.startswith("modules:"):
            in_modules = True
            continue
        if not in_modules:
            continue
        found = _ID.match(line)
        if found:
            current, indent = review.get(found["id"].strip("'\"")), len(found["indent"]) + 2
            continue
        key = _KEY.match(line)
        if current and key and len(key["indent"]) == indent and key["key"] in current:
            lines[index] = f"{line}  # review: {current[key['key']]}"
    return "\n".join(lines)


def scenario_yaml(result: ImportResult, source: str) -> str:
    """The scenario as YAML text, with a header comment and a `review:` comment on each proposed value."""
    body = yaml.dump(result.scenario, Dumper=_Planner, sort_keys=False, allow_unicode=True, width=100, indent=2)
    header = (
        f"# Imported by `ttx msel import` from {source}, sheet {result.sheet!r} (header row {result.header_row}).\n"
        f"# Values starting '{REVIEW}' and lines marked 'review' need a planner's eye before the exercise;\n"
        "# run `ttx validate` on this file after editing it.\n"
    )
    return header + _comment(body, result.review)


def write_scenario(result: ImportResult, source: str, target: Path) -> list[Problem]:
    """Write the YAML, then load it as `ttx run` would: the problems it has (none when it is ready)."""
    target.write_text(scenario_yaml(result, source), encoding="utf-8")
    return check_scenario(target).problems
