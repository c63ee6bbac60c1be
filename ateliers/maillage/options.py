"""Options of the mesh outputs: plain values, importable without the rendering stack."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError

# The poster is laid out at A2; A3 is the same drawing reduced (the brief's 9 pt floor is at A2).
MESH_FORMATS = {"a2": (594.0, 420.0), "a3": (420.0, 297.0)}  # landscape width, height in mm


@dataclass(frozen=True)
class MaillageOptions:
    format: str = "a2"
    noir_et_blanc: bool = False
    licence: str | None = None  # datapackage.json's licence; None: Licence Ouverte 2.0 (Etalab)

    def __post_init__(self) -> None:
        if self.format not in MESH_FORMATS:
            raise InputError(f"Format de l’affiche du maillage « {self.format} » inconnu.", conseil="Formats possibles : a2, a3.")
