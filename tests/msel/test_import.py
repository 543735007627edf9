"""Importing messy, realistic MSEL workbooks: every row becomes an inject or is reported by number."""

from __future__ import annotations

from datetime import datetime, time
from pathlib import Path

import openpyxl
import pytest
import yaml
from openpyxl.styles import PatternFill

from exercise_engine.loader import load_scenario
from exercise_engine.msel.columns import ALIASES, Mapping, field_for, normalize
from exercise_engine.msel.importer import import_msel
from exercise_engine.msel.yaml_out import write_scenario

from .helpers import HEADER, row, with_profile, workbook


def _import(path: Path, tmp_path: Path, **options):
    with_profile(tmp_path)
    result = import_msel(path, **options)
    target = tmp_path / "imported.yaml"
    problems = write_scenario(result, path.name, target)
    return result, problems, target


def _by_id(result):
    return {i["id"]: i for i in result.injects}


def test_no_alias_names_two_fields():
    seen: dict[str, str] = {}
    for name, aliases in ALIASES.items():
        for alias in aliases:
            assert seen.setdefault(normalize(alias), name) == name, alias


@pytest.mark.parametrize("header, field", [
    ("#", "number"), ("No.", "number"), ("MSEL Number", "number"), ("Control Number", "number"),
    ("Inject DTG", "time"), ("Designated Scenario Time", "time"), ("Simulated Time", "time"),
    ("  EVENT\nTIME ", "time"), ("Subject", "title"), ("Description/Script", "text"), ("Event Summary", "text"),
    ("Send From (Simulated)", "from"), ("Intended Player", "to"), ("Recipient", "to"), ("Inject Mode", "method"),
    ("Expected Outcome(s)", "expected_action"), ("Expected Reaction to Inject", "expected_action"),
    ("expected-outcomes", "expected_action"), ("Questions/Comments", "notes"), ("Storyline/Thread", "module"),
    ("Injected By", "responsible_controller"), ("Event Type", "type"), ("Core Capability", "core_capabilities"),
    ("Best Practice", "practices"), ("Day", "day"), ("Date", "day"), ("Move", "module"), ("Remarks", "notes"),
])
def test_headers_match_regardless_of_case_spacing_and_punctuation(header, field):
    assert field_for(header) == field


def test_a_county_msel_with_a_title_block_merged_cells_and_a_hidden_column(tmp_path):
    book = openpyxl.Workbook()
    cover = book.active
    cover.title = "Cover"
    cover["A1"] = "Harmon County Mass Violence TTX"
    cover["A2"] = "Handling: For Official Use Only"
    sheet = book.create_sheet("MSEL")
    sheet["A1"] = "MASTER SCENARIO EVENTS LIST"
    sheet.merge_cells("A1:I1")
    sheet["A2"] = "Exercise date: 19 June 2027"
    sheet.append([])
    sheet.append(["Event #", " Scheduled\nTime ", "Phase", "From", "To", "Method", "Description/Script",
                  "Expected Outcome(s)", "Notes", "Old ref"])
    sheet.append(row(1, "2040", "Shots fired at the concert; many injured.", expected="Unified command\nFRC opened [tag: frc-opened]") + ["A-1"])
    sheet.append(row(2, "2110", "Families are gathering at the hospital lobby looking for relatives.", phase=None,
                     to="Victim Services", method="Fax") + ["A-2"])
    sheet.merge_cells("C5:C6")  # the phase written once beside its two rows
    sheet.column_dimensions["J"].hidden = True
    path = tmp_path / "county.xlsx"
    book.save(path)

    result, problems, target = _import(path, tmp_path)
    assert problems == []
    assert result.sheet == "MSEL" and result.header_row == 4
    verdicts = {v.sheet.name: v for v in result.verdicts}
    assert verdicts["Cover"].header is None and "no known column names" in verdicts["Cover"].reason
    injects = _by_id(result)
    assert list(injects) == ["msel-1", "msel-2"]
    assert injects["msel-2"]["time"] == "T+30m"
    assert [m["title"] for m in result.scenario["modules"]] == ["Phase 1"]  # merged cell filled down
    assert injects["msel-1"]["expected_actions"] == [{"text": "Unified command"}, {"text": "FRC opened", "tag": "frc-opened"}]
    assert injects["msel-2"]["delivery"] == "document" and injects["msel-2"]["to"] == ["victim-services"]
    assert injects["msel-1"]["extra"] == {"Old ref": "A-1"}  # the hidden column kept
    assert any("'Old ref' is hidden" in n for n in result.notes)
    loaded = load_scenario(target)
    assert loaded.inject("msel-1").extra == {"Old ref": "A-1"}
    assert {t.name for t in loaded.scenario.tables} == {"Steering", "Victim Services"}


