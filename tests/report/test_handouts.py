"""`ttx handouts` on Session Eight: every document in every format has its sections, participant documents
hold nothing controller-only, and the printed pages keep their text inside the margins.

Look at the pages: `TTX_KEEP_PNG=/tmp/handouts python -m pytest tests/report/test_handouts.py` (then view them).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import lxml.html
import pytest

from exercise_engine.cli.main import main
from exercise_engine.loader import load_scenario
from exercise_engine.model.records import FEEDBACK_QUESTIONS
from exercise_engine.report.document import MARGIN_INCHES
from exercise_engine.report.handouts.eeg import critical_tasks
from exercise_engine.report.handouts.handbook import simulation_rows
from exercise_engine.report.handouts.write import handout_documents

from .conftest import SESSION8
from .rendered import chromium_pdf, dark_left_of, office_pdfs, pdf_pages, pdf_text, pngs, words_past_margin

MARGIN_PT = MARGIN_INCHES * 72
FEEDBACK_URL = "http://192.168.1.20:8000/"
QR_DARK_POINTS = 1800
"""Fewer dark points than a 1.3 in QR code shows (~2,800), more than any line of text beside it."""
SECTIONS = {
    "situation-manual": ["Handling instructions", "Participant safety", "Exercise overview",
                         "Objectives, core capabilities and best practices", "Participants and roles", "Ground rules",
                         "Assumptions", "Artificialities", "Agenda", "Module 1:", "Situation", "Questions for every table",
                         "Acronyms", "Mass Care Services"],
    "controller-evaluator-handbook": ["Agenda", "Evaluator assignments", "Simulation cell",
                                      "Master Scenario Events List (MSEL)", "Contingency cue sheet", "Expected actions"],
    "participant-feedback-form": ["What went well?", *FEEDBACK_QUESTIONS.values(), "scan the code", FEEDBACK_URL],
    "inject-cards-participant": ["Inject 1 of", "Story time", "Discuss"],
    "inject-cards-controller": ["Inject 1 of", "Controller only", "Expected actions", "Delivered by"],
    "eeg-1-obj-command": ["Exercise Evaluation Guide", "Core capabilities", "Capability targets", "Critical tasks",
                          "Sources", "Observations", "Rating", "Operational Coordination",
                          "Performed without challenges"],
}
PARTICIPANT = ("situation-manual", "participant-feedback-form", "inject-cards-participant")


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(SESSION8)


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("handouts")
    assert main(["handouts", str(SESSION8), "-o", str(out), "-f", "html", "-f", "docx", "-f", "pdf",
                 "--start", "2027-06-26 09:00", "--feedback-url", FEEDBACK_URL]) == 0
    return out


def _squash(text: str) -> str:
    """No whitespace at all: line breaks in a PDF or a table cell cannot hide a match."""
    return "".join(text.split())


def _text(path: Path) -> str:
    if path.suffix == ".html":
        return lxml.html.fromstring(path.read_bytes()).text_content()
    if path.suffix == ".docx":
        d = docx.Document(io.BytesIO(path.read_bytes()))
        cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in d.paragraphs] + cells)
    return pdf_text(path)


def controller_only(loaded) -> list[str]:
    """Every controller-only text of the scenario: what a participant must never read."""
    s = loaded.scenario
    texts = ["CONTROLLER AND EVALUATOR ONLY"]
    for inject in loaded.injects:
        texts += [a.text for a in inject.expected_actions] + [a.tag for a in inject.expected_actions if a.tag]
        texts += [inject.controller_notes, inject.evaluator_notes, inject.responsible_controller, inject.id]
    texts += [r.played_by for r in s.simulation_cell] + [r.notes for r in s.simulation_cell]
    texts += [e for t in s.tables for e in t.evaluators]
    texts += [x for o in s.objectives for x in o.critical_tasks + o.capability_targets]
    return [t for t in dict.fromkeys(texts) if t and len(t.strip()) >= 8]


def test_every_handout_is_written_in_every_format(folder, loaded):
    stems = [stem for stem, _ in handout_documents(loaded)]
    assert len([s for s in stems if s.startswith("eeg-")]) == len(loaded.scenario.objectives)
    for stem in stems:
        for suffix in (".html", ".docx", ".pdf"):
            assert (folder / f"{stem}{suffix}").stat().st_size > 1000, stem + suffix


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_each_document_has_its_sections(folder, suffix):
    for stem, sections in SECTIONS.items():
        text = _squash(_text(folder / f"{stem}{suffix}"))
        missing = [s for s in sections if _squash(s) not in text]
        assert not missing, f"{stem}{suffix} lacks {missing}"


@pytest.mark.parametrize("suffix", [".html", ".docx", ".pdf"])
def test_no_controller_only_text_in_participant_documents(folder, loaded, suffix):
    secret = controller_only(loaded)
    assert len(secret) > 100
    handbook = _squash(_text(folder / f"controller-evaluator-handbook{suffix}"))
    assert sum(_squash(t) in handbook for t in secret) > len(secret) // 2  # the check can see them
    for stem in PARTICIPANT:
        text = _squash(_text(folder / f"{stem}{suffix}"))
        leaked = [t[:60] for t in secret if _squash(t) in text]
        assert not leaked, f"{stem}{suffix} shows controller-only text: {leaked[:3]}"


def assert_qr_beside_the_address(pdf: Path, work: Path) -> None:
    """The printed page shows a QR code's dark square just left of the address."""
    dark, width = dark_left_of(pdf, FEEDBACK_URL, work)
    assert dark > QR_DARK_POINTS and width > 60, (pdf.name, dark, width)


