"""What a facilitator control will do, and what it did, in the facilitator's words.

Controls that skip or jump ask first with these questions ("Skip 13 injects of Module 1 …?"), and the
console's status line shows what the last control did. Which injects `next_module` skips is the engine's
own answer (`Exercise.skipped_by_next_module`), so the question and the act agree.
"""

from __future__ import annotations

from typing import Callable

from ..engine.conditions import settle_time
from ..engine.exercise import ExerciseError
from ..engine.projection import InjectState, SessionState
from .format import story_clock


def inject_label(item: InjectState) -> str:
    return f"“{item.inject.title}” ({story_clock(settle_time(item.inject))})"


def module_label(state: SessionState, module_id: str | None) -> str:
    modules = state.scenario.scenario.modules
    for number, module in enumerate(modules, start=1):
        if module.id == module_id:
            return f"Module {number} “{module.title}”"
    return "the current module"


def _injects(n: int) -> str:
    return f"{n} inject" + ("" if n == 1 else "s")


def next_module_words(skipped_by_next_module: Callable[[], tuple[str, list[InjectState]]],
                      state: SessionState) -> tuple[str, str] | None:
    """(question, what it did) for `next_module`, from the engine's answer; None when there is no next module."""
    try:
        module_id, skipped = skipped_by_next_module()
    except ExerciseError:
        return None
    module = next(m for m in state.scenario.scenario.modules if m.id == module_id)
    opens = f"{module_label(state, module_id)} at {story_clock(module.start)}"
    if not skipped:
        return f"Jump the clock to {opens}? No inject is skipped.", f"opened {opens}"
    modules = {s.module_id for s in skipped}
    of = f" of {module_label(state, next(iter(modules)))}" if len(modules) == 1 else ""
    what = f"{_injects(len(skipped))}{of}"
    return (f"Skip {what} and open {opens}? Skipped injects are not delivered unless you put them back "
            f"(u on the inject in the MSEL).", f"skipped {what} and opened {opens}")


def next_inject_words(state: SessionState, now: float) -> tuple[str, str] | None:
    """(question, what it did) for `next_inject` (the earliest pending inject); None when none is left."""
    pending = state.pending()
    if not pending:
        return None
    item = min(pending, key=lambda s: settle_time(s.inject))
    to = ", ".join(item.inject.to)
    at = settle_time(item.inject)
    if at <= now:
        return f"Deliver {inject_label(item)} to {to} now?", f"delivered {inject_label(item)}"
    return (f"Jump the clock from {story_clock(now)} to {story_clock(at)} and deliver {inject_label(item)} to {to}?",
            f"jumped to {story_clock(at)} and delivered {inject_label(item)}")


def skip_words(item: InjectState) -> tuple[str, str]:
    return (f"Skip {inject_label(item)}? It will not be delivered unless you put it back (u).",
            f"skipped {inject_label(item)} (u puts it back)")


def restore_done(item: InjectState, now: float) -> str:
    if settle_time(item.inject) > now:
        return f"put {inject_label(item)} back: it will be delivered when the clock reaches its time"
    return f"put {inject_label(item)} back: its time had passed, so it was delivered now"
