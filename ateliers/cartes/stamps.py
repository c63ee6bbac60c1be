"""Stamps: the parts of a card face that many cards share, laid out once.

The band titles (one per identity), « Qui la détient sur notre territoire ? »,
and a colour back's words and foot are each laid out by WeasyPrint once, on a
card-sized page of their own, then placed on every face that carries them as
a PDF form (``vector.under_pages``): real text, drawn where the face is. A
front then costs WeasyPrint two boxes (its number and its text), a colour
back none.
"""

from __future__ import annotations

from dataclasses import dataclass

from .imposition import Rect
from .sheets import Page, PlacedFace


@dataclass(frozen=True)
class Stamp:
    kind: str  # titres, question, verso, pied-verso (the macros of cartes/faces.html)
    face: PlacedFace  # the face it was taken from, moved to the page's origin
    uid: str


def _keys(face: PlacedFace, nb: bool) -> list[tuple]:
    ident = face.card.identite.cle
    if face.face == "recto":
        keys = [("titres", face.card.titre, face.card.sous_titre, ident)]
        if face.zone:
            keys.append(("question",))
        return keys  # the credit and territory are on the back (and the deck's first sheet)
    if nb:  # black-and-white backs stay in the HTML (hatched fill and white cartouche)
        return []
    return [("verso", face.card.verso, face.card.verso_titre, ident), ("pied-verso", ident)]


def stamps_of(pages: list[Page], nb: bool) -> tuple[list[Stamp], list[list[tuple[int, float, float]]]]:
    """The distinct stamps of ``pages`` in order of first use, and for each page the stamps
    it carries: (index, x, y) of the face in mm."""
    index: dict[tuple, int] = {}
    stamps: list[Stamp] = []
    placements: list[list[tuple[int, float, float]]] = []
    for page in pages:
        placed = []
        for face in page.faces:
            for key in _keys(face, nb):
                if key not in index:
                    index[key] = len(stamps)
                    origin = PlacedFace(face.card, Rect(0.0, 0.0, face.rect.w, face.rect.h), face.face, 0, "", face.zone)
                    stamps.append(Stamp(key[0], origin, f"tampon{len(stamps)}"))
                placed.append((index[key], face.rect.x, face.rect.y))
        placements.append(placed)
    return stamps, placements
