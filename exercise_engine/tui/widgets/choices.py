"""Radio buttons, checkboxes and tick lists whose state reads without colour: ◉/○ and ☑/☐.

Textual draws every state as the same "X" or "●" in a different colour, which a colour-blind scribe, a
washed-out projector or a tablet in sunlight loses. These draw a different character for on and off.
A radio set also starts with nothing chosen, and `clear_choice` empties it again after a save.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Checkbox, RadioButton, RadioSet, SelectionList

ON, OFF = "◉", "○"
TICKED, UNTICKED = "☑", "☐"


class Choice(RadioButton):
    """A radio button drawn ◉ when chosen and ○ when not."""

    @property
    def _button(self) -> Content:
        return Content.styled(ON if self.value else OFF, self.get_visual_style("toggle--button"))


class Tick(Checkbox):
    """A checkbox drawn ☑ when ticked and ☐ when not."""

    @property
    def _button(self) -> Content:
        return Content.styled(TICKED if self.value else UNTICKED, self.get_visual_style("toggle--button"))


class TickList(SelectionList):
    """A SelectionList whose rows start with ☑ or ☐ (Textual's own draws one "X" in two colours)."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        segments = list(strip)
        index = self.scroll_offset.y + y
        if len(segments) < 4 or index >= self.option_count:
            return strip
        ticked = self.get_option_at_index(index).value in self.selected
        # the button is three cells (left edge, inner, right edge); the inner one carries the state
        segments[1] = Segment(TICKED if ticked else UNTICKED, segments[1].style)
        return Strip(segments, strip.cell_length)


def clear_choice(radio_set: RadioSet) -> None:
    """Un-choose every button of the set (RadioSet itself only ever moves the choice)."""
    with radio_set.prevent(RadioButton.Changed):
        for button in radio_set.query(RadioButton):
            button.value = False
    radio_set._pressed_button = None  # no public way to empty a RadioSet in Textual 8; tests check it stays empty