def test_rows_that_cannot_be_imported_are_reported_by_file_sheet_and_row(tmp_path):
    path = workbook(tmp_path / "broken.xlsx", {"MSEL": [
        HEADER,
        row(1, "08:00", "First call comes in."),
        row(2, "#REF!", "A time that points at a deleted cell."),
        row(3, "25:00", "An hour that does not exist."),
        row(4, None, "No time at all."),
        row(5, "09:00", None),
        [],
        [None, None, None, None, None, None, None, None, "Lunch break - controllers regroup"],
        row(6, "09:30", "Notes cell is broken.", notes="#N/A"),
        HEADER,  # repeated at a page break
        row(7, "10:00", "Last one."),
    ]})
    result, problems, _ = _import(path, tmp_path)
    assert problems == []
    messages = [str(i) for i in result.issues]
    where = f"{path}:MSEL"
    assert f"{where}:3: no time (column 'Scheduled Time' holds the Excel error #REF!); the inject is not imported" in messages
    assert f"{where}:4: time '25:00' is not a time of day; the inject is not imported" in messages
    assert f"{where}:5: no time (the time or inject cell is empty); the inject is not imported" in messages
    assert f"{where}:6: no inject text (the time or inject cell is empty); the inject is not imported" in messages
    assert f"{where}:8: a note row, not an inject ('Lunch break - controllers regroup'); skipped" in messages
    assert f"{where}:9: column 'Notes' holds the Excel error #N/A; left empty" in messages
    assert f"{where}:10: the header row repeated (a page break); skipped" in messages
    assert [i["id"] for i in result.injects] == ["msel-1", "msel-6", "msel-7"]
    assert len(result.not_imported) == 4
    # every non-blank row below the header is imported (rows 2, 9, 11) or named in a message
    named = {int(i.where.rsplit(":", 1)[1]) for i in result.issues}
    assert named | {2, 9, 11} == {2, 3, 4, 5, 6, 8, 9, 10, 11}


def test_separate_date_and_time_columns_dtg_and_serials_stored_as_text(tmp_path):
    path = workbook(tmp_path / "dated.xlsx", {"Injects": [
        ["Inject #", "Date", "Time", "Subject", "Message"],
        [1, datetime(2027, 6, 19), time(20, 40), "Shots", "Shots fired."],
        [2, "6/20/2027", "0900", "Morning", "Families wait at the FRC."],
        [3, None, "210900JUN2027", "DTG", "A date-time group."],
        [4, None, "46559.5", "Serial", "A date serial stored as text."],
    ]})
    result, problems, target = _import(path, tmp_path)
    assert problems == []
    assert [i["time"] for i in result.injects] == ["T+0", "T+12h20m", "T+1d12h20m", "T+1d15h20m"]
    assert result.scenario["incident_start"] == "2027-06-19T20:40"
    assert load_scenario(target).scenario.incident_start == datetime(2027, 6, 19, 20, 40)


def test_start_option_places_clock_times(tmp_path):
    path = workbook(tmp_path / "clock.xlsx", {"MSEL": [HEADER, row(1, "Sat 20:40", "First."), row(2, "Sun 0700", "Next day.")]})
    result, problems, _ = _import(path, tmp_path, start=datetime(2027, 6, 19, 20, 0))
    assert problems == []
    assert [i["time"] for i in result.injects] == ["T+40m", "T+11h"]


def test_relative_and_excel_times_in_one_sheet(tmp_path):
    path = workbook(tmp_path / "mixed.xlsx", {"MSEL": [
        ["#", "Designated Scenario Time", "Event", "Details"],
        [1, "T+0", "Start", "It starts."], [2, "D+0 H+1 M+15", "Later", "An hour on."], [3, "T+1d", "Next day", "Morning."],
    ]})
    result, problems, _ = _import(path, tmp_path)
    assert problems == [] and [i["time"] for i in result.injects] == ["T+0", "T+1h15m", "T+1d"]


