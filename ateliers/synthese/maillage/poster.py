"""synthese-maillage.pdf: the laid-out mesh (layout.py) drawn with the kit's theme, in colour
or in black and white. At A3, a handout, it is laid out on the page itself (10 pt at least);
at A2 and A1, for the wall, on a canvas smaller by k = 24/10 at the same sizes, then scaled
by k: every text ≥ 24 pt, headings ≥ 36 pt, strokes, marks and margins alike. A mesh too full
for one page flows onto one page per phase (panels.py), never refused."""

from __future__ import annotations

from dataclasses import dataclass

from ...affiches.mural import READ_FROM_2M_PT
from ...impression import theme
from .graph import Maillage
from .layout import HEAD_PT, MIN_PT, Curve, Drawing
from .panels import mesh_drawings
from .metrics import LINE
from .options import MESH_FORMATS, MaillageOptions, for_the_wall

WALL_HEAD_PT = 16.0  # on the canvas: panel headings 38.4 pt printed, phase bands and groups 36 pt


def canvas(format: str) -> tuple[float, float, float, float]:
    """The page the mesh is laid out on (width, height, mm), the scale k to the printed page,
    and the headings' size on the canvas."""
    page_w, page_h = MESH_FORMATS[format]
    if not for_the_wall(format):
        return page_w, page_h, 1.0, HEAD_PT
    k = READ_FROM_2M_PT / MIN_PT
    return page_w / k, page_h / k, k, WALL_HEAD_PT



@dataclass(frozen=True)
class Stroke:
    fill: str = "none"
    stroke: str = "none"
    width: float = 0.0
    dash: str = ""
    opacity: float = 1.0


class Styles:
    """Colours and strokes of each drawing style (mm, in the layout canvas's units)."""

    def __init__(self, nb: bool) -> None:
        self.nb = nb
        ink = "#000000" if nb else theme.INK
        rect = {
            "badge": Stroke("#FFFFFF", ink, 0.25),
            "badge-fragile": Stroke(ink, ink, 0.25),
            "acteur": Stroke("#FFFFFF" if nb else theme.ACTEUR.pale, ink if nb else "#8A7F00", 0.25),
            "acteur-seul": Stroke("#FFFFFF" if nb else theme.ACTEUR.pale, ink, 0.6),
        }
        for ident in theme.all_identites(list(range(1, 10))):
            rect[f"bande-{ident.cle}"] = Stroke("#FFFFFF", "#000000", 0.3) if nb else Stroke(ident.couleur)
        self.rect = rect

    def mark(self, style: str) -> Stroke:
        if style == "acteur":
            return Stroke("#FFFFFF", "#000000", 0.25) if self.nb else Stroke(theme.ACTEUR.couleur, theme.INK, 0.2)
        banded = style.endswith("-bande")
        cle = style.removesuffix("-bande")
        ident = next(i for i in theme.all_identites(list(range(1, 10))) if i.cle == cle)
        if self.nb:
            return Stroke("#000000")
        return Stroke(ident.encre if banded else ident.couleur)

    def curve(self, c: Curve) -> Stroke:
        colour = "#000000" if self.nb or not c.phase else theme.phase_identite(c.phase).couleur
        if c.style == "nouveau":  # thickness says « new », in colour and in black and white alike
            return Stroke(stroke=colour, width=0.75)
        if c.style == "perdu":
            return Stroke(stroke="#000000" if self.nb else theme.RULE, width=0.45, dash="0.2 1.0")
        if c.style == "à vérifier":  # a lead: dotted, thin
            return Stroke(stroke=colour, width=0.3, dash="0.3 1.1", opacity=0.9)
        if c.style == "partielle":
            return Stroke(stroke=colour, width=0.3, dash="1.6 1.0", opacity=0.9)
        return Stroke(stroke=colour, width=0.3, opacity=0.9)


def mesh_poster(m: Maillage, renderer, options: MaillageOptions, credit: str, when: str, auteur: str = "ateliers") -> tuple[bytes, int, list[Drawing]]:
    """The mesh on one page, or one page per phase (and more) when it does not fit: never refused."""
    width, height, s, head_pt = canvas(options.format)
    drawings = mesh_drawings(m, width, height, credit=credit, when=when, head_pt=head_pt, wall=for_the_wall(options.format))
    page_w, page_h = MESH_FORMATS[options.format]
    context = {
        "drawings": drawings,
        "s": s,
        "nb": options.noir_et_blanc,
        "page_w": page_w,
        "page_h": page_h,
        "line": LINE,
        "styles": Styles(options.noir_et_blanc),
        "identites": theme.all_identites(list(range(1, 10))),
        "titre": "Le maillage des acteurs" + (f" — {m.territoire}" if m.territoire else ""),
        "auteur": auteur,
        "description": "Le réseau des acteurs et des compétences du territoire, d’après les fiches de l’atelier.",
    }
    html = renderer.html("maillage/affiche.html", **context)
    css = renderer.css("maillage/affiche.css", **context)
    document = renderer.render(html, css, options.noir_et_blanc)
    pdf = renderer.pdf(document)
    return pdf.data, pdf.pages, drawings
