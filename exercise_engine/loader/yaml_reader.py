"""Read a planner's YAML file into plain data plus the source position of every key and value.

Safe by construction: the parser only composes a node tree, and this module builds dicts, lists,
strings, numbers, booleans and None from it. Explicit tags (`!!python/object`, `!foo`), merge keys
and duplicate keys are problems, never objects. Scalars are resolved by YAML 1.2 rules
(`yes` stays text), whichever parser composed the tree.

Two parsers give the same result: libyaml through PyYAML when it is installed (about ten times
faster on a large scenario), ruamel.yaml otherwise. Syntax errors are always re-read with
ruamel.yaml so their wording does not depend on the machine.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode as RuamelScalar
from ruamel.yaml.resolver import VersionedResolver

from ..model.base import FileNumber
from .errors import Problem

try:  # optional fast path: libyaml via PyYAML
    import yaml as _pyyaml

    _CLoader = getattr(_pyyaml, "CSafeLoader", None)
except ImportError:  # pragma: no cover - depends on the machine
    _pyyaml = None
    _CLoader = None

Loc = tuple[str | int, ...]
"""A path into the data: keys and list indexes, as pydantic reports error locations."""

MAX_NODES = 200_000
"""Refuse files that hold (or expand through aliases into) more values than any scenario needs."""
MAX_DEPTH = 100
"""Refuse lists and mappings nested deeper than any scenario needs (and than the builder can recurse)."""

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_RESOLVER_12 = VersionedResolver()
_PYYAML_RESOLVER = _pyyaml.resolver.Resolver() if _pyyaml is not None else None
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT_RE = re.compile(r"^[-+]?(0o[0-7_]+|0x[0-9a-fA-F_]+|[0-9_]+)$")
_NOT_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
"""Characters YAML does not allow in a file (control characters, DEL, C1 controls except NEL)."""
_SHOWN_CONTROLS = 10


@dataclass
class YamlDocument:
    """What a file holds: `data` (plain Python) and 1-based (line, column) per location."""

    path: Path
    data: Any
    positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    """Where the value at each location starts."""
    key_positions: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    """Where the key naming each location starts (mapping entries only)."""
    first_line: str = ""

    def position(self, loc: Loc) -> tuple[int, int]:
        """The closest known position to `loc`: itself, or the nearest enclosing value."""
        while loc not in self.positions and loc:
            loc = loc[:-1]
        return self.positions.get(loc, (1, 1))

    def key_position(self, loc: Loc) -> tuple[int, int]:
        return self.key_positions.get(loc) or self.position(loc)


class YamlProblems(Exception):
    """Raised with the problems that kept a file from being read at all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


def read_yaml(path: Path) -> YamlDocument:
    """Read and compose `path`; raise YamlProblems if it is unreadable, empty, not YAML or unsafe."""
    shown = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise YamlProblems([Problem(shown, 0, 0, "file not found")]) from None
    except IsADirectoryError:
        raise YamlProblems([Problem(shown, 0, 0, "is a folder, not a file")]) from None
    except OSError as exc:
        raise YamlProblems([Problem(shown, 0, 0, f"cannot read the file: {exc.strerror or exc}")]) from None
    return read_yaml_bytes(raw, path)


