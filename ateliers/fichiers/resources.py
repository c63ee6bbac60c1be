"""Where the embedded data lives: the referential and the templates.

The repository’s ``referentiel.yaml`` and ``templates/`` are the editable
sources; a built wheel carries copies under ``ateliers/_data`` (see
pyproject.toml), so ``pip install .`` works from any directory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent  # ateliers/


@dataclass(frozen=True)
class Resources:
    root: Path

    @property
    def referentiel(self) -> Path:
        return self.root / "referentiel.yaml"

    @property
    def templates(self) -> Path:
        return self.root / "templates"


def embedded() -> Resources:
    """The data shipped with the package (wheel) or beside it (source checkout)."""
    installed = _PACKAGE / "_data"
    if (installed / "referentiel.yaml").is_file():
        return Resources(installed)
    return Resources(_PACKAGE.parent)
