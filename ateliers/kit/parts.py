"""The library API behind the commands: inputs in, files out, manifest updated."""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from ..fichiers.switch import write_set
from ..cartes.calibration import build_calibration_sheet
from ..cartes.pdf import build_card_decks
from ..entrees.inputs import Inputs, prepare
from ..contract import Kind, Output
from ..options import CardOptions
from ..affiches.builder import PosterOptions, build_posters
from ..impression.render import Renderer
from ..entrees.territoire import ReferentielTerritorial

__all__ = ["Inputs", "prepare", "make_cards", "make_posters", "make_worksheets", "write_outputs"]


def context_of(vue: ReferentielTerritorial) -> dict:
    ref = vue.referentiel
    return {
        "referentiel": {"titre": ref.titre, "version": ref.version},
        "territoire": vue.territoire,
        "phases": [p.numero for p in vue.phases],
    }


def write_outputs(
    folder: Path,
    outputs: list[Output],
    context: dict,
    replace: Collection[Kind] = (),
    copies: dict[str, int] | None = None,
    owner: str | None = None,
) -> None:
    """Write every file and the manifest that describes them, as one step (:mod:`ateliers.fichiers.switch`):
    a crash leaves the previous set or the new one, never a mix.

    ``replace``: the kinds of file this build makes in full (a whole kit): earlier files of
    those kinds that it no longer makes (a phase dropped, say) are removed. Files of other
    kinds — the synthesis, made after the workshop in the same folder — are never touched.
    ``owner``: the workshop file the folder belongs to (see :mod:`ateliers.fichiers.dossiers`).
    """
    write_set(folder, outputs, context, replace, copies, owner)


def card_outputs(
    vue: ReferentielTerritorial,
    options: CardOptions,
    renderer: Renderer,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Output]:
    """Every deck (and the calibration sheet for duplex), in memory."""
    outputs = build_card_decks(vue, options, renderer, progress, workers)
    if options.calibration:
        if progress:
            progress("cartes-calibrage.pdf")
        outputs.append(build_calibration_sheet(renderer, options))
    return outputs


def poster_outputs(
    vue: ReferentielTerritorial, options: PosterOptions, renderer: Renderer, progress: Callable[[str], None] | None = None
) -> list[Output]:
    return build_posters(vue, options, renderer, progress)


def worksheet_outputs(vue: ReferentielTerritorial, progress: Callable[[str], None] | None = None, plan=None) -> list[Output]:
    from .guide import worksheets_and_guide  # python-docx: not in the kit's WeasyPrint processes

    return worksheets_and_guide(vue, progress, plan)


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
    outputs = card_outputs(inputs.vue, options, renderer_for(inputs), progress, workers)
    write_outputs(inputs.folder, outputs, context_of(inputs.vue), owner=inputs.owner)
    return outputs


def make_posters(inputs: Inputs, options: PosterOptions, progress: Callable[[str], None] | None = None) -> list[Output]:
    """Build every poster in memory, then write them all."""
    outputs = poster_outputs(inputs.vue, options, renderer_for(inputs), progress)
    write_outputs(inputs.folder, outputs, context_of(inputs.vue), owner=inputs.owner)
    return outputs


def make_worksheets(inputs: Inputs, progress: Callable[[str], None] | None = None) -> list[Output]:
    """Build the Word worksheets and the guide in memory, then write them all."""
    outputs = worksheet_outputs(inputs.vue, progress)
    write_outputs(inputs.folder, outputs, context_of(inputs.vue), owner=inputs.owner)
    return outputs
