"""End to end in real terminals: the real `ttx run` in tmux, a decision typed as a person would.

The facilitator console runs in one tmux window, a table console in another; the test types into the
table console with send-keys and reads the decision back from the session file and the facilitator's
screen. Waits poll with a timeout; nothing sleeps a fixed time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import SessionError, SessionStore

from .conftest import REPO, poll

pytestmark = [pytest.mark.tmux, pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")]


class Tmux:
    """A private tmux server (its own socket), so the test never touches anyone's sessions."""

    def __init__(self, name: str) -> None:
        self.socket = f"ttx-test-{os.getpid()}-{name}"

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], check=True, capture_output=True, text=True).stdout

    def start(self, window: str, command: list[str], size: tuple[int, int]) -> None:
        env = f"PYTHONPATH={REPO} TERM=xterm-256color"
        line = f"cd {REPO} && env {env} " + " ".join(_quote(c) for c in command) + "; sleep 60"
        self.tmux("new-session", "-d", "-s", window, "-x", str(size[0]), "-y", str(size[1]), line)

    def screen(self, window: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", window)

    def keys(self, window: str, *keys: str, literal: bool = False) -> None:
        self.tmux("send-keys", "-t", window, *(["-l"] if literal else []), *keys)

    def kill(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def _quote(text: str) -> str:
    import shlex

    return shlex.quote(text)



def decisions(path: Path) -> list[str]:
    try:
        store = SessionStore.open(path, read_only=True)
    except SessionError:
        return []
    try:
        return [e.data["decision"]["text"] for e in store.events(kinds=[EventKind.decision_logged])]
    finally:
        store.close()


def test_a_decision_typed_in_a_table_console_reaches_the_file_and_the_facilitator(tmp_path):
    session = tmp_path / "e2e.ttx"
    scenario = str(REPO / "scenarios" / "demo.yaml")
    ttx = [sys.executable, "-m", "exercise_engine.cli.main", "run", scenario, "--session", str(session)]
    tmux = Tmux("e2e")
    try:
        tmux.start("facilitator", ttx, (120, 40))
        poll(lambda: "Facilitator" in tmux.screen("facilitator"), "the facilitator console")
        tmux.keys("facilitator", "n")  # deliver the next inject: it asks first
        poll(lambda: "Deliver (y)" in tmux.screen("facilitator"), "the question", show=lambda: tmux.screen("facilitator"))
        tmux.keys("facilitator", "y")
        poll(lambda: "delivered" in tmux.screen("facilitator"), "an inject delivered")

        tmux.start("table", ttx + ["--role", "table", "--table", "steering"], (80, 24))
        poll(lambda: "Injects" in tmux.screen("table") and "T+" in tmux.screen("table"), "the table console")
        tmux.keys("table", "Enter")  # answer the newest inject
        poll(lambda: "Answering:" in tmux.screen("table"), "the decision form")
        tmux.keys("table", "Open the FRC at the high school gym", literal=True)
        tmux.keys("table", "C-s")
        poll(lambda: "saved" in tmux.screen("table"), "the save confirmation", show=lambda: tmux.screen("table"))

        texts = poll(lambda: decisions(session), "the decision in the session file")
        assert texts == ["Open the FRC at the high school gym"]
        poll(lambda: "Open the FRC" in tmux.screen("facilitator"), "the decision in the facilitator's feed")

        tmux.keys("facilitator", "q")
        poll(lambda: "Quit the facilitator console?" in tmux.screen("facilitator"), "the quit question")
        tmux.keys("facilitator", "y")
        poll(lambda: "Resume with" in tmux.screen("facilitator"), "the resume hint after quitting")
    finally:
        tmux.kill()
