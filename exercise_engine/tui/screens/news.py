"""Pop-ups for what just happened in the room, coalesced: at most one for decisions and one for injects
per window, however many arrived. One pop-up per decision made a burst of 200 freeze the facilitator
console for minutes (each toast is a widget mounted, laid out and animated)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ...loader.loaded import LoadedScenario
from ...model.events import Event, EventKind

NEWS_SECONDS = 2.0
"""After a pop-up, news waits this long and then comes as one."""
NEWS_KINDS = (EventKind.inject_delivered, EventKind.decision_logged)


def _who(actor: str) -> str:
    return actor.split(":", 1)[1] if ":" in actor else actor


def news(loaded: LoadedScenario, events: list[Event]) -> list[tuple[str, str]]:
    """(title, message) pop-ups for these events: one for the decisions, one for the injects."""
    out: list[tuple[str, str]] = []
    injects = [e for e in events if e.kind is EventKind.inject_delivered]
    decisions = [e for e in events if e.kind is EventKind.decision_logged]
    if decisions:
        newest = decisions[-1]
        text = str(newest.data.get("decision", {}).get("text", "")).replace("\n", " ")[:80]
        if len(decisions) == 1:
            out.append((f"Decision · {_who(newest.actor)}", text))
        else:
            tables = Counter(_who(e.actor) for e in decisions)
            out.append((f"{len(decisions)} new decisions: " + ", ".join(f"{t} {n}" for t, n in tables.most_common()),
                        f"Newest: {text}"))
    if injects:
        newest_id = injects[-1].data["inject"]
        title = loaded.inject(newest_id).title if loaded.has_inject(newest_id) else newest_id
        out.append(("Inject delivered" if len(injects) == 1 else f"{len(injects)} injects delivered; newest:", title))
    return out


class NewsPopups:
    """Throttles pop-ups: the first news shows at once; more within `NEWS_SECONDS` waits and comes as one."""

    def __init__(self, loaded: LoadedScenario, notify: Callable[[str, str, float], None],
                 set_timer: Callable[[float, Callable[[], None]], object]) -> None:
        self.loaded = loaded
        self._notify = notify
        self._set_timer = set_timer
        self._waiting: list[Event] = []
        self._window_open = False
        self.window = NEWS_SECONDS
        self.timeout = 4.0
        """How long a pop-up stays."""

    def add(self, events: list[Event]) -> None:
        fresh = [e for e in events if e.kind in NEWS_KINDS]
        if not fresh:
            return
        self._waiting.extend(fresh)
        if not self._window_open:
            self._flush()

    def _flush(self) -> None:
        waiting, self._waiting = self._waiting, []
        if not waiting:
            self._window_open = False
            return
        for title, message in news(self.loaded, waiting):
            self._notify(title, message, self.timeout)
        self._window_open = True
        self._set_timer(self.window, self._flush)
