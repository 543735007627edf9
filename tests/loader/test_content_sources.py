"""Every fact about a real incident in the bundled content cites a source listed in docs/sources.md.

Controllers read these notes aloud to rooms that include people who lived through such events; an
unsourced or misattributed "lesson" costs the exercise its credibility (issue 13, item 6).
"""

from __future__ import annotations

import re

import pytest

from exercise_engine.loader import load_library, load_scenario

from .helpers import ROOT

SOURCES = ROOT / "docs" / "sources.md"
CITATION = re.compile(r"\(sources?: ([^)]*)\)")
KEY_ROW = re.compile(r"^\| `([a-z0-9-]+)` \|", re.MULTILINE)
REAL_INCIDENT = re.compile(
    r"\b(Uvalde|Parkland|Stoneman|Las Vegas|Orlando|Pulse|Newtown|Sandy Hook|Aurora|Boston|San Bernardino|"
    r"Oklahoma City|Virginia Tech|Joplin|Columbine|Highland Park|Charleston|Buffalo|OneOrlando|Oxford)\b"
)
LESSON = re.compile(r"\blesson\s*(\(|:)", re.IGNORECASE)


def _source_keys() -> set[str]:
    return set(KEY_ROW.findall(SOURCES.read_text(encoding="utf-8")))


def _cited(text: str) -> list[str]:
    return [key.strip() for group in CITATION.findall(text) for key in re.split(r"[;,]", group) if key.strip()]


def _all_injects():
    entries = load_library(sorted(ROOT.glob("injects/bp*.yaml"))).entries
    found = {e.inject.id: e.inject for e in entries.values()}
    for path in sorted(ROOT.glob("scenarios/*.yaml")):
        if path.name.startswith("community"):
            continue
        for inject in load_scenario(path).injects:
            found.setdefault(inject.id, inject)
    return list(found.values())


def test_the_source_list_has_keys() -> None:
    keys = _source_keys()
    assert {"doj-uvalde-cir-2024", "parkland-2018", "ovc-aeap", "fcc-988-georouting-2024"} <= keys


def test_a_note_that_names_a_real_incident_or_a_lesson_cites_a_source() -> None:
    uncited = []
    for inject in _all_injects():
        for field in ("controller_notes", "evaluator_notes"):
            text = getattr(inject, field)
            if (REAL_INCIDENT.search(text) or LESSON.search(text)) and not _cited(text):
                uncited.append(f"{inject.id}.{field}: {text[:90]}…")
    assert not uncited, "notes stating a fact or lesson without (source: key):\n" + "\n".join(uncited)


def test_every_cited_key_is_in_the_source_list() -> None:
    keys = _source_keys()
    texts = [p.read_text(encoding="utf-8") for p in [*ROOT.glob("injects/*.yaml"), *ROOT.glob("scenarios/*.yaml")]]
    cited = {key for text in texts for key in _cited(text)}
    assert cited, "no citations found at all: the check would be vacuous"
    assert not cited - keys, f"cited keys missing from docs/sources.md: {sorted(cited - keys)}"


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        (r"count as local match", "local match is a FEMA Public Assistance notion; no declaration here (fema-pa-declaration)"),
        (r"routing calls from our area code", "988 georoutes wireless calls since 2024 (fcc-988-georouting-2024)"),
        (r"Parkland and Uvalde reviews found that .nobody seemed", "'nobody seemed to be in charge' is Parkland's"),
        (r"national mass violence center for surge advocates", "the NMVVRC does not supply surge advocates (nmvvrc)"),
    ],
)
def test_known_factual_errors_stay_fixed(pattern: str, why: str) -> None:
    for path in [*ROOT.glob("injects/*.yaml"), *ROOT.glob("scenarios/*.yaml")]:
        assert not re.search(pattern, path.read_text(encoding="utf-8"), re.IGNORECASE), f"{path.name}: {why}"
