"""The report as JSON: every number and text the other formats show, from the same ReportData."""

from __future__ import annotations

import json

from .analysis import ReportData

SCHEMA_VERSION = 1


def report_json(data: ReportData) -> bytes:
    """Stable bytes: keys in declaration order, two-space indent, UTF-8, trailing newline."""
    payload = {"report_schema": SCHEMA_VERSION, **data.to_dict()}
    return (json.dumps(payload, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
