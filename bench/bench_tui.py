"""Console speed, printed (not asserted): start-up to the first frame with the clock, and save-to-visible.

1. `ttx run` → first frame showing the story clock. The real command runs in a pseudo-terminal
   (120×40); the time is taken from spawning the process to the first output containing the header's
   `T+` clock. Baseline in the same run: a bare Textual app that draws one line, measured the same way
   (so the ratio says what our start-up adds to Textual's own). Target: under 1.0 s.
2. Save key → durable and visible in another console, with 10 consoles open. The save path is the
   table console's own (`LiveSession.log_decision`, committed with synchronous=FULL before it returns);
   10 other consoles are 10 `LiveSession` readers on their own connections, each polled every
   POLL_SECONDS as the app's timer does, in threads of this process. Latency = save start → the first
   reader whose poll returned the decision; also reported: → all 10 readers. Target: p95 under 100 ms.

Run: `python bench/bench_tui.py` (add `--quick` for fewer repetitions).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCENARIO = REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml"
BASELINE_APP = """
from textual.app import App
from textual.widgets import Static
class Hello(App):
    def compose(self):
        yield Static("T+0 baseline")
Hello().run()
"""


def first_frame(argv: list[str], marker: bytes, timeout: float = 20.0) -> float:
    """Seconds from spawning `argv` in a 120×40 pty to `marker` appearing in its output."""
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:  # child
        os.environ["TERM"] = "xterm-256color"
        os.environ["PYTHONPATH"] = str(REPO)
        os.execv(argv[0], argv)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen = b""
    try:
        while time.perf_counter() - start < timeout:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(fd, 65536)
                except OSError:
                    break
                seen += chunk
                if marker in seen:
                    return time.perf_counter() - start
        raise RuntimeError(f"{marker!r} never appeared; output tail: {seen[-400:]!r}")
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except OSError:
            pass
        os.close(fd)


def bench_startup(runs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        ours, baseline = [], []
        for n in range(runs):
            session = Path(folder) / f"s{n}.ttx"
            ours.append(first_frame([sys.executable, "-m", "exercise_engine.cli.main", "run", str(SCENARIO),
                                     "--session", str(session)], b"T+0"))
            baseline.append(first_frame([sys.executable, "-c", BASELINE_APP], b"T+0 baseline"))
    med, base = statistics.median(ours), statistics.median(baseline)
    print(f"ttx run → first frame with the clock ({SCENARIO.name}, {runs} runs):")
    print(f"  median {med * 1000:.0f} ms, best {min(ours) * 1000:.0f} ms, worst {max(ours) * 1000:.0f} ms "
          f"(target < 1000 ms)")
    print(f"  baseline bare Textual app: median {base * 1000:.0f} ms → ratio {med / base:.2f}×")


def bench_save_to_visible(saves: int, consoles: int = 10) -> None:
    from exercise_engine.loader.scenario_loader import load_scenario
    from exercise_engine.model.records import Decision
    from exercise_engine.store.session_store import SessionStore
    from exercise_engine.tui.app import POLL_SECONDS
    from exercise_engine.session.live import LiveSession, Role

    loaded = load_scenario(SCENARIO)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.ttx"
        SessionStore.create(path, loaded).close()
        writer = LiveSession(SessionStore.open(path), Role("table", table="steering"))
        readers = [LiveSession(SessionStore.open(path), Role("evaluator", name=f"r{i}")) for i in range(consoles)]
        seen: dict[int, list[float]] = {}
        lock = threading.Lock()
        stop = threading.Event()

        def console(live: LiveSession) -> None:
            while not stop.is_set():
                for event in live.poll():
                    if event.kind.value == "decision_logged":
                        with lock:
                            seen.setdefault(event.seq, []).append(time.perf_counter())
                stop.wait(POLL_SECONDS)

        threads = [threading.Thread(target=console, args=(r,), daemon=True) for r in readers]
        for t in threads:
            t.start()
        durable, first, last = [], [], []
        for n in range(saves):
            start = time.perf_counter()
            event = writer.log_decision(Decision(table="steering", text=f"Decision {n}", practices=[4]))
            durable.append(time.perf_counter() - start)
            deadline = time.perf_counter() + 5
            while time.perf_counter() < deadline:
                with lock:
                    times = list(seen.get(event.seq, []))
                if len(times) == consoles:
                    break
                time.sleep(0.001)
            first.append(min(times) - start)
            last.append(max(times) - start)
            time.sleep(POLL_SECONDS * 0.37)  # vary the phase against the readers' timers
        stop.set()
        for t in threads:
            t.join()

    def p95(values: list[float]) -> float:
        return statistics.quantiles(values, n=20)[-1]

    print(f"save → durable → visible, {consoles} consoles polling every {POLL_SECONDS * 1000:.0f} ms, {saves} saves:")
    print(f"  durable (commit returned): median {statistics.median(durable) * 1000:.1f} ms, "
          f"p95 {p95(durable) * 1000:.1f} ms")
    print(f"  visible in another console: median {statistics.median(first) * 1000:.1f} ms, "
          f"p95 {p95(first) * 1000:.1f} ms (target p95 < 100 ms)")
    print(f"  visible in all {consoles}: median {statistics.median(last) * 1000:.1f} ms, p95 {p95(last) * 1000:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    bench_startup(3 if args.quick else 7)
    bench_save_to_visible(30 if args.quick else 100)


if __name__ == "__main__":
    main()
