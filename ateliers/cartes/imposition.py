"""Imposition: where cards sit on a sheet, where their backs land, where to cut.

Pure geometry in millimetres, origin at the top-left corner of the page
(the trim box). Nothing here knows about HTML or PDF.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import InputError
from ..options import CARD_FORMATS, PAPERS, CardFormat, RectoVerso, parse_card_format, parse_offset  # noqa: F401  (the option vocabulary)

# Margins an office printer can print in, and room for the cut marks.
MARK_GAP = 1.0  # marks stop this far from a card
MARK_LENGTH = 5.0  # at least 5 mm (print-production notes)
MARGIN_MIN = MARK_GAP + MARK_LENGTH + 1.0
GUTTER = 5.0  # used only where it costs no card and leaves roomy margins
MARGIN_WITH_GUTTER = 10.0
FOLD_GAP = 3.0  # distance from the fold line to the cards
BLEED = 3.0  # print-shop bleed on every side





@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def shifted(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)


@dataclass(frozen=True)
class Segment:
    x1: float
    y1: float
    x2: float
    y2: float


def _fit(available: float, size: float, gutter: float) -> int:
    return max(0, math.floor((available + gutter + 1e-6) / (size + gutter)))


def _axis(extent: float, size: float, margin: float) -> tuple[int, float]:
    """How many cards fit along one axis, and the gutter between them (0 unless free)."""
    n = _fit(extent - 2 * margin, size, 0.0)
    if n > 1 and _fit(extent - 2 * MARGIN_WITH_GUTTER, size, GUTTER) == n:
        return n, GUTTER
    return n, 0.0


def _positions(extent: float, size: float, n: int, gutter: float, start: float = 0.0) -> tuple[float, ...]:
    used = n * size + (n - 1) * gutter
    first = start + (extent - used) / 2
    return tuple(round(first + i * (size + gutter), 4) for i in range(n))


@dataclass(frozen=True)
class SheetLayout:
    """One sheet: its size and the card slots, the same on every sheet."""

    page_w: float
    page_h: float
    card: CardFormat
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    mode: RectoVerso
    fold: str | None = None  # « vertical » or « horizontal » fold line for pliage

    @property
    def cols(self) -> int:
        return len(self.xs)

    @property
    def rows(self) -> int:
        return len(self.ys)

    @property
    def per_sheet(self) -> int:
        return self.cols * self.rows

    @property
    def slots(self) -> list[Rect]:
        return [Rect(x, y, self.card.largeur, self.card.hauteur) for y in self.ys for x in self.xs]

    @property
    def landscape(self) -> bool:
        return self.page_w > self.page_h

    @property
    def mirrors_x(self) -> bool:
        """Whether a back is drawn mirrored across the sheet's width (else across its height).

        Duplex: the printer turns the PAPER over its long edge (``long``) or its short edge
        (``court``), and a landscape page is turned onto the paper by the driver, front and back
        alike. On a portrait sheet the long edges are its sides: turned over them, a point (x, y)
        has its back at (W − x, y); on a landscape sheet the long edges are its top and bottom:
        its back is at (x, H − y). The short edge the other way round (IPP two-sided-long-edge /
        two-sided-short-edge: « as if bound on the long / short edge »). Fold-over: about the
        sheet's own fold line, whatever its orientation."""
        if self.mode is RectoVerso.pliage:
            return self.fold == "vertical"
        if self.mode in (RectoVerso.long, RectoVerso.court):
            return (self.mode is RectoVerso.long) != self.landscape
        raise ValueError(f"no back side in mode {self.mode}")

    def back_of(self, front: Rect, offset: tuple[float, float] = (0.0, 0.0)) -> Rect:
        """Where the back of a card must be drawn so that it lands behind its front; ``offset``
        (duplex only) is the printer's drift measured on the calibration sheet, laid out in the
        same orientation as the cards' sheets, so in the same page coordinates."""
        if self.mirrors_x:
            back = Rect(self.page_w - front.x - front.w, front.y, front.w, front.h)
        else:
            back = Rect(front.x, self.page_h - front.y - front.h, front.w, front.h)
        return back.shifted(*offset) if self.mode in (RectoVerso.long, RectoVerso.court) else back

    @property
    def fold_line(self) -> Segment | None:
        if self.fold == "vertical":
            return Segment(self.page_w / 2, 0, self.page_w / 2, self.page_h)
        if self.fold == "horizontal":
            return Segment(0, self.page_h / 2, self.page_w, self.page_h / 2)
        return None

    def card_rects(self) -> list[Rect]:
        """Every card drawn on a front sheet (both halves for pliage)."""
        fronts = self.slots
        if self.mode is RectoVerso.pliage:
            return fronts + [self.back_of(r) for r in fronts]
        return fronts

    def cut_marks(self, full_lines: bool = False) -> list[Segment]:
        """Marks on every cut line, in the margins and gutters only (never on a card)."""
        rects = self.card_rects()
        xs = sorted({round(v, 4) for r in rects for v in (r.x, r.right)})
        ys = sorted({round(v, 4) for r in rects for v in (r.y, r.bottom)})
        segments: list[Segment] = []
        if full_lines:
            segments += [Segment(x, 0, x, self.page_h) for x in xs]
            segments += [Segment(0, y, self.page_w, y) for y in ys]
            return segments
        for x in xs:
            segments += _free_runs(x, self.page_h, [(r.y, r.bottom) for r in rects if r.x - 1e-6 <= x <= r.right + 1e-6], vertical=True)
        for y in ys:
            segments += _free_runs(y, self.page_w, [(r.x, r.right) for r in rects if r.y - 1e-6 <= y <= r.bottom + 1e-6], vertical=False)
        return segments