def test_the_feedback_form_carries_a_qr_code_to_its_address(folder, tmp_path):
    import base64

    from exercise_engine.report.qr import qr_png

    png = qr_png(FEEDBACK_URL)
    html = lxml.html.fromstring((folder / "participant-feedback-form.html").read_bytes())
    (qr,) = html.xpath('//div[@class="qr"]')
    src = qr.xpath(".//img/@src")[0]
    assert base64.b64decode(src.split(",", 1)[1]) == png and FEEDBACK_URL in qr.text_content()
    word = docx.Document(str(folder / "participant-feedback-form.docx"))
    (shape,) = word.inline_shapes
    blip = shape._inline.graphic.graphicData.pic.blipFill.blip.embed
    assert word.part.related_parts[blip].blob == png
    assert FEEDBACK_URL in word.tables[0].rows[0].cells[1].text  # beside the picture, in the same row
    assert_qr_beside_the_address(folder / "participant-feedback-form.pdf", tmp_path)
    for other in ("situation-manual", "inject-cards-participant"):
        assert FEEDBACK_URL not in _text(folder / f"{other}.html")


def test_without_an_address_the_form_has_no_qr_code(loaded):
    from exercise_engine.report.document import QrCode
    from exercise_engine.report.handouts.feedback_form import feedback_form

    assert not any(isinstance(b, QrCode) for b in feedback_form(loaded).blocks)


def test_inject_cards_one_per_page_with_every_inject(folder, loaded):
    total = len(loaded.injects)
    for copy in ("participant", "controller"):
        pages = pdf_pages(folder / f"inject-cards-{copy}.pdf")
        starts = [n for p in pages for n in range(1, total + 1) if f"Inject {n} of {total}" in p.text]
        assert starts == list(range(1, total + 1))  # every card, in order, each starting its own page
        assert len(pages) >= total


def test_the_eeg_lists_the_critical_tasks_the_objective_names_by_tag(folder, loaded):
    objective = loaded.scenario.objectives[0]
    chosen = set(objective.critical_tasks)
    mine = [a for i in loaded.injects if objective.id in i.objectives for a in i.expected_actions if a.tag]
    text = _squash(_text(folder / f"eeg-1-{objective.id}.html"))
    for tag in chosen:
        actions = [a.text for i in loaded.injects for a in i.expected_actions if a.tag == tag]
        assert actions and _squash(actions[0]) in text, tag
    left_out = [a for a in mine if a.tag not in chosen]
    assert left_out and not any(_squash(a.text) in text for a in left_out)  # the designer's choice, not every tag


def test_an_objective_naming_no_tag_gets_every_tagged_action_of_its_injects(loaded):
    objective = loaded.scenario.objectives[0].model_copy(update={"critical_tasks": ["Brief the mayor in person"]})
    rows = critical_tasks(loaded, objective)
    tagged = [a for i in loaded.injects if objective.id in i.objectives for a in i.expected_actions if a.tag]
    assert rows[0] == ["Brief the mayor in person", "Objective"]
    assert [r[0] for r in rows[1:]] == [a.text for a in tagged]


def test_each_inject_is_delivered_by_one_simulation_cell_role_at_most(loaded):
    """A sensitive inject handed to a named controller leaves the role that voices its sender."""
    cards = [c for row in simulation_rows(loaded) for c in row[3].split(", ") if c != "-"]
    assert cards and len(cards) == len(set(cards))
    assert any(i.responsible_controller for i in loaded.injects)


