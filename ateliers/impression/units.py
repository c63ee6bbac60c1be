"""Length conversions, from their definitions: 1 in = 25.4 mm = 72 pt = 96 CSS px."""

from __future__ import annotations

MM_PER_IN = 25.4
PT_PER_IN = 72.0
PX_PER_IN = 96.0  # CSS pixel, the unit of WeasyPrint's boxes

MM_PER_PT = MM_PER_IN / PT_PER_IN
PT_PER_MM = PT_PER_IN / MM_PER_IN
MM_PER_PX = MM_PER_IN / PX_PER_IN


def pt_to_mm(value: float) -> float:
    return value * MM_PER_PT


def mm_to_pt(value: float) -> float:
    return value / MM_PER_PT


def px_to_mm(value: float) -> float:
    return value * MM_PER_PX


def mm_to_px(value: float) -> float:
    return value / MM_PER_PX


def mm_to_in(value: float) -> float:
    return value / MM_PER_IN


def in_to_mm(value: float) -> float:
    return value * MM_PER_IN
