"""Inputs of a run, loaded and validated once at the edge (light: no rendering stack)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loading import load_atelier, load_referentiel
from .atomic import ensure_dir
from .models import Atelier
from .output_folders import kit_folder
from .resources import Resources, embedded
from .territoire import ReferentielTerritorial, merge_atelier


@dataclass(frozen=True)
class Inputs:
    vue: ReferentielTerritorial
    folder: Path
    resources: Resources


def prepare(
    referentiel: Path | None = None,
    atelier: Path | None = None,
    sortie: Path | None = None,
    phases: list[int] | None = None,
) -> Inputs:
    """Load and validate everything once, at the edge, and resolve the output folder."""
    from .named_referential import resolve

    ref = load_referentiel(resolve(referentiel, atelier))
    model = load_atelier(atelier, ref) if atelier is not None else None
    vue = merge_atelier(ref, model, phases)
    return Inputs(vue, output_folder(sortie, model), embedded())


def output_folder(sortie: Path | None, atelier: Atelier | None) -> Path:
    """``--sortie`` when given, else ``output/generique`` or ``output/<territory slug>``."""
    if sortie is not None:
        return ensure_dir(sortie)
    return ensure_dir(kit_folder(atelier.territoire if atelier else None))
