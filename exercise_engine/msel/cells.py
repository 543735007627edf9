"""How inject fields are written in MSEL cells, both ways: export writes with `format_*`, import reads
with `parse_*`, so a cell written by one is read back the same by the other.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

import yaml

from ..model.core_capabilities import CORE_CAPABILITIES, core_capability
from ..model.inject import Condition, Delivery, ExpectedAction, InjectType
from ..model.practices import PRACTICES
from ..model.story_time import format_story_time

LIST_SPLIT = re.compile(r"[,;\n]+")
BULLET = re.compile(r"^\s*(?:[-*•·▪‣]|\d{1,2}[.)]|[a-z][.)])\s+")
TAG_SUFFIX = re.compile(r"\s*\[tag:\s*([a-z0-9][a-z0-9-]*)\s*\]\s*$")

METHODS: dict[str, Delivery] = {
    "phone": Delivery.phone, "phone call": Delivery.phone, "telephone": Delivery.phone, "call": Delivery.phone,
    "voicemail": Delivery.phone, "cell": Delivery.phone, "email": Delivery.email, "e-mail": Delivery.email,
    "radio": Delivery.radio, "text message": Delivery.text_message, "text": Delivery.text_message,
    "sms": Delivery.text_message, "media": Delivery.media, "news": Delivery.media, "tv": Delivery.media,
    "television": Delivery.media, "press": Delivery.media, "newspaper": Delivery.media, "news report": Delivery.media,
    "social media": Delivery.social_media, "social": Delivery.social_media, "twitter": Delivery.social_media,
    "facebook": Delivery.social_media, "x": Delivery.social_media, "post": Delivery.social_media,
    "in person": Delivery.in_person, "face to face": Delivery.in_person, "verbal": Delivery.in_person,
    "walk-in": Delivery.in_person, "runner": Delivery.in_person, "document": Delivery.document,
    "memo": Delivery.document, "paper": Delivery.document, "handout": Delivery.document, "fax": Delivery.document,
    "letter": Delivery.document, "written": Delivery.document, "video": Delivery.video,
    "facilitator": Delivery.facilitator, "controller": Delivery.facilitator, "read aloud": Delivery.facilitator,
    "sim cell": Delivery.facilitator, "simcell": Delivery.facilitator, "simcell/controller": Delivery.facilitator,
    "verbal/facilitator": Delivery.facilitator,
}
TYPES: dict[str, InjectType] = {
    "standard": InjectType.standard, "scheduled": InjectType.standard, "expected": InjectType.standard,
    "planned": InjectType.standard, "contingency": InjectType.contingency, "backup": InjectType.contingency,
    "contingent": InjectType.contingency, "contingency/backup": InjectType.contingency, "held": InjectType.contingency,
    "reserve": InjectType.contingency, "conditional": InjectType.conditional, "branch": InjectType.conditional,
    "conditional/branch": InjectType.conditional, "consequence": InjectType.consequence,
}
ALL_WORDS = frozenset({"all", "all players", "all tables", "everyone", "all participants", "plenary", "all groups"})


def slug(text: Any, limit: int = 60) -> str:
    """Lowercase words joined by hyphens, as scenario ids are written (`Victim Services` → `victim-services`)."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:limit].strip("-")


def split_list(text: str) -> list[str]:
    return [part.strip() for part in LIST_SPLIT.split(text) if part.strip()]


def lines(text: str) -> list[str]:
    """One item per line, bullets and numbering removed."""
    return [BULLET.sub("", line).strip() for line in str(text).splitlines() if BULLET.sub("", line).strip()]


def format_actions(actions: list[ExpectedAction]) -> str:
    return "\n".join(a.text + (f" [tag: {a.tag}]" if a.tag else "") for a in actions)


def parse_actions(text: str) -> list[dict[str, str]]:
    found = []
    for line in lines(text):
        match = TAG_SUFFIX.search(line)
        found.append({"text": line[: match.start()].strip(), "tag": match[1]} if match else {"text": line})
    return [a for a in found if a["text"]]


def format_practices(practices: list[int]) -> str:
    return ", ".join(str(n) for n in practices)


