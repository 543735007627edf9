"""The models inside an exercise's own environment: live, cut and resumed, the log is the same.

A small exercise stand-in: a SimPy environment that logs the room's decisions at their story
times into a SessionState, which the models read and write through. (The real Exercise drives
LiveModels the same way.)
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st

from exercise_engine.engine.models.live import LiveModels, logged_counts
from exercise_engine.model.consequences import HotlineParams, InformationParams, ModelsSection, NotificationParams, \
    ReunificationParams, Threshold
from exercise_engine.model.events import Event, EventKind
from exercise_engine.model.records import Action, Decision

import simpy

from .model_log import WALL, empty_state

H = 3600
END = 10 * H
MODELS = ModelsSection(sample_minutes=20, horizon=END, reunification=ReunificationParams(),
                       notification=NotificationParams(), hotline=HotlineParams(), information=InformationParams(),
                       thresholds=[Threshold(id="jam", metric="hotline.waiting", above=4, for_minutes=5, release="a")])
KINDS = {"staff_hotline": "lines", "open_frc": "staff", "assign_notification_teams": "teams", "open_jic": "staff"}


class Stand:
    """Exercise stand-in: one SessionState, one event path."""

    def __init__(self, state=None, start: float = 0.0) -> None:
        self.state = state or empty_state()
        self.env = simpy.Environment(initial_time=start)
        self.released: list[str] = []
        self.models = LiveModels(MODELS, 9, self.state, emit_at=self.emit_at, release=self.release)
        self.models.start(self.env)

    def append(self, kind: EventKind, at: float, data: dict[str, Any], actor: str) -> Event:
        event = Event(self.state.last_seq + 1, kind, at, WALL, actor, data)
        self.state.apply(event)
        return event

    def emit_at(self, data: dict[str, Any], model: str, at: float) -> None:
        self.append(EventKind.model_event, at, data, f"model:{model}")

    def release(self, inject: str, threshold: str) -> bool:
        self.released.append(inject)
        return True

    def room(self, script: list[tuple[int, str, int]], until: float) -> None:
        """Log the script's decisions (and amend/retract) when the story reaches them, up to `until`."""
        def room():
            for at, kind, n in sorted(script):
                if at > until:
                    return
                if at > self.env.now:
                    yield self.env.timeout(at - self.env.now)
                if any(e.scenario_time == at and e.kind is EventKind.decision_logged for e in self.state.events):
                    continue  # logged before the cut
                decision = Decision(table="victim-services", text=kind, actions=[Action(kind=kind, params={KINDS[kind]: n})])
                self.append(EventKind.decision_logged, at, {"decision_id": self.state.last_seq + 1,
                                                             "decision": decision.model_dump(mode="json")}, "table:x")
        self.env.process(room())
        self.env.run(until=until)


def model_story(state) -> list[tuple[float, dict[str, Any]]]:
    return [(e.scenario_time, e.data) for e in state.events if e.kind is EventKind.model_event]


step = st.tuples(st.integers(0, END // 60 - 1).map(lambda m: m * 60 + 30), st.sampled_from(sorted(KINDS)),
                 st.integers(1, 10))


@settings(max_examples=8, deadline=None)
@given(script=st.lists(step, max_size=6, unique_by=lambda s: s[0]), cut=st.integers(1, END // 60 - 1))
def test_a_cut_and_resumed_exercise_logs_the_same_model_events(script, cut) -> None:
    whole = Stand()
    whole.room(script, END + 1)
    first = Stand()
    first.room(script, cut * 60 + 0.5)
    counts_before = logged_counts(first.state.events)
    resumed = Stand(first.state, start=first.env.now)  # a new engine over the same log
    resumed.room(script, END + 1)
    assert model_story(resumed.state) == model_story(whole.state)
    assert first.released + resumed.released == whole.released
    assert sum(counts_before.values()) <= len(model_story(whole.state))
