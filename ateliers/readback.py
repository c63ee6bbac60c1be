"""Reading back the filled competence worksheets (docx or CSV) as people really fill them.

Nothing is silently dropped: every non-empty cell ends up in a reading or
in the « non reconnu » list, with its file, table and row.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .models import Referentiel
from .worksheets import COLUMNS

MAX_DOCX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024


def fold(text: str) -> str:
    """Case, accents, punctuation and spaces ignored: « Mairie de Saint-Flour » → « mairie de saint flour »."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


_HEADERS = [fold(c) for c in COLUMNS]

STATUTS = {
    "detenue": "détenue", "detenu": "détenue", "oui": "détenue", "ok": "détenue", "x": "détenue", "o": "détenue",
    "acquise": "détenue", "presente": "détenue",
    "partielle": "partielle", "partiel": "partielle", "partiellement": "partielle", "en partie": "partielle",
    "a renforcer": "partielle", "moyen": "partielle",
    "a trouver": "à trouver", "non": "à trouver", "manquante": "à trouver", "absente": "à trouver", "aucun": "à trouver",
}  # fmt: skip

_SPLIT = re.compile(r"\s*(?:\n|;|,|/|\s+et\s+|\s+&\s+)\s*")


@dataclass
class Row:
    fichier: str
    tableau: int
    ligne: int
    cells: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.fichier}, tableau {self.tableau}, ligne {self.ligne}"


@dataclass
class Reading:
    """What one row says about one competence."""

    row: Row
    competence: str | None  # a known id, or None for a competence the group proposes
    texte: str
    acteurs: list[str]
    type_acteur: str
    contact: str
    statut: str | None  # détenue, partielle, à trouver, or None (not said)
    commentaire: str


@dataclass
class Unrecognised:
    where: str
    what: str
    value: str


@dataclass
class Sheets:
    readings: list[Reading] = field(default_factory=list)
    unrecognised: list[Unrecognised] = field(default_factory=list)


def parse_statut(text: str) -> str | None | bool:
    """The status a person meant, None when empty, False when not understood."""
    key = fold(text)
    if not key:
        return None
    if text.strip() in ("?", "??", "✗", "✘", "-"):
        return "à trouver"
    if text.strip() in ("✓", "✔", "+"):
        return "détenue"
    return STATUTS.get(key, False)


def split_actors(text: str) -> list[str]:
    return [p.strip(" .-–") for p in _SPLIT.split(text.strip()) if p.strip(" .-–")]


# ---------------------------------------------------------------- files