def _free_runs(at: float, extent: float, blocked: list[tuple[float, float]], vertical: bool) -> list[Segment]:
    """The parts of a cut line that cross no card, shortened by MARK_GAP, kept if ≥ MARK_LENGTH."""
    blocked = sorted(blocked)
    runs = []
    cursor = 0.0
    for start, end in blocked + [(extent, extent)]:
        if start > cursor:
            runs.append((cursor, start))
        cursor = max(cursor, end)
    segments = []
    for a, b in runs:
        # Away from cards by MARK_GAP; at the page edge, stop MARK_LENGTH + gap away from the card only.
        lo = a + MARK_GAP if a > 0 else max(0.0, b - MARK_GAP - MARK_LENGTH - 1.0)
        hi = b - MARK_GAP if b < extent else min(extent, a + MARK_GAP + MARK_LENGTH + 1.0)
        if a == 0 and b == extent:
            continue
        if hi - lo >= MARK_LENGTH - 1e-6:
            segments.append(Segment(at, lo, at, hi) if vertical else Segment(lo, at, hi, at))
    return segments


def sheet_layout(card: CardFormat, paper: str, mode: RectoVerso) -> SheetLayout:
    """The layout with the most cards per sheet (portrait preferred on a tie)."""
    pw, ph = PAPERS[paper]
    candidates = []
    for w, h in ((pw, ph), (ph, pw)):
        if mode is RectoVerso.pliage:
            candidates += [_fold_layout(card, w, h, mode, "vertical"), _fold_layout(card, w, h, mode, "horizontal")]
        else:
            cols, gx = _axis(w, card.largeur, MARGIN_MIN)
            rows, gy = _axis(h, card.hauteur, MARGIN_MIN)
            candidates.append(
                SheetLayout(w, h, card, _positions(w, card.largeur, cols, gx), _positions(h, card.hauteur, rows, gy), mode)
            )
    best = max(candidates, key=lambda c: (c.per_sheet, not c.landscape))
    if best.per_sheet == 0:
        raise InputError(
            f"Une carte {card.label} ne tient pas sur une feuille {paper.upper()} avec ses marges.",
            conseil="Choisissez un format de carte plus petit (--format) ou l’option --imprimeur.",
        )
    return best


def _fold_layout(card: CardFormat, w: float, h: float, mode: RectoVerso, fold: str) -> SheetLayout:
    if fold == "vertical":
        half = w / 2
        cols = _fit(half - MARGIN_MIN - FOLD_GAP, card.largeur, 0.0)
        rows, gy = _axis(h, card.hauteur, MARGIN_MIN)
        used = cols * card.largeur
        x0 = half - FOLD_GAP - used  # fronts hug the fold so backs mirror them
        xs = tuple(round(x0 + i * card.largeur, 4) for i in range(cols))
        return SheetLayout(w, h, card, xs, _positions(h, card.hauteur, rows, gy), mode, fold)
    half = h / 2
    rows = _fit(half - MARGIN_MIN - FOLD_GAP, card.hauteur, 0.0)
    cols, gx = _axis(w, card.largeur, MARGIN_MIN)
    y0 = half - FOLD_GAP - rows * card.hauteur
    ys = tuple(round(y0 + i * card.hauteur, 4) for i in range(rows))
    return SheetLayout(w, h, card, _positions(w, card.largeur, cols, gx), ys, mode, fold)
