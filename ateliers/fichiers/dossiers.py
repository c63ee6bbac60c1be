"""Where a kit goes when no folder is given: one rule for the command, the API and the app.

One output folder per workshop file: ``output/<territory slug>`` belongs to the first
workshop file that writes into it (its manifest names it, key ``fichier_atelier``: its path
from the workspace, or from the folder where the command runs).
Another workshop file of the same territory (a second session, a copied file, a name
differing only by case or accents) goes to ``output/<territory slug>--<its own file name>``:
two workshop files never share a folder. A folder given explicitly (``--sortie``) that
belongs to another workshop file is refused.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..errors import InputError
from .slugs import slugify

OUTPUT = Path("output")
GENERIC = "generique"
OWNER_KEY = "fichier_atelier"


def owner_id(fichier: Path, base: Path | None = None) -> str:
    """How a folder's manifest names its workshop file: the file's path from ``base`` (the
    workspace for the app, the current folder for a command), so that a workspace copied
    elsewhere keeps its kits, and the app and the command name a file alike."""
    base = Path.cwd() if base is None else Path(base)
    try:
        return Path(os.path.relpath(Path(fichier).resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive (Windows)
        return Path(fichier).resolve().as_posix()


def owner_of(folder: Path) -> str | None:
    from . import manifest

    value = manifest.load(folder).get(OWNER_KEY)
    return value if isinstance(value, str) and value else None


def kit_folder(territoire: str | None, parent: Path = OUTPUT, fichier: Path | None = None, base: Path | None = None) -> Path:
    """``output/generique`` without a workshop file, else ``output/<territory slug>`` (under
    ``parent``), unless that folder belongs to another workshop file (see the module)."""
    first = parent / (GENERIC if territoire is None else slugify(territoire, default="territoire"))
    if territoire is None or fichier is None:
        return first
    me = owner_id(fichier, base)
    stem = slugify(Path(fichier).stem, default="atelier")
    digest = hashlib.sha256(me.encode("utf-8")).hexdigest()[:8]
    candidates = [first, parent / f"{first.name}--{stem}", parent / f"{first.name}--{stem}-{digest}"]
    for candidate in candidates:
        owner = owner_of(candidate)
        if owner is None or owner == me:
            return candidate
    return candidates[-1]


def check_owner(folder: Path, owner: str) -> None:
    """Refuse to write into a folder another workshop file's kit or synthesis is in."""
    current = owner_of(folder)
    if current is not None and current != owner:
        raise InputError(
            f"Le dossier « {folder} » contient déjà le kit ou la synthèse de l’atelier « {current} » : deux fichiers d’atelier n’écrivent jamais dans le même dossier.",
            conseil="Ne donnez pas de dossier de sortie (chaque fichier d’atelier a alors le sien), ou choisissez-en un autre.",
        )
