"""The live room on real consoles, printed (not asserted): save → visible on the facilitator's screen, and
what idle consoles cost.

1. Save → visible. A real facilitator console (`ttx run`, its own process) runs in a 120×40 pseudo-terminal,
   with 1 and then 10 real table consoles open on the same session (each its own process and pty). This
   process saves a decision with its own connection, as a table console does (`room.log_decision`,
   committed before it returns), and times from the commit to the decision's text appearing in the bytes
   the facilitator writes to its terminal. Baseline in the same run, measured the same way: a bare poller
   (a 20-line process that reads new decisions from the file every STEP_SECONDS and prints them). The
   session loop's step (STEP_SECONDS) is the floor: a decision waits on average half of it before it is read.
   Target: p95 under 100 ms.
2. Idle cost over a window (default 60 s): CPU % of a core for a paused facilitator, a running
   facilitator and an idle table console (from /proc/PID/stat), bytes per second each writes to its
   terminal, and fsync/fdatasync calls each makes (strace -c, when it can attach). Targets: paused
   facilitator < 1 % and 0 fsyncs; running facilitator < 3 %; idle table console < 1 % and < 2 KiB/s.

Run: `python bench/bench_live.py` (`--quick`: 15 saves, a 20 s window).
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import random
import re
import select
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SCENARIO = REPO / "scenarios" / "session-8-cedar-falls-founders-day.yaml"
TICK = os.sysconf("SC_CLK_TCK")
BARE_POLLER = """
import sqlite3, sys, time, json
db = sqlite3.connect(sys.argv[1])
last = db.execute("select coalesce(max(seq), 0) from events").fetchone()[0]
while True:
    for seq, data in db.execute("select seq, data from events where seq > ? and kind = 'decision_logged' "
                                "order by seq", (last,)):
        last = seq
        print(json.loads(data)["decision"]["text"], flush=True)
    db.commit()
    time.sleep(float(sys.argv[2]))
"""


class Console:
    """A process in a pseudo-terminal; a thread drains its output, remembering when each byte arrived."""

    def __init__(self, argv: list[str], size: tuple[int, int]) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # child
            os.environ["TERM"] = "xterm-256color"
            os.environ["PYTHONPATH"] = str(REPO)
            os.execv(argv[0], argv)
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        self.pid, self.fd = pid, fd
        self.data = bytearray()
        self.arrivals: list[tuple[int, float]] = []  # (end offset of a chunk, when it was read)
        self.lock = threading.Lock()
        self._stop = False
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self) -> None:
        while not self._stop:
            ready, _, _ = select.select([self.fd], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(self.fd, 1 << 16)
            except OSError:
                return
            if not chunk:
                return
            now = time.perf_counter()
            with self.lock:
                self.data += chunk
                self.arrivals.append((len(self.data), now))

    @property
    def size(self) -> int:
        with self.lock:
            return len(self.data)

    def seen_at(self, token: bytes, since: int, timeout: float = 10.0) -> float:
        """When `token` had arrived in the output after offset `since`."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self.lock:
                at = self.data.find(token, max(0, since - len(token)))
                if at >= 0:
                    end = at + len(token)
                    return next(t for offset, t in self.arrivals if offset >= end)
            time.sleep(0.0005)
        raise RuntimeError(f"{token!r} never appeared; output tail: {bytes(self.data[-300:])!r}")

    def wait_for(self, token: bytes, timeout: float = 30.0) -> None:
        self.seen_at(token, 0, timeout)

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICK  # utime + stime

    def close(self) -> None:
        self._stop = True
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        self.thread.join(timeout=1)
        os.close(self.fd)


def ttx(session: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "exercise_engine.cli.main", "run", str(SCENARIO), "--session", str(session), *extra]


def new_session(folder: Path, name: str) -> Path:
    from exercise_engine.loader.scenario_loader import load_scenario
    from exercise_engine.store.session_store import SessionStore

    path = folder / f"{name}.ttx"
    SessionStore.create(path, load_scenario(SCENARIO)).close()
    return path


def tables() -> list[str]:
    from exercise_engine.loader.scenario_loader import load_scenario

    return [t.id for t in load_scenario(SCENARIO).scenario.tables]


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile (never above the largest value measured)."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]


def time_saves(session: Path, watcher: Console, saves: int, label: str) -> list[float]:
    """Save `saves` decisions from this process; seconds from each commit to its text in `watcher`'s output."""
    from exercise_engine.engine.room import log_decision
    from exercise_engine.model.records import Decision
    from exercise_engine.store.session_store import SessionStore

    store = SessionStore.open(session)
    rng = random.Random(7)
    latencies = []
    try:
        for n in range(saves):
            token = f"{label} save {n:03d} z{rng.randrange(10**6):06d}"
            since = watcher.size
            log_decision(store, Decision(table="steering", text=token), story_time=0.0, actor="table:steering")
            committed = time.perf_counter()
            latencies.append(watcher.seen_at(token.encode(), since) - committed)
            time.sleep(rng.uniform(0.05, 0.25))  # vary the phase against the consoles' loops
    finally:
        store.close()
    return latencies