def _check_zip(path: Path) -> None:
    if path.stat().st_size > MAX_DOCX_BYTES:
        raise InputError(f"Le fichier « {path.name} » est trop gros pour une fiche ({path.stat().st_size // 1024 // 1024} Mo).", conseil="Vérifiez qu’il s’agit bien d’une fiche compétences.")
    with path.open("rb") as handle:
        head = handle.read(8)
    if head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # OLE container: encrypted .docx or old .doc
        raise InputError(
            f"« {path.name} » est protégé par un mot de passe ou enregistré dans l’ancien format .doc.",
            conseil="Ouvrez-le, retirez le mot de passe et enregistrez-le au format Word (.docx).",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(i.file_size for i in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise InputError(
            f"« {path.name} » n’est pas un document Word (.docx) lisible.",
            conseil="Enregistrez la fiche au format Word (.docx), sans mot de passe, ou exportez-la en CSV.",
        ) from None
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"« {path.name} » est une archive anormalement grosse une fois décompressée : elle n’est pas lue.", conseil="Vérifiez le fichier.")
    if "word/document.xml" not in names:
        raise InputError(f"« {path.name} » est une archive ZIP mais pas un document Word.", conseil="Utilisez la fiche compétences produite par « ateliers fiches ».")


def read_docx(path: Path, ref: Referentiel, forcer: bool) -> list[Row]:
    from docx import Document

    _check_zip(path)
    try:
        document = Document(str(path))
    except Exception:  # python-docx raises various errors on damaged files
        raise InputError(f"« {path.name} » n’a pas pu être ouvert comme document Word.", conseil="Ouvrez-le dans Word ou LibreOffice et enregistrez-le à nouveau en .docx.") from None
    props = document.core_properties
    stamp = (props.identifier or "").removeprefix("sha256:")
    if props.version and (props.version != ref.version or (stamp and stamp != ref.empreinte)) and not forcer:
        raise InputError(
            f"« {path.name} » a été produite avec le référentiel {props.version}, pas avec le référentiel actuel ({ref.version}).",
            conseil="Les numéros des compétences peuvent avoir changé : relisez-la avec le bon référentiel (--referentiel), ou ajoutez --forcer.",
        )
    rows: list[Row] = []
    found = 0
    for table in document.tables:
        if not table.rows:
            continue
        header = [fold(c.text) for c in _distinct_cells(table.rows[0])]
        positions = _column_positions(header)
        if positions is None:
            continue
        found += 1
        for r_index, row in enumerate(table.rows[1:], start=2):
            cells = _distinct_cells(row)
            values = {name: (cells[i].text if i < len(cells) and cells[i] is not None else "") for name, i in positions.items()}
            rows.append(Row(path.name, found, r_index, values))
    if not found:
        raise InputError(
            f"« {path.name} » n’est pas une fiche compétences : aucun tableau n’a les colonnes « {' | '.join(COLUMNS)} ».",
            conseil="Utilisez la fiche produite par « ateliers fiches » sans changer les titres de colonnes.",
        )
    return rows


def _distinct_cells(row) -> list:
    """Cells by grid column; a cell merged over several columns counts once (its first column)."""
    result, seen = [], set()
    for cell in row.cells:
        if id(cell._tc) in seen:
            result.append(None)
        else:
            seen.add(id(cell._tc))
            result.append(cell)
    return result


def _column_positions(header: list[str]) -> dict[str, int] | None:
    if not all(h in header for h in _HEADERS):
        return None
    return {name: header.index(fold(name)) for name in COLUMNS}


def read_csv(path: Path) -> list[Row]:
    raw = path.read_bytes()
    if len(raw) > MAX_DOCX_BYTES:
        raise InputError(f"Le fichier « {path.name} » est trop gros pour une fiche.", conseil="Vérifiez le fichier.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's French default
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    lines = list(reader)
    if not lines:
        raise InputError(f"« {path.name} » est vide.", conseil="Exportez la fiche avec sa ligne de titres.")
    positions = _column_positions([fold(c) for c in lines[0]])
    if positions is None:
        raise InputError(
            f"« {path.name} » n’a pas les colonnes d’une fiche compétences (ligne 1).",
            conseil=f"La première ligne doit être : {';'.join(COLUMNS)}",
        )
    rows = []
    for number, line in enumerate(lines[1:], start=2):
        values = {name: (line[i] if i < len(line) else "") for name, i in positions.items()}
        rows.append(Row(path.name, 1, number, values))
    return rows


def read_sheets(paths: list[Path], ref: Referentiel, known_ids: dict[str, str], forcer: bool = False) -> Sheets:
    """Every row of every file, interpreted; what cannot be understood is kept aside, located."""
    sheets = Sheets()
    for path in paths:
        if not path.is_file():
            raise InputError(f"Le fichier « {path} » est introuvable.", conseil="Vérifiez le chemin.")
        rows = read_csv(path) if path.suffix.lower() in (".csv", ".txt") else read_docx(path, ref, forcer)
        for row in rows:
            _interpret(row, known_ids, sheets)
    return sheets


def _interpret(row: Row, known_ids: dict[str, str], sheets: Sheets) -> None:
    c = {k: v.strip() for k, v in row.cells.items()}
    ident = c["N°"].upper().replace(" ", "")
    holders = split_actors(c["Qui la détient sur notre territoire ?"])
    rest = [c["Type d'acteur"], c["Contact"], c["Statut"], c["Commentaire"]]
    if not ident and not c["Compétence"] and not holders and not any(rest):
        return  # an empty row
    statut = parse_statut(c["Statut"])
    if statut is False:
        sheets.unrecognised.append(Unrecognised(row.where, "statut", c["Statut"]))
        statut = None
    if ident and ident not in known_ids:
        sheets.unrecognised.append(Unrecognised(row.where, "numéro de compétence inconnu", " | ".join(filter(None, [c["N°"], c["Compétence"], c["Qui la détient sur notre territoire ?"]]))))
        return
    if not ident and not c["Compétence"]:
        sheets.unrecognised.append(Unrecognised(row.where, "ligne sans compétence", " | ".join(filter(None, [c["Qui la détient sur notre territoire ?"], *rest]))))
        return
    sheets.readings.append(
        Reading(row, ident or None, c["Compétence"], holders, c["Type d'acteur"], c["Contact"], statut, c["Commentaire"])
    )
