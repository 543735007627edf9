"""Writing report and handout files: whole or not at all, with the user's usual permissions.

A temporary file beside the target is renamed over it, so a reader never sees half a file. It is created
with mode 0666 less the user's umask (what any program's new file gets: usually 0644), not 0600 as
`tempfile.mkstemp` would, so colleagues on a shared PC can open the report.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class OutputError(Exception):
    """The output path cannot be used (a folder, a missing folder)."""


def write_file(target: Path, blob: bytes) -> None:
    target = Path(target)
    if target.exists() and target.is_dir():
        raise OutputError(f"{target} is a folder; give a file name")
    if not target.parent.exists():
        raise OutputError(f"{target.parent}: no such folder")
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
