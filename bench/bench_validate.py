"""Time `ttx validate` on a generated 1,000-inject scenario (target: under 0.5 s), and how it scales.

Writes a scenario with 1,000 injects (600 `use:` references into a generated 16-file library and
400 written inline, with placeholders and conditions), then prints the median time to validate it
completely and, as a same-run baseline, the time the loader's own parser (libyaml composing the node
tree, as the loader does: with the cyclic garbage collector paused) takes on the same files. Then the same for 10,000 injects: validating ten
times the injects should cost about ten times as much (target: at most ~12x).

    python bench/bench_validate.py [--runs 5] [--injects 1000] [--pure]
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

import sys

if __package__ in (None, ""):  # run as `python bench/bench_validate.py` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise_engine.loader import FileCache, validate_file  # noqa: E402
from exercise_engine.loader import yaml_reader  # noqa: E402
from exercise_engine.loader.collector import collector_paused  # noqa: E402
from timing import median_seconds  # noqa: E402


def compose_all(texts: list[tuple[str, str]]) -> None:
    """The baseline: the loader's parser on every file, under the same conditions as the loader."""
    with collector_paused():
        for text, shown in texts:
            yaml_reader._compose(text, shown)

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "scenarios" / "community.example.yaml"
TABLES = ("steering", "victim-services", "behavioral-health", "financial", "communications")
MODULE_SPAN_MINUTES = 600


def inject_yaml(index: int, practice: int, minute: int | None, indent: str, condition_on: str | None) -> str:
    lines = [
        f"- id: bp{practice:02d}-generated-{index}",
        f"  title: Generated inject {index} about {{{{ venues.frc }}}}",
    ]
    if minute is not None:
        lines.append(f"  time: T+{minute}m")
    lines += [
        f"  practices: [{practice}, {practice % 16 + 1}]",
        "  from: Dispatch",
        f"  to: [{TABLES[index % len(TABLES)]}]",
        "  delivery: phone",
        "  narrative: >-",
        "    Families are arriving at {{ venues.frc }} after the shooting at {{ venues.incident_site }}.",
        f"    {{{{ agencies.police }}}} asks {{{{ contacts.pio.name }}}} for help with message number {index}.",
        "  questions:",
        "    - Who is in charge here?",
        "    - What do families at {{ venues.frc }} hear first?",
        "  expected_actions:",
        "    - text: Open the center",
        f"      tag: action-{index}",
        "  controller_notes: Push for a named lead.",
    ]
    if condition_on:
        lines += ["  type: conditional", "  condition:", "    when: missing", f"    tags: [{condition_on}]"]
    return "".join(f"{indent}{line}\n" for line in lines)


def generate(folder: Path, total: int) -> Path:
    shutil.copy(PROFILE, folder / "community.yaml")
    library = folder / "injects"
    library.mkdir()
    from_library = total * 6 // 10
    per_file: dict[int, list[str]] = {p: [] for p in range(1, 17)}
    for index in range(from_library):
        practice = index % 16 + 1
        per_file[practice].append(inject_yaml(index, practice, None, "  ", f"action-{index - 1}" if index % 7 == 6 else None))
    for practice, items in per_file.items():
        (library / f"bp{practice:02d}-generated.yaml").write_text("injects:\n" + "".join(items), encoding="utf-8")

    modules = 10
    per_module = total // modules
    parts = [
        "id: generated\nversion: '1'\ntitle: Generated load test for {{ community.name }}\n",
        "summary: A generated scenario at {{ venues.incident_site }}.\nthreat_hazard: Mass violence incident\n",
        "sponsor: Bench\npoint_of_contact: {name: Bench}\ncommunity: community.yaml\nlibrary: [injects]\n",
        "objectives:\n",
        *[f"  - id: obj-{p}\n    text: Objective {p}\n    practices: [{p}]\n" for p in range(1, 17)],
        "tables:\n",
        *[f"  - id: {t}\n    name: {t}\n    committees: [steering]\n" for t in TABLES],
        "modules:\n",
    ]
    index = 0
    for m in range(modules):
        start = m * MODULE_SPAN_MINUTES
        parts.append(
            f"  - id: m{m}\n    title: Module {m}\n    start: T+{start}m\n    end: T+{start + MODULE_SPAN_MINUTES}m\n"
            f"    planned_minutes: 20\n    situation: Situation at {{{{ venues.eoc }}}}.\n    injects:\n"
        )
        for k in range(per_module):
            minute = start + k * MODULE_SPAN_MINUTES // per_module
            if index < from_library:
                parts.append(f"      - use: bp{index % 16 + 1:02d}-generated-{index}\n        time: T+{minute}m\n")
            else:
                parts.append(inject_yaml(index, index % 16 + 1, minute, "      ", None))
            index += 1
    scenario = folder / "scenario.yaml"
    scenario.write_text("".join(parts), encoding="utf-8")
    return scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--injects", type=int, default=1000)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one validation")
    parser.add_argument("--pure", action="store_true", help="use ruamel.yaml even when libyaml is installed")
    args = parser.parse_args()
    if args.pure:
        yaml_reader._CLoader = None
    parser_name = "libyaml (PyYAML)" if yaml_reader._CLoader is not None else "ruamel.yaml (pure Python)"
    print(f"parser used by the loader: {parser_name}")
    measured, parsed = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        for total in (args.injects, args.injects * 10):
            folder = Path(tmp) / str(total)
            folder.mkdir()
            scenario = generate(folder, total)
            files = [scenario, *sorted((folder / "injects").glob("*.yaml")), folder / "community.yaml"]
            lines = sum(f.read_text().count("\n") for f in files)
            texts = [(f.read_text(encoding="utf-8"), str(f)) for f in files]

            report = validate_file(scenario, FileCache())
            assert report.valid, "\n".join(map(str, report.problems[:10]))
            assert report.scenario is not None and len(report.scenario.injects) == total

            runs = args.runs if total == args.injects else max(1, args.runs // 2)
            validate = median_seconds(lambda: validate_file(scenario, FileCache()), runs)
            parse = median_seconds(lambda: compose_all(texts), runs)
            measured[total], parsed[total] = validate, parse
            print(f"\n{total} injects, {len(files)} files, {lines} lines")
            print(f"  validate (median of {runs}):                 {validate:.3f} s"
                  + (f"   target < 0.5 s: {'met' if validate < 0.5 else 'NOT met'}" if total == args.injects else ""))
            print(f"  baseline: the loader's parser, same files:   {parse:.3f} s")
            print(f"  ratio validate / parse:                      {validate / parse:.2f}")
        small, large = measured[args.injects], measured[args.injects * 10]
        print(f"\nscaling: {args.injects * 10} injects cost {large / small:.1f}x {args.injects} (target: at most ~12x); "
              f"the parser alone {parsed[args.injects * 10] / parsed[args.injects]:.1f}x")
        scenario = Path(tmp) / str(args.injects) / "scenario.yaml"
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.runcall(validate_file, scenario, FileCache())
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
