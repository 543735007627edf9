"""What people type is shown as typed: console markup in a decision is never interpreted.

Rich/Textual markup (`[bold]`, `[@click=app.quit]`) is to a terminal what HTML is to a browser.
"""

from __future__ import annotations

from exercise_engine.engine.room import log_decision
from exercise_engine.model.records import Decision

from .conftest import console_app, deliver, facilitator_app, open_store, ready, screen_lines, squash, wait_for

HOSTILE = "{{ 7*7 }} [bold red]LOUD[/] [@click=app.quit]press[/] [link=http://x]y[/link]"


async def test_markup_in_a_decision_is_shown_literally_everywhere(session, demo, clock):
    store = open_store(session, clock)
    deliver(store, demo)
    first = demo.injects[0]
    log_decision(store, Decision(table="victim-services", inject=first.id, text=HOSTILE), story_time=0.0,
                 actor="table:victim-services")
    store.close()

    for role, app in (("facilitator", facilitator_app(session, demo, clock)),
                      ("table", console_app(session, clock, "table", table="victim-services")),
                      ("evaluator", console_app(session, clock, "evaluator"))):
        async with app.run_test(size=(160, 50)) as pilot:
            await ready(pilot)
            if role == "table":
                await pilot.press("f4")  # the table's own decisions
            await wait_for(pilot, lambda: "[bold red]LOUD[/]" in squash(screen_lines(app)),
                           message=f"literal markup on the {role} console")
            assert "{{ 7*7 }}" in screen_lines(app)
