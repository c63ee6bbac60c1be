"""What the pages need from the library, per app (no global state): the referential
(read once, re-read when its file changes), the workspace, the build queue."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app

from .. import api
from .builds import Builds
from .workspace import Workshop, Workspace


@dataclass
class Services:
    workspace: Workspace
    resources: api.Resources
    referentiel_path: Path | None
    builds: Builds
    kit_options: dict = field(default_factory=dict)  # workshop name → the options of its last build here
    kit_choices: dict = field(default_factory=dict)  # … and as they were chosen in the form
    _cache: dict = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def referentiel(self):
        """The validated referential, cached while its file is unchanged."""
        path = self.referentiel_path or self.resources.referentiel
        stamp = _stamp(path)
        with self._lock:
            cached = self._cache.get("referentiel")
            if cached and cached[0] == stamp:
                return cached[1]
        ref = api.load_referentiel(self.referentiel_path)
        with self._lock:
            self._cache["referentiel"] = (stamp, ref)
        return ref

    def atelier(self, workshop: Workshop):
        """The validated workshop model (raises ``ValidationFailed``), cached on the file's stamp."""
        key = ("atelier", workshop.fichier)
        stamp = (_stamp(workshop.fichier), _stamp(self.referentiel_path or self.resources.referentiel))
        with self._lock:
            cached = self._cache.get(key)
            if cached and cached[0] == stamp:
                return cached[1]
        model = api.load_atelier(workshop.fichier, self.referentiel())
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


def kit_state(s: Services, workshop: Workshop, atelier, folder: Path) -> str:
    """The library's word for the kit in ``folder`` (« absent », « à jour », « à refaire »), with the
    options last chosen here (the defaults otherwise), cached while no input changes."""
    options = s.kit_options.get(workshop.name) or api.KitOptions()
    key = ("kit", workshop.name)
    referentiel = s.referentiel_path or s.resources.referentiel
    stamp = (_stamp(workshop.fichier), _stamp(referentiel), _stamp(folder / api.MANIFEST), repr(options))
    with s._lock:
        cached = s._cache.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
    state = api.kit_state(folder, api.territory(s.referentiel(), atelier), options)
    with s._lock:
        s._cache[key] = (stamp, state)
    return state
