"""The package's import graph, read from the source (every import, those inside functions too)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "ateliers"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def known_modules() -> set[str]:
    return {module_name(p) for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path, modules: set[str] | None = None) -> set[str]:
    """The package's modules that ``path`` imports, by absolute name (relative imports resolved;
    « from ateliers import api » names the module ateliers.api)."""
    modules = modules if modules is not None else known_modules()
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join(parts[: len(parts) - node.level + 1] + ([base] if base else []))
            if base != "ateliers" and not base.startswith("ateliers."):
                continue
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else base)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name == "ateliers" or alias.name.startswith("ateliers.")}
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    modules = known_modules()
    return {module_name(p): imports_of(p, modules) for p in sorted(PACKAGE.rglob("*.py"))}
