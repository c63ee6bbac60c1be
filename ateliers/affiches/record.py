"""The boards' and tiles' records as they will be made, from their geometry alone.

The workshop plan (quantities, paper, checklist) reads these before anything is
rendered; the poster builder makes its records with the same functions, so the
two never disagree. No rendering library is imported here.
"""

from __future__ import annotations

from ..impression.typography import phases_counted
from ..contract import Copies, Kind, Output, Part, PrintSettings, Stock
from ..impression.fitting import DoesNotFit
from ..entrees.salle import PARTICIPANTS_PER_GROUP, sub_groups
from ..options import BOARD_AUTO, BOARD_AUTO_ORDER, BOARD_LABELS, PosterOptions, overview_format
from ..fiches.format import BLANK_ROWS
from ..entrees.territoire import PhaseTerritoriale, ReferentielTerritorial
from .mural import BoardPlan, plan_board
from .tableau import SPOTS, ZONES, BoardTooSmall
from .tuiles import TilePlan, plan_tiles

BOARD_COPIES = Copies(fixed=0, per_phase=True)  # one board for each sub-group working the phase
ADDED_CARDS = BLANK_ROWS  # « à ajouter » cards a sub-group may add to its phase: the worksheet's blank rows
AT_PRINT_SHOP = "chez un imprimeur"
AT_THE_OFFICE = "en tuiles au bureau"


def board_cards(phase: PhaseTerritoriale) -> int:
    """Cards each zone of the phase's board takes: its competences and the « à ajouter » cards planned."""
    return len(phase.competences) + ADDED_CARDS


def participants(vue: ReferentielTerritorial) -> int:
    """The room's size: the workshop file's, else six a sub-group (as the workshop plan)."""
    a = vue.atelier
    if a and a.nombre_participants:
        return a.nombre_participants
    return sub_groups(a.nombre_sous_groupes if a else None, None) * PARTICIPANTS_PER_GROUP


def zone_statuses() -> str:
    """« zone → statut » as the board and the guide print it."""
    return " ; ".join(f"« {z.titre} » → {z.statut}" for z in ZONES)


class BoardTooFull(DoesNotFit):
    pass


def board_purpose(numero: int) -> str:
    return f"Tableau mural de la phase {numero} : les cartes de compétences à poser dans quatre zones, {SPOTS} acteurs par carte."


def tiles_purpose(numero: int, tiles: int, sheet: str, board_format: str) -> str:
    label = BOARD_LABELS.get(board_format, board_format.upper())
    return f"Le tableau de la phase {numero} en {tiles} feuilles {sheet.upper()} à assembler : à imprimer au bureau à la place du tableau {label}."


def overview_purpose(phases: int) -> str:
    counted = "la phase retenue" if phases == 1 else phases_counted(phases)
    return f"Vue d’ensemble : {counted}, leurs grandes étapes et la synthèse des compétences."


def overview_paper(vue: ReferentielTerritorial, options: PosterOptions) -> str:
    """The overview's paper (a key of POSTER_FORMATS): A1 for a room of more than 12 unless asked."""
    return overview_format(options, participants(vue))


EVENT_PURPOSE = "Affiche d’annonce de l’atelier, à afficher en mairie et dans les commerces."


def board_name(phase: PhaseTerritoriale) -> str:
    return f"affiche-phase-{phase.numero}.pdf"


def tiles_name(board: str, sheet: str) -> str:
    return board.replace(".pdf", f"-tuiles-{sheet}.pdf")


def board_advice(options: PosterOptions) -> str:
    bigger = {"a2": "a1", "paperboard": "a0", "a1": "a0"}.get(options.tableau)
    if bigger:
        return (
            f"Choisissez un tableau plus grand (format {bigger.upper()}) ou le format « auto » (chaque phase sur le "
            "plus petit papier qui la reçoit), ou retirez des compétences ajoutées à cette phase."
        )
    return "Choisissez des cartes plus petites (poker) ou retirez des compétences ajoutées à cette phase."


def board_plan(phase: PhaseTerritoriale, options: PosterOptions) -> BoardPlan:
    """Where the zones and tracks of the phase's board go, for the chosen card format: on the
    paper asked, or with « auto » on the smallest paper that holds the phase."""
    card = options.carte
    cards = board_cards(phase)
    papers = BOARD_AUTO_ORDER if options.tableau == BOARD_AUTO else (options.tableau,)
    reason = ""
    for paper in papers:
        try:
            return plan_board(paper, card.largeur, card.hauteur, cards, len(phase.notes))
        except BoardTooSmall as exc:
            reason = str(exc)
    paper = BOARD_LABELS.get(papers[-1], papers[-1].upper())
    raise BoardTooFull(
        f"Le tableau « {board_name(phase)} » ne peut pas recevoir dans chaque zone les {cards} cartes {card.label} "
        f"de la phase {phase.numero} ({len(phase.competences)} compétences et {ADDED_CARDS} à ajouter) en {paper} ({reason}).",
        conseil=board_advice(options),
    )


def board_print_settings(plan: BoardPlan, options: PosterOptions) -> PrintSettings:
    return PrintSettings(BOARD_LABELS[plan.papier], Stock.affiche, landscape=plan.orientation == "paysage", place=AT_PRINT_SHOP)


def poster_print_settings(fmt: str) -> PrintSettings:
    """The overview's or the event poster's: A3 on an office copier, larger at a print shop."""
    return PrintSettings(fmt.upper(), Stock.affiche, place="" if fmt == "a3" else AT_PRINT_SHOP)


def tiles_print_settings(tiles: TilePlan) -> PrintSettings:
    return PrintSettings(tiles.sheet.upper(), Stock.affiche, landscape=tiles.sheet_w > tiles.sheet_h, place=AT_THE_OFFICE)


def board_record(plan: BoardPlan, phase: PhaseTerritoriale) -> dict:
    """What the manifest says of a board: its paper, and what each zone holds."""
    return {
        "format": plan.papier,
        "orientation": plan.orientation,
        "places": plan.places,
        "acteurs_par_carte": SPOTS,
        "zones": {z.spec.cle: {"titre": z.spec.titre, "statut": z.spec.statut, "acteurs_par_carte": z.spec.acteurs} for z in plan.layout.zones},
        "cartes_de_la_phase": board_cards(phase),
    }


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
        result.append(Output(name, b"", 1, Kind.affiche, purpose, board_print_settings(plan, options), BOARD_COPIES, parts=(Part(phase.numero, 1, 1),)))
        if options.tuiles:
            tiles = board_tiles(plan, options)
            pages = len(tiles.tiles) + 1
            purpose = tiles_purpose(phase.numero, len(tiles.tiles), options.tuiles, plan.papier)
            result.append(
                Output(tiles_name(name, options.tuiles), b"", pages, Kind.affiche, purpose, tiles_print_settings(tiles), BOARD_COPIES,
                       {"variante_de": name}, parts=(Part(phase.numero, 1, pages),))
            )  # fmt: skip
    return result
