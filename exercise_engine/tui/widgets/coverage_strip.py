"""The 16 best practices at a glance: injects delivered and decisions logged for each."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ...engine.projection import SessionState
from ...model.practices import PRACTICES, practice


def coverage(state: SessionState) -> dict[int, tuple[int, int]]:
    """practice → (injects delivered touching it, standing decisions counting for it)."""
    counts = {p.number: [0, 0] for p in PRACTICES}
    for item in state.delivered():
        for n in item.inject.practices:
            counts[n][0] += 1
    for decision in state.decisions.values():
        if not decision.is_retracted:
            for n in state.practices_of(decision.current):
                counts[n][1] += 1
    return {n: (c[0], c[1]) for n, c in counts.items()}


class CoverageStrip(Static):
    """Two rows of eight cells `BP name injects/decisions`: yellow when injects went out but no decision came back."""

    DEFAULT_CSS = """
    CoverageStrip { height: 2; padding: 0 1; }
    """

    _state: SessionState | None = None
    _shown: Text | None = None

    def refresh_from(self, state: SessionState) -> None:
        self._state = state
        cells = coverage(state)
        width = max(9, (self.size.width - 2) // 8 if self.size.width else 9)
        out = Text(no_wrap=True, overflow="crop")
        for row in (range(1, 9), range(9, 17)):
            for n in row:
                injects, decisions = cells[n]
                style = "dim" if injects == 0 and decisions == 0 else ("yellow" if decisions == 0 else "green")
                name = practice(n).short if width >= 14 else ""
                counts = f" {injects}/{decisions}"
                label = f"{n:>2} {name}"[: width - len(counts) - 1]
                out.append((label + counts).ljust(width), style=style)
            if row.start == 1:
                out.append("\n")
        if out != self._shown:
            self._shown = out
            self.update(out, layout=False)  # a fixed two-line strip: no layout pass

    def on_resize(self) -> None:
        if self._state is not None:
            self.refresh_from(self._state)
