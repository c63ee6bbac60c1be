"""Where outputs go: ``output/generique`` or ``output/<territory slug>``, unless --sortie says."""

from __future__ import annotations

from pathlib import Path

from .atomic import ensure_dir
from .models import Atelier
from .slugs import slugify


def output_folder(sortie: Path | None, atelier: Atelier | None) -> Path:
    if sortie is not None:
        return ensure_dir(sortie)
    name = slugify(atelier.territoire, default="territoire") if atelier else "generique"
    return ensure_dir(Path("output") / name)
