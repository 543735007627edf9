"""Hostile text for the consoles: console markup first, then the report corpus's kinds of trouble.

The report has its own corpus (tests/report/test_hostile_text.py: HTML, Jinja, Markdown, right-to-left,
control characters, 10,000 characters); consoles add Rich/Textual markup, which a terminal treats the way a
browser treats HTML: `[@click=…]` is a live control, `[link=…]` opens a URL, a stray `[/note]` raises.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import yaml

from exercise_engine.loader.loaded import LoadedScenario
from exercise_engine.loader.scenario_loader import load_scenario

MARKUP = [
    "[/note] closes a tag never opened",
    "[@click=screen.control('next_module')]Skip ahead[/]",
    "[@click=app.quit]Quit now[/]",
    "[link=https://example.com/evil]Open me[/link]",
    "[link='https://example.com/evil']Open me too[/link]",
    "[bold red]LOUD[/] and [on yellow]marked[/]",
    "\\[escaped] [b]bold[/b] :warning: [red unclosed",
]
"""Each one is shown as typed; what must be seen literally (and never becomes a link or control)."""
OTHER = [
    "{{ 7*7 }} {% for x in range(3) %}loop{% endfor %}",
    "<script>alert(1)</script> **bold** _em_ `code` | pipe |",
    "مرحبا بكم — 欢迎 — 🎉🕯️",
    "before" + "".join(chr(c) for c in range(0x20) if c not in (9, 10, 13)) + "after",
    ("Ten thousand characters " * 420)[:10_000],
]
CORPUS = MARKUP + OTHER
MARKERS = ["[/note]", "[@click=screen.control('next_module')]", "[@click=app.quit]",
           "[link=https://example.com/evil]", "[bold red]LOUD[/]"]
"""Substrings that prove a MARKUP entry was drawn literally (markup would have eaten them)."""
CLICK_WORDS = ("Skip ahead", "Quit now", "Open me")
"""The words the hostile markup tries to turn into controls or links."""

_DATA = Path(__file__).parent / "data"


def hostile_scenario(folder: Path) -> LoadedScenario:
    """The console snapshot scenario with markup in every planner-written field the consoles show:
    scenario title, table names, objectives, module titles, situations and questions, inject titles,
    senders, narratives, questions, expected actions and notes. (No `{{ }}` there: that is a
    placeholder in scenario files, checked by the loader.)"""
    data = yaml.safe_load((_DATA / "snapshot-scenario.yaml").read_text(encoding="utf-8"))
    marks = iter(MARKUP * 50)
    data["title"] = MARKUP[4] + " " + MARKUP[0]
    for table in data["tables"]:
        table["name"] = next(marks)
    for objective in data["objectives"]:
        objective["text"] = next(marks)
    for module in data["modules"]:
        module["title"] = next(marks)
        module["situation"] = " ".join(MARKUP)
        module["questions"] = [next(marks), next(marks)]
        for inject in module["injects"]:
            inject["title"] = next(marks)
            inject["from"] = next(marks)
            inject["narrative"] = " ".join(MARKUP)
            inject["questions"] = [next(marks)]
            inject["controller_notes"] = next(marks)
            for action in inject.get("expected_actions", []):
                action["text"] = next(marks)
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(_DATA / "community.example.yaml", folder / "community.example.yaml")
    path = folder / "hostile.yaml"
    path.write_text(json.dumps(data, default=str), encoding="utf-8")  # JSON is YAML, and quotes everything
    return load_scenario(path)
