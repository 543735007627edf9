"""`ttx msel import|export` from the command line: clear messages and exit codes, never a traceback."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
import yaml

from exercise_engine.cli.main import main

from .helpers import HEADER, SESSION8, row, with_profile, workbook


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _good(tmp_path):
    return workbook(tmp_path / "msel.xlsx", {"MSEL": [HEADER, row(1, "08:00", "The call."), row(2, "08:30", "The FRC opens.")]})


def test_import_writes_a_scenario_that_loads(tmp_path, capsys):
    with_profile(tmp_path)
    code, out, _ = _run(capsys, "msel", "import", str(_good(tmp_path)), "-o", str(tmp_path / "s.yaml"))
    assert code == 0
    assert "Imported 2 injects from" in out and "0 rows not imported" in out
    assert main(["validate", str(tmp_path / "s.yaml")]) == 0


def test_without_a_community_profile_it_says_what_to_do(tmp_path, capsys):
    code, out, _ = _run(capsys, "msel", "import", str(_good(tmp_path)), "-o", str(tmp_path / "s.yaml"))
    assert code == 1
    assert "does not load yet" in out and "community profile" in out and "--community FILE" in out
    (tmp_path / "profiles").mkdir()
    code, out, _ = _run(capsys, "msel", "import", str(_good(tmp_path)), "-o", str(tmp_path / "s.yaml"),
                        "--community", str(with_profile(tmp_path / "profiles")))
    assert code == 0


def test_rows_not_imported_exit_1_with_their_numbers(tmp_path, capsys):
    with_profile(tmp_path)
    path = workbook(tmp_path / "m.xlsx", {"MSEL": [HEADER, row(1, "08:00", "Ok."), row(2, "whenever", "Bad time.")]})
    code, out, _ = _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "s.yaml"))
    assert code == 1
    assert f"{path}:MSEL:3: time 'whenever' is not a time this importer reads; the inject is not imported" in out


def test_mapping_saved_and_reused(tmp_path, capsys):
    with_profile(tmp_path)
    path = workbook(tmp_path / "odd.xlsx", {"S": [["Sim clock", "What happens"], ["08:00", "The call."]]})
    saved = tmp_path / "mapping.yaml"
    code, _, _ = _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "a.yaml"), "--map", "Sim clock=time",
                      "--map", "What happens=text", "--save-mapping", str(saved))
    assert code == 0
    assert yaml.safe_load(saved.read_text()) == {"sheet": "S", "columns": {"Sim clock": "time", "What happens": "text"}}
    code, _, _ = _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "b.yaml"), "--mapping", str(saved))
    assert code == 0 and (tmp_path / "a.yaml").read_text() == (tmp_path / "b.yaml").read_text()


def _protected(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)


def _not_excel(path):
    path.write_text("just some notes\n")


def _corrupt_zip(path):
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")


def _truncated(path):
    good = _good(path.parent)
    path.write_bytes(good.read_bytes()[:900])


def _empty_sheet(path):
    book = openpyxl.Workbook()
    book.save(path)


@pytest.mark.parametrize("make, message", [
    (None, "file not found"),
    (_protected, "password-protected workbook or an old .xls file"),
    (_not_excel, "not an Excel .xlsx workbook"),
    (_corrupt_zip, "the workbook is damaged or is not an Excel workbook"),
    (_truncated, "not an Excel .xlsx workbook"),
    (_empty_sheet, "'Sheet': not an MSEL (the sheet is empty)"),
])
def test_unreadable_input_is_a_message_not_a_traceback(tmp_path, capsys, make, message):
    path = tmp_path / "in.xlsx"
    if make:
        make(path)
    code, out, err = _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "s.yaml"))
    assert code == 2 and message in err
    assert not (tmp_path / "s.yaml").exists()


@pytest.mark.parametrize("extra, message", [
    (["--map", "Time"], "write COLUMN=FIELD"),
    (["--map", "Time=when"], "'when' is not a field"),
    (["--start", "tomorrow"], "--start 'tomorrow': write a date and time"),
    (["--mapping", "nowhere.yaml"], "cannot read the mapping"),
    (["--sheet", "Other"], "no sheet 'Other'; its sheets are 'MSEL'"),
])
def test_bad_options_are_messages(tmp_path, capsys, extra, message):
    code, _, err = _run(capsys, "msel", "import", str(_good(tmp_path)), "-o", str(tmp_path / "s.yaml"), *extra)
    assert code == 2 and message in err


def test_a_bad_mapping_file_names_the_wrong_entry(tmp_path, capsys):
    bad = tmp_path / "m.yaml"
    bad.write_text("columns:\n  Time: clock\n")
    code, _, err = _run(capsys, "msel", "import", str(_good(tmp_path)), "-o", str(tmp_path / "s.yaml"), "--mapping", str(bad))
    assert code == 2 and "column 'Time' is mapped to 'clock', which is not a field" in err


def test_an_output_folder_that_does_not_exist(tmp_path, capsys):
    code, _, err = _run(capsys, "msel", "import", str(_good(tmp_path)), "-o", str(tmp_path / "no" / "s.yaml"))
    assert code == 2 and "cannot write" in err


def test_export_every_view_and_format(tmp_path, capsys):
    for view in ("controller", "evaluator", "participant"):
        for suffix in (".xlsx", ".csv"):
            target = tmp_path / f"{view}{suffix}"
            code, out, _ = _run(capsys, "msel", "export", str(SESSION8), "-o", str(target), "--view", view)
            assert code == 0 and f"Wrote the {view} MSEL" in out and target.stat().st_size > 1000


def test_export_errors(tmp_path, capsys):
    code, _, err = _run(capsys, "msel", "export", str(SESSION8), "-o", str(tmp_path / "m.pdf"))
    assert code == 2 and "write to a .xlsx or .csv file" in err
    code, _, err = _run(capsys, "msel", "export", str(tmp_path / "none.yaml"), "-o", str(tmp_path / "m.xlsx"))
    assert code == 1 and "cannot be loaded" in err
    code, _, err = _run(capsys, "msel", "export", str(SESSION8), "-o", str(tmp_path / "no" / "m.xlsx"))
    assert code == 2 and "cannot write" in err


def test_msel_alone_prints_help(capsys):
    code, out, _ = _run(capsys, "msel")
    assert code == 2 and "import|export" in out


def test_a_sheet_where_no_row_can_be_imported_writes_nothing(tmp_path, capsys):
    path = workbook(tmp_path / "m.xlsx", {"MSEL": [HEADER, row(1, "soon", "Bad."), row(2, "later", "Worse.")]})
    code, out, err = _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "s.yaml"))
    assert code == 2 and f"{path}:MSEL:2: time 'soon'" in out and "no row of sheet 'MSEL' could be imported" in err
    assert not (tmp_path / "s.yaml").exists()


def test_a_saved_mapping_with_a_duplicated_header_keeps_the_first_as_the_time(tmp_path, capsys):
    with_profile(tmp_path)
    path = workbook(tmp_path / "d.xlsx", {"S": [["Time", "Inject", "Time"], ["08:00", "The call.", "0900"]]})
    saved = tmp_path / "mapping.yaml"
    assert _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "a.yaml"), "--save-mapping", str(saved))[0] == 0
    assert yaml.safe_load(saved.read_text())["columns"] == {"Time": "time", "Inject": "text"}
    assert _run(capsys, "msel", "import", str(path), "-o", str(tmp_path / "b.yaml"), "--mapping", str(saved))[0] == 0
    assert (tmp_path / "a.yaml").read_text() == (tmp_path / "b.yaml").read_text()
