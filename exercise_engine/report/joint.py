"""A joint after-action report: the same scenario played in several rooms, side by side.

`write_joint_report(sessions, out)` refuses sessions of different scenarios or versions (their content
digests differ), writes each room's own HTML report beside the joint one, and writes one HTML page with,
per objective and per inject, each room's rating, decisions and response times, and the improvement plans
merged with the room named on each row. A room is named after its session file (`room-a.ttx` → room-a).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

from .analysis import ReportData, build_report_data
from .evidence import Evidence
from .files import write_file
from .improvement_plan import ImprovementRow
from .inject_answers import inject_answers
from .text import clean, story, utc_now


class JointReportError(Exception):
    """Sessions that cannot share a report (different scenarios or versions, the same file twice)."""


@dataclass(frozen=True)
class Room:
    name: str
    session: str
    report_href: str
    """The room's own report, relative to the joint one."""
    status: str
    decisions: int


@dataclass(frozen=True)
class ObjectiveRow:
    number: int
    text: str
    capabilities: list[str]
    cells: list[dict[str, Any]]
    """Per room: rating, rating_name, strengths, improvements, met, tracked."""


@dataclass(frozen=True)
class InjectRow:
    number: int
    title: str
    story: str
    cells: list[dict[str, Any]]
    """Per room: status (delivered/skipped/pending), decisions, median_minutes, unanswered."""


@dataclass(frozen=True)
class JointPlanRow:
    room: str
    row: ImprovementRow


@dataclass(frozen=True)
class JointReport:
    title: str
    scenario: str
    generated_label: str
    rooms: list[Room]
    objectives: list[ObjectiveRow]
    injects: list[InjectRow]
    plan: list[JointPlanRow]


def _room_name(path: Path, taken: set[str]) -> str:
    name = path.name.removesuffix(".ttx") or path.name
    base, n = name, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


def check_same_scenario(paths: list[Path], states: list[Any]) -> None:
    first = states[0].scenario
    for path, state in zip(paths[1:], states[1:]):
        other = state.scenario
        if other.digest != first.digest:
            raise JointReportError(
                f"{path} is scenario {other.scenario.id} v{clean(other.scenario.version)} and {paths[0]} is "
                f"{first.scenario.id} v{clean(first.scenario.version)}"
                + (" with other content" if other.scenario.id == first.scenario.id
                   and other.scenario.version == first.scenario.version else "")
                + ": a joint report needs sessions of the same scenario and version")


def build_joint(paths: list[Path], states: list[Any], datas: list[ReportData], hrefs: list[str],
                generated_label: str) -> JointReport:
    taken: set[str] = set()
    names = [_room_name(p, taken) for p in paths]
    evs = [Evidence(s) for s in states]
    answers = [inject_answers(ev) for ev in evs]
    rooms = [Room(n, str(p), h, d.status, d.overview.totals["decisions"])
             for n, p, h, d in zip(names, paths, hrefs, datas)]
    objectives = []
    for k, first in enumerate(datas[0].capabilities):
        cells = []
        for d in datas:
            a = d.capabilities[k]
            checks = [x for c in a.expected for x in c.expected if x.status != "not tracked"]
            cells.append({"rating": a.rating, "rating_name": a.rating_name, "strengths": len(a.strengths),
                          "improvements": len(a.improvements), "met": sum(1 for x in checks if x.status == "met"),
                          "tracked": len(checks)})
        objectives.append(ObjectiveRow(first.number, first.objective_text, first.capabilities, cells))
    injects = []
    for n, inject in enumerate(states[0].scenario.injects, start=1):
        cells = []
        for ev, ans in zip(evs, answers):
            istate = ev.state.injects.get(inject.id)
            status = istate.status if istate is not None else "pending"
            info = ans.get(inject.id)
            firsts = [w for w, _ in info.firsts.values()] if info else []
            cells.append({"status": status, "decisions": sum(len(v) for v in ev.answers.get(inject.id, {}).values()),
                          "median_minutes": round(median(firsts), 1) if firsts else None,
                          "unanswered": [ev.table_name(t) for t in info.unanswered] if info else []})
        injects.append(InjectRow(n, clean(inject.title), story(inject.time), cells))
    plan = [JointPlanRow(name, row) for name, d in zip(names, datas) for row in d.improvement_plan]
    plan.sort(key=lambda r: (99 if r.row.practice is None else r.row.practice, r.room))
    return JointReport(datas[0].overview.title, f"{states[0].scenario.scenario.id} v{datas[0].overview.scenario_version}",
                       generated_label, rooms, objectives, injects, plan)


def joint_html(report: JointReport) -> bytes:
    from .render import _css, _html_env

    text = _html_env().get_template("joint.html.j2").render(j=report, css=_css())
    return text.encode("utf-8")


def write_joint_report(sessions: list[str | os.PathLike[str]], out: str | os.PathLike[str],
                       generated_at: datetime | None = None, time_zone: str | None = None) -> list[Path]:
    """Write each room's report and the joint report; returns the paths (joint last)."""
    from .render import load_state, render_data

    paths = [Path(s) for s in sessions]
    resolved = [p.resolve() for p in paths]
    if len(set(resolved)) != len(resolved):
        raise JointReportError("the same session file is given twice")
    target = Path(out)
    states = [load_state(p) for p in paths]
    check_same_scenario(paths, states)
    moment = generated_at or utc_now()
    datas = [build_report_data(s, moment, time_zone) for s in states]
    taken: set[str] = set()
    written, hrefs = [], []
    for path, data in zip(paths, datas):
        own = target.with_name(f"{target.stem}.{_room_name(path, taken)}.html")
        write_file(own, render_data(data, "html"))
        written.append(own)
        hrefs.append(own.name)
    joint = build_joint(paths, states, datas, hrefs, datas[0].generated_label)
    write_file(target, joint_html(joint))
    written.append(target)
    return written

