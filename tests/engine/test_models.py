"""Each consequence model answers the room's actions the way a planner would expect."""

from __future__ import annotations

from typing import Any

from exercise_engine.engine.models.host import ModelHost
from exercise_engine.model.consequences import (
    HotlineParams, InformationParams, ModelsSection, NotificationParams, ReunificationParams,
    Threshold, VolunteersDonationsParams,
)

from .model_log import Log

H = 3600


def section(**models: Any) -> ModelsSection:
    return ModelsSection(**models)


def run(models: ModelsSection, log: Log, until: float, seed: int = 3) -> ModelHost:
    host = ModelHost(models, seed, log.state)
    host.advance_to(until)
    return host


def test_without_an_frc_families_wait_at_hospitals_and_the_scene() -> None:
    models = section(reunification=ReunificationParams())
    closed = run(models, Log(), 3 * H).metrics()
    assert closed["reunification.families_waiting"] == 0 and closed["reunification.families_elsewhere"] > 20
    log = Log()
    log.decide(0.5 * H, "open_frc", site="frc", staff=8)
    opened = run(models, log, 3 * H).metrics()
    assert opened["reunification.families_waiting"] > 10
    assert opened["reunification.families_elsewhere"] < closed["reunification.families_elsewhere"] / 2


def test_more_frc_staff_shortens_the_time_families_go_without_news() -> None:
    models = section(reunification=ReunificationParams(intake_minutes=20, news_minutes=40))

    def longest(staff: int) -> float:
        log = Log()
        log.decide(0.5 * H, "open_frc", staff=staff)
        host = ModelHost(models, 5, log.state)
        worst = 0.0
        for minute in range(0, 12 * 60, 15):
            host.advance_to(minute * 60)
            worst = max(worst, host.metrics()["reunification.mean_wait_minutes"])
        return worst

    assert longest(12) < longest(1)


def test_a_briefing_schedule_keeps_families_at_the_frc_informed() -> None:
    models = section(reunification=ReunificationParams())

    def worst_unbriefed(**frc: Any) -> tuple[float, float]:
        """(the longest mean minutes since a briefing over the first night, the mean wait for news)."""
        log = Log()
        log.decide(0.5 * H, "open_frc", site="frc", staff=8, **frc)
        host = ModelHost(models, 5, log.state)
        worst = waited = 0.0
        for minute in range(0, 8 * 60, 15):
            host.advance_to(minute * 60)
            metrics = host.metrics()
            worst = max(worst, metrics["reunification.minutes_since_briefing"])
            waited = max(waited, metrics["reunification.mean_wait_minutes"])
        return worst, waited

    none, waited = worst_unbriefed()
    hourly, waited_too = worst_unbriefed(briefing_every_minutes=60)
    assert none == waited > 90, "without a schedule, a family's wait is its time without a briefing"
    assert hourly <= 60 < none and waited_too == waited, "briefings inform families; news still takes its time"


def test_without_notification_teams_families_learn_from_the_media() -> None:
    models = section(notification=NotificationParams())
    none = run(models, Log(), 4 * 24 * H).metrics()
    assert none["notification.identified"] == 9 and none["notification.notified"] == 0
    assert none["notification.learned_otherwise"] == 9 and none["notification.pending"] == 9
    log = Log()
    log.decide(1 * H, "assign_notification_teams", teams=4)
    teams = run(models, log, 4 * 24 * H).metrics()
    assert teams["notification.notified"] == 9 and teams["notification.pending"] == 0
    assert teams["notification.learned_otherwise"] <= 1
    assert teams["notification.mean_notify_minutes"] < 60


def test_deceased_families_at_the_frc_wait_for_the_notification_teams() -> None:
    models = section(reunification=ReunificationParams(), notification=NotificationParams(learn_otherwise_hours=72))
    log = Log()
    log.decide(0.5 * H, "open_frc", staff=10)
    held = run(models, log, 30 * H).metrics()
    log.decide(1 * H, "assign_notification_teams", teams=3)  # logged later in the list, still at T+1h
    told = run(models, log, 30 * H).metrics()
    assert held["reunification.families_waiting"] > told["reunification.families_waiting"]


def test_a_volunteer_center_a_warehouse_and_an_official_fund_each_do_their_part() -> None:
    models = section(volunteers_donations=VolunteersDonationsParams())
    before = run(models, Log(), 5 * 24 * H).metrics()
    log = Log()
    log.decide(2 * H, "open_volunteer_center", staff=6)
    log.decide(24 * H, "open_donations_warehouse", sorters=20)
    log.decide(12 * H, "designate_official_fund", name="Cedar Falls Strong Fund")
    after = run(models, log, 5 * 24 * H).metrics()
    assert before["volunteers_donations.registered_volunteers"] == 0
    assert after["volunteers_donations.registered_volunteers"] > 300
    assert after["volunteers_donations.self_deployed_volunteers"] < before["volunteers_donations.self_deployed_volunteers"]
    assert after["volunteers_donations.warehouse_backlog"] < before["volunteers_donations.warehouse_backlog"] / 2
    assert before["volunteers_donations.unofficial_money_share"] == 1.0
    assert 0.3 < after["volunteers_donations.unofficial_money_share"] < 0.9


