"""Geometry of a phase's wall board: four open zones where the cards are laid in cascade.

The sub-group sorts its phase's competence cards into four zones (« porté par
le porteur de projet », « détenu par un acteur du territoire », « en partie /
à vérifier », « à trouver »), each the worksheet's status (see ``ZONES``).
A zone is one or more tracks; in a track the cards are laid in cascade, each
card one step below the previous one, so that only its top band (phase and
card id) shows and the last card shows whole. Every zone holds every card of
the phase (its competences and the « à ajouter » cards planned), whatever
the group decides. Beside each step of a zone that names holders: three
write-in cells (≥ 12 mm high, ≥ 60 mm long), a holder's name in each.

Every place is measured from the objects people put there (the chosen card
format, a name written with a marker), never scaled with the paper; the text
around them scales with the paper.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..cartes.imposition import Rect as Box  # the same millimetre rectangle as the cards' imposition

PLAY_MM = 1.5  # free play on each side of a card in its track
CELL_MIN_W = 60.0  # a name written with a marker: ≥ 60 mm long …
CELL_MIN_H = 12.0  # … and ≥ 12 mm high
CELL_GAP_MM = 1.5  # between two write-in cells
SPOTS = 3  # holders a card can name on the board (2–3 is common)
ZONE_PAD_MM = 3.0  # inside a zone, around its tracks
ZONE_GAP_MM = 5.0  # between zones
TRACK_GAP_MM = 4.0  # between two tracks of a zone
CARD_BAND_MM = 12.0  # the card's top band on the poker design (63 mm wide), scaled with the card


@dataclass(frozen=True)
class ZoneSpec:
    cle: str
    titre: str
    statut: str  # what the worksheet's « statut » column says for a card of this zone
    acteurs: int  # write-in cells beside each card


ZONES = (
    ZoneSpec("porteur", "Porteur de projet", "porteur de projet", 0),
    ZoneSpec("acteur", "Acteur du territoire", "détenue", SPOTS),
    ZoneSpec("partiel", "En partie / à vérifier", "partielle ou à vérifier", SPOTS),
    ZoneSpec("trouver", "À trouver", "à trouver", 0),
)

# Zones side by side, or two rows of two (portrait papers, the flip-chart sheet).
ARRANGEMENTS = {1: ((0, 1, 2, 3),), 2: ((0, 1), (2, 3))}


def card_steps(card_w: float) -> tuple[float, ...]:
    """Vertical steps of the cascade, largest first: the card's top band and some play, down to the band alone."""
    band = CARD_BAND_MM * card_w / 63.0
    return tuple(round(max(band, CELL_MIN_H) + play, 2) for play in (3.0, 1.5, 1.0))


@dataclass(frozen=True)
class Track:
    box: Box  # the column where the cards go: card width, from the first step to the last card's bottom
    slots: tuple[Box, ...]  # one a card: where its top band goes (one step high)
    cells: tuple[tuple[Box, ...], ...]  # beside each slot: the write-in cells of its holders


@dataclass(frozen=True)
class Zone:
    spec: ZoneSpec
    box: Box  # the whole zone, heading included
    heading: Box
    tracks: tuple[Track, ...]

    @property
    def capacity(self) -> int:
        return sum(len(t.slots) for t in self.tracks)


@dataclass(frozen=True)
class BoardLayout:
    page_w: float
    page_h: float
    zones: tuple[Zone, ...]
    card_w: float
    card_h: float
    step: float
    rows: int  # rows of zones: 1 (side by side) or 2

    @property
    def capacity(self) -> int:
        """Cards the board takes whatever their distribution: its smallest zone's capacity."""
        return min(zone.capacity for zone in self.zones)


class BoardTooSmall(ValueError):
    def __init__(self, message: str, places: int = 0) -> None:
        super().__init__(message)
        self.places = places  # cards each zone would take, when the width allowed a layout


def _track_w(spec: ZoneSpec, card_w: float, cell_w: float) -> float:
    place = card_w + 2 * PLAY_MM
    return place + (spec.acteurs * (cell_w + CELL_GAP_MM) if spec.acteurs else 0.0)


def _zone_w(spec: ZoneSpec, tracks: int, card_w: float, cell_w: float = CELL_MIN_W) -> float:
    return tracks * _track_w(spec, card_w, cell_w) + (tracks - 1) * TRACK_GAP_MM + 2 * ZONE_PAD_MM


def per_track(height: float, card_h: float, step: float) -> int:
    """Cards one track of ``height`` mm takes in cascade: one whole card, then a step per card."""
    place_h = card_h + 2 * PLAY_MM
    return max(0, math.floor((height - place_h) / step + 1e-6) + 1)


