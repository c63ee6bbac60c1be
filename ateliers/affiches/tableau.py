"""Geometry of a phase's wall board: three lanes of places, each place the size of a card.

The sub-group lays its phase's competence cards in three lanes (« porté par
le porteur de projet », « détenu par un acteur du territoire », « à
trouver »); beside each card of the middle lane goes a post-it or an actor
card naming who holds it. Every place is measured from the objects people
put there (the chosen card format, a 76 × 76 mm post-it), never scaled with
the paper; the text around them scales with the paper. The places of the
three lanes together hold every card of the phase, the middle lane the most.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..cartes.imposition import Rect as Box  # the same millimetre rectangle as the cards' imposition

POSTIT_MM = 76.0
PLAY_MM = 2.0  # free play around an object in its place
GAP_MM = 4.0  # between two places
LANE_PAD_MM = 4.0  # inside a lane, around its places
LANE_GAP_MM = 6.0  # between lanes


@dataclass(frozen=True)
class LaneSpec:
    cle: str
    titre: str
    voisins: bool  # a post-it or actor card goes beside each card


LANES = (
    LaneSpec("porteur", "Porté par le porteur de projet", False),
    LaneSpec("acteur", "Détenu par un acteur du territoire", True),
    LaneSpec("trouver", "À trouver", False),
)


@dataclass(frozen=True)
class Lane:
    spec: LaneSpec
    box: Box  # the whole lane, heading included
    heading: Box
    places: tuple[Box, ...]  # one card each
    voisins: tuple[Box, ...]  # beside each place of the middle lane: post-it or actor card

    @property
    def capacity(self) -> int:
        return len(self.places)


@dataclass(frozen=True)
class BoardLayout:
    page_w: float
    page_h: float
    lanes: tuple[Lane, ...]
    card_w: float
    card_h: float

    @property
    def capacity(self) -> int:
        return sum(lane.capacity for lane in self.lanes)


class BoardTooSmall(ValueError):
    pass


def _place(card_w: float, card_h: float) -> tuple[float, float]:
    return card_w + 2 * PLAY_MM, card_h + 2 * PLAY_MM


def _voisin(card_w: float, card_h: float) -> tuple[float, float]:
    # An actor card of the deck's format or a post-it, whichever is larger.
    return max(card_w, POSTIT_MM) + 2 * PLAY_MM, max(card_h, POSTIT_MM) + 2 * PLAY_MM


def _column_width(spec: LaneSpec, card_w: float, card_h: float) -> float:
    place_w, _ = _place(card_w, card_h)
    return place_w + (GAP_MM / 2 + _voisin(card_w, card_h)[0] if spec.voisins else 0.0)


def _lane_width(spec: LaneSpec, columns: int, card_w: float, card_h: float) -> float:
    return columns * _column_width(spec, card_w, card_h) + (columns - 1) * GAP_MM + 2 * LANE_PAD_MM


def board_layout(
    page_w: float,
    page_h: float,
    frame: Box,
    heading_h: float,
    card_w: float,
    card_h: float,
    cards: int,
    min_columns: dict[str, int] | None = None,
) -> BoardLayout:
    """Lanes and places inside ``frame`` (mm, from the page's top left) holding ``cards`` cards.

    Columns are added to the lanes in turn, the middle lane first, while they fit the
    frame's width: the board uses its whole width, so a lane that receives more cards
    than its share still has room. Raises BoardTooSmall when the places cannot hold
    the phase's cards."""
    place_w, place_h = _place(card_w, card_h)
    row_h = max(place_h, _voisin(card_w, card_h)[1])
    rows = math.floor((frame.h - heading_h - 2 * LANE_PAD_MM + GAP_MM) / (row_h + GAP_MM))
    columns = {spec.cle: (min_columns or {}).get(spec.cle, 1) for spec in LANES}

    def width(cols: dict[str, int]) -> float:
        return sum(_lane_width(s, cols[s.cle], card_w, card_h) for s in LANES) + LANE_GAP_MM * (len(LANES) - 1)

    if rows < 1 or width(columns) > frame.w + 1e-6:
        raise BoardTooSmall(f"{rows} rangée(s), {width(columns):.0f} mm de large pour {frame.w:.0f} mm")
    order = ["acteur", "trouver", "porteur"]
    turn = 0
    stuck = 0
    while stuck < len(order):
        cle = order[turn % len(order)]
        turn += 1
        trial = dict(columns, **{cle: columns[cle] + 1})
        if width(trial) <= frame.w + 1e-6:
            columns = trial
            stuck = 0
        else:
            stuck += 1
    capacity = rows * sum(columns.values())
    if capacity < cards:
        raise BoardTooSmall(f"{capacity} places pour {cards} cartes")

    # Lanes share the spare width equally (as wider gaps inside them); places stay at their size.
    spare = (frame.w - width(columns)) / len(LANES)
    lanes = []
    x = frame.x
    lane_h = frame.h
    grid_h = rows * row_h + (rows - 1) * GAP_MM
    for spec in LANES:
        n = columns[spec.cle]
        lane_w = _lane_width(spec, n, card_w, card_h) + spare
        col_w = _column_width(spec, card_w, card_h)
        inner_gap = GAP_MM + (spare / (n - 1) if n > 1 else 0.0)
        left = x + LANE_PAD_MM + (spare / 2 if n == 1 else 0.0)
        top = frame.y + heading_h + LANE_PAD_MM + (lane_h - heading_h - 2 * LANE_PAD_MM - grid_h) / 2
        places, voisins = [], []
        for c in range(n):
            for r in range(rows):
                px = left + c * (col_w + inner_gap)
                py = top + r * (row_h + GAP_MM)
                places.append(Box(px, py + (row_h - place_h) / 2, place_w, place_h))
                if spec.voisins:
                    vw, vh = _voisin(card_w, card_h)
                    voisins.append(Box(px + place_w + GAP_MM / 2, py + (row_h - vh) / 2, vw, vh))
        box = Box(x, frame.y, lane_w, lane_h)
        lanes.append(Lane(spec, box, Box(x, frame.y, lane_w, heading_h), tuple(places), tuple(voisins)))
        x += lane_w + LANE_GAP_MM
    return BoardLayout(page_w, page_h, tuple(lanes), card_w, card_h)
