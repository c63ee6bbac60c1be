"""ateliers — kits d’atelier imprimables à partir d’un référentiel de compétences.

The library API is :mod:`ateliers.api`; the names below are kept here for convenience::

    from ateliers import load_referentiel, load_atelier, merge_atelier
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import AteliersError, EnvironmentProblem, InputError, ValidationFailed  # noqa: E402

_FROM_API = {"load_atelier", "load_referentiel", "Atelier", "Referentiel", "ReferentielTerritorial", "merge_atelier"}


def __getattr__(name: str):
    # Through the API's own table, on first use: « ateliers --help » does not load pydantic.
    if name in _FROM_API:
        from . import api

        return getattr(api, name)
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
