"""What a workshop file still lacks: values that would print wrongly as they are.

Light (no loader): an up-to-date kit says them again from what its manifest
recorded, without validating the file again (kit.unchanged).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Atelier


@dataclass(frozen=True)
class WorkshopWarning:
    """Something a workshop file still lacks: printed as it is, it would look wrong on paper."""

    champ: str  # the key, as in the file: « lieu », « acteurs › nom »
    valeur: str
    message: str

    def __str__(self) -> str:
        return f"{self.champ}\u00a0: {self.message}"


_PLACEHOLDERS = ("…", "Nom de la structure porteuse", "Prénom Nom")
PROVISIONAL_DATE = "date provisoire"
"""The comment ``ateliers nouveau`` writes after the template's date, until someone sets it."""


def read_source(path: Path) -> str | None:
    """The workshop file's text, for the provisional-date comment (None when unreadable)."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def workshop_warnings(
    atelier: Atelier, source: str | None = None, today: dt.date | None = None
) -> list[WorkshopWarning]:
    """Values of a workshop file that would print wrongly: the template's placeholders
    (« Mairie de … », « Prénom Nom »), its provisional date, a date already past.

    ``source`` is the file's text (to spot the template's « date provisoire » comment)."""
    return placeholder_warnings(atelier) + date_warnings(atelier.date, source, today)


A_COMPLETER = "à compléter"


def referentiel_warnings(referentiel) -> list[WorkshopWarning]:
    """The « À compléter » values ``ateliers importer`` leaves in a referential's credits (printed on every sheet)."""
    values = [("référentiel › source › auteurs", a) for a in referentiel.source.auteurs]
    values += [("référentiel › source › groupe_de_travail", referentiel.source.groupe_de_travail), ("référentiel › source › credit", referentiel.source.credit)]
    return [
        WorkshopWarning(where, v, f"« {v} » : le référentiel importé est encore à compléter (ce serait imprimé tel quel)")
        for where, v in values
        if A_COMPLETER in v.casefold()
    ]


def placeholder_warnings(atelier: Atelier) -> list[WorkshopWarning]:
    """The template's placeholders still in the file (« Mairie de … », « Prénom Nom »)."""
    values = [("structure_porteuse", atelier.structure_porteuse), ("lieu", atelier.lieu)]
    values += [("animation", name) for name in atelier.animation]
    values += [("acteurs › nom", a.nom) for a in atelier.acteurs]
    return [
        WorkshopWarning(where, v, f"« {v} » semble encore à compléter (ce serait imprimé tel quel)")
        for where, v in values
        if v and any(p in v for p in _PLACEHOLDERS)
    ]


def date_warnings(date: dt.date | None, source: str | None = None, today: dt.date | None = None) -> list[WorkshopWarning]:
    """A date already past (it depends on the day: never recorded), or the template's provisional one."""
    if date is None:
        return []
    today = today or dt.date.today()
    shown = date.strftime("%d/%m/%Y")
    if date < today:
        return [WorkshopWarning("date", shown, f"le {shown} est déjà passé : est-ce la bonne date ?")]
    if source is not None and any(line.lstrip().startswith("date:") and PROVISIONAL_DATE in line for line in source.splitlines()):
        return [WorkshopWarning("date", shown, f"le {shown} est la date provisoire du modèle : remplacez-la par celle de l’atelier")]
    return []
