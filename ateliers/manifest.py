"""``manifest.json``: every file of the output folder, its pages and sha256, and every card's place.

Several commands write into the same folder: each replaces only the
entries of the files it wrote, so the manifest always describes the
folder as it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import __version__
from .atomic import write_text

NAME = "manifest.json"


@dataclass
class FileEntry:
    fichier: str
    pages: int
    sha256: str
    octets: int
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = {"fichier": self.fichier, "pages": self.pages, "sha256": self.sha256, "octets": self.octets}
        if self.description:
            data["description"] = self.description
        data.update(self.extra)
        return data


def load(folder: Path) -> dict[str, Any]:
    path = folder / NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass
    return {}


def update(
    folder: Path,
    files: list[FileEntry],
    cards: list[dict[str, Any]] | None = None,
    context: dict[str, Any] | None = None,
    replace: bool = False,
) -> Path:
    """Record the files just written; with ``replace``, they are the whole folder's content."""
    data = {} if replace else load(folder)
    written = {f.fichier for f in files}
    kept = [f for f in data.get("fichiers", []) if f.get("fichier") not in written and (folder / f.get("fichier", "")).is_file()]
    data["outil"] = f"ateliers {__version__}"
    if context:
        data.update(context)
    data["fichiers"] = sorted(kept + [f.as_json() for f in files], key=lambda f: f["fichier"])
    if cards is not None:
        old = [c for c in data.get("cartes", []) if c.get("fichier") not in written]
        data["cartes"] = old + cards
    path = folder / NAME
    write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    return path
