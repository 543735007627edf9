"""Fill `{{ community.name }}`-style placeholders in planner-written text from the community profile.

Only planner-written scenario and library files are rendered, in Jinja2's sandbox, with undefined
names an error: a misspelt placeholder must never turn into a blank in front of participants.
Participant input is never rendered as a template.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment
from pydantic import BaseModel

from ..model.community import CommunityProfile

ROOTS = ("community", "agencies", "venues", "contacts", "story")
_SIMPLE = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}")
_DOTTED = re.compile(r"(?<![\w.])([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+)")
_LISTED = 12


class PlaceholderError(Exception):
    """A placeholder that cannot be filled; `line_offset` counts lines into the text."""

    def __init__(self, message: str, line_offset: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line_offset = line_offset


class Placeholders:
    """Renders text against one community profile (or, without one, only checks the syntax)."""

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
        self._env: SandboxedEnvironment | None = None
        self._cache: dict[str, str] = {}

    @property
    def env(self) -> SandboxedEnvironment:
        if self._env is None:
            self._env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)
        return self._env

    def render(self, text: str) -> str:
        """The text with placeholders filled; raise PlaceholderError naming the first bad one."""
        if "{" not in text:
            return text
        if "{{" not in text and "{%" not in text and "{#" not in text:
            return text
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        simple = _SIMPLE.findall(text)
        if "{%" not in text and "{#" not in text and len(simple) == text.count("{{"):
            rendered = _SIMPLE.sub(lambda m: self._lookup(m.group(1), text, m.start()), text)
        else:
            rendered = self._render_jinja(text)
        self._cache[text] = rendered
        return rendered

    def _lookup(self, dotted: str, text: str, at: int) -> str:
        parts = dotted.split(".")
        offset = text.count("\n", 0, at)
        if parts[0] not in ROOTS:
            hint = _close(parts[0], list(ROOTS))
            maybe = f"did you mean {{{{ {'.'.join([hint, *parts[1:]])} }}}}? " if hint else ""
            raise PlaceholderError(
                f"undefined placeholder {{{{ {dotted} }}}} ({maybe}placeholders start with community, agencies, venues, contacts or story)",
                offset,
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
                    f"undefined placeholder {{{{ {dotted} }}}} ({maybe}community profile has {where}: {listed or 'nothing'})",
                    offset,
                )
            value = value[name] if isinstance(value, dict) else getattr(value, name)
        if value is None:
            raise PlaceholderError(f"placeholder {{{{ {dotted} }}}} has no value in the community profile", offset)
        return str(value)

    def _render_jinja(self, text: str) -> str:
        try:
            template = self.env.from_string(text)
        except TemplateError as exc:
            line = getattr(exc, "lineno", 1) or 1
            raise PlaceholderError(f"placeholder syntax error: {exc.message or exc}", line - 1) from None
        if self.profile is None:
            return text
        try:
            return template.render(self.context)
        except UndefinedError as exc:
            for match in _DOTTED.finditer(text):  # name the culprit the way the simple path does
                if match.group(1).split(".")[0] in ROOTS:
                    self._lookup(match.group(1), text, match.start())
            raise PlaceholderError(f"undefined placeholder: {exc.message}") from None
        except Exception as exc:  # a filter or expression failed on planner text: report it, do not crash
            raise PlaceholderError(f"placeholder could not be filled: {exc}") from None


def _names(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [str(k) for k in value]
    if isinstance(value, BaseModel):
        return list(type(value).model_fields)
    return []


def _close(word: str, names: list[str]) -> str | None:
    found = difflib.get_close_matches(word, names, n=1, cutoff=0.6)
    return found[0] if found else None