def test_duplicate_padded_and_unknown_headers_are_kept_as_extra_columns(tmp_path):
    path = workbook(tmp_path / "dupes.xlsx", {"MSEL": [
        [" Time ", "TIME", "Inject", "Inject Text", "Controller", "POC phone", "POC phone"],
        ["08:00", "0800", "The call.", "Second text column.", "Sim cell: media", "555-0100", "555-0199"],
    ]})
    result, problems, _ = _import(path, tmp_path)
    assert problems == []
    (inject,) = result.injects
    assert inject["narrative"] == "The call." and inject["responsible_controller"] == "Sim cell: media"
    assert inject["extra"] == {"TIME": "0800", "Inject Text": "Second text column.", "POC phone": "555-0100",
                               "POC phone (2)": "555-0199"}


def test_a_phantom_sheet_sixteen_thousand_columns_wide_imports_only_what_is_there(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "MSEL"
    sheet.append(["#", "Time", "Description"])
    for n in range(1, 6):
        sheet.append([n, f"0{n}:00", f"Inject {n}."])
    grey = PatternFill("solid", fgColor="DDDDDD")
    for r in range(1, 7):
        sheet.cell(row=r, column=16384).fill = grey  # formatting dragged to column XFD
    sheet.cell(row=3, column=16000, value="stray")  # and one value typed far out to the right
    path = tmp_path / "phantom.xlsx"
    book.save(path)
    result, problems, _ = _import(path, tmp_path)
    assert problems == [] and len(result.injects) == 5
    assert [i.get("extra") for i in result.injects] == [None, {"Column WQJ": "stray"}, None, None, None]


def test_a_sheet_that_is_not_an_msel_is_refused_with_the_reason(tmp_path):
    path = workbook(tmp_path / "contacts.xlsx", {"Contacts": [["Name", "Phone", "Agency"], ["Ana", "555", "Fire"]],
                                                  "Budget": [["Item", "Time", "Cost"], ["Food", "noon", 40]]})
    with pytest.raises(ValueError) as refused:
        import_msel(path)
    text = str(refused.value)
    assert "'Contacts': not an MSEL (no known column names" in text
    assert "'Budget': not an MSEL (its best header row, row 1, has 'Time' but not an inject column" in text
    with pytest.raises(ValueError, match="sheet 'Budget' is not an MSEL"):
        import_msel(path, sheet="Budget")
    with pytest.raises(ValueError, match="no sheet 'Nope'; its sheets are 'Contacts', 'Budget'"):
        import_msel(path, sheet="Nope")


def test_several_msel_sheets_pick_one_with_sheet(tmp_path):
    path = workbook(tmp_path / "two.xlsx", {
        "Main": [["Time", "Inject"], ["08:00", "A"], ["09:00", "B"]],
        "Backup injects": [["Time", "Inject", "Type"], ["08:30", "Held", "backup"]],
    })
    result, _, _ = _import(path, tmp_path)
    assert result.sheet == "Backup injects"  # more columns it knows
    result, _, _ = _import(path, tmp_path, sheet="main")
    assert result.sheet == "Main" and len(result.injects) == 2


def test_a_row_without_a_practice_gets_one_proposed_and_marked_for_review(tmp_path):
    path = workbook(tmp_path / "bp.xlsx", {"MSEL": [
        ["Time", "Inject", "Best Practice"],
        ["08:00", "A reporter from WKRN asks the PIO for a statement about rumors on social media.", None],
        ["08:10", "Volunteers show up.", "BP7"],
        ["08:20", "Donations arrive.", "Donations"],
    ]})
    result, problems, target = _import(path, tmp_path)
    assert problems == []
    assert [i["practices"] for i in result.injects] == [[6], [7], [9]]
    text = target.read_text()
    assert "practices: [6]  # review: proposed from the text (matched" in text
    assert text.count("review: proposed") == 1


def test_conditions_and_types(tmp_path):
    path = workbook(tmp_path / "cond.xlsx", {"MSEL": [
        ["Time", "Inject", "Expected Action", "Type", "Condition"],
        ["08:00", "Open the FRC?", "FRC opened [tag: frc-opened]", "Standard", None],
        ["09:00", "Families at the hotel.", None, "Contingency/Backup", "missing; tags: frc-opened; by: T+45m"],
        ["09:30", "Follow-up.", None, "Branch", "if the room is slow"],
    ]})
    result, problems, _ = _import(path, tmp_path)
    assert problems == []
    hotel, follow = result.injects[1], result.injects[2]
    assert hotel["type"] == "contingency" and hotel["condition"] == {"when": "missing", "tags": ["frc-opened"], "by": "T+45m"}
    # a branch whose condition cannot be read: kept as a standard inject, its words kept, flagged for review
    assert follow.get("type", "standard") == "standard" and follow["extra"] == {"Condition": "if the room is slow"}
    assert any("is conditional but has no condition" in str(i) for i in result.issues)


def test_a_saved_mapping_is_reused(tmp_path):
    path = workbook(tmp_path / "odd.xlsx", {"Sheet1": [
        ["Sim clock", "What happens", "Who plays it"], ["08:00", "The call.", "Dispatch"]]})
    with pytest.raises(ValueError, match="no known column names"):
        import_msel(path)
    mapping = Mapping().with_pairs(["Sim clock=time", "What happens=text", "Who plays it=from"])
    result, problems, _ = _import(path, tmp_path, mapping=mapping)
    assert problems == [] and result.injects[0]["from"] == "Dispatch"
    saved = result.mapping.to_data(result.headers)
    assert saved == {"sheet": "Sheet1", "columns": {"Sim clock": "time", "What happens": "text", "Who plays it": "from"}}
    again = import_msel(path, mapping=Mapping.from_data(yaml.safe_load(yaml.safe_dump(saved))))
    assert again.injects == result.injects


def test_csv_with_semicolons_and_windows_encoding(tmp_path):
    path = tmp_path / "msel.csv"
    path.write_bytes("Nº;Hora;Título;Descripción\n1;08:00;Llamada;Señora García llama.\n".replace("Nº", "#")
                     .replace("Hora", "Time").replace("Título", "Title").replace("Descripción", "Description")
                     .encode("cp1252"))
    result, problems, _ = _import(path, tmp_path)
    assert problems == [] and result.injects[0]["narrative"] == "Señora García llama."


def test_csv_rows_are_reported_without_a_sheet_name(tmp_path):
    path = tmp_path / "msel.csv"
    path.write_text("Time,Inject\n08:00,One\nlater,Two\n", encoding="utf-8")
    result, _, _ = _import(path, tmp_path)
    assert [str(i) for i in result.not_imported] == [f"{path}:3: time 'later' is not a time this importer reads; the inject is not imported"]


def test_core_capabilities_by_name_go_to_their_objectives(tmp_path):
    """FEMA's names (commas inside a name, a mission area in brackets) become ids on each objective; a
    cell naming something else stays with its row, as written."""
    path = workbook(tmp_path / "caps.xlsx", {"MSEL": [
        ["Time", "Inject", "Objectives", "Core Capability"],
        ["08:00", "Shots fired at the park.", "1", "On-scene Security, Protection, and Law Enforcement (Response)"],
        ["08:10", "Families gather.", "2", "Mass Care Services"],
        ["08:20", "Both at once.", "1, 2", "On-scene Security, Protection, and Law Enforcement; Mass Care Services"],
        ["08:30", "Something else.", "3", "Crowd Wrangling"],
    ]})
    result, problems, target = _import(path, tmp_path)
    assert problems == []
    capabilities = {o["id"]: o.get("core_capabilities") for o in result.scenario["objectives"]}
    assert capabilities == {"obj-1": ["on-scene-security-protection-and-law-enforcement"],
                            "obj-2": ["mass-care-services"], "obj-3": None}
    assert result.injects[3]["extra"] == {"Core capabilities": "Crowd Wrangling"}
    assert "Core capabilities" not in result.injects[2].get("extra", {})
    load_scenario(target)


def test_capabilities_written_row_by_row_are_all_kept():
    """Rows that do not read as one set per objective (a planner's own choice per row): each objective
    gets every capability its rows name."""
    from exercise_engine.msel.importer import objective_capabilities

    rows = [(["obj-1"], ["planning"]), (["obj-1"], ["operational-coordination"]), (["obj-1", "obj-2"], ["housing"])]
    assert objective_capabilities(rows) == {"obj-1": ["planning", "operational-coordination", "housing"],
                                            "obj-2": ["housing"]}
