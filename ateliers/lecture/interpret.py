"""What one worksheet row says: competence, actors (with their own type and contact),
status, comment; what cannot be understood is kept aside with its place."""

from __future__ import annotations

import re

from ..fiches.format import COLUMNS
from .acteurs import lines_of, split_line
from .model import Notice, Reading, Row, Sheets, Unrecognised
from .statuts import A_VERIFIER, DETENUE, PARTIELLE, PORTEUR, is_porteur, parse_statut
from .text import fold

N, TEXTE, QUI, TYPE, CONTACT, STATUT, COMMENTAIRE = COLUMNS
_ID = re.compile(r"^C(\d+)-(T?)(\d+)$")
_ADDED = fold(" (ajoutée par le territoire)")


_LOOSE_ID = re.compile(r"^C?(\d+)[-–‑._/](T?)(\d+)$")


def normalise_id(text: str) -> str:
    """« c1 - 2 », « C1.02 », « 1-02 » → « C1-02 »: how the worksheet prints it."""
    compact = re.sub(r"[\s\u00a0]+", "", text).upper()
    m = _LOOSE_ID.match(compact)
    return f"C{m[1]}-{m[2]}{int(m[3]):02d}" if m else compact


def phase_of(ident: str) -> int | None:
    m = _ID.match(ident)
    return int(m[1]) if m else None


def _raw_lines(cell: str) -> list[str]:
    lines = [part.strip(" .-–—•*·>") for part in re.split(r"\n|;", cell)]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def aligned(cell: str, qui: str, names_per_line: list[list[str]]) -> tuple[list[str], bool]:
    """One value per actor: line i of the cell goes to the actors of line i of « Qui »
    (an empty line: nothing for that actor). False when the lines do not match."""
    count = sum(len(n) for n in names_per_line)
    lines, qui_raw = _raw_lines(cell), _raw_lines(qui)
    filled = [line for line in lines if line]
    if len(lines) > 1 and len(lines) == len(qui_raw):
        per_raw = iter(names_per_line)
        result = []
        for q, line in zip(qui_raw, lines, strict=True):
            if q:
                result += [line] * len(next(per_raw))
        return result, False
    if len(filled) > 1 and len(filled) == len(names_per_line):
        return [line for line, names in zip(filled, names_per_line, strict=True) for _ in names], False
    if len(filled) > 1 and len(filled) == count:
        return filled, False
    whole = " ; ".join(filled)
    return [whole] * count, len(filled) > 1 and len(names_per_line) > 1


def statuses_per_line(cell: str, qui: str, names_per_line: list[list[str]]) -> list[str | None] | None:
    """One status per actor when the « Statut » cell has one per actor line (or one per actor),
    equal or different (« détenue⏎détenue », « détenue⏎partielle »); None when the cell is
    one status, or its lines cannot be matched with the actors."""
    if len([line for line in _raw_lines(cell) if line]) < 2 or not any(names_per_line):
        return None
    values, loose = aligned(cell, qui, names_per_line)
    if loose:
        return None
    statuses = [parse_statut(v) if v else None for v in values]
    if any(s is False for s in statuses):
        return None
    return statuses  # type: ignore[return-value]


