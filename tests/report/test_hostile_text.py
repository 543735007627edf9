"""Hostile participant text comes out inert in every format: shown as typed, never markup or a template."""

from __future__ import annotations

import html.parser
import io
import json

import docx
import lxml.html
import pytest
from markdown_it import MarkdownIt

from exercise_engine.report.render import load_state, render_report

from .conftest import GENERATED_AT, rehearse_session8

LONG = ("Ten thousand characters " * 420)[:10_000]
CONTROL = "before" + "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13)) + "after"
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "{{ 7*7 }}",
    "{% for x in range(3) %}loop{% endfor %}",
    "| pipe | table |",
    "[link](javascript:alert(3))",
    "**bold** _em_ `code` # heading",
    "# Heading at start\n> quote\n1. list",
    "&lt;b&gt;entity&lt;/b&gt;",
    LONG,
    "مرحبا بكم — 欢迎 — 🎉🕯️",
    CONTROL,
]
SHOWN = [t for t in HOSTILE if t != CONTROL] + ["beforeafter"]
"""What people must see: the text as typed, control characters dropped."""


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, bytes]:
    session = rehearse_session8(tmp_path_factory.mktemp("hostile") / "hostile.ttx", extra=HOSTILE)
    state = load_state(session)
    return {fmt: render_report(state, fmt, GENERATED_AT) for fmt in ("html", "md", "json", "docx")}


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def _live_tags(markup: str) -> _Tags:
    parser = _Tags()
    parser.feed(markup)
    return parser


def _decision_rows(tree) -> list[str]:
    return [row.xpath("./td[5]")[0].text_content() for row in tree.xpath('//tr[contains(@class, "decision")]')]


def test_html_has_no_live_markup_and_shows_the_text(reports):
    markup = reports["html"].decode("utf-8")
    tags = _live_tags(markup)
    assert not [t for t, _ in tags.tags if t in ("script", "img", "iframe", "object", "embed")]
    assert not [a for _, attrs in tags.tags for a, _ in attrs if a.startswith("on")]
    assert not [v for _, attrs in tags.tags for a, v in attrs if a == "href" and v and not v.startswith("#")]
    rows = _decision_rows(lxml.html.fromstring(reports["html"]))
    texts = "\n".join(rows)
    for shown in SHOWN:
        first_line = shown.split("\n")[0]
        assert first_line in texts, first_line[:40]
    assert "49" not in [r.strip() for r in rows]  # {{ 7*7 }} was not evaluated
    assert "looplooploop" not in markup
    assert not any(ch in markup for ch in CONTROL[6:-5])


def test_markdown_is_inert_when_rendered(reports):
    text = reports["md"].decode("utf-8")
    assert "<script" not in text and "<img" not in text
    assert "{{ 7\\*7 }}" in text and "looplooploop" not in text
    rendered = MarkdownIt("commonmark").enable("table").enable("strikethrough").render(text)
    tags = _live_tags(rendered)
    assert not [t for t, _ in tags.tags if t in ("script", "img", "iframe")]
    assert "javascript:" not in " ".join(v or "" for _, attrs in tags.tags for _, v in attrs)
    assert "<strong>bold</strong>" not in rendered and "<h1>Heading at start" not in rendered
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown as text
    assert not any(ch in text for ch in CONTROL[6:-5])


def test_markdown_tables_keep_their_columns(reports):
    text = reports["md"].decode("utf-8")
    lines = text.split("\n")
    start = lines.index("## Appendix C: Decision log")
    rows = []
    for ln in lines[start + 2:]:
        if not ln.startswith("|"):
            if rows:
                break
            continue
        rows.append(ln)
    unescaped = [len([i for i, ch in enumerate(r) if ch == "|" and (i == 0 or r[i - 1] != "\\")]) for r in rows]
    assert set(unescaped) == {9}, "a pipe in participant text split a Markdown table row"


def test_json_keeps_the_text_exactly_minus_control_characters(reports):
    data = json.loads(reports["json"])
    texts = [d["versions"][-1]["text"] for d in data["decision_log"]]
    for shown in SHOWN:
        assert shown in texts, shown[:40]


def test_docx_opens_and_contains_the_text(reports):
    document = docx.Document(io.BytesIO(reports["docx"]))
    log = next(t for t in document.tables if len(t.columns) == 8 and t.rows[0].cells[4].text == "Decision")
    cells = "\n".join(row.cells[4].text for row in log.rows[1:])
    for shown in SHOWN:
        assert shown in cells, shown[:40]
    assert "looplooploop" not in cells
