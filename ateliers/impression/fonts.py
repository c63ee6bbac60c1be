"""Fonts come with the package (PyPI ``fontpkg-*``), not from the system.

Output must look the same on every machine. The @font-face rules point
at the packages' files, and the URL fetcher allows exactly those files.

Which characters the kit can print are those its fonts can draw: a text
with a character no font of the kit has (an emoji, a rare script) would
print as an empty box. It is refused at validation, naming the character,
rather than silently lost on paper.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import fontpkg_atkinson_hyperlegible as _atkinson
import fontpkg_barlow_semi_condensed as _barlow

from ..errors import EnvironmentProblem


@dataclass(frozen=True)
class FontFace:
    family: str
    path: Path
    weight: int
    style: str


# (package, family used in CSS, [(file, weight, style)])
_FACES = [
    (
        _atkinson,
        "Atkinson Hyperlegible",
        [
            ("AtkinsonHyperlegible-Regular.ttf", 400, "normal"),
            ("AtkinsonHyperlegible-Bold.ttf", 700, "normal"),
            ("AtkinsonHyperlegible-Italic.ttf", 400, "italic"),
            ("AtkinsonHyperlegible-BoldItalic.ttf", 700, "italic"),
        ],
    ),
    (
        _barlow,
        "Barlow Semi Condensed",
        [
            ("BarlowSemiCondensed-Regular.ttf", 400, "normal"),
            ("BarlowSemiCondensed-SemiBold.ttf", 600, "normal"),
            ("BarlowSemiCondensed-Bold.ttf", 700, "normal"),
        ],
    ),
]

# DejaVu Sans (Debian) only as a last resort for rare characters.
TEXT_STACK = '"Atkinson Hyperlegible", "DejaVu Sans", sans-serif'
CONDENSED_STACK = '"Barlow Semi Condensed", "Atkinson Hyperlegible", "DejaVu Sans", sans-serif'


def font_faces() -> list[FontFace]:
    faces = []
    for package, family, files in _FACES:
        for name, weight, style in files:
            path = Path(package.ROOT) / "files" / name
            if not path.is_file():
                raise EnvironmentProblem(
                    f"Police introuvable : {path}.",
                    conseil="Réinstallez ateliers (pip install -e .) pour réinstaller ses polices.",
                )
            faces.append(FontFace(family, path, weight, style))
    return faces


def font_face_css(faces: list[FontFace]) -> str:
    rules = []
    for face in faces:
        rules.append(
            "@font-face { "
            f'font-family: "{face.family}"; src: url("{face.path.as_uri()}"); '
            f"font-weight: {face.weight}; font-style: {face.style}; }}"
        )
    return "\n".join(rules)


# The fallback in the font stack (Debian's fonts-dejavu-core), used when installed.
SYSTEM_FALLBACKS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
)


@lru_cache(maxsize=1)
def printable_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # only when a text is checked

    points: set[int] = set()
    paths = [f.path for f in font_faces()] + [p for p in SYSTEM_FALLBACKS if p.is_file()]
    for path in paths:
        font = TTFont(path, lazy=True)
        try:
            points.update(font.getBestCmap())
        finally:
            font.close()
    return frozenset(points)


# Drawn by the kit's own fonts (a test checks it): most texts hold nothing else, and are then
# checked without reading the fonts' tables (a tenth of a second, before anything can start).
COMMON_CHARACTERS = frozenset(
    [chr(c) for c in range(0x20, 0x7F)] + [chr(c) for c in range(0xA0, 0x100)] + list("ŒœŸ’‘“”«»…–—•€‹›‚„")
)


def unprintable(text: str) -> list[str]:
    """The characters of ``text`` no font of the kit can draw (spaces and joiners aside)."""
    if COMMON_CHARACTERS.issuperset(text):  # already composed: NFC leaves it as it is
        return []
    known = printable_codepoints()
    missing = []
    for char in unicodedata.normalize("NFC", text):
        if char.isspace() or unicodedata.category(char) in ("Cf", "Mn"):
            continue
        if ord(char) not in known and char not in missing:
            missing.append(char)
    return missing
