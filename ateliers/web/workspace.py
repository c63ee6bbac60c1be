"""The workspace folder: workshop files, results entered, ``output/``.

The same plain files the CLI reads and writes, so a facilitator can switch
between the browser and the command line. Every path handed out here is
inside the workspace: names come from the folder's own listing (never
from the browser), and results and uploads get names chosen here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import api

WORKSHOP_GLOB = "atelier-*.yaml"
RESULTS = "resultats"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,120}$")


@dataclass(frozen=True)
class Workshop:
    """One workshop file of the workspace; ``name`` is its file name without « atelier- » and « .yaml »."""

    name: str
    fichier: Path


class Workspace:
    def __init__(self, root: Path) -> None:
        self.root = Path(root).resolve()

    def inside(self, path: Path) -> Path:
        """``path`` resolved, refused if it leaves the workspace (a link, « .. »)."""
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root):
            raise PermissionError(f"{path} est hors de l’espace de travail")
        return resolved

    def workshops(self) -> list[Workshop]:
        found = []
        for path in sorted(self.root.glob(WORKSHOP_GLOB)):
            name = path.name.removeprefix("atelier-").removesuffix(".yaml")
            if _NAME.match(name) and path.is_file():
                found.append(Workshop(name, path))
        return found

    def workshop(self, name: str) -> Workshop | None:
        """The workshop of that name, looked up in the folder's listing (no path built from the URL)."""
        for workshop in self.workshops():
            if workshop.name == name:
                self.inside(workshop.fichier)
                return workshop
        return None

    def new_file(self, territoire: str) -> Path:
        return self.root / api.default_workshop_name(territoire)

    def output_folder(self, territoire: str) -> Path:
        """Where the CLI run from the workspace puts this territory's kit and synthesis."""
        return api.kit_folder(territoire, self.root / api.OUTPUT)

    def results_folder(self, workshop: Workshop) -> Path:
        return self.root / RESULTS / workshop.name