def interpret(row: Row, known_ids: dict[str, str], known_names: set[str], sheets: Sheets) -> None:
    c = {k: v.strip(" ") if k in (TYPE, CONTACT) else v.strip() for k, v in row.cells.items()}
    comment_parts = [c[COMMENTAIRE]] if c[COMMENTAIRE] else []
    comment_parts += [f"{title} : {value}" for title, value in row.extras if value.strip()]
    commentaire = "\n".join(comment_parts)
    if not any(c.values()) and not commentaire:
        return  # an empty row
    ident = normalise_id(c[N])
    written = parse_statut(c[QUI]) if len(c[QUI]) <= 24 else False
    if written == PORTEUR:
        # « Porteur de projet » in « Qui » (older worksheets said to write it with « détenue »):
        # the board's first column, the project leader's own status; not an actor.
        c[STATUT], c[QUI] = PORTEUR, ""
    elif written not in (None, False):
        # « ? », « personne », « x » written in the « Qui » column: a status, not an actor.
        if written in (DETENUE, PARTIELLE) or (c[STATUT] and parse_statut(c[STATUT]) != written):
            sheets.notices.append(Notice(row.where, "statut écrit dans la colonne « Qui » : aucun acteur nommé", c[QUI]))
        if not c[STATUT]:
            c[STATUT] = c[QUI]
        c[QUI] = ""
    qui_lines = lines_of(c[QUI])
    names_per_line = []
    for line in qui_lines:
        names, doubtful = split_line(line, known_names)
        unreadable = [n for n in names if not fold(n)]
        if unreadable:
            sheets.unrecognised.append(Unrecognised(row.where, "acteur illisible", line))
            names = [n for n in names if fold(n)]
        names_per_line.append(names)
        if doubtful:
            sheets.notices.append(Notice(row.where, f"lu comme {len(names)} acteurs : " + " ; ".join(f"« {n} »" for n in names), line))
    holders = [n for names in names_per_line for n in names]
    types, loose_types = aligned(c[TYPE], c[QUI], names_per_line)
    contacts, loose_contacts = aligned(c[CONTACT], c[QUI], names_per_line)
    if loose_types or loose_contacts:
        sheets.notices.append(Notice(row.where, "types ou contacts en nombre différent des lignes d’acteurs : donnés à chaque acteur", " | ".join(filter(None, [c[TYPE], c[CONTACT]])).replace("\n", " / ")))
    per_line = statuses_per_line(c[STATUT], c[QUI], names_per_line)
    statut = parse_statut(c[STATUT]) if not per_line else None
    if any(is_porteur(n) for n in holders):
        # « Porteur de projet » on one line among actors: that line is the project leader's status.
        each = per_line or [statut if statut is not False else None] * len(holders)
        each = [PORTEUR if is_porteur(n) else s for n, s in zip(holders, each, strict=True)]
        per_line, statut = each, None
    if statut is False:
        sheets.unrecognised.append(Unrecognised(row.where, "statut", c[STATUT]))
        statut = A_VERIFIER if holders else None  # an unknown mark is never « détenue »
    everything = " | ".join(f"{name} : {c[name]}" for name in COLUMNS if c[name]) + (f" | {commentaire}" if commentaire and commentaire != c[COMMENTAIRE] else "")
    if ident and ident not in known_ids and not c[TEXTE]:
        sheets.unrecognised.append(Unrecognised(row.where, "numéro de compétence inconnu", everything))
        return
    if not ident and not c[TEXTE]:
        sheets.unrecognised.append(Unrecognised(row.where, "ligne sans compétence", everything))
        return
    if ident in known_ids and c[TEXTE]:
        typed, printed = fold(c[TEXTE]), fold(known_ids[ident])
        if typed.endswith(_ADDED):
            typed = typed[: -len(_ADDED)].strip()
        if typed != printed:
            sheets.notices.append(Notice(row.where, f"libellé modifié pour {ident}", f"{c[TEXTE]} (référentiel : {known_ids[ident]})"))
    known = ident in known_ids
    texte = c[TEXTE] if c[TEXTE] or not known else known_ids[ident]
    if per_line:
        # One status per actor (« détenue⏎partielle »): one reading per run of actors with the same status.
        start = 0
        while start < len(holders):
            end = start + 1
            while end < len(holders) and per_line[end] == per_line[start]:
                end += 1
            names = [n for n in holders[start:end] if not is_porteur(n)]
            keep = [k for k in range(start, end) if not is_porteur(holders[k])]
            sheets.readings.append(
                Reading(
                    row, ident if known else None, texte, names, c[TYPE], c[CONTACT], per_line[start],
                    commentaire if start == 0 else "", [types[k] for k in keep], [contacts[k] for k in keep], c[N], None if known else phase_of(ident),
                )
            )  # fmt: skip
            start = end
        return
    sheets.readings.append(
        Reading(
            row, ident if known else None, texte, holders,
            c[TYPE], c[CONTACT], statut, commentaire, types, contacts, c[N], None if known else phase_of(ident),
        )
    )  # fmt: skip
