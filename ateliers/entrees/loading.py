"""Load and validate the referential and workshop files, at the edge.

Structure and types are checked by the pydantic models; the rules that
span several items (unique ids, phase numbering, ids matching their
phase) are checked here, where the YAML positions are at hand, so that
every message names the file and the line.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..errors import Problem, ValidationFailed
from .models import Atelier, Referentiel
from ..fichiers.resources import embedded
from ..impression.typography import liste_fr
from .yaml_source import PathKey, SourceDocument, describe_path, load_yaml

M = TypeVar("M", bound=BaseModel)


def load_referentiel(fichier: Path | str | None = None) -> Referentiel:
    """Read and validate a referential (the embedded one when no file is given)."""
    path = Path(fichier) if fichier is not None else embedded().referentiel
    doc = load_yaml(path)
    ref = _validate(doc, Referentiel)
    problems = list(_check_referentiel(ref, doc))
    if problems:
        raise ValidationFailed(path, problems)
    return ref


def validate_atelier_data(data: Any, referentiel: Referentiel, fichier: Path | str) -> Atelier:
    """Validate a workshop given as plain data (a form) with the rules of ``load_atelier``.

    No YAML positions: each problem's ``location.chemin`` names the key path
    (« acteurs › 2e élément › nom »), which a form maps back to its field.
    The logo is looked for beside ``fichier``.
    """
    path = Path(fichier)
    doc = SourceDocument(fichier=path, data=data)
    _mark_paths(doc, data, ())  # every key exists, without a position
    atelier = _validate(doc, Atelier)
    problems = list(_check_atelier(atelier, referentiel, doc))
    if problems:
        raise ValidationFailed(path, problems)
    return atelier


def _mark_paths(doc: SourceDocument, data: Any, path: PathKey) -> None:
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        doc.key_marks[path + (key,)] = (None, None)  # type: ignore[assignment]
        _mark_paths(doc, value, path + (key,))


def load_atelier(fichier: Path | str, referentiel: Referentiel) -> Atelier:
    """Read and validate a workshop file against the referential it will use."""
    path = Path(fichier)
    doc = load_yaml(path)
    atelier = _validate(doc, Atelier)
    problems = list(_check_atelier(atelier, referentiel, doc))
    if problems:
        raise ValidationFailed(path, problems)
    if atelier.logo is not None:
        atelier = atelier.model_copy(update={"logo": (path.parent / atelier.logo).resolve()})
    if atelier.referentiel is not None:
        atelier = atelier.model_copy(update={"referentiel": (path.parent / atelier.referentiel).resolve()})
    return atelier


# ---------------------------------------------------------------- structure


def _validate(doc: SourceDocument, model: type[M]) -> M:
    if not isinstance(doc.data, dict):
        raise ValidationFailed(
            doc.fichier,
            [
                Problem(
                    doc.locate(()),
                    "le fichier doit être une suite de « clé: valeur », pas une liste ni un texte seul.",
                    "Partez du modèle donné par « ateliers nouveau » ou de referentiel.yaml.",
                )
            ],
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        errors = _merge_typos(exc.errors(), model)
        problems = [_translate(doc, model, err) for err in errors]
        raise ValidationFailed(doc.fichier, _dedupe(problems)) from None


def _merge_typos(errors: list[Any], model: type[BaseModel]) -> list[Any]:
    """A misspelt key (« competence: ») is one mistake, not « missing » plus « unknown »."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    covered = set()
    for e in errors:
        if e["type"] != "extra_forbidden":
            continue
        loc = tuple(e["loc"])
        allowed = _field_names(model, loc[:-1])
        for name in difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6):
            if loc[:-1] + (name,) in missing:
                covered.add(loc[:-1] + (name,))
    return [e for e in errors if not (e["type"] == "missing" and tuple(e["loc"]) in covered)]


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, unique = set(), []
    for p in problems:
        key = (str(p.location), p.message)
        if key not in seen:
            seen.add(key)
            unique.append(p)
    return unique


def _field_names(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed at a location (for « did you mean … »)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = getattr(current, "model_fields", {}).get(part)
        if info is None:
            return []
        current = _inner_model(info.annotation)
        if current is None:
            return []
    return list(getattr(current, "model_fields", {}))


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()) or ():
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


