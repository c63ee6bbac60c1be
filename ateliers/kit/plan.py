"""The workshop plan: who receives what, how many of each, how much paper, in what order.

Computed once from the workshop file and the options, before anything is
rendered (it is light: no rendering stack). The guide, the contact sheet
``index.html``, ``manifest.json`` and the print checklist all read it, so
they cannot disagree.

The flow (see the guide's step-by-step): each sub-group works one phase —
several, in turns, when there are fewer sub-groups than phases (shared out
so that the loads in cards are even); when there are more sub-groups than
phases, the extra ones go to the largest phases, split between their
sub-groups in ranges of cards, each on its own board (the boards are merged
at the sharing). The timetable follows: about two minutes a card for the
busiest sub-group, thirty seconds a person for the round of names. A sub-group receives its phase's
competence cards and step cards, a sheet of actor cards and blank cards,
the competence worksheet, and sticks its cards on its phase's board. The
summary deck serves the final debate, for the whole room.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..impression.typography import date_fr, heure_fr
from ..entrees.salle import PARTICIPANTS_PER_GROUP, sub_groups
from .agenda import Charge, Sequence, agenda, sorting_minutes
from ..contract import STOCK_NAMES, Copies, Kind, Output, Part, PrintSettings, Sides, Stock
from ..cartes.imposition import RectoVerso
from ..options import CardOptions, PosterOptions
from ..fichiers.slugs import slugify
from ..entrees.territoire import ReferentielTerritorial

INDEX = "index.html"
POSTIT_BLOCKS = 1  # per sub-group: a fourth holder, a correction (the names go in the boards' cells)
ACTOR_SPOTS = 3  # write-in cells beside each card on the boards: a holder's name in each
PUTTY_PER_PACK = 80  # pellets of adhesive putty in a usual pack
PUTTY_MARGIN = 1.25  # pellets lost, cards moved twice
ACTOR_CARDS_ON_BOARD = 9  # a sheet of actor cards per sub-group, stuck beside the cards
# Cutting a sheet of 9 poker cards on a paper trimmer: about 14 cuts, some 3 minutes.
CUT_MINUTES_PER_SHEET = 3.0


@dataclass(frozen=True)
class Lot:
    """The competence cards of one phase a sub-group sorts: the whole phase, or its share when
    the phase is split between sub-groups (``part`` of ``parts``, cards in their order)."""

    phase: int
    ids: tuple[str, ...]
    part: int = 1
    parts: int = 1

    @property
    def minutes(self) -> int:
        return sorting_minutes(len(self.ids))

    @property
    def etendue(self) -> str:
        """« C2-01 à C2-11 », or « toutes » for a whole phase."""
        if self.parts == 1 or not self.ids:
            return "toutes"
        return f"{self.ids[0]} à {self.ids[-1]}" if len(self.ids) > 1 else self.ids[0]


@dataclass(frozen=True)
class SousGroupe:
    numero: int
    phases: tuple[int, ...]  # worked in this order, one per turn
    lots: tuple[Lot, ...] = ()  # the cards it sorts, phase by phase (same order)

    @property
    def minutes(self) -> int:
        """Its sorting time: its lots one after the other."""
        return sum(lot.minutes for lot in self.lots)


@dataclass(frozen=True)
class PaperLine:
    """Sheets to buy and print of one paper: type, weight, size."""

    stock: Stock
    papier: str
    grammage: str
    feuilles: int
    lieu: str = ""  # « chez un imprimeur », « en tuiles au bureau »

    @property
    def label(self) -> str:
        where = f" ({self.lieu})" if self.lieu else ""
        return f"{STOCK_NAMES[self.stock].capitalize()} {self.papier}, {self.grammage}{where}"


@dataclass(frozen=True)
class Plan:
    territoire: str | None
    participants: int
    groupes: int
    phases: tuple[int, ...]
    titres: dict[int, str]
    sous_groupes: tuple[SousGroupe, ...]
    tours: int
    recto_verso: RectoVerso
    imprimeur: bool
    evenement: bool
    deroule: tuple[Sequence, ...]
    fichiers: tuple[str, ...]  # every file the kit makes, in the order they are made
    cartes: dict[int, int] = field(default_factory=dict)  # competence cards per phase
    etapes: dict[int, int] = field(default_factory=dict)  # step cards per phase
    quand: str = ""  # « jeudi 18 mars 2027 · 9 h 30 »
    prints: tuple[Output, ...] = ()  # the PDFs the kit will make (expected_prints)

    # ------------------------------------------------------------ who works what

    def equipes(self, phase: int) -> int:
        """Sub-groups working ``phase``."""
        return sum(1 for g in self.sous_groupes if phase in g.phases)

    @property
    def calibrage(self) -> bool:
        """The duplex calibration sheet exists only for duplex office printing."""
        return self.recto_verso in (RectoVerso.long, RectoVerso.court) and not self.imprimeur

    @property
    def sides(self) -> Sides:
        """How the cards print: the duplex edge chosen, or one side (fold-over, fronts only)."""
        return {RectoVerso.long: Sides.long, RectoVerso.court: Sides.court}.get(self.recto_verso, Sides.recto)

    @property
    def cartes_paysage(self) -> bool:
        """The cards' sheets (and so the calibration sheet) print in landscape (A6 cards on A4…)."""
        return any(o.kind is Kind.cartes and o.printing is not None and o.printing.landscape for o in self.prints)

    @property
    def tableaux(self) -> int:
        """Phase boards on the wall: one per sub-group and phase it works."""
        return sum(len(g.phases) for g in self.sous_groupes)

    @property
    def cartes_triees(self) -> int:
        """Competence cards laid on the boards: each sub-group's cards (a split phase's share)."""
        return sum(len(lot.ids) for g in self.sous_groupes for lot in g.lots)

    @property
    def postits(self) -> int:
        """Blocks of post-its, one a sub-group (the names themselves go in the boards' cells)."""
        return max(1, len(self.sous_groupes) or self.groupes) * POSTIT_BLOCKS

    @property
    def pate_pastilles(self) -> int:
        """Pellets of adhesive putty: one per card stuck on a board (its competence cards, its
        phase's steps, a sheet of actor cards per sub-group), with a margin."""
        cards = sum(len(lot.ids) + self.etapes.get(lot.phase, 0) for g in self.sous_groupes for lot in g.lots)
        return math.ceil((cards + ACTOR_CARDS_ON_BOARD * self.groupes) * PUTTY_MARGIN)

    @property
    def pate_paquets(self) -> int:
        return max(1, math.ceil(self.pate_pastilles / PUTTY_PER_PACK))

    @property
    def feutres(self) -> int:
        return max(self.participants, self.groupes * 2)

    # ------------------------------------------------------------ copies and paper

    def copies(self, output: Output) -> int:
        """Copies of the whole file; for a file printed per phase, of its largest part."""
        if output.copies.per_phase:
            return max((self.equipes(p.phase) for p in output.parts), default=0) + output.copies.fixed
        return output.copies.resolve(self.groupes)

    def copies_by_part(self, output: Output) -> list[tuple[str, int]]:
        """(« pages 1 à 4 (phase 1) », copies) for a file printed per phase; [] otherwise."""
        if not output.copies.per_phase:
            return []
        if len(output.parts) == 1 and output.parts[0].pages == output.pages:
            return []  # the whole file belongs to one phase: copies() says it
        lines = []
        for part in output.parts:
            pages = f"page {part.first}" if part.pages == 1 else f"pages {part.first} à {part.last}"
            lines.append((f"phase {part.phase} ({pages})", self.equipes(part.phase) + output.copies.fixed))
        return lines

    def sheets(self, output: Output) -> int:
        """Sheets of paper this file takes for the whole workshop."""
        settings = output.printing
        if settings is None:
            return 0
        if output.copies.per_phase:
            return sum(
                _part_sheets(settings, p.first, p.last) * (self.equipes(p.phase) + output.copies.fixed)
                for p in output.parts
            )
        return settings.sheets(output.pages) * self.copies(output)

    def paper(self, outputs: Iterable[Output], variants: bool = False) -> list[PaperLine]:
        """Paper to buy, per type, size and weight (never one sum across papers). A variant (a
        board tiled for the office printer) replaces its original, never adds to it: with
        ``variants``, the paper of the variants alone, bought instead of their originals'."""
        totals: dict[tuple[Stock, str, str, str], int] = {}
        for output in outputs:
            if output.printing is None or bool(output.manifest.get("variante_de")) != variants:
                continue
            key = (output.printing.stock, output.printing.paper, output.printing.grammage_fr, output.printing.place)
            totals[key] = totals.get(key, 0) + self.sheets(output)
        order = list(Stock)
        return [
            PaperLine(stock, papier, grammage, n, lieu)
            for (stock, papier, grammage, lieu), n in sorted(totals.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1], kv[0][3]))
            if n
        ]

    def cutting_minutes(self, outputs: Iterable[Output]) -> int:
        """Time to cut the cards out, on a paper trimmer, rounded up to five minutes."""
        sheets = sum(self.sheets(o) for o in outputs if o.printing and o.printing.cut)
        if self.recto_verso is RectoVerso.pliage:
            sheets *= 1.5  # fold and glue each sheet before cutting
        return int(5 * math.ceil(sheets * CUT_MINUTES_PER_SHEET / 5))

    def as_json(self) -> dict:
        """The plan as manifest.json records it: who sorts what, the timetable, the supplies."""
        return {
            "participants": self.participants,
            "sous_groupes": [
                {
                    "numero": g.numero,
                    "phases": list(g.phases),
                    "cartes": [{"phase": lot.phase, "ids": list(lot.ids), "minutes": lot.minutes} for lot in g.lots],
                }
                for g in self.sous_groupes
            ],
            "deroule": [
                {"debut": s.debut.strftime("%H:%M"), "fin": s.fin.strftime("%H:%M"), "titre": s.titre, "minutes": s.minutes}
                for s in self.deroule
            ],
            "fournitures": {
                "post_it_blocs": self.postits,
                "acteurs_par_carte": ACTOR_SPOTS,
                "pate_a_fixe_pastilles": self.pate_pastilles,
                "pate_a_fixe_paquets": self.pate_paquets,
            },
        }

    @property
    def fin(self) -> dt.time | None:
        return self.deroule[-1].fin if self.deroule else None


