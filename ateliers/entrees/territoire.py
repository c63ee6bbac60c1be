"""The referential as one territory works with it: retained phases, additions merged.

Every printable is built from a ``ReferentielTerritorial``: with no
workshop file it is the whole referential; with one, only the retained
phases, each with the territory’s added competences after its own, under
ids of their own namespace (C2-T01…) so they never collide with the
referential’s.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from .models import Atelier, Etape, GroupeResume, Referentiel


@dataclass(frozen=True)
class CompetenceTerritoriale:
    id: str
    texte: str
    phase: int
    ajoutee: bool = False  # added by the territory, not in the referential


@dataclass(frozen=True)
class PhaseTerritoriale:
    numero: int
    nom: str
    notes: tuple[str, ...]
    etapes: tuple[Etape, ...]
    competences: tuple[CompetenceTerritoriale, ...]

    @property
    def titre(self) -> str:
        return f"Phase {self.numero} — {self.nom}"

    @property
    def ajouts(self) -> tuple[CompetenceTerritoriale, ...]:
        return tuple(c for c in self.competences if c.ajoutee)


@dataclass(frozen=True)
class ReferentielTerritorial:
    referentiel: Referentiel
    atelier: Atelier | None
    phases: tuple[PhaseTerritoriale, ...]

    @property
    def resume(self) -> list[GroupeResume]:
        return self.referentiel.resume

    @property
    def territoire(self) -> str | None:
        return self.atelier.territoire if self.atelier else None

    @property
    def competences(self) -> list[CompetenceTerritoriale]:
        return [c for p in self.phases for c in p.competences]

    @property
    def etapes(self) -> list[Etape]:
        return [e for p in self.phases for e in p.etapes]


def merge_atelier(
    referentiel: Referentiel, atelier: Atelier | None = None, phases: list[int] | None = None
) -> ReferentielTerritorial:
    """Merge a workshop’s additions into the referential and keep the retained phases.

    ``phases`` (e.g. from a ``--phases`` option) overrides the workshop file’s
    ``phases_retenues``; both default to every phase, in the referential’s order.
    """
    retained = phases or (atelier.phases_retenues if atelier else None) or [p.numero for p in referentiel.phases]
    known = {p.numero for p in referentiel.phases}
    unknown = [n for n in retained if n not in known]
    if unknown:
        raise InputError(
            f"Phase {', '.join(map(str, unknown))} inconnue du référentiel.",
            conseil=f"Phases disponibles : {', '.join(str(n) for n in sorted(known))}.",
        )
    added = _numbered_additions(atelier) if atelier else {}
    result = []
    for phase in referentiel.phases:
        if phase.numero not in retained:
            continue
        competences = tuple(
            CompetenceTerritoriale(c.id, c.texte, phase.numero) for c in phase.competences
        ) + tuple(added.get(phase.numero, ()))
        result.append(
            PhaseTerritoriale(phase.numero, phase.nom, tuple(phase.notes), tuple(phase.etapes), competences)
        )
    return ReferentielTerritorial(referentiel, atelier, tuple(result))


def _numbered_additions(atelier: Atelier) -> dict[int, list[CompetenceTerritoriale]]:
    """Ids for the additions: explicit ones kept, the others numbered T01, T02… in file order."""
    taken = {a.id for a in atelier.competences_ajoutees if a.id}
    counters: dict[int, int] = {}
    by_phase: dict[int, list[CompetenceTerritoriale]] = {}
    for ajout in atelier.competences_ajoutees:
        ident = ajout.id
        if ident is None:
            n = counters.get(ajout.phase, 0)
            while True:
                n += 1
                ident = f"C{ajout.phase}-T{n:02d}"
                if ident not in taken:
                    break
            counters[ajout.phase] = n
            taken.add(ident)
        by_phase.setdefault(ajout.phase, []).append(CompetenceTerritoriale(ident, ajout.texte, ajout.phase, True))
    return by_phase