def test_the_agenda_shows_clock_times_from_start(folder):
    text = _text(folder / "situation-manual.html")
    assert "09:00" in text and "Hotwash" in text and "Break" in text


def test_pdf_pages_keep_text_inside_the_margins(folder, tmp_path):
    for pdf in sorted(folder.glob("*.pdf")):
        assert not words_past_margin(pdf_pages(pdf), MARGIN_PT), pdf.name
    shots = pngs(folder / "controller-evaluator-handbook.pdf", tmp_path, first=1, last=6)
    assert len(shots) == 6 and all(p.stat().st_size > 2000 for p in shots)


@pytest.mark.browser
def test_html_prints_inside_the_margins(folder, chromium, tmp_path):
    for stem in ("situation-manual", "controller-evaluator-handbook", "participant-feedback-form"):
        pdf = chromium_pdf(chromium, folder / f"{stem}.html", tmp_path / f"{stem}.html.pdf")
        pages = pdf_pages(pdf)
        assert len(pages) >= (1 if stem == "participant-feedback-form" else 2), stem
        assert not words_past_margin(pages, MARGIN_PT), stem
        pngs(pdf, tmp_path, first=1, last=3)
    assert_qr_beside_the_address(tmp_path / "participant-feedback-form.html.pdf", tmp_path)


def test_docx_converts_with_libreoffice_inside_the_margins(folder, tmp_path):
    stems = ("situation-manual", "controller-evaluator-handbook", "inject-cards-controller", "participant-feedback-form")
    for stem, pdf in zip(stems, office_pdfs([folder / f"{stem}.docx" for stem in stems], tmp_path)):
        pages = pdf_pages(pdf)
        assert len(pages) >= (1 if stem == "participant-feedback-form" else 2), stem
        assert not words_past_margin(pages, MARGIN_PT), stem
        pngs(pdf, tmp_path, first=1, last=3)
    assert_qr_beside_the_address(tmp_path / "participant-feedback-form.pdf", tmp_path)


def test_handouts_are_written_with_the_users_permissions(tmp_path):
    old = os.umask(0o027)
    try:
        assert main(["handouts", str(SESSION8), "-o", str(tmp_path), "-f", "html"]) == 0
    finally:
        os.umask(old)
    modes = {p.stat().st_mode & 0o777 for p in tmp_path.glob("*.html")}
    assert modes == {0o640}


