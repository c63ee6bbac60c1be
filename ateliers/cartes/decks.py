"""Card decks as view models: what each card says, before any layout.

Four decks: compétences, étapes, synthèse (the summary) and cartes à
remplir (actor cards, pre-filled for known actors, and blank competence
cards for what the group finds missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..entrees.territoire import ReferentielTerritorial
from ..impression.theme import ACTEUR, RESUME, VIERGE, Identite, phase_identite


@dataclass(frozen=True)
class Card:
    id: str
    kind: str  # competence, etape, resume, acteur, competence-vierge
    identite: Identite
    numero: str  # printed in/near the shape: phase number, group initials…
    titre: str  # band title: « Phase 2 », « Synthèse »
    sous_titre: str  # band subtitle: « Le test », group name
    texte: str = ""
    ajoutee: bool = False  # added by the territory
    champs: tuple[tuple[str, str], ...] = ()  # actor cards: (label, value)
    verso: str = ""  # deck kind printed on the back: « Compétence »
    verso_titre: str = ""  # « Phase 2 — Le test »

    @property
    def zone_ecriture(self) -> bool:
        """Cards read in hand carry « Qui la détient sur notre territoire ? » and ruled lines. A
        competence card is read at the board, its holders written on post-its beside it: its whole
        face goes to its text, at 12 pt or more."""
        return self.kind in ("resume", "competence-vierge")

    @property
    def back_key(self) -> tuple[str, str, str]:
        return (self.identite.cle, self.verso, self.verso_titre)


@dataclass(frozen=True)
class Deck:
    nom: str  # file stem after « cartes- »
    titre: str  # « Compétences »
    cards: tuple[Card, ...]
    description: str = ""

    @property
    def fichier(self) -> str:
        return f"cartes-{self.nom}.pdf"


PHASE_WORD = "Phase"

DECK_NAMES = ("competences", "etapes", "synthese", "a-remplir")
"""Every deck, in the order they are built (their files are ``cartes-<nom>.pdf``)."""


def _phase_cards(vue: ReferentielTerritorial, kind: str) -> list[Card]:
    cards = []
    for phase in vue.phases:
        ident = phase_identite(phase.numero)
        items = phase.competences if kind == "competence" else phase.etapes
        label = "Compétence" if kind == "competence" else "Étape"
        for item in items:
            cards.append(
                Card(
                    id=item.id,
                    kind=kind,
                    identite=ident,
                    numero=str(phase.numero),
                    titre=f"{PHASE_WORD} {phase.numero}",
                    sous_titre=phase.nom,
                    texte=item.texte,
                    ajoutee=getattr(item, "ajoutee", False),
                    verso=label,
                    verso_titre=phase.titre,
                )
            )
    return cards


def _resume_heading(vue) -> str:
    """The summary's heading as the referential names it (« En résumé… » → « En résumé »)."""
    return vue.referentiel.libelles.partie_resume.rstrip(" .…:") or "En résumé"


def _resume_description(groups: int) -> str:
    words = {1: "un groupe", 2: "deux groupes", 3: "trois groupes", 4: "quatre groupes", 5: "cinq groupes", 6: "six groupes"}
    return f"Les compétences clés du résumé, en {words.get(groups, f'{groups} groupes')}."


def _resume_cards(vue: ReferentielTerritorial) -> list[Card]:
    cards = []
    for groupe in vue.resume:
        for element in groupe.elements:
            cards.append(
                Card(
                    id=element.id,
                    kind="resume",
                    identite=RESUME,
                    numero="",
                    titre="Synthèse",
                    sous_titre=groupe.nom,
                    texte=element.texte,
                    verso="Synthèse",
                    verso_titre=_resume_heading(vue),
                )
            )
    return cards


def _to_fill_cards(vue: ReferentielTerritorial, per_sheet: int) -> list[Card]:
    """Pre-filled actor cards, blank ones to complete the sheets, and blank competence cards."""

    def actor_card(ident: str, nom: str = "", type_: str = "", contact: str = "") -> Card:
        return Card(
            id=ident,
            kind="acteur",
            identite=ACTEUR,
            numero="",
            titre="Acteur",
            sous_titre="du territoire",
            champs=(("Acteur", nom), ("Type", type_), ("Contact", contact)),
            verso="Acteur",
            verso_titre="Acteur du territoire",
        )

    acteurs = vue.atelier.acteurs if vue.atelier else []
    cards = [
        actor_card(f"A-{i:02d}", a.nom, a.type.value, a.contact or "") for i, a in enumerate(acteurs, start=1)
    ]
    # At least one full sheet of blank actor cards, and the partial sheet completed.
    blanks = per_sheet + (-len(cards)) % per_sheet
    cards += [actor_card(f"A-VIERGE-{i:02d}") for i in range(1, blanks + 1)]
    cards += [
        Card(
            id=f"C-VIERGE-{i:02d}",
            kind="competence-vierge",
            identite=VIERGE,
            numero="",
            titre="Compétence",
            sous_titre="à ajouter",
            verso="Compétence à ajouter",
            verso_titre="Compétence manquante",
        )
        for i in range(1, per_sheet + 1)
    ]
    return cards


PHASED = ("competence", "etape")  # the kinds of card that belong to a phase


def sheets(cards: Sequence[Card], per_sheet: int) -> list[list[Card]]:
    """The cards sheet by sheet. A phase's cards start a sheet of their own: each sub-group is
    handed its phase's sheets, with no other phase's cards to sort out."""
    result: list[list[Card]] = []
    last = None
    for card in cards:
        phase = card.numero if card.kind in PHASED else None
        if not result or len(result[-1]) == per_sheet or phase != last:
            result.append([])
        result[-1].append(card)
        last = phase
    return result


def build_decks(vue: ReferentielTerritorial, per_sheet: int) -> list[Deck]:
    return [
        Deck(
            "competences",
            "Compétences",
            tuple(_phase_cards(vue, "competence")),
            "Une carte par compétence du référentiel, regroupées par phase.",
        ),
        Deck(
            "etapes",
            "Grandes étapes",
            tuple(_phase_cards(vue, "etape")),
            "Une carte par grande étape de chaque phase.",
        ),
        Deck(
            "synthese",
            "Synthèse",
            tuple(_resume_cards(vue)),
            _resume_description(len(vue.resume)),
        ),
        Deck(
            "a-remplir",
            "Cartes à remplir",
            tuple(_to_fill_cards(vue, per_sheet)),
            "Cartes « Acteur » et cartes « Compétence à ajouter » à remplir pendant l’atelier.",
        ),
    ]
