"""The library API behind the commands: inputs in, files out, manifest updated."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import manifest
from .atomic import write_bytes
from .calibration import build_calibration_sheet
from .cards_pdf import CardOptions, DeckResult, build_card_decks
from .imposition import RectoVerso
from .loading import load_atelier, load_referentiel
from .output import output_folder
from .posters import PosterOptions, PosterResult, build_posters
from .render import Renderer
from .resources import Resources, embedded
from .territoire import ReferentielTerritorial, merge_atelier
from .worksheets import DocxResult, build_worksheets


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


def _context(vue: ReferentielTerritorial) -> dict:
    ref = vue.referentiel
    return {
        "referentiel": {"titre": ref.titre, "version": ref.version},
        "territoire": vue.territoire,
        "phases": [p.numero for p in vue.phases],
    }


def make_cards(
    inputs: Inputs,
    options: CardOptions,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[DeckResult]:
    """Build every deck in memory, then write them all: a failure leaves the folder as it was."""
    vue = inputs.vue
    logo = vue.atelier.logo if vue.atelier else None
    renderer = Renderer(inputs.resources, logo)
    results = build_card_decks(vue, options, renderer, progress, workers)
    outputs = [(r.entry, r.data) for r in results]
    if options.recto_verso in (RectoVerso.long, RectoVerso.court) and not options.imprimeur:
        if progress:
            progress("cartes-calibrage.pdf")
        outputs.append(build_calibration_sheet(renderer, options))
    for entry, data in outputs:
        write_bytes(inputs.folder / entry.fichier, data)
    cards = [c for r in results for c in r.cards]
    manifest.update(inputs.folder, [entry for entry, _ in outputs], cards, _context(vue))
    return results


def make_posters(
    inputs: Inputs, options: PosterOptions, progress: Callable[[str], None] | None = None
) -> list[PosterResult]:
    """Build every poster in memory, then write them all."""
    vue = inputs.vue
    renderer = Renderer(inputs.resources, vue.atelier.logo if vue.atelier else None)
    results = build_posters(vue, options, renderer, progress)
    for result in results:
        write_bytes(inputs.folder / result.entry.fichier, result.data)
    manifest.update(inputs.folder, [r.entry for r in results], None, _context(vue))
    return results


def make_worksheets(inputs: Inputs, progress: Callable[[str], None] | None = None) -> list[DocxResult]:
    """Build the Word worksheets and the guide in memory, then write them all."""
    results = build_worksheets(inputs.vue, progress)
    for result in results:
        write_bytes(inputs.folder / result.entry.fichier, result.data)
    manifest.update(inputs.folder, [r.entry for r in results], None, _context(inputs.vue))
    return results
