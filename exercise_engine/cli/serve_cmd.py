"""`ttx serve SCENARIO --session FILE`: the consoles in a web browser, for laptops and tablets in the room."""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import socket
import sys
from pathlib import Path

from ..session.opening import open_store
from ..store.session_store import SessionError
from .scenario_arg import read_scenario


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the consoles to web browsers (participants join with a code)",
        description="Serve the exercise consoles to web browsers. Each browser tab asks for a join code, which "
        "opens that table's console (or the evaluator or projector view). Listens on this machine only "
        "unless --host says otherwise (use --host 0.0.0.0 to let laptops on the room's network join).",
    )
    parser.add_argument("scenario", metavar="SCENARIO", help="the scenario file")
    parser.add_argument("--session", metavar="FILE", required=True, help="the session file (created if missing)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    parser.add_argument("--port", type=_port, default=8000, help="port, 1-65535 (default: 8000)")
    parser.add_argument("--max-consoles", type=_positive, default=40, metavar="N",
                        help="most browser consoles open at once; each is a process of ~60 MB (default: 40)")
    parser.add_argument("--feedback-form", metavar="FILE", type=_form_file,
                        help="also write the printable participant feedback form (.pdf, .docx or .html) with a QR "
                        "code and the address of this server, so participants can answer it on their phones; "
                        "needs --host 0.0.0.0 or this laptop's address on the room's network")
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


def _form_file(text: str) -> Path:
    if Path(text).suffix.lower() not in (".pdf", ".docx", ".html"):
        raise argparse.ArgumentTypeError(f"{text!r}: write the feedback form to a .pdf, .docx or .html file")
    return Path(text)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return value


def _cannot_listen(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port (in use, unknown address), before anything starts."""
    try:
        with socket.create_server((host, port)):
            return None
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            return f"port {port} on {host} is already in use (is another `ttx serve` running?); try --port {port + 1}"
        return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


def console_command(scenario: Path, session: Path) -> str:
    """The command each browser tab runs: a console that starts on the join-code screen."""
    return shlex.join([sys.executable, "-m", "exercise_engine.cli.main", "run", str(scenario.resolve()),
                       "--session", str(session.resolve()), "--landing"])


def feedback_url(host: str, port: int) -> str:
    """The address a phone on the room's network opens this server at; ValueError saying why there is none."""
    from ..tui.serve import local_addresses

    if host in ("localhost", "::1") or host.startswith("127."):
        raise ValueError(f"participants' phones cannot reach {host}, which is this laptop only; serve with "
                         "--host 0.0.0.0 (or this laptop's address on the room's network) to print a feedback form")
    if host in ("0.0.0.0", "::", ""):
        found = local_addresses()
        if not found:
            raise ValueError("cannot tell this laptop's address on the room's network; give it with --host ADDRESS")
        host = found[0]
    return f"http://{f'[{host}]' if ':' in host else host}:{port}/"


def _write_feedback_form(args: argparse.Namespace, loaded) -> str | None:
    """Write the form with this server's QR code; the problem in words if it cannot be written."""
    from ..report.files import OutputError
    from ..report.handouts.write import write_feedback_form

    try:
        url = feedback_url(args.host, args.port)
        write_feedback_form(loaded, args.feedback_form, url)
    except ValueError as exc:
        return str(exc)
    except (OutputError, OSError) as exc:
        return f"cannot write {args.feedback_form}: {getattr(exc, 'strerror', None) or exc}"
    print(f"Feedback form with a QR code to {url}: {args.feedback_form} (print one for each participant)")
    return None


def run(args: argparse.Namespace) -> int:
    loaded = read_scenario(args.scenario)
    if loaded is None:
        return 1
    problem = _cannot_listen(args.host, args.port)
    if problem:
        print(f"ttx serve: {problem}", file=sys.stderr)
        return 1
    if args.feedback_form is not None:
        problem = _write_feedback_form(args, loaded)
        if problem:
            print(f"ttx serve: {problem}", file=sys.stderr)
            return 1
    session = Path(args.session)
    try:
        store, _ = open_store(loaded, session)
        codes = store.join_codes()
        store.close()
    except SessionError as exc:
        print(f"ttx serve: {exc}", file=sys.stderr)
        return 1

    print(f"{loaded.scenario.title}\nSession: {session}\n\nJoin codes:")
    for code, join in sorted(codes.items(), key=lambda kv: (kv[1].role, kv[1].table or "")):
        print(f"  {code}  {join.role}{' ' + join.table if join.table else ''}")
    print()

    # The console processes must import this package even when it is not installed.
    package_root = str(Path(__file__).resolve().parents[2])
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH", "")) if p)

    from ..tui.serve import serve

    serve(console_command(Path(args.scenario), session), host=args.host, port=args.port, title=loaded.scenario.title,
          max_consoles=args.max_consoles)
    return 0
