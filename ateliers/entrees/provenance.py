"""Who signs the documents, with what credit, and with what date: computed once for every
printable (PDF and Word), from the inputs only — never the wall clock, so the same
inputs give the same bytes.

- author: the workshop's organising structure, else the referential's authors;
- credit: the referential's credit line;
- date: ``SOURCE_DATE_EPOCH`` when set (the reproducible-builds convention), else the
  workshop's date, else 1 January 1980 (the earliest date a zip archive — a .docx — holds).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from .territoire import ReferentielTerritorial

FALLBACK = dt.datetime(1980, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Provenance:
    auteur: str
    credit: str
    date: dt.datetime  # aware, UTC


def document_date(vue: ReferentielTerritorial, environ: dict[str, str] | None = None) -> dt.datetime:
    epoch = (os.environ if environ is None else environ).get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return max(FALLBACK, dt.datetime.fromtimestamp(int(epoch), dt.UTC))
    if vue.atelier is not None and vue.atelier.date is not None:
        return max(FALLBACK, dt.datetime.combine(vue.atelier.date, dt.time(0, 0), dt.UTC))
    return FALLBACK


def provenance(vue: ReferentielTerritorial, environ: dict[str, str] | None = None) -> Provenance:
    ref = vue.referentiel
    atelier = vue.atelier
    auteur = atelier.structure_porteuse if atelier and atelier.structure_porteuse else " & ".join(ref.source.auteurs)
    return Provenance(auteur, ref.source.credit, document_date(vue, environ))
