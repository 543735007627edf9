"""Eight consoles writing decisions into one session at once: nothing lost, nothing doubled, no lock errors."""

from __future__ import annotations

import multiprocessing
import traceback
from collections import Counter
from pathlib import Path

from exercise_engine.engine import room
from exercise_engine.engine.projection import project
from exercise_engine.engine.synthetic import TABLES, generate
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import Decision
from exercise_engine.store.session_store import SessionStore

WRITERS = 8
DECISIONS_EACH = 250


def _writer(path: str, writer: int, start: multiprocessing.synchronize.Event, errors: multiprocessing.Queue) -> None:
    try:
        store = SessionStore.open(path)
        table = TABLES[writer % len(TABLES)]
        start.wait(30)
        for k in range(DECISIONS_EACH):
            decision = Decision(table=table, text=f"writer {writer} decision {k}", practices=[1 + k % 16])
            event = room.log_decision(store, decision, story_time=60.0 * k, actor=f"table:{table}")
            assert event.data["decision_id"] == event.seq
            if k % 50 == 0:
                store.events(after_seq=max(0, event.seq - 20))  # consoles read while others write
        store.close()
    except BaseException:  # report everything, including "database is locked", to the parent
        errors.put(f"writer {writer}: {traceback.format_exc()}")


def test_eight_writer_processes_lose_and_double_nothing(tmp_path: Path) -> None:
    loaded = generate(10, scenario_id="concurrency")
    path = tmp_path / "busy.ttx"
    SessionStore.create(path, loaded).close()
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    errors = context.Queue()
    workers = [context.Process(target=_writer, args=(str(path), n, start, errors)) for n in range(WRITERS)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
    problems = []
    while not errors.empty():
        problems.append(errors.get())
    assert not problems, "\n".join(problems)
    assert all(w.exitcode == 0 for w in workers)

    store = SessionStore.open(path)
    events = store.events()
    decisions = [e for e in events if e.kind is EventKind.decision_logged]
    assert len(decisions) == WRITERS * DECISIONS_EACH
    texts = Counter(e.data["decision"]["text"] for e in decisions)
    assert len(texts) == WRITERS * DECISIONS_EACH and set(texts.values()) == {1}
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    assert len(project(store.scenario(), events).decisions) == WRITERS * DECISIONS_EACH
    store.close()
