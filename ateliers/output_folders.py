"""Where a kit goes when no folder is given: one rule for the command, the API and the app."""

from __future__ import annotations

from pathlib import Path

from .slugs import slugify

OUTPUT = Path("output")
GENERIC = "generique"


def kit_folder(territoire: str | None, parent: Path = OUTPUT) -> Path:
    """``output/generique`` without a workshop file, else ``output/<territory slug>`` (under ``parent``)."""
    return parent / (GENERIC if territoire is None else slugify(territoire, default="territoire"))
