"""Section 2 of the Word report, HSEEP's analysis of core capabilities: the summary table, then per
objective its rating, strengths and areas for improvement (observation, reference, analysis,
recommendation) and the expected actions beside what the room decided."""

from __future__ import annotations

from typing import Any

from .analysis import ReportData
from .capability_analysis import expected_lines
from .text import clean


def write_capability_analysis(w: Any, r: ReportData) -> None:
    """Write the section with the report writer `w` (docx_writer._Doc: section, table, label, para)."""
    w.section("2. Analysis of core capabilities", landscape=False)
    rows = []
    for a in r.capabilities:
        for k, cap in enumerate(a.capabilities):
            rows.append([f"{a.number}. {a.objective_text}" if k == 0 else "", cap,
                         f"{a.rating or '-'} {a.rating_name}" if k == 0 else ""])
    w.table(["Objective", "Core capability", "Rating"], rows, ["3*", "2*", 1.6])
    for a in r.capabilities:
        w.doc.add_heading(f"Objective {a.number}: {a.objective_text}", level=2)
        w.subline(a.rating, a.rating_name, f"Core capabilities: {'; '.join(a.capabilities)}; "
                  f"practices {'; '.join(a.practices)}")
        for note in a.rating_notes:
            w.doc.add_paragraph(clean(note), style="List Bullet")
        for heading, items in (("Strengths", a.strengths), ("Areas for improvement", a.improvements)):
            if items:
                w.doc.add_heading(heading, level=3)
            for f in items:
                w.label(f.title)
                for label, text in (("Observation", f.observation), ("Reference", f.reference),
                                    ("Analysis", f.analysis), ("Recommendation", f.recommendation)):
                    p = w.doc.add_paragraph()
                    p.add_run(f"{label}: ").bold = True
                    p.add_run(clean(text))
                w.para(f"Source: {f.source}", italic=True, color="546E7A", size=8.5)
        if a.expected:
            w.doc.add_heading("Expected actions and what the room decided", level=3)
            w.table(["Inject", "Expected actions (seen or not)", "What the room decided"],
                       [[f"{c.inject_number}. {c.title}" + (f" ({c.delivered_story})" if c.delivered_story else ""),
                         expected_lines(c), "\n".join(c.decided) or "No decision."] for c in a.expected],
                       [1.5, "*", "*"])
        if not (a.rating_notes or a.strengths or a.improvements or a.expected):
            w.para("No rating, observation or delivered inject for this objective yet.", italic=True)