def _part_sheets(settings: PrintSettings, first: int, last: int) -> int:
    if settings.sides.duplex:
        return math.ceil(last / 2) - (first - 1) // 2
    return last - first + 1


def assign(phases: list[int], groupes: int, cards: dict[int, list[str]] | None = None) -> tuple[SousGroupe, ...]:
    """Who sorts what. With at least as many sub-groups as phases, one phase each, and the extra
    sub-groups go to the largest phases (most cards per sub-group first), which are then split
    between their sub-groups; with fewer, whole phases shared out so that the sub-groups' loads
    (cards) are even, each sub-group working its phases in order. ``cards``: each phase's
    competence ids (without them, every phase counts the same)."""
    cards = cards or {}
    size = {p: len(cards.get(p, ())) for p in phases}
    if not phases:
        return tuple(SousGroupe(n, ()) for n in range(1, groupes + 1))
    if groupes >= len(phases):
        teams = {p: 1 for p in phases}
        for _ in range(groupes - len(phases)):
            # The phase whose sub-groups have the most cards each (the earlier phase on a tie).
            largest = max(phases, key=lambda p: (size[p] / teams[p], -phases.index(p)))
            teams[largest] += 1
        order = list(phases) + [p for p in phases for _ in range(teams[p] - 1)]
        seen: dict[int, int] = {}
        result = []
        for numero, phase in enumerate(order, start=1):
            seen[phase] = seen.get(phase, 0) + 1
            ids = tuple(cards.get(phase, ()))
            n, part = teams[phase], seen[phase]
            # Even shares, in the cards' order (sizes differ by one card at most).
            start, end = (len(ids) * (part - 1)) // n, (len(ids) * part) // n
            lot = Lot(phase, ids[start:end], part, n)
            result.append(SousGroupe(numero, (phase,), (lot,)))
        return tuple(result)
    load = {n: 0 for n in range(1, groupes + 1)}
    worked: dict[int, list[int]] = {n: [] for n in range(1, groupes + 1)}
    for phase in sorted(phases, key=lambda p: (-size[p], phases.index(p))):
        lightest = min(load, key=lambda n: (load[n], len(worked[n]), n))
        worked[lightest].append(phase)
        load[lightest] += size[phase]
    return tuple(
        SousGroupe(n, tuple(sorted(p, key=phases.index)), tuple(Lot(q, tuple(cards.get(q, ()))) for q in sorted(p, key=phases.index)))
        for n, p in worked.items()
    )


