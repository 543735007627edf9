"""The exported MSEL: HSEEP columns, print settings, views that keep controller-only text from players."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from exercise_engine.loader import load_scenario
from exercise_engine.model.inject import InjectType
from exercise_engine.msel.exporter import msel_csv, msel_table, msel_workbook
from exercise_engine.msel.wall_time import planned_wall_seconds

from .helpers import SESSION8


@pytest.fixture(scope="module")
def session8():
    return load_scenario(SESSION8)


HSEEP = ["#", "Inject ID", "Story time", "Planned wall time", "Module", "From", "To", "Method", "Title", "Inject",
         "Discussion questions", "Expected action", "Objectives", "Core capabilities", "Practices",
         "Responsible controller", "Notes", "Evaluator notes", "Type", "Condition", "Discussion minutes"]


def test_controller_view_has_every_column_and_every_inject(session8):
    headers, rows = msel_table(session8, "controller")
    assert headers == HSEEP
    assert len(rows) == len(session8.injects)
    first = dict(zip(headers, rows[0]))
    inject = session8.injects[0]
    assert (first["#"], first["Inject ID"], first["Title"], first["Inject"]) == ("1", inject.id, inject.title, inject.narrative)


def test_participant_view_leaves_out_controller_only_fields_and_held_injects(session8):
    headers, rows = msel_table(session8, "participant")
    assert not {"Expected action", "Objectives", "Notes", "Evaluator notes", "Type", "Condition",
                "Responsible controller", "Core capabilities"} & set(headers)
    shown = {row[headers.index("Title")] for row in rows}
    assert shown == {i.title for i in session8.injects if i.type is InjectType.standard}
    text = "\n".join("\n".join(r) for r in rows)
    assert "Inject ID" not in headers and not any(i.id in text for i in session8.injects)  # ids can name the answer
    for inject in session8.injects:
        for secret in [a.text for a in inject.expected_actions] + [inject.controller_notes, inject.evaluator_notes]:
            if secret:
                assert secret not in text, secret
        if inject.type is not InjectType.standard:
            assert inject.narrative not in text


def test_evaluator_view_has_expected_actions_but_not_controller_notes(session8):
    headers, _ = msel_table(session8, "evaluator")
    assert "Expected action" in headers and "Evaluator notes" in headers and "Notes" not in headers


def test_planned_wall_time_is_the_run_of_show(session8):
    """The printed MSEL's wall times are those `ttx plan` prints (breaks and discussion included)."""
    from exercise_engine.engine.run_of_show import plan

    wall = planned_wall_seconds(session8)
    day = plan(session8, fired=[i.id for i in session8.injects if i.type.value != "standard"])
    for inject in session8.injects:
        assert wall[inject.id] == round(day.inject(inject.id).start * 60)


def test_workbook_is_set_up_for_printing(session8):
    book = msel_workbook(session8, "controller")
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["MSEL"]
    assert sheet.freeze_panes == "A2"
    assert sheet.print_title_rows == "$1:$1"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    assert sheet.page_setup.fitToHeight == 0
    assert all(c.alignment.wrap_text for c in sheet[2])
    assert sheet.column_dimensions["J"].width >= 40  # the inject text column
    assert all(sheet.row_dimensions[r].height for r in range(1, sheet.max_row + 1))  # rows grow to their text
    assert "Page &P of &N" in sheet.oddFooter.right.text


def test_csv_starts_with_a_byte_order_mark_and_formulas_stay_text(session8):
    blob = msel_csv(session8, "participant")
    assert blob.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(blob.decode("utf-8-sig"))))
    assert rows[0][0] == "#" and len(rows) == 1 + sum(i.type is InjectType.standard for i in session8.injects)


def test_text_that_looks_like_a_formula_is_written_as_text(session8, tmp_path):
    inject = session8.injects[0].model_copy(update={"title": "=HYPERLINK(\"http://x\")", "narrative": "+1 more"})
    loaded = type(session8)(session8.path, session8.scenario, session8.profile, (inject, *session8.injects[1:]),
                            session8.module_of, session8.digest)
    book = msel_workbook(loaded)
    cell = book["MSEL"]["I2"]
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"
    assert "'+1 more" in msel_csv(loaded).decode("utf-8-sig")


def test_extra_columns_come_back_for_controllers_only(session8):
    inject = session8.injects[0].model_copy(update={"extra": {"POC phone": "555-0100"}})
    loaded = type(session8)(session8.path, session8.scenario, session8.profile, (inject, *session8.injects[1:]),
                            session8.module_of, session8.digest)
    headers, rows = msel_table(loaded, "controller")
    assert headers[-1] == "POC phone" and rows[0][-1] == "555-0100"
    for view in ("evaluator", "participant"):
        headers, rows = msel_table(loaded, view)
        assert "POC phone" not in headers and not any("555-0100" in v for r in rows for v in r)


def test_an_inject_has_the_same_number_in_every_copy(session8):
    numbers = {}
    for view in ("controller", "participant"):
        headers, rows = msel_table(session8, view)
        numbers[view] = {r[headers.index("Title")]: r[0] for r in rows}
    assert all(numbers["controller"][i] == n for i, n in numbers["participant"].items())
    assert len(numbers["participant"]) < len(numbers["controller"])


def test_core_capabilities_are_written_by_femas_names(session8):
    """Planners and evaluators read `Mass Care Services`, not `mass-care-services`."""
    from exercise_engine.model.core_capabilities import CORE_CAPABILITY_IDS, core_capability

    headers, rows = msel_table(session8, "evaluator")
    column = headers.index("Core capabilities")
    for inject, row in zip(session8.injects, rows):
        known = {o.id: o for o in session8.scenario.objectives}
        objectives = [known[o] for o in inject.objectives]
        names = list(dict.fromkeys(core_capability(c).name for o in objectives for c in o.capabilities))
        assert row[column] == "; ".join(names), inject.id
    assert any("Mass Care Services" in r[column] for r in rows)
    assert not any(c in r[column] for r in rows for c in CORE_CAPABILITY_IDS)  # never an id
