"""Markdown escaping: participant text shown literally by GitHub, GitLab and CommonMark viewers.

Text becomes one inline run: newlines turn into `<br>` (tables cannot hold line breaks otherwise),
markup characters are backslash-escaped, `<`, `>` become entities so no raw HTML survives, and a
leading `#`, `>`, `-`, `+` or `1.` cannot start a block.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]|~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_BLOCK_MARK = re.compile(r"^(\s*)([#+=-])(?=[#+=-]*(\s|$))")
_LIST_NUMBER = re.compile(r"^(\s*\d+)([.)])(?=\s|$)")


class Raw(str):
    """Markdown we wrote ourselves (links, `<br>`); the finalizer passes it through unescaped."""


def md_escape(value: object) -> str:
    """Escape one value for inline Markdown (cells, list items, paragraphs)."""
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = str(value)
    if not text:
        return ""
    text = _ENTITY.sub("&amp;", text)
    text = _INLINE.sub(r"\\\1", text)
    text = text.replace("<", "&lt;").replace(">", "&gt;")
    lines = [line.strip() for line in text.split("\n")]
    lines = [_LIST_NUMBER.sub(r"\1\\\2", _BLOCK_MARK.sub(r"\1\\\2", line)) for line in lines]
    return "<br>".join(line for line in lines) if len(lines) > 1 else lines[0]