def _decks(vue: ReferentielTerritorial, cartes: CardOptions):
    from ..cartes.decks import build_decks
    from ..cartes.imposition import sheet_layout

    # As the deck builder: a print shop's decks are made for 9-card sheets, printed one card a page.
    per_sheet = 9 if cartes.imprimeur else sheet_layout(cartes.format, cartes.papier, cartes.recto_verso).per_sheet
    return (1 if cartes.imprimeur else per_sheet), [d for d in build_decks(vue, per_sheet) if d.cards]


def card_files(vue: ReferentielTerritorial, cartes: CardOptions) -> list[str]:
    """The decks that have cards, then the calibration sheet when the cards print duplex at the office."""
    return [d.fichier for d in _decks(vue, cartes)[1]] + (["cartes-calibrage.pdf"] if cartes.calibration else [])


def poster_files(vue: ReferentielTerritorial, affiches: PosterOptions | None = None) -> list[str]:
    """A wall board per retained phase (and its office tiles), the overview, and for a territory its event poster."""
    from ..affiches.record import expected_board_prints

    names = [o.path for o in expected_board_prints(vue, affiches or PosterOptions())] + ["affiche-vue-ensemble.pdf"]
    return names + (["affiche-evenement.pdf"] if vue.atelier is not None else [])


