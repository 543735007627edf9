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
    - at: T+2h
      control: fire                    # a facilitator control: fire, skip, restore, hold, release,
      inject: bp05-media-leak          #   next_inject, next_module, speed (with `speed: 2`),
                                       #   pause, resume, hotwash, end

Entries are played in story order (a control after the injects due at its time, a decision before
them, so that it counts for their conditions). Every problem is reported at once as
`file:line:col: message`, like scenario files. is reported at once as `file:line:col: message`, like scenario files.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated, Any, Literal, Union

from pydantic import Discriminator, Field, Tag as UnionTag, ValidationError

from ..loader.errors import Problem, UserError
from ..loader.loaded import LoadedScenario
from ..loader.pydantic_errors import problems_from_validation
from ..loader.yaml_reader import YamlDocument, YamlProblems, read_yaml
from ..model.base import StrictModel
from ..model.inject import Id, Practice, Tag
from ..model.events import EventKind
from ..model.records import Action, Decision
from ..model.story_time import StoryTime, format_story_time
from .script import Script, ScriptedControl, ScriptedRecord


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


_CONTROL_METHODS = {"fire": "fire", "skip": "skip", "restore": "restore", "hold": "hold", "release": "release",
                    "next_inject": "next_inject", "next_module": "next_module", "speed": "set_speed",
                    "pause": "pause", "resume": "resume", "hotwash": "start_hotwash", "end": "end"}
"""A script's control names → the `Exercise` methods they call."""
_NEEDS_INJECT = {"fire", "skip", "restore"}


class ScriptedControlEntry(StrictModel):
    """A facilitator control in a script: `- at: T+2h, control: fire, inject: …`."""

    at: StoryTime
    control: Literal["fire", "skip", "restore", "hold", "release", "next_inject", "next_module", "speed", "pause",
                     "resume", "hotwash", "end"]
    inject: Id | None = None
    speed: float | None = Field(default=None, ge=0.5, le=100, strict=True)

    def args(self) -> tuple[Any, ...]:
        if self.control == "speed":
            return (float(self.speed or 1),)
        return (self.inject,) if self.inject is not None else ()


def _entry_kind(value: Any) -> str:
    return "scripted-control" if isinstance(value, dict) and "control" in value else "scripted-decision"


ScriptEntry = Annotated[Union[Annotated[ScriptedDecision, UnionTag("scripted-decision")],
                              Annotated[ScriptedControlEntry, UnionTag("scripted-control")]],
                        Discriminator(_entry_kind)]


class DecisionScript(StrictModel):
    decisions: list[ScriptEntry]


def load_script(path: str | Path, loaded: LoadedScenario, *, actor: str = "rehearsal") -> Script:
    """Read and check a script (decisions and controls) against the scenario; raise UserError with
    every problem."""
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
    entries: list[tuple[int, ScriptedDecision | ScriptedControlEntry]]
    try:
        entries = list(enumerate(DecisionScript.model_validate(wrapped.data).decisions))
    except ValidationError as exc:
        problems += problems_from_validation(exc, wrapped, DecisionScript)
        entries = []
        for n, item in enumerate(doc.data):  # still check the well-formed entries, to show everything at once
            model = ScriptedControlEntry if _entry_kind(item) == "scripted-control" else ScriptedDecision
            try:
                entries.append((n, model.model_validate(item)))
            except ValidationError:
                pass
    problems += _check_against(entries, wrapped, loaded)
    if problems:
        raise UserError(sorted(problems, key=lambda p: (p.line, p.column)))
    ordered = sorted(entries, key=lambda pair: (float(pair[1].at), pair[0]))
    return Script(tuple(_entry(entry, actor) for _, entry in ordered))


def _entry(entry: ScriptedDecision | ScriptedControlEntry, actor: str) -> ScriptedRecord | ScriptedControl:
    if isinstance(entry, ScriptedControlEntry):
        return ScriptedControl(float(entry.at), _CONTROL_METHODS[entry.control], entry.args())
    return ScriptedRecord(float(entry.at), EventKind.decision_logged,
                          {"decision": entry.to_decision().model_dump(mode="json")}, actor)


def load_decisions(path: str | Path, loaded: LoadedScenario) -> list[Decision]:
    """The decisions of a script (controls left out), each with its story time."""
    return [Decision.model_validate(entry.data["decision"]) for entry in load_script(path, loaded).entries
            if isinstance(entry, ScriptedRecord)]


def _check_against(entries: list[tuple[int, ScriptedDecision | ScriptedControlEntry]], doc: YamlDocument,
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
        if isinstance(entry, ScriptedDecision) and entry.table not in tables:
            at((n, "table"), f"unknown table '{entry.table}'{_hint(entry.table, tables)}; "
                             f"this scenario's tables are {', '.join(tables)}")
        if isinstance(entry, ScriptedControlEntry):
            if entry.control in _NEEDS_INJECT and entry.inject is None:
                at((n, "control"), f"`control: {entry.control}` needs `inject:` (the inject to {entry.control})")
            if entry.control == "speed" and entry.speed is None:
                at((n, "control"), "`control: speed` needs `speed:` (×0.5 to ×100 of the plan)")
        if entry.inject is not None and not loaded.has_inject(entry.inject):
            at((n, "inject"), f"unknown inject '{entry.inject}'{_hint(entry.inject, [i.id for i in loaded.injects])}")
        if not first <= entry.at <= last:
            at((n, "at"), f"{format_story_time(entry.at)} is outside the scenario, which runs from {span}")
    return problems


def _hint(word: str, names: list[str]) -> str:
    close = difflib.get_close_matches(word, names, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""
