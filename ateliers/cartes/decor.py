"""The drawn parts of a card sheet (fills, shapes, numbers, ruled lines, cut marks, fold), as a few SVG paths.

WeasyPrint pays for every box and every SVG element it builds; one path
per colour and per line style keeps a sheet to a handful of elements.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..theme import INK, palette, shape_path
from .glyphs import number_path


@dataclass(frozen=True)
class Path:
    d: str
    fill: str = "none"
    stroke: str = "none"
    width: float = 0.0
    dash: str = ""


def _rect(x: float, y: float, w: float, h: float) -> str:
    return f"M{x:.3f} {y:.3f}h{w:.3f}v{h:.3f}h{-w:.3f}z"


def _line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f"M{x1:.3f} {y1:.3f}L{x2:.3f} {y2:.3f}"


def _back(face, m, c, fills, shapes, numbers) -> None:
    """A colour back: full fill into the bleed, the big white shape, its number."""
    x, y = face.rect.x, face.rect.y
    fills[c.aplat].append(_rect(x - m.bleed, y - m.bleed, m.w + 2 * m.bleed, m.h + 2 * m.bleed))
    forme = face.card.identite.forme
    left, top = x + (m.w - m.back_shape) / 2, y + m.back_top
    shapes[("#FFFFFF", "none", 0.0)].append(shape_path(forme, left, top, m.back_shape))
    if face.card.numero:
        cy = top + m.back_num_centre(forme)
        numbers[INK].append(number_path(face.card.numero, x + m.w / 2, cy, m.back_num_cap))


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
        fills[c.fond].append(_rect(x - m.bleed, y - m.bleed, m.w + 2 * m.bleed, m.band_h + m.bleed))
        if nb:
            band_lines.append(_line(x, y + m.band_h - 0.14, x + m.w, y + m.band_h - 0.14))
        key = ("#FFFFFF", "#000000", 0.4) if nb else (c.encre, "none", 0.0)
        forme = face.card.identite.forme
        shapes[key].append(shape_path(forme, x + m.pad, y + m.shape_top, m.shape))
        if face.card.numero:
            low = forme == "triangle"  # a triangle's room is in its lower part
            cy = y + m.shape_top + m.shape * (0.62 if low else 0.5)
            size = m.shape * (0.36 if low else 0.44)
            numbers["#000000" if nb else c.fond].append(number_path(face.card.numero, x + m.pad + m.shape / 2, cy, size))
        if face.zone:
            for i in range(1, m.lines + 1):
                ly = y + m.zone_top + m.question_h + i * m.line_h
                rules.append(_line(x + m.side, ly, x + m.w - m.side, ly))
    paths = [Path("".join(d), fill=colour) for colour, d in fills.items()]
    if band_lines:
        paths.append(Path("".join(band_lines), stroke="#000000", width=0.28))
    paths += [Path("".join(d), fill=f, stroke=s, width=w) for (f, s, w), d in shapes.items()]
    paths += [Path("".join(d), fill=colour) for colour, d in numbers.items()]
    if rules:
        paths.append(Path("".join(rules), stroke=rule, width=0.18))
    if page.marks:
        paths.append(Path("".join(_line(s.x1, s.y1, s.x2, s.y2) for s in page.marks), stroke="#000000", width=mark_width))
    if page.fold:
        f = page.fold
        paths.append(Path(_line(f.x1, f.y1, f.x2, f.y2), stroke="#000000", width=0.21, dash="3 2"))
    return paths


def sheet_svg(page, m, nb: bool, rule: str, mark_width: float, page_w: float, page_h: float, bleed: float) -> str | None:
    """The sheet's drawing as an SVG document in mm, covering the page and its bleed; None if empty."""
    paths = sheet_paths(page, m, nb, rule, mark_width)
    if not paths:
        return None
    w, h = page_w + 2 * bleed, page_h + 2 * bleed
    body = "".join(
        f'<path d="{p.d}" fill="{p.fill}" stroke="{p.stroke}" stroke-width="{p.width}"'
        + (f' stroke-dasharray="{p.dash}"' if p.dash else "")
        + "/>"
        for p in paths
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w:.3f}mm" height="{h:.3f}mm"'
        f' viewBox="{-bleed:g} {-bleed:g} {w:g} {h:g}">{body}</svg>'
    )
