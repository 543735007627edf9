"""A withdrawn observation, rating, hotwash note or improvement-plan row counts nowhere in the analysis, and the
appendices show it as withdrawn (with why) rather than dropping it: the log keeps everything."""

from __future__ import annotations

import pytest

from exercise_engine.engine import room
from exercise_engine.engine.projection import project
from exercise_engine.model.events import EventKind
from exercise_engine.model.records import HotwashNote, Observation, Rating
from exercise_engine.report.analysis import build_report_data
from exercise_engine.report.render import report_html, report_markdown
from exercise_engine.store.session_store import SessionStore

from .synthetic import T0, tiny_log, tiny_scenario


def _session(tmp_path):
    loaded = tiny_scenario()
    store = SessionStore.create(tmp_path / "s.ttx", loaded)
    for event in tiny_log(ended=False)[1:]:
        store.append(event.kind, event.data, scenario_time=event.scenario_time, actor=event.actor)
    return loaded, store


def test_withdrawn_records_leave_the_analysis_and_show_as_withdrawn_in_the_appendix(tmp_path):
    loaded, store = _session(tmp_path)
    at = dict(story_time=30 * 86400, actor="evaluator:Eve")
    wrong_u = room.record_rating(store, Rating(evaluator="Eve", objective="obj-a", rating="U"), **at)
    mislabelled = room.record_observation(store, Observation(evaluator="Eve", practice=4, kind="improvement",
                                                              text="Typed on the wrong tablet by mistake."), **at)
    note = room.record_hotwash_note(store, HotwashNote(source="steering", kind="improvement", practice=2,
                                                        text="Duplicate of an earlier note."), **at)
    before = build_report_data(project(loaded, store.events()), T0)
    assert any(r.area == "Duplicate of an earlier note." for r in before.improvement_plan)
    assert next(r for r in before.scorecard if r.number == 1).rating == "U"

    for seq, why in ((wrong_u.seq, "meant S"), (mislabelled.seq, "wrong tablet"), (note.seq, "duplicate")):
        room.withdraw_record(store, seq=seq, reason=why, **at)
    rumor = next(r for r in before.improvement_plan if r.area == "No rumor-control line.")
    room.withdraw_record(store, item_id=rumor.item_id, reason="already fixed", story_time=30 * 86400,
                         actor="facilitator")

    state = project(loaded, store.events())
    data = build_report_data(state, T0)
    assert next(r for r in data.scorecard if r.number == 1).rating == "S"  # the withdrawn U no longer counts
    areas = {r.area for r in data.improvement_plan}
    assert "Duplicate of an earlier note." not in areas and "No rumor-control line." not in areas
    assert "Typed on the wrong tablet by mistake." not in areas
    assert set(state.withdrawn) == {wrong_u.seq, mislabelled.seq, note.seq}

    # the appendix (event log) still lists each record, marked withdrawn with the reason, in every format
    entry = {e.seq: e.summary for e in data.events}
    assert entry[mislabelled.seq].startswith("WITHDRAWN (") and "wrong tablet" in entry[mislabelled.seq]
    assert entry[wrong_u.seq].startswith("WITHDRAWN (") and "meant S" in entry[wrong_u.seq]
    assert entry[note.seq].startswith("WITHDRAWN (")
    for text in (report_html(data).decode(), report_markdown(data).decode()):
        assert "Typed on the wrong tablet by mistake." in text and "WITHDRAWN" in text
        assert "withdrew improvement-plan row" in text and "already fixed" in text
    store.close()


def test_only_records_can_be_withdrawn_once_and_with_a_reason(tmp_path):
    loaded, store = _session(tmp_path)
    decision = store.events(kinds=[EventKind.decision_logged])[0]
    note = store.events(kinds=[EventKind.hotwash_note])[0]
    at = dict(story_time=0, actor="facilitator")
    with pytest.raises(room.RoomError, match="not an observation"):
        room.withdraw_record(store, seq=decision.seq, reason="x", **at)  # decisions are retracted instead
    with pytest.raises(room.RoomError, match="why"):
        room.withdraw_record(store, seq=note.seq, reason="  ", **at)
    room.withdraw_record(store, seq=note.seq, reason="duplicate", **at)
    with pytest.raises(room.RoomError, match="already"):
        room.withdraw_record(store, seq=note.seq, reason="again", **at)
    store.close()
