"""Which characters the kit can print: those its fonts can draw.

A text with a character no font of the kit has (an emoji, a rare script)
would print as an empty box. It is refused at validation, naming the
character, rather than silently lost on paper.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from .fonts import font_faces

# The fallback in the font stack (Debian's fonts-dejavu-core), used when installed.
SYSTEM_FALLBACKS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


@lru_cache(maxsize=1)
def printable_codepoints() -> frozenset[int]:
    points: set[int] = set()
    paths = [f.path for f in font_faces()] + [p for p in SYSTEM_FALLBACKS if p.is_file()]
    for path in paths:
        font = TTFont(path, lazy=True)
        try:
            points.update(font.getBestCmap())
        finally:
            font.close()
    return frozenset(points)


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` no font of the kit can draw (spaces and joiners aside)."""
    known = printable_codepoints()
    missing = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace() or unicodedata.category(char) in ("Cf", "Mn"):
            continue
        if ord(char) not in known and char not in missing:
            missing.append(char)
    return missing
