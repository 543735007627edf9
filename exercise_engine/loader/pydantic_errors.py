"""Turn pydantic's validation errors into planner-readable problems at the right line and column.

Messages are chosen by the error's *type* (`missing`, `extra_forbidden`, `enum`, …), never by
pydantic's wording, which changes between versions and speaks to programmers.
"""

from __future__ import annotations

import difflib
import types
import typing
from enum import Enum
from typing import Any, Literal, Union

from pydantic import BaseModel, ValidationError

from .errors import Problem
from .yaml_reader import Loc, YamlDocument

_KIND_OF_VALUE = {
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_parsing": "a number",
    "float_type": "a number",
    "string_type": "text",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "list_type": "a list (lines starting with `- `)",
    "tuple_type": "a list (lines starting with `- `)",
    "set_type": "a list (lines starting with `- `)",
    "dict_type": "a mapping of keys and values",
    "model_type": "a mapping of keys and values",
    "model_attributes_type": "a mapping of keys and values",
    "datetime_parsing": "a date and time such as 2027-06-19T20:40",
    "datetime_type": "a date and time such as 2027-06-19T20:40",
    "datetime_from_date_parsing": "a date and time such as 2027-06-19T20:40",
    "date_parsing": "a date such as 2027-06-19",
    "date_type": "a date such as 2027-06-19",
    "literal_error": "one of the allowed values",
}

_NOUNS = {
    "practices": "best practice",
    "injects": "inject",
    "objectives": "objective",
    "tables": "table",
    "modules": "module",
    "committees": "committee",
    "tags": "tag",
    "to": "table id (or all)",
}

_ID_PATTERN = "^[a-z0-9][a-z0-9-]*$"
_KEY_PATTERN = "^[a-z][a-z0-9_]*$"
_STORY_TIME_HELP = "write an offset from incident start such as T+0, T+45m, T+2h30m, T+3d or T+1d4h"


def problems_from_validation(error: ValidationError, doc: YamlDocument, model: type[BaseModel]) -> list[Problem]:
    """One problem per pydantic error, positioned in `doc`, in file order."""
    raw = error.errors(include_url=False, include_context=True, include_input=True)
    suggested: set[Loc] = set()
    found: list[Problem] = []
    for err in raw:
        if err["type"] == "extra_forbidden":
            loc = _data_loc(err["loc"], doc)
            hint = _did_you_mean(str(loc[-1]), _field_names(model, err["loc"][:-1]))
            if hint:
                suggested.add((*loc[:-1], hint))
    for err in raw:
        loc = _data_loc(err["loc"], doc)
        if err["type"] == "missing" and loc in suggested:
            continue  # "unknown key 'titel' (did you mean 'title'?)" already says it
        found.append(_problem(err, loc, doc, model))
    return sorted(set(found), key=lambda p: (p.line, p.column, p.message))


def _data_loc(loc: tuple[Any, ...], doc: YamlDocument) -> Loc:
    """Drop the parts of pydantic's location that are not in the file (union tags such as 'inline')."""
    data: Any = doc.data
    kept: list[str | int] = []
    for index, part in enumerate(loc):
        if part == "[key]":
            kept.append(part)
            break
        last = index == len(loc) - 1
        if isinstance(data, dict) and isinstance(part, str) and part not in data and not last:
            continue  # a union tag such as 'inline': pydantic's, not the planner's
        if isinstance(data, dict) and isinstance(part, str):
            kept.append(part)
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int):
            kept.append(part)
            data = data[part] if 0 <= part < len(data) else None
        elif data is None or not isinstance(data, (dict, list)):
            kept.append(part)
            data = None
        # else: a union tag or other marker pydantic adds; it is not in the file
    return tuple(kept)


def _problem(err: Any, loc: Loc, doc: YamlDocument, model: type[BaseModel]) -> Problem:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    value = err.get("input")
    field = _field_label(loc)
    if kind == "missing":
        line, column = doc.position(loc[:-1])
        return Problem(str(doc.path), line, column, f"missing required field '{loc[-1]}'")
    if kind == "extra_forbidden":
        line, column = doc.key_position(loc)
        names = _field_names(model, err["loc"][:-1])
        hint = _did_you_mean(str(loc[-1]), names)
        message = f"unknown key '{loc[-1]}'" + (f" (did you mean '{hint}'?)" if hint else "")
        if not hint and names:
            message += f"; allowed keys here: {', '.join(sorted(names))}"
        return Problem(str(doc.path), line, column, message)
    if loc and loc[-1] == "[key]":
        line, column = doc.key_position(loc[:-1])
        message = _message(kind, ctx, loc[-2] if len(loc) > 1 else value, "", model, err["loc"])
        return Problem(str(doc.path), line, column, f"key {message}")
    line, column = doc.position(loc)
    return Problem(str(doc.path), line, column, _message(kind, ctx, value, field, model, err["loc"]))


