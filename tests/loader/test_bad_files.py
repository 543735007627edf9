"""Each broken file fails `ttx validate` with exit 1 and a `file:line:col: message` naming the mistake."""

from __future__ import annotations

import json
import os

import pytest

from exercise_engine.loader import ScenarioError, load_scenario

from .helpers import DATA, ROOT, run_ttx

BAD = DATA / "bad"
REL = os.path.relpath(BAD, ROOT)
TIME_HELP = "write an offset from incident start such as T+0, T+45m, T+2h30m, T+3d or T+1d4h"
ONLY_LOOKUPS = "placeholders only look up the community profile, such as {{ venues.frc.name }}"
NOT_AN_EXPRESSION = f"is not allowed: {ONLY_LOOKUPS} (no filters, calls, arithmetic or other expressions)"
NO_BLOCKS = f"is not allowed: {ONLY_LOOKUPS} (no {{% %}} blocks or {{# #}} comments)"
STANDARD_WITH_CONDITION = (
    "a standard inject is always delivered at its time, so this `condition` would be ignored: set "
    "`type: conditional` (deliver only if it holds) or `type: contingency` (hold it in reserve until it holds), "
    "or remove the condition"
)
CONTINGENCY_WITHOUT = "a contingency inject needs a `condition`: it is held in reserve until the condition holds"
CONTROL = "is not allowed in YAML; delete it (it was probably pasted in with the text)"

