"""The board's grid — its tracks, the steps of the cascade and the write-in cells — drawn as
vector art under the page (``vector.under_pages``) rather than as hundreds of positioned boxes:
a 22-card phase has some 250 of them, and laying them out was most of a board's cost.

The same colours and rules as the boxes they replace; the step numbers stay text, one block a
track (``tableau.html``). Coordinates in mm from the page's top left, as the layout's.
"""

from __future__ import annotations

from ..impression.theme import ACTEUR
from ..impression.units import MM_PER_PT
from ..impression.vector import Path, content, line, rect, rounded_rect
from .tableau import BoardLayout

RULE = "#8A8A8A"
TRACK_RADIUS_MM = 2.0


def grid_stream(layout: BoardLayout, k: float, nb: bool) -> bytes:
    """The content stream painting every track, step and write-in cell of the board."""
    step_fills = ("#F2F2F2", "#FFFFFF") if nb else ("#E4E4E4", "#F4F4F4")  # odd, even steps
    cell_fill = "#FFFFFF" if nb else ACTEUR.pale
    cell_rule = "#000000" if nb else RULE
    step_w, cell_w, track_w = 0.8 * MM_PER_PT, 1.0 * k * MM_PER_PT, 0.8 * k * MM_PER_PT  # as the CSS borders were
    steps: tuple[list[str], list[str]] = ([], [])
    step_rules, cells, cell_rules, tracks = [], [], [], []
    for zone in layout.zones:
        numero = 0
        for track in zone.tracks:
            for slot, beside in zip(track.slots, track.cells, strict=True):
                numero += 1
                steps[numero % 2 == 0].append(rect(slot.x, slot.y, slot.w, slot.h))
                step_rules.append(line(slot.x, slot.y + step_w / 2, slot.x + slot.w, slot.y + step_w / 2))  # inside, as a border
                for cell in beside:
                    cells.append(rect(cell.x, cell.y, cell.w, cell.h))
                    bottom = cell.y + cell.h - cell_w / 2
                    cell_rules.append(line(cell.x, bottom, cell.x + cell.w, bottom))
            box = track.box
            inset = track_w / 2
            tracks.append(rounded_rect(box.x + inset, box.y + inset, box.w - track_w, box.h - track_w, TRACK_RADIUS_MM - inset))
    paths = [
        Path("".join(steps[0]), fill=step_fills[0]),
        Path("".join(steps[1]), fill=step_fills[1]),
        Path("".join(step_rules), stroke=RULE, width=step_w),
        Path("".join(cells), fill=cell_fill),
        Path("".join(cell_rules), stroke=cell_rule, width=cell_w),
        Path("".join(tracks), stroke=RULE, width=track_w),
    ]
    return content(paths, layout.page_h)
