"""The state of a workshop at a glance (Accueil): kit, results, synthesis.

Read from the files alone (a few stats), so that the home page stays fast
with many workshops.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .. import manifest
from .workspace import Workshop, Workspace

SYNTHESIS_FILE = "synthese.csv"


@dataclass(frozen=True)
class State:
    territoire: str | None  # None: the file cannot be read (its page says why)
    valide: bool
    kit: str  # « absent », « à jour », « à refaire »
    resultats: int  # files of results in the workspace
    synthese: bool


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def kit_state(folder: Path, is_current) -> str:
    """« absent », « à jour » (same inputs and options as the last build, files intact) or « à refaire »."""
    data = manifest.load(folder)
    if not data.get("fichiers") or "empreinte_entrees" not in data:
        return "absent"
    return "à jour" if is_current(folder) else "à refaire"


def results_files(space: Workspace, workshop: Workshop) -> list[Path]:
    folder = space.results_folder(workshop)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))


def state(space: Workspace, workshop: Workshop, atelier, is_current) -> State:
    if atelier is None:
        return State(None, False, "absent", len(results_files(space, workshop)), False)
    folder = space.output_folder(atelier.territoire, workshop.fichier)
    results = results_files(space, workshop)
    return State(
        atelier.territoire,
        True,
        kit_state(folder, is_current),
        len(results),
        (folder / SYNTHESIS_FILE).is_file(),
    )
