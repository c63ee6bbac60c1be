"""Digits as vector outlines from the kit's own font, for numbers drawn inside shapes.

Drawing the phase number as part of the sheet's vector art (instead of a
text box) saves WeasyPrint a box per card; the number stays in the text layer through
the band title (« Phase 2 »).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.pens.basePen import BasePen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from ..impression.fonts import font_faces


@lru_cache(maxsize=4)
def _font(path: Path) -> TTFont:
    return TTFont(path, lazy=True)


def _bold_path() -> Path:
    return next(f.path for f in font_faces() if f.family == "Atkinson Hyperlegible" and f.weight == 700 and f.style == "normal")


def _draw_number(text: str, cx: float, cy: float, height: float, pen) -> None:
    """Draws ``text`` with ``pen``: cap height ``height`` mm, centred on (cx, cy), y down in mm."""
    font = _font(_bold_path())
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    cap = getattr(font["OS/2"], "sCapHeight", 0) or units * 0.7
    scale = height / cap
    names = [cmap[ord(ch)] for ch in text if ord(ch) in cmap]
    width = sum(glyph_set[n].width for n in names) * scale
    x = cx - width / 2
    baseline = cy + height / 2
    for name in names:
        # Font units are y-up from the baseline; SVG and the cards' PDF drawing are y-down in mm.
        glyph_set[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += glyph_set[name].width * scale


@lru_cache(maxsize=256)
def number_path(text: str, cx: float, cy: float, height: float) -> str:
    """SVG path data of ``text`` whose cap height is ``height`` mm, centred on (cx, cy)."""
    pen = SVGPathPen(_font(_bold_path()).getGlyphSet(), ntos=lambda v: f"{v:.3f}")
    _draw_number(text, cx, cy, height, pen)
    return pen.getCommands()


class _PdfPen(BasePen):
    """Glyph outlines as PDF path operators (quadratic curves become cubic ones)."""

    def __init__(self) -> None:
        super().__init__(_font(_bold_path()).getGlyphSet())  # composite glyphs are drawn from their parts
        self.ops: list[str] = []

    def _moveTo(self, p):
        self.ops.append(f"{p[0]:.3f} {p[1]:.3f} m")

    def _lineTo(self, p):
        self.ops.append(f"{p[0]:.3f} {p[1]:.3f} l")

    def _curveToOne(self, p1, p2, p3):
        self.ops.append(f"{p1[0]:.3f} {p1[1]:.3f} {p2[0]:.3f} {p2[1]:.3f} {p3[0]:.3f} {p3[1]:.3f} c")

    def _closePath(self):
        self.ops.append("h")


@lru_cache(maxsize=1024)
def number_ops(text: str, cx: float, cy: float, height: float) -> str:
    """The same outline as ``number_path``, as PDF path operators (see ``ateliers.impression.vector``)."""
    pen = _PdfPen()
    _draw_number(text, cx, cy, height, pen)
    return " ".join(pen.ops) + " "


@lru_cache(maxsize=1)
def cap_height_em() -> float:
    """Height of the bold capitals and digits, in em."""
    font = _font(_bold_path())
    units = font["head"].unitsPerEm
    return (getattr(font["OS/2"], "sCapHeight", 0) or units * 0.7) / units


@lru_cache(maxsize=1)
def cap_centre_em() -> float:
    """Where the middle of a bold capital (or digit) sits in a line-height-1 box, in em from its top.

    The box's line is centred on the font's ascent + descent (half-leading
    above), so the baseline is at half-leading + ascent.
    """
    font = _font(_bold_path())
    units = font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent, -font["hhea"].descent
    cap = getattr(font["OS/2"], "sCapHeight", 0) or units * 0.7
    baseline = (units - (ascent + descent)) / 2 + ascent
    return (baseline - cap / 2) / units
