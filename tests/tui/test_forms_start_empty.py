"""Evidence forms start empty and clear fully after a save: no rating or kind is filed by default, and the next
person on a shared tablet never inherits the previous person's answers. Choices read without colour (◉/○)."""

from __future__ import annotations

from textual.widgets import Input, RadioSet, Select, TextArea

from exercise_engine.model.events import EventKind
from exercise_engine.tui.widgets.choices import OFF, ON

from .conftest import console_app, open_store, ready, screen_lines, wait_for, widget_texts


def _button(screen, radio_set: str, label: str):
    return next(b for b in screen.query_one(radio_set, RadioSet).query("RadioButton") if str(b.label) == label)


async def test_observation_and_rating_have_no_default_and_clear_after_saving(session, demo, clock):
    app = console_app(session, clock, "evaluator", name="Dana")
    async with app.run_test(size=(120, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f3")
        screen = app.screen
        kind, level = screen.query_one("#obs-kind", RadioSet), screen.query_one("#rating-level", RadioSet)
        assert kind.pressed_index == -1 and level.pressed_index == -1
        assert ON not in screen_lines(app) and OFF in screen_lines(app)  # nothing chosen, and it shows

        screen.query_one("#obs-text", TextArea).focus()
        await pilot.press(*"Logistics lead named late")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "choose Strength or Area for improvement" in widget_texts(screen),
                       message="observation refused without a kind")
        await pilot.click(_button(screen, "#obs-kind", "Area for improvement"))
        await wait_for(pilot, lambda: kind.pressed_index == 1 and ON in screen_lines(app), message="kind chosen")
        screen.query_one("#obs-text", TextArea).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Observation saved" in widget_texts(screen), message="observation saved")
        assert kind.pressed_index == -1 and screen.query_one("#obs-text", TextArea).text == ""

        screen.query_one("#rating-objective", Select).value = demo.scenario.objectives[0].id
        screen.query_one("#rating-explanation", Input).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "choose P, S, M or U" in widget_texts(screen), message="rating refused")
        await pilot.click(_button(screen, "#rating-level", "M"))
        screen.query_one("#rating-explanation", Input).focus()
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Rating M" in widget_texts(screen), message="rating saved")
        assert level.pressed_index == -1 and screen.query_one("#rating-objective", Select).is_blank()
        assert ON not in screen_lines(app)

    store = open_store(session, clock)
    assert [e.data["observation"]["kind"] for e in store.events(kinds=[EventKind.observation])] == ["improvement"]
    assert [e.data["rating"]["rating"] for e in store.events(kinds=[EventKind.rating])] == ["M"]


async def test_feedback_form_clears_fully_for_the_next_person(session, demo, clock):
    app = console_app(session, clock, "table", "steering")
    async with app.run_test(size=(100, 40)) as pilot:
        await ready(pilot)
        await pilot.press("f6")
        screen = app.screen
        questions = list(screen.query("#feedback RadioSet").results(RadioSet))
        assert questions and all(q.pressed_index == -1 for q in questions)
        for question, answer in zip(questions[:2], ("4", "5")):
            button = next(b for b in question.query("RadioButton") if str(b.label) == answer)
            question.scroll_visible(animate=False)
            await pilot.pause()
            await pilot.click(button)
        await wait_for(pilot, lambda: [q.pressed_index for q in questions[:2]] == [3, 4], message="ratings chosen")
        screen.query_one("#fb-role", Input).value = "Fire Chief"
        screen.query_one("#fb-strengths", Input).value = "Realistic injects"
        screen.query_one("#fb-comments", Input).focus()
        await pilot.press(*"More time please")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "Feedback saved" in widget_texts(screen), message="feedback saved")
        assert all(q.pressed_index == -1 for q in questions)
        assert all(not b.value for q in questions for b in q.query("RadioButton"))
        assert [screen.query_one(f"#fb-{k}", Input).value for k in ("role", "strengths", "improvements", "comments")] \
            == ["", "", "", ""]

    feedback = open_store(session, clock).events(kinds=[EventKind.feedback])[0].data["feedback"]
    assert feedback["ratings"] == {k: v for k, v in zip(list(feedback["ratings"])[:2], (4, 5))}
    assert feedback["role"] == "Fire Chief" and feedback["comments"] == "More time please"
