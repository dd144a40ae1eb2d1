"""The package's layout is its architecture: imports go one way, down the data's path.

Each sub-package may import only those below it (and ``quotes.models``/``quotes.errors``, below
them all); ``quotes/`` never imports FastAPI or the ``api`` package. Lazy imports inside
functions count too: a cycle hidden in a function body is still a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. A module may import from its own layer or any layer before it.
LAYERS = [
    {"quotes.errors", "quotes.models"},
    {"quotes.text"},
    {"quotes.nlp"},
    {"quotes.store"},
    {"quotes.graph"},
    {"quotes.batch"},
    {"quotes.evaluation"},
    {"quotes"},  # the package's public face: extract, extract_many and the records
    {"api"},
    {"quotes.cli"},
]
RANK = {unit: rank for rank, layer in enumerate(LAYERS) for unit in layer}


def unit_of(module: str) -> str:
    """The layout unit a dotted module belongs to: its sub-package, or a top-level module."""
    parts = module.split(".")
    if parts[0] == "api":
        return "api"
    if len(parts) >= 2 and f"quotes.{parts[1]}" in RANK:
        return f"quotes.{parts[1]}"
    return "quotes"


def imports(path: Path) -> list[tuple[int, str]]:
    """Every absolute import of ``quotes`` or ``api`` in ``path``: (line, module imported)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, m) for line, m in found if m.split(".")[0] in ("quotes", "api", "fastapi")]


def modules() -> list[Path]:
    files = [*(ROOT / "quotes").rglob("*.py"), *(ROOT / "api").rglob("*.py")]
    return sorted(f for f in files if "versions" not in f.parts)


def _dotted(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_down_the_layers(path: Path) -> None:
    here = unit_of(_dotted(path))
    upward = [
        f"line {line}: {module} ({unit_of(module)} is above {here})"
        for line, module in imports(path)
        if module.split(".")[0] != "fastapi" and RANK[unit_of(module)] > RANK[here]
    ]
    assert not upward, "\n".join(upward)


@pytest.mark.parametrize(
    "path", [p for p in modules() if p.parts[len(ROOT.parts)] == "quotes"], ids=str
)
def test_the_library_never_imports_the_web_layer(path: Path) -> None:
    if unit_of(_dotted(path)) == "quotes.cli":
        pytest.skip("the CLI starts the API: it sits above it")
    web = [m for _, m in imports(path) if m.split(".")[0] in ("api", "fastapi")]
    assert not web


@pytest.mark.parametrize(
    ("module", "unit"),
    [
        ("quotes.store.database", "quotes.store"),
        ("quotes.models", "quotes.models"),
        ("quotes", "quotes"),
        ("quotes.errors", "quotes.errors"),
        ("api.routes.speakers", "api"),
        ("quotes.cli.serve_cmd", "quotes.cli"),
    ],
)
def test_unit_of(module: str, unit: str) -> None:
    assert unit_of(module) == unit


def test_an_upward_import_is_caught(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from quotes.graph.build import build_graph\n")
    ((line, imported),) = imports(module)
    assert (line, imported) == (2, "quotes.graph.build")
    assert RANK[unit_of(imported)] > RANK["quotes.store"]