def bench_save_to_visible(saves: int) -> None:
    from exercise_engine.session.live import STEP_SECONDS

    print(f"Save → visible on the facilitator's screen ({SCENARIO.name}, {saves} saves each; "
          f"session loop step {STEP_SECONDS * 1000:.0f} ms is the floor: ~{STEP_SECONDS * 500:.0f} ms on average)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rows = []
        for count in (1, 10):
            session = new_session(folder, f"fac{count}")
            facilitator = Console(ttx(session), (120, 40))
            consoles = [facilitator]
            try:
                facilitator.wait_for(b"Join codes")
                names = tables()
                for i in range(count):
                    consoles.append(Console(ttx(session, "--role", "table", "--table", names[i % len(names)]), (80, 24)))
                for console in consoles[1:]:
                    console.wait_for(b"Injects")
                latencies = time_saves(session, facilitator, saves, f"f{count}")
            finally:
                for console in consoles:
                    console.close()
            rows.append((f"facilitator console, {count:2d} table console{'s' if count > 1 else ''} open", latencies))
        session = new_session(folder, "bare")
        from exercise_engine.session.live import STEP_SECONDS as step

        bare = Console([sys.executable, "-c", BARE_POLLER, str(session), str(step)], (120, 40))
        try:
            time.sleep(0.5)
            rows.append(("baseline: bare poller, same step", time_saves(session, bare, saves, "bare")))
        finally:
            bare.close()
    base = statistics.median(rows[-1][1])
    for label, values in rows:
        med = statistics.median(values)
        print(f"  {label:48s} p50 {med * 1000:6.1f} ms  p95 {p95(values) * 1000:6.1f} ms  "
              f"max {max(values) * 1000:6.1f} ms  ({med / base:.1f}× baseline p50)")
    print("  target: p95 < 100 ms")


def fsync_counter(pid: int, out: Path) -> subprocess.Popen | None:
    try:
        proc = subprocess.Popen(["strace", "-f", "-c", "-e", "trace=fsync,fdatasync", "-o", str(out), "-p", str(pid)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        return None
    return proc


def fsyncs(proc: subprocess.Popen | None, out: Path) -> int | None:
    if proc is None:
        return None
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        return None
    if not out.exists():
        return None
    total = 0
    for line in out.read_text().splitlines():
        match = re.match(r"\s*[\d.]+\s+[\d.]+\s+\d+\s+(\d+)\s+(?:\d+\s+)?(fsync|fdatasync)\s*$", line)
        if match:
            total += int(match.group(1))
    return total


def bench_idle(seconds: float) -> None:
    print(f"Idle cost over {seconds:.0f} s (CPU % of one core; terminal output; fsync+fdatasync calls):")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paused_session, running_session = new_session(folder, "paused"), new_session(folder, "running")
        consoles = {
            "paused facilitator": Console(ttx(paused_session), (120, 40)),
            "running facilitator": Console(ttx(running_session), (120, 40)),
            "idle table console (paused)": Console(ttx(paused_session, "--role", "table", "--table", "steering"), (120, 40)),
            "idle table console (running)": Console(ttx(running_session, "--role", "table", "--table", "steering"), (120, 40)),
        }
        try:
            consoles["paused facilitator"].wait_for(b"Join codes")
            consoles["running facilitator"].wait_for(b"Join codes")
            consoles["running facilitator"].send(b" ")  # start the clock
            consoles["running facilitator"].wait_for(b"RUNNING")
            for name in ("idle table console (paused)", "idle table console (running)"):
                consoles[name].wait_for(b"Injects")
            time.sleep(3)  # start-up settled
            counters = {name: (c.cpu_seconds(), c.size, fsync_counter(c.pid, folder / f"{i}.strace"))
                        for i, (name, c) in enumerate(consoles.items())}
            start = time.perf_counter()
            time.sleep(seconds)
            elapsed = time.perf_counter() - start
            for i, (name, console) in enumerate(consoles.items()):
                cpu0, bytes0, tracer = counters[name]
                cpu = (console.cpu_seconds() - cpu0) / elapsed * 100
                rate = (console.size - bytes0) / elapsed
                synced = fsyncs(tracer, folder / f"{i}.strace")
                sync_text = "fsyncs n/a (strace could not attach)" if synced is None else \
                    f"{synced} fsyncs ({synced / elapsed:.2f}/s)"
                print(f"  {name:30s} CPU {cpu:5.1f} %   terminal {rate / 1024:6.2f} KiB/s   {sync_text}")
        finally:
            for console in consoles.values():
                console.close()
    print("  targets: paused facilitator < 1 % and 0 fsyncs; running facilitator < 3 %; "
          "idle table console < 1 % and < 2 KiB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="15 saves and a 20 s idle window")
    parser.add_argument("--saves", type=int, default=None)
    parser.add_argument("--seconds", type=float, default=None)
    args = parser.parse_args()
    saves = args.saves or (15 if args.quick else 40)
    seconds = args.seconds or (20.0 if args.quick else 60.0)
    bench_save_to_visible(saves)
    bench_idle(seconds)


if __name__ == "__main__":
    main()
