"""The numbers the report shows, computed once in ReportData, on a small hand-written session."""

from __future__ import annotations

from exercise_engine.report.analysis import build_report_data, prefilled_improvement_items

from .synthetic import T0, project_events, tiny_log, tiny_scenario


def _data(**kw):
    return build_report_data(project_events(tiny_scenario(), tiny_log(**kw)), T0)


def _row(data, number):
    return next(r for r in data.scorecard if r.number == number)


def test_scorecard_has_every_practice_in_order():
    data = _data()
    assert [r.number for r in data.scorecard] == list(range(1, 17))


def test_retracted_decisions_count_nowhere_but_the_log():
    data = _data()
    notify = _row(data, 5)
    assert notify.decisions == 0 and notify.tables_responding == 0
    assert notify.unanswered_injects == 1  # the only answer was retracted
    entry = next(d for d in data.decision_log if d.status == "retracted")
    assert entry.retracted_reason.startswith("Names wait")


def test_amended_decision_counts_once_as_its_latest_version():
    data = _data()
    entry = next(d for d in data.decision_log if d.status == "amended")
    assert [v.kind for v in entry.versions] == ["logged", "amended"]
    assert entry.versions[-1].text.endswith("church as alternate.")
    assert _row(data, 4).decisions == 1
    frc_gap = [e for g in data.eop_plan for e in g.entries if e.decision_id == entry.decision_id]
    assert frc_gap and frc_gap[0].text.endswith("church as alternate.") and frc_gap[0].owner == "Red Cross"


def test_named_tables_each_owe_an_answer_and_late_answers_are_called_out():
    data = _data()
    frc = _row(data, 4)
    assert frc.unanswered_injects == 1  # steering never answered bp04-frc
    assert frc.late_injects == 1  # victim services took 25 min, over the 15-minute default
    assert frc.median_first_decision_wall_minutes == 25.0
    assert frc.median_first_decision_story_seconds == 600
    analysis = next(p for p in data.practices if p.number == 4)
    assert analysis.unanswered[0].tables == ["Steering"]
    assert analysis.late[0].tables == ["Victim Services"] and analysis.late[0].allowed_minutes == 15


def test_an_inject_to_all_is_answered_by_any_table():
    data = _data()
    command = _row(data, 1)
    assert command.unanswered_injects == 0 and command.late_injects == 0
    assert command.median_first_decision_wall == "4 min"


def test_rating_is_the_worst_over_the_practices_objectives():
    data = _data()
    assert _row(data, 1).rating == "S"  # obj-a
    assert _row(data, 5).rating == "M"  # obj-b
    assert _row(data, 16).rating == ""  # obj-c never rated
    assert _row(data, 16).rating_name == "Not rated"


def test_improvement_plan_prefills_then_takes_the_facilitators_edits():
    state = project_events(tiny_scenario(), tiny_log())
    prefilled = prefilled_improvement_items(state)
    assert {i.source for i in prefilled} == {"observation", "hotwash"}
    data = build_report_data(state, T0)
    rumor = next(r for r in data.improvement_plan if r.area.startswith("No rumor-control"))
    assert rumor.edited and rumor.corrective_action == "Set up a rumor line." and rumor.element == "Equipment"
    names = next(r for r in data.improvement_plan if r.area.startswith("Names nearly"))
    assert not names.edited and names.practice == 5  # from the observation's objective


def test_feedback_means_and_counts():
    data = _data()
    realistic = next(q for q in data.feedback.questions if q.id == "realistic")
    assert (realistic.n, realistic.mean, realistic.counts) == (2, 4.5, [0, 0, 0, 1, 1])
    assert next(q for q in data.feedback.questions if q.id == "plans").mean is None


def test_a_session_in_progress_is_interim():
    assert _data(ended=False).interim is True
    assert _data().interim is False
    assert "hotwash" in _data(ended=False).status


def test_json_dict_keeps_declaration_order():
    data = _data()
    keys = list(data.to_dict())
    assert keys[:4] == ["generated_at", "generated_label", "interim", "status"]
    assert list(data.to_dict()["scorecard"][0])[:3] == ["number", "name", "short"]
