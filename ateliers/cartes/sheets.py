"""What one sheet holds: the faces placed on it, its cut marks, fold and margin notes."""

from __future__ import annotations

from dataclasses import dataclass, field

from .decks import Card
from .imposition import Rect, Segment


@dataclass(frozen=True)
class PlacedFace:
    card: Card
    rect: Rect
    face: str  # recto or verso
    size_pt: float
    uid: str
    zone: bool


@dataclass(frozen=True)
class MarginNote:
    text: str
    x: float
    y: float
    rotated: bool = False
    width: float = 0.0  # wrapped to this width (mm) when set; one line otherwise


@dataclass
class Page:
    faces: list[PlacedFace]
    marks: list[Segment] = field(default_factory=list)
    fold: Segment | None = None
    notes: list[MarginNote] = field(default_factory=list)

    @property
    def is_back(self) -> bool:
        return all(f.face == "verso" for f in self.faces)

    @property
    def signature(self) -> tuple:
        """Two pages with the same signature print the same."""
        return (
            tuple((f.card.back_key, f.rect, f.face) for f in self.faces),
            tuple(self.marks),
            self.fold,
            tuple(self.notes),
        )
