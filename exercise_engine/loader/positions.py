"""Where a scenario wrote something, for messages about the loaded scenario (the run-of-show
warnings): a subject such as ("inject", id, "time") becomes a `Problem` at that file:line:col.

Subjects name what the planner wrote, not YAML paths, so that code reasoning about a loaded
scenario (which has no positions) can still point at the line to change:
("inject", id, *keys), ("module", id, *keys), ("agenda", index, *keys), ("scenario", *keys).
An inject taken from the library is pointed at in the scenario (its `use:` line, or the key the
scenario overrides), since that is where the planner fixes it for this scenario.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .errors import Problem
from .files import FileCache
from .yaml_reader import Loc, YamlDocument

Subject = tuple[Any, ...]


class Locator:
    """Positions of a scenario's modules, injects and agenda entries in its file."""

    def __init__(self, doc: YamlDocument) -> None:
        self.doc = doc
        self._modules: dict[str, Loc] = {}
        self._injects: dict[str, tuple[Loc, bool]] = {}
        data = doc.data if isinstance(doc.data, dict) else {}
        for m, module in enumerate(data.get("modules") or []):
            if not isinstance(module, dict):
                continue
            self._modules.setdefault(str(module.get("id")), ("modules", m))
            for i, item in enumerate(module.get("injects") or []):
                if isinstance(item, dict):
                    ref = "use" in item
                    name = item.get("use") if ref else item.get("id")
                    self._injects.setdefault(str(name), (("modules", m, "injects", i), ref))
        self._agenda_modules: dict[str, Loc] = {}
        for a, entry in enumerate(data.get("agenda") or []):
            if isinstance(entry, dict) and "module" in entry:
                self._agenda_modules.setdefault(str(entry["module"]), ("agenda", a))
        self._has_agenda = isinstance(data.get("agenda"), list)
        self._data = data

    @classmethod
    def of(cls, path: Path, cache: FileCache | None = None) -> Locator | None:
        doc, _ = (cache or FileCache()).document(path)
        return None if doc is None else cls(doc)

    def loc(self, subject: Subject) -> Loc:
        """The YAML location of a subject (the closest enclosing one the file has)."""
        kind, rest = subject[0], subject[1:]
        if kind == "inject":
            found = self._injects.get(str(rest[0]))
            if found is None:
                return ("modules",)
            loc, ref = found
            keys = rest[1:]
            written = self._written((*loc, *keys[:1])) if keys else False
            if keys and (written or not ref):
                return (*loc, *keys)
            return (*loc, "use") if ref else (*loc, "id")
        if kind == "module":
            loc = self._modules.get(str(rest[0]), ("modules",))
            return (*loc, *rest[1:]) if rest[1:] else (*loc, "id")
        if kind == "agenda":
            if self._has_agenda:
                return ("agenda", *rest)
            return ("agenda",) if "agenda" in self._data else ("modules",)
        if kind == "agenda-module":
            loc = self._agenda_modules.get(str(rest[0]))
            if loc is not None:
                return (*loc, "module")
            return self.loc(("module", rest[0], *rest[1:]))
        return tuple(rest)

    def _written(self, loc: Loc) -> bool:
        return loc in self.doc.positions

    def problem(self, subject: Subject, message: str) -> Problem:
        loc = self.loc(subject)
        if len(loc) == 1 and loc[0] not in self._data:
            line, column = (1, 1)
        else:
            line, column = self.doc.key_position(loc) if loc in ((("agenda",), ("modules",))) else self.doc.position(loc)
        return Problem(str(self.doc.path), line, column, message)
