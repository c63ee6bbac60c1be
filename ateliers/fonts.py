"""Fonts come with the package (PyPI ``fontpkg-*``), not from the system.

Output must look the same on every machine. The @font-face rules point
at the packages' files, and the URL fetcher allows exactly those files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fontpkg_atkinson_hyperlegible as _atkinson
import fontpkg_barlow_semi_condensed as _barlow

from .errors import EnvironmentProblem


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