def worksheet_files(vue: ReferentielTerritorial) -> list[str]:
    """The competence worksheet (Word, then spreadsheet), the actors' sheet, the action plan, the guide."""
    suffix = f"-{slugify(vue.atelier.territoire, default='territoire')}" if vue.atelier else ""
    return [f"fiche-competences{suffix}.docx", f"fiche-competences{suffix}.xlsx"] + [f"{stem}{suffix}.docx" for stem in WORKSHEETS[1:]]


def planned_files(vue: ReferentielTerritorial, cartes: CardOptions, affiches: PosterOptions | None = None) -> tuple[str, ...]:
    """Every file of the kit, in the order the kit makes them (its progress steps)."""
    return tuple(card_files(vue, cartes) + poster_files(vue, affiches) + worksheet_files(vue) + [INDEX])


WORKSHEETS = ("fiche-competences", "fiche-acteurs", "fiche-plan-action", "guide-animation")


def expected_prints(vue: ReferentielTerritorial, cartes: CardOptions, affiches: PosterOptions) -> list[Output]:
    """The kit's PDFs as they will be made — pages, phases' pages, print settings, copies —
    computed from the plan's inputs without rendering anything (``data`` is empty).

    The guide's print checklist is made from these before the decks exist; a test
    holds them equal to the records of the files actually made.
    """
    from ..cartes.decks import sheets
    from ..cartes.record import CALIBRATION_PURPOSE, DECK_COPIES, calibration_print_settings, card_print_settings

    per_sheet, decks = _decks(vue, cartes)
    settings = card_print_settings(cartes)
    result = []
    for deck in decks:
        chunks = sheets(deck.cards, per_sheet)
        sides = 2 if cartes.imprimeur or cartes.recto_verso in (RectoVerso.long, RectoVerso.court) else 1
        pages: dict[int, list[int]] = {}
        for index, chunk in enumerate(chunks):
            for card in chunk:
                if card.kind in ("competence", "etape"):
                    pages.setdefault(int(card.numero), []).extend(index * sides + 1 + side for side in range(sides))
        parts = tuple(Part(phase, min(p), max(p)) for phase, p in sorted(pages.items()))
        result.append(
            Output(deck.fichier, b"", len(chunks) * sides, Kind.cartes, deck.description, settings, DECK_COPIES.get(deck.nom, Copies()), parts=parts)
        )
    if cartes.recto_verso in (RectoVerso.long, RectoVerso.court) and not cartes.imprimeur:
        result.append(Output("cartes-calibrage.pdf", b"", 2, Kind.calibrage, CALIBRATION_PURPOSE, calibration_print_settings(cartes), Copies(fixed=1)))
    from ..affiches.record import EVENT_PURPOSE, expected_board_prints, overview_purpose

    from ..options import event_format
    from ..affiches.record import overview_paper, poster_print_settings

    result += expected_board_prints(vue, affiches)
    overview = poster_print_settings(overview_paper(vue, affiches))
    result.append(Output("affiche-vue-ensemble.pdf", b"", 1, Kind.affiche, overview_purpose(len(vue.phases)), overview, Copies(fixed=1)))
    if vue.atelier is not None:
        event = poster_print_settings(event_format(affiches))
        result.append(Output("affiche-evenement.pdf", b"", 1, Kind.affiche, EVENT_PURPOSE, event, Copies(fixed=3)))
    return result


