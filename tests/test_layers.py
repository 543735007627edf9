"""Layers import only downward: model < loader < engine, store < report, tui < cli.

A lower layer reaching up (say, the loader importing the TUI) ties the data files to the screens;
this test walks every import in the package and names the offending line.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "exercise_engine"
RANK = {"model": 0, "loader": 1, "engine": 2, "store": 2, "report": 3, "msel": 3, "tui": 3, "cli": 4}
MODEL_MAY_IMPORT = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions"}


def _imports(path: Path) -> list[tuple[int, str]]:
    """Absolute dotted names imported by `path` (relative imports resolved), with their lines."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    if path.name == "__init__.py":
        module = package
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                name = ".".join([*base, node.module] if node.module else base)
                found += [(node.lineno, f"{name}.{alias.name}" if not node.module else name) for alias in node.names]
            elif node.module:
                found.append((node.lineno, node.module))
    return found


def _layer(dotted: str) -> str | None:
    parts = dotted.split(".")
    return parts[1] if parts[0] == "exercise_engine" and len(parts) > 1 and parts[1] in RANK else None


def test_every_layer_imports_only_downward() -> None:
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        here = _layer(".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts))
        if here is None:
            continue
        for line, name in _imports(path):
            there = _layer(name)
            if there is not None and RANK[there] > RANK[here]:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {here} imports {name} ({there} is a higher layer)")
    assert not wrong, "\n".join(wrong)


def test_model_imports_only_pydantic_and_the_standard_library() -> None:
    wrong = []
    for path in sorted((PACKAGE / "model").rglob("*.py")):
        for line, name in _imports(path):
            top = name.split(".")[0]
            if top == "exercise_engine":
                if _layer(name) not in ("model", None) or name.split(".")[1:2] not in (["model"],):
                    wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}")
            elif top not in sys.stdlib_module_names and top not in MODEL_MAY_IMPORT and top != "__future__":
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: imports {name}")
    assert not wrong, "\n".join(wrong)


def test_the_walker_sees_relative_imports() -> None:
    imports = [name for _, name in _imports(PACKAGE / "loader" / "loaded.py")]
    assert "exercise_engine.model.scenario" in imports
