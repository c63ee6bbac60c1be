"""Options of the mesh outputs: plain values, importable without the rendering stack."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

# Landscape width, height in mm. A3 is the A2 drawing reduced (its 9 pt floor holds at A2);
# A1 is laid out on its own, larger page, for meshes too big for an A2.
MESH_FORMATS = {"a1": (841.0, 594.0), "a2": (594.0, 420.0), "a3": (420.0, 297.0)}
LAYOUT_PAGE = {"a1": "a1", "a2": "a2", "a3": "a2"}


@dataclass(frozen=True)
class MaillageOptions:
    format: str = "a2"
    noir_et_blanc: bool = False
    licence: str | None = None  # datapackage.json's licence; None: Licence Ouverte 2.0 (Etalab)

    def __post_init__(self) -> None:
        if self.format not in MESH_FORMATS:
            raise InputError(f"Format de l’affiche du maillage « {self.format} » inconnu.", conseil="Formats possibles : a1, a2, a3.")
