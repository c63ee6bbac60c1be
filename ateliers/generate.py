"""The library API behind the commands: inputs in, files out, manifest updated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import manifest
from .atomic import write_all
from .cartes.calibration import build_calibration_sheet
from .cartes.imposition import RectoVerso
from .cartes.pdf import build_card_decks
from .inputs import Inputs, prepare
from .manifest import FileEntry
from .options import CardOptions
from .posters import PosterOptions, build_posters
from .render import Renderer
from .territoire import ReferentielTerritorial
from .worksheets import build_worksheets

__all__ = ["Inputs", "prepare", "make_cards", "make_posters", "make_worksheets", "write_outputs"]


def context_of(vue: ReferentielTerritorial) -> dict:
    ref = vue.referentiel
    return {
        "referentiel": {"titre": ref.titre, "version": ref.version},
        "territoire": vue.territoire,
        "phases": [p.numero for p in vue.phases],
    }


Output = tuple[FileEntry, bytes]


def write_outputs(
    folder: Path,
    outputs: list[Output],
    cards: list[dict] | None,
    context: dict,
    replace: bool = False,
) -> None:
    """Write every file (each atomically), then the manifest that describes them.

    With ``replace`` (a whole kit), files of the previous build that are no
    longer produced (a phase dropped, say) are removed.
    """
    previous = {f.get("fichier") for f in manifest.load(folder).get("fichiers", [])} if replace else set()
    write_all([(folder / entry.fichier, data) for entry, data in outputs])
    manifest.update(folder, [entry for entry, _ in outputs], cards, context, replace=replace)
    for stale in previous - {entry.fichier for entry, _ in outputs}:
        path = (folder / stale).resolve()
        if stale and path.is_relative_to(folder.resolve()) and path.is_file():
            path.unlink()


def card_outputs(
    vue: ReferentielTerritorial,
    options: CardOptions,
    renderer: Renderer,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> tuple[list[Output], list[dict]]:
    """Every deck (and the calibration sheet for duplex), in memory."""
    results = build_card_decks(vue, options, renderer, progress, workers)
    outputs = [(r.entry, r.data) for r in results]
    if options.recto_verso in (RectoVerso.long, RectoVerso.court) and not options.imprimeur:
        if progress:
            progress("cartes-calibrage.pdf")
        outputs.append(build_calibration_sheet(renderer, options))
    return outputs, [c for r in results for c in r.cards]


def poster_outputs(
    vue: ReferentielTerritorial, options: PosterOptions, renderer: Renderer, progress: Callable[[str], None] | None = None
) -> list[Output]:
    return [(r.entry, r.data) for r in build_posters(vue, options, renderer, progress)]


def worksheet_outputs(vue: ReferentielTerritorial, progress: Callable[[str], None] | None = None) -> list[Output]:
    return [(r.entry, r.data) for r in build_worksheets(vue, progress)]


def renderer_for(inputs: Inputs) -> Renderer:
    vue = inputs.vue
    return Renderer(inputs.resources, vue.atelier.logo if vue.atelier else None)


def make_cards(
    inputs: Inputs,
    options: CardOptions,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Output]:
    """Build every deck in memory, then write them all: a failure leaves the folder as it was."""
    outputs, cards = card_outputs(inputs.vue, options, renderer_for(inputs), progress, workers)
    write_outputs(inputs.folder, outputs, cards, context_of(inputs.vue))
    return outputs


def make_posters(inputs: Inputs, options: PosterOptions, progress: Callable[[str], None] | None = None) -> list[Output]:
    """Build every poster in memory, then write them all."""
    outputs = poster_outputs(inputs.vue, options, renderer_for(inputs), progress)
    write_outputs(inputs.folder, outputs, None, context_of(inputs.vue))
    return outputs


def make_worksheets(inputs: Inputs, progress: Callable[[str], None] | None = None) -> list[Output]:
    """Build the Word worksheets and the guide in memory, then write them all."""
    outputs = worksheet_outputs(inputs.vue, progress)
    write_outputs(inputs.folder, outputs, None, context_of(inputs.vue))
    return outputs
