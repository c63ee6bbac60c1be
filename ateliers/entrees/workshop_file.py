"""``ateliers nouveau``: a commented workshop file to fill in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..fichiers.atomic import write_bytes, write_text
from ..errors import InputError
from ..fichiers.resources import Resources
from ..fichiers.slugs import slugify


def default_name(territoire: str) -> str:
    return f"atelier-{slugify(territoire)}.yaml"


def referentiel_line(chemin: str | None) -> str:
    """The « referentiel: » line of a workshop file (commented out when it uses the embedded one)."""
    return f"referentiel: {_quoted(chemin)}" if chemin else "# referentiel: referentiel-autre.yaml"


def relative_to_workshop(referentiel: Path, fichier: Path) -> str:
    """A referential's path as a workshop file names it: relative to the workshop file's folder."""
    try:
        return Path(os.path.relpath(referentiel.resolve(), fichier.resolve().parent)).as_posix()
    except ValueError:  # another drive on Windows
        return referentiel.resolve().as_posix()


def workshop_file_text(
    territoire: str,
    fichier: Path,
    resources: Resources,
    today: dt.date | None = None,
    referentiel=None,
    chemin_referentiel: str | None = None,
) -> str:
    """The commented workshop file of ``ateliers nouveau``. ``referentiel``: the loaded referential
    whose phases it lists (the one at ``chemin_referentiel``, relative to ``fichier``, else the
    embedded one)."""
    if referentiel is None:
        from .loading import load_referentiel

        referentiel = load_referentiel(fichier.parent / chemin_referentiel if chemin_referentiel else None)
    template = (resources.templates / "atelier-modele.yaml").read_text(encoding="utf-8")
    phases = "\n".join(f"  - {p.numero}  # {_comment(p.nom)}" for p in referentiel.phases)
    names = ", ".join(f"{p.numero} {_comment(p.nom)}" for p in referentiel.phases)
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
        .replace("__REFERENTIEL__", referentiel_line(chemin_referentiel))
        .replace("__PHASES_NOMS__", names)
        .replace("__PHASES__", phases)
    )


def _comment(text: str) -> str:
    return " ".join(text.split())


def write_workshop_file(
    territoire: str, fichier: Path, resources: Resources, force: bool = False, referentiel: Path | None = None
) -> Path:
    """Write the commented workshop file; ``referentiel``: the referential it names (validated first)."""
    from .loading import load_referentiel

    model = load_referentiel(referentiel)  # a referential that does not validate is not named
    chemin = relative_to_workshop(referentiel, fichier) if referentiel is not None else None
    if not territoire.strip():
        raise InputError("Le nom du territoire est vide.", conseil='Exemple : ateliers nouveau "Communauté de communes du Haut-Vallon"')
    if fichier.exists() and not force:
        raise InputError(
            f"Le fichier « {fichier} » existe déjà : il n’a pas été modifié.",
            conseil="Choisissez un autre nom avec --sortie, ou ajoutez --forcer pour le remplacer.",
        )
    write_text(fichier, workshop_file_text(territoire, fichier, resources, referentiel=model, chemin_referentiel=chemin))
    return fichier


# ---------------------------------------------------------------- file ⇄ form
#
# A workshop file edited in a form: read into plain values (what a person
# sees in each field, as typed), validated with the rules and messages of
# ``ateliers valider``, written back in the commented format above. Values
# survive the trip file → form → file; comments a person added by hand do
# not (the template's comments are written again).

FIELDS = (
    "territoire",
    "referentiel",
    "structure_porteuse",
    "date",
    "heure_debut",
    "lieu",
    "animation",
    "phases_retenues",
    "nombre_participants",
    "nombre_sous_groupes",
    "acteurs",
    "competences_ajoutees",
    "inscription",
    "logo",
)
_SCALARS = ("territoire", "referentiel", "structure_porteuse", "date", "heure_debut", "lieu", "nombre_participants", "nombre_sous_groupes", "inscription", "logo")
MAX_BACKUPS = 20
BACKUPS = "sauvegardes"


@dataclass
class ActeurValues:
    nom: str = ""
    type: str = ""
    contact: str = ""

    def blank(self) -> bool:
        return not (self.nom.strip() or self.contact.strip())


@dataclass
class AjoutValues:
    phase: str = ""
    texte: str = ""
    id: str = ""

    def blank(self) -> bool:
        return not (self.texte.strip() or self.id.strip())


@dataclass
class WorkshopValues:
    """Every field of a workshop file as text, the way a form shows it."""

    territoire: str = ""
    referentiel: str = ""  # the referential's path as written in the file (relative to it)
    structure_porteuse: str = ""
    date: str = ""
    heure_debut: str = ""
    lieu: str = ""
    animation: list[str] = field(default_factory=list)
    phases_retenues: list[str] | None = None  # None: the key is absent (every phase)
    nombre_participants: str = ""
    nombre_sous_groupes: str = ""
    acteurs: list[ActeurValues] = field(default_factory=list)
    competences_ajoutees: list[AjoutValues] = field(default_factory=list)
    inscription: str = ""
    logo: str = ""
    unknown: dict[str, Any] = field(default_factory=dict)  # keys a hand-edited file has and the form has not

    def compact(self) -> WorkshopValues:
        """Blank rows and names dropped: what is saved, and what error indices refer to."""
        return replace(
            self,
            animation=[a for a in self.animation if a.strip()],
            acteurs=[a for a in self.acteurs if not a.blank()],
            competences_ajoutees=[c for c in self.competences_ajoutees if not c.blank()],
        )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def values_from_data(data: Any) -> WorkshopValues:
    """Plain YAML data (strings, lists, dicts, as ``yaml_source`` reads them) → form values."""
    if not isinstance(data, dict):
        return WorkshopValues()
    values = WorkshopValues(**{key: _text(data.get(key)) for key in _SCALARS})
    animation = data.get("animation")
    values.animation = [_text(a) for a in animation] if isinstance(animation, list) else ([_text(animation)] if animation else [])
    phases = data.get("phases_retenues", None)
    if "phases_retenues" in data:
        values.phases_retenues = [_text(p) for p in phases] if isinstance(phases, list) else ([_text(phases)] if phases is not None else [])
    for item in data.get("acteurs") or [] if isinstance(data.get("acteurs"), list) else []:
        item = item if isinstance(item, dict) else {"nom": item}
        values.acteurs.append(ActeurValues(_text(item.get("nom")), _text(item.get("type")), _text(item.get("contact"))))
    for item in data.get("competences_ajoutees") or [] if isinstance(data.get("competences_ajoutees"), list) else []:
        item = item if isinstance(item, dict) else {"texte": item}
        values.competences_ajoutees.append(AjoutValues(_text(item.get("phase")), _text(item.get("texte")), _text(item.get("id"))))
    values.unknown = {k: v for k, v in data.items() if k not in FIELDS}
    return values


def values_to_data(values: WorkshopValues) -> dict[str, Any]:
    """Form values → the plain data a YAML file would give (blank optional fields left out)."""
    v = values.compact()
    data: dict[str, Any] = {"territoire": v.territoire}  # always there: an empty one is said to be empty
    for key in _SCALARS[1:]:
        text = getattr(v, key).strip()
        if text:
            data[key] = text
    if v.animation:
        data["animation"] = [a.strip() for a in v.animation]
    if v.phases_retenues is not None:
        data["phases_retenues"] = [p.strip() for p in v.phases_retenues]
    if v.acteurs:
        data["acteurs"] = [
            {k: getattr(a, k).strip() for k in ("nom", "type", "contact") if getattr(a, k).strip() or k == "nom"}
            for a in v.acteurs
        ]
    if v.competences_ajoutees:
        data["competences_ajoutees"] = [
            {k: getattr(c, k).strip() for k in ("phase", "texte", "id") if getattr(c, k).strip() or k != "id"}
            for c in v.competences_ajoutees
        ]
    data.update(v.unknown)  # still reported as unknown keys, never silently dropped
    return data


def content_hash(fichier: Path) -> str:
    """What a form sends back to prove it edited the file as it is now (« changed since opened »)."""
    try:
        return hashlib.sha256(fichier.read_bytes()).hexdigest()
    except FileNotFoundError:
        return ""


def read_values(fichier: Path) -> tuple[WorkshopValues, str]:
    """A workshop file (possibly edited by hand) → form values and its content hash.

    Raises ``ValidationFailed`` only when the file cannot be read as YAML at
    all; values that break the rules are loaded as they are, for the form
    to show them with their errors (see ``validate_values``).
    """
    from .yaml_source import load_yaml

    digest = content_hash(fichier)
    return values_from_data(load_yaml(fichier).data), digest


def validate_values(values: WorkshopValues, referentiel, fichier: Path):
    """The ``Atelier`` the values describe, or ``ValidationFailed`` with the CLI's messages."""
    from .loading import validate_atelier_data

    return validate_atelier_data(values_to_data(values), referentiel, fichier)


