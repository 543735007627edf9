"""How quickly a saved event reaches another console: prints figures, asserts nothing.

    python bench/bench_store.py [--appends 500] [--poll-ms 1]

A writer process appends events one by one (each committed with synchronous=FULL before
append() returns); a reader process polls its own connection, as a table console does. Printed:
the append() call's own duration, and the time from the append() call to the event being read
by the other process (p50/p95), plus the same-process figure (append, then read on a second
connection) which has no polling delay. `measure_visibility` is importable by other benches.
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from exercise_engine.engine.synthetic import generate  # noqa: E402
from exercise_engine.model.events import EventKind  # noqa: E402
from exercise_engine.store.session_store import SessionStore  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _reader(path: str, count: int, poll: float, ready, out) -> None:
    store = SessionStore.open(path, read_only=True)
    seen: dict[int, float] = {}
    last = store.last_seq()
    ready.set()
    while len(seen) < count:
        for event in store.events(after_seq=last):
            seen[event.seq] = time.monotonic()  # CLOCK_MONOTONIC is shared by processes on one machine
            last = event.seq
        time.sleep(poll)
    store.close()
    out.put(seen)


def measure_visibility(path: Path, appends: int = 500, poll_ms: float = 1.0, gap_ms: float = 2.0) -> dict[str, list[float]]:
    """Append `appends` events to the session at `path`; return durations in ms (append, cross-process)."""
    context = multiprocessing.get_context("spawn")
    ready, out = context.Event(), context.Queue()
    reader = context.Process(target=_reader, args=(str(path), appends, poll_ms / 1000, ready, out))
    reader.start()
    ready.wait(30)
    store = SessionStore.open(path)
    started: dict[int, float] = {}
    append_ms: list[float] = []
    for n in range(appends):
        t0 = time.monotonic()
        event = store.append(EventKind.observation, {"observation": {"text": f"note {n}"}}, scenario_time=60.0 * n,
                             actor="evaluator:bench")
        append_ms.append((time.monotonic() - t0) * 1000)
        started[event.seq] = t0
        time.sleep(gap_ms / 1000)
    seen = out.get(timeout=120)
    reader.join(30)
    store.close()
    return {"append": append_ms, "visible": [(seen[seq] - t0) * 1000 for seq, t0 in started.items()]}


def same_process(path: Path, appends: int) -> list[float]:
    writer, reader = SessionStore.open(path), SessionStore.open(path, read_only=True)
    result = []
    for n in range(appends):
        t0 = time.perf_counter()
        event = writer.append(EventKind.observation, {"n": n}, scenario_time=0.0, actor="bench")
        assert reader.events(after_seq=event.seq - 1)[0].seq == event.seq
        result.append((time.perf_counter() - t0) * 1000)
    writer.close()
    reader.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--appends", type=int, default=500)
    parser.add_argument("--poll-ms", type=float, default=1.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.ttx"
        SessionStore.create(path, generate(20, scenario_id="bench-store")).close()
        figures = measure_visibility(path, args.appends, args.poll_ms)
        local = same_process(path, args.appends)
    print(f"{args.appends} appends, synchronous=FULL, reader polling every {args.poll_ms:g} ms")
    for name, values in (("append() call (commit + fsync)", figures["append"]),
                         ("append() to read by another process", figures["visible"]),
                         ("append() then read, second connection", local)):
        print(f"  {name:40s} p50 {statistics.median(values):6.2f} ms   p95 {percentile(values, 0.95):6.2f} ms   "
              f"max {max(values):6.2f} ms")


if __name__ == "__main__":
    main()
