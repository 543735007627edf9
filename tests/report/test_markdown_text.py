"""Markdown escaping: any text stays one inline run that viewers show literally."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st
from markdown_it import MarkdownIt

from exercise_engine.report.markdown_text import md_escape
from exercise_engine.report.text import clean

MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60))
def test_escaped_text_cannot_break_out_of_a_table_cell(text):
    cell = md_escape(clean(text))
    assert "\n" not in cell and "<" not in cell.replace("<br>", "")
    assert re.search(r"(?<!\\)\|", cell) is None  # every pipe escaped
    rendered = MD.render(f"| a | b |\n| --- | --- |\n| {cell} | x |\n")
    assert rendered.count("<td>") == 2  # still exactly two cells
    assert "<a " not in rendered and "<img" not in rendered and "<script" not in rendered


def test_block_markers_are_neutralised_only_where_they_would_act():
    assert md_escape("# Heading") == "\\# Heading"
    assert md_escape("#hashtag") == "#hashtag"
    assert md_escape("1. first") == "1\\. first"
    assert md_escape("4.50 dollars") == "4.50 dollars"
    assert md_escape("- item") == "\\- item"
    assert md_escape("T+1h, co-op") == "T+1h, co-op"


def test_inline_markup_and_html_are_shown_literally():
    rendered = MD.render(md_escape("**bold** _em_ `code` [x](javascript:y) <b>hi</b> &amp; ~~s~~"))
    assert rendered.strip() == "<p>**bold** _em_ `code` [x](javascript:y) &lt;b&gt;hi&lt;/b&gt; &amp;amp; ~~s~~</p>"
