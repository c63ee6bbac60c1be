"""Results typed in the browser after a workshop: one CSV in the worksheet's format
(columns of the printed « fiche compétences »), so that ``ateliers synthese`` reads
it like any filled worksheet, and a spreadsheet opens it as it is.

The grid gives each competence several actor lines, each with its own name, type,
contact and status. They are saved as repeated rows: one row per actor, the
competence's number and text repeated, its comment on the first row. The read-back
takes each row as one reading, so each actor keeps its own status (no line matching
inside a cell), and a spreadsheet shows one value per cell.

Grids saved before (one row per competence, several names separated by commas, one
status), and rows edited by hand with one actor per line inside a cell, open in the
grid as the read-back reads them: one line per actor, with the status, type and
contact the synthesis gives it.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..fiches.format import COLUMNS, STATUTS
from ..fichiers.atomic import write_bytes
from ..fichiers.safe_cells import csv_row, csv_unquote
from .acteurs import lines_of, split_line
from .interpret import aligned, statuses_per_line
from .statuts import PORTEUR, is_porteur, parse_statut
from .text import fold

ENTRY_FILE = "saisie-navigateur.csv"
STATUSES = tuple(s for s, _ in STATUTS)  # the grid's drop-down list, « porteur de projet » first
MAX_ENTRY_BYTES = 20 * 1024 * 1024  # as an uploaded worksheet: a grid is a few dozen kilobytes
MAX_LINES = 200  # actor lines kept for one competence when a saved file is opened in the grid


@dataclass
class EntryActor:
    """One actor line of a competence: who, its type, a contact and its own status."""

    qui: str = ""
    type: str = ""
    contact: str = ""
    statut: str = ""

    def blank(self) -> bool:
        return not any(v.strip() for v in (self.qui, self.type, self.contact, self.statut))


@dataclass
class EntryCompetence:
    """One competence of the grid: its actor lines and the group's comment."""

    numero: str
    competence: str
    acteurs: list[EntryActor] = field(default_factory=list)
    commentaire: str = ""

    def lines(self) -> list[EntryActor]:
        """The actor lines that say something."""
        return [a for a in self.acteurs if not a.blank()]

    def blank(self) -> bool:
        return not self.lines() and not self.commentaire.strip()

    def rows(self) -> list[list[str]]:
        """Its rows in the worksheet's columns: one per actor line (the comment on the first),
        or one row with the comment alone."""
        lines = self.lines() or [EntryActor()]
        return [
            [self.numero, self.competence, a.qui, a.type, a.contact, a.statut, self.commentaire if i == 0 else ""]
            for i, a in enumerate(lines)
        ]


def entry_text(rows: list[EntryCompetence]) -> str:
    """The CSV (« ; » as Excel writes it in French, UTF-8 with BOM): header, then the rows that say something."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        if not row.blank():
            for cells in row.rows():
                writer.writerow(csv_row(v.strip() for v in cells))  # never a formula in a spreadsheet
    return "\ufeff" + buffer.getvalue()


def write_entry(path: Path, rows: list[EntryCompetence], opened_hash: str | None = None) -> None:
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


def actor_lines(qui: str, type_acteur: str, contact: str, statut: str, known: set[str] | frozenset[str] = frozenset()) -> list[EntryActor]:
    """The grid's actor lines for one saved row, as the read-back reads that row: one actor
    (the grid's own rows) is one line as written; several (« A, B » of a grid saved before,
    one actor per line in a cell) are one line each, with the type, contact and status the
    synthesis gives it. A status written as a name (« Porteur de projet », « ? », « personne »)
    is that status, not an actor.
    ``known``: the workshop's actors (folded), never split."""
    written = parse_statut(qui) if len(qui.strip()) <= 24 else False
    if written not in (None, False):  # « ? », « personne », « Porteur de projet » in « Qui »: a status, no actor
        return [EntryActor("", type_acteur, contact, PORTEUR if written == PORTEUR else _status(statut) or written)]
    names_per_line = [split_line(line, known)[0] for line in lines_of(qui)]
    names = [n for names in names_per_line for n in names]
    if len(names) <= 1:
        return [EntryActor(qui.strip(), type_acteur, contact, statut)]
    per_line = statuses_per_line(statut, qui, names_per_line)
    if per_line is None:
        per_line = [_status(statut)] * len(names)
    types, _ = aligned(type_acteur.strip(" "), qui, names_per_line)
    contacts, _ = aligned(contact.strip(" "), qui, names_per_line)
    return [
        EntryActor("", "", "", PORTEUR) if is_porteur(name) else EntryActor(name, t, c, s or "")
        for name, t, c, s in zip(names, types, contacts, per_line, strict=True)
    ]


def _status(text: str) -> str:
    """The status as the grid lists it when understood, else as written (kept, to be corrected)."""
    found = parse_statut(text)
    return found if isinstance(found, str) else text.strip()


def read_entry(path: Path, known: set[str] | frozenset[str] = frozenset()) -> dict[str, EntryCompetence]:
    """The competences of a grid saved by ``write_entry`` (or before, one row each), by number,
    to fill the grid again; ``known``: the workshop's actor names, never split."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_ENTRY_BYTES + 1)
    except FileNotFoundError:
        return {}
    if len(data) > MAX_ENTRY_BYTES:
        raise InputError(f"La saisie « {path.name} » est trop grosse pour la grille ({MAX_ENTRY_BYTES // 1024 // 1024} Mo au plus).", conseil="Retirez-la, ou envoyez-la comme fiche remplie.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"La saisie « {path.name} » n’est pas en UTF-8.", conseil="Enregistrez-la en UTF-8, ou supprimez-la et saisissez à nouveau.") from None
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not lines or [c.strip() for c in lines[0]] != COLUMNS:
        raise InputError(f"La saisie « {path.name} » n’a pas les colonnes d’une fiche compétences.", conseil=f"La première ligne doit être : {';'.join(COLUMNS)}")
    folded = {fold(k) for k in known}
    rows: dict[str, EntryCompetence] = {}
    for line in lines[1:]:
        numero, competence, qui, type_acteur, contact, statut, commentaire = ([csv_unquote(c) for c in line] + [""] * len(COLUMNS))[: len(COLUMNS)]
        if not numero.strip():
            continue
        entry = rows.setdefault(numero.strip(), EntryCompetence(numero.strip(), competence))
        if commentaire.strip():
            entry.commentaire = f"{entry.commentaire} ; {commentaire.strip()}" if entry.commentaire else commentaire.strip()
        if len(entry.acteurs) < MAX_LINES:
            lines_read = [a for a in actor_lines(qui, type_acteur, contact, statut, folded) if not a.blank()]
            entry.acteurs += lines_read[: MAX_LINES - len(entry.acteurs)]
    return rows
