"""The report as a Word document (python-docx): real headings, tables with repeated header rows, the chart.

Large tables (decision log, event timeline) are written as WordprocessingML directly: python-docx's
cell-by-cell API is too slow for thousands of rows. Text goes in as escaped XML character data only.
The file is deterministic: core properties and zip entry times come from the generation time.

Layout: sections are portrait or landscape as their tables need; every table has fixed column widths
(autofit off) that add up to the section's usable width, so LibreOffice and Word lay it out alike; the
chart is scaled to the usable width. tests/report/test_docx_layout.py checks both, and the PDF.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone
from typing import Sequence
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Inches, Pt, RGBColor

from .analysis import ReportData
from .docx_analysis import write_capability_analysis
from .findings import Finding
from .text import clean
from .consequence_report import add_to_docx as add_consequences
from .timeline_png import timeline_png

_W = nsdecls("w")
_LANDSCAPE = (Inches(11), Inches(8.5))
_PORTRAIT = (Inches(8.5), Inches(11))
MARGIN = Inches(0.7)
CELL_MARGIN = 72
"""Left and right padding inside table cells, in twips (0.05 in; Word's default is 0.075 in)."""
TWIPS_PER_INCH = 1440

Width = float | str
"""A column width: inches (0.75), or a share of what the fixed columns leave ("*", "2*")."""


def column_twips(widths: Sequence[Width], usable_inches: float) -> list[int]:
    """Column widths in twips that add up to at most the usable width: fixed columns as given, star
    columns sharing the rest. Fixed widths are chosen so the longest header word and number fits even
    in LibreOffice's fallback font (DejaVu Sans, wider than Calibri); tests/report/test_docx_layout.py checks it."""
    usable = int(usable_inches * TWIPS_PER_INCH)
    fixed = sum(int(w * TWIPS_PER_INCH) for w in widths if not isinstance(w, str))
    shares = {i: float(w[:-1] or 1) for i, w in enumerate(widths) if isinstance(w, str)}
    rest = usable - fixed
    if rest < 0 or (shares and rest < len(shares) * TWIPS_PER_INCH // 2):
        raise ValueError(f"columns {widths} do not fit {usable_inches:.2f} in")
    total = sum(shares.values())
    return [int(rest * shares[i] / total) if i in shares else int(w * TWIPS_PER_INCH) for i, w in enumerate(widths)]


def _run_xml(text: str, *, bold: bool = False, color: str | None = None, strike: bool = False,
             italic: bool = False, size: int = 0) -> str:
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "") + ("<w:strike/>" if strike else "") + (
        f'<w:color w:val="{color}"/>' if color else "") + (f'<w:sz w:val="{size}"/>' if size else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    parts = []
    for i, line in enumerate(clean(text).split("\n")):
        if i:
            parts.append("<w:br/>")
        parts.append(f'<w:t xml:space="preserve">{escape(line)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>"


Cell = str | list[tuple[str, dict]]
"""Plain text, or runs: [(text, {"bold": True, "strike": True, "color": "757575", "italic": True})]."""


def _cell_xml(value: Cell, width: int, fill: str | None = None, size: int = 0) -> str:
    shade = f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/>' if fill else ""
    if isinstance(value, str):
        runs = _run_xml(value, size=size) if value else ""
    else:
        runs = "".join(_run_xml(t, size=size, **fmt) for t, fmt in value if t)
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>'
            f'<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>{runs}</w:p></w:tc>')


SPLIT_ROWS_OVER = 1500
"""Characters in a row above which it may split across pages: Word clips a row that may not split and
is taller than the page (a pasted 10,000-character decision)."""


def _chars(row: Sequence[Cell]) -> int:
    return sum(len(v) if isinstance(v, str) else sum(len(t) for t, _ in v) for v in row)


def _table_xml(header: Sequence[str], rows: Sequence[Sequence[Cell]], tw: Sequence[int],
               fills: Sequence[Sequence[str | None]] | None = None, font_half_points: int = 18) -> str:
    """A grid table of fixed column widths (twips; autofit off, the same width on every cell of a column);
    header row repeated on every page, rows kept on one page unless very long."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in tw)
    size = font_half_points
    head = "".join(_cell_xml([(h, {"bold": True})], w, "E6ECEF", size) for h, w in zip(header, tw))
    out = [f'<w:tbl {_W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(tw)}" w:type="dxa"/>'
           f'<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
           f'<w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
           f'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>',
           f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{head}</w:tr>']
    for r, row in enumerate(rows):
        row_fills = fills[r] if fills else [None] * len(row)
        cells = "".join(_cell_xml(v, w, f, size) for v, w, f in zip(row, tw, row_fills))
        keep = "<w:trPr><w:cantSplit/></w:trPr>" if _chars(row) < SPLIT_ROWS_OVER else ""
        out.append(f"<w:tr>{keep}{cells}</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


class _Doc:
    def __init__(self, data: ReportData) -> None:
        self.data = data
        self.doc = Document()
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        self.body = self.doc.element.body
        self._orient(self.doc.sections[0], landscape=False)

    # -- layout helpers

    @staticmethod
    def _orient(section, *, landscape: bool) -> None:
        section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = _LANDSCAPE if landscape else _PORTRAIT
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)

    def section(self, title: str, *, landscape: bool) -> None:
        """A major section starts on a new page, in the orientation its tables need."""
        sec = self.doc.add_section(WD_SECTION.NEW_PAGE)
        self._orient(sec, landscape=landscape)
        self.doc.add_heading(title, level=1)

    @property
    def width(self) -> float:
        sec = self.doc.sections[-1]
        return (sec.page_width - sec.left_margin - sec.right_margin) / 914400

    def para(self, text: str = "", *, bold: bool = False, italic: bool = False, color: str | None = None,
             style: str | None = None, size: float | None = None):
        p = self.doc.add_paragraph(style=style)
        if text:
            run = p.add_run(text)
            run.bold = bold or None
            run.italic = italic or None
            if color:
                run.font.color.rgb = RGBColor.from_string(color)
            if size:
                run.font.size = Pt(size)
        return p

    def label(self, text: str):
        """A bold run-in label ("Strengths"): kept on the page of what it introduces."""
        p = self.para(text, bold=True)
        p.paragraph_format.keep_with_next = True
        return p

    def table(self, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[Width],
              fills: Sequence[Sequence[str | None]] | None = None, small: bool = True) -> None:
        xml = _table_xml(header, rows, column_twips(widths, self.width), fills, 17 if small else 19)
        spacer = self.para()  # inserted before the body's final sectPr, as Word requires
        spacer.paragraph_format.space_after = Pt(6)
        spacer._p.addprevious(parse_xml(xml))

    def subline(self, rating: str, rating_name: str, detail: str) -> None:
        """The grey line under an objective or practice heading: its rating, then `detail`."""
        p = self.doc.add_paragraph()
        p.paragraph_format.keep_with_next = True
        label = p.add_run(f"Rating: {rating} ({rating_name})" if rating else "Not rated")
        label.font.color.rgb = RGBColor(0x54, 0x6E, 0x7A)
        label.bold = bool(rating) or None
        rest = p.add_run(f" \u00b7 {detail}")
        rest.font.color.rgb = RGBColor(0x54, 0x6E, 0x7A)

    def findings(self, items: list[Finding], heading: str) -> None:
        if not items:
            return
        self.label(heading)
        for f in items:
            p = self.doc.add_paragraph(style="List Bullet")
            p.add_run(f.text)
            cite = f" ({'evaluator' if f.source == 'observation' else 'hotwash'}: {f.who}"
            if f.decisions:
                cite += "; decisions " + ", ".join(f"#{d}" for d in f.decisions)
            run = p.add_run(cite + ")")
            run.italic = True
            run.font.color.rgb = RGBColor(0x54, 0x6E, 0x7A)

    # -- the document

    def build(self) -> bytes:
        r = self.data
        o = r.overview
        interim = "INTERIM - " if r.interim else ""
        header = self.doc.sections[0].header.paragraphs[0]
        hrun = header.add_run(f"{interim}After-Action Report / Improvement Plan: {o.title}")
        hrun.font.size = Pt(8)
        if r.interim:
            hrun.bold = True
            hrun.font.color.rgb = RGBColor(0xC6, 0x28, 0x28)
        footer = self.doc.sections[0].footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer._p.append(parse_xml(f'<w:r {_W}><w:rPr><w:sz w:val="16"/></w:rPr><w:t xml:space="preserve">Page </w:t></w:r>'))
        footer._p.append(parse_xml(f'<w:fldSimple {_W} w:instr=" PAGE "><w:r><w:rPr><w:sz w:val="16"/></w:rPr>'
                                   f'<w:t>1</w:t></w:r></w:fldSimple>'))

        self.para("After-Action Report / Improvement Plan (HSEEP)", color="546E7A")
        self.doc.add_heading(f"{interim}{o.title}", level=0)
        sub = o.community + (f" · Roadmap session {o.roadmap_session}" if o.roadmap_session else "")
        self.para(f"{sub} · scenario {o.scenario_id} v{o.scenario_version}", color="546E7A")
        if r.interim:
            self.para(f"INTERIM REPORT. {r.status} Figures will change as the session continues.",
                      bold=True, color="B71C1C", size=13)
        self.doc.add_heading("Handling instructions", level=2)
        self.para(r.handling)
        self.para(f"Wall times are in {o.time_zone}. Generated {r.generated_label} from the session log "
                  f"({o.totals['events']} events).", italic=True)

        e = r.executive_summary
        self.section("Executive summary", landscape=False)
        self.para(e.overview)
        for heading, items, empty in (("Top strengths", e.strengths, "None recorded yet."),
                                      ("Top areas for improvement", e.improvements, "None recorded yet."),
                                      ("EOP annex gaps", e.eop_gaps, "No decision was flagged as an EOP gap.")):
            self.doc.add_heading(heading, level=2)
            for item in items or [empty]:
                self.doc.add_paragraph(clean(item), style="List Bullet")

        # 1. Overview
        self.section("1. Exercise overview", landscape=False)
        poc = o.point_of_contact
        rows = [
            ("Exercise name", o.title), ("Status", o.status),
            ("Exercise dates", o.wall_start + (f" to {o.wall_end}" if o.wall_end else "")),
            ("Duration", (f"{o.duration_minutes:.0f} minutes of play" if o.duration_minutes is not None else "not started")
             + f" (planned {o.planned_minutes} minutes)"),
            ("Story covered", f"{o.story_start} to {o.story_end}"
             + (f" ({o.story_start_date} to {o.story_end_date})" if o.story_start_date else "")),
            ("Scope", o.scope), ("Mission areas", ", ".join(o.mission_areas)),
            ("Core capabilities", "; ".join(dict.fromkeys(c for obj in o.objectives for c in obj.capabilities))),
            ("Threat / hazard", o.threat_hazard),
            ("Scenario summary", o.summary), ("Sponsor", o.sponsor),
            ("Participating organizations", "; ".join(org.name for org in o.organizations)),
            ("Point of contact", ", ".join(x for x in (poc.name, poc.title, poc.organization, poc.phone, poc.email) if x)),
        ]
        self.table(["Item", "Details"], [[[(k, {"bold": True})], v] for k, v in rows], [1.6, "*"], small=False)
        self.doc.add_heading("Objectives, core capabilities and practices", level=2)
        self.table(["#", "Objective", "Core capabilities", "Practices"],
                   [[str(obj.number), obj.text, "; ".join(obj.capabilities), ", ".join(map(str, obj.practices))]
                    for obj in o.objectives], [0.3, "3*", "2*", 0.8])
        self.doc.add_heading("Modules", level=2)
        self.table(["#", "Module", "Story time", "Planned min", "Actual min", "Injects delivered", "Skipped", "Decisions"],
                   [[str(i + 1), m.title, f"{m.story_start} to {m.story_end}", str(m.planned_minutes),
                     "-" if m.actual_minutes is None else f"{m.actual_minutes:.0f}", str(m.injects_delivered),
                     str(m.injects_skipped), str(m.decisions)] for i, m in enumerate(o.modules)],
                   [0.3, "*", 1.5, 0.7, 0.62, 0.75, 0.68, 0.78])
        t = o.totals
        self.para(f"{t['injects_delivered']} of {t['injects_planned']} injects delivered ({t['injects_skipped']} skipped); "
                  f"{t['decisions']} decisions in force ({t['decisions_amended']} amended, {t['decisions_retracted']} "
                  f"retracted); {t['eop_gaps']} EOP gaps; {t['observations']} evaluator observations, {t['ratings']} "
                  f"ratings, {t['hotwash_notes']} hotwash notes, {t['feedback_forms']} feedback forms.")

        # 2. Analysis of core capabilities
        write_capability_analysis(self, r)

        # 3. Scorecard
        self.section("3. Best-practice scorecard", landscape=True)
        rows, fills = [], []
        for row in r.scorecard:
            rows.append(["", str(row.number), row.name,
                         str(row.injects_delivered) + (f" / {row.injects_planned}" if row.injects_planned != row.injects_delivered else ""),
                         str(row.decisions), str(row.tables_responding), row.median_first_decision_wall or "-",
                         row.median_first_decision_story or "-", str(row.unanswered_injects), str(row.late_injects),
                         str(row.eop_gaps), [(row.rating, {"bold": True})] if row.rating else row.rating_name])
            fills.append([row.rating_color.lstrip("#")] + [None] * 11)
        self.table(["", "#", "Best practice", "Injects delivered", "Decisions", "Tables answering",
                    "First decision (wall)", "(story)", "Not answered", "Late", "EOP gaps", "Rating"],
                   rows, [0.15, 0.32, "*", 0.76, 0.78, 0.84, 0.7, 0.62, 0.78, 0.45, 0.5, 0.75], fills)
        for level, text in r.rating_definitions.items():
            p = self.doc.add_paragraph()
            p.paragraph_format.space_after = Pt(2)
            p.paragraph_format.line_spacing = 1.0
            p.add_run(f"{level}: ").bold = True
            p.add_run(text).font.size = Pt(9)
        self.label("How these figures are counted").paragraph_format.space_before = Pt(8)
        for note in r.method:
            p = self.doc.add_paragraph(style="List Bullet")
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.line_spacing = 1.0
            p.add_run(note).font.size = Pt(9)

        # 3. Timeline
        self.section("4. Timeline", landscape=True)
        png = timeline_png(r.timeline, f"Timeline: {o.title}")
        picture = self.doc.add_picture(io.BytesIO(png), width=Inches(self.width))
        sec = self.doc.sections[-1]  # never taller than the page either (a very long session's chart)
        usable_height = sec.page_height - sec.top_margin - sec.bottom_margin - Inches(1.2)
        if picture.height > usable_height:
            picture.width, picture.height = int(picture.width * usable_height / picture.height), usable_height
        self.para("Story time runs left to right, one band per module (band width = planned minutes; a gentle log "
                  "scale inside each band). Lower panel: wall-clock minutes elapsed (solid) against the planned "
                  "agenda (dashed).", italic=True, size=9)

        # 5. Analysis by best practice
        self.section("5. Analysis by best practice", landscape=False)
        for pa in r.practices:
            self.doc.add_heading(f"{pa.number}. {pa.name}", level=2)
            cites = f" ({', '.join(f'#{d}' for d in pa.decisions)})" if pa.decisions else ""
            self.subline(pa.rating, pa.rating_name, f"Decisions: {len(pa.decisions)}{cites}")
            self.findings(pa.strengths, "Strengths")
            self.findings(pa.improvements, "Areas for improvement")
            if pa.unanswered:
                self.label("Unanswered injects")
                for c in pa.unanswered:
                    self.doc.add_paragraph(f"{c.inject} \u201c{c.title}\u201d (delivered {c.delivered_story}): "
                                           f"no decision from {', '.join(c.tables)}", style="List Bullet")
            if pa.late:
                self.label("Late injects")
                for c in pa.late:
                    took = f"{c.minutes_to_answer:.0f}" if c.minutes_to_answer is not None else "?"
                    self.doc.add_paragraph(f"{c.inject} \u201c{c.title}\u201d (delivered {c.delivered_story}): first answer "
                                           f"after {took} min (allowed {c.allowed_minutes}) from {', '.join(c.tables)}",
                                           style="List Bullet")
        if not r.practices:
            self.para("No practice was exercised yet.", italic=True)
        if r.general_findings:
            self.doc.add_heading("General", level=2)
            self.findings([f for f in r.general_findings if f.kind == "strength"], "Strengths")
            self.findings([f for f in r.general_findings if f.kind == "improvement"], "Areas for improvement")

        # 5. EOP annex update plan
        self.section("6. EOP annex update plan", landscape=False)
        self.para("Every decision in force that the room flagged as not covered by a written plan, grouped by best practice.")
        for g in r.eop_plan:
            self.doc.add_heading(f"{g.practice}. {g.name}" if g.practice else g.name, level=2)
            self.table(["#", "Table", "Story", "What was decided", "Owner", "Follow-up"],
                       [[f"#{e.decision_id}", e.table_name, e.story,
                         [(e.text, {}), (f"\nWhy: {e.rationale}" if e.rationale else "", {"italic": True, "color": "546E7A"})],
                         e.owner, e.follow_up + (f" (by {e.follow_up_due})" if e.follow_up_due else "")]
                        for e in g.entries], [0.45, 1.15, 0.95, "*", 1.1, 1.3])
        if not r.eop_plan:
            self.para("No decision was flagged as an EOP gap.", italic=True)

        # 7. Feedback
        self.section("7. Participant feedback", landscape=False)
        self.para(f"{r.feedback.forms} feedback forms. Scale 1 (strongly disagree) to 5 (strongly agree).")
        self.table(["Statement", "n", "Mean", "1", "2", "3", "4", "5"],
                   [[q.text, str(q.n), f"{q.mean:.2f}" if q.mean is not None else "-", *map(str, q.counts)]
                    for q in r.feedback.questions], ["*", 0.35, 0.55, 0.32, 0.32, 0.32, 0.32, 0.32])
        if r.feedback.comments:
            self.doc.add_heading("Comments", level=2)
            self.table(["Table", "Role", "About", "Comment"],
                       [[c.table, c.role, c.field, c.text] for c in r.feedback.comments], [1.3, 1.1, 0.95, "*"])

        add_consequences(self, r.consequences)  # 8. Consequences of the room's decisions (with models only)

        # Appendix A: Improvement plan
        self.section("Appendix A: Improvement plan", landscape=True)
        ip_rows = [[f"{i.core_capability}\n({i.capability})" if i.core_capability else "-", i.area, i.corrective_action, i.element, i.organization, i.poc, i.start,
                    i.completion] for i in r.improvement_plan]
        if not ip_rows:
            ip_rows = [["-", "No area for improvement recorded yet.", "", "", "", "", "", ""]]
        self.table(["Core capability (practice)", "Area for improvement", "Corrective action", "Capability element (POETE)",
                    "Primary responsible organization", "Organization POC", "Start date", "Completion date"],
                   ip_rows, [1.3, "*", "*", 0.95, 1.3, 1.0, 0.85, 0.9])
        self.para("Rows are prefilled from the evaluators' areas for improvement and the hotwash, then replaced or "
                  "extended by the facilitator's edits.", italic=True, size=9)

        self.section("Appendix B: Exercise participants", landscape=False)
        self.table(["Table", "Committees", "Roles at the table", "Decisions"],
                   [[org.name, ", ".join(org.committees), "; ".join(org.roles), str(org.decisions)]
                    for org in o.organizations], [1.6, 1.6, "*", 0.78])
        self.section("Appendix C: Decision log", landscape=True)
        rows = []
        for d in r.decision_log:
            cur = d.versions[-1]
            text: list[tuple[str, dict]] = [(cur.text, {"strike": d.status == "retracted"})]
            muted = {"italic": True, "color": "546E7A"}
            if d.status == "retracted":
                text.append((f"\nRetracted {d.retracted_wall}: {d.retracted_reason}", {"bold": True, "color": "B71C1C"}))
            for label, value in (("Why", cur.rationale), ("Options", cur.options), ("Follow-up", cur.follow_up)):
                if value:
                    text.append((f"\n{label}: {value}", muted))
            for v in d.versions[:-1]:
                text.append((f"\nEarlier version ({v.kind} {v.wall}): ", muted))
                text.append((v.text, {"strike": True, "color": "757575"}))
            owner = cur.owner + (f" ({cur.person}{', ' + cur.role if cur.role else ''})" if cur.person else "")
            rows.append([str(d.decision_id), d.table_name, cur.story,
                         d.status + (", EOP gap" if cur.eop_gap else ""), text, owner, cur.inject,
                         ", ".join(map(str, cur.practices))])
        if not rows:
            rows = [["-", "", "", "", "No decisions logged.", "", "", ""]]
        self.table(["#", "Table", "Story", "Status", "Decision", "Owner", "Inject", "Practices"], rows,
                   [0.4, 1.2, 0.95, 0.95, "*", 1.3, 1.2, 0.78])
        self.section("Appendix D: Event timeline", landscape=True)
        if r.consequences.appendix_note:
            self.para(r.consequences.appendix_note, italic=True, size=9)
        self.table(["Seq", "Wall time", "Story", "Event", "By", "Details"],
                   [[str(e.seq), e.wall, e.story, e.kind, e.actor, e.summary] for e in r.events],
                   [0.45, 1.6, 0.95, 1.3, 1.45, "*"])
        return self._save()

    def _save(self) -> bytes:
        r = self.data
        moment = _moment(r.generated_at)
        cp = self.doc.core_properties
        cp.title = _core_property(("INTERIM - " if r.interim else "") + f"After-Action Report: {r.overview.title}")
        cp.subject = "After-Action Report / Improvement Plan"
        cp.author = "ttx report"
        cp.last_modified_by = "ttx report"
        cp.comments = _core_property(
            f"Generated from session log of scenario {r.overview.scenario_id} v{r.overview.scenario_version}")
        cp.created = moment
        cp.modified = moment
        cp.last_printed = moment
        cp.revision = 1
        raw = io.BytesIO()
        self.doc.save(raw)
        return _fix_zip_times(raw.getvalue(), moment)


_CORE_PROPERTY_LIMIT = 255
"""python-docx refuses longer document properties (a scenario title may be longer; the page shows it whole)."""


def _core_property(text: str) -> str:
    return text if len(text) <= _CORE_PROPERTY_LIMIT else text[: _CORE_PROPERTY_LIMIT - 1] + "…"


def _moment(iso_text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(iso_text)
    except ValueError:
        moment = datetime(2000, 1, 1, tzinfo=timezone.utc)
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _fix_zip_times(blob: bytes, moment: datetime) -> bytes:
    """Rewrite the package with every entry dated `moment`, in the same order: same input, same bytes."""
    stamp = (max(1980, moment.year), moment.month, moment.day, moment.hour, moment.minute, moment.second - moment.second % 2)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(blob)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def report_docx(data: ReportData) -> bytes:
    return _Doc(data).build()

