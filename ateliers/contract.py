"""The output contract: every file a builder makes is one :class:`Output` record.

Cards, calibration sheet, posters, worksheets, guide, synthesis, thumbnails and
the contact sheet all return ``Output`` records, built in memory and written
later (``atomic.write_all``). Everything that describes the kit is computed
from these records and from nothing else: ``manifest.json``, the contact
sheet ``index.html``, the guide's materials and print checklist, the number
of sheets to buy. So a builder states, in its record, what its file is for
and how it prints; no consumer guesses it from a file name or a sentence.

How to make one (a builder)::

    Output(
        path="affiche-phase-2.pdf",
        data=pdf_bytes,
        pages=1,
        kind=Kind.affiche,
        purpose="Tableau mural de la phase 2 : …",   # one French sentence, shown to users
        printing=PrintSettings("A3", Stock.affiche),
        copies=Copies(fixed=1),
        manifest={"format": "a3", "taille_texte_pt": 14.0},  # extra keys of its manifest.json entry
    )

- ``printing`` is ``None`` for what is not printed (CSV, thumbnails, index.html).
- ``copies`` is a rule (a fixed number plus so many per sub-group), resolved by
  the workshop plan (``Copies.resolve(groupes)``), never a number guessed by
  the consumer.
- ``parts`` says which pages belong to which phase (a phase board, a deck's phases).
- ``cards`` holds the card positions of a deck (manifest.json's « cartes »).
- ``pages`` is the page count of a PDF; for a Word file, the estimate made by its
  builder (``pages_estimated`` is then true: Word decides the final layout).
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import Any


class Kind(str, Enum):
    """What a file is, in the words of the manifest (one word per kind)."""

    cartes = "cartes"  # a card deck
    calibrage = "calibrage"  # the duplex calibration sheet
    affiche = "affiche"  # a wall board, the overview, the event poster
    fiche = "fiche"  # a Word worksheet filled during the workshop
    guide = "guide"  # the facilitator's guide
    synthese = "synthese"  # a synthesis output (map, document, tables)
    apercu = "apercu"  # a thumbnail of the contact sheet
    planche = "planche"  # the contact sheet index.html
    donnees = "donnees"  # a data file (CSV, JSON) for a spreadsheet or another tool


class Sides(str, Enum):
    """How the printer prints the sheet's sides."""

    recto = "recto"  # one side only (fold-over cards are printed this way too)
    long = "long"  # both sides, flip on the long edge
    court = "court"  # both sides, flip on the short edge

    @property
    def duplex(self) -> bool:
        return self is not Sides.recto


class Stock(str, Enum):
    """The paper to buy, by use: card stock, poster paper, office paper."""

    carte = "carte"  # 250–300 g/m², for cards handled at the table
    affiche = "affiche"  # 90–120 g/m², for the wall
    bureau = "bureau"  # 80 g/m², worksheets and the guide


GRAMMAGES = {Stock.carte: (250, 300), Stock.affiche: (90, 120), Stock.bureau: (80, 80)}
STOCK_NAMES = {Stock.carte: "papier cartonné", Stock.affiche: "papier affiche", Stock.bureau: "papier de bureau"}
SIDES_WORDS = {
    Sides.recto: "recto seul",
    Sides.long: "recto-verso, retournement sur le bord long",
    Sides.court: "recto-verso, retournement sur le bord court",
}