def _message(kind: str, ctx: dict[str, Any], value: Any, field: str, model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    shown = _show(value)
    about = f"{field}: " if field else ""
    is_practice = any(part in ("practices", "practice") for part in loc if isinstance(part, str))
    if kind == "story_time":
        if isinstance(value, str) and not value.isascii():
            return f"malformed story time {shown}: write it with the digits 0-9; {_STORY_TIME_HELP}"
        return f"malformed story time {shown}: {_STORY_TIME_HELP}"
    if kind == "story_time_number":
        return f"story time {shown} is a bare number: {_STORY_TIME_HELP}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if is_practice:
            return f"best practice {shown} is outside 1–16"
        bound = {"greater_than_equal": "at least", "less_than_equal": "at most", "greater_than": "more than", "less_than": "less than"}[kind]
        limit = next(iter(ctx.values()), "?")
        return f"{about}{shown} must be {bound} {limit}"
    if kind in ("enum", "literal_error"):
        allowed = _allowed_values(model, loc)
        listed = ", ".join(allowed) if allowed else "see the documentation"
        hint = _did_you_mean(str(value), allowed)
        maybe = f" (did you mean '{hint}'?)" if hint else ""
        return f"{about}{shown} is not allowed{maybe}; choose one of: {listed}"
    if kind == "too_short":
        noun = _NOUNS.get(field, "entry")
        return f"{about}needs at least one {noun}"
    if kind == "string_too_short":
        return f"{about}must not be empty"
    if kind in ("too_long", "string_too_long"):
        return f"{about}is too long (at most {ctx.get('max_length', '?')})"
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern")
        if pattern == _ID_PATTERN:
            return f"{about}{shown} is not a valid id: use lowercase letters, digits and hyphens, e.g. frc-opened"
        if pattern == _KEY_PATTERN:
            return f"{about}{shown} is not a valid name: use lowercase letters, digits and underscores, e.g. fire_ems"
        return f"{about}{shown} is not in the expected form"
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        return f"{about}{error}" if error else f"{about}invalid value {shown}"
    if kind in _KIND_OF_VALUE:
        return f"{about}expected {_KIND_OF_VALUE[kind]}, got {shown}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{about}a value of the wrong kind: {shown}"
    return f"{about}invalid value {shown}"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, bool):
        return "true" if value else "false"  # as written in YAML
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def _field_label(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and part != "[key]":
            return part
    return ""


def _did_you_mean(word: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def _type_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """Follow pydantic's error location through the model's annotations to the type found there."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = _model_field(current, part)
            if field is None:
                return None
            current = field.annotation
        elif origin in (list, tuple, set, frozenset) and isinstance(part, int):
            current = typing.get_args(current)[0]
        elif origin is dict and isinstance(part, str):
            current = typing.get_args(current)[1]
        elif origin in (Union, types.UnionType):
            members = [_unwrap(m) for m in typing.get_args(current) if m is not type(None)]
            chosen = _union_member(members, part)
            if chosen is None:
                return None
            current = chosen
            if isinstance(part, str) and _is_union_tag(part):
                continue
            # the part still applies to the chosen member
            sub = _type_at(chosen, (part,))
            current = sub
        else:
            return None
    return _unwrap(current)


def _is_union_tag(part: str) -> bool:
    return part in ("ref", "inline")


def _union_member(members: list[Any], part: Any) -> Any:
    if part == "ref":
        return next((m for m in members if getattr(m, "__name__", "") == "InjectRef"), None)
    if part == "inline":
        return next((m for m in members if getattr(m, "__name__", "") == "Inject"), None)
    for member in members:
        if isinstance(member, type) and issubclass(member, BaseModel) and _model_field(member, part) is not None:
            return member
    models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
    return models[0] if models else None


def _model_field(model: type[BaseModel], name: Any) -> Any:
    for field_name, info in model.model_fields.items():
        if name in (field_name, info.alias):
            return info
    return None


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return _unwrap(args[0])
    return tp


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys a planner may write at `loc` (aliases where a field has one)."""
    target = _type_at(model, loc)
    if isinstance(target, type) and issubclass(target, BaseModel):
        return [info.alias or name for name, info in target.model_fields.items()]
    if typing.get_origin(target) in (Union, types.UnionType):
        names: list[str] = []
        for member in typing.get_args(target):
            member = _unwrap(member)
            if isinstance(member, type) and issubclass(member, BaseModel):
                names += [info.alias or name for name, info in member.model_fields.items()]
        return sorted(set(names))
    return []


def _allowed_values(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    target = _type_at(model, loc)
    if isinstance(target, type) and issubclass(target, Enum):
        return [str(member.value) for member in target]
    if typing.get_origin(target) is Literal:
        return [str(arg) for arg in typing.get_args(target)]
    return []