_ORDINAL = re.compile(r"^(\d+)(?:er|e) élément$")


def field_key(chemin: str | None) -> str | None:
    """« acteurs › 2e élément › nom » → « acteurs-1-nom » (the form field a problem belongs to)."""
    if not chemin:
        return None
    parts = []
    for part in chemin.split(" › "):
        match = _ORDINAL.match(part)
        parts.append(str(int(match.group(1)) - 1) if match else part)
    if parts[0] == "phases_retenues":
        return "phases_retenues"
    if parts[0] in ("acteurs", "competences_ajoutees") and len(parts) == 2:
        parts.append("nom" if parts[0] == "acteurs" else "texte")
    return "-".join(parts[:3])


# ---------------------------------------------------------------- writing


def _quoted(text: str) -> str:
    # A JSON string is a valid YAML double-quoted scalar: « : », « # » and quotes are safe.
    return json.dumps(text.strip(), ensure_ascii=False)


def _date_text(text: str) -> str:
    from .models import _date

    try:
        value = _date(text)
    except Exception:  # kept as typed: validation says what is wrong
        return _quoted(text)
    return value.isoformat() if isinstance(value, dt.date) else _quoted(text)


def _heure_text(text: str) -> str:
    from .models import _heure

    try:
        value = _heure(text)
    except Exception:
        return _quoted(text)
    return _quoted(value.strftime("%H:%M")) if isinstance(value, dt.time) else _quoted(text)


