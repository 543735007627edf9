"""Load a scenario: validate it, resolve `use:` references into the library, check what spans files,
and fill placeholders from the community profile. Every problem is collected before reporting.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collector import collector_paused
from ..model.community import CommunityProfile
from ..model.inject import Condition, ExpectedAction, Inject, InjectLibrary
from ..model.scenario import InjectRef, Module, Scenario
from ..model.story_time import format_story_time
from .errors import Problem, ScenarioError
from .models_check import models_problems
from .files import FileCache
from .library import Entry, Library, library_files, read_library, tidy
from .loaded import LoadedScenario
from .placeholders import PlaceholderError, Placeholders
from .story_rules import inject_problems, story_problems
from .yaml_reader import Loc, YamlDocument

INJECT_TEXT_FIELDS = ("title", "from", "narrative", "controller_notes", "evaluator_notes")
_FIELD_ATTR = {"from": "from_"}


def load_profile(path: Path, cache: FileCache | None = None) -> CommunityProfile:
    """Read a community profile file; raise ScenarioError with every problem."""
    parsed = (cache or FileCache()).parse(tidy(path), CommunityProfile)
    if parsed.model is None:
        raise ScenarioError(parsed.problems)
    return parsed.model


def load_scenario(path: Path | str, cache: FileCache | None = None) -> LoadedScenario:
    """Read, resolve and check a scenario; raise ScenarioError listing every problem found."""
    with collector_paused():
        result = check_scenario(Path(path), cache)
    if result.problems or result.loaded is None:
        raise ScenarioError(result.problems)
    return result.loaded


@dataclass
class ScenarioCheck:
    loaded: LoadedScenario | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class _Resolved:
    """A scenario's inject after `use:` is applied, with where its parts were written."""

    inject: Inject
    module: Module
    order: int
    doc: YamlDocument
    loc: Loc
    """Where the scenario names it (the ref or the inline inject)."""
    text_doc: YamlDocument
    text_loc: Loc
    """Where its text was written (the library file for a `use:`)."""
    overridden: frozenset[str] = frozenset()

    def problem(self, message: str, *sub: str | int) -> Problem:
        """Point at `sub` in the scenario when the scenario wrote it, else at the `use:` line."""
        doc, loc = self.doc, self.loc
        if sub and (self.doc is self.text_doc or sub[0] in self.overridden):
            loc = (*loc, *sub)
        elif self.doc is not self.text_doc:
            loc = (*loc, "use")
        line, column = doc.position(loc)
        return Problem(str(doc.path), line, column, message)


def check_scenario(path: Path, cache: FileCache | None = None) -> ScenarioCheck:
    cache = cache or FileCache()
    path = tidy(path)
    parsed = cache.parse(path, Scenario)
    if parsed.model is None or parsed.doc is None:
        return ScenarioCheck(None, parsed.problems)
    scenario, doc = parsed.model, parsed.doc
    problems: list[Problem] = []
    here = path.parent

    profile = _read_profile(here / scenario.community, doc, cache, problems)
    library = _read_scenario_library(scenario, here, doc, cache, problems)
    _check_unique_ids(scenario, doc, problems)
    _check_agenda(scenario, doc, problems)
    _check_table_questions(scenario, doc, problems)

    resolved = _resolve(scenario, doc, library, problems)
    ids = {r.inject.id for r in resolved}
    tables = [t.id for t in scenario.tables]
    objectives = {o.id: o for o in scenario.objectives}
    tags = library.tags() | set(scenario.tags) | {
        a.tag for r in resolved for a in r.inject.expected_actions if a.tag
    }
    for item in resolved:
        _check_in_scenario(item, tables, objectives, problems)
        if item.inject.condition is not None:
            problems += _condition_problems(
                item.inject.condition, ids, tags, tables, lambda message, *sub, item=item: item.problem(message, "condition", *sub)
            )
    problems += story_problems(scenario, doc, resolved)

    problems += models_problems(scenario.models, {r.inject.id: r.inject for r in resolved},
                                lambda loc, message: _at(doc, loc, message))

    placeholders = Placeholders(profile)
    rendered_scenario = _render_scenario(scenario, doc, placeholders, problems)
    injects: list[tuple[int, int, Inject]] = []
    for item in resolved:
        inject = _render_inject(item.inject, item.text_doc, item.text_loc, placeholders, problems)
        inject = _with_objectives(inject, scenario)
        injects.append((inject.time if inject.time is not None else -1, item.order, inject))

    if problems or profile is None:  # a missing or invalid profile has already been reported
        return ScenarioCheck(None, _in_order(_dedupe(problems), str(path)))

    ordered = tuple(i for _, _, i in sorted(injects, key=lambda t: (t[0], t[1])))
    module_of = {r.inject.id: r.module.id for r in resolved}
    return ScenarioCheck(
        LoadedScenario(
            path=path,
            scenario=rendered_scenario,
            profile=profile,
            injects=ordered,
            module_of=module_of,
            digest=_digest(rendered_scenario, ordered, profile),
        )
    )


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen: set[Problem] = set()
    kept = []
    for p in problems:
        if p not in seen:
            seen.add(p)
            kept.append(p)
    return kept


