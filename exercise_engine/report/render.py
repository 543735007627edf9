"""Render a session's after-action report in HTML, Markdown, Word or JSON.

Public API (the CLI and the facilitator console use these):
    render_report(state, fmt, generated_at) -> bytes
    write_report(session_path, fmt, out_path, generated_at=None) -> Path
Participant text reaches the templates only as data: it is never part of a template's source.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections import Counter
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .analysis import ReportData, build_report_data
from .capability_analysis import STATUS_MARKS, expected_lines
from .consequence_report import html_section, md_rows, thresholds
from .consequences import SECTION_TITLE
from .files import OutputError, write_file
from .markdown_text import Raw, md_escape
from .text import story, utc_now
from .timeline_svg import timeline_svg

FORMATS: dict[str, str] = {"html": ".html", "md": ".md", "docx": ".docx", "json": ".json", "pdf": ".pdf"}
"""Report format → file suffix."""
TEXT_FORMATS = frozenset({"html", "md", "json"})


class ReportError(Exception):
    """A user-facing problem producing a report (bad format, unreadable session, unwritable path)."""


def _template_text(name: str) -> str:
    return resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")


def _br(value: Any) -> Markup:
    """Escape, then keep the author's line breaks."""
    return Markup("<br>\n").join(escape(line) for line in str(value).split("\n"))


def _environment(**options: Any) -> jinja2.Environment:
    """What both formats' environments share: our templates only, and an undefined name is an error."""
    return jinja2.Environment(loader=jinja2.FunctionLoader(_template_text), undefined=jinja2.StrictUndefined,
                              trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, **options)


@lru_cache(maxsize=1)
def _html_env() -> jinja2.Environment:
    env = _environment(autoescape=True)
    env.filters["br"] = _br
    return env


def _md_code(value: Any) -> Raw:
    text = str(value)
    if text and all(c.isascii() and (c.isalnum() or c in "-_.") for c in text):
        return Raw(f"`{text}`")
    return Raw(md_escape(text))


def _md_cite(ids: list[int]) -> Raw:
    return Raw(", ".join(f"#{int(i)}" for i in ids))


_STRIPS = {"P": "🟩", "S": "🟨", "M": "🟧", "U": "🟥", "": "⬜"}


@lru_cache(maxsize=1)
def _md_env() -> jinja2.Environment:
    env = _environment(autoescape=False, finalize=md_escape)
    env.filters["code"] = _md_code
    env.filters["cite"] = _md_cite
    env.filters["raw"] = lambda text: Raw(str(text))  # only for our own macros' output, already escaped
    env.filters["cells"] = lambda values: Raw(" | ".join(str(int(v)) for v in values))
    env.filters["strip"] = lambda level: Raw(_STRIPS.get(level, "⬜"))
    return env


def _css() -> Markup:
    return Markup(_template_text("report.css"))


def report_html(data: ReportData) -> bytes:
    svg = Markup(timeline_svg(data.timeline, f"Timeline: {data.overview.title}"))
    text = _html_env().get_template("report.html.j2").render(
        r=data, css=_css(), svg=svg, status_marks=STATUS_MARKS, consequences=html_section(data.consequences),
        consequences_title=SECTION_TITLE)
    return text.encode("utf-8")


def _timeline_rows(data: ReportData) -> list[dict[str, Any]]:
    """The timeline as a table for Markdown (which cannot carry the chart)."""
    tl = data.timeline
    names = dict(tl.tables)
    rows = []
    for mod, summary in zip(tl.modules, data.overview.modules):
        injects = [f"{i.id} ({story(i.story)}{'' if i.status == 'delivered' else ', ' + i.status}"
                   f"{_planned_actual(i.planned_wall_minutes, i.wall_minutes)})"
                   for i in tl.injects if i.module == mod.id]
        counts: Counter[str] = Counter()
        for d in tl.decisions:
            if not d.retracted and _module_at(tl, d.story) == mod.id:
                counts[d.table] += 1
        decisions = "; ".join(f"{names.get(t, t)}: {counts[t]}" for t, _ in tl.tables if counts[t])
        rows.append({
            "title": mod.title, "story": f"{story(mod.story_start)} to {story(mod.story_end)}",
            "planned": mod.planned_minutes if mod.planned_start_minutes is None else
            f"{mod.planned_minutes} (from min {mod.planned_start_minutes:.0f})",
            "actual": "-" if summary.actual_minutes is None else f"{summary.actual_minutes:.0f}",
            "injects": ", ".join(injects) or "-", "decisions": decisions or "-"})
    return rows


