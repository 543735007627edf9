"""The inject library: every inject in the files of `injects/`, by id, with where each was written."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..model.inject import Inject, InjectLibrary
from .errors import Problem, ScenarioError
from .files import FileCache
from .yaml_reader import Loc, YamlDocument


def tidy(path: Path) -> Path:
    """`scenarios/../injects/x.yaml` → `injects/x.yaml`, without making it absolute."""
    return Path(os.path.normpath(path))


@dataclass(frozen=True)
class Entry:
    """One library inject and the place it was written (for messages and placeholder positions)."""

    inject: Inject
    doc: YamlDocument
    loc: Loc

    def where(self, *sub: str | int) -> str:
        line, column = self.doc.position((*self.loc, *sub))
        return f"{self.doc.path}:{line}:{column}"

    def problem(self, message: str, *sub: str | int, key: bool = False) -> Problem:
        loc = (*self.loc, *sub)
        line, column = self.doc.key_position(loc) if key else self.doc.position(loc)
        return Problem(str(self.doc.path), line, column, message)


@dataclass
class Library:
    """Injects by id across library files, in file order, plus every problem met reading them."""

    files: list[Path] = field(default_factory=list)
    entries: dict[str, Entry] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def injects(self) -> list[Inject]:
        return [e.inject for e in self.entries.values()]

    def tags(self) -> set[str]:
        return {a.tag for e in self.entries.values() for a in e.inject.expected_actions if a.tag}


def library_files(paths: list[Path]) -> tuple[list[Path], list[Path]]:
    """Expand folders to their `*.yaml` files; return (files, paths that do not exist)."""
    files: list[Path] = []
    missing: list[Path] = []
    for path in paths:
        path = tidy(path)
        if path.is_dir():
            files.extend(sorted(p for p in path.glob("*.yaml") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            missing.append(path)
    return files, missing


def read_library(paths: list[Path], cache: FileCache | None = None) -> Library:
    """Read library files and folders, collecting problems (duplicate ids show both places)."""
    cache = cache or FileCache()
    library = Library()
    files, missing = library_files(paths)
    library.problems += [Problem(str(p), 0, 0, "inject library folder or file not found") for p in missing]
    for path in files:
        parsed = cache.parse(path, InjectLibrary)
        library.files.append(path)
        library.problems += parsed.problems
        if parsed.model is None or parsed.doc is None:
            continue
        for index, inject in enumerate(parsed.model.injects):
            entry = Entry(inject, parsed.doc, ("injects", index))
            first = library.entries.get(inject.id)
            if first is not None:
                library.problems.append(
                    entry.problem(f"duplicate inject id '{inject.id}' (first at {first.where('id')})", "id")
                )
                continue
            library.entries[inject.id] = entry
    return library


def load_library(paths: list[Path] | Path, cache: FileCache | None = None) -> Library:
    """Read the library; raise ScenarioError with every problem if any file is wrong."""
    library = read_library([paths] if isinstance(paths, Path) else list(paths), cache)
    if library.problems:
        raise ScenarioError(library.problems)
    return library
