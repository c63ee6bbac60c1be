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

    def referentiel_path_of(self, workshop: Workshop | None = None) -> Path:
        """The referential a workshop uses: the one its file names, else the app's (``--referentiel``),
        else the embedded one. Raises ``ValidationFailed`` when the named one is missing."""
        named = self._named_referentiel(workshop.fichier) if workshop is not None and workshop.fichier.is_file() else None
        return named or self.referentiel_path or self.resources.referentiel

    def _named_referentiel(self, fichier: Path) -> Path | None:
        """The referential a workshop file names, read again only when the file changes: a page
        asks several times, and a busy workshop's file (150 actors) is long to parse."""
        named = self._cached(("nomme", fichier), _stamp(fichier), lambda: api.named_referentiel(fichier))
        if named is not None and not named.is_file():
            return api.named_referentiel(fichier)  # gone since: raises ValidationFailed, as uncached
        return named

    def referentiel(self, workshop: Workshop | None = None):
        """The validated referential (of ``workshop`` when given), cached while its file is unchanged."""
        path = self.referentiel_path_of(workshop)
        return self._cached(("referentiel", str(path)), _stamp(path), lambda: api.load_referentiel(path))

    def atelier(self, workshop: Workshop):
        """The validated workshop model (raises ``ValidationFailed``), cached on the file's stamp."""
        stamp = (_stamp(workshop.fichier), _stamp(self.referentiel_path_of(workshop)))
        return self._cached(("atelier", workshop.fichier), stamp, lambda: api.load_atelier(workshop.fichier, self.referentiel(workshop)))

    def _cached(self, key: tuple, stamp, load):
        """``load()``'s value, kept while the files' ``stamp`` is unchanged; an exception is never kept."""
        with self._lock:
            cached = self._cache.get(key)
            if cached and cached[0] == stamp:
                return cached[1]
        value = load()
        with self._lock:
            self._cache[key] = (stamp, value)
        return value


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
    referentiel = s.referentiel_path_of(workshop)
    stamp = (_stamp(workshop.fichier), _stamp(referentiel), _stamp(folder / api.MANIFEST), repr(options))
    with s._lock:
        cached = s._cache.get(key)
        if cached and cached[0] == stamp:
            return cached[1]
    state = api.kit_state(folder, api.territory(s.referentiel(workshop), atelier), options)
    with s._lock:
        s._cache[key] = (stamp, state)
    return state
