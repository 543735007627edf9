"""Models read the actions in force from the log, so a live, a replayed and a resumed run agree.

The property: whatever the room decides, amends and retracts, and wherever the session is cut and
resumed, the models record exactly the same events as a run that knew the whole log from the start.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings, strategies as st

from exercise_engine.engine.models.host import ModelHost
from exercise_engine.model.consequences import (
    HotlineParams, InformationParams, ModelsSection, NotificationParams, ReunificationParams, Threshold,
    VolunteersDonationsParams,
)

from .model_log import Log

H = 3600
END = 14 * H
MODELS = ModelsSection(
    sample_minutes=30,
    reunification=ReunificationParams(), notification=NotificationParams(), hotline=HotlineParams(),
    volunteers_donations=VolunteersDonationsParams(), information=InformationParams(),
    thresholds=[Threshold(id="jammed", metric="hotline.waiting", above=5, for_minutes=10, release="hotline-jammed"),
                Threshold(id="rumors", metric="information.misinformation", above=2, release="rumor-mill")])
KINDS = {"staff_hotline": "lines", "open_frc": "staff", "assign_notification_teams": "teams",
         "open_volunteer_center": "staff", "set_briefing_cadence": "every_minutes", "open_jic": "staff"}

step = st.tuples(st.integers(0, END // 60 - 1).map(lambda m: m * 60 + 17),
                 st.sampled_from(["decide", "amend", "retract"]),
                 st.sampled_from(sorted(KINDS)), st.integers(1, 12))


def play(timeline: list[tuple[int, str, str, int]], log: Log) -> None:
    """Apply the timeline to `log` in story order (amend and retract act on the latest decision)."""
    ids: list[int] = []
    for at, what, kind, n in sorted(timeline):
        value = n * 15 + 15 if kind == "set_briefing_cadence" else n
        if what == "decide" or not ids:
            ids.append(log.decide(at, kind, **{KINDS[kind]: value}))
        elif what == "amend":
            log.amend(ids[-1], at, kind, **{KINDS[kind]: value})
        else:
            log.retract(ids.pop(), at)


def recording(log: Log, already: dict[str, int] | None = None) -> tuple[ModelHost, list[Any], list[str]]:
    out: list[Any] = []
    released: list[str] = []
    host: ModelHost

    def emit(model: str, data: dict[str, Any]) -> None:
        out.append((host.env.now, model, data))

    def release(inject: str, threshold: str) -> bool:
        released.append(inject)
        return True

    host = ModelHost(MODELS, 42, log.state, emit=emit, release=release, already=already)
    return host, out, released


@settings(max_examples=12, deadline=None)
@given(timeline=st.lists(step, max_size=8), cut=st.integers(1, END // 60 - 1))
def test_live_replayed_and_resumed_runs_record_the_same_model_events(timeline, cut) -> None:
    # replay: the whole log known from the start
    full = Log()
    play(timeline, full)
    host, expected, expected_released = recording(full)
    host.advance_to(END)

    # live: each decision event reaches the log when the story reaches its time
    live = Log()
    host, got, released = recording(live)
    for event in full.events:
        host.advance_to(event.scenario_time)
        live.state.apply(event)
    host.advance_to(END)
    assert got == expected and released == expected_released

    # resumed: cut at `cut` minutes, a new host re-simulates silently, then carries on
    resumed = Log()
    host, first, _ = recording(resumed)
    for event in full.events:
        if event.scenario_time > cut * 60:
            break
        host.advance_to(event.scenario_time)
        resumed.state.apply(event)
    host.advance_to(cut * 60)
    counts: dict[str, int] = {}
    for _, model, _ in first:
        counts[model] = counts.get(model, 0) + 1
    for event in full.events:
        resumed.state.apply(event)  # the rest of the session is logged after the resume
    host, rest, _ = recording(resumed, already=counts)
    host.advance_to(END)
    assert first + rest == expected
