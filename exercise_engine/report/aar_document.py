"""The after-action report as a `Document` in HSEEP's order, for the PDF (`ttx report --format pdf`).

Sections follow the HTML and Word reports: cover and handling instructions, executive summary, overview,
analysis of core capabilities (strengths and areas for improvement as observation, reference, analysis,
recommendation; expected actions beside what the room decided), scorecard, timeline, analysis by
practice, EOP annex plan, feedback, consequences of the room's decisions (with models), then Appendix A improvement plan, B participants, C decision log, D event timeline.
"""

from __future__ import annotations

from datetime import datetime, timezone

from .analysis import ReportData
from .capability_analysis import HseepFinding, expected_lines
from .consequence_report import document_blocks as consequence_blocks
from .doc_pdf import document_pdf
from .document import Bullets, Document, Heading, PageBreak, Para, Picture, Table
from .timeline_png import timeline_png


def _finding(f: HseepFinding) -> list:
    return [Heading(f.title, 3),
            Para(f.observation, label="Observation:"), Para(f.reference, label="Reference:"),
            Para(f.analysis, label="Analysis:"), Para(f.recommendation, label="Recommendation:"),
            Para(f"Source: {f.source}", style="meta")]


def _overview(r: ReportData) -> list:
    o = r.overview
    poc = o.point_of_contact
    rows = [
        ["Exercise name", o.title], ["Status", o.status],
        ["Exercise dates", o.wall_start + (f" to {o.wall_end}" if o.wall_end else "")],
        ["Duration", (f"{o.duration_minutes:.0f} minutes of play" if o.duration_minutes is not None else "not started")
         + f" (planned {o.planned_minutes} minutes)"],
        ["Story covered", f"{o.story_start} to {o.story_end}"
         + (f" ({o.story_start_date} to {o.story_end_date})" if o.story_start_date else "")],
        ["Scope", o.scope], ["Mission areas", ", ".join(o.mission_areas)],
        ["Core capabilities", "; ".join(dict.fromkeys(c for obj in o.objectives for c in obj.capabilities))],
        ["Threat / hazard", o.threat_hazard], ["Scenario", o.summary], ["Sponsor", o.sponsor],
        ["Participating organizations", "; ".join(org.name for org in o.organizations)],
        ["Point of contact", ", ".join(x for x in (poc.name, poc.title, poc.organization, poc.phone, poc.email) if x)],
    ]
    return [
        Heading("1. Exercise overview"), Table(["Item", "Details"], rows, [1.7, "*"], keyvalue=True),
        Heading("Objectives, core capabilities and practices", 2),
        Table(["#", "Objective", "Core capabilities", "Practices"],
              [[str(x.number), x.text, "; ".join(x.capabilities), ", ".join(map(str, x.practices))]
               for x in o.objectives], [0.3, "3*", "2*", 0.8]),
        Heading("Modules", 2),
        Table(["#", "Module", "Story time", "Planned min", "Actual min", "Injects", "Decisions"],
              [[str(i + 1), m.title, f"{m.story_start} to {m.story_end}", str(m.planned_minutes),
                "-" if m.actual_minutes is None else f"{m.actual_minutes:.0f}",
                f"{m.injects_delivered} ({m.injects_skipped} skipped)", str(m.decisions)]
               for i, m in enumerate(o.modules)], [0.3, "*", 1.4, 0.75, 0.7, 0.9, 0.75]),
    ]


