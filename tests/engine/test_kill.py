"""`kill -9` during a persisted rehearsal loses no acknowledged event, and resuming finishes the same log."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.synthetic import decisions, generate
from exercise_engine.store.session_store import SessionStore

from .helpers import FakeClock, story

REPO = Path(__file__).resolve().parents[2]

CHILD = """
import sys
from exercise_engine.engine import recorder
from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.engine.synthetic import decisions, generate
from exercise_engine.store.session_store import SessionStore, utc_now
recorder.BATCH_SIZE = 100  # many commits, so the kill lands between and inside them
loaded = generate(4000, seed=5, scenario_id="killed")
store = SessionStore.create(sys.argv[1], loaded)
print("created", flush=True)
rehearse(loaded, decisions(loaded, 1500, seed=6), clock=utc_now, log=store)
print("finished", flush=True)
"""


def test_kill_9_mid_rehearsal_then_resume_gives_the_uninterrupted_log(tmp_path: Path) -> None:
    loaded = generate(4000, seed=5, scenario_id="killed")
    script = decisions(loaded, 1500, seed=6)
    expected = story(rehearse(loaded, script, clock=FakeClock()).events)
    path = tmp_path / "killed.ttx"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)], cwd=REPO, stdout=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(REPO)}, text=True)
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "created"
    kill_at = random.Random().randrange(2, len(expected) - 200)
    watcher = SessionStore.open(path, read_only=True)
    deadline = time.monotonic() + 60
    while watcher.last_seq() < kill_at and child.poll() is None and time.monotonic() < deadline:
        time.sleep(0.001)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    watcher.close()

    store = SessionStore.open(path, loaded)
    survived = story(store.events())
    assert kill_at <= len(survived) < len(expected), "killed mid-rehearsal"
    assert survived == expected[: len(survived)], "what was committed is a prefix of the full log"
    rehearse(loaded, script, clock=FakeClock(), log=store)
    assert story(store.events()) == expected
    store.close()
