"""A phase's wall board, from the phase and the card format to a laid-out page.

Printed at a print shop on the smallest paper that holds the phase (A2, A1,
A0; or the paper asked, the flip-chart sheet included), or tiled onto office
sheets (``tuiles``). Text is set in points at the printed size: 24 pt at
least, what a group reads standing two metres from the wall; zone headings
36 pt or more. The page is checked on the rendered layout (``Page.anchors``):
the instructions end above the zones, each zone heading inside its band, the
footer on one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..options import BOARD_FORMATS
from ..impression.units import MM_PER_PT, px_to_mm
from .tableau import ZONES, BoardLayout, BoardTooSmall, Box, board_layout, card_steps

READ_FROM_2M_PT = 24.0

# Short words a line must not end with (« Le / fonctionnement »).
_SHORT = re.compile(r"(?<![\w’'])(le|la|les|l’|un|une|des|du|de|d’|à|au|aux|et|en|sur|par|pour|ou) ", re.IGNORECASE)


def keep_short_words(text: str) -> str:
    """A non-breaking space after articles and short prepositions, so a title never breaks after one."""
    return _SHORT.sub(lambda m: m.group(1) + "\u00a0", text)


def board_title(numero: int, nom: str) -> str:
    return keep_short_words(f"Phase\u00a0{numero}\u00a0— {nom}")


@dataclass(frozen=True)
class BoardGeometry:
    """Where each part of the board goes (mm from the page's top left) and its type sizes (pt)."""

    page_w: float
    page_h: float
    k: float  # type and margins scale with the paper: 1 on A1
    bandeau: Box
    forme: Box
    titre_x: float
    titre_y: float
    sous_titre_y: float
    consignes: Box
    lanes: Box
    pied: Box
    pt: dict[str, float] = field(default_factory=dict)


def _sizes(k: float) -> dict[str, float]:
    def at_least_24(v: float) -> float:
        return round(max(READ_FROM_2M_PT, v * k), 2)

    return {
        "titre": at_least_24(80),
        "sous_titre": at_least_24(30),
        "consigne": at_least_24(28),
        "couloir": round(min(48.0, max(36.0, 36 * k)), 2),  # zone headings: 36–48 pt, read from two metres
        "etiquette": READ_FROM_2M_PT,
        "pied": READ_FROM_2M_PT,
    }


def board_geometry(page_w: float, page_h: float, notes: int) -> BoardGeometry:
    k = min(page_w, page_h) / 594.0
    pt = _sizes(k)
    margin = 16 * k
    inner_w = page_w - 2 * margin
    band_h = 8 * k + pt["titre"] * MM_PER_PT * 1.05 + pt["sous_titre"] * MM_PER_PT * 1.15 + 3 * k
    bandeau = Box(margin, margin, inner_w, band_h)
    shape = band_h - 8 * k
    forme = Box(6 * k, 4 * k, shape, shape)
    # Instructions: two lines, and a line and a half for each phase note (its box).
    line = pt["consigne"] * MM_PER_PT * 1.2
    consignes_h = 2 * line + notes * (1.0 * line + 7 * k)
    consignes = Box(margin, bandeau.bottom + 4 * k, inner_w, consignes_h)
    foot_h = pt["pied"] * MM_PER_PT * 1.2 + 2.5 * k
    pied = Box(margin, page_h - margin * 0.75 - foot_h, inner_w, foot_h)
    lanes_top = consignes.bottom + 4 * k
    lanes = Box(margin, lanes_top, inner_w, pied.y - 4 * k - lanes_top)
    return BoardGeometry(
        page_w, page_h, k, bandeau, forme, forme.right + 6 * k, 4 * k, 4 * k + pt["titre"] * MM_PER_PT * 1.05 + 1 * k,
        consignes, lanes, pied, pt,
    )  # fmt: skip


def heading_height(geometry: BoardGeometry, lines: tuple[int, int]) -> float:
    """A zone's heading: its title on ``lines[0]`` lines, then its worksheet status on ``lines[1]``."""
    title, status = lines
    return title * geometry.pt["couloir"] * MM_PER_PT * 1.1 + status * geometry.pt["etiquette"] * MM_PER_PT * 1.15 + 5 * geometry.k


def _lines(text: str, pt: float, width: float) -> int:
    """Lines ``text`` takes at ``pt`` in ``width`` mm, from a glyph's mean width (a generous 0.6 em)."""
    em = pt * MM_PER_PT * 0.6
    lines, used = 1, 0.0
    for word in text.split(" "):  # words joined by a non-breaking space stay together
        w = len(word) * em
        if used and used + em + w > width:
            lines, used = lines + 1, w
        else:
            used += (em if used else 0.0) + w
    return lines


def zone_status(spec) -> str:
    """The line under a zone's title: the worksheet's status for its cards."""
    holders = " · un acteur par case" if spec.acteurs else ""
    return keep_short_words(f"Fiche\u00a0: «\u00a0{spec.statut}\u00a0»{holders}")


def heading_lines(geometry: BoardGeometry, layout: BoardLayout) -> tuple[int, int]:
    room = [z.box.w - 8 * geometry.k for z in layout.zones]
    return (
        max(_lines(keep_short_words(z.spec.titre), geometry.pt["couloir"], w) for z, w in zip(layout.zones, room)),
        max(_lines(zone_status(z.spec), geometry.pt["etiquette"], w) for z, w in zip(layout.zones, room)),
    )


@dataclass(frozen=True)
class BoardPlan:
    geometry: BoardGeometry
    layout: BoardLayout
    orientation: str  # « paysage » or « portrait »
    papier: str  # a key of BOARD_FORMATS

    @property
    def places(self) -> dict[str, int]:
        """Zone → cards it takes."""
        return {zone.spec.cle: zone.capacity for zone in self.layout.zones}


def _orientations(fmt: str) -> tuple[tuple[str, int], ...]:
    """(orientation, rows of zones) in order of preference; the flip-chart sheet stands on its easel, portrait."""
    if fmt == "paperboard":
        return (("portrait", 2), ("portrait", 1))
    return (("paysage", 1), ("portrait", 2), ("paysage", 2), ("portrait", 1))


def plan_board(fmt: str, card_w: float, card_h: float, cards: int, notes: int) -> BoardPlan:
    """The board for ``cards`` cards in each zone on paper ``fmt``: the most comfortable cascade step
    first, then landscape with the zones side by side, portrait in two rows of two, and the others."""
    short, long = BOARD_FORMATS[fmt]
    failures = []
    for step in card_steps(card_w):
        for orientation, rows in _orientations(fmt):
            w, h = (long, short) if orientation == "paysage" else (short, long)
            geometry = board_geometry(w, h, notes)
            plain_w = 110 * geometry.k  # a zone without cells: room for its heading on two lines
            try:
                lines = (1, 1)
                for _ in range(3):
                    layout = board_layout(geometry.lanes, heading_height(geometry, lines), card_w, card_h, cards, step, rows, w, h, plain_w)
                    needed = heading_lines(geometry, layout)
                    if needed[0] <= lines[0] and needed[1] <= lines[1]:
                        return BoardPlan(geometry, layout, orientation, fmt)
                    lines = (max(lines[0], needed[0]), max(lines[1], needed[1]))
                raise BoardTooSmall("titres de zones trop à l’étroit")
            except BoardTooSmall as exc:
                failures.append(exc)
    # The attempt that came closest says why.
    best = max(failures, key=lambda e: e.places) if failures else BoardTooSmall(fmt)
    raise BoardTooSmall(str(best), best.places)


def pos(box: Box) -> str:
    return f"left: {box.x:.3f}mm; top: {box.y:.3f}mm; width: {box.w:.3f}mm; height: {box.h:.3f}mm"


def layout_problems(page, plan: BoardPlan) -> list[str]:
    """What does not fit on the rendered board, read from its anchors."""
    anchors = {k: tuple(px_to_mm(v) for v in box) for k, box in page.anchors.items()}
    problems = []
    g = plan.geometry
    end = anchors.get("fin-consignes")
    if end is None or end[1] > g.consignes.bottom + 0.5:
        problems.append("les consignes débordent sur les zones")
    for zone in plan.layout.zones:
        fin = anchors.get(f"fin-titre-{zone.spec.cle}")
        if fin is None or fin[3] > zone.heading.bottom + 0.5:
            problems.append(f"le titre de la zone « {zone.spec.titre} » déborde")
    for part in ("titre", "sous-titre"):
        box = anchors.get(part)
        if box is None or box[2] > g.bandeau.right - 2 * g.k or box[3] > g.bandeau.bottom:
            problems.append("le titre ou le sous-titre dépasse du bandeau")
    left_end = anchors.get("fin-pied-gauche")
    right_start = anchors.get("debut-pied-droite")
    if left_end is None or right_start is None or left_end[0] > right_start[0] - 5 or right_start[0] < g.pied.x:
        problems.append("le pied de page ne tient pas sur une ligne")
    return problems


def board_context(plan: BoardPlan, **context: Any) -> dict[str, Any]:
    return {"layout": plan.layout, "g": plan.geometry, "pt": plan.geometry.pt, "k": plan.geometry.k, "pos": pos,
            "keep_short_words": keep_short_words, "zone_status": zone_status, "page_w": plan.geometry.page_w, "page_h": plan.geometry.page_h, "zones": ZONES, **context}  # fmt: skip
