"""Inputs of a run, loaded and validated once at the edge (light: no rendering stack)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loading import load_atelier, load_referentiel
from .output import output_folder
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
    ref = load_referentiel(referentiel)
    fiche = load_atelier(atelier, ref) if atelier is not None else None
    vue = merge_atelier(ref, fiche, phases)
    return Inputs(vue, output_folder(sortie, fiche), embedded())
