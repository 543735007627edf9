"""Consoles are built on temporary session files with a fake wall clock: no sleeps, no real time."""

from __future__ import annotations

import asyncio
import inspect
import random
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from exercise_engine.engine.exercise import Exercise
from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.loader.scenario_loader import load_scenario
from exercise_engine.model.events import EventKind
from exercise_engine.store import join_codes
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.app import ConsoleApp, make_app

REPO = Path(__file__).resolve().parents[2]
SCENARIOS = sorted(p for p in (REPO / "scenarios").glob("*.yaml") if p.name != "community.example.yaml")
START = datetime(2026, 11, 25, 9, 0, tzinfo=timezone.utc)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """Run `async def` tests in a fresh event loop (no asyncio plugin needed)."""
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        asyncio.run(pyfuncitem.obj(**args))
        return True
    return None


class FakeClock:
    """A wall clock tests move by hand."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


_LOADED: dict[str, LoadedScenario] = {}


def load(name: str | Path) -> LoadedScenario:
    path = Path(name) if isinstance(name, Path) else REPO / "scenarios" / name
    if str(path) not in _LOADED:
        _LOADED[str(path)] = load_scenario(path)
    return _LOADED[str(path)]


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def demo() -> LoadedScenario:
    return load("demo.yaml")


@pytest.fixture
def fixed_join_codes(monkeypatch):
    """Join codes from a seeded generator, so screens that show them are stable in snapshots."""
    rng = random.Random(7)

    class Seeded:
        choice = staticmethod(rng.choice)

    monkeypatch.setattr(join_codes, "secrets", Seeded)


@pytest.fixture
def session(tmp_path, demo, clock) -> Path:
    """A fresh session file of the demo scenario (closed again: each console opens its own)."""
    path = tmp_path / "demo.ttx"
    SessionStore.create(path, demo, clock=clock).close()
    return path


def open_store(path: Path, clock: FakeClock) -> SessionStore:
    return SessionStore.open(path, clock=clock)


def deliver(store: SessionStore, loaded: LoadedScenario, inject_ids: list[str] | None = None) -> None:
    """Write inject deliveries straight to the log, as the facilitator's engine would."""
    ids = inject_ids if inject_ids is not None else [i.id for i in loaded.injects]
    store.append_many([(EventKind.inject_delivered,
                        {"inject": i, "module": loaded.module_of[i], "reason": "scheduled"},
                        float(loaded.inject(i).time or 0), "engine") for i in ids])


def facilitator_app(path: Path, loaded: LoadedScenario, clock: FakeClock, *, holder: str = "test-facilitator",
                    fresh: bool = True, **kwargs) -> ConsoleApp:
    store = open_store(path, clock)

    def factory(st: SessionStore) -> Exercise:
        if fresh and not any(e.kind is not EventKind.session_created for e in st.events()):
            return Exercise(loaded, st, clock=clock)
        return Exercise.from_log(loaded, st, clock=clock)

    kwargs.setdefault("poll_seconds", 0.05)
    return _quiet(make_app(store, role="facilitator", clock=clock, exercise_factory=factory, holder=holder,
                           cursor_blink=False, **kwargs))


def _quiet(app: ConsoleApp) -> ConsoleApp:
    app.animation_level = "none"  # tab underlines and scrolling settle at once
    return app


def console_app(path: Path, clock: FakeClock, role: str, table: str | None = None, **kwargs) -> ConsoleApp:
    kwargs.setdefault("poll_seconds", 0.05)
    return _quiet(make_app(open_store(path, clock), role=role, table=table, clock=clock, cursor_blink=False,
                           **kwargs))


async def wait_for(pilot, condition, *, timeout: float = 10.0, message: str = "condition") -> None:
    """Let the app run until `condition()` holds; fail (not hang) if it never does."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {message}")
        await pilot.pause(0.02)


async def ready(pilot) -> None:
    """Wait until the role's console screen is up (it is pushed when the app mounts)."""
    from exercise_engine.tui.screens.base import ConsoleScreen

    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ConsoleScreen), message="console screen")
    await pilot.pause()


def widget_texts(screen) -> str:
    """Every piece of text the screen's widgets hold, whether scrolled into view or not."""
    from textual.widgets import DataTable, Input, Static, TextArea

    parts: list[str] = []
    for widget in screen.query("*"):
        if isinstance(widget, DataTable):
            for row in range(widget.row_count):
                parts.extend(str(cell) for cell in widget.get_row_at(row))
            parts.extend(str(col.label) for col in widget.columns.values())
        elif isinstance(widget, Static):
            parts.append(str(widget.content))
        elif isinstance(widget, Input):
            parts.append(widget.value)
        elif isinstance(widget, TextArea):
            parts.append(widget.text)
        border = getattr(widget, "border_title", None)
        if border:
            parts.append(str(border))
    return "\n".join(parts)


def screen_lines(app) -> str:
    """The terminal as drawn right now (what a person sees), one line per row."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def squash(text: str) -> str:
    return " ".join(text.split())


def poll(condition, what: str, timeout: float = 30.0, show=None):
    """For tests driving real processes (tmux, a browser): wait until `condition()` is truthy and
    return it; fail naming `what` (and what `show()` says is on screen) if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}" + (f"; the screen shows:\n{show()}" if show else ""))
        time.sleep(0.1)
