"""Parse one file into one model, remembering the result so a library read by many scenarios is read once."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .pydantic_errors import problems_from_validation
from .yaml_reader import YamlDocument, YamlProblems, read_yaml

M = TypeVar("M", bound=BaseModel)


@dataclass
class ParsedFile(Generic[M]):
    """A file's document (None when unreadable), its model (None when invalid) and its problems."""

    path: Path
    doc: YamlDocument | None
    model: M | None
    problems: list[Problem] = field(default_factory=list)


class FileCache:
    """Parsed files by (path, model), re-read when the file changes on disk."""

    def __init__(self) -> None:
        self._docs: dict[Path, tuple[tuple[int, int], YamlDocument | None, list[Problem]]] = {}
        self._models: dict[tuple[Path, type[BaseModel]], tuple[tuple[int, int], ParsedFile]] = {}

    @staticmethod
    def _stamp(path: Path) -> tuple[int, int]:
        try:
            stat = os.stat(path)
        except OSError:
            return (-1, -1)
        return (stat.st_mtime_ns, stat.st_size)

    def document(self, path: Path) -> tuple[YamlDocument | None, list[Problem]]:
        stamp = self._stamp(path)
        cached = self._docs.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1], cached[2]
        try:
            doc, problems = read_yaml(path), []
        except YamlProblems as exc:
            doc, problems = None, exc.problems
        self._docs[path] = (stamp, doc, problems)
        return doc, problems

    def parse(self, path: Path, model: type[M]) -> ParsedFile[M]:
        stamp = self._stamp(path)
        cached = self._models.get((path, model))
        if cached is not None and cached[0] == stamp:
            return cached[1]
        doc, problems = self.document(path)
        parsed: ParsedFile[M] = ParsedFile(path, doc, None, list(problems))
        if doc is not None:
            if not isinstance(doc.data, dict):
                line, column = doc.position(())
                parsed.problems.append(
                    Problem(str(path), line, column, "expected a mapping of keys and values at the top of the file")
                )
            else:
                try:
                    # story times written as `Day 2 09:00` need the scenario's incident start
                    context = {"incident_start": doc.data.get("incident_start")}
                    parsed.model = model.model_validate(doc.data, context=context)
                except ValidationError as exc:
                    parsed.problems.extend(problems_from_validation(exc, doc, model))
        self._models[(path, model)] = (stamp, parsed)
        return parsed
