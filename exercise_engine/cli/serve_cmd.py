"""`ttx serve SCENARIO --session FILE`: the consoles in a web browser, for laptops and tablets in the room."""

from __future__ import annotations

import argparse
import errno
import os
import shlex
import socket
import sys
from pathlib import Path

from ..loader.errors import UserError
from ..loader.scenario_loader import load_scenario
from ..session.opening import open_store
from ..store.session_store import SessionError


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
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        port = 0
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return port


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


def run(args: argparse.Namespace) -> int:
    try:
        loaded = load_scenario(args.scenario)
    except UserError as exc:
        print(exc, file=sys.stderr)
        return 1
    problem = _cannot_listen(args.host, args.port)
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

    serve(console_command(Path(args.scenario), session), host=args.host, port=args.port, title=loaded.scenario.title)
    return 0
