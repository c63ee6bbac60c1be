"""Bounds of the read-back: whatever a file declares (dimensions, spans, repeats, counts),
reading it costs at most a few seconds and a few hundred megabytes.

A worksheet never has more than a few dozen columns nor a few thousand rows: declarations
beyond these caps are clamped, and those no real document makes are refused by name.
"""

from __future__ import annotations

MAX_COLUMNS = 64  # columns read per table (a worksheet has seven)
MAX_ROWS = 5000  # rows with content per table (a referential has about eighty competences)
MAX_SPACES = 64  # spaces one OpenDocument « text:s » may stand for (they collapse when read anyway)
ABSURD_SPAN = 16384  # no spreadsheet nor word processor has more columns than this
MAX_XML = 12 * 1024 * 1024  # uncompressed XML of one document (a filled worksheet: well under 1 MB)


class Absurd(ValueError):
    """A declaration no real worksheet makes; the message says what, in French."""


def number(text: str | None, default: int, what: str) -> int:
    """A declared count: a positive integer, refused when absurd (never trusted as a size).
    ``what`` says what is declared, with ``{n}`` for the number."""
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        return default
    if value < 0:
        return default
    if value > ABSURD_SPAN * 64:  # more than the rows × columns of any real sheet
        raise Absurd("déclare " + what.format(n=f"{value:_}".replace("_", "\u202f")) + ", un nombre absurde")
    return value


def too_many_rows(place: str) -> Absurd:
    return Absurd(f"a plus de {MAX_ROWS:_} lignes remplies ({place})".replace("_", "\u202f"))