def _analysis(r: ReportData) -> list:
    blocks: list = [PageBreak(), Heading("2. Analysis of core capabilities"),
                    Para("Each objective with the core capabilities it tests and the evaluators' rating, then "
                         "strengths and areas for improvement, then the expected actions beside what the room decided.",
                         style="meta")]
    rows = []
    for a in r.capabilities:
        for k, cap in enumerate(a.capabilities):
            rows.append([f"{a.number}. {a.objective_text}" if k == 0 else "", cap,
                         f"{a.rating or '-'} {a.rating_name}" if k == 0 else ""])
    blocks.append(Table(["Objective", "Core capability", "Rating"], rows, ["3*", "2*", 1.6]))
    for level, text in r.rating_definitions.items():
        blocks.append(Para(text, label=f"{level}:", style="meta"))
    for a in r.capabilities:
        blocks += [Heading(f"Objective {a.number}: {a.objective_text}", 2),
                   Para(f"Core capabilities: {'; '.join(a.capabilities)} \u00b7 Practices: {'; '.join(a.practices)}"
                        f" \u00b7 Rating: {a.rating or '-'} ({a.rating_name})", style="meta")]
        if a.rating_notes:
            blocks.append(Bullets(a.rating_notes))
        if a.strengths:
            blocks.append(Heading("Strengths", 3))
            for f in a.strengths:
                blocks += _finding(f)
        if a.improvements:
            blocks.append(Heading("Areas for improvement", 3))
            for f in a.improvements:
                blocks += _finding(f)
        if a.expected:
            blocks += [Heading("Expected actions and what the room decided", 3),
                       Table(["Inject", "Expected actions (seen or not)", "What the room decided"],
                             [[f"{c.inject_number}. {c.title}" + (f" ({c.delivered_story})" if c.delivered_story else ""),
                               expected_lines(c), "\n".join(c.decided) or "No decision."]
                              for c in a.expected], [1.5, "*", "*"])]
        if not (a.rating_notes or a.strengths or a.improvements or a.expected):
            blocks.append(Para("No rating, observation or delivered inject for this objective yet.", style="meta"))
    return blocks


