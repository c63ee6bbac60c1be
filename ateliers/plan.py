"""What a run will build, known before building it: the progress total and the kit's plan read it."""

from __future__ import annotations

from .cartes.decks import DECK_NAMES
from .options import CardOptions, PosterOptions
from .territoire import ReferentielTerritorial

WORKSHEETS = ("fiche-competences", "fiche-acteurs", "fiche-plan-action", "guide-animation")


def poster_files(vue: ReferentielTerritorial) -> list[str]:
    """A wall board per retained phase, the overview, and for a territory its event poster."""
    files = [f"affiche-phase-{p.numero}.pdf" for p in vue.phases] + ["affiche-vue-ensemble.pdf"]
    if vue.atelier is not None:
        files.append("affiche-evenement.pdf")
    return files


def worksheet_files(vue: ReferentielTerritorial) -> list[str]:
    from .slugs import slugify

    suffix = f"-{slugify(vue.territoire, default='territoire')}" if vue.territoire else ""
    return [f"{stem}{suffix}.docx" for stem in WORKSHEETS]


def card_files(options: CardOptions) -> list[str]:
    files = [f"cartes-{name}.pdf" for name in DECK_NAMES]
    if options.calibration:
        files.append("cartes-calibrage.pdf")
    return files


def planned_files(
    vue: ReferentielTerritorial, cards: CardOptions | None, posters: PosterOptions | None, worksheets: bool
) -> list[str]:
    """The printables a run writes, in the order they are built."""
    return (
        (card_files(cards) if cards is not None else [])
        + (poster_files(vue) if posters is not None else [])
        + (worksheet_files(vue) if worksheets else [])
    )