@dataclass(frozen=True)
class PrintSettings:
    """How one file prints: always at 100 %, on this paper, these sides."""

    paper: str  # size as printed on the paper pack: « A4 », « A3 », « Letter »
    stock: Stock
    sides: Sides = Sides.recto
    landscape: bool = False
    cut: bool = False  # sheets to cut into cards
    place: str = ""  # where: « chez un imprimeur », « en tuiles au bureau » (a wall board); empty: anywhere

    @property
    def grammage(self) -> tuple[int, int]:
        return GRAMMAGES[self.stock]

    @property
    def grammage_fr(self) -> str:
        low, high = self.grammage
        return f"{low}\u00a0g/m²" if low == high else f"{low} à {high}\u00a0g/m²"

    def sheets(self, pages: int) -> int:
        """Sheets of paper for one copy of a file of ``pages`` pages."""
        return math.ceil(pages / 2) if self.sides.duplex else pages

    def sentence(self) -> str:
        """« A4, 250 à 300 g/m², recto-verso, retournement sur le bord long, 100 % »."""
        size = f"{self.paper} paysage" if self.landscape else self.paper
        where = f"{self.place}, " if self.place else ""
        return f"{size}, {where}{self.grammage_fr}, {SIDES_WORDS[self.sides]}, à 100\u00a0%"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PrintSettings:
        """The settings as :meth:`as_json` wrote them (in a manifest); ``ValueError`` when they are not."""
        try:
            return cls(data["papier"], Stock(data["type"]), Sides(data["faces"]), data.get("orientation") == "paysage", place=str(data.get("lieu", "")))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"réglages d’impression illisibles : {exc}") from None

    def as_json(self) -> dict[str, Any]:
        low, high = self.grammage
        where = {"lieu": self.place} if self.place else {}
        return {
            **where,
            "papier": self.paper,
            "type": self.stock.value,
            "grammage_g_m2": [low, high],
            "faces": self.sides.value,
            "orientation": "paysage" if self.landscape else "portrait",
            "echelle": "100 %",
        }


@dataclass(frozen=True)
class Copies:
    """How many copies the workshop needs, as a rule the workshop plan resolves.

    ``fixed`` copies, plus ``per_group`` for each sub-group; with
    ``per_phase``, each part of the file (see :class:`Part`) is printed once
    for each sub-group working that part's phase (a phase board, a phase's
    pages of a deck).
    """

    fixed: int = 1
    per_group: int = 0
    per_phase: bool = False

    def resolve(self, groupes: int) -> int:
        """Copies of the whole file (for a ``per_phase`` file, the plan counts per part)."""
        return self.fixed + self.per_group * groupes


@dataclass(frozen=True)
class Part:
    """Pages ``first`` to ``last`` (from 1) of a file belong to phase ``phase``."""

    phase: int
    first: int
    last: int

    @property
    def pages(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True, eq=False)
class Output:
    """One file of a run, in memory: its name, bytes, what it is for and how it prints."""

    path: str  # path relative to the output folder (« apercus/x-1.png »)
    data: bytes
    pages: int
    kind: Kind
    purpose: str  # one French sentence: what the file is for in the workshop
    printing: PrintSettings | None = None
    copies: Copies = field(default_factory=Copies)
    manifest: dict[str, Any] = field(default_factory=dict)  # extra keys of the manifest entry
    cards: tuple[dict[str, Any], ...] = ()  # a deck's card positions
    parts: tuple[Part, ...] = ()  # which pages belong to which phase
    pages_estimated: bool = False  # a Word file's pages: estimated, Word lays it out

    @cached_property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def printed(self) -> bool:
        return self.printing is not None

    def sheets(self) -> int:
        """Sheets of paper for one copy (0 when not printed)."""
        return self.printing.sheets(self.pages) if self.printing else 0

    def manifest_entry(self) -> dict[str, Any]:
        entry: dict[str, Any] = {
            "fichier": self.path,
            "pages": self.pages,
            "sha256": self.sha256,
            "octets": self.size,
            "type": self.kind.value,
        }
        if self.pages_estimated:
            entry["pages_estimees"] = True
        if self.purpose:
            entry["description"] = self.purpose
        if self.printing:
            entry["impression"] = self.printing.as_json()
        if self.parts:
            entry["phases"] = [{"phase": p.phase, "pages": [p.first, p.last]} for p in self.parts]
        entry.update(self.manifest)
        return entry
