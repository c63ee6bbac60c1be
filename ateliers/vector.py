"""Vector art written straight into the PDF pages, under the text WeasyPrint lays out.

WeasyPrint parses an SVG image's path data in Python every time it draws
it; the cards' fills, shapes, numbers, rules and marks are instead written
here as PDF path operators, in a content stream that each page paints
first (a ``finisher`` of ``write_pdf``). Coordinates are millimetres from
the CSS page's top-left corner, y down, as in the templates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pydyf

from .theme import SHAPES
from .units import mm_to_pt

# Control-point distance of a quarter circle drawn as one cubic Bézier curve.
KAPPA = 0.5522847498


def _n(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def rect(x: float, y: float, w: float, h: float) -> str:
    return f"{_n(x)} {_n(y)} {_n(w)} {_n(h)} re "


def line(x1: float, y1: float, x2: float, y2: float) -> str:
    return f"{_n(x1)} {_n(y1)} m {_n(x2)} {_n(y2)} l "


def polygon(points: Sequence[tuple[float, float]]) -> str:
    (x0, y0), rest = points[0], points[1:]
    return f"{_n(x0)} {_n(y0)} m " + "".join(f"{_n(x)} {_n(y)} l " for x, y in rest) + "h "


def circle(cx: float, cy: float, r: float) -> str:
    k = r * KAPPA
    return (
        f"{_n(cx + r)} {_n(cy)} m "
        f"{_n(cx + r)} {_n(cy + k)} {_n(cx + k)} {_n(cy + r)} {_n(cx)} {_n(cy + r)} c "
        f"{_n(cx - k)} {_n(cy + r)} {_n(cx - r)} {_n(cy + k)} {_n(cx - r)} {_n(cy)} c "
        f"{_n(cx - r)} {_n(cy - k)} {_n(cx - k)} {_n(cy - r)} {_n(cx)} {_n(cy - r)} c "
        f"{_n(cx + k)} {_n(cy - r)} {_n(cx + r)} {_n(cy - k)} {_n(cx + r)} {_n(cy)} c h "
    )


def _shape_points(forme: str) -> list[tuple[float, float]]:
    if forme == "carre":
        return [(8, 8), (92, 8), (92, 92), (8, 92)]
    raw = SHAPES[forme].split('points="')[1].split('"')[0]
    return [(float(a), float(b)) for a, b in (pair.split(",") for pair in raw.split())]


def shape(forme: str, x: float, y: float, size: float) -> str:
    """A phase's shape in a size × size box at (x, y): the same outline as ``theme.shape_path``."""
    k = size / 100
    if forme == "cercle":
        return circle(x + 50 * k, y + 50 * k, 46 * k)
    return polygon([(x + px * k, y + py * k) for px, py in _shape_points(forme)])


@dataclass(frozen=True)
class Path:
    """Path operators (``rect``, ``line``…) painted in one colour and line style."""

    ops: str
    fill: str = "none"  # "#RRGGBB" or "none"
    stroke: str = "none"
    width: float = 0.0  # mm
    dash: tuple[float, ...] = ()  # mm


def _rgb(colour: str) -> str:
    value = colour.lstrip("#")
    return " ".join(_n(int(value[i : i + 2], 16) / 255) for i in (0, 2, 4))


def content(paths: Sequence[Path], page_h: float) -> bytes:
    """A page content stream painting ``paths`` (mm, y down) on a page ``page_h`` mm high."""
    scale = _n(mm_to_pt(1.0))
    parts = [f"q {scale} 0 0 -{scale} 0 {_n(mm_to_pt(page_h))} cm "]
    for p in paths:
        state = []
        if p.fill != "none":
            state.append(f"{_rgb(p.fill)} rg")
        if p.stroke != "none":
            state.append(f"{_rgb(p.stroke)} RG {_n(p.width)} w")
            if p.dash:
                state.append("[" + " ".join(_n(d) for d in p.dash) + "] 0 d")
        paint = "B" if p.fill != "none" and p.stroke != "none" else ("f" if p.fill != "none" else "S")
        parts.append(f"q {' '.join(state)} {p.ops}{paint} Q ")
    parts.append("Q")
    return "".join(parts).encode("ascii")


def under_pages(streams: Sequence[bytes | None]) -> Callable:
    """A ``write_pdf`` finisher painting ``streams[i]`` first on page i (None: nothing)."""

    def finish(document, pdf: pydyf.PDF) -> None:
        kids = pdf.pages["Kids"]
        numbers = kids[0::3]  # the page tree lists « number 0 R » triples
        if len(numbers) != len(streams):
            raise ValueError(f"{len(streams)} dessins pour {len(numbers)} pages")
        made: dict[bytes, pydyf.Stream] = {}
        for number, data in zip(numbers, streams, strict=True):
            if not data:
                continue
            if data not in made:  # identical drawings (repeated back sheets) share one stream
                stream = pydyf.Stream([data], compress=True)
                pdf.add_object(stream)
                made[data] = stream
            page = pdf.objects[number]
            page["Contents"] = pydyf.Array([made[data].reference, page["Contents"]])

    return finish
