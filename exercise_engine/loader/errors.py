"""User errors: what went wrong in a planner's file, and where, as `file:line:col: message`.

`UserError` is the project's one base type for mistakes a user can fix; the CLI prints it
without a traceback. Anything else escaping is a bug in the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake at one place. Lines and columns count from 1 (0 when unknown)."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        if not self.line:  # about the whole file (not found, unreadable): no position to point at
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def to_json(self) -> dict[str, object]:
        return {"path": self.path, "line": self.line, "column": self.column, "message": self.message}


def problem(path: str | Path, line: int, column: int, message: str) -> Problem:
    return Problem(str(path), line, column, message)


class UserError(Exception):
    """A mistake the user can fix; carries every problem found, so all are shown at once."""

    def __init__(self, problems: list[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem("", 0, 0, problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) if p.path else p.message for p in self.problems)


class ScenarioError(UserError):
    """A scenario, inject-library or community-profile file cannot be loaded as written."""