def _planned_actual(planned: float | None, actual: float | None) -> str:
    """`; wall min 12 planned, 15 actual` — the run of show against what happened."""
    if planned is None:
        return ""
    return f"; wall min {planned:.0f} planned" + ("" if actual is None else f", {actual:.0f} actual")


def _module_at(tl: Any, seconds: int) -> str:
    current = tl.modules[0].id
    for m in tl.modules:
        if seconds >= m.story_start:
            current = m.id
    return current


def report_markdown(data: ReportData) -> bytes:
    text = _md_env().get_template("report.md.j2").render(
        r=data, timeline_rows=_timeline_rows(data), expected_lines=expected_lines, consequences_title=SECTION_TITLE,
        md_rows=md_rows, thresholds=thresholds)
    # Participant text never holds a raw newline here (md_escape turns them into <br>), so this only
    # tidies the blank lines the template's optional blocks leave behind.
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.encode("utf-8")


def render_data(data: ReportData, fmt: str) -> bytes:
    if fmt == "html":
        return report_html(data)
    if fmt == "md":
        return report_markdown(data)
    if fmt == "json":
        from .json_writer import report_json

        return report_json(data)
    if fmt == "docx":
        from .docx_writer import report_docx

        return report_docx(data)
    if fmt == "pdf":
        from .aar_document import report_pdf

        return report_pdf(data)
    raise ReportError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")


def render_report(state: Any, fmt: str, generated_at: datetime | None = None, time_zone: str | None = None) -> bytes:
    """The report of a projected session (`SessionState`) in one format, as bytes; wall times in `time_zone`
    (IANA name; default: the exercise's own)."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")
    return render_data(build_report_data(state, generated_at or utc_now(), time_zone), fmt)


def default_output_path(session_path: str | os.PathLike[str], fmt: str) -> Path:
    """`sessions/x.ttx` → `sessions/x.ttx.report.html`: next to the session, never overwriting it."""
    path = Path(session_path)
    return path.with_name(f"{path.name}.report{FORMATS[fmt]}")


def load_state(session_path: str | os.PathLike[str]) -> Any:
    """Open a session file read-only and project its whole log (using the scenario stored in it).

    A session SQLite cannot open in place (a read-only file or folder: an archive, a CD, a colleague's
    share) is read from a private copy instead: SQLite needs to write beside a WAL-mode file even to read it.
    """
    path = Path(session_path)
    try:
        return _load(path)
    except ReportError:
        if not path.is_file() or not os.access(path, os.R_OK) or (
                os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise
    with tempfile.TemporaryDirectory(prefix="ttx-report-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and os.access(wal, os.R_OK):
            shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))
        return _load(copy, shown=path)


def _load(path: Path, shown: Path | None = None) -> Any:
    import sqlite3

    from ..engine.projection import project
    from ..store.session_store import SessionError, SessionStore

    shown = shown or path
    try:
        store = SessionStore.open(path, read_only=True)
    except SessionError as exc:
        raise ReportError(str(exc).replace(str(path), str(shown))) from None
    try:
        loaded = store.scenario()
        return project(loaded, store.events())
    except SessionError as exc:
        raise ReportError(str(exc).replace(str(path), str(shown))) from None
    except (sqlite3.DatabaseError, ValueError, KeyError, TypeError) as exc:
        raise ReportError(f"{shown} is damaged: its scenario snapshot or event log cannot be read ({exc})") from None
    finally:
        store.close()


def write_report(session_path: str | os.PathLike[str], fmt: str, out_path: str | os.PathLike[str] | None,
                 generated_at: datetime | None = None, time_zone: str | None = None) -> Path:
    """Write the report of a session file; returns where it went. The file appears whole or not at all."""
    if fmt not in FORMATS:
        raise ReportError(f"unknown report format {fmt!r}; use one of: {', '.join(FORMATS)}")
    state = load_state(session_path)
    blob = render_report(state, fmt, generated_at, time_zone)
    target = Path(out_path) if out_path is not None else default_output_path(session_path, fmt)
    write_atomically(target, blob)
    return target


def write_atomically(target: Path, blob: bytes) -> None:
    """Write a report file whole or not at all, with the user's usual permissions (see files.py)."""
    try:
        write_file(target, blob)
    except OutputError as exc:
        raise ReportError(str(exc)) from None
