"""`ttx report SESSION`: the after-action report and improvement plan (HSEEP), from a session file."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from ..model.conduct import check_time_zone
from ..report.files import OutputError
from ..report.joint import JointReportError, write_joint_report
from ..report.render import FORMATS, TEXT_FORMATS, ReportError, load_state, render_report, write_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the after-action report and improvement plan of a session",
        description="Write the after-action report / improvement plan (HSEEP) of a session file: overview, "
        "best-practice scorecard, timeline, analysis, EOP annex update plan, improvement plan, feedback and "
        "appendices. Works on a session still in progress (the report is marked INTERIM). The session is only "
        "read (a read-only or archived file is fine); the scenario stored in it is used, so the YAML files are "
        "not needed. Several sessions of the same scenario (one per room) give a joint report: each room side by "
        "side, the improvement plans merged, each room's own report written beside it and linked. Exit status: "
        "0 written, 1 the session or output path is wrong, 2 bad arguments.",
    )
    parser.add_argument("sessions", nargs="+", metavar="SESSION",
                        help="the session file (e.g. sessions/founders-day.ttx); several for a joint report")
    parser.add_argument("--format", "-f", choices=tuple(FORMATS), default="html",
                        help="html (one self-contained file, prints well), pdf (to print or send), md (Markdown), "
                        "docx (Word) or json (every figure, for other tools); default: html. A joint report is html")
    parser.add_argument("--tz", metavar="ZONE", type=_zone,
                        help="show wall times in this IANA time zone, e.g. America/Chicago (default: the exercise's "
                        "own, from the scenario or community profile, else UTC)")
    parser.add_argument("-o", "--output", metavar="PATH",
                        help="where to write (default: next to the session, SESSION.report.<format>); "
                        "`-` writes to standard output (html, md, json)")
    parser.add_argument("--generated-at", metavar="ISO", type=_moment,
                        help="the generation time printed in the report, e.g. 2027-07-01T12:00:00Z (default: now); "
                        "fix it to get identical bytes from the same session")
    parser.set_defaults(handler=run)


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO-8601 time such as 2027-07-01T12:00:00Z") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)


def _zone(text: str) -> str:
    try:
        return check_time_zone(text.strip()) or ""
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _joint(args: argparse.Namespace) -> int:
    if args.format != "html" or not args.output or args.output == "-":
        print("ttx report: a joint report of several sessions is one HTML file; give it with -o joint.html "
              "(and no --format other than html)", file=sys.stderr)
        return 2
    try:
        written = write_joint_report(args.sessions, args.output, args.generated_at, args.tz)
    except (ReportError, JointReportError, OutputError) as exc:
        print(f"ttx report: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"ttx report: cannot write {exc.filename or args.output}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Wrote {path}")
    return 0


def run(args: argparse.Namespace) -> int:
    if len(args.sessions) > 1:
        return _joint(args)
    args.session = args.sessions[0]
    try:
        if args.output == "-":
            if args.format not in TEXT_FORMATS:
                print(f"ttx report: a {args.format} report is binary; give a file with -o", file=sys.stderr)
                return 2
            blob = render_report(load_state(args.session), args.format, args.generated_at, args.tz)
            try:
                sys.stdout.buffer.write(blob)
                sys.stdout.flush()
            except BrokenPipeError:
                return 0
            return 0
        target = write_report(args.session, args.format, args.output, args.generated_at, args.tz)
    except ReportError as exc:
        print(f"ttx report: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or args.output or "the report"
        print(f"ttx report: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {target}")
    return 0
