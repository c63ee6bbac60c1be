"""Results typed in the browser after a workshop: one CSV in the worksheet's format
(columns of the printed « fiche compétences »), so that ``ateliers synthese`` reads
it like any filled worksheet, and a spreadsheet opens it as it is.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import astuple, dataclass
from pathlib import Path

from ..fichiers.atomic import write_bytes
from ..errors import InputError
from ..fichiers.safe_cells import csv_row, csv_unquote
from ..fiches.format import COLUMNS, STATUTS

ENTRY_FILE = "saisie-navigateur.csv"
STATUSES = tuple(s for s, _ in STATUTS)


@dataclass
class EntryRow:
    """One line of the grid: a competence and what the group said about it."""

    numero: str
    competence: str
    qui: str = ""
    type: str = ""
    contact: str = ""
    statut: str = ""
    commentaire: str = ""

    def blank(self) -> bool:
        return not any(v.strip() for v in (self.qui, self.type, self.contact, self.statut, self.commentaire))


def entry_text(rows: list[EntryRow]) -> str:
    """The CSV (« ; » as Excel writes it in French, UTF-8 with BOM): header, then the rows that say something."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if not row.blank():
            writer.writerow(csv_row(v.strip() for v in astuple(row)))  # never a formula in a spreadsheet
    return "\ufeff" + buffer.getvalue()


def write_entry(path: Path, rows: list[EntryRow], opened_hash: str | None = None) -> None:
    """Write the grid (atomically); refuse if the file changed since ``opened_hash`` was read."""
    if opened_hash is not None and entry_hash(path) != opened_hash:
        raise InputError(
            f"La saisie « {path.name} » a été modifiée depuis que vous l’avez ouverte (dans un autre onglet ?) : rien n’a été enregistré.",
            conseil="Rechargez la page pour voir la nouvelle version, puis saisissez à nouveau.",
        )
    write_bytes(path, entry_text(rows).encode("utf-8"))


def entry_hash(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def read_entry(path: Path) -> dict[str, EntryRow]:
    """The rows of a grid saved by ``write_entry``, by competence number (to fill the grid again)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return {}
    except UnicodeDecodeError:
        raise InputError(f"La saisie « {path.name} » n’est pas en UTF-8.", conseil="Enregistrez-la en UTF-8, ou supprimez-la et saisissez à nouveau.") from None
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not lines or [c.strip() for c in lines[0]] != COLUMNS:
        raise InputError(f"La saisie « {path.name} » n’a pas les colonnes d’une fiche compétences.", conseil=f"La première ligne doit être : {';'.join(COLUMNS)}")
    rows = {}
    for line in lines[1:]:
        cells = ([csv_unquote(c) for c in line] + [""] * len(COLUMNS))[: len(COLUMNS)]
        row = EntryRow(*cells)
        if row.numero.strip():
            rows[row.numero.strip()] = row
    return rows
