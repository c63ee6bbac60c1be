"""ateliers — kits d’atelier imprimables pour un référentiel de compétences (phases, étapes, compétences).

Library API (the CLI is a thin layer over it)::

    from ateliers import load_referentiel, load_atelier, merge_atelier
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

__version__ = "0.1.0"

from .errors import AteliersError, EnvironmentProblem, InputError, ValidationFailed  # noqa: E402

# The loaders and models (pydantic) on first use: « ateliers --help » and an up-to-date kit do not pay for them.
_LAZY = {
    "load_atelier": "loading",
    "load_referentiel": "loading",
    "Atelier": "models",
    "Referentiel": "models",
    "ReferentielTerritorial": "territoire",
    "merge_atelier": "territoire",
}

if TYPE_CHECKING:
    from .loading import load_atelier, load_referentiel
    from .models import Atelier, Referentiel
    from .territoire import ReferentielTerritorial, merge_atelier


def __getattr__(name: str):
    if name in _LAZY:
        return getattr(import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "Atelier",
    "AteliersError",
    "EnvironmentProblem",
    "InputError",
    "Referentiel",
    "ReferentielTerritorial",
    "ValidationFailed",
    "load_atelier",
    "load_referentiel",
    "merge_atelier",
]
