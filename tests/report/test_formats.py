"""Reports of a rehearsed Session Eight session, in every format.

Golden file: tests/report/golden/session8.md is the Markdown report of the fixture session. When the
report changes on purpose, regenerate it and review the diff:

    TTX_REGENERATE_GOLDEN=1 python -m pytest tests/report/test_formats.py -k golden
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
from pathlib import Path

import docx
import lxml.html
import pytest

from exercise_engine.report.render import load_state, render_report, write_report

from .conftest import GENERATED_AT, rehearse_session8

GOLDEN = Path(__file__).resolve().parent / "golden" / "session8.md"
SECTIONS = ("executive-summary", "overview", "capabilities", "scorecard", "timeline", "analysis", "eop-plan",
            "feedback", "improvement-plan", "appendix-participants", "appendix-decisions", "appendix-events")


@pytest.fixture(scope="module")
def reports(session8: Path) -> dict[str, bytes]:
    state = load_state(session8)
    return {fmt: render_report(state, fmt, GENERATED_AT) for fmt in ("html", "md", "json", "docx")}


def test_markdown_matches_the_golden_file(reports):
    text = reports["md"].decode("utf-8")
    if os.environ.get("TTX_REGENERATE_GOLDEN"):
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8"), "report changed: regenerate (see module docstring) and review"


def test_html_has_every_section_and_sixteen_scorecard_rows(reports):
    tree = lxml.html.fromstring(reports["html"])
    for section in SECTIONS:
        assert tree.xpath(f'//section[@id="{section}"]/h2'), section
    rows = tree.xpath('//section[@id="scorecard"]//table[contains(@class, "scorecard")]/tbody/tr')
    assert [r.get("data-practice") for r in rows] == [str(n) for n in range(1, 17)]
    assert tree.xpath('//section[@id="timeline"]//svg') or b"<svg" in reports["html"]
    assert not tree.xpath('//*[contains(@class, "interim")]')  # the rehearsal ended


def test_html_is_self_contained(reports):
    html = reports["html"].decode("utf-8")
    tree = lxml.html.fromstring(reports["html"])
    assert not tree.xpath("//script | //link | //img | //iframe | //object | //embed")
    for attr in ("src", "href"):
        for value in tree.xpath(f"//@{attr}"):
            assert value.startswith("#"), value  # only in-page links
    assert "url(" not in html and "@import" not in html
    assert re.search(r"https?://", html.replace("http://www.w3.org/2000/svg", "")) is None


def test_html_prints_with_page_breaks_and_whole_rows(reports):
    html = reports["html"].decode("utf-8")
    assert "@media print" in html
    assert "break-before: page" in html and "break-inside: avoid" in html
    assert "display: table-header-group" in html


def test_decision_log_shows_amendments_and_retractions(reports):
    tree = lxml.html.fromstring(reports["html"])
    retracted = tree.xpath('//tr[contains(@class, "decision") and contains(@class, "retracted")]')
    assert len(retracted) == 1 and "Post the victims' names" in retracted[0].text_content()
    assert "Logged by mistake" in retracted[0].text_content()
    amended = tree.xpath('//tr[contains(@class, "decision") and contains(@class, "amended")]')
    assert len(amended) == 1 and "Earlier version" in amended[0].text_content()


def test_json_carries_every_number(reports):
    data = json.loads(reports["json"])
    assert data["report_schema"] == 1 and data["interim"] is False
    assert len(data["scorecard"]) == 16
    totals = data["overview"]["totals"]
    assert totals["decisions"] == 30 and totals["decisions_retracted"] == 1 and totals["decisions_amended"] == 1
    assert sum(r["eop_gaps"] for r in data["scorecard"]) >= totals["eop_gaps"] == 8
    assert sum(len(g["entries"]) for g in data["eop_plan"]) == 8
    assert len(data["decision_log"]) == 31 and len(data["events"]) == totals["events"]
    ip = {row["item_id"]: row for row in data["improvement_plan"]}
    assert ip["training-notification"]["element"] == "Training"
    assert any(row["edited"] and row["poc"] == "Dana Whitfield" for row in ip.values())
    html = reports["html"].decode("utf-8")
    for row in data["scorecard"]:  # what the HTML shows comes from the same numbers
        assert f'data-practice="{row["number"]}"' in html


def test_docx_has_headings_tables_and_the_chart(reports):
    document = docx.Document(io.BytesIO(reports["docx"]))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for title in ("Executive summary", "1. Exercise overview", "2. Analysis of core capabilities",
                  "3. Best-practice scorecard", "4. Timeline", "5. Analysis by best practice",
                  "6. EOP annex update plan", "7. Participant feedback", "Appendix A: Improvement plan",
                  "Appendix B: Exercise participants", "Appendix C: Decision log", "Appendix D: Event timeline"):
        assert title in headings
    scorecard = next(t for t in document.tables if len(t.columns) > 2 and t.rows[0].cells[2].text == "Best practice")
    assert len(scorecard.rows) == 17
    assert all(t.rows[0]._tr.xpath("./w:trPr/w:tblHeader") for t in document.tables)  # header repeats
    assert len(document.inline_shapes) == 1
    with zipfile.ZipFile(io.BytesIO(reports["docx"])) as package:
        png = next(n for n in package.namelist() if n.endswith(".png"))
        assert package.read(png).startswith(b"\x89PNG")


@pytest.mark.parametrize("fmt", ["html", "md", "json", "docx"])
def test_same_session_and_time_give_the_same_bytes(tmp_path, session8, reports, fmt):
    again = rehearse_session8(tmp_path / "again.ttx")  # a second rehearsal, other join codes, same story
    out = write_report(again, fmt, tmp_path / f"r.{fmt}", GENERATED_AT)
    assert out.read_bytes() == reports[fmt]


def test_default_output_goes_next_to_the_session(tmp_path):
    session = rehearse_session8(tmp_path / "founders.ttx")
    assert write_report(session, "html", None, GENERATED_AT) == tmp_path / "founders.ttx.report.html"
    assert (tmp_path / "founders.ttx.report.html").read_bytes().startswith(b"<!DOCTYPE html>")