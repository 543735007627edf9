"""Fill `{{ community.name }}`-style placeholders in planner-written text from the community profile.

A placeholder is only ever a look-up: `{{ root.key }}` or a dotted path such as
`{{ venues.frc.name }}` or `{{ contacts.pio.name }}`, followed through the profile's own keys and
fields. Nothing is evaluated: no template engine runs, so filters, calls, arithmetic, loops and
`{% %}` blocks are errors naming the placeholder, and an unknown name is an error too (a misspelt
placeholder must never turn into a blank, a Python value or a hang in front of participants).
Participant input is never filled at all.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel

from ..model.community import CommunityProfile

ROOTS = ("community", "agencies", "venues", "contacts", "story")
_OPENERS = re.compile(r"\{\{|\{%|\{#")
_PLACEHOLDER = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*", re.ASCII)
_LISTED = 12
_SHOWN = 60
_ONLY_LOOKUPS = "placeholders only look up the community profile, such as {{ venues.frc.name }}"


class PlaceholderError(Exception):
    """Placeholders that cannot be filled: `messages` names each (the first is `message`)."""

    def __init__(self, messages: list[str] | str, line_offset: int = 0) -> None:
        self.messages = [messages] if isinstance(messages, str) else list(messages)
        self.message = self.messages[0]
        self.line_offset = line_offset
        super().__init__("\n".join(self.messages))


class Placeholders:
    """Fills text from one community profile (or, without one, checks each placeholder's form and root)."""

    def __init__(self, profile: CommunityProfile | None) -> None:
        self.profile = profile
        self.context: dict[str, Any] = (
            {}
            if profile is None
            else {
                "community": profile.community,
                "agencies": profile.agencies,
                "venues": profile.venues,
                "contacts": profile.contacts,
                "story": profile.story,
            }
        )
        self._cache: dict[str, str] = {}

    def render(self, text: str) -> str:
        """The text with placeholders filled; raise PlaceholderError naming every bad one."""
        if "{" not in text or not _OPENERS.search(text):
            return text
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        problems: list[str] = []
        pieces: list[str] = []
        at = 0
        for match in _PLACEHOLDER.finditer(text):
            pieces.append(text[at:match.start()])
            problems += _stray_blocks(text[at:match.start()])
            pieces.append(self._fill(match.group(0), match.group(1).strip(), problems))
            at = match.end()
        rest = text[at:]
        problems += _stray_blocks(rest)
        if problems:
            raise PlaceholderError(_one_block_each(problems))
        rendered = "".join(pieces) + rest
        self._cache[text] = rendered
        return rendered

    def _fill(self, written: str, inner: str, problems: list[str]) -> str:
        if not _PATH.fullmatch(inner):
            problems.append(f"placeholder {_show(written)} is not allowed: {_ONLY_LOOKUPS} "
                            "(no filters, calls, arithmetic or other expressions)")
            return written
        try:
            return self._lookup(inner)
        except PlaceholderError as exc:
            problems += exc.messages
            return written

    def _lookup(self, dotted: str) -> str:
        parts = dotted.split(".")
        if parts[0] not in ROOTS:
            hint = _close(parts[0], list(ROOTS))
            maybe = f"did you mean {{{{ {'.'.join([hint, *parts[1:]])} }}}}? " if hint else ""
            raise PlaceholderError(
                f"undefined placeholder {{{{ {dotted} }}}} ({maybe}placeholders start with community, agencies, venues, contacts or story)"
            )
        if self.profile is None:
            return "{{ " + dotted + " }}"  # nothing to check against; the root is known
        value: Any = self.context[parts[0]]
        for depth, name in enumerate(parts[1:], start=1):
            names = _names(value)
            if name not in names:
                where = ".".join(parts[:depth])
                hint = _close(name, names)
                maybe = f"did you mean {{{{ {where}.{hint} }}}}? " if hint else ""
                listed = ", ".join(names[:_LISTED]) + (", …" if len(names) > _LISTED else "")
                raise PlaceholderError(
                    f"undefined placeholder {{{{ {dotted} }}}} ({maybe}community profile has {where}: {listed or 'nothing'})"
                )
            value = value[name] if isinstance(value, dict) else getattr(value, name)
        if value is None:
            raise PlaceholderError(f"placeholder {{{{ {dotted} }}}} has no value in the community profile")
        if isinstance(value, dict):
            listed = ", ".join(list(value)[:_LISTED]) + (", …" if len(value) > _LISTED else "")
            raise PlaceholderError(
                f"placeholder {{{{ {dotted} }}}} names a group, not one value; name one of its keys: {listed or 'none'}"
            )
        return str(value)  # a venue, contact or the community reads as its name


def _stray_blocks(text: str) -> list[str]:
    """`{% … %}` blocks, `{# … #}` comments and unclosed `{{` outside any whole placeholder."""
    found = []
    for match in _OPENERS.finditer(text):
        opener = match.group(0)
        closer = {"{{": "}}", "{%": "%}", "{#": "#}"}[opener]
        end = text.find(closer, match.end())
        written = text[match.start(): end + 2] if end >= 0 else text[match.start():]
        if opener == "{{":
            found.append(f"placeholder {_show(written)} is not closed with }}}}")
        else:
            found.append(f"{_show(written)} is not allowed: {_ONLY_LOOKUPS} (no {{% %}} blocks or {{# #}} comments)")
    return found


def _one_block_each(problems: list[str]) -> list[str]:
    """Each message once, and only the first `{% %}` block of a text (a loop is one mistake, not four)."""
    kept: list[str] = []
    for message in problems:
        if message in kept or (message.startswith("{") and any(k.startswith("{") for k in kept)):
            continue
        kept.append(message)
    return kept


def _show(written: str) -> str:
    flat = " ".join(written.split())
    return flat if len(flat) <= _SHOWN else flat[: _SHOWN - 1] + "…"


def _names(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, BaseModel):
        return list(type(value).model_fields)
    return []


def _close(word: str, names: list[str]) -> str | None:
    found = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return found[0] if found else None
