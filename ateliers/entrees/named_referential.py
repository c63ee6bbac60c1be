"""Which referential a run uses: the one given, the one its workshop file names, or the embedded one.

A workshop file may name its referential (``referentiel: referentiel-tiers-lieux.yaml``, a path
relative to the workshop file): every command that reads the workshop file then uses it with no
further option. Light (YAML reading only, no pydantic): the up-to-date check of a kit uses it.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem, ValidationFailed
from .yaml_source import SourceDocument, load_yaml

KEY = "referentiel"
SUFFIXES = (".yaml", ".yml")


def named_in(doc: SourceDocument) -> Path | None:
    """The referential named by a parsed workshop file (absolute), checked at the edge; None without the key."""
    data = doc.data
    if not isinstance(data, dict) or data.get(KEY) in (None, ""):
        return None
    value = data[KEY]
    location = doc.locate((KEY,), prefer_key=False)
    if not isinstance(value, str) or not value.strip():
        raise ValidationFailed(doc.fichier, [Problem(location, "un chemin de fichier est attendu ici.", "Exemple : referentiel: referentiel-tiers-lieux.yaml")])
    target = Path(doc.fichier).parent / value.strip()
    if target.suffix.lower() not in SUFFIXES:
        raise ValidationFailed(
            doc.fichier,
            [Problem(location, f"« {value} » n’est pas un référentiel (fichier .yaml attendu).", "Pour un document Word ou un tableur, commencez par « ateliers importer », puis nommez ici le fichier .yaml écrit.")],
        )
    if not target.is_file():
        raise ValidationFailed(
            doc.fichier,
            [Problem(location, f"le référentiel « {value} » est introuvable (cherché : {target}).", "Le chemin est relatif au dossier du fichier d’atelier ; vérifiez le nom, ou supprimez la ligne pour utiliser le référentiel fourni avec ateliers.")],
        )
    return target.resolve()


def named_by(atelier: Path | str) -> Path | None:
    """The referential a workshop file names (absolute), None without the key."""
    return named_in(load_yaml(Path(atelier)))


def resolve(referentiel: Path | None, atelier: Path | None) -> Path | None:
    """The referential of a run: ``referentiel`` when given, else the one ``atelier`` names, else None
    (the embedded one). Given both, they must be the same file."""
    named = named_by(atelier) if atelier is not None else None
    if referentiel is None:
        return named
    if named is not None and Path(referentiel).resolve() != named:
        raise InputError(
            f"Le fichier d’atelier « {Path(atelier).name} » nomme le référentiel « {named.name} », "
            f"mais « {Path(referentiel).name} » a été demandé.",
            conseil="Retirez l’option --referentiel (le fichier d’atelier suffit), ou changez la ligne « referentiel: » du fichier d’atelier.",
        )
    return referentiel
