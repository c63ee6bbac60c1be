"""The library API behind the commands: inputs in, files out, manifest updated."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from . import manifest
from .atomic import write_all
from .calibration import build_calibration_sheet
from .cards_pdf import CardOptions, build_card_decks
from .imposition import RectoVerso
from .inputs import Inputs, prepare
from .contract import Copies, Faces, Kind, Output, Partie, PrintSettings, Stock
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


def write_outputs(
    folder: Path,
    outputs: list[Output],
    context: dict,
    replace: bool = False,
    copies: dict[str, int] | None = None,
) -> None:
    """Write every file (each atomically), then the manifest that describes them.

    With ``replace`` (a whole kit), files of the previous build that are no
    longer produced (a phase dropped, say) are removed.
    """
    previous = {f.get("fichier") for f in manifest.load(folder).get("fichiers", [])} if replace else set()
    write_all([(folder / output.fichier, output.data) for output in outputs])
    manifest.update(folder, outputs, context, replace=replace, copies=copies)
    for stale in previous - {output.fichier for output in outputs}:
        path = (folder / stale).resolve()
        if stale and path.is_relative_to(folder.resolve()) and path.is_file():
            path.unlink()


def card_print_settings(options: CardOptions) -> PrintSettings:
    """Card stock, sides as ``--recto-verso`` says (fold-over and fronts only print one side)."""
    faces = {RectoVerso.long: Faces.long, RectoVerso.court: Faces.court}.get(options.recto_verso, Faces.recto)
    if options.imprimeur:
        faces = Faces.long
    return PrintSettings(options.papier.upper() if options.papier != "letter" else "Letter", Stock.carte, faces, decoupe=True)


# Who receives each deck: a phase's cards go to each sub-group working that phase,
# the cards to fill to every sub-group, the summary to the final debate.
DECK_COPIES = {
    "competences": Copies(fixe=0, par_phase=True),
    "etapes": Copies(fixe=0, par_phase=True),
    "synthese": Copies(fixe=1),
    "a-remplir": Copies(fixe=0, par_sous_groupe=1),
}


def _deck_parts(result) -> tuple[Partie, ...]:
    """Pages holding each phase's cards (recto and verso), from the cards' positions."""
    phase_of = {c.id: int(c.numero) for c in result.deck.cards if c.kind in ("competence", "etape")}
    pages: dict[int, list[int]] = {}
    for card in result.cards:
        if card["id"] in phase_of:
            pages.setdefault(phase_of[card["id"]], []).extend(card[f]["page"] for f in ("recto", "verso") if f in card)
    return tuple(Partie(phase, min(p), max(p)) for phase, p in sorted(pages.items()))


def deck_output(result, options: CardOptions) -> Output:
    """A built deck as a record of the output contract."""
    e = result.entry
    return Output(
        e.fichier,
        result.data,
        e.pages,
        Kind.cartes,
        e.description,
        card_print_settings(options),
        DECK_COPIES.get(result.deck.nom, Copies()),
        e.extra,
        tuple(result.cards),
        _deck_parts(result),
    )


def card_outputs(
    vue: ReferentielTerritorial,
    options: CardOptions,
    renderer: Renderer,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Output]:
    """Every deck (and the calibration sheet for duplex), in memory."""
    outputs = [deck_output(r, options) for r in build_card_decks(vue, options, renderer, progress, workers)]
    if options.recto_verso in (RectoVerso.long, RectoVerso.court) and not options.imprimeur:
        if progress:
            progress("cartes-calibrage.pdf")
        entry, data = build_calibration_sheet(renderer, options)
        outputs.append(
            Output(
                entry.fichier,
                data,
                entry.pages,
                Kind.calibrage,
                entry.description,
                # On the cards' own stock: a printer's drift depends on the paper.
                dataclasses.replace(card_print_settings(options), decoupe=False),
            )
        )
    return outputs


def poster_outputs(
    vue: ReferentielTerritorial, options: PosterOptions, renderer: Renderer, progress: Callable[[str], None] | None = None
) -> list[Output]:
    return build_posters(vue, options, renderer, progress)


def worksheet_outputs(vue: ReferentielTerritorial, progress: Callable[[str], None] | None = None, plan=None) -> list[Output]:
    return build_worksheets(vue, progress, plan)


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
    write_outputs(inputs.folder, outputs, context_of(inputs.vue))
    return outputs


def make_posters(inputs: Inputs, options: PosterOptions, progress: Callable[[str], None] | None = None) -> list[Output]:
    """Build every poster in memory, then write them all."""
    outputs = poster_outputs(inputs.vue, options, renderer_for(inputs), progress)
    write_outputs(inputs.folder, outputs, context_of(inputs.vue))
    return outputs


def make_worksheets(inputs: Inputs, progress: Callable[[str], None] | None = None) -> list[Output]:
    """Build the Word worksheets and the guide in memory, then write them all."""
    outputs = worksheet_outputs(inputs.vue, progress)
    write_outputs(inputs.folder, outputs, context_of(inputs.vue))
    return outputs
