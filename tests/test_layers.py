"""Layers import only downward: model < loader < engine, store < session < report, tui < cli.

A lower layer reaching up (say, the loader importing the TUI) ties the data files to the screens, and
two layers of the same rank reaching sideways (the engine holding the store, the report drawing with
the consoles) tie together what should change apart; this test walks every import in the package and
names the offending line. A sideways import that is meant has to be named in SIDEWAYS_ALLOWED.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "exercise_engine"
RANK = {"model": 0, "loader": 1, "engine": 2, "store": 2, "session": 3, "report": 4, "tui": 4, "cli": 5}
SIDEWAYS_ALLOWED: set[tuple[str, str]] = set()
"""(importing layer, imported layer) pairs of the same rank that may import each other: none."""
MODEL_MAY_IMPORT = {"pydantic", "pydantic_core", "annotated_types", "typing_extensions"}


def _imports(path: Path, root: Path = PACKAGE.parent) -> list[tuple[int, str]]:
    """Absolute dotted names imported by `path` (relative imports resolved), with their lines."""
    module = ".".join(path.relative_to(root).with_suffix("").parts)
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


def layer_violations(files: list[Path], root: Path = PACKAGE.parent) -> list[str]:
    """Every import in `files` that goes up a layer, or sideways to another layer of the same rank."""
    wrong = []
    for path in files:
        here = _layer(".".join(path.relative_to(root).with_suffix("").parts))
        if here is None:
            continue
        for line, name in _imports(path, root):
            there = _layer(name)
            if there is None or there == here:
                continue
            if RANK[there] > RANK[here]:
                wrong.append(f"{path.relative_to(root)}:{line}: {here} imports {name} ({there} is a higher layer)")
            elif RANK[there] == RANK[here] and (here, there) not in SIDEWAYS_ALLOWED:
                wrong.append(f"{path.relative_to(root)}:{line}: {here} imports {name} ({there} is beside it, "
                             "not below)")
    return wrong


def test_every_layer_imports_only_downward() -> None:
    wrong = layer_violations(sorted(PACKAGE.rglob("*.py")))
    assert not wrong, "\n".join(wrong)


def test_the_check_catches_an_upward_and_a_sideways_import(tmp_path: Path) -> None:
    package = tmp_path / "exercise_engine"
    for layer, source in {"store": "from ..engine.exercise import Exercise\n",
                          "report": "from exercise_engine.tui.app import make_app\n",
                          "loader": "from ..session.live import LiveSession\n",
                          "engine": "from ..model.events import Event\n"}.items():
        (package / layer).mkdir(parents=True)
        (package / layer / "thing.py").write_text(source, encoding="utf-8")
    wrong = layer_violations(sorted(package.rglob("*.py")), tmp_path)
    assert [w.split(": ", 1)[1] for w in wrong] == [
        "loader imports exercise_engine.session.live (session is a higher layer)",
        "report imports exercise_engine.tui.app (tui is beside it, not below)",
        "store imports exercise_engine.engine.exercise (engine is beside it, not below)",
    ]


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