def parse_practices(text: str) -> list[int]:
    """`4, 1`, `BP4`, `Practice 4 - FRC`, `FRC; Notification` → practice numbers; ValueError for a word
    that names none."""
    found: list[int] = []
    for part in split_list(str(text)):
        match = re.match(r"^(?:bp|best practice|practice|#)?\s*(\d{1,2})\b", part.lower())
        number = int(match[1]) if match else None
        if number is None:
            key = part.lower().strip()
            number = next((p.number for p in PRACTICES if key in (p.short.lower(), p.name.lower())), None)
        if number is None or not 1 <= number <= 16:
            raise ValueError(f"{part!r} is not a best practice (write 1–16 or a practice's name)")
        if number not in found:
            found.append(number)
    return found


def _capability_key(text: str) -> str:
    """Letters and digits only, a remark in brackets left out: `Mass Care Services (Response)` → `masscareservices`."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"\([^)]*\)?", "", text).lower().replace("&", "and"))


_CAPABILITIES = {_capability_key(c.name): c.id for c in CORE_CAPABILITIES} | {
    _capability_key(c.id): c.id for c in CORE_CAPABILITIES}


def format_capabilities(capability_ids: list[str] | tuple[str, ...]) -> str:
    """FEMA's names, as planners write them: `Operational Coordination; Mass Care Services` (semicolons:
    some names hold commas)."""
    return "; ".join(core_capability(c).name for c in capability_ids)


def parse_capabilities(text: str) -> list[str]:
    """Core capability names (or ids) → ids, in order: `Operational Coordination; Mass Care Services`,
    one per line, or with commas (`Screening, Search, and Detection` stays one). A trailing
    `(Response)` is ignored. ValueError naming the first part that is no core capability."""
    found: list[str] = []
    for part in re.split(r"[;\n]+", str(text)):
        part = BULLET.sub("", part).strip()
        pieces = [p for p in part.split(",")]
        start = 0
        while start < len(pieces) and part:
            for end in range(len(pieces), start, -1):  # the longest run of pieces that names a capability
                capability = _CAPABILITIES.get(_capability_key(",".join(pieces[start:end])))
                if capability:
                    found += [] if capability in found else [capability]
                    start = end
                    break
            else:
                if not pieces[start].strip():
                    start += 1
                    continue
                raise ValueError(f"{pieces[start].strip()!r} is not one of FEMA's 32 core capabilities")
    return found


def parse_method(text: str) -> Delivery | None:
    key = " ".join(str(text).lower().replace("-", " ").split()).replace("e mail", "email")
    return METHODS.get(key) or METHODS.get(key.replace(" ", "-")) or next(
        (d for d in Delivery if d.value == key), None)


def parse_type(text: str) -> InjectType | None:
    return TYPES.get(" ".join(str(text).lower().split()))


def format_condition(condition: Condition | None) -> str:
    """`missing; tags: frc-opened; by: T+1h30m; table: steering`: readable on paper, read back exactly."""
    if condition is None:
        return ""
    parts = [condition.when]
    if condition.tags:
        parts.append("tags: " + ", ".join(condition.tags))
    if condition.inject:
        parts.append(f"inject: {condition.inject}")
    if condition.by is not None:
        parts.append(f"by: {format_story_time(condition.by)}")
    if condition.table:
        parts.append(f"table: {condition.table}")
    return "; ".join(parts)


def parse_condition(text: str) -> dict[str, Any]:
    """The condition a cell describes, as scenario data; ValueError saying what is wrong."""
    text = str(text).strip()
    if text.startswith("{"):
        data = yaml.safe_load(text)
        if not isinstance(data, dict):
            raise ValueError("is not a condition")
        Condition.model_validate(data)
        return data
    parts = [p.strip() for p in text.split(";") if p.strip()]
    when = parts[0].lower() if parts else ""
    if when not in ("missing", "logged"):
        raise ValueError("should start with `missing` or `logged` (e.g. `missing; tags: frc-opened; by: T+1h30m`)")
    data: dict[str, Any] = {"when": when}
    for part in parts[1:]:
        key, sep, value = part.partition(":")
        key = key.strip().lower()
        if not sep or key not in ("tags", "inject", "by", "table"):
            raise ValueError(f"has {part!r}; write `tags: …`, `inject: …`, `by: T+…` or `table: …`")
        data[key] = split_list(value) if key == "tags" else value.strip()
    try:
        Condition.model_validate(data)
    except Exception as exc:
        raise ValueError(f"is not a condition the engine can check ({_first_error(exc)})") from None
    return data


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        first = errors()[0]
        return f"{'.'.join(map(str, first.get('loc', ())))}: {first.get('msg')}"
    return str(exc)
