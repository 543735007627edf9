"""Time `ttx msel import` on a 5,000-row MSEL workbook (target: under 2 s and under 3x openpyxl's read).

Builds a workbook as a county planner's looks (a title block above the header, twelve columns, clock
times as text and as Excel times, a phase per row, a best practice on most rows), then prints the
median of: openpyxl reading every cell of it (read-only mode, the fastest ordinary read: the
baseline), `import_msel` (read, find the header, map columns, place times, build the scenario), and
the whole command (that, plus writing the YAML and loading it with the project's loader).

    python bench/bench_msel.py [--runs 5] [--rows 5000]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import shutil
import sys
import tempfile
from datetime import time as clock
from pathlib import Path

import openpyxl

if __package__ in (None, ""):  # run as `python bench/bench_msel.py` from a checkout
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from exercise_engine.cli.main import main  # noqa: E402
from exercise_engine.msel.importer import import_msel  # noqa: E402
from timing import median_wall_and_cpu  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PROFILE = ROOT / "scenarios" / "community.example.yaml"
HEADER = ["MSEL #", "Scenario Time", "Phase", "From", "To", "Method", "Subject", "Description/Script",
          "Expected Outcome(s)", "Best Practice", "Controller", "Notes"]
TABLES = ("Steering", "Victim Services", "Communications", "Behavioral Health")


def build(path: Path, rows: int) -> None:
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("MSEL")
    sheet.append(["Harmon County Mass Violence Tabletop Exercise - Master Scenario Events List"])
    sheet.append(["For Official Use Only"])
    sheet.append([])
    sheet.append(HEADER)
    for n in range(rows):
        minutes = n * 2  # one inject every two story minutes, over about a week
        day, rest = divmod(minutes, 24 * 60)
        when = clock(rest // 60, rest % 60) if n % 2 else f"Day {day + 1} {rest // 60:02d}:{rest % 60:02d}"
        sheet.append([
            n + 1, when if day == 0 or not n % 2 else f"Day {day + 1} {rest // 60:02d}{rest % 60:02d}",
            f"Phase {day + 1}", "Harmon County 911 Communications", TABLES[n % len(TABLES)], ("Phone", "Email", "Radio")[n % 3],
            f"Families gather at the hospital ({n})",
            "About 150 people are in the emergency department lobby and ambulance bay looking for their relatives; "
            "security has locked the doors and the charge nurse asks where to send them.",
            "FRC opened at the pre-identified site\nFRC address given to hospitals, dispatch and the public",
            "" if n % 5 == 0 else str(n % 16 + 1), "Sim cell: hospitals", "Play it fast and loud.",
        ])
    book.save(path)


def read_baseline(path: Path) -> int:
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for row in book["MSEL"].iter_rows(values_only=True) if any(v is not None for v in row))
    book.close()
    return count


def run(runs: int, rows: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bench-msel-"))
    try:
        path = folder / "msel.xlsx"
        build(path, rows)
        shutil.copy(PROFILE, folder / "community.yaml")
        assert read_baseline(path) == rows + 3
        result = import_msel(path)
        assert len(result.injects) == rows and not result.not_imported, result.not_imported[:3]
        out = folder / "scenario.yaml"
        with contextlib.redirect_stdout(io.StringIO()):
            assert main(["msel", "import", str(path), "-o", str(out)]) == 0
        baseline = median_wall_and_cpu(lambda: read_baseline(path), runs)
        imported = median_wall_and_cpu(lambda: import_msel(path), runs)
        with contextlib.redirect_stdout(io.StringIO()):
            command = median_wall_and_cpu(lambda: main(["msel", "import", str(path), "-o", str(out)]), runs)
    finally:
        shutil.rmtree(folder)
    print(f"\n{rows} rows, median of {runs} runs: wall s / CPU s (ratio to the read, by CPU)")
    print(f"  openpyxl read (baseline)          {baseline[0]:6.2f} / {baseline[1]:5.2f}")
    print(f"  import_msel                       {imported[0]:6.2f} / {imported[1]:5.2f}  ({imported[1] / baseline[1]:.1f}x; "
          "target < 2 s and < 3x)")
    print(f"  ttx msel import (+ YAML, loader)  {command[0]:6.2f} / {command[1]:5.2f}  ({command[1] / baseline[1]:.1f}x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args()
    run(args.runs, args.rows)
