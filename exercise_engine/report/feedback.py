"""Section 7, the participant feedback summary: the rated questions (1 to 5) and the written comments."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.records import FEEDBACK_QUESTIONS
from .evidence import Evidence
from .text import clean

COMMENT_FIELDS = ("strengths", "improvements", "comments")


@dataclass(frozen=True)
class FeedbackQuestion:
    id: str
    text: str
    n: int
    mean: float | None
    counts: list[int]
    """How many answered 1, 2, 3, 4, 5."""


@dataclass(frozen=True)
class FeedbackComment:
    table: str
    role: str
    field: str
    """strengths | improvements | comments"""
    text: str


@dataclass(frozen=True)
class FeedbackSummary:
    forms: int
    questions: list[FeedbackQuestion]
    comments: list[FeedbackComment]


def build_feedback(ev: Evidence) -> FeedbackSummary:
    """Answers outside 1–5 are left out of the counts and means."""
    forms = [f for _, f in ev.state.feedback]
    questions = []
    for qid, text in FEEDBACK_QUESTIONS.items():
        values = [f.ratings[qid] for f in forms if qid in f.ratings and 1 <= f.ratings[qid] <= 5]
        counts = [values.count(v) for v in range(1, 6)]
        questions.append(FeedbackQuestion(qid, text, len(values),
                                          round(sum(values) / len(values), 2) if values else None, counts))
    comments = []
    for f in forms:
        for name in COMMENT_FIELDS:
            text = clean(getattr(f, name))
            if text.strip():
                comments.append(FeedbackComment(ev.table_name(f.table) if f.table else "", clean(f.role), name, text))
    return FeedbackSummary(forms=len(forms), questions=questions, comments=comments)
