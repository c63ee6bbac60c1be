"""Excel workbooks (.xlsx), read with openpyxl: one table per sheet, merges kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .model import Cell, SourceTable

MAX_COLUMNS = 64


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


def read(path: Path):
    """The sheets as tables, and the workbook's properties (the referential's stamp)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=True)  # not read-only: merges are needed
    tables = []
    for sheet in workbook.worksheets:
        width = min(sheet.max_column or 0, MAX_COLUMNS)
        spans = {}
        covered = set()
        for merged in sheet.merged_cells.ranges:
            spans[(merged.min_row, merged.min_col)] = (merged.max_col - merged.min_col + 1, merged.max_row - merged.min_row + 1)
            covered |= {(r, c) for r in range(merged.min_row, merged.max_row + 1) for c in range(merged.min_col, merged.max_col + 1)}
            covered.discard((merged.min_row, merged.min_col))
        rows = []
        for r, values in enumerate(sheet.iter_rows(min_row=1, max_col=width, values_only=True), start=1):
            cells: list[Cell | None] = []
            for c, value in enumerate(values, start=1):
                if (r, c) in covered:
                    cells.append(None)
                else:
                    colspan, rowspan = spans.get((r, c), (1, 1))
                    cells.append(Cell(_text(value), colspan, rowspan))
            if any(c is None or c.text.strip() for c in cells):
                rows.append((r, cells))
        tables.append(SourceTable(f"feuille « {sheet.title} »", rows))
    props = workbook.properties
    return tables, {"version": props.version or "", "identifier": props.identifier or ""}
