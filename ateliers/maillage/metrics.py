"""Text widths from the kit's own font files (fontTools), so that the layout knows every
label's size before anything is rendered: labels are wrapped and stacked by measure, never
by guessing, and nothing is left for the renderer to re-flow."""

from __future__ import annotations

from functools import lru_cache

from fontTools.ttLib import TTFont

from ..fonts import font_faces

PT_TO_MM = 25.4 / 72
LINE = 1.22  # line height, in font sizes
SLACK = 1.03  # the renderer's shaping may differ by a hair: keep a margin


class TextMetrics:
    def __init__(self) -> None:
        self._advances: dict[bool, tuple[dict[int, int], float, int]] = {}
        for face in font_faces():
            if face.family == "Atkinson Hyperlegible" and face.style == "normal":
                font = TTFont(face.path, lazy=True)
                try:
                    cmap = font.getBestCmap()
                    hmtx = font["hmtx"].metrics
                    units = font["head"].unitsPerEm
                    widths = {cp: hmtx[name][0] for cp, name in cmap.items()}
                finally:
                    font.close()
                self._advances[face.weight >= 700] = (widths, units * 0.6, units)

    def width(self, text: str, size_pt: float, bold: bool = False) -> float:
        """The advance width of ``text`` in mm."""
        widths, fallback, units = self._advances[bold]
        total = sum(widths.get(ord(ch), fallback) for ch in text)
        return total / units * size_pt * PT_TO_MM * SLACK

    def wrap(self, text: str, width_mm: float, size_pt: float, bold: bool = False) -> list[str]:
        """Greedy wrapping on ordinary spaces (U+00A0 never breaks); a word longer than the
        line is cut at the character that overflows, never left to spill."""
        lines: list[str] = []
        current = ""
        for word in text.split(" "):
            if not word:
                continue
            candidate = f"{current} {word}" if current else word
            if self.width(candidate, size_pt, bold) <= width_mm:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = word
            while self.width(current, size_pt, bold) > width_mm and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and self.width(current[:cut] + "-", size_pt, bold) > width_mm:
                    cut -= 1
                lines.append(current[:cut] + "-")
                current = current[cut:]
        if current or not lines:
            lines.append(current)
        return lines


def line_height(size_pt: float) -> float:
    return size_pt * LINE * PT_TO_MM


@lru_cache(maxsize=1)
def metrics() -> TextMetrics:
    return TextMetrics()
