"""People's and planners' text is data in every console widget: shown as typed, never markup, never a link.

A scribe typed `[/note]` and the facilitator console crashed on its decision pop-up; `[@click=…]` in a decision
became a link that skipped a module. Here the hostile corpus goes through every console: in the scenario
(titles, table names, objectives, situations, narratives, notes), in decisions (before and while the console
runs, so pop-ups show them), in an evaluator's name, and through the modal screens.
"""

from __future__ import annotations

from exercise_engine.engine.room import log_decision, record_hotwash_note
from exercise_engine.model.records import Decision, HotwashNote, ObservationKind
from exercise_engine.store.session_store import SessionStore
from exercise_engine.tui.widgets.decision_feed import DecisionFeed

from .conftest import console_app, deliver, facilitator_app, open_store, ready, screen_lines, squash, wait_for
from .hostile import CLICK_WORDS, CORPUS, MARKERS, MARKUP, hostile_scenario


def clickable(app) -> list[tuple[str, str]]:
    """(text, action or URL) of every drawn segment that is a link or a click action."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if style is None:
                continue
            target = style.link or (style.meta or {}).get("@click")
            if target:
                found.append((segment.text, str(target)))
    return found


def assert_inert(app, where: str) -> None:
    """Every marker drawn literally somewhere on screen, and no hostile word made clickable."""
    shown = squash(screen_lines(app))
    missing = [m for m in MARKERS if m not in shown]
    assert not missing, f"{where}: not shown literally: {missing}\n{screen_lines(app)}"
    for text, target in clickable(app):
        assert not any(word in text for word in CLICK_WORDS), f"{where}: {text!r} became clickable ({target})"
        assert "next_module" not in target and "example.com" not in target, f"{where}: live markup {target}"


def _decide(store: SessionStore, loaded, texts: list[str]) -> None:
    tables = [t.id for t in loaded.scenario.tables]
    for i, text in enumerate(texts):
        table = tables[i % len(tables)]
        inject = next(x.id for x in loaded.injects if x.is_for(table))
        log_decision(store, Decision(table=table, inject=inject, text=text, tags=["first-hour"] if i % 2 else []),
                     story_time=60.0 * i, actor=f"table:{table}")


async def test_hostile_text_is_shown_literally_in_every_console(tmp_path, clock):
    loaded = hostile_scenario(tmp_path / "scenario")
    session = tmp_path / "hostile.ttx"
    store = SessionStore.create(session, loaded, clock=clock)
    deliver(store, loaded, [i.id for i in loaded.injects[:-1]])
    _decide(store, loaded, CORPUS)
    store.close()

    # The facilitator: MSEL, inject text, responses, decisions, header; pop-ups for decisions arriving now.
    app = facilitator_app(session, loaded, clock)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(pilot)
        other = open_store(session, clock)
        app.screen._news.window = 0.05  # pop-ups are coalesced: here one per decision, each seen
        for text in MARKUP:
            _decide(other, loaded, [text])
            await wait_for(pilot, lambda: any(text in str(toast.render()) for toast in app.screen.query("Toast")),
                           message=f"the pop-up of {text!r}")
            assert text[:30] in squash(screen_lines(app))
            assert_clean_links(app, "pop-up")
        await wait_for(pilot, lambda: len(app.live.state.decisions) == len(CORPUS) + len(MARKUP))
        await pilot.pause()
        assert_inert(app, "facilitator")
        await pilot.click(DecisionFeed, offset=(2, 0))  # a click on the feed only selects a row
        assert app.live.state.phase == "exercise" and app.is_running

        # mark expected actions on a hostile decision; the situation read-aloud panel
        feed = app.screen.query_one(DecisionFeed)
        feed.focus()
        feed.move_cursor(row=0)
        await pilot.press("t")
        await wait_for(pilot, lambda: "Mark expected actions" in screen_lines(app), message="mark actions")
        assert MARKUP[-1].split(" [red")[0] in squash(screen_lines(app))  # the newest decision, as typed
        await pilot.press("escape")
        await pilot.press("v")
        await wait_for(pilot, lambda: "Esc closes" in screen_lines(app), message="situation panel")
        assert "[@click=app.quit]Quit now[/]" in squash(screen_lines(app))
        await pilot.press("escape")
        other.close()

    # A table's console: its injects (pop-up for a new one), the card, its own decisions.
    table = loaded.scenario.tables[1].id
    app = console_app(session, clock, "table", table=table)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(pilot)
        other = open_store(session, clock)
        deliver(other, loaded, [loaded.injects[-1].id])
        other.close()
        await wait_for(pilot, lambda: "New inject" in screen_lines(app), message="the new inject's pop-up")
        shown = squash(screen_lines(app))
        assert loaded.injects[-1].title in shown and "[@click=app.quit]Quit now[/]" in shown
        assert_clean_links(app, "table injects")
        await pilot.press("f4")
        await wait_for(pilot, lambda: "[/note] closes a tag never opened" in squash(screen_lines(app)),
                       message="the table's own decisions")
        assert_clean_links(app, "table decisions")

    # An evaluator with a hostile name: the exercise view, and the objectives to rate.
    app = console_app(session, clock, "evaluator", name="[@click=app.quit]Quit now[/]")
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: "[@click=app.quit]Quit now[/]" in squash(screen_lines(app)),
                       message="the evaluator's name as typed")
        assert_inert(app, "evaluator")
        await pilot.press("f3")  # Observe: the objectives to rate, as the planner wrote them
        app.screen.query_one("#rating-objective").focus()
        await pilot.press("enter")
        objective = loaded.scenario.objectives[0]
        await wait_for(pilot, lambda: f"{objective.id}: {objective.text}" in squash(screen_lines(app)),
                       message="the objectives listed literally")
        assert_clean_links(app, "evaluator objectives")

    # The projector: title, module, latest inject.
    app = console_app(session, clock, "projector")
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: loaded.injects[-1].title in squash(screen_lines(app)), message="projector")
        assert "[bold red]LOUD[/]" in squash(screen_lines(app))
        assert_clean_links(app, "projector")

    # The hotwash: hostile notes reach the facilitator's counts and the table's hotwash tab without harm.
    other = open_store(session, clock)
    for text in CORPUS:
        record_hotwash_note(other, HotwashNote(source=table, kind=ObservationKind.strength, text=text), story_time=0.0,
                            actor=f"table:{table}")
    other.close()
    app = facilitator_app(session, loaded, clock)
    async with app.run_test(size=(200, 60), notifications=True) as pilot:
        await ready(pilot)
        await wait_for(pilot, lambda: f"{len(CORPUS)} notes" in screen_lines(app), message="hotwash notes counted")
        assert_inert(app, "facilitator in the hotwash")


def assert_clean_links(app, where: str) -> None:
    for text, target in clickable(app):
        assert not any(word in text for word in CLICK_WORDS), f"{where}: {text!r} became clickable ({target})"
