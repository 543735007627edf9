"""The session log folded into current state: what every console shows and every report says.

Pure: events in, state out, no SimPy and no SQLite. Consoles keep a `SessionState` and feed it
`store.events(after_seq=state.last_seq)`; the engine keeps one current as it appends; reports
project the whole log once. A decision is keyed by the seq of its `decision_logged` event and
shown by its number (1, 2, 3… in the order saved); `model.events.numbered` assigns both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Literal, Sequence

from ..loader.loaded import LoadedScenario
from ..model.consequences import MetricSample, ThresholdCrossing
from ..model.events import Event, EventKind
from ..model.inject import Inject
from ..model.records import Decision, Feedback, HotwashNote, ImprovementItem, Observation, Rating
from .standing import DecisionState, InjectState, InjectStatus

__all__ = ["DecisionState", "InjectState", "InjectStatus", "Phase", "SessionState", "project"]

Phase = Literal["exercise", "hotwash", "ended"]
_DELIVERED, _SKIPPED = EventKind.inject_delivered, EventKind.inject_skipped


@dataclass
class SessionState:
    """Everything the log says so far. Mutated only through `apply`."""

    scenario: LoadedScenario
    events: list[Event] = field(default_factory=list)
    last_seq: int = 0
    story_time: float = 0.0
    running: bool = False
    """A new session starts paused: the facilitator starts the clock after the briefing."""
    speed: float = 1.0
    held: str | None = None
    module_id: str | None = None
    phase: Phase = "exercise"
    settled_apart: int = 0
    """Injects settled one by one (fired, skipped, released by a model, read back from the log)
    rather than in the timeline's batches: while there are none, no inject ahead on the schedule
    can have been settled before its time."""
    decisions: dict[int, DecisionState] = field(default_factory=dict)
    observations: list[tuple[Event, Observation]] = field(default_factory=list)
    ratings: list[tuple[Event, Rating]] = field(default_factory=list)
    hotwash_notes: list[tuple[Event, HotwashNote]] = field(default_factory=list)
    feedback: list[tuple[Event, Feedback]] = field(default_factory=list)
    improvement_items: dict[str, ImprovementItem] = field(default_factory=dict)
    withdrawn: dict[int, tuple[Event, Observation | Rating | HotwashNote]] = field(default_factory=dict)
    """Withdrawn observations, ratings and hotwash notes by their event's seq: (record_withdrawn event, record).
    They leave `observations`, `ratings` and `hotwash_notes`, so no analysis counts them."""
    withdrawn_items: dict[str, Event] = field(default_factory=dict)
    """Improvement-plan rows withdrawn, by item_id (prefilled rows too): the record_withdrawn event."""
    modules_started: list[str] = field(default_factory=list)
    seed: int = 0
    last_control: Event | None = None
    """The facilitator's latest control (what it did follows it in the log)."""
    metrics: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    """Consequence-model time series, `model.metric` → [(story time, value)] (controller-only
    unless the scenario's `models.public` names it)."""
    metric_drivers: list[tuple[float, str, list[int]]] = field(default_factory=list)
    """(story time, model, decision ids) each time the actions in force changed a model."""
    threshold_crossings: list[tuple[Event, ThresholdCrossing]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._injects: dict[str, InjectState] | None = None
        self._settled: dict[str, Event] = {}
        self._unfolded_keys: list[str] = []
        self._unfolded_events: list[Event] = []
        """Injects settled in batches (`settle`) and their events, not yet in `_settled`: folded in
        together when someone asks, instead of one small update per instant (a rehearsal that
        nobody reads back never builds the map)."""
        if not self.events and self.scenario.scenario.modules:
            self.story_time = float(min(m.start for m in self.scenario.scenario.modules))

    @property
    def settled(self) -> dict[str, Event]:
        """Inject id → the inject_delivered or inject_skipped event that settled it (absent:
        pending). The one record of where each inject stands; `injects` are views of it."""
        if self._unfolded_keys:
            self._settled.update(zip(self._unfolded_keys, self._unfolded_events))
            self._unfolded_keys.clear()
            self._unfolded_events.clear()
        return self._settled

    @property
    def injects(self) -> dict[str, InjectState]:
        """Every inject of the scenario and where it stands, by id, in the scenario's order (the
        views are made on first use and then kept, so consoles may hold on to them)."""
        found = self._injects
        if found is None:
            found = self._injects = {key: InjectState(inject, module, self)
                                     for key, inject, module in _inject_keys(self.scenario)}
        return found

    def apply(self, event: Event) -> None:
        """Fold one event in; events at or below `last_seq` are ignored (safe to re-feed)."""
        self.extend((event,))

    def extend(self, events: Iterable[Event]) -> None:
        """Fold events in, in order (as `apply` each)."""
        append = self.events.append
        for event in events:
            seq, kind, scenario_time, _, _, data = event
            last = self.last_seq
            if seq and seq <= last:
                continue
            append(event)
            self.last_seq = seq or last + 1
            if scenario_time > self.story_time:
                self.story_time = scenario_time
            if kind is _DELIVERED or kind is _SKIPPED:
                self._settle(data["inject"], event)
            else:
                handler = _HANDLERS.get(kind)
                if handler is not None:
                    handler(self, event)

    def settle(self, keys: Sequence[str], events: list[Event]) -> None:
        """Fold in `events` (inject_delivered or inject_skipped, all at one story time, numbered on
        from `last_seq`), each settling the inject at the same place in `keys`: distinct injects
        of the scenario still pending (the timeline settles only those). What `extend` does with
        them, as one batch: a rehearsal settles thousands, and a call or a check per event cost
        more than the work."""
        self.events += events
        last = events[-1]
        self.last_seq = last[0]
        if last[2] > self.story_time:
            self.story_time = last[2]
        self._unfolded_keys += keys
        self._unfolded_events += events
        held = self.held
        if held is not None and held in keys and events[list(keys).index(held)].kind is _SKIPPED:
            self.held = None  # as `_settle`: skipping the held inject ends the hold

    def _settle(self, key: str, event: Event) -> None:
        """The one rule for settling an inject: an inject the scenario has settles once (the engine
        never settles twice; a hand-edited log must not break a report), and skipping the held
        inject ends the hold."""
        settled = self.settled
        if key in settled or not self.scenario.has_inject(key):
            return
        settled[key] = event
        self.settled_apart += 1
        if event.kind is _SKIPPED and self.held == key:
            self.held = None

    def reset(self) -> None:
        """Back to before the first event, to re-project a log: the events list and the inject
        views stay the same objects (consoles and the timeline hold on to them)."""
        fresh = SessionState(scenario=self.scenario)
        for key, value in fresh.__dict__.items():
            if key not in ("events", "_injects"):
                setattr(self, key, value)
        self.events.clear()

    # ---- questions consoles and reports ask ---------------------------------------------------

    def delivered(self, table: str | None = None) -> list[InjectState]:
        """Delivered injects in delivery order; for a table, only those addressed to it."""
        found = self._settled_as(_DELIVERED)
        return found if table is None else [s for s in found if s.inject.is_for(table)]

    def skipped(self) -> list[InjectState]:
        return self._settled_as(_SKIPPED)

    def _settled_as(self, kind: EventKind) -> list[InjectState]:
        """The injects settled by an event of `kind`, in the log's order."""
        injects = self.injects
        return [injects[key] for key, event in sorted(self.settled.items(), key=_seq_of_settled)
                if event.kind is kind]

    def pending(self) -> list[InjectState]:
        """Not yet delivered or skipped, in scheduled order (controller-only: future injects)."""
        if len(self._settled) + len(self._unfolded_keys) == len(self.scenario.injects):  # all settled (each once)
            return []
        settled = self.settled
        return [s for key, s in self.injects.items() if key not in settled]

    def active_decisions(self, table: str | None = None) -> list[DecisionState]:
        """Decisions not retracted, in the order they were logged."""
        return [d for d in self.decisions.values() if not d.is_retracted and (table is None or d.table == table)]

    def practices_of(self, decision: Decision) -> list[int]:
        """The practices a decision counts for: those it names and those of the inject it answers
        (scribes rarely retype what the inject already says)."""
        numbers = set(decision.practices)
        if decision.inject and self.scenario.has_inject(decision.inject):
            numbers.update(self.scenario.inject(decision.inject).practices)
        return sorted(numbers)

    def answers_to(self, inject_id: str) -> dict[str, DecisionState]:
        """Each table's first standing decision answering an inject (in the order saved)."""
        first: dict[str, DecisionState] = {}
        for found in self.decisions.values():
            if found.retracted is None and found.current.inject == inject_id and found.table not in first:
                first[found.table] = found
        return first

    def owing(self, inject: Inject) -> list[str]:
        """The tables that still owe a delivered inject an answer: the one rule for "answered".

        An inject to named tables is owed by each of them until it logs a decision answering it; an
        inject to `all` is a question for the room, answered once any table has answered it."""
        answered = self.answers_to(inject.id)
        tables = [t.id for t in self.scenario.scenario.tables]
        if inject.addressed_to_all:
            return [] if answered else tables
        return [t for t in inject.to if t not in answered]

    def practices_covered(self) -> set[int]:
        """Best practices (1–16) that at least one standing decision addressed."""
        return {p for d in self.active_decisions() for p in self.practices_of(d.current)}


def _seq_of_settled(item: tuple[str, Event]) -> int:
    return item[1].seq


def _inject_keys(loaded: LoadedScenario) -> list[tuple[str, Inject, str]]:
    """(id, inject, module id) of every inject, derived once per loaded scenario: a new state reads
    these rather than reach into 10,000 inject models scattered in memory (a third of the cost of
    starting a 10,000-inject rehearsal)."""
    found = loaded.derived.get("inject_keys")
    if found is None:
        found = loaded.derived["inject_keys"] = [(i.id, i, loaded.module_of[i.id]) for i in loaded.injects]
    return found


def project(loaded: LoadedScenario, events: Iterable[Event]) -> SessionState:
    """The state after `events` (a whole log, or a prefix of one)."""
    state = SessionState(scenario=loaded)
    for event in events:
        state.apply(event)
    return state


# ---- one small function per event kind ---------------------------------------------------------

def _created(state: SessionState, event: Event) -> None:
    state.seed = int(event.data.get("seed") or 0)


def _module_started(state: SessionState, event: Event) -> None:
    module = event.data["module"]
    state.module_id = module
    state.modules_started.append(module)


def _restored(state: SessionState, event: Event) -> None:
    key = event.data["inject"]
    found = state.settled.get(key)
    if found is not None and found.kind is _SKIPPED:
        del state.settled[key]


def _control(state: SessionState, event: Event) -> None:
    state.last_control = event


def _paused(state: SessionState, event: Event) -> None:
    state.running = False


def _resumed(state: SessionState, event: Event) -> None:
    state.running = True


def _speed(state: SessionState, event: Event) -> None:
    state.speed = float(event.data["speed"])


def _held(state: SessionState, event: Event) -> None:
    state.held = event.data.get("inject")


def _released(state: SessionState, event: Event) -> None:
    state.held = None


def _decision_logged(state: SessionState, event: Event) -> None:
    decision_id = int(event.data.get("decision_id") or event.seq)
    decision = Decision.model_validate(event.data["decision"])
    number = int(event.data.get("number") or len(state.decisions) + 1)  # logs before numbers: order saved
    state.decisions[decision_id] = DecisionState(decision_id, [(event, decision)], number=number)


def _decision_amended(state: SessionState, event: Event) -> None:
    found = state.decisions.get(int(event.data["decision_id"]))
    if found is not None:
        found.versions.append((event, Decision.model_validate(event.data["decision"])))


def _decision_retracted(state: SessionState, event: Event) -> None:
    found = state.decisions.get(int(event.data["decision_id"]))
    if found is not None and found.retracted is None:
        found.retracted = event


def _observation(state: SessionState, event: Event) -> None:
    state.observations.append((event, Observation.model_validate(event.data["observation"])))


def _rating(state: SessionState, event: Event) -> None:
    state.ratings.append((event, Rating.model_validate(event.data["rating"])))


def _hotwash_started(state: SessionState, event: Event) -> None:
    state.phase = "hotwash"
    state.running = False
    state.held = None


def _hotwash_note(state: SessionState, event: Event) -> None:
    state.hotwash_notes.append((event, HotwashNote.model_validate(event.data["note"])))


def _feedback(state: SessionState, event: Event) -> None:
    state.feedback.append((event, Feedback.model_validate(event.data["feedback"])))


def _improvement_item(state: SessionState, event: Event) -> None:
    item = ImprovementItem.model_validate(event.data["item"])
    if item.item_id not in state.withdrawn_items:
        state.improvement_items[item.item_id] = item


def _record_withdrawn(state: SessionState, event: Event) -> None:
    item_id = event.data.get("item_id")
    if item_id:
        state.withdrawn_items.setdefault(str(item_id), event)
        state.improvement_items.pop(str(item_id), None)
        return
    seq = event.data.get("seq")
    for records in (state.observations, state.ratings, state.hotwash_notes):
        for index, (logged, record) in enumerate(records):
            if logged.seq == seq:
                del records[index]
                state.withdrawn[logged.seq] = (event, record)
                return


def _model_event(state: SessionState, event: Event) -> None:
    data = event.data
    if "metrics" in data:
        sample = MetricSample.model_validate(data)
        for name, value in sample.metrics.items():
            state.metrics.setdefault(f"{sample.model}.{name}", []).append((event.scenario_time, value))
        if sample.reason == "action":
            state.metric_drivers.append((event.scenario_time, sample.model, sample.decisions))
    elif data.get("model") == "thresholds":
        state.threshold_crossings.append((event, ThresholdCrossing.model_validate(data)))


def _ended(state: SessionState, event: Event) -> None:
    state.phase = "ended"
    state.running = False
    state.held = None


_HANDLERS = {  # inject_delivered and inject_skipped are folded in `SessionState.apply` itself
    EventKind.session_created: _created,
    EventKind.module_started: _module_started,
    EventKind.inject_restored: _restored,
    EventKind.control: _control,
    EventKind.clock_paused: _paused,
    EventKind.clock_resumed: _resumed,
    EventKind.speed_changed: _speed,
    EventKind.clock_held: _held,
    EventKind.clock_released: _released,
    EventKind.decision_logged: _decision_logged,
    EventKind.decision_amended: _decision_amended,
    EventKind.decision_retracted: _decision_retracted,
    EventKind.observation: _observation,
    EventKind.rating: _rating,
    EventKind.hotwash_started: _hotwash_started,
    EventKind.hotwash_note: _hotwash_note,
    EventKind.feedback: _feedback,
    EventKind.improvement_item: _improvement_item,
    EventKind.record_withdrawn: _record_withdrawn,
    EventKind.exercise_ended: _ended,
    EventKind.model_event: _model_event,
}