def make_plan(
    vue: ReferentielTerritorial, cartes: CardOptions | None = None, affiches: PosterOptions | None = None
) -> Plan:
    cartes = cartes or CardOptions()
    a = vue.atelier
    groupes = sub_groups(a.nombre_sous_groupes if a else None, a.nombre_participants if a else None)
    participants = a.nombre_participants if a and a.nombre_participants else groupes * PARTICIPANTS_PER_GROUP
    phases = [p.numero for p in vue.phases]
    cards = {p.numero: [c.id for c in p.competences] for p in vue.phases}
    sous_groupes = assign(phases, groupes, cards)
    tours = max((len(g.phases) for g in sous_groupes), default=0)
    charges = [Charge(p.titre, len(p.competences), sum(1 for g in sous_groupes if p.numero in g.phases)) for p in vue.phases]
    tri = max((g.minutes for g in sous_groupes), default=sorting_minutes(0))
    return Plan(
        territoire=vue.territoire,
        participants=participants,
        groupes=groupes,
        phases=tuple(phases),
        titres={p.numero: p.titre for p in vue.phases},
        sous_groupes=sous_groupes,
        tours=tours,
        recto_verso=cartes.recto_verso,
        imprimeur=cartes.imprimeur,
        evenement=a is not None,
        deroule=tuple(agenda(a.heure_debut if a else None, charges, groupes, participants, tri, tours)),
        cartes={p.numero: len(p.competences) for p in vue.phases},
        etapes={p.numero: len(p.etapes) for p in vue.phases},
        fichiers=planned_files(vue, cartes, affiches),
        prints=tuple(expected_prints(vue, cartes, affiches or PosterOptions())),
        quand=" · ".join(filter(None, [date_fr(a.date) if a and a.date else "", heure_fr(a.heure_debut) if a and a.heure_debut else ""])),
    )


# ---------------------------------------------------------------- the print checklist

KIND_ORDER = ["guide", "calibrage", "cartes", "affiche", "fiche", "synthese", "donnees", "apercu", "planche"]


@dataclass(frozen=True)
class PrintLine:
    """One file to print: how, how many, how much paper."""

    output: Output
    reglages: str
    exemplaires: int
    par_phase: tuple[tuple[str, int], ...]
    feuilles: int

    @property
    def fichier(self) -> str:
        return self.output.path

    @property
    def variante_de(self) -> str | None:
        """The file this one is printed instead of (a board's office tiles), if any."""
        return self.output.manifest.get("variante_de")


@dataclass(frozen=True)
class Checklist:
    papier: tuple[PaperLine, ...]
    papier_variantes: tuple[PaperLine, ...]  # instead of the originals' (boards tiled at the office)
    d_abord: tuple[str, ...]  # files to print before everything else
    lignes: tuple[PrintLine, ...]  # guide first, then in the order of the workshop
    decoupe_minutes: int


def printing_order(outputs: Iterable[Output]) -> list[Output]:
    """The guide first (read first), the calibration sheet, cards, posters, worksheets."""
    outputs = list(outputs)
    return sorted(outputs, key=lambda o: (KIND_ORDER.index(o.kind.value), outputs.index(o)))


def checklist(plan: Plan, outputs: Iterable[Output]) -> Checklist:
    """What to buy and print, from the records: files in printing order, those with the
    same printer settings together (one setting a time at the printer)."""
    printed = [o for o in printing_order(outputs) if o.printing is not None]
    settings = list(dict.fromkeys(o.printing.sentence() for o in printed if o.printing))
    lines = tuple(
        sorted(
            (
                PrintLine(o, o.printing.sentence(), plan.copies(o), tuple(plan.copies_by_part(o)), plan.sheets(o))
                for o in printed
                if o.printing is not None
            ),
            key=lambda line: settings.index(line.reglages),
        )
    )
    first = tuple(o.path for o in printed if o.kind.value == "calibrage")
    return Checklist(tuple(plan.paper(printed)), tuple(plan.paper(printed, variants=True)), first, lines, plan.cutting_minutes(printed))
