"""Text written to a spreadsheet stays text: never a formula, never a character a writer refuses.

One rule for every file the toolkit writes (OWASP « CSV injection »):
- a CSV cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
  leading apostrophe, which spreadsheets show as text; the read-back removes it
  (:func:`csv_unquote`), so a round trip keeps the value;
- an xlsx cell written from text is a string cell (never a formula), whatever it starts with.
Control characters other than tab and line breaks are dropped (:func:`strip_controls`):
openpyxl refuses them and they carry nothing a person typed on purpose.
"""

from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def strip_controls(text: str) -> str:
    """Without control characters; vertical tab and form feed become line breaks."""
    if not text:
        return text
    return _CONTROLS.sub("", text.replace("\v", "\n").replace("\f", "\n"))


def csv_cell(value) -> str:
    """A value for a CSV cell: text, neutralised when a spreadsheet would run it."""
    text = strip_controls("" if value is None else str(value))
    return "'" + text if text.startswith(TRIGGERS) else text


def csv_row(values) -> list[str]:
    return [csv_cell(v) for v in values]


def csv_unquote(text: str) -> str:
    """The value :func:`csv_cell` neutralised, as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(TRIGGERS) else text


def xlsx_row(sheet, values) -> None:
    """``sheet.append(values)`` with every text a string cell (never a formula)."""
    values = [strip_controls(v) if isinstance(v, str) else v for v in values]
    sheet.append(values)
    row = sheet.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=row, column=column).data_type = "s"


def xlsx_text(cell, value) -> None:
    """Set one cell to text, as a string cell."""
    cell.value = strip_controls(value) if isinstance(value, str) else value
    if isinstance(cell.value, str):
        cell.data_type = "s"
