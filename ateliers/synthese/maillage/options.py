"""Options of the mesh outputs: plain values, importable without the rendering stack."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import InputError

# Landscape width, height in mm. A3 is a handout, read in hand (text ≥ 10 pt); A2 and A1 go on
# the wall, read by a group standing 2 m away (text ≥ 24 pt, headings ≥ 36 pt): they are laid
# out on a smaller canvas at the handout's sizes, then scaled up (poster.canvas). A mesh or a
# map too full for one page flows onto more.
MESH_FORMATS = {"a1": (841.0, 594.0), "a2": (594.0, 420.0), "a3": (420.0, 297.0)}
WALL_FORMATS = ("a1", "a2")


def for_the_wall(format: str) -> bool:
    """A2 and A1 posters go on the wall; A3 is a handout."""
    return format in WALL_FORMATS


def usage(format: str) -> str:
    """What the printed poster is for, as its pages and records say it."""
    return "affiche murale, lue à 2\u00a0m" if for_the_wall(format) else "document à distribuer, lu en main"


@dataclass(frozen=True)
class MaillageOptions:
    # A3 by default, like the map: a handout read in hand, on one or a few sheets. A2 and A1 are
    # wall posters at 24 pt and more, so on many more sheets: chosen, never a surprise.
    format: str = "a3"
    noir_et_blanc: bool = False
    licence: str | None = None  # datapackage.json's licence; None: Licence Ouverte 2.0 (Etalab)
    carte: str = "a3"  # the competence map's format (synthese-carte.pdf); --format sets both

    @classmethod
    def for_every_poster(cls, format: str | None, noir_et_blanc: bool = False, licence: str | None = None) -> MaillageOptions:
        """One format chosen for every synthesis poster (the map and the mesh); None: the default (A3)."""
        return cls(format or "a3", noir_et_blanc, licence, format or "a3")

    def __post_init__(self) -> None:
        if self.format not in MESH_FORMATS:
            raise InputError(f"Format de l’affiche du maillage « {self.format} » inconnu.", conseil="Formats possibles : a1, a2, a3.")
        if self.carte not in MESH_FORMATS:
            raise InputError(f"Format de la carte des compétences « {self.carte} » inconnu.", conseil="Formats possibles : a1, a2, a3.")
