"""Time `ttx handouts` for Session Eight in every format (target: all formats together under 5 s).

Each run loads the scenario from its YAML files, builds every handout (Situation Manual, C/E handbook,
EEGs, feedback form, inject cards) and writes it as HTML, DOCX and PDF into a temporary folder, set-up
included. Prints the median wall and CPU seconds per format and in total, and, as a same-run baseline,
the time to load and validate the scenario alone (what `ttx validate` pays). On a shared machine the wall
time can exceed the CPU time; the CPU time is what the work costs.

    python bench/bench_handouts.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_handouts.py` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise_engine.loader import load_scenario  # noqa: E402
from exercise_engine.report.handouts.write import HANDOUT_FORMATS, write_handouts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "session-8-cedar-falls-founders-day.yaml"
TARGET_SECONDS = 5.0


def timed(work) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    write_handouts(load_scenario(SCENARIO), Path(tempfile.mkdtemp()), list(HANDOUT_FORMATS))  # warm imports
    figures: dict[str, list[tuple[float, float]]] = {"baseline: load scenario": [], **{f: [] for f in HANDOUT_FORMATS},
                                                      "all formats": []}
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            figures["baseline: load scenario"].append(timed(lambda: load_scenario(SCENARIO)))
            for fmt in HANDOUT_FORMATS:
                folder = Path(tmp) / f"{run}-{fmt}"
                figures[fmt].append(timed(lambda: write_handouts(load_scenario(SCENARIO), folder, [fmt])))
            folder = Path(tmp) / f"{run}-all"
            figures["all formats"].append(timed(lambda: write_handouts(load_scenario(SCENARIO), folder,
                                                                       list(HANDOUT_FORMATS))))
        files = len(list((Path(tmp) / "0-all").iterdir()))
    print(f"Handouts for {SCENARIO.name}: {files} files per run, median of {args.runs} runs")
    print(f"{'step':28s} {'wall s':>8s} {'cpu s':>8s}")
    for name, values in figures.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{name:28s} {wall:8.2f} {cpu:8.2f}")
    wall = statistics.median(v[0] for v in figures["all formats"])
    cpu = statistics.median(v[1] for v in figures["all formats"])
    for label, value in (("wall", wall), ("CPU", cpu)):
        verdict = "within" if value < TARGET_SECONDS else "OVER"
        print(f"all formats, {label} time: {value:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0


if __name__ == "__main__":
    sys.exit(main())