def board_layout(
    frame: Box, heading_h: float, card_w: float, card_h: float, cards: int, step: float, rows: int,
    page_w: float = 0.0, page_h: float = 0.0, plain_w: float = 0.0,
) -> BoardLayout:  # fmt: skip
    """Zones and tracks inside ``frame`` (mm, from the page's top left), each zone holding ``cards`` cards.

    Each zone starts with one track; tracks are added to the zone that holds the fewest
    cards while the row is short of the cards and the width allows; the spare width then
    widens the zones without cells to ``plain_w`` (room for their heading), then lengthens
    the write-in cells (long names are common). Raises BoardTooSmall when a zone cannot hold
    the cards."""
    arrangement = ARRANGEMENTS[rows]
    row_h = (frame.h - (rows - 1) * ZONE_GAP_MM) / rows
    track_h = row_h - heading_h - 2 * ZONE_PAD_MM
    each = per_track(track_h, card_h, step)
    if step < CELL_MIN_H + 0.8 or each < 1:
        raise BoardTooSmall(f"{max(each, 0)} carte(s) par colonne de {track_h:.0f} mm")
    built: list[Zone | None] = [None] * len(ZONES)
    for r, members in enumerate(arrangement):
        specs = [ZONES[i] for i in members]
        tracks = {s.cle: 1 for s in specs}

        def width(t: dict[str, int], cell: float = CELL_MIN_W) -> float:
            return sum(_zone_w(s, t[s.cle], card_w, cell) for s in specs) + ZONE_GAP_MM * (len(specs) - 1)

        while True:
            short = [s for s in specs if tracks[s.cle] * each < cards]
            if not short:
                break
            s = min(short, key=lambda s: (tracks[s.cle], _track_w(s, card_w, CELL_MIN_W)))
            trial = dict(tracks, **{s.cle: tracks[s.cle] + 1})
            if width(trial) > frame.w + 1e-6:
                break
            tracks = trial
        if width(tracks) > frame.w + 1e-6:
            raise BoardTooSmall(f"{width(tracks):.0f} mm de large pour {frame.w:.0f} mm")
        small = [s.titre for s in specs if tracks[s.cle] * each < cards]
        if small:
            places = each * min(tracks[s.cle] for s in specs)
            raise BoardTooSmall(f"{places} places par zone pour {cards} cartes", places)
        # Spare width: the zones without cells up to plain_w, then longer write-in cells, then all zones alike.
        spare = frame.w - width(tracks)
        extra = {s.cle: 0.0 for s in specs}
        plain = [s for s in specs if not s.acteurs]
        for s in plain:
            extra[s.cle] = min(max(0.0, plain_w - _zone_w(s, tracks[s.cle], card_w)), spare / len(plain))
        spare -= sum(extra.values())
        cells = sum(s.acteurs * tracks[s.cle] for s in specs)
        cell_w = CELL_MIN_W + (min(spare / cells, 100.0) if cells else 0.0)
        spare = frame.w - width(tracks, cell_w) - sum(extra.values())
        x = frame.x
        y = frame.y + r * (row_h + ZONE_GAP_MM)
        for i, s in zip(members, specs):
            n = tracks[s.cle]
            share = spare / len(specs) + extra[s.cle]
            zone_w = _zone_w(s, n, card_w, cell_w) + share
            tw = _track_w(s, card_w, cell_w)
            inner_gap = TRACK_GAP_MM + (share / (n - 1) if n > 1 else 0.0)
            left = x + ZONE_PAD_MM + (share / 2 if n == 1 else 0.0)
            top = y + heading_h + ZONE_PAD_MM
            built_tracks = []
            for t in range(n):
                tx = left + t * (tw + inner_gap)
                slots, row_cells = [], []
                for k in range(each):
                    sy = top + k * step
                    slots.append(Box(tx, sy, card_w + 2 * PLAY_MM, step))
                    cx = tx + card_w + 2 * PLAY_MM + CELL_GAP_MM
                    row_cells.append(tuple(Box(cx + j * (cell_w + CELL_GAP_MM), sy + 0.4, cell_w, step - 0.8) for j in range(s.acteurs)))
                column = Box(tx, top, card_w + 2 * PLAY_MM, (each - 1) * step + card_h + 2 * PLAY_MM)
                built_tracks.append(Track(column, tuple(slots), tuple(row_cells)))
            built[i] = Zone(s, Box(x, y, zone_w, row_h), Box(x, y, zone_w, heading_h), tuple(built_tracks))
            x += zone_w + ZONE_GAP_MM
    return BoardLayout(page_w, page_h, tuple(z for z in built if z is not None), card_w, card_h, step, rows)
