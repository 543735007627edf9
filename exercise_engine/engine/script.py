"""A rehearsal's decisions script: the decisions a facilitator expects the room to make, in YAML.

    - at: T+1h20m
      table: victim-services
      inject: bp04-frc-overflow        # optional: the inject it answers
      practices: [4, 5]
      text: Open the Friends & Relatives Center at the high school gym.
      owner: Cedar Falls OEM           # optional
      tags: [frc-opened]               # optional: what conditions look for
      eop_gap: true                    # optional
      actions: [{kind: open_frc, params: {staff: 12}}]   # optional, for consequence models

Every problem is reported at once as `file:line:col: message`, like scenario files.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError

from ..loader.errors import Problem, UserError
from ..loader.loaded import LoadedScenario
from ..loader.pydantic_errors import problems_from_validation
from ..loader.yaml_reader import YamlDocument, YamlProblems, read_yaml
from ..model.base import StrictModel
from ..model.inject import Id, Practice, Tag
from ..model.records import Action, Decision
from ..model.story_time import StoryTime, format_story_time


class ScriptedDecision(StrictModel):
    """One entry of a decisions script."""

    at: StoryTime
    table: Id
    inject: Id | None = None
    practices: list[Practice] = Field(default_factory=list)
    text: str = Field(min_length=1)
    owner: str = ""
    role: str = ""
    person: str = ""
    options: str = ""
    rationale: str = ""
    follow_up: str = ""
    follow_up_due: StoryTime | None = None
    tags: list[Tag] = Field(default_factory=list)
    eop_gap: bool = False
    actions: list[Action] = Field(default_factory=list)

    def to_decision(self) -> Decision:
        data = self.model_dump(exclude={"at"})
        return Decision.model_validate({**data, "scenario_time": self.at})


class DecisionScript(StrictModel):
    decisions: list[ScriptedDecision]


def load_decisions(path: str | Path, loaded: LoadedScenario) -> list[Decision]:
    """Read and check a decisions script against the scenario; raise UserError with every problem."""
    path = Path(path)
    try:
        doc = read_yaml(path)
    except YamlProblems as exc:
        raise UserError(exc.problems) from None
    if not isinstance(doc.data, list):
        line, column = doc.position(())
        raise UserError([Problem(str(path), line, column,
                                 "a decisions script is a list of decisions, each starting with `- at: T+…`")])
    wrapped = YamlDocument(
        path=doc.path, data={"decisions": doc.data},
        positions={("decisions", *loc): pos for loc, pos in doc.positions.items()} | {(): doc.position(())},
        key_positions={("decisions", *loc): pos for loc, pos in doc.key_positions.items()},
    )
    problems: list[Problem] = []
    try:
        entries = list(enumerate(DecisionScript.model_validate(wrapped.data).decisions))
    except ValidationError as exc:
        problems += problems_from_validation(exc, wrapped, DecisionScript)
        entries = []
        for n, item in enumerate(doc.data):  # still check the well-formed entries, to show everything at once
            try:
                entries.append((n, ScriptedDecision.model_validate(item)))
            except ValidationError:
                pass
    problems += _check_against(entries, wrapped, loaded)
    if problems:
        raise UserError(sorted(problems, key=lambda p: (p.line, p.column)))
    return [entry.to_decision() for _, entry in entries]


def _check_against(entries: list[tuple[int, ScriptedDecision]], doc: YamlDocument,
                   loaded: LoadedScenario) -> list[Problem]:
    tables = [t.id for t in loaded.scenario.tables]
    modules = loaded.scenario.modules
    first, last = min(m.start for m in modules), max(m.end for m in modules)
    span = f"{format_story_time(first)} to {format_story_time(last)}"
    problems = []

    def at(loc: tuple[Any, ...], message: str) -> None:
        line, column = doc.position(("decisions", *loc))
        problems.append(Problem(str(doc.path), line, column, message))

    for n, entry in entries:
        if entry.table not in tables:
            at((n, "table"), f"unknown table '{entry.table}'{_hint(entry.table, tables)}; "
                             f"this scenario's tables are {', '.join(tables)}")
        if entry.inject is not None and not loaded.has_inject(entry.inject):
            at((n, "inject"), f"unknown inject '{entry.inject}'{_hint(entry.inject, [i.id for i in loaded.injects])}")
        if not first <= entry.at <= last:
            at((n, "at"), f"{format_story_time(entry.at)} is outside the scenario, which runs from {span}")
    return problems


def _hint(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word, names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