_TYPE_MESSAGES = {
    "string_type": "un texte est attendu ici",
    "int_type": "un nombre entier est attendu ici",
    "int_parsing": "un nombre entier est attendu ici",
    "int_from_float": "un nombre entier est attendu ici",
    "list_type": "une liste est attendue ici (des lignes commençant par « - »)",
    "model_type": "un bloc de « clé: valeur » est attendu ici",
    "dict_type": "un bloc de « clé: valeur » est attendu ici",
    "model_attributes_type": "un bloc de « clé: valeur » est attendu ici",
    "date_type": "une date est attendue ici (ex. 2026-12-03)",
    "date_from_datetime_parsing": "date non reconnue : écrivez-la 2026-12-03 ou 03/12/2026",
    "date_parsing": "date non reconnue : écrivez-la 2026-12-03 ou 03/12/2026",
    "path_type": "un chemin de fichier est attendu ici",
}


def _translate(doc: SourceDocument, model: type[BaseModel], err: dict[str, Any]) -> Problem:
    loc = _clean_loc(doc, err["loc"])
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    key = loc[-1] if loc else ""
    conseil = None

    if kind == "missing":
        where = doc.locate(loc[:-1])
        where = type(where)(where.fichier, where.ligne, where.colonne, describe_path(loc))
        return Problem(where, f"la clé obligatoire « {key} » est absente.", f"Ajoutez « {key}: … » à ce bloc.")
    location = doc.locate(loc)
    if kind == "extra_forbidden":
        allowed = _field_names(model, loc[:-1])
        close = difflib.get_close_matches(str(key), allowed, n=1, cutoff=0.6)
        conseil = f"Vouliez-vous dire « {close[0]} » ?" if close else None
        if allowed:
            conseil = (conseil + " " if conseil else "") + "Clés possibles ici : " + ", ".join(allowed) + "."
        return Problem(location, f"clé inconnue « {key} ».", conseil)
    if kind == "string_type" and value is None:
        return Problem(location, "la valeur est vide.", "Écrivez le texte ou supprimez la ligne.")
    if kind in _TYPE_MESSAGES:
        return Problem(location, f"{_TYPE_MESSAGES[kind]} (trouvé : {_show(value)}).")
    if kind == "string_too_short" or kind == "texte_vide":
        return Problem(location, "le texte est vide.", "Écrivez le texte ou supprimez l’élément.")
    if kind == "string_too_long":
        n = len(value) if isinstance(value, str) else "?"
        return Problem(
            location,
            f"texte trop long ({n} caractères ; {ctx.get('max_length')} au plus).",
            "Raccourcissez-le ou scindez-le en deux éléments : il doit tenir sur une carte.",
        )
    if kind == "string_pattern_mismatch":
        return Problem(location, f"valeur « {value} » mal formée.", _pattern_hint(str(key), loc))
    if kind == "too_short":
        return Problem(location, "cette liste ne doit pas être vide.", "Ajoutez au moins un élément.")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = ctx.get("ge", ctx.get("gt"))
        top = ctx.get("le", ctx.get("lt"))
        text = f"valeur {_show(value)} hors limites"
        if bound is not None and top is not None:
            text += f" (entre {bound} et {top})"
        elif bound is not None:
            text += f" (au moins {bound})"
        elif top is not None:
            text += f" (au plus {top})"
        return Problem(location, text + ".")
    if kind == "enum":
        # pydantic lists the values as « 'a', 'b' or 'c' »: say it in French.
        values = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return Problem(location, f"valeur « {value} » non reconnue.", f"Valeurs possibles : {liste_fr(values)}.")
    # Our own validators raise French messages (PydanticCustomError).
    return Problem(location, err["msg"].removeprefix("Value error, ") + ".")


_UNION_TAGS = {"str", "int", "float", "bool", "date", "time", "none"}


def _clean_loc(doc: SourceDocument, raw: tuple[Any, ...]) -> tuple[Any, ...]:
    """Drop the pseudo-locations unions and validators add (« int », « function-after[…] »)."""
    loc: tuple[Any, ...] = ()
    for part in raw:
        pseudo = isinstance(part, str) and (part in _UNION_TAGS or "[" in part)
        if pseudo and loc + (part,) not in doc.key_marks:
            continue
        loc += (part,)
    return loc