def _number_text(text: str) -> str:
    text = text.strip()
    return text if text.isdigit() else _quoted(text)


def _type_text(text: str) -> str:
    from .models import TypeActeur, _type_acteur

    value = _type_acteur(text.strip())
    return value if value in {t.value for t in TypeActeur} else _quoted(text)


def _block(key: str, values: WorkshopValues) -> list[str] | None:
    """The lines of one key, or None when it has no value (the template's example is then commented)."""
    if key in _SCALARS:
        text = getattr(values, key).strip()
        if not text and key != "territoire":
            return None
        writer = {"date": _date_text, "heure_debut": _heure_text, "nombre_participants": _number_text, "nombre_sous_groupes": _number_text}.get(key, _quoted)
        return [f"{key}: {writer(text)}"]
    if key == "animation":
        return ["animation:"] + [f"  - {_quoted(a)}" for a in values.animation] if values.animation else None
    if key == "phases_retenues":
        if values.phases_retenues is None:
            return None
        if not values.phases_retenues:
            return ["phases_retenues: []"]
        return ["phases_retenues:"] + [f"  - {_number_text(p)}" for p in values.phases_retenues]
    if key == "acteurs":
        if not values.acteurs:
            return ["acteurs: []"]
        lines = ["acteurs:"]
        for a in values.acteurs:
            lines.append(f"  - nom: {_quoted(a.nom)}")
            if a.type.strip():
                lines.append(f"    type: {_type_text(a.type)}")
            if a.contact.strip():
                lines.append(f"    contact: {_quoted(a.contact)}")
        return lines
    if key == "competences_ajoutees":
        if not values.competences_ajoutees:
            return None  # the template's « [] » and its commented example
        lines = ["competences_ajoutees:"]
        for c in values.competences_ajoutees:
            lines.append(f"  - phase: {_number_text(c.phase)}")
            lines.append(f"    texte: {_quoted(c.texte)}")
            if c.id.strip():
                lines.append(f"    id: {_quoted(c.id)}")
        return lines
    raise KeyError(key)


