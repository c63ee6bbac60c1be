"""Options of the printables, declared once: plain values and their choices, importable without
the rendering stack (the CLI, the web app and the kit's up-to-date check stay fast)."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import InputError
from .cartes.imposition import CARD_FORMATS, PAPERS, CardFormat, RectoVerso, parse_card_format

POSTER_FORMATS = {"a3": (297.0, 420.0, 1.0), "a2": (420.0, 594.0, 2**0.5), "a1": (594.0, 841.0, 2.0)}
"""Poster sizes in mm, with the scale applied to every size designed for A3."""

BOARD_FORMATS = {"a2": (420.0, 594.0), "a1": (594.0, 841.0), "a0": (841.0, 1189.0), "paperboard": (650.0, 980.0)}
"""Wall boards at a print shop: short × long side, mm (the flip-chart sheet stands portrait on its easel)."""

BOARD_AUTO = "auto"
BOARD_AUTO_ORDER = ("a2", "a1", "a0")
"""« auto »: each phase's board on the smallest of these that holds it."""

BOARD_LABELS = {"a2": "A2", "a1": "A1", "a0": "A0", "paperboard": "Paperboard 650 × 980 mm"}
"""The paper as the print list names it."""

POSTER_AUTO = "auto"
LARGE_ROOM = 12
"""Above this many participants, the overview is printed A1 (read across the room), else A3."""

TILE_SHEETS = {"a3": (297.0, 420.0), "a4": (210.0, 297.0)}
"""Office sheets a wall board is tiled onto: short × long side, mm."""

__all__ = [
    "CARD_FORMATS",
    "PAPERS",
    "BOARD_FORMATS",
    "POSTER_FORMATS",
    "TILE_SHEETS",
    "CardFormat",
    "CardOptions",
    "KitOptions",
    "PosterOptions",
    "RectoVerso",
    "parse_card_format",
    "parse_phases",
]


@dataclass(frozen=True)
class CardOptions:
    format: CardFormat = field(default_factory=lambda: parse_card_format("poker"))
    papier: str = "a4"
    recto_verso: RectoVerso = RectoVerso.long
    decalage: tuple[float, float] = (0.0, 0.0)
    noir_et_blanc: bool = False
    imprimeur: bool = False
    traits_complets: bool = False

    @property
    def calibration(self) -> bool:
        """A duplex calibration sheet is useful only for duplex prints made at the office."""
        return self.recto_verso in (RectoVerso.long, RectoVerso.court) and not self.imprimeur


@dataclass(frozen=True)
class PosterOptions:
    format: str = POSTER_AUTO  # overview and event poster: a key of POSTER_FORMATS, or « auto » (see overview_format)
    noir_et_blanc: bool = False
    tableau: str = BOARD_AUTO  # wall boards at a print shop: a key of BOARD_FORMATS, or « auto » (per phase)
    tuiles: str | None = "a3"  # the boards also tiled for an office printer: a key of TILE_SHEETS, or None
    # The boards' places are the size of the cards laid there: the card options' format.
    carte: CardFormat = field(default_factory=lambda: parse_card_format("poker"))


def overview_format(options: PosterOptions, participants: int | None) -> str:
    """The overview's paper: the one asked, else A1 for a room of more than 12 (read across it), else A3."""
    if options.format != POSTER_AUTO:
        return options.format
    return "a1" if participants is not None and participants > LARGE_ROOM else "a3"


def event_format(options: PosterOptions) -> str:
    """The event poster's paper: the one asked, else A3 (town hall and shop windows)."""
    return "a3" if options.format == POSTER_AUTO else options.format


@dataclass(frozen=True)
class KitOptions:
    cartes: CardOptions = field(default_factory=CardOptions)
    affiches: PosterOptions = field(default_factory=PosterOptions)
    phases: list[int] | None = None  # the workshop file's retained phases when None, else all


def parse_phases(text: str | None) -> list[int] | None:
    """« 1,2 » (or « 1;2 », « 1, 2 ») → [1, 2]; nothing → None (the workshop file's phases, else all)."""
    if text is None or not text.strip():
        return None
    try:
        values = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise InputError(
            f"Liste de phases « {text} » illisible.", conseil="Écrivez les numéros séparés par des virgules, ex. 1,2"
        ) from None
    return values or None
