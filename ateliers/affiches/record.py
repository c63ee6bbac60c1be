"""The boards' and tiles' records as they will be made, from their geometry alone.

The workshop plan (quantities, paper, checklist) reads these before anything is
rendered; the poster builder makes its records with the same functions, so the
two never disagree. No rendering library is imported here.
"""

from __future__ import annotations

from ..impression.typography import phases_counted
from ..contract import Copies, Kind, Output, Partie, PrintSettings, Stock
from ..impression.fitting import DoesNotFit
from ..options import PosterOptions
from ..entrees.territoire import PhaseTerritoriale, ReferentielTerritorial
from .mural import BoardPlan, plan_board
from .tableau import BoardTooSmall
from .tuiles import TilePlan, plan_tiles

BOARD_COPIES = Copies(fixe=0, par_phase=True)  # one board for each sub-group working the phase


class BoardTooFull(DoesNotFit):
    pass


def board_purpose(numero: int) -> str:
    return f"Tableau mural de la phase {numero} : les cartes de compétences à poser dans trois colonnes."


def tiles_purpose(numero: int, tiles: int, sheet: str, board_format: str) -> str:
    return f"Le tableau de la phase {numero} en {tiles} feuilles {sheet.upper()} à assembler : à imprimer au bureau à la place du tableau {board_format.upper()}."


def overview_purpose(phases: int) -> str:
    counted = "la phase retenue" if phases == 1 else phases_counted(phases)
    return f"Vue d’ensemble : {counted}, leurs grandes étapes et la synthèse des compétences."


EVENT_PURPOSE = "Affiche d’annonce de l’atelier, à afficher en mairie et dans les commerces."


def board_name(phase: PhaseTerritoriale) -> str:
    return f"affiche-phase-{phase.numero}.pdf"


def tiles_name(board: str, sheet: str) -> str:
    return board.replace(".pdf", f"-tuiles-{sheet}.pdf")


def board_advice(options: PosterOptions) -> str:
    bigger = {"a2": "a1", "a1": "a0"}.get(options.tableau)
    start = f"Choisissez un tableau plus grand (format {bigger.upper()})" if bigger else "Choisissez des cartes plus petites (poker)"
    return start + " ou retirez des compétences ajoutées à cette phase."


def board_plan(phase: PhaseTerritoriale, options: PosterOptions) -> BoardPlan:
    """Where the lanes and places of the phase's board go, for the chosen card format."""
    card = options.carte
    try:
        return plan_board(options.tableau, card.largeur, card.hauteur, len(phase.competences), len(phase.notes))
    except BoardTooSmall as exc:
        raise BoardTooFull(
            f"Le tableau « {board_name(phase)} » ne peut pas recevoir les {len(phase.competences)} cartes {card.label} "
            f"de la phase {phase.numero} en {options.tableau.upper()} ({exc}).",
            conseil=board_advice(options),
        ) from None


def board_print_settings(plan: BoardPlan, options: PosterOptions) -> PrintSettings:
    return PrintSettings(options.tableau.upper(), Stock.affiche, paysage=plan.orientation == "paysage")


def tiles_print_settings(tiles: TilePlan) -> PrintSettings:
    return PrintSettings(tiles.sheet.upper(), Stock.affiche, paysage=tiles.sheet_w > tiles.sheet_h)


def board_tiles(plan: BoardPlan, options: PosterOptions) -> TilePlan:
    return plan_tiles(plan.geometry.page_w, plan.geometry.page_h, options.tuiles)


def expected_board_prints(vue: ReferentielTerritorial, options: PosterOptions) -> list[Output]:
    """The boards and their tiles (pages, print settings, copies), ``data`` empty.

    The tiles are a variant of their board (``variante_de``): printed instead of it,
    at the office, never in addition."""
    result = []
    for phase in vue.phases:
        plan = board_plan(phase, options)
        name = board_name(phase)
        purpose = board_purpose(phase.numero)
        result.append(Output(name, b"", 1, Kind.affiche, purpose, board_print_settings(plan, options), BOARD_COPIES, parties=(Partie(phase.numero, 1, 1),)))
        if options.tuiles:
            tiles = board_tiles(plan, options)
            pages = len(tiles.tiles) + 1
            purpose = tiles_purpose(phase.numero, len(tiles.tiles), options.tuiles, options.tableau)
            result.append(
                Output(tiles_name(name, options.tuiles), b"", pages, Kind.affiche, purpose, tiles_print_settings(tiles), BOARD_COPIES,
                       {"variante_de": name}, parties=(Partie(phase.numero, 1, pages),))
            )  # fmt: skip
    return result
