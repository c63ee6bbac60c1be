"""From the tables of a file to worksheet rows: find the header, follow split tables,
undo merged cells, keep the columns a group added."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..fiches.format import COLUMNS, COMMENTAIRE, STATUT
from .model import Cell, Notice, Row, SourceTable, Unrecognised
from .statuts import parse_statut
from .text import clean, fold

HEADER_SEARCH = 10  # the header may sit under a title or a blank line or two
ID = re.compile(r"^C\d+-(?:T)?\d+$", re.IGNORECASE)
_PREFIXES = [  # folded header → column; the order matters (« type d acteur » before « acteur »)
    ("type", COLUMNS[3]),
    ("competence", COLUMNS[1]),
    ("qui", COLUMNS[2]),
    ("acteur", COLUMNS[2]),
    ("contact", COLUMNS[4]),
    ("statut", COLUMNS[5]),
    ("comment", COLUMNS[6]),
]
_NUMERO = {"n", "no", "num", "numero", "n o", "id", "ref"}


def column_of(header: str) -> str | None:
    key = fold(header)
    if key in _NUMERO or key.startswith("numero"):
        return COLUMNS[0]
    return next((column for prefix, column in _PREFIXES if key.startswith(prefix)), None)


@dataclass
class Layout:
    """Which worksheet column (or extra column, by its title) each grid place holds."""

    columns: list[str | None]  # a COLUMNS name, or None for an extra column
    titles: list[str]  # the header's own text, for extra columns
    width: int = field(init=False)

    def __post_init__(self) -> None:
        self.width = len(self.columns)


DEFAULT = Layout(list(COLUMNS), list(COLUMNS))


def header_layout(cells: list[Cell | None]) -> Layout | None:
    """The layout a header row declares, or None when the row is not a header."""
    columns: list[str | None] = [None] * len(cells)
    titles = [""] * len(cells)
    for i, cell in enumerate(cells):
        text = clean(cell.text) if cell else ""
        name = column_of(text) if text else None
        columns[i] = None if name in columns else name  # a second « Commentaire » column is an extra one
        titles[i] = text
    found = {c for c in columns if c}
    if {COLUMNS[0], COLUMNS[2]} <= found and len(found) >= 4:
        return Layout(columns, titles)
    return None


def _has_ids(table: SourceTable) -> bool:
    return any(cell is not None and ID.match(clean(cell.text).replace(" ", "")) for _, cells in table.rows for cell in cells[:2])


@dataclass
class TableReading:
    rows: list[Row] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    unrecognised: list[Unrecognised] = field(default_factory=list)
    worksheet_tables: int = 0


def read_tables(fichier: str, tables: list[SourceTable]) -> TableReading:
    result = TableReading()
    previous: Layout | None = None
    for table in tables:
        layout, start = None, 0
        for index, (_, cells) in enumerate(table.rows[:HEADER_SEARCH]):
            layout = header_layout(cells)
            if layout:
                start = index + 1
                break
        if layout is None and _has_ids(table):
            # Split without a header (Tableau › Scinder): continues the previous table.
            width = max((len(c) for _, c in table.rows), default=0)
            # With no table before it, only a table of exactly the worksheet's columns is read.
            layout = previous if previous and previous.width == width else (DEFAULT if width == len(COLUMNS) else previous)
            if layout is not None and previous is not None:
                result.notices.append(Notice(f"{fichier}, {table.place}", "tableau sans ligne de titres : lu avec les colonnes du tableau précédent"))
        if layout is None:
            text = " | ".join(clean(c.text) for _, cells in table.rows for c in cells if c and clean(c.text))
            if text:
                result.unrecognised.append(Unrecognised(f"{fichier}, {table.place}", "tableau sans les colonnes d’une fiche compétences", text))
            continue
        result.worksheet_tables += 1
        previous = layout
        for line, text in table.hidden:
            result.notices.append(Notice(f"{fichier}, {table.place}, ligne {line}", "texte caché sous des cellules fusionnées (non lu)", clean(text).replace("\n", " / ")))
        _rows_of(fichier, table, layout, start, result)
    return result


def _rows_of(fichier: str, table: SourceTable, layout: Layout, start: int, result: TableReading) -> None:
    body = table.rows[start:]
    values: list[dict[int, str]] = [{} for _ in body]  # grid place → text, per row

    def where(first: int, last: int) -> str:
        a, b = body[first][0], body[last][0]
        lines = f"ligne {a}" if a == b else f"lignes {a} à {b}"
        return f"{fichier}, {table.place}, {lines}"

    for r, (_, cells) in enumerate(body):
        for c, cell in enumerate(cells):
            if cell is None:
                continue
            text = clean(cell.text)
            if not text:
                continue
            last_row = min(r + cell.rowspan, len(body)) - 1
            per_row = [text]
            if last_row > r:
                lines = text.split("\n")
                if len(set(lines)) <= 1:
                    per_row = [text] * (last_row - r + 1)  # one value for all: meant for all
                elif len(lines) == last_row - r + 1:
                    per_row = lines
                    result.notices.append(Notice(where(r, last_row), f"cellules fusionnées verticalement au contenu différent (colonne « {_title(layout, c)} ») : une ligne de la case lue pour chaque ligne du tableau", text.replace("\n", " / ")))
                else:
                    result.notices.append(Notice(where(r, last_row), f"cellules fusionnées verticalement au contenu différent (colonne « {_title(layout, c)} ») : lues pour la première ligne seulement", text.replace("\n", " / ")))
            for k, value in enumerate(per_row):
                _place(values[r + k], c, cell.colspan, value, layout, lambda: where(r + k, r + k), result)
    for r, (ligne, cells) in enumerate(body):
        if header_layout(cells):
            continue  # a header repeated (stacked tables, a header row repeated on each page)
        row = Row(fichier, table.place, ligne, {name: "" for name in COLUMNS})
        for c, text in sorted(values[r].items()):
            name = layout.columns[c] if c < layout.width else None
            if name:
                row.cells[name] = text if not row.cells[name] else row.cells[name] + "\n" + text
            else:
                row.extras.append((_title(layout, c), text))
        result.rows.append(row)


def _title(layout: Layout, c: int) -> str:
    if c < layout.width and layout.columns[c]:
        return layout.columns[c]
    title = layout.titles[c] if c < layout.width else ""
    return title or f"colonne {c + 1} sans titre"


def _place(target: dict[int, str], c: int, colspan: int, text: str, layout: Layout, where, result: TableReading) -> None:
    """Put a cell's text on its grid place(s); a cell merged across columns is shared out."""
    places = list(range(c, c + colspan))
    names = [layout.columns[p] if p < layout.width else None for p in places]
    distinct = [p for i, p in enumerate(places) if names[i] is None or names[i] not in names[:i]]
    if len(distinct) == 1:
        target[c] = text
        return
    lines = text.split("\n")
    named = {layout.columns[p]: p for p in distinct if p < layout.width and layout.columns[p]}
    shown = ", ".join(f"« {_title(layout, p)} »" for p in distinct)
    if len(lines) == len(distinct):
        for p, line in zip(distinct, lines, strict=True):
            target[p] = line
        result.notices.append(Notice(where(), f"cellules fusionnées ({shown}) : une ligne de la case lue pour chaque colonne", text.replace("\n", " / ")))
    elif STATUT in named and COMMENTAIRE in named and parse_statut(lines[0]) not in (None, False):
        target[named[STATUT]] = lines[0]
        if len(lines) > 1:
            target[named[COMMENTAIRE]] = "\n".join(lines[1:])
        result.notices.append(Notice(where(), f"cellules fusionnées ({shown}) : statut puis commentaire", text.replace("\n", " / ")))
    elif STATUT in named and COMMENTAIRE in named and names[0] == STATUT:
        target[named[COMMENTAIRE]] = text
        result.notices.append(Notice(where(), f"cellules fusionnées ({shown}) : lu comme un commentaire", text.replace("\n", " / ")))
    else:
        target[c] = text
        if len(lines) > 1:
            result.notices.append(Notice(where(), f"cellules fusionnées ({shown}) : tout est lu dans « {_title(layout, c)} »", text.replace("\n", " / ")))
