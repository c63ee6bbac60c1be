"""The overview's path: the phases as stations linked in order, test and launch overlapping.

The source says test and launch are « souvent articulées, la délimitation entre
les deux est loin d’être nette »: their shapes overlap inside one dashed frame.
Drawn as one SVG in millimetres (line, arrowheads, shapes, numbers as
outlines); the phase names stay text, placed by the template at the
positions computed here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..cartes.glyphs import number_path
from ..impression.theme import SHAPES, palette, phase_identite
from .formes import CAP, CENTRES


@dataclass(frozen=True)
class Station:
    numero: int
    nom: str
    cx: float  # centre, mm from the graphic's top left
    cy: float
    size: float
    align: str  # where its name goes under it: « centre », « gauche » (ends at the station), « droite »


@dataclass(frozen=True)
class PathGraphic:
    width: float
    height: float
    stations: tuple[Station, ...]
    svg: str
    group: tuple[float, float, float, float] | None  # the overlap frame (x, y, w, h), mm


def overview_path(phases: list[tuple[int, str]], width: float, size: float, overlap: bool, nb: bool) -> PathGraphic:
    """Stations evenly spread over ``width``; with ``overlap``, phases 2 and 3 share one place, overlapping."""
    numeros = [n for n, _ in phases]
    pair = overlap and 2 in numeros and 3 in numeros and numeros.index(3) == numeros.index(2) + 1
    slots = len(phases) - (1 if pair else 0)
    step = width / max(slots, 1)
    cy = size / 2 + 2
    stations = []
    slot = 0
    for numero, nom in phases:
        if pair and numero == 3:
            continue
        cx = step * (slot + 0.5)
        if pair and numero == 2:
            shift = size * 0.4  # the two shapes overlap at their corners, the numbers clear
            stations.append(Station(2, nom, cx - shift, cy, size, "gauche"))
            stations.append(Station(3, dict(phases)[3], cx + shift, cy, size, "droite"))
        else:
            stations.append(Station(numero, nom, cx, cy, size, "centre"))
        slot += 1
    ink = "#1A1A1A" if not nb else "#000000"
    parts = []
    # The line and its arrowheads, between consecutive places.
    first, last = stations[0], stations[-1]
    parts.append(f'<line x1="{first.cx:.2f}" y1="{cy:.2f}" x2="{last.cx:.2f}" y2="{cy:.2f}" stroke="{ink}" stroke-width="{size * 0.06:.2f}"/>')
    places = sorted({round(s.cx if not (pair and s.numero in (2, 3)) else step * (numeros.index(2) + 0.5), 2) for s in stations})
    head = size * 0.16
    for a, b in zip(places, places[1:]):
        mid = (a + b) / 2
        parts.append(f'<polygon points="{mid - head / 2:.2f},{cy - head / 2:.2f} {mid + head / 2:.2f},{cy:.2f} {mid - head / 2:.2f},{cy + head / 2:.2f}" fill="{ink}"/>')
    group = None
    if pair:
        s2, s3 = stations[[s.numero for s in stations].index(2)], stations[[s.numero for s in stations].index(3)]
        gx, gy = s2.cx - size / 2 - 3, 0.5
        gw, gh = s3.cx - s2.cx + size + 6, size + 3
        group = (gx, gy, gw, gh)
        parts.append(
            f'<rect x="{gx:.2f}" y="{gy:.2f}" width="{gw:.2f}" height="{gh:.2f}" rx="3" fill="#FFFFFF" '
            f'stroke="{ink}" stroke-width="0.5" stroke-dasharray="2 1.5"/>'
        )
    for s in stations:
        ident = phase_identite(s.numero)
        c = palette(ident, nb)
        k = s.size / 100
        x0, y0 = s.cx - s.size / 2, s.cy - s.size / 2
        fill = "#FFFFFF" if nb else c.fond
        stroke = f' stroke="#000000" stroke-width="{5}"' if nb else ""
        parts.append(f'<g transform="translate({x0:.2f} {y0:.2f}) scale({k:.4f})" fill="{fill}"{stroke} stroke-linejoin="round">{SHAPES[ident.forme]}</g>')
        ncx, ncy = CENTRES.get(ident.forme, (50.0, 50.0))
        digits = number_path(str(s.numero), ncx, ncy, CAP.get(ident.forme, 44.0))
        text_ink = "#000000" if nb else c.encre
        parts.append(f'<path transform="translate({x0:.2f} {y0:.2f}) scale({k:.4f})" fill="{text_ink}" d="{digits}"/>')
    height = size + 4
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.2f} {height:.2f}" '
        f'width="{width:.2f}mm" height="{height:.2f}mm">{"".join(parts)}</svg>'
    )
    return PathGraphic(width, height, tuple(stations), svg, group)
