"""Which actions are in force at a story time: decided, amended and retracted, by each event's time."""

from __future__ import annotations

from exercise_engine.engine.actions import active_actions, latest

from .model_log import Log

H = 3600


def lines_at(log: Log, at: float, *, before: bool = False) -> list[int]:
    return [a.action.params["lines"] for a in active_actions(log.state, "staff_hotline", at, before=before)]


def test_an_action_counts_from_when_it_was_logged_until_it_is_retracted() -> None:
    log = Log()
    first = log.decide(1 * H, "staff_hotline", lines=4)
    log.decide(2 * H, "open_frc", staff=8)
    log.amend(first, 3 * H, "staff_hotline", lines=10)
    log.retract(first, 5 * H)
    assert lines_at(log, 0.5 * H) == []
    assert lines_at(log, 1 * H) == [4] and lines_at(log, 1 * H, before=True) == []
    assert lines_at(log, 2.5 * H) == [4]
    assert lines_at(log, 3 * H) == [10]
    assert lines_at(log, 4.9 * H) == [10]
    assert lines_at(log, 5 * H) == [] and lines_at(log, 5 * H, before=True) == [10]
    assert [a.action.kind for a in active_actions(log.state, "open_frc", 6 * H)] == ["open_frc"]


def test_the_latest_decision_is_the_rooms_word() -> None:
    log = Log()
    log.decide(1 * H, "staff_hotline", lines=4)
    second = log.decide(2 * H, "staff_hotline", lines=12)
    found = active_actions(log.state, "staff_hotline", 3 * H)
    assert latest(found).decision_id == second and latest(found).action.params["lines"] == 12
    assert latest([]) is None
