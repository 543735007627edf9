"""The projector at the back of the room: long text pages by itself, the discussion questions are up, and every
character drawn reaches WCAG AA contrast (4.5:1 for text, 3:1 for lines) in both themes."""

from __future__ import annotations

import pytest

from exercise_engine.tui.screens.projector import ProjectorScreen

from .conftest import console_app, deliver, open_store, ready, screen_lines, squash, wait_for
from .contrast import contrast, low_contrast


def test_the_contrast_check_can_fail():
    assert round(contrast((0xFE, 0xA6, 0x2B), (0xE0, 0xE0, 0xE0)), 2) == 1.49  # the old light-theme title
    assert round(contrast((0, 0, 0), (255, 255, 255)), 1) == 21.0


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_everything_the_projector_draws_is_readable(session, demo, clock, theme):
    deliver(open_store(session, clock), demo, ["demo-shots-fired"])
    app = console_app(session, clock, "projector")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        app.theme = theme
        await wait_for(pilot, lambda: "Shots fired" in screen_lines(app), message="the inject")
        await pilot.pause()
        assert low_contrast(app) == []


async def test_long_text_turns_page_by_itself_and_the_questions_are_shown(session, demo, clock, monkeypatch):
    monkeypatch.setattr(ProjectorScreen, "PAGE_SECONDS", 0.3)
    inject = demo.inject("demo-shots-fired")
    deliver(open_store(session, clock), demo, [inject.id])
    app = console_app(session, clock, "projector")
    async with app.run_test(size=(60, 24)) as pilot:  # a large font on a small screen: few rows and columns
        await ready(pilot)
        box = app.screen.query_one("#proj-inject")
        await wait_for(pilot, lambda: box.max_scroll_y > 0, message="text longer than the screen")
        await wait_for(pilot, lambda: "page 1 of" in screen_lines(app), message="page 1 shown")
        pages = int(str(box.border_subtitle).split(" of ")[1].split()[0])
        screens: list[str] = []

        def showing(page: int) -> bool:
            """Whether the screen shows `page`; every screen looked at is kept (a page may turn, or be
            half drawn, between two looks)."""
            screens.append(screen_lines(app))
            return f"page {page} of {pages}" in screens[-1]

        for page in range(1, pages + 1):
            await wait_for(pilot, lambda: showing(page), message=f"page {page}")
        await wait_for(pilot, lambda: showing(1), message="back to page 1")
        seen = " ".join(squash(text.replace("┃", " ")) for text in screens)
    words = squash(" ".join([inject.narrative, *inject.questions, "For discussion"])).split()
    seen_words = set(seen.split())
    assert [w for w in words if w not in seen_words] == []  # every word was on screen at some page