def report_document(r: ReportData) -> Document:
    o = r.overview
    e = r.executive_summary
    doc = Document(title=("INTERIM - " if r.interim else "") + o.title, kind="After-Action Report / Improvement Plan",
                   subtitle=f"{o.community} \u00b7 {o.wall_start}" + (f" to {o.wall_end}" if o.wall_end else ""),
                   marking=("INTERIM REPORT - " + r.status) if r.interim else "FOR OFFICIAL USE: HANDLE PER THE INSTRUCTIONS INSIDE",
                   audience="controller" if r.interim else "participant")
    doc.add(Heading("Handling instructions"), Para(r.handling),
            Para(f"Wall times are in {o.time_zone}. Generated {r.generated_label} from the session log "
                 f"({o.totals['events']} events).", style="meta"),
            Heading("Executive summary"), Para(e.overview),
            Heading("Top strengths", 2), Bullets(e.strengths or ["None recorded yet."]),
            Heading("Top areas for improvement", 2), Bullets(e.improvements or ["None recorded yet."]),
            Heading("EOP annex gaps", 2), Bullets(e.eop_gaps or ["No decision was flagged as an EOP gap."]))
    doc.add(PageBreak(), *_overview(r), *_analysis(r))
    doc.add(PageBreak(landscape=True), Heading("3. Best-practice scorecard"),
            Table(["", "#", "Best practice", "Injects", "Decisions", "Tables", "Unanswered", "Late", "EOP gaps", "Rating"],
                  [["", str(x.number), x.name, str(x.injects_delivered), str(x.decisions), str(x.tables_responding),
                    str(x.unanswered_injects), str(x.late_injects), str(x.eop_gaps), f"{x.rating} {x.rating_name}".strip()]
                   for x in r.scorecard],
                  [0.2, 0.35, "*", 0.65, 0.75, 0.6, 0.9, 0.5, 0.75, 1.9],
                  fills=[x.rating_color for x in r.scorecard]))
    doc.add(Heading("4. Timeline"), Picture(timeline_png(r.timeline, f"Timeline: {o.title}"),
                                            "Story time left to right, one band per module; lower panel: wall-clock "
                                            "minutes elapsed (solid) against the planned agenda (dashed)."))
    doc.add(PageBreak(), Heading("5. Analysis by best practice"))
    for p in r.practices:
        doc.add(Heading(f"{p.number}. {p.name}", 2),
                Para(f"Rating: {p.rating or '-'} ({p.rating_name}) \u00b7 {len(p.decisions)} decisions", style="meta"))
        for heading, items in (("Strengths", p.strengths), ("Areas for improvement", p.improvements)):
            if items:
                doc.add(Para(heading, style="meta"), Bullets([
                    f"{f.text} ({'evaluator' if f.source == 'observation' else 'hotwash'}: {f.who})" for f in items]))
        if p.unanswered:
            doc.add(Para("Unanswered injects", style="meta"), Bullets([
                f"{c.inject} \u201c{c.title}\u201d (delivered {c.delivered_story}): no decision from {', '.join(c.tables)}"
                for c in p.unanswered]))
        if p.late:
            doc.add(Para("Late injects", style="meta"), Bullets([
                f"{c.inject} \u201c{c.title}\u201d (delivered {c.delivered_story}): first answer after "
                f"{c.minutes_to_answer:.0f} min (allowed {c.allowed_minutes})" if c.minutes_to_answer is not None
                else f"{c.inject} \u201c{c.title}\u201d" for c in p.late]))
    if not r.practices:
        doc.add(Para("No practice was exercised yet.", style="meta"))
    doc.add(PageBreak(), Heading("6. EOP annex update plan"))
    for g in r.eop_plan:
        doc.add(Heading(f"{g.practice}. {g.name}" if g.practice else g.name, 2),
                Table(["#", "Table", "Story", "What was decided", "Owner", "Follow-up"],
                      [[f"#{x.decision_id}", x.table_name, x.story, x.text + (f"\nWhy: {x.rationale}" if x.rationale else ""),
                        x.owner, x.follow_up + (f" (by {x.follow_up_due})" if x.follow_up_due else "")]
                       for x in g.entries], [0.45, 1.1, 0.9, "*", 1.1, 1.2]))
    if not r.eop_plan:
        doc.add(Para("No decision was flagged as an EOP gap.", style="meta"))
    f = r.feedback
    doc.add(Heading("7. Participant feedback"),
            Para(f"{f.forms} feedback forms. Scale 1 (strongly disagree) to 5 (strongly agree)."),
            Table(["Statement", "n", "Mean", "1", "2", "3", "4", "5"],
                  [[q.text, str(q.n), f"{q.mean:.2f}" if q.mean is not None else "-", *map(str, q.counts)]
                   for q in f.questions], ["*", 0.35, 0.55, 0.32, 0.32, 0.32, 0.32, 0.32]))
    if f.comments:
        doc.add(Table(["Table", "Role", "About", "Comment"], [[c.table, c.role, c.field, c.text] for c in f.comments],
                      [1.3, 1.1, 0.95, "*"]))
    doc.add(*consequence_blocks(r.consequences))
    doc.add(PageBreak(landscape=True), Heading("Appendix A: Improvement plan"),
            Table(["Core capability", "Issue / area for improvement", "Corrective action", "Capability element (POETE)",
                   "Primary responsible organization", "Organization POC", "Start date", "Completion date"],
                  [[f"{i.core_capability}\n({i.capability})" if i.core_capability else "-", i.area, i.corrective_action,
                    i.element, i.organization, i.poc, i.start, i.completion] for i in r.improvement_plan]
                  or [["-", "No area for improvement recorded yet.", "", "", "", "", "", ""]],
                  [1.4, "*", "*", 0.95, 1.3, 1.0, 0.8, 0.85]))
    doc.add(PageBreak(), Heading("Appendix B: Exercise participants"),
            Table(["Table", "Committees", "Roles at the table", "Decisions"],
                  [[org.name, ", ".join(org.committees), "; ".join(org.roles), str(org.decisions)]
                   for org in o.organizations], [1.6, 1.5, "*", 0.75]))
    rows = []
    for d in r.decision_log:
        cur = d.versions[-1]
        text = cur.text + (f"\nRetracted {d.retracted_wall}: {d.retracted_reason}" if d.status == "retracted" else "")
        text += "".join(f"\n{label}: {v}" for label, v in (("Why", cur.rationale), ("Follow-up", cur.follow_up)) if v)
        rows.append([str(d.decision_id), d.table_name, cur.story, d.status + (", EOP gap" if cur.eop_gap else ""),
                     text, cur.owner, cur.inject, ", ".join(map(str, cur.practices))])
    doc.add(PageBreak(landscape=True), Heading("Appendix C: Decision log"),
            Table(["#", "Table", "Story", "Status", "Decision", "Owner", "Inject", "Practices"],
                  rows or [["-", "", "", "", "No decisions logged.", "", "", ""]],
                  [0.4, 1.2, 0.9, 0.95, "*", 1.3, 1.2, 0.78]))
    doc.add(PageBreak(landscape=True), Heading("Appendix D: Event timeline"),
            *([Para(r.consequences.appendix_note, style="meta")] if r.consequences.appendix_note else []),
            Table(["Seq", "Wall time", "Story", "Event", "By", "Details"],
                  [[str(x.seq), x.wall, x.story, x.kind, x.actor, x.summary] for x in r.events],
                  [0.45, 1.6, 0.9, 1.3, 1.4, "*"]))
    return doc


def report_pdf(r: ReportData) -> bytes:
    try:
        created = datetime.fromisoformat(r.generated_at)
    except ValueError:
        created = datetime(2000, 1, 1, tzinfo=timezone.utc)
    return document_pdf(report_document(r), created)
