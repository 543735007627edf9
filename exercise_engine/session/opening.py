"""Opening a session file: new, resumed, or the most recent unfinished one of a scenario.

One place decides "new session or resume" for `ttx run`, `ttx rehearse`, `ttx serve` and the
consoles: `open_store` creates or opens the file, `start_engine` starts the engine on it (new, or
rebuilt from its log and paused after a crash, so the room restarts the clock when it is ready).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..model.clock import Clock
from ..engine.consequence import ConsequenceModel
from ..engine.exercise import Exercise
from ..loader.loaded import LoadedScenario
from ..model.events import EventKind
from ..store.session_store import SessionError, SessionStore

SESSIONS = Path("sessions")
"""Where `ttx run` keeps session files when none is named."""


def new_session_path(loaded: LoadedScenario, folder: Path = SESSIONS, now: datetime | None = None) -> Path:
    """`sessions/<scenario id>-<date>-<time>.ttx`, never an existing file."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M")
    path = folder / f"{loaded.scenario.id}-{stamp}.ttx"
    n = 2
    while path.exists():
        path = folder / f"{loaded.scenario.id}-{stamp}-{n}.ttx"
        n += 1
    return path


def find_unfinished(loaded: LoadedScenario, folder: Path = SESSIONS) -> Path | None:
    """The most recently changed session file of this scenario (same id, version and content) that
    has not ended; None if there is none. Files that cannot be read are passed over."""
    if not folder.is_dir():
        return None
    candidates = sorted(folder.glob(f"{loaded.scenario.id}-*.ttx"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in candidates:
        try:
            with SessionStore.open(path, loaded, read_only=True) as store:
                ended = store.events(kinds=[EventKind.exercise_ended])
        except SessionError:
            continue
        if not ended:
            return path
    return None


def open_store(loaded: LoadedScenario, path: Path, *, clock: Clock | None = None,
               seed: int | None = None) -> tuple[SessionStore, bool]:
    """Open `path` (checked against the scenario) or create it; returns the store and whether it
    was created. Raises SessionError with a message for the person."""
    kwargs = {} if clock is None else {"clock": clock}
    if path.exists():
        return SessionStore.open(path, loaded, **kwargs), False
    if not path.parent.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SessionError(f"{path}: cannot create the folder {path.parent} ({exc.strerror})") from None
    return SessionStore.create(path, loaded, seed=seed, **kwargs), True


def start_engine(loaded: LoadedScenario, store: SessionStore, *, clock: Clock,
                 models: tuple[ConsequenceModel, ...] = ()) -> Exercise:
    """The engine on a session: new, or rebuilt from its log and paused if it was running (after a
    crash the room restarts the clock when it is ready, not before)."""
    exercise = Exercise.open(loaded, store, clock=clock, models=models)
    if exercise.state.running and exercise.state.phase == "exercise" and any(
            e.kind is EventKind.session_resumed for e in exercise.events[-1:]):
        exercise.pause()
    return exercise
