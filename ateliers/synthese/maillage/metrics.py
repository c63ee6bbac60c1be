"""Text widths from the kit's own font files (fontTools), so that the layout knows every
label's size before anything is rendered: labels are wrapped and stacked by measure, never
by guessing, and nothing is left for the renderer to re-flow."""

from __future__ import annotations

from functools import lru_cache

from fontTools.ttLib import TTFont

from ...impression.fonts import font_faces
from ...impression.units import MM_PER_PT

PT_TO_MM = MM_PER_PT
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
        return self._units(text, bold) * size_pt * PT_TO_MM * SLACK

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process (metrics())
    def _units(self, text: str, bold: bool) -> float:
        widths, fallback, units = self._advances[bold]
        return sum(widths.get(ord(ch), fallback) for ch in text) / units

    def wrap(self, text: str, width_mm: float, size_pt: float, bold: bool = False) -> list[str]:
        """Greedy wrapping on ordinary spaces (U+00A0 never breaks); a word longer than the
        line is cut at the character that overflows, never left to spill. Cached: the layout
        tries several sizes and columns with the same texts."""
        return list(self._wrap(text, width_mm, size_pt, bold))

    @lru_cache(maxsize=65536)  # noqa: B019 - one instance per process (metrics())
    def _wrap(self, text: str, width_mm: float, size_pt: float, bold: bool) -> tuple[str, ...]:
        lines: list[str] = []
        current, current_w = "", 0.0
        space = self.width(" ", size_pt, bold)
        for word in text.split(" "):
            if not word:
                continue
            word_w = self.width(word, size_pt, bold)
            if current and current_w + space + word_w <= width_mm:
                current, current_w = f"{current} {word}", current_w + space + word_w
                continue
            if not current and word_w <= width_mm:
                current, current_w = word, word_w
                continue
            if current:
                lines.append(current)
            current, current_w = word, word_w
            while current_w > width_mm and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and self.width(current[:cut] + "-", size_pt, bold) > width_mm:
                    cut -= 1
                lines.append(current[:cut] + "-")
                current = current[cut:]
                current_w = self.width(current, size_pt, bold)
        if current or not lines:
            lines.append(current)
        return tuple(lines)


def line_height(size_pt: float) -> float:
    return size_pt * LINE * PT_TO_MM


@lru_cache(maxsize=1)
def metrics() -> TextMetrics:
    return TextMetrics()
