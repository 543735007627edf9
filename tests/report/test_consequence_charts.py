"""The report charts each consequence-model metric over story time with the decisions that changed it,
in every format; the event appendix leaves the model samples out. One played session of the models test
scenario (tests/report/models_session.py), rendered once in every format for the whole module."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import docx
import lxml.html
import pytest
from markdown_it import MarkdownIt

from exercise_engine.engine.rehearsal import rehearse
from exercise_engine.model.events import EventKind
from exercise_engine.report.consequences import SECTION_TITLE
from exercise_engine.report.render import render_report

from exercise_engine.store.session_store import SessionStore

from engine.helpers import FakeClock
from .conftest import GENERATED_AT
from .models_session import HOSTILE, models_session
from .rendered import need, pdf_text

FORMATS = ("html", "md", "json", "docx", "pdf")


@pytest.fixture(scope="module")
def played():
    return models_session()


@pytest.fixture(scope="module")
def reports(played) -> dict[str, bytes]:
    _, state = played
    return {fmt: render_report(state, fmt, GENERATED_AT) for fmt in FORMATS}


def _numbers(state) -> dict[str, int]:
    """Decision text (its start) → the number people know it by."""
    return {ds.current.text.split(".")[0]: ds.number for ds in state.decisions.values()}


def test_the_session_has_every_kind_of_marker(played):
    _, state = played
    assert len(state.metrics) == 20  # reunification 8, notification 5, hotline 7
    assert [c.crossing for _, c in state.threshold_crossings] == ["fired"]
    assert any(e.kind is EventKind.decision_retracted for e in state.events)
    assert any(e.kind is EventKind.decision_amended for e in state.events)


def test_html_has_an_svg_per_metric_with_its_decision_and_threshold_markers(played, reports):
    _, state = played
    n = _numbers(state)
    tree = lxml.html.fromstring(reports["html"])
    section = tree.xpath('//section[@id="consequences"]')[0]
    assert section.xpath("./h2")[0].text_content() == SECTION_TITLE
    assert tree.xpath('//nav//a[@href="#consequences"]')
    figures = section.xpath('.//figure[@data-metric]')
    assert [f.get("data-metric") for f in figures] == list(state.metrics)
    for figure in figures:
        assert len(figure.xpath("./svg")) == 1
    html = reports["html"].decode("utf-8")

    def marks(metric: str) -> list[str]:
        svg = section.xpath(f'.//figure[@data-metric="{metric}"]/svg')[0]
        return [t.text_content() for t in svg.xpath(".//circle/title | .//polygon/title")]

    frc, two = n["Open the FRC with eight staff"], n["Two hotline lines from the EOC for now"]
    six = n["Six more lines and three notification teams"]
    wait = " ".join(marks("reunification.mean_wait_minutes"))
    assert f"#{frc} Victim services" in wait and f"#{frc} amended" in wait and "#%d" % two not in wait
    calls = " ".join(marks("hotline.abandoned_share"))
    assert f"#{two} Steering" in calls and f"#{six} Victim services" in calls and f"#{two} retracted" in calls
    assert "Nobody is in charge at the center" in calls  # the threshold fired and released its inject
    assert f"#{six} Victim services" in " ".join(marks("notification.pending"))
    svg = section.xpath('.//figure[@data-metric="hotline.abandoned_share"]/svg')[0]
    assert "Threshold: above 50% for 15 min" in svg.text_content()
    assert 'stroke-dasharray' in lxml.html.tostring(svg).decode()
    assert len(set(section.xpath(".//svg/title/@id"))) == len(figures)  # unique ids for screen readers
    assert "<script>alert(1)" not in html


def test_the_decision_list_beside_the_charts_shows_the_text_as_typed(reports):
    tree = lxml.html.fromstring(reports["html"])
    rows = tree.xpath('//section[@id="consequences"]//table[contains(@class, "decisions")]//tr[td]')
    texts = [r.xpath("./td[4]")[0].text_content() for r in rows]
    assert any(HOSTILE in t for t in texts)
    assert any("(retracted)" in t for t in texts)
    for href in tree.xpath('//section[@id="consequences"]//a/@href'):  # each number links to the decision log
        assert href.startswith("#decision-") and tree.xpath(f'//tr[@id="{href[1:]}"]'), href
    assert "open frc: site frc, staff 12" in tree.xpath('//section[@id="consequences"]')[0].text_content()


def test_markdown_has_a_table_per_model_and_stays_inert(played, reports):
    _, state = played
    text = reports["md"].decode("utf-8")
    section = text.split(f"## {SECTION_TITLE}\n", 1)[1].split("\n## ", 1)[0]
    assert section.count("| Metric | T+0 |") == 3
    for name in ("Families at the FRC without news", "Calls abandoned", "Families notified in person"):
        assert f"| {name} |" in section
    n = _numbers(state)
    assert f"(#{n['Open the FRC with eight staff']})" in section  # a column just after the decision
    rendered = MarkdownIt("commonmark").enable("table").render(section)
    assert "<script" not in rendered and "<img" not in rendered and "&lt;script&gt;alert(1)" in rendered
    assert "fired at T+18m" in section


def test_json_carries_the_series_and_the_drivers_as_data(played, reports):
    _, state = played
    data = json.loads(reports["json"])["consequences"]
    series = {m["metric"]: m["points"] for model in data["models"] for m in model["metrics"]}
    assert series == {k: [list(p) for p in v] for k, v in state.metrics.items()}
    hotline = next(m for m in data["models"] if m["model"] == "hotline")
    n = _numbers(state)
    two, six = n["Two hotline lines from the EOC for now"], n["Six more lines and three notification teams"]
    assert [(c["story"], c["decisions"], c["changed"]) for c in hotline["changes"]] == [
        ("T+41m", [two], [two]), ("T+46m", [two, six], [six]), ("T+1h21m", [six], [two])]
    share = next(m for m in hotline["metrics"] if m["metric"] == "hotline.abandoned_share")
    assert share["unit"] == "%" and share["thresholds"][0]["fired_story"] == ["T+18m"]
    assert data["samples"] == sum(1 for e in state.events if e.kind is EventKind.model_event and "metrics" in e.data)


def test_docx_has_a_chart_per_metric_and_the_decision_list(played, reports):
    _, state = played
    document = docx.Document(io.BytesIO(reports["docx"]))
    assert len(document.inline_shapes) == 1 + len(state.metrics)  # the timeline, then one per metric
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert SECTION_TITLE in headings and "Public inquiry hotline" in headings
    lists = [t for t in document.tables
             if len(t.columns) == 5 and t.rows[0].cells[3].text == "Decision that changed this model"]
    assert len(lists) == 3 and any(HOSTILE in row.cells[3].text for t in lists for row in t.rows)


def test_pdf_has_a_chart_per_metric(played, reports, tmp_path):
    _, state = played
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(reports["pdf"])
    need("pdfimages")
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], check=True, capture_output=True, text=True).stdout
    images = [line.split() for line in listing.splitlines()[2:]]
    assert len(images) == 1 + len(state.metrics)
    assert len({int(i[1]) for i in images[1:]}) == len(state.metrics)  # distinct images, not one repeated
    text = pdf_text(pdf)
    assert SECTION_TITLE in text and "Decision that changed this model" in text
    assert "<script>alert(1)</script>" in text  # the decision's text, shown as typed


def test_the_event_appendix_leaves_out_the_model_samples(played, reports):
    _, state = played
    samples = sum(1 for e in state.events if e.kind is EventKind.model_event and "metrics" in e.data)
    assert samples > 20
    tree = lxml.html.fromstring(reports["html"])
    appendix = tree.xpath('//section[@id="appendix-events"]')[0]
    kinds = [r.xpath("./td[4]")[0].text_content() for r in appendix.xpath(".//tbody/tr")]
    assert kinds.count("model_event") == 1  # the threshold that fired stays: it says why its inject came
    assert f"{samples} model samples" in appendix.xpath('./p[@class="meta"]')[0].text_content()
    assert "fired, released bp04-frc-no-lead" in appendix.text_content()
    events = json.loads(reports["json"])["events"]
    assert len(events) == len(state.events) - samples
    assert f"{samples} model samples" in reports["md"].decode("utf-8").split("## Appendix D")[1]


def test_a_session_without_models_has_no_such_section(tmp_path: Path):
    from exercise_engine.engine.synthetic import loaded_scenario, make_inject, make_module
    from exercise_engine.report.analysis import build_report_data
    from exercise_engine.report.render import load_state, render_data

    loaded = loaded_scenario([(make_module("m1", 0, 3600, 30), [make_inject("a", 0)])], scenario_id="plain")
    rehearse(loaded, [], clock=FakeClock(), log=(store := SessionStore.create(tmp_path / "plain.ttx", loaded)))
    store.close()
    data = build_report_data(load_state(tmp_path / "plain.ttx"), GENERATED_AT)
    assert data.consequences.models == [] and data.consequences.appendix_note == ""
    assert SECTION_TITLE not in render_data(data, "md").decode("utf-8")


def test_each_model_s_caveats_are_where_the_report_says():
    from exercise_engine.model.consequences import MODEL_METRICS, MODEL_TITLES
    from exercise_engine.report.consequences import REPRESENTS

    assert set(MODEL_TITLES) == set(MODEL_METRICS) == set(REPRESENTS)  # every model named, and said in a sentence
    doc = (Path(__file__).resolve().parents[2] / "docs" / "models.md").read_text(encoding="utf-8")
    for model, title in MODEL_TITLES.items():
        section = doc.split(f"## {title} (`{model}`)\n", 1)
        assert len(section) == 2, title
        assert "**What it does not capture.**" in section[1].split("\n## ", 1)[0], title
