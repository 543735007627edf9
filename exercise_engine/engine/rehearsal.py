"""Playing a whole exercise headless: a rehearsal, a replay of a recorded session, a what-if.

A rehearsal plays a script (decisions, room records, facilitator controls) on an `Exercise` at full
speed: the story moves to each entry's time, the entry is recorded or the control carried out, and
after the last entry the story runs to the end of the scenario (or, for a replayed recording, to
where the recording stopped). Only the script moves the story: no wall-clock pacing.

Writes are batched. After a resume, the entries the log already has are not played again, so a
rehearsal killed at any point can be resumed to the same end.
"""

from __future__ import annotations

from typing import Sequence

from ..loader.collector import collector_paused
from ..model.clock import Clock
from ..loader.loaded import LoadedScenario
from ..model.events import EventKind
from ..model.records import Decision
from .consequence import ConsequenceModel
from .event_log import EventLog, MemoryLog
from .exercise import Exercise
from .script import Script, ScriptedControl, ScriptedRecord, ScriptedResume, decisions_script



def play(exercise: Exercise, script: Script | Sequence[Decision] = ()) -> None:
    """Play `script` (or a list of decisions, each at its own time) on `exercise` to its end."""
    if not isinstance(script, Script):
        script = decisions_script(script)
    if exercise.phase == "hotwash" and script.until is None:  # a rehearsal stopped between its hotwash and its end
        exercise.end()
        return
    if exercise.phase == "ended":
        return
    recorder, timeline = exercise.recorder, exercise.timeline
    entries = script.entries[_already_played(exercise, script):]
    recorder.batching = True  # written a batch at a time
    exercise.wall_paced = False
    # A headless run allocates tens of thousands of small acyclic records; pausing the cyclic
    # collector meanwhile halves a 10,000-decision rehearsal. It runs again as soon as we return.
    with collector_paused():
        try:
            for entry in entries:
                if exercise.phase != "exercise":
                    break
                recorder.new_instant()  # an entry is one call: the story moves to it, it is recorded
                if entry.after_timeline:
                    timeline.advance_to(entry.at)
                else:
                    timeline.advance_before(entry.at)
                if isinstance(entry, ScriptedRecord):
                    exercise.record(entry.kind, entry.data, at=entry.at, actor=entry.actor)
                elif isinstance(entry, ScriptedControl):
                    getattr(exercise, entry.action)(*entry.args)
                elif isinstance(entry, ScriptedResume):
                    exercise.record(EventKind.session_resumed, {}, at=entry.at, actor="engine")
            if exercise.phase == "exercise":
                recorder.new_instant()
                if script.until is not None:
                    timeline.advance_to(script.until)
                else:
                    timeline.advance_to(exercise.final_time)
                    exercise.end()
        finally:
            recorder.batching = False
            exercise.wall_paced = True
            exercise.save()


def _already_played(exercise: Exercise, script: Script) -> int:
    """How many of the script's entries a resumed log already holds (they are not played again)."""
    done = 0
    recorded = [e for e in exercise.events if e.kind is not EventKind.session_created]
    by_kind: dict[EventKind, int] = {}
    for event in recorded:
        by_kind[event.kind] = by_kind.get(event.kind, 0) + 1
    seen: dict[EventKind, int] = {}
    for entry in script.entries:
        kind = entry.kind if isinstance(entry, ScriptedRecord) else (
            EventKind.control if isinstance(entry, ScriptedControl) else EventKind.session_resumed)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] > by_kind.get(kind, 0):
            break
        done += 1
    return done


def rehearse(loaded: LoadedScenario, decisions: Sequence[Decision] | Script = (), *, clock: Clock,
             log: EventLog | None = None, seed: int | None = None,
             models: Sequence[ConsequenceModel] = ()) -> Exercise:
    """Run a whole scenario headless: a new session, or finish a rehearsal the log holds."""
    script = decisions if isinstance(decisions, Script) else decisions_script(decisions)
    seed = seed if seed is not None else script.seed
    exercise = Exercise.open(loaded, MemoryLog() if log is None else log, clock=clock, seed=seed, models=models)
    play(exercise, script)
    return exercise