def _in_order(problems: list[Problem], first_path: str) -> list[Problem]:
    """This file's problems first, then other files', each in line order."""
    return sorted(problems, key=lambda p: (p.path != first_path, p.path, p.line, p.column))


def _at(doc: YamlDocument, loc: Loc, message: str, key: bool = False) -> Problem:
    line, column = doc.key_position(loc) if key else doc.position(loc)
    return Problem(str(doc.path), line, column, message)


def _close(word: str, names: list[str] | set[str]) -> str:
    found = difflib.get_close_matches(word, sorted(names), n=1, cutoff=0.6)
    return f" (did you mean '{found[0]}'?)" if found else ""


def _read_profile(path: Path, doc: YamlDocument, cache: FileCache, problems: list[Problem]) -> CommunityProfile | None:
    path = tidy(path)
    if not path.is_file():
        problems.append(_at(doc, ("community",), f"community profile '{path}' not found"))
        return None
    parsed = cache.parse(path, CommunityProfile)
    if parsed.model is None:
        problems.append(_at(doc, ("community",), f"community profile '{path}' is not valid (see below)"))
        problems.extend(parsed.problems)
    return parsed.model


def _read_scenario_library(scenario: Scenario, here: Path, doc: YamlDocument, cache: FileCache, problems: list[Problem]) -> Library:
    paths = []
    for index, entry in enumerate(scenario.library):
        full = tidy(here / entry)
        if not full.exists():
            problems.append(_at(doc, ("library", index), f"inject library folder '{full}' not found"))
        else:
            paths.append(full)
    library = read_library(paths, cache)
    problems.extend(library.problems)
    return library


def _check_unique_ids(scenario: Scenario, doc: YamlDocument, problems: list[Problem]) -> None:
    for kind, items in (("objective", scenario.objectives), ("table", scenario.tables), ("module", scenario.modules)):
        seen: dict[str, int] = {}
        key = kind + "s"
        for index, item in enumerate(items):
            if item.id in seen:
                first = doc.position((key, seen[item.id], "id"))
                problems.append(
                    _at(doc, (key, index, "id"), f"duplicate {kind} id '{item.id}' (first at line {first[0]}, column {first[1]})")
                )
            else:
                seen[item.id] = index


def _check_agenda(scenario: Scenario, doc: YamlDocument, problems: list[Problem]) -> None:
    """Every module on the agenda once, in story order (the story clock only moves forward)."""
    if scenario.agenda is None:
        return
    modules = {m.id: m for m in scenario.modules}
    placed: dict[str, int] = {}
    last: Module | None = None
    for index, item in enumerate(scenario.agenda):
        if item.module is None:
            continue
        module = modules.get(item.module)
        if module is None:
            problems.append(_at(doc, ("agenda", index, "module"),
                                f"agenda: no module '{item.module}' in this scenario{_close(item.module, list(modules))}"))
            continue
        if item.module in placed:
            line = doc.position(("agenda", placed[item.module], "module"))[0]
            problems.append(_at(doc, ("agenda", index, "module"),
                                f"agenda: module '{item.module}' is already on the agenda (line {line})"))
            continue
        if last is not None and (module.start, module.end) < (last.start, last.end):
            problems.append(_at(doc, ("agenda", index, "module"),
                                f"agenda: module '{module.id}' ({format_story_time(module.start)}) comes before "
                                f"'{last.id}' ({format_story_time(last.start)}) in the story; put the agenda in story order"))
        placed[item.module] = index
        last = module
    missing = [m.id for m in scenario.modules if m.id not in placed]
    if missing:
        problems.append(_at(doc, ("agenda",), f"agenda: module{'s' if len(missing) > 1 else ''} "
                                              f"{', '.join(missing)} not on the agenda; add `- module: {missing[0]}`",
                            key=True))


def _check_table_questions(scenario: Scenario, doc: YamlDocument, problems: list[Problem]) -> None:
    tables = [t.id for t in scenario.tables]
    for index, module in enumerate(scenario.modules):
        for table in module.table_questions:
            if table not in tables:
                problems.append(_at(doc, ("modules", index, "table_questions", table),
                                    f"table_questions: no table '{table}' in this scenario{_close(table, tables)}; "
                                    f"tables: {', '.join(tables)}", key=True))


