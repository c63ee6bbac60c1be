"""The workshop's running order, with clock times, from the workshop file."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from ..impression.typography import heure_fr, phases_counted, plural

DEFAULT_START = dt.time(9, 0)

@dataclass(frozen=True)
class Sequence:
    debut: dt.time
    fin: dt.time
    titre: str
    detail: str

    @property
    def minutes(self) -> int:
        start = dt.datetime.combine(dt.date.today(), self.debut)
        end = dt.datetime.combine(dt.date.today(), self.fin)
        return int((end - start).total_seconds() // 60)


SORT_MINUTES_PER_CARD = 2  # reading, debate, names written on the board, copied onto the worksheet
SORT_SETUP_MINUTES = 5  # roles shared out, the steps laid above the board
INTRO_SECONDS_PER_PERSON = 30  # the round of names: who, which structure
MERGE_MINUTES = 5  # a second board of the same phase, merged into the first


def round_up(minutes: float, step: int = 5) -> int:
    return int(step * math.ceil(minutes / step - 1e-9))


def sorting_minutes(cards: int) -> int:
    """A sub-group's time to sort ``cards`` competence cards: about two minutes a card, set-up
    included, rounded up to five minutes."""
    return round_up(SORT_SETUP_MINUTES + SORT_MINUTES_PER_CARD * cards)


def welcome_minutes(participants: int) -> int:
    """Welcome and the round of names: 30 seconds a person, five minutes to start, by fives."""
    return max(10, round_up(5 + participants * INTRO_SECONDS_PER_PERSON / 60))


@dataclass(frozen=True)
class Charge:
    """One phase's sorting as the plan shares it: its competence cards and the sub-groups on it."""

    titre: str
    cartes: int
    equipes: int

    @property
    def par_equipe(self) -> int:
        """Cards each sub-group sorts: the phase split between its sub-groups."""
        return math.ceil(self.cartes / max(1, self.equipes))


def agenda(
    start: dt.time | None,
    charges: list[Charge],
    groupes: int,
    participants: int,
    tri: int,
    rounds: int = 1,
) -> list[Sequence]:
    """Welcome (by the number of participants), referential, sorting (``tri`` minutes: the plan's
    longest sub-group, about two minutes a card), putting together on the boards (ten minutes a
    phase, five more for each board merged into another), debrief, next steps and closing."""
    phases = len(charges)
    if phases == 1:
        split = f"1 phase, travaillée par {'les ' + plural(groupes, 'sous-groupe') if groupes > 1 else 'le sous-groupe'}"
    elif groupes >= phases:
        split = f"{plural(phases, 'phase')} réparties entre {plural(groupes, 'sous-groupe')}"
    else:
        split = f"{plural(phases, 'phase')} réparties entre {plural(groupes, 'sous-groupe')}, en {rounds} tours"
    loads = []
    for c in charges:
        shared = f", partagées entre {c.equipes} sous-groupes ({c.par_equipe} cartes au plus chacun)" if c.equipes > 1 else ""
        loads.append(f"{c.titre} : {plural(c.cartes, 'carte')}{shared}")
    merges = sum(max(0, c.equipes - 1) for c in charges)
    steps = [
        (welcome_minutes(participants), "Accueil", f"Tour de table en 30 secondes par personne ({plural(participants, 'participant')}) : qui, quelle structure, quel lien avec le projet."),
        (15, "Présentation du référentiel", f"{phases_counted(phases).capitalize()}, la question de l’atelier, les règles du jeu."),
        (tri, "Tri des cartes en sous-groupes", f"{split} ; environ 2 minutes par carte. " + " · ".join(loads) + "."),
        (
            10 * max(1, phases) + MERGE_MINUTES * merges,
            "Mise en commun sur les tableaux des phases",
            "Chaque sous-groupe présente le tableau de sa phase" + (" ; les deux tableaux d’une même phase sont réunis en un seul." if merges else "."),
        ),
        (15, "Débat : ce qui manque, ce qui est fragile", "Les compétences sans acteur, celles qui reposent sur un seul acteur."),
        (15, "Suites et clôture", "Qui contacte qui, et quand ; plan d’action. Avant de partir : photographiez chaque tableau, ramassez les fiches."),
    ]
    current = dt.datetime.combine(dt.date(2000, 1, 1), start or DEFAULT_START)
    result = []
    for minutes, title, detail in steps:
        end = current + dt.timedelta(minutes=minutes)
        sequence = Sequence(current.time(), end.time(), title, detail)
        if title.startswith("Tri des cartes"):
            sequence = Sequence(current.time(), end.time(), title, f"{detail} Point à mi-parcours à {heure_fr(midpoint(sequence))}.")
        result.append(sequence)
        current = end
    return result


def midpoint(sequence: Sequence) -> dt.time:
    """The middle of a sequence, rounded down to five minutes: the sorting's mid-point check."""
    start = dt.datetime.combine(dt.date(2000, 1, 1), sequence.debut)
    half = start + dt.timedelta(minutes=sequence.minutes / 2)
    return half.replace(minute=half.minute - half.minute % 5, second=0, microsecond=0).time()
