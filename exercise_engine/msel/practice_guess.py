"""Propose a best practice for an MSEL row that names none, by keyword scoring over its text.

The proposal is only a starting point for the planner: the importer marks it for review in the YAML.
Keywords are the practices' own words plus the terms county MSELs use for the same work.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..model.practices import PRACTICES

KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("incident command", "unified command", "command post", "incident commander", "ics", "eoc",
        "operations center", "in charge", "who leads", "command"),
    2: ("committee", "steering", "subcommittee", "convene", "members"),
    3: ("contact list", "contact", "roster", "call list", "phone list", "24/7", "phone tree", "reach"),
    4: ("friends and relatives", "frc", "reunification", "reunify", "relatives", "families gather", "reception center",
        "looking for", "missing", "where do families go", "lobby"),
    5: ("notification", "notify", "next of kin", "identification", "identify", "medical examiner", "coroner",
        "death", "deceased", "names", "victim list"),
    6: ("media", "press", "pio", "public information", "social media", "rumor", "rumour", "statement", "reporter",
        "news", "press conference", "joint information", "jic", "tweet", "post"),
    7: ("volunteer", "volunteers", "spontaneous", "credential", "self-deploy", "convergent"),
    8: ("family assistance", "fac", "assistance center", "one-stop", "family assistance center"),
    9: ("donation", "donations", "fund", "gofundme", "money", "in-kind", "fundraiser", "cash"),
    10: ("memorial", "vigil", "funeral", "vip", "anniversary", "candles", "flowers", "visit by the governor"),
    11: ("mental health", "behavioral health", "counsel", "counselor", "counseling", "psychological", "trauma",
         "grief", "crisis line", "therapist", "pfa"),
    12: ("first responder", "responder", "cism", "peer support", "debrief", "officers", "dispatcher",
         "stress", "return to duty", "firefighters", "paramedics"),
    13: ("grant", "grants", "funding", "reimburse", "reimbursement", "aeap", "ovc", "fema", "costs", "overtime"),
    14: ("resilience", "resiliency", "long-term", "recovery", "reopen", "reopening", "community cohesion"),
    15: ("court", "trial", "prosecutor", "district attorney", "victim rights", "compensation", "advocate",
         "hearing", "arraignment", "defendant", "investigation"),
    16: ("training", "train", "exercise", "after-action", "aar", "drill", "improvement plan", "lessons learned"),
}


@lru_cache(maxsize=None)
def _patterns() -> tuple[tuple[int, re.Pattern[str]], ...]:
    found = []
    for practice in PRACTICES:
        words = set(KEYWORDS.get(practice.number, ())) | {practice.short.lower()}
        alternatives = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
        found.append((practice.number, re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")))
    return tuple(found)


def propose(text: str) -> tuple[list[int], str]:
    """The practice(s) the text is most about, and why (the words that matched).

    The best-scoring practice, plus the runner-up when it scores as high; practice 1 (incident command)
    when nothing matches, since every MVI inject touches command.
    """
    lowered = text.lower()
    scores = []
    for number, pattern in _patterns():
        hits = pattern.findall(lowered)
        if hits:
            scores.append((len(hits), -number, number, sorted(set(hits))))
    if not scores:
        return [1], "no keyword matched"
    scores.sort(reverse=True)
    chosen = [scores[0][2]] + [s[2] for s in scores[1:2] if s[0] == scores[0][0]]
    words = sorted({w for s in scores if s[2] in chosen for w in s[3]})
    return chosen, "matched " + ", ".join(repr(w) for w in words)
