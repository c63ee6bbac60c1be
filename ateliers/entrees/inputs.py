"""Inputs of a run, loaded and validated once at the edge (light: no rendering stack)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .loading import load_atelier, load_referentiel
from ..fichiers.atomic import ensure_dir
from .models import Atelier
from ..fichiers.dossiers import check_owner, kit_folder, owner_id
from ..fichiers.resources import Resources, embedded
from ..fichiers.switch import recover_if_free
from .territoire import ReferentielTerritorial, merge_atelier


@dataclass(frozen=True)
class Inputs:
    vue: ReferentielTerritorial
    folder: Path
    resources: Resources
    owner: str | None = None  # the workshop file, as the folder's manifest names it


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
    folder = output_folder(sortie, model, atelier)
    return Inputs(vue, folder, embedded(), owner_id(atelier) if model is not None and atelier is not None else None)


def output_folder(sortie: Path | None, atelier: Atelier | None, fichier: Path | None = None) -> Path:
    """``--sortie`` when given, else ``output/generique`` or ``output/<territory slug>``
    (``output/<slug>--<file name>`` when another workshop file has that one); the folder is
    then this workshop file's (a folder of another workshop file is refused)."""
    folder = ensure_dir(sortie if sortie is not None else kit_folder(atelier.territoire if atelier else None, fichier=fichier if atelier else None))
    recover_if_free(folder)  # what an interrupted run left
    if atelier is not None and fichier is not None:
        check_owner(folder, owner_id(fichier))  # refused before any work
    return folder
