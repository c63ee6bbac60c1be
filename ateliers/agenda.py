"""The workshop's running order, with clock times, from the workshop file."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

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


def sub_groups(nombre_sous_groupes: int | None, nombre_participants: int | None) -> int:
    """Given, or one sub-group per 5 to 6 participants (3 when nothing is known)."""
    if nombre_sous_groupes:
        return nombre_sous_groupes
    if nombre_participants:
        return max(1, min(8, round(nombre_participants / 6)))
    return 3


def agenda(start: dt.time | None, phases: list[str], groupes: int) -> list[Sequence]:
    """Welcome, referential, sorting per phase (in parallel when there are enough sub-groups),
    putting together on the boards, debrief, next steps."""
    rounds = math.ceil(len(phases) / groupes) if phases else 0
    sorting_detail = (
        f"{len(phases)} phase(s) réparties entre {groupes} sous-groupe(s)"
        + (f", en {rounds} tours" if rounds > 1 else ", en parallèle")
    )
    steps = [
        (15, "Accueil", "Tour de table : qui est là, quelle structure, quel lien avec le projet."),
        (15, "Présentation du référentiel", "Les quatre phases, la question de l’atelier, les règles du jeu."),
        (30 * max(1, rounds), "Tri des cartes en sous-groupes", sorting_detail + "."),
        (10 * max(1, len(phases)), "Mise en commun sur les tableaux des phases", "Chaque sous-groupe présente et colle ses cartes."),
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
