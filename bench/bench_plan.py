"""Time planning the run of show against loading the same scenario (target: planning adds ≤ 20%).

Writes a scenario with 1,000 inline injects over 5 modules and 10 tables (each inject for one to
three tables, a tenth of them contingencies checking a tag an earlier inject asks for), then prints
the median time to load it (`load_scenario`, a fresh file cache each run: read, validate, resolve,
render) and the median time to plan it and compute every warning (what `ttx plan` adds), each run
starting from the loaded scenario.

    python bench/bench_plan.py [--runs 5] [--injects 1000] [--tables 10]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/bench_plan.py` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise_engine.engine.plan_warnings import warnings  # noqa: E402
from exercise_engine.engine.run_of_show import plan  # noqa: E402
from exercise_engine.loader import FileCache, load_scenario  # noqa: E402
from timing import median_seconds  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MODULES = 5
SPAN_MINUTES = 600


def scenario_text(n_injects: int, n_tables: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    tables = [f"table-{t}" for t in range(n_tables)]
    out = [
        "id: bench-plan", 'version: "1"', "title: Planning benchmark", "summary: Generated.",
        "threat_hazard: Mass violence incident", "sponsor: Bench", "point_of_contact:", "  name: Pat Lee",
        "community: community.example.yaml", "library: []", "session: 8", "incident_start: 2027-06-19T20:40:00",
        "objectives:", "  - id: obj-1", "    text: Reunify families.", "    practices: [4]", "tables:",
    ]
    for table in tables:
        out += [f"  - id: {table}", f"    name: Table {table}", "    committees: [steering]"]
    out.append("modules:")
    per_module = n_injects // MODULES
    count = 0
    for m in range(MODULES):
        start = m * SPAN_MINUTES
        out += [f"  - id: m{m}", f"    title: Module {m}", f"    start: T+{start}m", f"    end: T+{start + SPAN_MINUTES}m",
                "    planned_minutes: 45", "    situation: Things happen.", "    injects:"]
        for k in range(per_module if m < MODULES - 1 else n_injects - per_module * (MODULES - 1)):
            count += 1
            minute = start + rng.randrange(SPAN_MINUTES)
            to = ", ".join(rng.sample(tables, rng.randint(1, 3)))
            out += [f"      - id: i{count}", f"        title: Inject {count}", f"        time: T+{minute}m",
                    "        practices: [4]", "        from: Dispatch", f"        to: [{to}]", "        delivery: phone",
                    "        narrative: Families arrive at {{ venues.frc }}.",
                    f"        discussion_minutes: {rng.randint(2, 10)}",
                    "        expected_actions:", "          - text: Open the center", f"            tag: tag-{count}"]
            if k and rng.random() < 0.1:
                asked = rng.randrange(max(1, count - 20), count)
                out += ["        type: contingency", "        condition:", "          when: missing",
                        f"          tags: [tag-{asked}]", f"          by: T+{minute}m"]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--injects", type=int, default=1000)
    parser.add_argument("--tables", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        here = Path(folder)
        shutil.copy(ROOT / "scenarios" / "community.example.yaml", here)
        path = here / "bench.yaml"
        path.write_text(scenario_text(args.injects, args.tables), encoding="utf-8")
        loaded = load_scenario(path, FileCache())
        load_s = median_seconds(lambda: load_scenario(path, FileCache()), args.runs)

        def plan_and_warn() -> None:
            warnings(loaded, plan(loaded))

        plan_s = median_seconds(plan_and_warn, args.runs)
        found = warnings(loaded, plan(loaded))
    print(f"{len(loaded.injects)} injects, {len(loaded.scenario.tables)} tables, {len(found)} warnings; "
          f"median of {args.runs} runs")
    print(f"  load the scenario (baseline):        {load_s * 1000:8.1f} ms")
    print(f"  plan it and compute every warning:   {plan_s * 1000:8.1f} ms  "
          f"(+{plan_s / load_s * 100:.1f}% of loading; target ≤ 20%)")


if __name__ == "__main__":
    main()
