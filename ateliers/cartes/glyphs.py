"""Digits as vector outlines from the kit's own font, for numbers drawn inside shapes.

Drawing the phase number as part of the sheet's SVG (instead of a text box)
saves WeasyPrint a box per card; the number stays in the text layer through
the band title (« Phase 2 »).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from ..fonts import font_faces


@lru_cache(maxsize=4)
def _font(path: Path) -> TTFont:
    return TTFont(path, lazy=True)


def _bold_path() -> Path:
    return next(f.path for f in font_faces() if f.family == "Atkinson Hyperlegible" and f.weight == 700 and f.style == "normal")


@lru_cache(maxsize=256)
def number_path(text: str, cx: float, cy: float, height: float) -> str:
    """SVG path data of ``text`` whose cap height is ``height`` mm, centred on (cx, cy)."""
    font = _font(_bold_path())
    glyph_set = font.getGlyphSet()
    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    cap = getattr(font["OS/2"], "sCapHeight", 0) or units * 0.7
    scale = height / cap
    names = [cmap[ord(ch)] for ch in text if ord(ch) in cmap]
    width = sum(glyph_set[n].width for n in names) * scale
    x = cx - width / 2
    pen = SVGPathPen(glyph_set, ntos=lambda v: f"{v:.3f}")
    for name in names:
        # Font units are y-up from the baseline; SVG is y-down in mm.
        baseline = cy + height / 2
        glyph_set[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        x += glyph_set[name].width * scale
    return pen.getCommands()


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