def _resolve(scenario: Scenario, doc: YamlDocument, library: Library, problems: list[Problem]) -> list[_Resolved]:
    resolved: list[_Resolved] = []
    seen: dict[str, _Resolved] = {}
    order = 0
    for m_index, module in enumerate(scenario.modules):
        for i_index, item in enumerate(module.injects):
            loc: Loc = ("modules", m_index, "injects", i_index)
            if isinstance(item, InjectRef):
                entry = library.entries.get(item.use)
                if entry is None:
                    problems.append(
                        _at(doc, (*loc, "use"), f"unknown library inject '{item.use}'{_close(item.use, library.entries)}")
                    )
                    continue
                overrides = {
                    name: getattr(item, name)
                    for name in ("time", "to", "type", "condition", "objectives", "discussion_minutes", "optional",
                                 "responsible_controller")
                    if getattr(item, name) is not None
                }
                inject = entry.inject.model_copy(update=overrides) if overrides else entry.inject
                this = _Resolved(inject, module, order, doc, loc, entry.doc, entry.loc, frozenset(overrides))
            else:
                this = _Resolved(item, module, order, doc, loc, doc, loc)
                entry = library.entries.get(item.id)
                if entry is not None:
                    problems.append(
                        _at(doc, (*loc, "id"), f"duplicate inject id '{item.id}': the library has it at "
                            f"{entry.where('id')}; choose another id or write `use: {item.id}`")
                    )
            order += 1
            first = seen.get(this.inject.id)
            if first is not None:
                line, column = first.doc.position((*first.loc, "use" if first.doc is not first.text_doc else "id"))
                problems.append(
                    this.problem(f"duplicate inject id '{this.inject.id}' (first at {first.doc.path}:{line}:{column})", "id")
                )
                continue
            seen[this.inject.id] = this
            resolved.append(this)
    return resolved


def _check_in_scenario(item: _Resolved, tables: list[str], objectives: dict[str, Any], problems: list[Problem]) -> None:
    inject, module = item.inject, item.module
    if inject.time is None:
        problems.append(item.problem(f"inject '{inject.id}' has no time: add `time:` (for example T+45m)"))
    elif not module.start <= inject.time <= module.end:
        problems.append(
            item.problem(
                f"inject time {format_story_time(inject.time)} is outside module '{module.id}' "
                f"({format_story_time(module.start)} to {format_story_time(module.end)})",
                "time",
            )
        )
    for index, table in enumerate(inject.to):
        if table != "all" and table not in tables:
            problems.append(
                item.problem(
                    f"to: no table '{table}' in this scenario{_close(table, tables)}; tables: {', '.join(tables)} (or all)",
                    "to",
                    index,
                )
            )
    for index, objective in enumerate(inject.objectives):
        if objective not in objectives:
            problems.append(
                item.problem(
                    f"objectives: no objective '{objective}' in this scenario{_close(objective, list(objectives))}",
                    "objectives",
                    index,
                )
            )


def _condition_problems(condition: Condition, ids: set[str], tags: set[str], tables: list[str] | None, report: Any) -> list[Problem]:
    found = []
    for index, tag in enumerate(condition.tags):
        if tag not in tags:
            found.append(
                report(
                    f"condition names unknown tag '{tag}'{_close(tag, tags)}; tags come from expected actions or the scenario's `tags:`",
                    "tags",
                    index,
                )
            )
    if condition.inject is not None and condition.inject not in ids:
        found.append(report(f"condition names unknown inject '{condition.inject}'{_close(condition.inject, ids)}", "inject"))
    if tables is not None and condition.table is not None and condition.table not in tables:
        found.append(report(f"condition names unknown table '{condition.table}'{_close(condition.table, tables)}", "table"))
    return found


def _render(text: str, doc: YamlDocument, loc: Loc, placeholders: Placeholders, problems: list[Problem]) -> str:
    try:
        return placeholders.render(text)
    except PlaceholderError as exc:
        line, column = doc.position(loc)
        problems.extend(Problem(str(doc.path), line, column, message) for message in exc.messages)
        return text


