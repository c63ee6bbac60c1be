"""Options of the printables, declared once: plain values and their choices, importable without
the rendering stack (the CLI, the web app and the kit's up-to-date check stay fast)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from enum import Enum

from .errors import InputError

CARD_FORMATS = {
    "poker": (63.0, 88.0),
    "tarot": (70.0, 120.0),
    "a7": (74.0, 105.0),
    "a6": (105.0, 148.0),
}

PAPERS = {
    "a4": (210.0, 297.0),
    "letter": (215.9, 279.4),
}


class RectoVerso(str, Enum):
    long = "long"  # duplex, flip on the long edge: columns mirrored
    court = "court"  # duplex, flip on the short edge: rows mirrored
    pliage = "pliage"  # fronts and backs side by side, fold the sheet
    non = "non"  # fronts only


@dataclass(frozen=True)
class CardFormat:
    nom: str
    largeur: float
    hauteur: float

    @property
    def label(self) -> str:
        return f"{self.nom} ({_mm(self.largeur)} × {_mm(self.hauteur)} mm)"


def _mm(value: float) -> str:
    return f"{value:g}".replace(".", ",")


_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*[x×X*]\s*(\d+(?:[.,]\d+)?)\s*(?:mm)?\s*$")


def parse_card_format(text: str) -> CardFormat:
    """« poker », « a6 » or « LxH » in millimetres (« 70x100 »)."""
    key = text.strip().lower()
    if key in CARD_FORMATS:
        w, h = CARD_FORMATS[key]
        return CardFormat(key, w, h)
    match = _SIZE.match(text)
    if not match:
        raise InputError(
            f"Format de carte « {text} » inconnu.",
            conseil="Formats possibles : poker, tarot, a7, a6, ou largeur x hauteur en mm (ex. 70x100).",
        )
    w, h = (float(g.replace(",", ".")) for g in match.groups())
    if not (30 <= w <= 190 and 30 <= h <= 270):
        raise InputError(
            f"Format de carte « {text} » hors limites.",
            conseil="Largeur et hauteur entre 30 et 190 mm (hauteur jusqu’à 270 mm).",
        )
    return CardFormat(f"{_mm(w)}x{_mm(h)}", w, h)


def parse_offset(text: str | None) -> tuple[float, float]:
    """« X,Y » in millimetres (« 1.5,-0.5 »), or « X;Y » with decimal commas (« 1,5;-0,5 »)."""
    if not text or not text.strip():
        return (0.0, 0.0)
    parts = text.split(";") if ";" in text else text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        x, y = (float(p.strip().replace(",", ".")) for p in parts)
    except ValueError:
        raise InputError(
            f"Décalage du verso « {text} » illisible.",
            conseil="Écrivez X,Y en millimètres avec un point décimal, par exemple 1.5,-0.5.",  # read in the app as in the command
        ) from None
    if abs(x) > 20 or abs(y) > 20:
        raise InputError(
            f"Décalage du verso « {text} » trop grand (20 mm au plus).",
            conseil="Mesurez le décalage avec la feuille de calibrage (cartes-calibrage.pdf).",
        )
    return (x, y)


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
    "parse_offset",
    "card_options",
    "poster_options",
    "kit_options",
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

    def __post_init__(self) -> None:
        # The boards' places are cut for the cards laid there: one card format for the whole kit,
        # whoever assembled the options.
        if self.affiches.carte != self.cartes.format:
            object.__setattr__(self, "affiches", replace(self.affiches, carte=self.cartes.format))


def _choice(value: str, choices, what: str) -> str:
    key = (value or "").strip().lower()
    if key not in choices:
        raise InputError(f"{what} « {value} » inconnu.", conseil="Valeurs possibles : " + ", ".join(choices) + ".")
    return key


def card_options(
    format: str = "poker", papier: str = "a4", recto_verso: str = "long", decalage: str | None = None,
    noir_et_blanc: bool = False, imprimeur: bool = False, traits: bool = False,
) -> CardOptions:
    """The card options as a person chose them (words typed or picked): checked and parsed once,
    for the command and the app alike."""
    return CardOptions(
        format=parse_card_format(format),
        papier=_choice(papier, PAPERS, "Papier"),
        recto_verso=RectoVerso(_choice(recto_verso, [m.value for m in RectoVerso], "Mode recto-verso")),
        decalage=parse_offset(decalage),
        noir_et_blanc=noir_et_blanc,
        imprimeur=imprimeur,
        traits_complets=traits,
    )


def poster_options(
    format: str = POSTER_AUTO, tableau: str = BOARD_AUTO, tuiles: str | None = "a3", carte: str | CardFormat = "poker", noir_et_blanc: bool = False,
) -> PosterOptions:
    """The posters' options as chosen: ``tuiles`` « aucune » or empty for none."""
    tiles = (tuiles or "aucune").strip().lower()
    return PosterOptions(
        format=_choice(format, [POSTER_AUTO, *POSTER_FORMATS], "Format d’affiche"),
        noir_et_blanc=noir_et_blanc,
        tableau=_choice(tableau, [BOARD_AUTO, *BOARD_FORMATS], "Format de tableau"),
        tuiles=None if tiles == "aucune" else _choice(tiles, TILE_SHEETS, "Format de tuiles"),
        carte=carte if isinstance(carte, CardFormat) else parse_card_format(carte),
    )


def kit_options(
    format: str = "poker", papier: str = "a4", recto_verso: str = "long", decalage: str | None = None,
    noir_et_blanc: bool = False, imprimeur: bool = False, traits: bool = False,
    format_affiches: str = POSTER_AUTO, tableau: str = BOARD_AUTO, tuiles: str | None = "a3", phases: str | None = None,
) -> KitOptions:
    """A kit's options as chosen, assembled once: the boards take the cards' format."""
    cartes = card_options(format, papier, recto_verso, decalage, noir_et_blanc, imprimeur, traits)
    affiches = poster_options(format_affiches, tableau, tuiles, cartes.format, noir_et_blanc)
    return KitOptions(cartes, affiches, parse_phases(phases))


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