def _show(value: Any) -> str:
    if value is None:
        return "rien"
    if isinstance(value, dict):
        return "un bloc"
    if isinstance(value, list):
        return "une liste"
    text = str(value)
    return f"« {text[:60]}{'…' if len(text) > 60 else ''} »"


def _pattern_hint(key: str, loc: tuple[Any, ...]) -> str:
    if key == "id":
        if "etapes" in loc:
            return "Une étape a un identifiant E<phase>-<numéro à deux chiffres>, ex. E3-04."
        if "competences" in loc:
            return "Une compétence a un identifiant C<phase>-<numéro à deux chiffres>, ex. C2-07."
        if "competences_ajoutees" in loc:
            return "Une compétence ajoutée a un identifiant C<phase>-T<numéro>, ex. C2-T01 ; vous pouvez aussi l’omettre."
        if "elements" in loc:
            return "Un élément du résumé a un identifiant <groupe>-<numéro>, ex. R-REL-03."
        return "Un groupe du résumé a un identifiant R-<LETTRES>, ex. R-REL."
    if key == "version":
        return "La version s’écrit avec des chiffres, des lettres, des points ou des tirets, ex. 1.0."
    return "Vérifiez la valeur."


# ---------------------------------------------------------------- cross-item rules


def _check_referentiel(ref: Referentiel, doc: SourceDocument) -> Iterable[Problem]:
    # Phase numbers: 1, 2, 3… with no gap and no duplicate.
    seen_numbers: dict[int, int] = {}
    for i, phase in enumerate(ref.phases):
        if phase.numero in seen_numbers:
            yield Problem(
                doc.locate(("phases", i, "numero")),
                f"le numéro de phase {phase.numero} est utilisé deux fois.",
                "Chaque phase a son propre numéro : 1, 2, 3…",
            )
        seen_numbers.setdefault(phase.numero, i)
    expected = set(range(1, len(seen_numbers) + 1))
    missing = sorted(expected - set(seen_numbers))
    if missing:
        extra = sorted(set(seen_numbers) - expected)
        i = seen_numbers[extra[0]] if extra else 0
        yield Problem(
            doc.locate(("phases", i, "numero")),
            f"les numéros de phase doivent se suivre à partir de 1 : il manque la phase {', '.join(map(str, missing))}.",
            "Renumérotez les phases 1, 2, 3… sans trou.",
        )

    # Ids: unique across the whole referential, matching their phase or group.
    first_seen: dict[str, PathKey] = {}
    retired = set(ref.ids_retires)

    def check_id(ident: str, path: PathKey, prefix: str) -> Iterable[Problem]:
        if ident in first_seen:
            line = doc.locate(first_seen[ident]).ligne
            yield Problem(
                doc.locate(path),
                f"l’identifiant « {ident} » est déjà utilisé (ligne {line}).",
                "Donnez à cet élément le numéro suivant le plus grand déjà utilisé ; un identifiant n’est jamais réutilisé.",
            )
        else:
            first_seen[ident] = path
        if not ident.startswith(prefix):
            yield Problem(
                doc.locate(path),
                f"l’identifiant « {ident} » ne correspond pas à sa place (il devrait commencer par « {prefix} »).",
                "Les identifiants portent le numéro de leur phase ou le code de leur groupe.",
            )
        if ident in retired:
            yield Problem(
                doc.locate(path),
                f"l’identifiant « {ident} » a été retiré (ids_retires) et ne peut pas être réutilisé.",
                "Donnez à cet élément un numéro jamais utilisé.",
            )

    numbering_ok = not missing and len(seen_numbers) == len(ref.phases)
    for i, phase in enumerate(ref.phases):
        if not numbering_ok:
            # Ids follow phase numbers: fix the numbering first, then the ids are checked.
            continue
        for j, etape in enumerate(phase.etapes):
            yield from check_id(etape.id, ("phases", i, "etapes", j, "id"), f"E{phase.numero}-")
        for j, comp in enumerate(phase.competences):
            yield from check_id(comp.id, ("phases", i, "competences", j, "id"), f"C{phase.numero}-")
    for i, groupe in enumerate(ref.resume):
        yield from check_id(groupe.id, ("resume", i, "id"), "R-")
        for j, element in enumerate(groupe.elements):
            yield from check_id(element.id, ("resume", i, "elements", j, "id"), f"{groupe.id}-")


