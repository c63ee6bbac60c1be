"""A phase's shape with its number drawn inside, centred where the eye expects it.

The number is a vector outline from the kit's font (``glyphs.number_path``),
centred on the shape's visual centre: the centroid for the triangle (two
thirds down from its apex), the middle for the others. A text box in a shape
sits on its line box, not on the shape, and drifts low.
"""

from __future__ import annotations

from ..cartes.glyphs import number_path
from ..impression.theme import SHAPES

# Visual centre and the number's cap height, in the shapes' 0 0 100 100 box.
CENTRES = {"triangle": (50.0, 63.0)}
CAP = {"triangle": 34.0, "losange": 38.0, "etoile": 26.0}


def numbered_shape_svg(forme: str, numero: int | str, fill: str, ink: str, stroke: str = "none", stroke_width: float = 0) -> str:
    cx, cy = CENTRES.get(forme, (50.0, 50.0))
    digits = number_path(str(numero), cx, cy, CAP.get(forme, 44.0) * (0.8 if len(str(numero)) > 1 else 1.0))
    return (
        '<svg class="forme" viewBox="0 0 100 100" xmlns="http://www.w3.org/2000/svg">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" stroke-linejoin="round">{SHAPES[forme]}</g>'
        f'<path fill="{ink}" d="{digits}"/></svg>'
    )
