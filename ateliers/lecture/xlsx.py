"""Excel workbooks (.xlsx), read with openpyxl: one table per sheet, merges kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .limits import MAX_COLUMNS, MAX_ROWS, Absurd, too_many_rows
from .model import Cell, SourceTable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):  # as a French spreadsheet shows it
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    return str(value)


def _merges(archive, part: str) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges (min_row, min_col, max_row, max_col), read from its XML
    (read-only mode does not give them), clamped to the part of the sheet that is read."""
    from lxml import etree
    from openpyxl.utils.cell import range_boundaries

    merges = []
    with archive.open(part.lstrip("/")) as source:
        for _, el in etree.iterparse(source, tag=f"{{{MAIN}}}mergeCell", resolve_entities=False, no_network=True, huge_tree=False):
            ref = el.get("ref", "")
            el.clear()
            try:
                min_col, min_row, max_col, max_row = range_boundaries(ref)
            except (ValueError, TypeError):
                continue
            if None in (min_col, min_row, max_col, max_row) or min_row > MAX_ROWS or min_col > MAX_COLUMNS:
                continue  # a whole row or column, or beyond what is read: nothing to place
            merges.append((min_row, min_col, min(max_row, MAX_ROWS), min(max_col, MAX_COLUMNS)))
            if len(merges) > MAX_ROWS * 4:
                raise Absurd("déclare un nombre absurde de cellules fusionnées")
    return merges


def read(path: Path):
    """The sheets as tables, and the workbook's properties (the referential's stamp).

    Read-only: the declared dimension (« A1:XFD1048576 ») is never trusted; at most
    MAX_ROWS rows of MAX_COLUMNS columns are looked at."""
    from openpyxl import load_workbook

    import zipfile

    workbook = load_workbook(path, read_only=True, data_only=True)
    archive = zipfile.ZipFile(path)
    try:
        tables = []
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "_worksheet_path"):
                continue  # a chart sheet
            spans = {}
            covered: set[tuple[int, int]] = set()
            for min_row, min_col, max_row, max_col in _merges(archive, sheet._worksheet_path):
                spans[(min_row, min_col)] = (max_col - min_col + 1, max_row - min_row + 1)
                for r in range(min_row, max_row + 1):
                    for c in range(min_col, max_col + 1):
                        if (r, c) in covered:
                            raise Absurd(f"a des cellules fusionnées qui se chevauchent (feuille « {sheet.title} »)")
                        covered.add((r, c))
                covered.discard((min_row, min_col))
            rows = []
            used = 0
            for r, values in enumerate(sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True), start=1):
                if r > MAX_ROWS:
                    if any(v is not None and _text(v).strip() for v in values):
                        raise too_many_rows(f"la feuille « {sheet.title} »")
                    break
                cells: list[Cell | None] = []
                for c, value in enumerate(values, start=1):
                    if (r, c) in covered:
                        cells.append(None)
                    else:
                        colspan, rowspan = spans.get((r, c), (1, 1))
                        cells.append(Cell(_text(value), colspan, rowspan))
                if any(c is None or c.text.strip() for c in cells):
                    rows.append((r, cells))
                    used = max([used] + [c for c, cell in enumerate(cells, start=1) if cell is None or cell.text or (r, c) in spans])
            # Read-only mode pads every row to MAX_COLUMNS: the sheet is as wide as its last used column.
            rows = [(r, cells[:used]) for r, cells in rows]
            tables.append(SourceTable(f"feuille « {sheet.title} »", rows))
        props = workbook.properties
        return tables, {"version": props.version or "", "identifier": props.identifier or ""}
    finally:
        archive.close()
        workbook.close()
