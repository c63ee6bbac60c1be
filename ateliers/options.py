"""Options of the printables: plain values, importable without the rendering stack
(the CLI and the kit's up-to-date check stay fast)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .cartes.imposition import CardFormat, RectoVerso, parse_card_format


@dataclass(frozen=True)
class CardOptions:
    format: CardFormat = field(default_factory=lambda: parse_card_format("poker"))
    papier: str = "a4"
    recto_verso: RectoVerso = RectoVerso.long
    decalage: tuple[float, float] = (0.0, 0.0)
    noir_et_blanc: bool = False
    imprimeur: bool = False
    traits_complets: bool = False


@dataclass(frozen=True)
class PosterOptions:
    format: str = "a3"  # overview and event poster
    noir_et_blanc: bool = False
    tableau: str = "a1"  # wall boards at a print shop: a2, a1, a0
    tuiles: str | None = "a3"  # the boards tiled for an office printer: a3, a4 or None
    # The boards' places are the size of the cards laid there: the card options' format.
    carte: CardFormat = field(default_factory=lambda: parse_card_format("poker"))