def test_regular_briefings_and_a_jic_keep_rumors_down() -> None:
    models = section(information=InformationParams())

    def rumors(log: Log) -> float:
        host = ModelHost(models, 11, log.state)
        total = 0.0
        for hour in range(1, 49):
            host.advance_to(hour * H)
            total += host.metrics()["information.misinformation"]
        return total / 48

    silent = rumors(Log())
    log = Log()
    log.decide(1 * H, "set_briefing_cadence", every_minutes=120)
    log.decide(1 * H, "open_jic", staff=4)
    briefed = rumors(log)
    assert briefed < silent / 2
    host = run(models, log, 10 * H + 30 * 60)
    assert host.metrics()["information.hours_since_update"] <= 2.0


def test_the_hotline_opens_after_its_setup_time_and_answers() -> None:
    models = section(hotline=HotlineParams(setup_minutes=120))
    log = Log()
    log.decide(1 * H, "staff_hotline", lines=10)
    host = run(models, log, 2 * H + 50 * 60)
    assert host.metrics()["hotline.answered"] == 0
    host.advance_to(12 * H)
    metrics = host.metrics()
    assert metrics["hotline.answered"] > 100 and metrics["hotline.abandoned_share"] < 0.8


def test_metric_samples_are_recorded_on_schedule_and_when_actions_change() -> None:
    models = section(hotline=HotlineParams(), sample_minutes=30)
    log = Log()
    decision = log.decide(10 * 60 + 20, "staff_hotline", lines=3)
    events: list[tuple[float, dict[str, Any]]] = []
    host = ModelHost(models, 1, log.state, emit=lambda model, data: events.append((host.env.now, data)))
    host.advance_to(H)
    assert [(t, d["reason"]) for t, d in events] == [(0, "sample"), (11 * 60, "action"), (30 * 60, "sample"),
                                                     (60 * 60, "sample")]
    assert events[1][1]["decisions"] == [decision] and set(events[1][1]["metrics"]) >= {"answered", "asa_seconds"}


def test_model_events_are_projected_as_time_series_with_their_drivers() -> None:
    from exercise_engine.model.events import Event, EventKind

    from .model_log import WALL
    models = section(hotline=HotlineParams(), sample_minutes=30,
                     thresholds=[Threshold(id="q", metric="hotline.waiting", above=3, release="jam")])
    log = Log()
    decision = log.decide(20 * 60, "staff_hotline", lines=1)
    state = log.state

    def emit(model: str, data: dict[str, Any]) -> None:
        state.apply(Event(state.last_seq + 1, EventKind.model_event, host.env.now, WALL, f"model:{model}", data))

    host = ModelHost(models, 1, state, emit=emit)
    host.advance_to(3 * H)
    answered = state.metrics["hotline.answered"]
    assert [t for t, _ in answered][:3] == [0, 21 * 60, 30 * 60] and answered[-1] == (3 * H, host.metrics()["hotline.answered"])
    assert state.metric_drivers == [(21 * 60, "hotline", [decision])]
    assert [c.crossing for _, c in state.threshold_crossings][:1] == ["fired"]


def test_every_family_volunteer_and_identification_is_accounted_for() -> None:
    """Conservation: nobody appears or vanishes between a model's states."""
    models = section(reunification=ReunificationParams(), notification=NotificationParams(),
                     volunteers_donations=VolunteersDonationsParams())
    log = Log()
    log.decide(2 * H, "open_frc", staff=3)
    log.decide(4 * H, "assign_notification_teams", teams=1)
    log.decide(8 * H, "open_volunteer_center", staff=2)
    host = ModelHost(models, 8, log.state)
    reunification = next(m for m in host.models if m.name == "reunification")
    volunteers = next(m for m in host.models if m.name == "volunteers_donations")
    for hour in (1, 3, 6, 12, 24, 48, 96, 14 * 24):
        host.advance_to(hour * H)
        m = host.metrics()
        arrived = len(reunification.arrived_at)
        assert arrived == m["reunification.families_waiting"] + m["reunification.families_elsewhere"] + \
            m["reunification.families_with_news"]
        assert m["notification.identified"] == m["notification.notified"] + m["notification.pending"]
        assert m["notification.learned_otherwise"] <= m["notification.identified"]
        assert volunteers.arrived == volunteers.unmanaged + volunteers.registered + volunteers.self_deployed
        assert volunteers.received_items == volunteers.sorted_items + volunteers.backlog
    assert len(reunification.arrived_at) == 52 and m["reunification.families_with_news"] == 52
    assert volunteers.arrived == 520


def test_a_family_assistance_center_serves_families_and_more_staff_means_shorter_waits() -> None:
    from exercise_engine.model.consequences import FamilyAssistanceParams

    models = section(family_assistance=FamilyAssistanceParams())
    closed = run(models, Log(), 10 * 24 * H).metrics()
    assert closed["family_assistance.services_delivered"] == 0

    def opened(staff: int) -> dict[str, float]:
        log = Log()
        log.decide(6 * H, "open_fac", site="fac", staff=staff)
        return run(models, log, 14 * 24 * H).metrics()

    few, many = opened(1), opened(10)
    assert many["family_assistance.families_served"] == 32  # every family of the 9 dead and 23 injured
    assert many["family_assistance.services_delivered"] >= 9  # at least each deceased's interview
    assert many["family_assistance.mean_wait_minutes"] < few["family_assistance.mean_wait_minutes"]
