"""Reading back the filled competence worksheets as people really fill them.

Word (.docx), Writer (.odt), Excel (.xlsx), Calc (.ods) and CSV (any common encoding
and separator). Nothing is silently dropped: every non-empty cell ends up in a
reading, in a notice to check, or in the « non reconnu » list, with its file, table
and row.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import InputError
from ..entrees.models import Referentiel
from ..fiches.format import QUI
from .acteurs import recurring_names, split_acteurs
from .files import FileTables, no_worksheet, open_tables
from .interpret import interpret, normalise_id, phase_of
from .model import Notice, Reading, Row, Sheets, Unrecognised
from .statuts import parse_statut
from .tables import read_tables
from .text import fold

__all__ = ["Notice", "Reading", "Row", "Sheets", "Unrecognised", "fold", "parse_statut", "read_sheets", "split_acteurs"]


def _check_version(path: Path, found: FileTables, ref: Referentiel) -> None:
    stamp = found.identifier.removeprefix("sha256:")
    if found.version and (found.version != ref.version or (stamp and stamp != ref.empreinte)):
        raise InputError(
            f"« {path.name} » a été produite avec le référentiel {found.version}, pas avec le référentiel actuel ({ref.version}).",
            conseil="Les numéros des compétences peuvent avoir changé : relisez-la avec le bon référentiel (--referentiel), ou ajoutez --forcer.",
        )


def read_sheets(
    paths: list[Path], ref: Referentiel, known_ids: dict[str, str], force: bool = False, acteurs: Iterable[str] = ()
) -> Sheets:
    """Every row of every file, interpreted; ``acteurs`` are the names the workshop file
    declares (never split)."""
    sheets = Sheets()
    rows: list[Row] = []
    for path in paths:
        found = open_tables(path)
        if not force:
            _check_version(path, found, ref)
        reading = read_tables(path.name, found.tables)
        if not reading.worksheet_tables or (found.kind == "csv" and not found.header_found and not reading.rows):
            raise no_worksheet(path, found.kind)
        if found.tracked:
            sheets.notices.append(Notice(path.name, "le fichier contenait des modifications suivies non acceptées : lues comme acceptées (ajouts lus, suppressions ignorées)"))
        rows += reading.rows
        sheets.notices += reading.notices
        sheets.unrecognised += reading.unrecognised
    known_names = {fold(n) for n in acteurs}
    known_names |= recurring_names([row.cells[QUI] for row in rows])
    known_names.discard("")
    for row in rows:
        interpret(row, known_ids, known_names, sheets)
    _phases_of_proposed(sheets.readings)
    return sheets


def _phases_of_proposed(readings: list[Reading]) -> None:
    """A proposed row belongs to the phase of the competences around it in its table."""
    last: dict[tuple[str, str], int] = {}
    pending: list[Reading] = []
    for r in readings:
        key = (r.row.fichier, r.row.tableau)
        if r.competence:
            last[key] = phase_of(r.competence) or last.get(key, 0)
            for p in pending:
                if (p.row.fichier, p.row.tableau) == key and p.phase is None:
                    p.phase = last[key]
            pending = [p for p in pending if p.phase is None]
        elif r.phase is None:
            if key in last:
                r.phase = last[key]
            else:
                pending.append(r)


__all__ += ["normalise_id"]


def read_worksheets(vue, paths: list[Path], force: bool = False) -> Sheets:
    """read_sheets for a territory: its ids (retained phases, additions) and declared actors."""
    known = {c.id: c.texte for c in vue.referentiel.competences} | {c.id: c.texte for c in vue.competences}
    names = [a.nom for a in vue.atelier.acteurs] if vue.atelier else []
    return read_sheets(paths, vue.referentiel, known, force, acteurs=names)


__all__ += ["read_worksheets"]
