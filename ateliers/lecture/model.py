"""What the read-back produces: rows located in their file, readings, and what to check."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..fichiers.safe_cells import strip_controls


@dataclass
class Cell:
    """A cell as the person sees it, placed on the table's grid; merges span several places."""

    text: str
    colspan: int = 1
    rowspan: int = 1

    def __post_init__(self) -> None:
        # The edge of the read-back: no control character goes further (every writer accepts the text).
        self.text = strip_controls(self.text)


@dataclass
class SourceTable:
    """One table of a file (a Word table, a spreadsheet's sheet, a CSV file).

    ``rows`` holds (line number as the person counts it, grid); a grid place covered
    by a merged cell is None.
    """

    place: str  # « tableau 2 », « feuille « Phase 1 » »
    rows: list[tuple[int, list[Cell | None]]]
    hidden: list[tuple[int, str]] = field(default_factory=list)  # (line, text) kept under a merged cell, not shown


@dataclass
class Row:
    fichier: str
    tableau: str  # « tableau 2 » or « feuille « Phase 1 » »
    ligne: int
    cells: dict[str, str]
    extras: list[tuple[str, str]] = field(default_factory=list)  # columns the worksheet does not have

    @property
    def where(self) -> str:
        return f"{self.fichier}, {self.tableau}, ligne {self.ligne}"


@dataclass
class Reading:
    """What one row says about one competence."""

    row: Row
    competence: str | None  # a known id, or None for a competence the group proposes
    texte: str
    acteurs: list[str]
    type_acteur: str  # the cell as typed
    contact: str  # the cell as typed
    statut: str | None  # détenue, partielle, à trouver, à vérifier, or None (not said)
    commentaire: str
    types: list[str] = field(default_factory=list)  # one per actor (line i of Type goes to the actors of line i of Qui)
    contacts: list[str] = field(default_factory=list)  # one per actor
    numero: str = ""  # the N° as typed (a proposed row may carry one the referential does not have)
    phase: int | None = None  # a proposed row's phase, from the ids around it


@dataclass
class Unrecognised:
    """A value that could not be attached: kept, located, listed in « non reconnu »."""

    where: str
    what: str
    value: str


@dataclass
class Notice:
    """A value attached by a guess, or a fact about a file, that a person should check."""

    where: str
    what: str
    value: str = ""


@dataclass
class Sheets:
    readings: list[Reading] = field(default_factory=list)
    unrecognised: list[Unrecognised] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
