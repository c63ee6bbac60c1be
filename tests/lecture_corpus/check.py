"""Where each typed value of the corpus came back: on the right competence, in a notice
naming its file, table and row, or nowhere. Used by the tests and by the corpus report."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from cases import ACTORS, CASES, CONTACTS, MEANING, TRACKED_BEFORE

from ateliers.lecture import read_worksheets
from ateliers.lecture.text import fold
from ateliers.synthese.model import matrix_csv, synthesis_csv, synthesise
from ateliers.synthese.outputs import synthesis_docx

LABELS = {"Qui": "Qui la détient sur notre territoire ?", "Type": "Type d'acteur"}


@dataclass
class Tally:
    typed: int = 0
    on_id: int = 0  # attached to the right competence (or proposed row) with the right meaning
    in_notice: int = 0  # ambiguous by nature: a notice names the file, table and row
    absent: list[str] = field(default_factory=list)  # in no output at all
    wrong: list[str] = field(default_factory=list)  # attached, but not where it was typed
    leaked: list[str] = field(default_factory=list)  # deleted with tracked changes, yet in an output


def _parts(column: str, value: str) -> list[str]:
    """What must be readable in an output: the names, a status's meaning, each line."""
    if column == "Qui":
        return _names(value)
    if column == "Statut":
        return [MEANING[value]]
    return CONTACTS.get(value) or value.split("\n")


def _names(value: str) -> list[str]:
    return ACTORS.get(value, [v.strip() for v in value.split("\n") if v.strip()])


def _docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    return "\n".join([p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells])


def outputs_text(s) -> str:
    """Everything a person can read after « ateliers synthese », but the PDF (the same rows)."""
    parts = [synthesis_csv(s).decode("utf-8-sig"), matrix_csv(s).decode("utf-8-sig"), _docx_text(synthesis_docx(s, None))]
    return "\n".join(parts).replace("\u00a0", " ")


def check_file(vue, path: Path, tally: Tally) -> None:
    sheets = read_worksheets(vue, [path])
    s = synthesise(vue, sheets)
    text = outputs_text(s)
    folded = fold(text)
    _, values = CASES[path.name]
    groups = values if values and isinstance(values[0], list) else [values]
    flat = [v for g in groups for v in g]
    proposed_by_key = {}
    for key, column, value, _ in flat:
        if column == "Compétence" and (key.startswith("+") or not key):
            proposed_by_key[key] = value
    for key, column, value, expect in flat:
        tally.typed += 1
        ok = _attached(s, sheets, path.name, key, column, value, expect, flat, proposed_by_key)
        if ok == "id":
            tally.on_id += 1
        elif ok == "notice":
            tally.in_notice += 1
        else:
            tally.wrong.append(f"{path.name} {key} {column} « {value} »")
        if not all(fold(part) in folded for part in _parts(column, value) if fold(part)):
            tally.absent.append(f"{path.name} {key} {column} « {value} »")
    if CASES[path.name][0] == "writer-tracked":
        for key, column, value, _ in TRACKED_BEFORE:
            if fold(value) in folded:
                tally.leaked.append(f"{path.name} {key} {column} « {value} »")


def _attached(s, sheets, fichier, key, column, value, expect, flat, proposed_by_key) -> str | None:
    notices = [n for n in sheets.notices if n.where.startswith(fichier + ",") and "ligne" in n.where and ("tableau" in n.where or "feuille" in n.where)]
    in_notice = any(all(fold(p) in fold(f"{n.what} {n.value}") for p in value.split("\n") if fold(p)) for n in notices)
    if expect == "proposed" or (not key.startswith("C") and expect != "notice"):
        reading = next((r for r in s.proposed if r.texte == proposed_by_key.get(key)), None)
        return "id" if reading and _reading_has(s, reading, column, value, flat, key) else ("notice" if in_notice else None)
    entry = s.competences.get(key)
    reading = next((r for r in sheets.readings if r.competence == key and r.row.fichier == fichier), None)
    on_id = entry is not None and reading is not None and _reading_has(s, reading, column, value, flat, key, entry)
    if expect == "notice":
        return "notice" if in_notice else None
    return "id" if on_id else None


def _reading_has(s, reading, column, value, flat, key, entry=None) -> bool:
    if column == "Qui":
        names = [fold(n) for n in _names(value)]
        if entry is not None:
            cited = set(entry.detenteurs) | set(entry.a_verifier)
            return all(n in cited for n in names)
        return all(n in {fold(a) for a in reading.acteurs} for n in names)
    if column in ("Type", "Contact"):
        qui = next((v for k, c, v, _ in flat if k == key and c == "Qui"), "")
        names = _names(qui)
        wanted = (CONTACTS.get(value) if column == "Contact" else None) or [v.strip() for v in value.split("\n")]
        got = reading.types if column == "Type" else reading.contacts
        if len(wanted) == 1:
            return all(g == wanted[0] for g in got) and len(got) == len(names)
        return got == wanted
    if column == "Statut":
        return reading.statut == MEANING[value]
    if column == "N°":
        return reading.numero == value
    if column == "Compétence":
        return reading.texte == value
    # The comment, or a column the group added: in the row's comment.
    return fold(value) in fold(reading.commentaire)
