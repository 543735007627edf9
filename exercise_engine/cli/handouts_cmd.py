"""`ttx handouts SCENARIO -o DIR`: the exercise's paper (SitMan, C/E handbook, EEGs, feedback form, inject cards)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from ..report.files import OutputError
from ..report.handouts.write import HANDOUT_FORMATS, write_handouts
from .scenario_arg import read_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "handouts",
        help="write the Situation Manual, C/E handbook, EEGs, feedback form and inject cards of a scenario",
        description="Write the print-ready handouts of a scenario into a folder: the Situation Manual for "
        "participants, the Controller/Evaluator handbook (agenda, full MSEL, contingency cue sheet, evaluator "
        "assignments, simulation cell), one Exercise Evaluation Guide per objective, the participant feedback "
        "form, and inject cards one per page (participant and controller copies). Files for participants hold "
        "nothing controller-only. Exit status: 0 written, 1 the scenario or folder is wrong, 2 bad arguments.",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the scenario .yaml file")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder to write into (created if missing)")
    parser.add_argument("--format", "-f", action="append", choices=tuple(HANDOUT_FORMATS), dest="formats",
                        help="html (prints from any browser), docx (Word, to edit) or pdf; repeat for several "
                        "(default: html)")
    parser.add_argument("--start", metavar="'YYYY-MM-DD HH:MM'", type=_start,
                        help="when the exercise day starts (local time), to print clock times on the agenda "
                        "(default: times from the start, +0:15)")
    parser.add_argument("--feedback-url", metavar="URL",
                        help="a web address where participants can fill in the feedback form: printed on the paper form with "
                        "a QR code (for this exercise's own consoles, `ttx serve --feedback-form FILE` knows the address)")
    parser.set_defaults(handler=run)


def _start(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip().replace("T", " "))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date and time such as '2027-06-26 09:00'") from None


def run(args: argparse.Namespace) -> int:
    loaded = read_scenario(args.scenario)
    if loaded is None:
        return 1
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        print(f"ttx handouts: {folder} is a file; give a folder", file=sys.stderr)
        return 1
    formats = list(dict.fromkeys(args.formats or ["html"]))
    try:
        written = write_handouts(loaded, folder, formats, start=args.start, feedback_url=args.feedback_url)
    except OutputError as exc:
        print(f"ttx handouts: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"ttx handouts: cannot write to {exc.filename or folder}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Wrote {path}")
    return 0
