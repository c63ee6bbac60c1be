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

from .pdf_tags import artifact, untag
from .theme import shape_points
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


def rounded_rect(x: float, y: float, w: float, h: float, r: float) -> str:
    """A rectangle whose corners are quarter circles of radius ``r`` (clamped to half a side)."""
    r = max(0.0, min(r, w / 2, h / 2))
    if r == 0:
        return rect(x, y, w, h)
    k = r * (1 - KAPPA)
    right, bottom = x + w, y + h
    return (
        f"{_n(x + r)} {_n(y)} m {_n(right - r)} {_n(y)} l "
        f"{_n(right - k)} {_n(y)} {_n(right)} {_n(y + k)} {_n(right)} {_n(y + r)} c "
        f"{_n(right)} {_n(bottom - r)} l "
        f"{_n(right)} {_n(bottom - k)} {_n(right - k)} {_n(bottom)} {_n(right - r)} {_n(bottom)} c "
        f"{_n(x + r)} {_n(bottom)} l "
        f"{_n(x + k)} {_n(bottom)} {_n(x)} {_n(bottom - k)} {_n(x)} {_n(bottom - r)} c "
        f"{_n(x)} {_n(y + r)} l "
        f"{_n(x)} {_n(y + k)} {_n(x + k)} {_n(y)} {_n(x + r)} {_n(y)} c h "
    )


def circle(cx: float, cy: float, r: float) -> str:
    k = r * KAPPA
    return (
        f"{_n(cx + r)} {_n(cy)} m "
        f"{_n(cx + r)} {_n(cy + k)} {_n(cx + k)} {_n(cy + r)} {_n(cx)} {_n(cy + r)} c "
        f"{_n(cx - k)} {_n(cy + r)} {_n(cx - r)} {_n(cy + k)} {_n(cx - r)} {_n(cy)} c "
        f"{_n(cx - r)} {_n(cy - k)} {_n(cx - k)} {_n(cy - r)} {_n(cx)} {_n(cy - r)} c "
        f"{_n(cx + k)} {_n(cy - r)} {_n(cx + r)} {_n(cy - k)} {_n(cx + r)} {_n(cy)} c h "
    )


def shape(forme: str, x: float, y: float, size: float) -> str:
    """A phase's shape in a size × size box at (x, y): the same outline as ``theme.shape_path``."""
    k = size / 100
    if forme == "cercle":
        return circle(x + 50 * k, y + 50 * k, 46 * k)
    return polygon([(x + px * k, y + py * k) for px, py in shape_points(forme)])


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
        if not p.ops:  # nothing of this style on the page (no strip on a last column, say)
            continue
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


@dataclass(frozen=True)
class Stamping:
    """Pages laid out once and placed many times (``cartes.stamps``): the document's last pages.

    ``placements[i]`` lists, for visible page i, (stamp number, x, y): the stamp page's
    origin lands at (x, y) mm of that page. ``page_h`` and ``stamp_h``: the CSS heights (mm)
    of the visible pages and of the stamp pages."""

    placements: Sequence[Sequence[tuple[int, float, float]]]
    page_h: float
    stamp_h: float


def _number(reference: bytes | str) -> int:
    return int(reference.split()[0])


def under_pages(streams: Sequence[bytes | None], stamping: Stamping | None = None) -> Callable:
    """A ``write_pdf`` finisher painting ``streams[i]`` first on page i (None: nothing), then the
    stamps placed on it; the stamp pages themselves leave the page tree (kept as forms)."""

    def finish(document, pdf: pydyf.PDF) -> None:
        kids = pdf.pages["Kids"]
        numbers = kids[0::3]  # the page tree lists « number 0 R » triples
        visible, stamp_pages = numbers[: len(streams)], numbers[len(streams) :]
        if stamping is None and stamp_pages:
            raise ValueError(f"{len(streams)} dessins pour {len(numbers)} pages")
        names = []
        for i, number in enumerate(stamp_pages):
            page = pdf.objects[number]
            form = pdf.objects[_number(page["Contents"])]
            form.extra.update({"Type": "/XObject", "Subtype": "/Form", "BBox": page["MediaBox"], "Resources": page["Resources"]})
            untag(form)  # drawn on many faces: decoration for the structure tree (``pdf_tags``)
            resources = pdf.objects[_number(page["Resources"])]
            name = f"tampon{i}"
            resources["XObject"][name] = form.reference
            names.append(name)
        if stamp_pages:
            del kids[3 * len(streams) :]
            pdf.pages["Count"] = len(streams)
        k = mm_to_pt(1.0)
        made: dict[bytes, pydyf.Stream] = {}
        for i, (number, data) in enumerate(zip(visible, streams, strict=True)):
            data = data or b""
            if stamping is not None:
                # Form space is the stamp page's (y up from its bottom); its top-left goes to (x, y).
                data += "".join(
                    f" q 1 0 0 1 {_n(x * k)} {_n((stamping.page_h - y - stamping.stamp_h) * k)} cm /{names[s]} Do Q"
                    for s, x, y in stamping.placements[i]
                ).encode("ascii")
            if not data:
                continue
            data = artifact(data)  # fills, shapes, rules and marks: not read (``pdf_tags``)
            if data not in made:  # identical pages (repeated back sheets) share one stream
                stream = pydyf.Stream([data], compress=True)
                pdf.add_object(stream)
                made[data] = stream
            page = pdf.objects[number]
            page["Contents"] = pydyf.Array([made[data].reference, page["Contents"]])

    return finish
