"""Time `ttx report` on a big session: 1,000 decisions and 200 observations (targets: HTML + Markdown +
JSON under 1 s together; DOCX under 3 s).

Rehearses Session Eight (the frozen snapshot the report tests use) into a temporary session file with
1,000 generated decisions (answering the delivered injects, some amended, retracted or flagged as EOP
gaps), 200 observations, ratings, hotwash notes and feedback. Prints the median time of each step and,
as a same-run baseline, the time to open the session and project its log (what any console pays).

    python bench/bench_report.py [--runs 5] [--decisions 1000] [--observations 200]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_report.py` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise_engine.engine.exercise import Exercise  # noqa: E402
from exercise_engine.loader.loaded import LoadedScenario  # noqa: E402
from exercise_engine.model.events import EventKind  # noqa: E402
from exercise_engine.model.records import (  # noqa: E402
    FEEDBACK_QUESTIONS, Decision, Feedback, HotwashNote, Observation, Rating,
)
from exercise_engine.report.analysis import build_report_data  # noqa: E402
from exercise_engine.report.render import load_state, render_data  # noqa: E402
from exercise_engine.store.session_store import SessionStore  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "report" / "data" / "session8-scenario.snapshot.json"
GENERATED_AT = datetime(2027, 7, 1, 12, 0, tzinfo=timezone.utc)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2027, 3, 6, 13, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=3)
        return self.now


def build_session(path: Path, decisions: int, observations: int, seed: int = 8) -> None:
    rng = random.Random(seed)
    loaded = LoadedScenario.from_snapshot(SNAPSHOT.read_text(encoding="utf-8"))
    tables = [t.id for t in loaded.scenario.tables]
    injects = list(loaded.injects)
    script = []
    for n in range(decisions):
        inject = rng.choice(injects)
        table = rng.choice(tables if inject.addressed_to_all else inject.to)
        at = (inject.time or 0) + rng.randint(0, 3 * 3600)
        script.append(Decision(
            table=table, inject=inject.id, scenario_time=at, owner=f"Agency {n % 37}",
            text=f"Decision {n}: " + " ".join(rng.choice(("open", "staff", "announce", "fund", "train", "assign",
                                                           "the FRC", "families", "a hotline", "the FAC"))
                                              for _ in range(rng.randint(8, 40))),
            rationale="Because the plan does not say." if n % 5 == 0 else "", eop_gap=n % 9 == 0))
    clock = Clock()
    store = SessionStore.create(path, loaded, clock=clock, seed=seed)
    try:
        Exercise(loaded, store, clock=clock).run_to_end(script)
        end = float(loaded.scenario.modules[-1].end)
        logged = [e.seq for e in store.events(kinds=[EventKind.decision_logged])]
        extra = []
        for seq in logged[::40]:
            event = store.event(seq)
            extra.append((EventKind.decision_amended, {"decision_id": seq, "decision": {
                **event.data["decision"], "text": event.data["decision"]["text"] + " (amended)"}}, end, "facilitator"))
        for seq in logged[7::50]:
            extra.append((EventKind.decision_retracted, {"decision_id": seq, "reason": "logged twice"}, end, "facilitator"))
        objectives = [o.id for o in loaded.scenario.objectives]
        for n in range(observations):
            obs = Observation(evaluator=f"Evaluator {n % 4}", practice=n % 16 + 1, objective=rng.choice(objectives),
                              kind="strength" if n % 3 else "improvement", text=f"Observation {n} about the room.",
                              decisions=rng.sample(logged, 3))
            extra.append((EventKind.observation, {"observation": obs.model_dump(mode="json")}, end, "evaluator:x"))
        for objective in objectives:
            for evaluator in ("A", "B"):
                rating = Rating(evaluator=evaluator, objective=objective, rating=rng.choice("PSMU"))
                extra.append((EventKind.rating, {"rating": rating.model_dump(mode="json")}, end, f"evaluator:{evaluator}"))
        for n in range(40):
            note = HotwashNote(source=tables[n % len(tables)], kind="improvement" if n % 2 else "strength",
                               practice=n % 16 + 1, text=f"Hotwash note {n}.")
            extra.append((EventKind.hotwash_note, {"note": note.model_dump(mode="json")}, end, "facilitator"))
        for n in range(60):
            form = Feedback(table=tables[n % len(tables)], ratings={q: rng.randint(1, 5) for q in FEEDBACK_QUESTIONS},
                            comments=f"Comment {n}." if n % 2 else "")
            extra.append((EventKind.feedback, {"feedback": form.model_dump(mode="json")}, end, "table:x"))
        store.append_many(extra)
    finally:
        store.close()


def timed(runs: int, fn) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--decisions", type=int, default=1000)
    parser.add_argument("--observations", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        session = Path(tmp) / "big.ttx"
        build_session(session, args.decisions, args.observations)
        t_load, state = timed(args.runs, lambda: load_state(session))
        t_data, data = timed(args.runs, lambda: build_report_data(state, GENERATED_AT))
        sizes = {}
        times = {}
        for fmt in ("html", "md", "json", "docx"):
            times[fmt], blob = timed(args.runs, lambda fmt=fmt: render_data(data, fmt))
            sizes[fmt] = len(blob)
    text_total = t_data + times["html"] + times["md"] + times["json"]
    docx_total = t_data + times["docx"]
    print(f"session: {len(state.events)} events, {len(state.decisions)} decisions, "
          f"{len(state.observations)} observations (median of {args.runs} runs)")
    print(f"  baseline  open + project the session   {t_load * 1000:8.1f} ms")
    print(f"  analysis  ReportData                    {t_data * 1000:8.1f} ms  ({t_data / t_load:.2f}x baseline)")
    for fmt in ("html", "md", "json", "docx"):
        print(f"  render    {fmt:<5} {sizes[fmt] / 1024:8.0f} KiB             {times[fmt] * 1000:8.1f} ms  "
              f"({times[fmt] / t_load:.2f}x baseline)")
    print(f"  HTML + Markdown + JSON (with analysis)   {text_total * 1000:8.1f} ms  target < 1000 ms  "
          f"{'OK' if text_total < 1 else 'SLOW'}")
    print(f"  DOCX (with analysis)                     {docx_total * 1000:8.1f} ms  target < 3000 ms  "
          f"{'OK' if docx_total < 3 else 'SLOW'}")
    print(f"  end to end, all four (load + analysis + renders): "
          f"{(t_load + t_data + sum(times.values())) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
