"""The workshop's running order, with clock times, from the workshop file."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from .typography import plural

DEFAULT_START = dt.time(9, 0)

JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MOIS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]  # fmt: skip


def date_fr(day: dt.date) -> str:
    """« jeudi 18 mars 2027 »."""
    premier = "1er" if day.day == 1 else str(day.day)
    return f"{JOURS[day.weekday()]} {premier} {MOIS[day.month - 1]} {day.year}"


def heure_fr(time: dt.time) -> str:
    """« 9 h 30 », « 14 h »."""
    return f"{time.hour}\u00a0h\u00a0{time.minute:02d}" if time.minute else f"{time.hour}\u00a0h"



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


def sub_groups(nombre_sous_groupes: int | None, nombre_participants: int | None) -> int:
    """Given, or one sub-group per 5 to 6 participants (3 when nothing is known)."""
    if nombre_sous_groupes:
        return nombre_sous_groupes
    if nombre_participants:
        return max(1, min(8, round(nombre_participants / 6)))
    return 3


def phases_counted(n: int) -> str:
    """« la phase », « les deux phases » … « les quatre phases », « les phases »."""
    return {1: "la phase", 2: "les deux phases", 3: "les trois phases", 4: "les quatre phases"}.get(n, "les phases")


def duree(minutes: int) -> str:
    """« 45 minutes », « 1 h 15 »."""
    if minutes < 60:
        return plural(minutes, "minute")
    h, m = divmod(minutes, 60)
    return f"{h}\u00a0h\u00a0{m:02d}" if m else f"{h}\u00a0h"


def agenda(start: dt.time | None, phases: list[str], groupes: int, rounds: int | None = None) -> list[Sequence]:
    """Welcome, referential, sorting per phase (in parallel when there are enough sub-groups),
    putting together on the boards, debrief, next steps."""
    if rounds is None:
        rounds = math.ceil(len(phases) / groupes) if phases else 0
    if len(phases) == 1:
        split = f"1 phase, travaillée par {'chacun des ' + plural(groupes, 'sous-groupe') if groupes > 1 else 'le sous-groupe'}"
    elif groupes >= len(phases):
        split = f"{plural(len(phases), 'phase')} réparties entre {plural(groupes, 'sous-groupe')}, une phase par sous-groupe"
    else:
        split = f"{plural(len(phases), 'phase')} réparties entre {plural(groupes, 'sous-groupe')}"
    sorting_detail = split + (f", en {rounds} tours" if rounds > 1 else ", en parallèle")
    steps = [
        (15, "Accueil", "Tour de table : qui est là, quelle structure, quel lien avec le projet."),
        (15, "Présentation du référentiel", f"{phases_counted(len(phases)).capitalize()}, la question de l’atelier, les règles du jeu."),
        (30 * max(1, rounds), "Tri des cartes en sous-groupes", sorting_detail + "."),
        # Ten minutes a phase; five a board when several sub-groups share a phase.
        (max(10 * max(1, len(phases)), 5 * max(groupes, len(phases))), "Mise en commun sur les tableaux des phases", "Chaque sous-groupe présente le tableau de sa phase."),
        (15, "Débat : ce qui manque, ce qui est fragile", "Les compétences sans acteur, celles qui reposent sur un seul acteur."),
        (10, "Suites", "Qui contacte qui, et quand ; plan d’action."),
    ]
    current = dt.datetime.combine(dt.date(2000, 1, 1), start or DEFAULT_START)
    result = []
    for minutes, title, detail in steps:
        end = current + dt.timedelta(minutes=minutes)
        result.append(Sequence(current.time(), end.time(), title, detail))
        current = end
    return result
