"""`ttx report SESSION`: the after-action report and improvement plan (HSEEP), from a session file."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from ..report.render import FORMATS, TEXT_FORMATS, ReportError, load_state, render_report, write_report


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "report",
        help="write the after-action report and improvement plan of a session",
        description="Write the after-action report / improvement plan (HSEEP) of a session file: overview, "
        "best-practice scorecard, timeline, analysis, EOP annex update plan, improvement plan, feedback and "
        "appendices. Works on a session still in progress (the report is marked INTERIM). The session is only "
        "read; the scenario stored in it is used, so the YAML files are not needed. Exit status: 0 written, "
        "1 the session or output path is wrong, 2 bad arguments.",
    )
    parser.add_argument("session", metavar="SESSION", help="the session file (e.g. sessions/founders-day.ttx)")
    parser.add_argument("--format", "-f", choices=tuple(FORMATS), default="html",
                        help="html (one self-contained file, prints well), md (Markdown), docx (Word) or json "
                        "(every figure, for other tools); default: html")
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


def run(args: argparse.Namespace) -> int:
    try:
        if args.output == "-":
            if args.format not in TEXT_FORMATS:
                print(f"ttx report: a {args.format} report is binary; give a file with -o", file=sys.stderr)
                return 2
            blob = render_report(load_state(args.session), args.format, args.generated_at)
            try:
                sys.stdout.buffer.write(blob)
                sys.stdout.flush()
            except BrokenPipeError:
                return 0
            return 0
        target = write_report(args.session, args.format, args.output, args.generated_at)
    except ReportError as exc:
        print(f"ttx report: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        where = exc.filename or args.output or "the report"
        print(f"ttx report: cannot write {where}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"Wrote {target}")
    return 0