def test_bad_scenario_or_folder_is_a_message(tmp_path, capsys):
    assert main(["handouts", str(tmp_path / "missing.yaml"), "-o", str(tmp_path / "out")]) == 1
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    assert main(["handouts", str(SESSION8), "-o", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert "missing.yaml" in err and "is a file" in err and "Traceback" not in err


def _hostile_scenario(loaded):
    """Session Eight with the hostile-text corpus as inject titles, narratives, questions and notes, module
    situations and the safety note: planners' text is people's text too."""
    from .test_hostile_text import HOSTILE

    injects = tuple(
        i.model_copy(update={"title": HOSTILE[n % len(HOSTILE)], "narrative": HOSTILE[(n + 3) % len(HOSTILE)],
                             "questions": [HOSTILE[(n + 5) % len(HOSTILE)]],
                             "controller_notes": HOSTILE[(n + 7) % len(HOSTILE)]})
        for n, i in enumerate(loaded.injects))
    modules = [m.model_copy(update={"situation": HOSTILE[k % len(HOSTILE)]}) for k, m in enumerate(loaded.scenario.modules)]
    scenario = loaded.scenario.model_copy(update={"modules": modules, "safety_note": HOSTILE[0]})
    import dataclasses
    return dataclasses.replace(loaded, scenario=scenario, injects=injects)


def test_hostile_text_is_inert_in_every_handout_format(loaded, tmp_path):
    from datetime import datetime, timezone

    from exercise_engine.report.handouts.write import renderer
    from exercise_engine.report.text import clean

    from .test_hostile_text import LONG

    hostile = _hostile_scenario(loaded)
    documents = dict(handout_documents(hostile))
    placed = {"situation-manual": [m.situation for m in hostile.scenario.modules] + [hostile.scenario.safety_note],
              "inject-cards-controller": [i.title for i in hostile.injects] + [i.controller_notes for i in hostile.injects],
              "controller-evaluator-handbook": [i.narrative for i in hostile.injects]}
    for stem in placed:
        for fmt in ("html", "docx", "pdf"):
            blob = renderer(fmt, datetime(2027, 7, 1, tzinfo=timezone.utc))(documents[stem])
            (tmp_path / f"{stem}.{fmt}").write_bytes(blob)
    for stem, texts in placed.items():
        html = (tmp_path / f"{stem}.html").read_text(encoding="utf-8")
        assert not lxml.html.fromstring(html).xpath("//script | //img | //iframe | //a[@href]"), stem
        rendered = {suffix: _squash(_text(tmp_path / f"{stem}{suffix}")) for suffix in (".html", ".docx", ".pdf")}
        for original in dict.fromkeys(texts):
            shown = clean(original)[:300] if original is LONG else clean(original)  # control characters dropped
            for suffix, text in rendered.items():
                if suffix == ".pdf" and any(ord(c) > 0x2fff for c in shown):
                    continue  # CJK and emoji have no glyph in the bundled DejaVu Sans
                assert _squash(shown) in text, (stem, suffix, shown[:30])
        assert not words_past_margin(pdf_pages(tmp_path / f"{stem}.pdf"), MARGIN_PT), stem
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (tmp_path / "inject-cards-controller.html").read_text()


def test_the_situation_manual_has_each_modules_questions_by_table_and_no_injects(loaded):
    """Per module: its situation, its questions for every table, then each table's own (in table order).
    An inject's questions are asked when it arrives: printed ahead, they would give the story away."""
    import dataclasses

    from exercise_engine.report.document import Bullets, Heading
    from exercise_engine.report.handouts.situation_manual import situation_manual

    first = loaded.scenario.modules[0]
    steering, victims = loaded.scenario.tables[0], loaded.scenario.tables[1]
    asked = {victims.id: ["Who calls the families who are still waiting at the hotel?"],
             steering.id: ["Who speaks for Cedar Falls tonight, and who approves it?"]}
    modules = [first.model_copy(update={"table_questions": asked}), *loaded.scenario.modules[1:]]
    doc = situation_manual(dataclasses.replace(loaded, scenario=loaded.scenario.model_copy(update={"modules": modules})))
    blocks = doc.blocks
    start = blocks.index(Heading(f"Module 1: {first.title}"))
    end = blocks.index(Heading(f"Module 2: {modules[1].title}"))
    headings = [b.text for b in blocks[start:end] if isinstance(b, Heading)]
    assert headings == [f"Module 1: {first.title}", "Situation", "Questions for every table",
                        f"Questions for the {steering.name}", f"Questions for the {victims.name}"]
    lists = [list(b.items) for b in blocks[start:end] if isinstance(b, Bullets)]
    assert lists == [list(first.questions), asked[steering.id], asked[victims.id]]
    module_questions = {q for m in loaded.scenario.modules for q in m.questions}
    text = doc.text()
    leaked = [q for i in loaded.injects for q in i.questions if q not in module_questions and q in text]
    assert not leaked, leaked[:3]


def test_table_questions_for_an_unknown_table_are_a_scenario_error(tmp_path):
    from exercise_engine.loader import UserError, load_scenario as load

    text = SESSION8.read_text(encoding="utf-8")
    here = SESSION8.parent
    text = text.replace("community: community.example.yaml", f"community: {here / 'community.example.yaml'}", 1)
    text = text.replace("library: [../injects]", f"library: [{here.parent / 'injects'}]", 1)
    marker = "    situation: >-"
    assert marker in text
    target = tmp_path / "session8.yaml"
    target.write_text(text.replace(marker, '    table_questions:\n      stearing: ["Who leads?"]\n' + marker, 1),
                      encoding="utf-8")
    with pytest.raises(UserError) as error:
        load(target)
    message = str(error.value)
    assert f"{target}:" in message and "table_questions: no table 'stearing'" in message, message
    assert "did you mean 'steering'" in message


def test_the_printed_agenda_is_the_scenarios_run_of_show(folder, loaded):
    """The scenario's own agenda (its report-outs and breaks), at the times `ttx plan` gives them."""
    from exercise_engine.engine.run_of_show import plan

    html = lxml.html.fromstring((folder / "situation-manual.html").read_bytes())
    table = next(t for t in html.xpath("//table") if [th.text_content() for th in t.xpath(".//thead//th")] ==
                 ["Time", "Minutes", "Item"])
    rows = [[td.text_content() for td in tr.xpath("./td")] for tr in table.xpath("./tbody/tr")]
    day = plan(loaded)
    assert [r[0] for r in rows] == [f"{9 + int(i.start) // 60:02d}:{int(i.start) % 60:02d}" for i in day.items]
    assert [r[2].split(": ", 1)[-1] if r[2].startswith("Module") else r[2] for r in rows] == [i.title for i in day.items]
    assert sum(r[2].startswith("Report-out") for r in rows) == 4