_KEY_LINE = re.compile(r"^(?:# )?([a-z_]+):")


def _template_blocks(text: str) -> list[tuple[str | None, list[str]]]:
    """The template cut into (key, its lines) and (None, comment or blank lines)."""
    blocks: list[tuple[str | None, list[str]]] = []
    for line in text.splitlines():
        match = _KEY_LINE.match(line)
        key = match.group(1) if match and match.group(1) in FIELDS else None
        if key is not None:
            blocks.append((key, [line]))
        elif blocks and blocks[-1][0] is not None and (line.startswith(" ") or line.startswith("#  ")):
            blocks[-1][1].append(line)  # the value's lines, or its commented example
        else:
            blocks.append((None, [line]))
    return blocks


def render_values(values: WorkshopValues, fichier: Path, resources: Resources, referentiel=None) -> str:
    """The workshop file for these values, in the commented format of ``ateliers nouveau``
    (``referentiel``: the loaded referential the file uses, for its phases' names)."""
    values = values.compact()
    chemin = values.referentiel.strip() or None
    template = workshop_file_text(values.territoire or "territoire", fichier, resources, referentiel=referentiel, chemin_referentiel=chemin)
    out: list[str] = []
    for key, lines in _template_blocks(template):
        if key is None:
            out.extend(lines)
            continue
        block = _block(key, values)
        if block is None and lines[0].endswith(": []"):
            out.extend(lines)  # an empty list: the template's own « [] » and its example
        elif block is not None:
            out.extend(block)
        else:  # no value: the template's example, commented out
            out.extend(line if line.startswith("#") else f"# {line}" for line in lines)
    return "\n".join(out) + "\n"


class FileChanged(InputError):
    """The file was changed (another tab, an editor) since the form was opened."""


def save_values(
    values: WorkshopValues,
    fichier: Path,
    resources: Resources,
    referentiel,
    opened_hash: str | None,
    overwrite_changes: bool = False,
):
    """Validate, check nothing changed meanwhile, keep the previous version, write atomically.

    ``opened_hash`` is the ``content_hash`` the form was opened with (None for
    a new file, which must not exist yet). Returns the validated ``Atelier``.
    """
    atelier = validate_values(values, referentiel, fichier)
    current = content_hash(fichier)
    if not overwrite_changes and current != (opened_hash or ""):
        raise FileChanged(
            f"Le fichier « {fichier.name} » a été modifié depuis que vous l’avez ouvert (dans un autre onglet ou un éditeur de texte) : rien n’a été enregistré.",
            conseil="Rechargez la page pour voir la nouvelle version, ou enregistrez à nouveau en cochant « Remplacer quand même » (l’autre version est gardée en sauvegarde).",
        )
    if current:
        backup(fichier)
    write_text(fichier, render_values(values, fichier, resources, referentiel))
    return atelier


def backup(fichier: Path) -> Path:
    """Copy the file's current version into « sauvegardes/<nom>/ » beside it (the last few are kept)."""
    folder = fichier.parent / BACKUPS / fichier.stem
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    target = folder / f"{stamp}{fichier.suffix}"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stamp}-{n}{fichier.suffix}"
    write_bytes(target, fichier.read_bytes())
    old = sorted(folder.glob(f"*{fichier.suffix}"))
    for stale in old[:-MAX_BACKUPS]:
        stale.unlink(missing_ok=True)
    return target