def read_yaml_bytes(raw: bytes, path: Path) -> YamlDocument:
    shown = str(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblems(
            [Problem(shown, line, column, f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x}); save it as UTF-8")]
        ) from None
    return read_yaml_text(text, path)


def read_yaml_text(text: str, path: Path) -> YamlDocument:
    shown = str(path)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise YamlProblems([Problem(shown, line, 1, "the file contains a NUL character; is it a text file?")])
    controls = _control_characters(text, shown)
    if controls:
        raise YamlProblems(controls)
    try:
        root = _compose(text, shown)
        if root is None:
            raise YamlProblems([Problem(shown, 1, 1, "the file is empty; expected a mapping of keys such as `id:` and `title:`")])
        shared: set[int] = set()
        if _expanded_size(root, {}, shared) > MAX_NODES:
            raise YamlProblems([Problem(shown, 1, 1, _too_large(bool(shared)))])
        builder = _Builder(shown, fast=_CLoader is not None)
        data = builder.build(root, ())
    except RecursionError:
        line, column = _too_deep(text) or (1, 1)
        raise YamlProblems([Problem(shown, line, column, _TOO_DEEP)]) from None
    if builder.problems:
        raise YamlProblems(builder.problems)
    first_line = text.split("\n", 1)[0]
    return YamlDocument(path, data, builder.positions, builder.key_positions, first_line)


_TOO_DEEP = f"the file is nested too deeply (more than {MAX_DEPTH} levels of lists and mappings)"


def _too_large(aliases: bool) -> str:
    if aliases:
        return "the file is too large (aliases expand to too many values)"
    return f"the file is too large (more than {MAX_NODES:,} values); split it into smaller files"


def _control_characters(text: str, shown: str) -> list[Problem]:
    """Where each character YAML refuses sits (the parsers would say only that one is somewhere)."""
    found = []
    for match in _NOT_PRINTABLE.finditer(text):
        start = match.start()
        line = text.count("\n", 0, start) + 1
        column = start - (text.rfind("\n", 0, start) + 1) + 1
        found.append(Problem(shown, line, column, f"control character U+{ord(match.group()):04X} is not allowed "
                             "in YAML; delete it (it was probably pasted in with the text)"))
        if len(found) == _SHOWN_CONTROLS:
            break
    return found


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting first passes MAX_DEPTH, read from the parser's flat event stream (no recursion)."""
    try:
        if _CLoader is not None:
            events = _pyyaml.parse(text, Loader=_CLoader)
        else:
            events = YAML(typ="safe", pure=True).parse(text)
        depth = -1  # the top-level mapping is depth 0, as its location () has no parts
        for event in events:
            kind = type(event).__name__
            if kind in ("MappingStartEvent", "SequenceStartEvent"):
                depth += 1
                if depth > MAX_DEPTH:
                    return event.start_mark.line + 1, event.start_mark.column + 1
            elif kind in ("MappingEndEvent", "SequenceEndEvent"):
                depth -= 1
    except Exception:  # a syntax error further on: the depth found so far is all there is
        return None
    return None


def _expanded_size(node: Any, sizes: dict[int, int], shared: set[int]) -> int:
    """How many values the tree holds once aliases are expanded (counted without expanding them).

    `shared` collects nodes reached more than once (through aliases), so a message can say which
    kind of too large a file is."""
    known = sizes.get(id(node))
    if known is not None:
        shared.add(id(node))
        return known
    sizes[id(node)] = 1  # an alias back into itself counts once; the builder reports it
    if node.id == "scalar":
        return 1
    children = node.value if node.id == "sequence" else [part for pair in node.value for part in pair]
    total = 1
    for child in children:
        total += _expanded_size(child, sizes, shared)
        if total > MAX_NODES:
            break
    sizes[id(node)] = total
    return total


def _compose(text: str, shown: str) -> Any:
    if _CLoader is not None:
        try:
            return _pyyaml.compose(text, Loader=_CLoader)
        except _pyyaml.YAMLError:
            pass  # reported below with ruamel's wording, so messages match on every machine
        except ValueError:
            pass
    try:
        return YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        what = "; ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlProblems([Problem(shown, line, column, f"YAML syntax error: {what}")]) from None
    except RecursionError:
        raise
    except (YAMLError, ValueError, IndexError, AttributeError, TypeError) as exc:
        # ruamel.yaml raises plain exceptions for a few pathological inputs
        raise YamlProblems([Problem(shown, 1, 1, f"YAML syntax error: {str(exc).splitlines()[0] if str(exc) else 'unreadable'}")]) from None


class _Builder:
    """Turns composed nodes into plain data, recording positions and refusing anything unsafe."""

    def __init__(self, shown: str, fast: bool) -> None:
        self.shown = shown
        self.problems: list[Problem] = []
        self.positions: dict[Loc, tuple[int, int]] = {}
        self.key_positions: dict[Loc, tuple[int, int]] = {}
        self.count = 0
        self.in_progress: set[int] = set()
        self.too_deep = False
        self.resolver = _PYYAML_RESOLVER if fast else None

    def _at(self, node: Any) -> tuple[int, int]:
        return node.start_mark.line + 1, node.start_mark.column + 1

    def _problem(self, node: Any, message: str) -> None:
        line, column = self._at(node)
        self.problems.append(Problem(self.shown, line, column, message))

    def _explicit_tag(self, node: Any) -> bool:
        kind = node.id
        tag = _tag_text(node.tag)
        if kind == "mapping":
            return tag != _MAP
        if kind == "sequence":
            return tag != _SEQ
        if node.style:
            return tag != _STR
        if self.resolver is not None and not isinstance(node, RuamelScalar):
            return tag != _resolve_11(node.value)
        else:
            implicit = _resolve_12(node.value)
        return _tag_text(node.tag) != _tag_text(implicit)

    def build(self, node: Any, loc: Loc) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            if self.count == MAX_NODES + 1:
                self._problem(node, _too_large(aliases=True))
            return None
        if len(loc) > MAX_DEPTH and node.id != "scalar":
            if not self.too_deep:
                self.too_deep = True
                self._problem(node, _TOO_DEEP)
            return None
        self.positions[loc] = self._at(node)
        if self._explicit_tag(node):
            self._problem(node, f"YAML tags such as {_short_tag(node.tag)} are not allowed; write plain values")
            return None
        if node.id == "scalar":
            if node.style == '"' and _SURROGATE.search(node.value):
                self._problem(node, "this text contains an invalid character escape (a lone \\ud800–\\udfff surrogate)")
                return None
            return _scalar(node)
        if id(node) in self.in_progress:
            self._problem(node, "an alias refers to itself")
            return None
        self.in_progress.add(id(node))
        try:
            if node.id == "sequence":
                return [self.build(item, (*loc, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, loc)
        finally:
            self.in_progress.discard(id(node))

    def _mapping(self, node: Any, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar" or self._explicit_tag(key_node):
                self._problem(key_node, "a key must be plain text")
                continue
            key = str(key_node.value)
            if _SURROGATE.search(key):
                self._problem(key_node, "this key contains an invalid character escape (a lone surrogate)")
                continue
            if key == "<<" and not key_node.style:
                self._problem(key_node, "merge keys (<<) are not supported; write the keys out")
                continue
            if key in seen:
                line, column = self._at(seen[key])
                self._problem(key_node, f"duplicate key '{key}' (first written at line {line}, column {column})")
                continue
            seen[key] = key_node
            self.key_positions[(*loc, key)] = self._at(key_node)
            result[key] = self.build(value_node, (*loc, key))
        return result


def _tag_text(tag: Any) -> str:
    value = getattr(tag, "value", tag)  # ruamel.yaml's resolver returns Tag objects
    return str(value)


RESOLVED_CACHE = 1 << 17
"""Plain scalars whose implicit tag is remembered: more than a large library's distinct values (a
cache smaller than that thrashed at 10,000 injects, and validating grew faster than the files)."""


@functools.lru_cache(maxsize=RESOLVED_CACHE)
def _resolve_12(value: str) -> str:
    return _tag_text(_RESOLVER_12.resolve(RuamelScalar, value, (True, False)))


@functools.lru_cache(maxsize=RESOLVED_CACHE)
def _resolve_11(value: str) -> str:
    """The tag PyYAML gives an untagged plain scalar (its YAML 1.1 rules), to spot explicit tags."""
    return _PYYAML_RESOLVER.resolve(_pyyaml.nodes.ScalarNode, value, (True, False))


def _short_tag(tag: Any) -> str:
    tag = _tag_text(tag)
    prefix = "tag:yaml.org,2002:"
    return "!!" + tag[len(prefix):] if tag.startswith(prefix) else tag


def _scalar(node: Any) -> Any:
    """YAML 1.2 core-schema value of a scalar (quoted scalars are always text)."""
    value: str = node.value
    if node.style:
        return value
    kind = _resolve_12(value).rsplit(":", 1)[-1]
    if kind == "null":
        return None
    if kind == "bool":
        return value.lower() == "true"
    if kind == "int" and _INT_RE.match(value):
        digits = value.replace("_", "")
        sign = -1 if digits.startswith("-") else 1
        digits = digits.lstrip("+-")
        try:
            if digits.startswith("0o"):
                return FileNumber(sign * int(digits[2:], 8))
            if digits.startswith("0x"):
                return FileNumber(sign * int(digits[2:], 16))
            return FileNumber(sign * int(digits))
        except ValueError:
            return value
    if kind == "float":
        lowered = value.lower().lstrip("+")
        if lowered in (".inf", "-.inf"):
            return float("-inf") if lowered.startswith("-") else float("inf")
        if lowered == ".nan":
            return float("nan")
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    return value  # str, timestamp (pydantic parses dates from text) and anything else
