"""``ateliers nouveau``: a commented workshop file to fill in."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

from .atomic import write_text
from .errors import InputError
from .resources import Resources
from .slugs import slugify


def default_name(territoire: str) -> str:
    return f"atelier-{slugify(territoire)}.yaml"


def workshop_file_text(territoire: str, fichier: Path, resources: Resources, today: dt.date | None = None) -> str:
    template = (resources.templates / "atelier-modele.yaml").read_text(encoding="utf-8")
    day = (today or dt.date.today()) + dt.timedelta(days=30)
    schema = resources.root / "atelier.schema.json"
    # Relative when the file sits in the project (exemples/), else absolute.
    try:
        relative = os.path.relpath(schema, fichier.resolve().parent)
    except ValueError:  # another drive on Windows
        relative = str(schema)
    schema_ref = relative if not relative.startswith("../..") else schema.as_posix()
    return (
        template.replace("__TERRITOIRE__", json.dumps(territoire.strip(), ensure_ascii=False))
        .replace("__DATE__", day.isoformat())
        .replace("__FICHIER__", fichier.name)
        .replace("__SCHEMA__", Path(schema_ref).as_posix())
    )


def write_workshop_file(territoire: str, fichier: Path, resources: Resources, force: bool = False) -> Path:
    if not territoire.strip():
        raise InputError("Le nom du territoire est vide.", conseil='Exemple : ateliers nouveau "Communauté de communes du Haut-Vallon"')
    if fichier.exists() and not force:
        raise InputError(
            f"Le fichier « {fichier} » existe déjà : il n’a pas été modifié.",
            conseil="Choisissez un autre nom avec --sortie, ou ajoutez --forcer pour le remplacer.",
        )
    write_text(fichier, workshop_file_text(territoire, fichier, resources))
    return fichier
