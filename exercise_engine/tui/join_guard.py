"""Wrong join codes in browser mode: slowed per client after a few tries, and logged for the facilitator.

Each browser tab is its own console process, so what one client has tried must outlive the process: it is
kept in a small log next to the session file (`SESSION.joins.log`, one JSON line per wrong code), which the
facilitator's join-codes line reads. The session log itself stays the exercise's record.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FREE_TRIES = 3
"""Wrong codes a client may type before it has to wait (typos happen)."""
WINDOW_SECONDS = 15 * 60
"""Wrong codes older than this are forgotten."""
FIRST_WAIT_SECONDS = 10
MAX_WAIT_SECONDS = 300


def join_log_path(session: Path) -> Path:
    return session.with_name(session.name + ".joins.log")


@dataclass(frozen=True)
class WrongCode:
    at: float
    """Wall time (Unix seconds)."""
    client: str
    """The browser's network address, or "this terminal"."""


def read_wrong_codes(path: Path) -> list[WrongCode]:
    """Every wrong code logged so far; a damaged line is skipped, a missing file is no attempts."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return []
    found: list[WrongCode] = []
    for line in lines:
        try:
            row = json.loads(line)
            found.append(WrongCode(float(row["at"]), str(row["client"])))
        except (ValueError, KeyError, TypeError):
            continue
    return found


class JoinGuard:
    """Decides how long one client must wait before its next try, and records its wrong codes."""

    def __init__(self, log: Path, client: str, *, clock: Callable[[], float] = time.time) -> None:
        self.log = log
        self.client = client
        self.clock = clock

    def wait_seconds(self) -> float:
        """0 while this client may try a code; otherwise how long it must still wait."""
        now = self.clock()
        mine = [w.at for w in read_wrong_codes(self.log) if w.client == self.client and now - w.at < WINDOW_SECONDS]
        if len(mine) < FREE_TRIES:
            return 0.0
        wait = min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (len(mine) - FREE_TRIES))
        return max(0.0, max(mine) + wait - now)

    def wrong_code(self) -> None:
        """Log a wrong code from this client (what was typed is not kept: it may be a near-miss of a real one)."""
        line = json.dumps({"at": self.clock(), "client": self.client}) + "\n"
        try:
            fd = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(fd, line.encode("utf-8"))  # one short append: whole lines, even from many consoles
            finally:
                os.close(fd)
        except OSError:
            pass  # a full or read-only disk must not stop someone joining; the wait is then not enforced


def summary(path: Path) -> str:
    """One line for the facilitator: how many wrong codes, from how many devices, the last one's address."""
    wrong = read_wrong_codes(path)
    if not wrong:
        return ""
    clients = {w.client for w in wrong}
    last = max(wrong, key=lambda w: w.at)
    when = time.strftime("%H:%M", time.localtime(last.at))
    devices = "1 device" if len(clients) == 1 else f"{len(clients)} devices"
    return f"⚠ {len(wrong)} wrong join code{'s' if len(wrong) != 1 else ''} from {devices} (last {last.client} at {when})"
