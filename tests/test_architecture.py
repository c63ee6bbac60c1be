"""The plan of the package (docs/architecture.md): one package per stage, imports that run one way."""

from __future__ import annotations

import pytest

from importgraph import PACKAGE, graph

GRAPH = graph()

ROOT_MODULES = {"__init__", "__main__", "api", "cli", "click_fr", "contract", "errors", "options"}

# What each stage may import, besides itself (the table of docs/architecture.md).
BASE = {"errors", "contract", "options"}
ALLOWED = {
    "errors": set(),
    "contract": set(),
    "options": {"errors"},
    "fichiers": {"errors", "contract"},
    "impression": {"fichiers", *BASE},
    "entrees": {"impression", "fichiers", *BASE},
    "cartes": {"entrees", "impression", "fichiers", *BASE},
    "fiches": {"entrees", "impression", "fichiers", *BASE},
    "affiches": {"cartes", "fiches.format", "entrees", "impression", "fichiers", *BASE},
    "kit": {"cartes", "affiches", "fiches", "entrees", "impression", "fichiers", *BASE},
    "lecture": {"fiches.format", "impression.typography", "entrees", "fichiers", *BASE},
    "synthese": {"lecture", "kit", "cartes", "affiches", "fiches", "entrees", "impression", "fichiers", *BASE},
    "api": {"synthese", "lecture", "kit", "cartes", "affiches", "fiches", "entrees", "impression", "fichiers", *BASE},
    "ateliers": {"api", "errors"},  # the package's __init__: a few names, through the API
    "__main__": {"cli"},
    "click_fr": {"api", "errors"},
    "cli": {"api", "errors", "click_fr", "web"},
    "web": {"api", "errors"},
}


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def allowed(source: str, target: str) -> bool:
    if target == "ateliers":
        return True  # the package itself: its version (its other names come lazily from the API)
    here, there = stage(source), stage(target)
    if here == there:
        return True
    rules = ALLOWED[here]
    inner = ".".join(target.split(".")[1:3])  # « fiches.format »
    return there in rules or inner in rules


def test_the_root_holds_only_the_doors():
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules <= ROOT_MODULES, sorted(modules - ROOT_MODULES)
    stages = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").is_file()}
    assert stages == {"fichiers", "impression", "entrees", "cartes", "affiches", "fiches", "kit", "lecture", "synthese", "web"}, sorted(stages)


@pytest.mark.parametrize("module", sorted(GRAPH))
def test_imports_run_one_way(module):
    """A stage imports the stages before it in the pipeline, never one after it."""
    wrong = sorted(t for t in GRAPH[module] if not allowed(module, t))
    assert not wrong, f"{module} → {wrong}"


def test_no_import_cycle():
    """No two modules import each other, directly or through others (imports inside functions count)."""
    # The package's __init__ is run by any import of a submodule; it imports the API only on demand.
    edges = {m: {t for t in targets if t != "ateliers"} for m, targets in GRAPH.items()}
    # Tarjan's strongly connected components.
    index, low, stack, on, found = {}, {}, [], set(), []

    def visit(v, counter=[0]):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    assert not found, found


def test_the_checks_see_a_wrong_import():
    """The rules would catch an upward import (they are not vacuous)."""
    assert not allowed("ateliers.entrees.models", "ateliers.kit.plan")
    assert not allowed("ateliers.web.services", "ateliers.entrees.loading")
    assert allowed("ateliers.kit.plan", "ateliers.cartes.record")
    assert not allowed("ateliers.lecture.files", "ateliers.fiches.word")
