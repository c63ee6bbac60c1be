"""CSV typed or exported from a spreadsheet: encoding, separator and header found, not assumed."""

from __future__ import annotations

import codecs
import csv
import io

from ..fichiers.safe_cells import csv_unquote
from .limits import MAX_COLUMNS, MAX_ROWS, too_many_rows
from .model import Cell, SourceTable
from .tables import HEADER_SEARCH, header_layout

SEPARATORS = (";", ",", "\t")


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 (Calc's « Unicode », Excel's « texte Unicode »), else Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        return raw[3:].decode("utf-8", errors="replace")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    sample = raw[:4000]
    if len(sample) > 8 and sample.count(b"\x00") > len(sample) // 4:  # UTF-16 without BOM
        odd_zeros = sample[1::2].count(b"\x00")
        return raw.decode("utf-16-le" if odd_zeros > sample[0::2].count(b"\x00") else "utf-16-be", errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # Excel's French default


def _table(lines: list[tuple[int, list[str]]], place: str) -> SourceTable:
    # A cell the toolkit neutralised (« '=… ») reads as it was typed.
    return SourceTable(place, [(n, [Cell(csv_unquote(v)) for v in line]) for n, line in lines])


def _lines(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """The lines that say something, numbered as the file counts them, at most MAX_COLUMNS
    places each (the header is found among the first ten lines of the file)."""
    lines = []
    for n, line in enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=separator), start=1):
        if n <= HEADER_SEARCH or any(v.strip() for v in line[:MAX_COLUMNS]):
            if len(lines) >= MAX_ROWS + HEADER_SEARCH:
                raise too_many_rows("le fichier")
            lines.append((n, line[:MAX_COLUMNS]))
    return lines


def read(raw: bytes) -> tuple[SourceTable, bool]:
    """The file as one table; True when a header was found within the first lines."""
    text = decode(raw).lstrip("\ufeff")
    best: list[tuple[int, list[str]]] | None = None
    text = text.replace("\x00", "")  # csv refuses NUL characters; they carry nothing
    for separator in sorted(SEPARATORS, key=lambda s: -text[:2000].count(s)):
        try:
            lines = _lines(text, separator)
        except csv.Error:  # a field longer than csv's limit: not a worksheet anyway
            continue
        if any(header_layout([Cell(v) for v in line]) for _, line in lines[:HEADER_SEARCH]):
            return _table(lines, "tableau 1"), True
        if best is None:
            best = lines
    return _table(best or [], "tableau 1"), False