def _render_inject(inject: Inject, doc: YamlDocument, loc: Loc, placeholders: Placeholders, problems: list[Problem]) -> Inject:
    update: dict[str, Any] = {}
    for name in INJECT_TEXT_FIELDS:
        attr = _FIELD_ATTR.get(name, name)
        text = getattr(inject, attr)
        new = _render(text, doc, (*loc, name), placeholders, problems)
        if new != text:
            update[attr] = new
    questions = [_render(q, doc, (*loc, "questions", i), placeholders, problems) for i, q in enumerate(inject.questions)]
    if questions != inject.questions:
        update["questions"] = questions
    actions = []
    for i, action in enumerate(inject.expected_actions):
        text = _render(action.text, doc, (*loc, "expected_actions", i, "text"), placeholders, problems)
        actions.append(action if text == action.text else ExpectedAction(text=text, tag=action.tag))
    if actions != inject.expected_actions:
        update["expected_actions"] = actions
    return inject.model_copy(update=update) if update else inject


def _render_scenario(scenario: Scenario, doc: YamlDocument, placeholders: Placeholders, problems: list[Problem]) -> Scenario:
    update: dict[str, Any] = {}
    for name in ("title", "summary", "threat_hazard", "scope", "sponsor", "safety_note"):
        text = getattr(scenario, name)
        new = _render(text, doc, (name,), placeholders, problems)
        if new != text:
            update[name] = new
    for name in ("ground_rules", "assumptions", "artificialities"):
        items = getattr(scenario, name)
        rendered = [_render(t, doc, (name, i), placeholders, problems) for i, t in enumerate(items)]
        if rendered != items:
            update[name] = rendered
    modules = []
    for m, module in enumerate(scenario.modules):
        loc: Loc = ("modules", m)
        changes: dict[str, Any] = {}
        for name in ("title", "situation"):
            text = getattr(module, name)
            new = _render(text, doc, (*loc, name), placeholders, problems)
            if new != text:
                changes[name] = new
        questions = [_render(q, doc, (*loc, "questions", i), placeholders, problems) for i, q in enumerate(module.questions)]
        if questions != module.questions:
            changes["questions"] = questions
        modules.append(module.model_copy(update=changes) if changes else module)
    if modules != scenario.modules:
        update["modules"] = modules
    objectives = []
    for o, objective in enumerate(scenario.objectives):
        text = _render(objective.text, doc, ("objectives", o, "text"), placeholders, problems)
        objectives.append(objective if text == objective.text else objective.model_copy(update={"text": text}))
    if objectives != scenario.objectives:
        update["objectives"] = objectives
    return scenario.model_copy(update=update) if update else scenario


def _with_objectives(inject: Inject, scenario: Scenario) -> Inject:
    """An inject naming no objectives addresses those that share one of its practices."""
    if inject.objectives:
        return inject
    derived = [o.id for o in scenario.objectives if set(o.practices) & set(inject.practices)]
    return inject.model_copy(update={"objectives": derived}) if derived else inject


def _digest(scenario: Scenario, injects: tuple[Inject, ...], profile: CommunityProfile | None) -> str:
    payload = {
        "scenario": scenario.model_dump(mode="json", by_alias=True),
        "injects": [i.model_dump(mode="json", by_alias=True) for i in injects],
        "profile": None if profile is None else profile.model_dump(mode="json", by_alias=True),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_library_file(path: Path, cache: FileCache | None = None) -> list[Problem]:
    """Problems in one library file, its conditions checked against the folder it sits in."""
    cache = cache or FileCache()
    path = tidy(path)
    parsed = cache.parse(path, InjectLibrary)
    if parsed.model is None or parsed.doc is None:
        return parsed.problems
    siblings, _ = library_files([path.parent])
    if path not in siblings:
        siblings.append(path)
    folder = Library()
    problems: list[Problem] = []
    for sibling in siblings:
        other = cache.parse(sibling, InjectLibrary) if sibling != path else parsed
        if other.model is None or other.doc is None:
            continue
        for index, inject in enumerate(other.model.injects):
            entry = Entry(inject, other.doc, ("injects", index))
            first = folder.entries.get(inject.id)
            if first is None:
                folder.entries[inject.id] = entry
            elif sibling == path:
                problems.append(entry.problem(f"duplicate inject id '{inject.id}' (first at {first.where('id')})", "id"))
            elif first.doc.path == path:
                problems.append(first.problem(f"duplicate inject id '{inject.id}' (also at {entry.where('id')})", "id"))
    ids = set(folder.entries)
    tags = folder.tags()
    placeholders = Placeholders(None)
    for index, inject in enumerate(parsed.model.injects):
        loc: Loc = ("injects", index)
        if inject.condition is not None:
            problems += _condition_problems(
                inject.condition, ids, tags, None, lambda m, *sub, loc=loc: _at(parsed.doc, (*loc, "condition", *sub), m)
            )
        problems += inject_problems(inject, lambda m, *sub, loc=loc: _at(parsed.doc, (*loc, *sub), m))
        _render_inject(inject, parsed.doc, loc, placeholders, problems)
    return _in_order(_dedupe(problems), str(path))
