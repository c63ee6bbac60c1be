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
    format: str = "a3"
    noir_et_blanc: bool = False
