"""Text sizes chosen card by card from the rendered layout.

Each card starts at its design size; cards whose text runs past its limit
(the write-in zone, or the safe zone at the bottom) are laid out again at smaller
steps down to a legible minimum (12 pt for a competence, 16 pt for a step: they are
read at the board), and keep the largest size that fits. A card that fits at
no size is named in the error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..impression.fitting import DoesNotFit, candidate_sizes, first_fitting, within
from ..impression.render import Renderer
from ..impression.units import px_to_mm
from .decks import Card, Deck
from .imposition import CardFormat
from .metrics import MIN_PT, MIN_PT_BY_KIND, CardMetrics


class CardsTooLong(DoesNotFit):
    """Cards whose text cannot fit, even at the minimum size."""

    def __init__(self, fmt: CardFormat, ids: list[str]) -> None:
        self.format = fmt
        self.ids = ids
        named = [i for i in ids if "VIERGE" not in i]
        if any(i.startswith("A-VIERGE") for i in ids):
            named.append("les cartes « Acteur » vierges")
        if any(i.startswith("C-VIERGE") for i in ids):
            named.append("les cartes « Compétence à ajouter »")
        smallest = f"compétences en {MIN_PT_BY_KIND['competence']:g} pt, grandes étapes en {MIN_PT_BY_KIND['etape']:g} pt, autres cartes en {MIN_PT:g} pt"
        super().__init__(
            f"Texte trop long pour une carte {fmt.label}, même à la taille la plus petite ({smallest}) : " + ", ".join(named) + ".",
            conseil="Choisissez un format plus grand (--format tarot, a7 ou a6) ou raccourcissez ces textes.",
        )

    def __reduce__(self):
        return (CardsTooLong, (self.format, self.ids))

    @classmethod
    def in_decks(cls, fmt: CardFormat, decks, ids: list[str]) -> CardsTooLong:
        """One error for the cards gathered from decks laid out apart, named in the decks' order."""
        order = {c.id: n for n, c in enumerate(c for d in decks for c in d.cards)}
        return cls(fmt, sorted(ids, key=lambda i: order.get(i, 0)))


class TextFitter:
    """Measures card texts with the run's renderer and stylesheet."""

    def __init__(
        self,
        renderer: Renderer,
        css: Callable[[float, float, float, CardMetrics], str],
        context: dict[str, Any],
        fmt: CardFormat,
        metrics: CardMetrics,
    ) -> None:
        self.renderer = renderer
        self._css = css
        self.context = context
        self.format = fmt
        self.metrics = metrics
        self.nb = context["nb"]

    def measure(self, items: list[tuple[str, Card, float]], m: CardMetrics) -> dict[str, float]:
        """Rendered height (mm) of each card's text block at a given size."""
        html = self.renderer.html(
            "cartes/mesure.html",
            items=[{"uid": uid, "card": card, "size_pt": size} for uid, card, size in items],
            m=m,
            page_w=m.w + 20,
            page_h=3000.0,
            **self.context,
        )
        doc = self.renderer.render(html, self._css(m.w + 20, 3000.0, 0.0, m), self.nb)
        heights: dict[str, float] = {}
        for page in doc.pages:
            for anchor, box in page.anchors.items():
                if anchor.startswith("contenu-"):
                    heights[anchor.removeprefix("contenu-")] = px_to_mm(box[3] - box[1])
        return heights

    def overflowing(self, cards: list[Card], heights: dict[str, float], m: CardMetrics) -> list[Card]:
        """The cards whose text block (height in mm, by card id) runs past its limit."""
        return [c for c in cards if not within(heights[c.id], m.text_limit(c.zone_ecriture) - m.text_top)]

    def shrink(self, cards: list[Card], sizes: dict[str, float], m: CardMetrics) -> dict[str, float]:
        """``sizes`` with each of ``cards`` (too big at its size) at the largest smaller size that fits,
        all laid out in one document; the cards that fit at no size are named in the error."""
        def trial_id(card: Card, size: float) -> str:
            return f"{card.id}__{size:g}".replace(".", "_")

        sizes = dict(sizes)
        smaller = {c.id: candidate_sizes(sizes[c.id], m.min_pt(c))[1:] for c in cards}
        measured = self.measure([(trial_id(c, s), c, s) for c in cards for s in smaller[c.id]], m)
        failed = []
        for card in cards:
            room = m.text_limit(card.zone_ecriture) - m.text_top
            found = first_fitting(smaller[card.id], lambda s: True if within(measured[trial_id(card, s)], room) else None)
            if found is None:
                failed.append(card.id)
            else:
                sizes[card.id] = found[0]
        if failed:
            raise CardsTooLong(self.format, failed)
        return sizes

    def fit_sizes(self, deck: Deck, m: CardMetrics) -> dict[str, float]:
        """The largest size, card by card, at which the text fits above its write-in zone, measured
        apart (the deck builder reads the design-size heights from the sheets themselves)."""
        sizes = {c.id: m.design_pt(c) for c in deck.cards}
        heights = self.measure([(c.id, c, sizes[c.id]) for c in deck.cards], m)
        return self.shrink(self.overflowing(list(deck.cards), heights, m), sizes, m)
