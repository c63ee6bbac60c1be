"""The state of a workshop at a glance (Accueil): kit, results, synthesis.

Read from the files alone (a few stats), so that the home page stays fast
with many workshops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import api
from .workspace import Workshop, Workspace


@dataclass(frozen=True)
class State:
    territoire: str | None  # None: the file cannot be read (its page says why)
    valide: bool
    kit: str  # « absent », « à jour », « à refaire »
    resultats: int  # files of results in the workspace
    synthese: bool


def results_files(space: Workspace, workshop: Workshop) -> list[Path]:
    folder = space.results_folder(workshop)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def state(space: Workspace, workshop: Workshop, atelier, kit_state) -> State:
    """``kit_state(folder)``: the library's word for the kit in that folder."""
    if atelier is None:
        return State(None, False, "absent", len(results_files(space, workshop)), False)
    folder = space.output_folder(atelier.territoire)
    return State(atelier.territoire, True, kit_state(folder), len(results_files(space, workshop)), bool(api.synthesis_files(folder)))