def _check_atelier(atelier: Atelier, ref: Referentiel, doc: SourceDocument) -> Iterable[Problem]:
    if atelier.referentiel is not None and not (Path(doc.fichier).parent / atelier.referentiel).is_file():
        yield Problem(
            doc.locate(("referentiel",)),
            f"le référentiel « {atelier.referentiel} » est introuvable.",
            "Le chemin est relatif au dossier du fichier d’atelier ; vérifiez le nom, ou supprimez la ligne pour utiliser le référentiel fourni avec ateliers.",
        )
    numbers = [p.numero for p in ref.phases]
    known = ", ".join(map(str, numbers))
    if atelier.phases_retenues is not None:
        if not atelier.phases_retenues:
            yield Problem(
                doc.locate(("phases_retenues",)),
                "la liste des phases retenues est vide.",
                f"Indiquez au moins une phase parmi {known}, ou supprimez la clé pour les garder toutes.",
            )
        seen: set[int] = set()
        for i, n in enumerate(atelier.phases_retenues):
            if n not in numbers:
                yield Problem(
                    doc.locate(("phases_retenues", i)),
                    f"la phase {n} n’existe pas dans le référentiel.",
                    f"Phases disponibles : {known}.",
                )
            if n in seen:
                yield Problem(doc.locate(("phases_retenues", i)), f"la phase {n} est citée deux fois.")
            seen.add(n)

    names: dict[str, int] = {}
    for i, acteur in enumerate(atelier.acteurs):
        folded = acteur.nom.casefold()
        if folded in names:
            line = doc.locate(("acteurs", names[folded], "nom")).ligne
            yield Problem(
                doc.locate(("acteurs", i, "nom")),
                f"l’acteur « {acteur.nom} » est déjà décrit (ligne {line}).",
                "Gardez une seule fiche par acteur.",
            )
        names.setdefault(folded, i)

    ref_ids = {c.id for c in ref.competences}
    explicit: dict[str, int] = {}
    for i, ajout in enumerate(atelier.competences_ajoutees):
        if ajout.phase not in numbers:
            yield Problem(
                doc.locate(("competences_ajoutees", i, "phase")),
                f"la phase {ajout.phase} n’existe pas dans le référentiel.",
                f"Phases disponibles : {known}.",
            )
        if ajout.id is None:
            continue
        if not ajout.id.startswith(f"C{ajout.phase}-T"):
            yield Problem(
                doc.locate(("competences_ajoutees", i, "id")),
                f"l’identifiant « {ajout.id} » ne correspond pas à la phase {ajout.phase}.",
                f"Écrivez C{ajout.phase}-T01, C{ajout.phase}-T02…, ou supprimez l’identifiant.",
            )
        if ajout.id in explicit or ajout.id in ref_ids:
            yield Problem(
                doc.locate(("competences_ajoutees", i, "id")),
                f"l’identifiant « {ajout.id} » est déjà utilisé.",
                "Chaque compétence ajoutée a son propre identifiant.",
            )
        explicit.setdefault(ajout.id, i)

    if atelier.logo is not None:
        yield from _check_logo(doc.fichier.parent / atelier.logo, doc)


_IMAGE_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


def _check_logo(path: Path, doc: SourceDocument) -> Iterable[Problem]:
    where = doc.locate(("logo",))
    if not path.exists():
        yield Problem(where, f"le logo « {path} » est introuvable.", "Le chemin se lit depuis le dossier du fichier d’atelier.")
        return
    if not path.is_file():
        yield Problem(where, f"le logo « {path} » n’est pas un fichier.", "Indiquez une image PNG, JPEG ou SVG.")
        return
    try:
        with path.open("rb") as handle:
            head = handle.read(512)
    except OSError:
        yield Problem(where, f"le logo « {path} » ne peut pas être lu.", "Vérifiez ses droits.")
        return
    is_svg = b"<svg" in head.lower() or (head.lstrip().startswith(b"<?xml") and path.suffix.lower() == ".svg")
    if not head.startswith(_IMAGE_SIGNATURES) and not is_svg:
        yield Problem(where, f"le logo « {path.name} » n’est pas une image PNG, JPEG ou SVG.", "Exportez le logo en PNG.")
