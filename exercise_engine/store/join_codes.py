"""Join codes: what a code read aloud in the room lets its holder open (a table's console, the
evaluator or projector view, the facilitator's). Made once per session and kept in its file."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Literal

from ..loader.loaded import LoadedScenario

JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY3467"
"""No 0/O, 1/I/L, 2/Z, 5/S, 8/B: codes are read aloud and typed on phones."""
JOIN_CODE_LENGTH = 6

JoinRole = Literal["table", "evaluator", "projector", "facilitator"]


@dataclass(frozen=True)
class JoinCode:
    """What a join code lets its holder open: a table's console, the evaluator or projector view."""

    role: JoinRole
    table: str | None = None


def new_join_codes(loaded: LoadedScenario) -> dict[str, JoinCode]:
    """A fresh code for each table, the evaluators, the projector and the facilitator (all different)."""
    wanted = [JoinCode("table", t.id) for t in loaded.scenario.tables]
    wanted += [JoinCode("evaluator"), JoinCode("projector"), JoinCode("facilitator")]
    codes: dict[str, JoinCode] = {}
    for join in wanted:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        while code in codes:
            code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        codes[code] = join
    return codes
