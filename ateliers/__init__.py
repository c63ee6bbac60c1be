"""ateliers — kits d’atelier imprimables pour le référentiel des conciergeries de territoire.

Library API (the CLI is a thin layer over it)::

    from ateliers import load_referentiel, load_atelier, merge_atelier
"""

__version__ = "0.1.0"

from .errors import AteliersError, EnvironmentProblem, InputError, ValidationFailed  # noqa: E402
from .loading import load_atelier, load_referentiel  # noqa: E402
from .models import Atelier, Referentiel  # noqa: E402
from .territoire import ReferentielTerritorial, merge_atelier  # noqa: E402

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
