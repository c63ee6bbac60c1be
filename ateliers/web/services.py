"""What the pages need from the library, per app (no global state): the referential
(read once, re-read when its file changes), the workspace, the build queue."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from ..resources import Resources
from .builds import Builds
from .workspace import Workshop, Workspace


@dataclass
class Services:
    workspace: Workspace
    resources: Resources
    referentiel_path: Path | None
    builds: Builds
    _cache: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def referentiel(self):
        """The validated referential, cached while its file is unchanged."""
        from ..loading import load_referentiel

        path = self.referentiel_path or self.resources.referentiel
        stamp = _stamp(path)
        with self._lock:
            cached = self._cache.get("referentiel")
            if cached and cached[0] == stamp:
                return cached[1]
        ref = load_referentiel(self.referentiel_path)
        with self._lock:
            self._cache["referentiel"] = (stamp, ref)
        return ref

    def atelier(self, workshop: Workshop):
        """The validated workshop model (raises ``ValidationFailed``), cached on the file's stamp."""
        from ..loading import load_atelier

        key = ("atelier", workshop.fichier)
        stamp = (_stamp(workshop.fichier), _stamp(self.referentiel_path or self.resources.referentiel))
        with self._lock:
            cached = self._cache.get(key)
            if cached and cached[0] == stamp:
                return cached[1]
        model = load_atelier(workshop.fichier, self.referentiel())
        with self._lock:
            self._cache[key] = (stamp, model)
        return model


def _stamp(path: Path) -> tuple[int, int]:
    try:
        info = path.stat()
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


def services() -> Services:
    return current_app.extensions["ateliers"]
