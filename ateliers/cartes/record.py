"""Card decks and the calibration sheet as records of the output contract (``ateliers.contract``):
how they print (card stock, sides as ``--recto-verso`` says, to cut) and who receives them."""

from __future__ import annotations

import dataclasses
from typing import Any

from ..contract import Copies, Kind, Output, Part, PrintSettings, Sides, Stock
from ..options import CardOptions
from .decks import Deck
from .imposition import RectoVerso, sheet_layout

# Who receives each deck: a phase's cards go to each sub-group working that phase,
# the cards to fill to every sub-group, the summary to the final debate.
DECK_COPIES = {
    "competences": Copies(fixed=0, per_phase=True),
    "etapes": Copies(fixed=0, per_phase=True),
    "synthese": Copies(fixed=1),
    "a-remplir": Copies(fixed=0, per_group=1),
}
PAPER_NAMES = {"a4": "A4", "letter": "Letter"}


def card_print_settings(options: CardOptions) -> PrintSettings:
    """Card stock; both sides as ``--recto-verso`` says (fold-over and fronts only: one side)."""
    sides = {RectoVerso.long: Sides.long, RectoVerso.court: Sides.court}.get(options.recto_verso, Sides.recto)
    if options.imprimeur:
        sides = Sides.long  # one card per page, front then back: the print shop imposes
        landscape = False
    else:  # the sheets' own orientation: fold-over sheets and some formats lie in landscape
        landscape = sheet_layout(options.format, options.papier, options.recto_verso).landscape
    return PrintSettings(PAPER_NAMES.get(options.papier, options.papier.upper()), Stock.carte, sides, cut=True, landscape=landscape)


CALIBRATION_PURPOSE = "Feuille de calibrage du recto-verso : mesure le décalage de l’imprimante, à imprimer avant les cartes."


def calibration_print_settings(options: CardOptions) -> PrintSettings:
    """On the cards' own stock and sides: a printer's drift depends on the paper."""
    return dataclasses.replace(card_print_settings(options), cut=False, landscape=False)  # a portrait sheet


def deck_parts(deck: Deck, cards: list[dict[str, Any]]) -> tuple[Part, ...]:
    """Pages holding each phase's cards (fronts and backs), from the cards' positions."""
    phase_of = {c.id: int(c.numero) for c in deck.cards if c.kind in ("competence", "etape")}
    pages: dict[int, list[int]] = {}
    for card in cards:
        if card["id"] in phase_of:
            pages.setdefault(phase_of[card["id"]], []).extend(card[f]["page"] for f in ("recto", "verso") if f in card)
    return tuple(Part(phase, min(p), max(p)) for phase, p in sorted(pages.items()))


def deck_output(deck: Deck, data: bytes, pages: int, options: CardOptions, cards: list[dict[str, Any]]) -> Output:
    return Output(
        deck.fichier,
        data,
        pages,
        Kind.cartes,
        deck.description,
        card_print_settings(options),
        DECK_COPIES.get(deck.nom, Copies()),
        {"format": options.format.nom, "recto_verso": "imprimeur" if options.imprimeur else options.recto_verso.value},
        tuple(cards),
        deck_parts(deck, cards),
    )
