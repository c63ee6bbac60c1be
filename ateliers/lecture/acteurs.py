"""Who a « Qui la détient ? » cell names.

One actor per line (or between semicolons) is sure. Commas, « et », « & » and
slashes also separate actors, except inside a known name (the workshop file's
actors, and a name written as one unit in two rows or more) and except before a
word in lower case (« Jeanne Roux, habitante et bénévole » is one person). A
split on « et » between two unknown names is doubtful: it is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .text import fold

_PRIMARY = re.compile(r"\s*(?:\n|;)\s*")
# Secondary separators, outside parentheses: « , », « / », « et », « & », « + ».
_SECONDARY = re.compile(r"\s*[,/]\s*|\s+(?:et|&|\+)\s+", re.IGNORECASE)
_BULLETS = " .-–—•*·>"


@dataclass(frozen=True)
class DoubtfulSplit:
    line: str
    parts: tuple[str, ...]


def lines_of(text: str) -> list[str]:
    """The sure parts of a cell: lines, and parts between semicolons."""
    return [p.strip(_BULLETS) for p in _PRIMARY.split(text.strip()) if p.strip(_BULLETS)]


_LIST = re.compile(r"\s*[,/]\s*")


def recurring_names(cells: list[str]) -> set[str]:
    """Names written as one unit (« Bois et Forêts ») in two rows or more, alone on a line
    or between commas: taken as one name, never split on « et »."""
    rows_of: dict[str, set[int]] = {}
    for index, cell in enumerate(cells):
        for line in lines_of(cell):
            for unit in _LIST.split(line):
                key = fold(unit)
                if key and re.search(r"\s(?:et|&|\+)\s", unit, re.IGNORECASE):
                    rows_of.setdefault(key, set()).add(index)
    return {key for key, rows in rows_of.items() if len(rows) >= 2}


def _separators(line: str) -> list[re.Match]:
    depth, found = 0, []
    spans = [m for m in _SECONDARY.finditer(line)]
    for m in spans:
        depth = line[: m.start()].count("(") - line[: m.start()].count(")")
        if depth <= 0:
            found.append(m)
    return found


def _starts_lower(piece: str) -> bool:
    first = piece.lstrip(_BULLETS + "«\"' ")
    return bool(first) and (first[0].islower() or bool(re.match(r"(?:d|l|qu)['’]", first)))


def split_line(line: str, known: set[str]) -> tuple[list[str], DoubtfulSplit | None]:
    """The actors one line names, and the split to report when it is doubtful."""
    if fold(line) in known:
        return [line], None
    seps = _separators(line)
    if not seps:
        return [line], None
    # Tokens between separators, with the separator that precedes each.
    bounds = [0] + [x for m in seps for x in (m.start(), m.end())] + [len(line)]
    tokens = [line[bounds[i] : bounds[i + 1]] for i in range(0, len(bounds), 2)]
    joints = [m.group(0) for m in seps]  # joints[k] sits between tokens[k] and tokens[k+1]

    def joined(i: int, j: int) -> str:
        return "".join(tokens[k] + (joints[k] if k < j else "") for k in range(i, j + 1))

    pieces: list[tuple[str, bool, str]] = []  # (text, known, joint before it)
    i = 0
    while i < len(tokens):
        for j in range(len(tokens) - 1, i - 1, -1):
            if fold(joined(i, j)) in known:
                pieces.append((joined(i, j), True, joints[i - 1] if i else ""))
                i = j + 1
                break
        else:
            pieces.append((tokens[i], False, joints[i - 1] if i else ""))
            i += 1
    # A piece in lower case continues the previous one, when the line also has capitals
    # (a line all in lower case is just typed that way).
    if any(not _starts_lower(p[0]) for p in pieces):
        glued: list[tuple[str, bool, str]] = []
        for text, sure, joint in pieces:
            if glued and not sure and _starts_lower(text):
                prev_text, _, prev_joint = glued[-1]
                glued[-1] = (prev_text + joint + text, False, prev_joint)
            else:
                glued.append((text, sure, joint))
        pieces = glued
    names = [p[0].strip(_BULLETS) for p in pieces if p[0].strip(_BULLETS)]
    doubtful = any(
        re.fullmatch(r"\s+(?:et|&|\+)\s+", joint, re.IGNORECASE) and not (sure and pieces[k - 1][1])
        for k, (_, sure, joint) in enumerate(pieces)
        if k
    )
    return names, (DoubtfulSplit(line, tuple(names)) if doubtful and len(names) > 1 else None)


def split_acteurs(text: str, known: set[str] | None = None) -> list[str]:
    """Every actor a cell names (doubtful splits included)."""
    return [name for line in lines_of(text) for name in split_line(line, known or set())[0]]
