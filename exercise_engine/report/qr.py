"""QR codes for printed handouts (segno: pure Python, no system libraries, works offline)."""

from __future__ import annotations

import io

import segno

QR_INCHES = 1.3
"""Printed size of a QR code: big enough for a phone camera at arm's length, small beside a form."""


def qr_png(url: str) -> bytes:
    """A black-on-white PNG of the QR code for `url` (medium error correction, so a crease still scans).
    Same input, same bytes."""
    code = segno.make(url, error="m", micro=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=10, border=4)
    return out.getvalue()