EXPECTED: dict[str, list[str]] = {
    "unknown-key.yaml": ["4:1: unknown key 'titel' (did you mean 'title'?)"],
    "wrong-type.yaml": ["28:22: planned_minutes: expected a whole number, got 'twenty'"],
    "missing-field.yaml": ["31:9: missing required field 'narrative'"],
    "practice-out-of-range.yaml": ["34:24: best practice 17 is outside 1–16"],
    "duplicate-inject-id.yaml": [f"39:13: duplicate inject id 's-call' (first at {REL}/duplicate-inject-id.yaml:32:13)"],
    "library-duplicate-id.yaml": [
        f"9:9: duplicate inject id 'bp06-statement' (first at {REL}/library-duplicate-id.yaml:3:9)"
    ],
    "unknown-library-reference.yaml": ["32:14: unknown library inject 'bp04-frc-crwd' (did you mean 'bp04-frc-crowd'?)"],
    "malformed-time.yaml": [f"33:15: malformed story time 'T+2x': {TIME_HELP}"],
    "time-outside-module.yaml": ["33:15: inject time T+3h is outside module 'm1' (T+0 to T+2h)"],
    "undefined-placeholder.yaml": [
        "37:20: undefined placeholder {{ venues.fcr }} (did you mean {{ venues.frc }}? "
        "community profile has venues: incident_site, frc, fac)"
    ],
    "condition-unknown-tag.yaml": [
        "36:18: condition names unknown tag 'frc-opend' (did you mean 'frc-opened'?); "
        "tags come from expected actions or the scenario's `tags:`"
    ],
    "condition-unknown-inject.yaml": ["36:19: condition names unknown inject 'bp04-frc-crwod' (did you mean 'bp04-frc-crowd'?)"],
    "unknown-table.yaml": ["36:14: to: no table 'finance' in this scenario; tables: steering, victim-services (or all)"],
    "inject-without-time.yaml": ["31:14: inject 'bp04-frc-no-lead' has no time: add `time:` (for example T+45m)"],
    "missing-profile.yaml": [f"10:12: community profile '{REL}/no-such-community.yaml' not found"],
    "python-tag.yaml": ["6:16: YAML tags such as !!python/object/apply:os.system are not allowed; write plain values"],
    "duplicate-key.yaml": ["4:1: duplicate key 'version' (first written at line 3, column 1)"],
    "yaml-syntax-error.yaml": ["10:9: YAML syntax error: mapping values are not allowed here"],
    "not-utf8.yaml": ["29:32: the file is not UTF-8 text (byte 0xe9); save it as UTF-8"],
    "empty.yaml": ["1:1: the file is empty; expected a mapping of keys such as `id:` and `title:`"],
    "several-errors.yaml": [
        "4:1: unknown key 'titel' (did you mean 'title'?)",
        "28:22: planned_minutes: expected a whole number, got 'many'",
        f"33:15: malformed story time 'T+2x': {TIME_HELP}",
        "34:21: best practice 0 is outside 1–16",
    ],
    "several-cross-file-errors.yaml": [
        "31:14: unknown library inject 'bp04-frc-crwd' (did you mean 'bp04-frc-crowd'?)",
        "33:15: inject time T+5h is outside module 'm1' (T+0 to T+2h)",
        "41:20: undefined placeholder {{ contacts.pio.nme }} (did you mean {{ contacts.pio.name }}? "
        "community profile has contacts.pio: name, title, organization, phone, email)",
    ],
    # mistakes that validated field by field yet changed what participants get (issue 9)
    "contingency-without-condition.yaml": [f"38:15: {CONTINGENCY_WITHOUT}", f"40:15: {CONTINGENCY_WITHOUT}"],
    "condition-on-standard-inject.yaml": [f"40:11: {STANDARD_WITH_CONDITION}"],
    "condition-on-itself.yaml": [
        "42:19: the condition looks for answers to its own inject 's-again', which no one can answer before it is "
        "delivered; name another inject or tags"
    ],
    "conditions-in-a-circle.yaml": [
        "41:19: conditions wait on each other in a circle: s-first → s-second → s-first; none can be settled until "
        "another is delivered and answered"
    ],
    "condition-by-after-story-end.yaml": ["43:15: condition looks until T+3d, after the story ends at T+14h (the end of module 'm2')"],
    "overlapping-modules.yaml": [
        "34:12: module 'm2' (T+1h to T+14h) overlaps module 'm1' (T+0 to T+2h); modules must not share story time"
    ],
    "table-named-all.yaml": ["20:9: id: a table cannot be called 'all': `to: [all]` addresses every table"],
    "empty-audience.yaml": ["32:13: to: needs at least one table id (or all)", "38:13: to: needs at least one table id (or all)"],
    "time-bare-number.yaml": [
        f"33:15: story time 45 is a bare number: {TIME_HELP}",
        f"42:15: story time 1800 is a bare number: {TIME_HELP}",
        f"44:15: story time 0 is a bare number: {TIME_HELP}",
    ],
    "time-full-width-digits.yaml": [f"33:15: malformed story time 'T+４５m': write it with the digits 0-9; {TIME_HELP}"],
    "number-not-strict.yaml": [
        "28:22: planned_minutes: expected a whole number, got true",
        "32:29: discussion_minutes: expected a whole number, got '10'",
        "36:21: practices: expected a whole number, got 6.0",
    ],
    "placeholder-expression.yaml": [
        f"37:20: placeholder {{{{ 7*7 }}}} {NOT_AN_EXPRESSION}",
        f"37:20: placeholder {{{{ venues.frc.model_dump() }}}} {NOT_AN_EXPRESSION}",
        f"37:20: placeholder {{{{ venues.frc | upper }}}} {NOT_AN_EXPRESSION}",
        "44:20: undefined placeholder {{ venues.frc.__class__.__init__ }} (community profile has venues.frc: name, "
        "address, capacity, notes)",
    ],
    "placeholder-block.yaml": [
        f"37:20: {{% for a in venues %}} {NO_BLOCKS}",
        f"44:20: {{# a note #}} {NO_BLOCKS}",
        "44:20: placeholder {{ contacts.pio.name is not closed with }}",
    ],
    "control-character.yaml": [f"37:37: control character U+0007 {CONTROL}", f"37:45: control character U+001B {CONTROL}"],
    "deep-nesting.yaml": ["39:105: the file is nested too deeply (more than 100 levels of lists and mappings)"],
    "story-past-year-9999.yaml": [
        "12:17: the story runs past the year 9999: incident_start 9999-12-31T20:00:00 plus T+14h (the end of module "
        "'m2'); choose an earlier incident_start"
    ],
    "library-condition-mistakes.yaml": [
        f"10:7: {STANDARD_WITH_CONDITION}",
        f"17:11: {CONTINGENCY_WITHOUT}",
        "31:15: the condition looks for answers to its own inject 'bp06-again', which no one can answer before it is "
        "delivered; name another inject or tags",
    ],
}


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_fails_with_its_message(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_ttx(["validate", f"{REL}/{name}"], capsys)
    assert code == 1
    problem_lines = [line for line in out.splitlines() if line.startswith(f"{REL}/{name}:") and ": " in line and line[len(REL) + len(name) + 2].isdigit()]
    assert problem_lines == [f"{REL}/{name}:{expected}" for expected in EXPECTED[name]]
    assert "Traceback" not in out + err


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_json_lists_the_same_problems(name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = run_ttx(["validate", "--format", "json", f"{REL}/{name}"], capsys)
    assert code == 1
    (entry,) = json.loads(out)["files"]
    assert entry["valid"] is False
    shown = [f"{e['line']}:{e['column']}: {e['message']}" for e in entry["errors"]]
    assert shown == EXPECTED[name]
    assert all(e["path"] == f"{REL}/{name}" for e in entry["errors"])


def test_load_scenario_raises_user_error_with_every_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(f"{REL}/several-cross-file-errors.yaml")
    assert len(caught.value.problems) == 3
    assert str(caught.value).splitlines()[0].startswith(f"{REL}/several-cross-file-errors.yaml:31:14: unknown library inject")


def test_all_bad_files_at_once_exit_1_and_report_each(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = run_ttx(["validate", REL], capsys)
    assert code == 1
    for name, messages in EXPECTED.items():
        for message in messages:
            assert f"{REL}/{name}:{message}" in out
    assert "Traceback" not in out + err
