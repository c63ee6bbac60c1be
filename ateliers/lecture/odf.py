"""OpenDocument files (.odt from Writer, .ods from Calc), read from content.xml.

Tracked changes: inserted text is inline, deleted text lives in the
« tracked-changes » block, which is not read — as if the changes were accepted.
"""

from __future__ import annotations

import zipfile

from lxml import etree

from .limits import MAX_COLUMNS, MAX_ROWS, MAX_SPACES, number, too_many_rows
from .model import Cell, SourceTable

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def _q(prefix: str, tag: str) -> str:
    return f"{{{NS[prefix]}}}{tag}"


_SKIP = {_q("text", t) for t in ("tracked-changes", "note", "bookmark", "bookmark-start", "bookmark-end", "change", "soft-page-break", "sequence-decls")}
_SKIP |= {_q("office", "annotation"), _q("office", "annotation-end")}


def _text(el, parts: list[str]) -> None:
    if el.text and el.tag not in _SKIP:
        parts.append(el.text)
    for child in el:
        tag = child.tag
        if tag in _SKIP or not isinstance(tag, str):
            pass
        elif tag == _q("text", "s"):
            parts.append(" " * min(number(child.get(_q("text", "c")), 1, "une suite de {n} espaces (text:s)"), MAX_SPACES))
        elif tag == _q("text", "tab"):
            parts.append(" ")
        elif tag == _q("text", "line-break"):
            parts.append("\n")
        elif tag in (_q("text", "p"), _q("text", "h")):
            _text(child, parts)
            parts.append("\n")
        elif tag.startswith("{urn:oasis:names:tc:opendocument:xmlns:drawing"):
            pass
        else:
            _text(child, parts)
        if child.tail:
            parts.append(child.tail)


def cell_text(el) -> str:
    parts: list[str] = []
    _text(el, parts)
    text = "".join(parts)
    if not text.strip():
        value = el.get(_q("office", "value")) or el.get(_q("office", "date-value")) or el.get(_q("office", "string-value"))
        if value:
            text = value.removesuffix(".0") if el.get(_q("office", "value-type")) == "float" else value
    return text


def _rows(table):
    for child in table:
        if child.tag == _q("table", "table-row"):
            yield child
        elif child.tag in (_q("table", "table-header-rows"), _q("table", "table-rows"), _q("table", "table-row-group")):
            yield from _rows(child)


def read_table(table, place: str) -> SourceTable:
    """Declared repeats and spans are clamped: trailing empty cells and rows (Calc repeats
    them to the sheet's end) are never expanded, a row never has more than MAX_COLUMNS places."""
    rows: list[tuple[int, list[Cell | None]]] = []
    hidden: list[tuple[int, str]] = []
    line = 0
    for tr in _rows(table):
        repeat = max(1, number(tr.get(_q("table", "number-rows-repeated")), 1, "une ligne répétée {n} fois (number-rows-repeated)"))
        cells: list[Cell | None] = []
        for tc in tr:
            if tc.tag not in (_q("table", "table-cell"), _q("table", "covered-table-cell")):
                continue
            times = max(1, number(tc.get(_q("table", "number-columns-repeated")), 1, "une cellule répétée {n} fois (number-columns-repeated)"))
            room = MAX_COLUMNS - len(cells)
            if tc.tag == _q("table", "covered-table-cell"):
                cells.extend([None] * min(times, room))
                if cell_text(tc).strip():  # Calc's « keep the contents of the hidden cells »
                    hidden.append((line + 1, cell_text(tc)))
            else:
                text = cell_text(tc)
                span = max(1, min(number(tc.get(_q("table", "number-columns-spanned")), 1, "une cellule fusionnée sur {n} colonnes (number-columns-spanned)"), room))
                rowspan = max(1, min(number(tc.get(_q("table", "number-rows-spanned")), 1, "une cellule fusionnée sur {n} lignes (number-rows-spanned)"), MAX_ROWS))
                for _ in range(min(times, room)):
                    cells.append(Cell(text, span, rowspan))
            if len(cells) >= MAX_COLUMNS:
                break
        while cells and isinstance(cells[-1], Cell) and not cells[-1].text.strip() and cells[-1].colspan == 1 and cells[-1].rowspan == 1:
            cells.pop()
        line += 1
        if cells:
            copies = repeat
            if len(rows) + copies > MAX_ROWS:
                raise too_many_rows(place)
            rows.append((line, cells))
            for k in range(1, copies):  # identical rows really repeated (rare with text)
                rows.append((line + k, [Cell(c.text, c.colspan, c.rowspan) if c else None for c in cells]))
        line += repeat - 1
    return SourceTable(place, rows, hidden)


def read(archive: zipfile.ZipFile, kind: str) -> tuple[list[SourceTable], bool]:
    root = etree.fromstring(archive.read("content.xml"), _PARSER)
    body = root.find(_q("office", "body"))
    if body is None:
        return [], False
    tracked = any(len(t) for t in body.iter(_q("text", "tracked-changes"), _q("table", "tracked-changes")))
    tables = []
    for table in body.iter(_q("table", "table")):
        if any(a.tag == _q("table", "table-cell") for a in table.iterancestors()):
            continue  # a table inside a cell: its text is the cell's
        if kind == "ods":
            place = f"feuille « {table.get(_q('table', 'name'), '')} »"
        else:
            place = f"tableau {len(tables) + 1}"
        tables.append(read_table(table, place))
    return tables, tracked


def meta(archive: zipfile.ZipFile) -> dict[str, str]:
    """The document's user-defined properties and keywords (the referential's stamp)."""
    try:
        root = etree.fromstring(archive.read("meta.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    found = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.get("{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}name")
        local = el.tag.rsplit("}", 1)[-1]
        found[name or local] = (el.text or "").strip()
    return found
