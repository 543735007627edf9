"""The scenario a command was given, read once the same way by every command that opens one."""

from __future__ import annotations

import sys

from ..loader import LoadedScenario, UserError, load_scenario


def read_scenario(path: str) -> LoadedScenario | None:
    """The scenario at `path`, or None once everything wrong with it is printed (`file:line:col: …`,
    all at once; a file that cannot be read, in words)."""
    try:
        return load_scenario(path)
    except UserError as exc:
        print(exc, file=sys.stderr)
    except OSError as exc:
        print(f"{path}: {exc.strerror or exc}", file=sys.stderr)
    return None
