"""The drawn parts of a card sheet (fills, shapes, numbers, ruled lines, cut marks, fold), as a few vector paths.

One path per colour and per line style, written straight into the PDF page
(``ateliers.impression.vector``) under the text boxes: WeasyPrint lays out and draws
only the words.
"""

from __future__ import annotations

from collections import defaultdict

from ..impression import vector
from ..impression.theme import INK, palette
from ..impression.vector import Path
from .glyphs import number_ops


def _back(face, m, c, fills, shapes, numbers) -> None:
    """A colour back: full fill into the bleed, the big white shape, its number."""
    x, y = face.rect.x, face.rect.y
    fills[c.aplat].append(vector.rect(x - m.bleed, y - m.bleed, m.w + 2 * m.bleed, m.h + 2 * m.bleed))
    forme = face.card.identite.forme
    left, top = x + (m.w - m.back_shape) / 2, y + m.back_top
    shapes[("#FFFFFF", "none", 0.0)].append(vector.shape(forme, left, top, m.back_shape))
    if face.card.numero:
        cy = top + m.back_num_centre(forme)
        numbers[INK].append(number_ops(face.card.numero, x + m.w / 2, cy, m.back_num_cap))


def sheet_paths(page, m, nb: bool, rule: str, mark_width: float) -> list[Path]:
    fills: dict[str, list[str]] = defaultdict(list)
    shapes: dict[tuple[str, str, float], list[str]] = defaultdict(list)
    rules: list[str] = []
    band_lines: list[str] = []
    numbers: dict[str, list[str]] = defaultdict(list)
    for face in page.faces:
        x, y = face.rect.x, face.rect.y
        c = palette(face.card.identite, nb)
        if face.face != "recto":
            if not nb:  # black-and-white backs are hatched by CSS patterns: drawn in HTML (faces.html)
                _back(face, m, c, fills, shapes, numbers)
            continue
        fills[c.fond].append(vector.rect(x - m.bleed, y - m.bleed, m.w + 2 * m.bleed, m.band_h + m.bleed))
        if nb:
            band_lines.append(vector.line(x, y + m.band_h - 0.14, x + m.w, y + m.band_h - 0.14))
        key = ("#FFFFFF", "#000000", 0.4) if nb else (c.encre, "none", 0.0)
        forme = face.card.identite.forme
        shapes[key].append(vector.shape(forme, x + m.pad, y + m.shape_top, m.shape))
        if face.card.numero:
            low = forme == "triangle"  # a triangle's room is in its lower part
            cy = y + m.shape_top + m.shape * (0.62 if low else 0.5)
            size = m.shape * (0.36 if low else 0.44)
            numbers["#000000" if nb else c.fond].append(number_ops(face.card.numero, x + m.pad + m.shape / 2, cy, size))
        if face.zone:
            for i in range(1, m.lines + 1):
                ly = y + m.zone_top + m.question_h + i * m.line_h
                rules.append(vector.line(x + m.side, ly, x + m.w - m.side, ly))
    paths = [Path("".join(d), fill=colour) for colour, d in fills.items()]
    if band_lines:
        paths.append(Path("".join(band_lines), stroke="#000000", width=0.28))
    paths += [Path("".join(d), fill=f, stroke=s, width=w) for (f, s, w), d in shapes.items()]
    paths += [Path("".join(d), fill=colour) for colour, d in numbers.items()]
    if rules:
        paths.append(Path("".join(rules), stroke=rule, width=0.18))
    if page.marks:
        paths.append(Path("".join(vector.line(s.x1, s.y1, s.x2, s.y2) for s in page.marks), stroke="#000000", width=mark_width))
    if page.fold:
        f = page.fold
        paths.append(Path(vector.line(f.x1, f.y1, f.x2, f.y2), stroke="#000000", width=0.21, dash=(3.0, 2.0)))
    return paths


def sheet_drawing(page, m, nb: bool, rule: str, mark_width: float, page_h: float) -> bytes | None:
    """The sheet's drawing as a PDF content stream (see ``vector.under_pages``); None if empty."""
    paths = sheet_paths(page, m, nb, rule, mark_width)
    return vector.content(paths, page_h) if paths else None
