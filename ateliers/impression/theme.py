"""The kit's one visual identity, shared by every printable.

Colours, black-and-white cues, shapes and fonts are defined here once;
templates receive the theme and never hard-code a colour. Each phase is
recognisable by colour AND by its number and shape (Okabe–Ito palette,
safe for colour-vision deficiency), so black-and-white prints keep it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identite:
    """How one phase (or the summary, or the actor cards) looks."""

    cle: str  # CSS class suffix: p1…p4, resume, acteur, vierge
    couleur: str  # fill in colour mode
    encre: str  # text on the fill (contrast ≥ 4.5:1 against it)
    pale: str  # light tint for backgrounds of text areas
    forme: str  # shape name, see SHAPES
    motif: str  # black-and-white pattern, see PATTERNS
    gris: str  # grey used for the fill in black-and-white mode


# SVG paths in a 0 0 100 100 box.
SHAPES = {
    "cercle": '<circle cx="50" cy="50" r="46"/>',
    "triangle": '<polygon points="50,5 96,92 4,92"/>',
    "carre": '<rect x="8" y="8" width="84" height="84"/>',
    "losange": '<polygon points="50,2 98,50 50,98 2,50"/>',
    "etoile": '<polygon points="50,4 61,38 97,38 68,59 79,94 50,73 21,94 32,59 3,38 39,38"/>',
    "hexagone": '<polygon points="27,6 73,6 96,50 73,94 27,94 4,50"/>',
    "pentagone": '<polygon points="50,4 96,38 78,94 22,94 4,38"/>',
}

# Black-and-white hatching, distinct at 300 dpi on a laser printer.
PATTERNS = {
    "points": "radial-gradient(circle, #000000 0.35mm, rgba(0,0,0,0) 0.45mm) 0 0 / 2.2mm 2.2mm",
    "diagonales": "repeating-linear-gradient(45deg, #000000 0, #000000 0.3mm, rgba(0,0,0,0) 0.3mm, rgba(0,0,0,0) 2mm)",
    "horizontales": "repeating-linear-gradient(0deg, #000000 0, #000000 0.3mm, rgba(0,0,0,0) 0.3mm, rgba(0,0,0,0) 2mm)",
    "quadrillage": "repeating-linear-gradient(0deg, #000000 0, #000000 0.25mm, rgba(0,0,0,0) 0.25mm, rgba(0,0,0,0) 2.2mm), "
    "repeating-linear-gradient(90deg, #000000 0, #000000 0.25mm, rgba(0,0,0,0) 0.25mm, rgba(0,0,0,0) 2.2mm)",
    "verticales": "repeating-linear-gradient(90deg, #000000 0, #000000 0.3mm, rgba(0,0,0,0) 0.3mm, rgba(0,0,0,0) 2mm)",
    "aucun": "none",
}

PHASES = {
    1: Identite("p1", "#0072B2", "#FFFFFF", "#E5F1F8", "cercle", "points", "#5A5A5A"),
    2: Identite("p2", "#009E73", "#0B0B0B", "#E3F5EF", "triangle", "diagonales", "#7A7A7A"),
    3: Identite("p3", "#E69F00", "#0B0B0B", "#FDF3DE", "carre", "horizontales", "#9A9A9A"),
    4: Identite("p4", "#CC79A7", "#0B0B0B", "#F8EBF2", "losange", "quadrillage", "#BBBBBB"),
}
RESUME = Identite("resume", "#4D4D4D", "#FFFFFF", "#EDEDED", "etoile", "verticales", "#4D4D4D")
ACTEUR = Identite("acteur", "#F0E442", "#0B0B0B", "#FDFBE3", "hexagone", "aucun", "#DDDDDD")
VIERGE = Identite("vierge", "#56B4E9", "#0B0B0B", "#EAF6FD", "pentagone", "aucun", "#DDDDDD")

INK = "#1A1A1A"
MUTED = "#5C5C5C"
RULE = "#9A9A9A"

# Phases beyond 4 (an amended referential) reuse the palette in order.
_EXTRA = ["#56B4E9", "#D55E00", "#F0E442", "#000000", "#999999"]


def phase_identite(numero: int) -> Identite:
    if numero in PHASES:
        return PHASES[numero]
    base = PHASES[(numero - 1) % 4 + 1]
    colour = _EXTRA[(numero - 5) % len(_EXTRA)]
    ink = "#FFFFFF" if colour in ("#D55E00", "#000000") else "#0B0B0B"
    return Identite(f"p{numero}", colour, ink, "#F2F2F2", base.forme, base.motif, base.gris)


def all_identites(numeros: list[int]) -> list[Identite]:
    return [phase_identite(n) for n in numeros] + [RESUME, ACTEUR, VIERGE]


def shape_path(forme: str, x: float, y: float, size: float) -> str:
    """SVG path data of a shape scaled into a size × size box at (x, y) (for one-path drawings)."""
    k = size / 100
    if forme == "cercle":
        r, cx, cy = 46 * k, x + 50 * k, y + 50 * k
        return (
            f"M{cx - r:.3f} {cy:.3f}a{r:.3f} {r:.3f} 0 1 0 {2 * r:.3f} 0"
            f"a{r:.3f} {r:.3f} 0 1 0 {-2 * r:.3f} 0z"
        )
    return "M" + "L".join(f"{x + px * k:.3f} {y + py * k:.3f}" for px, py in shape_points(forme)) + "z"


def shape_points(forme: str) -> list[tuple[float, float]]:
    """The corners of a polygonal shape (not the circle) in its 100 × 100 box."""
    if forme == "carre":
        return [(8, 8), (92, 8), (92, 92), (8, 92)]
    raw = SHAPES[forme].split('points="')[1].split('"')[0]
    return [(float(a), float(b)) for a, b in (pair.split(",") for pair in raw.split())]


def shape_svg(forme: str, fill: str, stroke: str = "none", stroke_width: float = 0) -> str:
    """An inline SVG of a shape (vector, no font needed)."""
    body = SHAPES[forme]
    return (
        f'<svg class="forme" viewBox="0 0 100 100" xmlns="http://www.w3.org/2000/svg">'
        f'<g fill="{fill}" stroke="{stroke}" stroke-width="{stroke_width}" stroke-linejoin="round">{body}</g></svg>'
    )


@dataclass(frozen=True)
class Palette:
    """The colours of one identity in one mode (colour or black and white)."""

    fond: str  # band fill
    encre: str  # text on the band
    aplat: str  # full fill of a back
    aplat_motif: str  # CSS background-image over the fill (black-and-white hatching)
    aplat_encre: str
    pale: str  # tint behind text areas
    accent: str  # shape colour on white
    trait: str  # rules and outlines


def palette(ident: Identite, noir_et_blanc: bool) -> Palette:
    if noir_et_blanc:
        motif = PATTERNS[ident.motif]
        return Palette("#FFFFFF", "#000000", "#FFFFFF", motif, "#000000", "#FFFFFF", "#000000", "#000000")
    return Palette(ident.couleur, ident.encre, ident.couleur, "none", ident.encre, ident.pale, ident.couleur, ident.couleur)
