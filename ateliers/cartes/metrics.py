"""Every measure of a card face, scaled from the poker design (63 × 88 mm)."""

from __future__ import annotations

from dataclasses import dataclass

from ..impression.units import MM_PER_PT, pt_to_mm
from .decks import Card
from .glyphs import cap_centre_em, cap_height_em
from .imposition import BLEED, CardFormat

MIN_PT = 7.0  # smallest legible size for card text read in hand (actor and summary cards)
SAFE_MM = 3.0  # text stays this far inside the trim, on the smallest cards too
# Cards read at the board, from a metre or more: a competence never below 12 pt, a step
# (laid in a row above the board) never below 16 pt, whatever the card's format.
MIN_PT_BY_KIND = {"competence": 12.0, "etape": 16.0}
DESIGN_PT = {"competence": 13.0, "etape": 18.0, "resume": 12.0, "acteur": 8.5, "competence-vierge": 8.5}
SMALLEST_PT = 6.0  # no text on a card (its foot, labels, margin notes) is smaller


@dataclass(frozen=True)
class CardMetrics:
    """Every measure of a card face, scaled from the poker design (63 × 88 mm)."""

    w: float
    h: float
    k: float
    bleed: float
    foot_h: float = 0.0  # a foot on the fronts (none: the credit and territory are on the backs)

    # --- band and margins
    @property
    def pad(self) -> float:
        return max(SAFE_MM, 3.5 * self.k)

    @property
    def side(self) -> float:
        return max(SAFE_MM, 4.0 * self.k)

    @property
    def band_h(self) -> float:
        return 12.0 * self.k

    @property
    def shape(self) -> float:
        return 7.0 * self.k

    @property
    def gap(self) -> float:
        return 2.0 * self.k

    @property
    def id_w(self) -> float:
        return 12.0 * self.k

    @property
    def band_pt(self) -> float:
        return round(7.5 * self.k, 2)

    @property
    def id_pt(self) -> float:
        """The card's code (C2-07), bold: copied onto the worksheet from the board."""
        return round(10.0 * self.k, 2)

    @property
    def shape_top(self) -> float:
        return (self.band_h - self.shape) / 2

    @property
    def titles_left(self) -> float:
        return self.pad + self.shape + self.gap

    @property
    def titles_w(self) -> float:
        return self.w - self.titles_left - self.pad - self.id_w

    @property
    def titles_top(self) -> float:
        return (self.band_h - 2 * pt_to_mm(self.band_pt) * 1.1) / 2

    @property
    def id_top(self) -> float:
        return self.band_h / 2 - pt_to_mm(self.id_pt) * 1.2 / 2

    # --- text
    @property
    def text_top(self) -> float:
        return self.band_h + 3.0 * self.k

    @property
    def text_w(self) -> float:
        return self.w - 2 * self.side

    @property
    def small_pt(self) -> float:
        return round(max(6.0, 6.0 * self.k), 2)

    @property
    def label_pt(self) -> float:
        return round(max(MIN_PT, 7.0 * self.k), 2)

    @property
    def line_h(self) -> float:
        return 6.5 * self.k

    # --- write-in zone and foot
    @property
    def lines(self) -> int:
        return 3

    @property
    def question_h(self) -> float:
        return pt_to_mm(self.label_pt) * 1.15

    @property
    def zone_h(self) -> float:
        return self.question_h + self.lines * self.line_h + 0.5

    @property
    def foot_pt(self) -> float:
        """The credit and territory, on the backs only (fronts keep their room for the text)."""
        return round(max(SMALLEST_PT + 0.5, 6.5 * self.k * 0.9), 2)

    @property
    def foot_bottom(self) -> float:
        return 3.0

    @property
    def foot_top(self) -> float:
        return self.h - self.foot_bottom - self.foot_h

    @property
    def zone_top(self) -> float:
        return self.foot_top - 1.5 * self.k - self.zone_h

    # --- backs
    @property
    def back_shape(self) -> float:
        return min(self.w, self.h) * 0.42

    @property
    def back_num_pt(self) -> float:
        return round(self.back_shape * 0.42 / MM_PER_PT, 1)

    @property
    def back_num_cap(self) -> float:
        """Height of the back's digits (drawn as outlines), as set in bold at back_num_pt."""
        return pt_to_mm(self.back_num_pt) * cap_height_em()

    def back_num_centre(self, forme: str) -> float:
        """Middle of the back's digits below the big shape's top: its centre, lower in a
        triangle whose room is in its lower part (as on the front)."""
        return self.back_shape * (0.62 if forme == "triangle" else 0.5)

    def back_num_top(self, forme: str) -> float:
        """Top of the back's number box, in the big shape: the digits' middle on the shape's
        centre, lower in a triangle whose room is in its lower part (as on the front)."""
        return self.back_num_centre(forme) - pt_to_mm(self.back_num_pt) * cap_centre_em()

    @property
    def back_kind_pt(self) -> float:
        return round(9.0 * self.k, 2)

    @property
    def back_top(self) -> float:
        return self.h * 0.2

    def design_pt(self, card: Card) -> float:
        return round(max(self.min_pt(card), DESIGN_PT.get(card.kind, 10.5) * self.k) * 2) / 2

    def min_pt(self, card: Card) -> float:
        """The smallest size the card's text may shrink to: 12 pt for a competence, 16 pt for a step."""
        return MIN_PT_BY_KIND.get(card.kind, MIN_PT)

    def text_limit(self, with_zone: bool) -> float:
        """The lowest point (mm from the card top) the text may reach."""
        return (self.zone_top if with_zone else self.foot_top) - 1.5 * self.k


def metrics_for(fmt: CardFormat, imprimeur: bool) -> CardMetrics:
    k = min(fmt.largeur / 63.0, fmt.hauteur / 88.0)
    return CardMetrics(fmt.largeur, fmt.hauteur, k, BLEED if imprimeur else 0.0)
