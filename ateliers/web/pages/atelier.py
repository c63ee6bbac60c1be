"""L'atelier: a form for every field of the workshop file.

Saving validates with the rules and messages of ``ateliers valider`` (shown
beside their field), refuses to overwrite a file changed since the form was
opened, keeps the previous version, and writes the commented format of
``ateliers nouveau``. An invalid form comes back as it was typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from flask import Blueprint, abort, redirect, render_template, request, url_for

from ...errors import AteliersError, ValidationFailed
from ... import api
from ..services import services
from ..uploads import UploadRefused, save_logo
from ..workspace import Workshop

bp = Blueprint("atelier", __name__)

BLANK_ACTEURS = 3
BLANK_AJOUTS = 2
BLANK_ANIMATION = 1
_ROW = re.compile(r"^(acteurs|competences_ajoutees)-(\d{1,3})-(nom|type|contact|phase|texte|id)$")


@dataclass
class Messages:
    """Errors and warnings by form field (« acteurs-1-nom »), and those that belong to no field."""

    errors: dict[str, list[str]] = field(default_factory=dict)
    warnings: dict[str, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)
    general_warnings: list[str] = field(default_factory=list)

    def add_problems(self, problems) -> None:
        for p in problems:
            text = p.message + (f" {p.conseil}" if p.conseil else "")
            key = api.field_key(p.location.chemin)
            if key is None:
                self.general.append(text)
            else:
                self.errors.setdefault(key, []).append(text)

    def add_warnings(self, warnings, values: api.WorkshopValues) -> None:
        """A warning names a key (« acteurs › nom ») and the value: the value finds the row."""
        shown = values.compact()
        for w in warnings:
            key = _warning_field(w.champ, w.valeur, shown)
            text = w.message
            if key is None:
                self.general_warnings.append(text)
            else:
                self.warnings.setdefault(key, []).append(text)

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.errors.values()) + len(self.general)


def _warning_field(champ: str, valeur: str, values: api.WorkshopValues) -> str | None:
    parts = champ.split(" › ")
    if parts[0] == "animation":
        rows = [a.strip() for a in values.animation]
        return f"animation-{rows.index(valeur)}" if valeur in rows else None
    if parts[0] == "acteurs":
        rows = [a.nom.strip() for a in values.acteurs]
        return f"acteurs-{rows.index(valeur)}-nom" if valeur in rows else None
    return api.field_key(champ)


def _workshop(name: str) -> Workshop:
    workshop = services().workspace.workshop(name)
    if workshop is None:
        abort(404)
    return workshop


def workshop_context(name: str):
    """(workshop, its validated file or None when it does not validate, its kit folder or None),
    for the pages that work on a workshop's kit and results."""
    s = services()
    workshop = _workshop(name)
    try:
        atelier = s.atelier(workshop)
    except ValidationFailed:
        return workshop, None, None
    return workshop, atelier, s.workspace.output_folder(atelier.territoire)


def values_from_form(form, phases: list[int]) -> api.WorkshopValues:
    """The posted form → values, exactly as typed (nothing dropped but wholly blank rows)."""
    values = api.WorkshopValues(
        territoire=form.get("territoire", ""),
        structure_porteuse=form.get("structure_porteuse", ""),
        date=form.get("date", ""),
        heure_debut=form.get("heure_debut", ""),
        lieu=form.get("lieu", ""),
        animation=form.getlist("animation"),
        nombre_participants=form.get("nombre_participants", ""),
        nombre_sous_groupes=form.get("nombre_sous_groupes", ""),
        inscription=form.get("inscription", ""),
        logo=form.get("logo", ""),
    )
    checked = form.getlist("phases_retenues")
    # Every phase checked in a file that had no such key: keep it without (same meaning, same file).
    if form.get("phases_cle") == "absente" and sorted(checked) == sorted(str(n) for n in phases):
        values.phases_retenues = None
    else:
        values.phases_retenues = checked
    rows: dict[str, dict[int, dict[str, str]]] = {"acteurs": {}, "competences_ajoutees": {}}
    for key in form:
        match = _ROW.match(key)
        if match:
            rows[match.group(1)].setdefault(int(match.group(2)), {})[match.group(3)] = form.get(key, "")
    values.acteurs = [api.ActeurValues(r.get("nom", ""), r.get("type", ""), r.get("contact", "")) for _, r in sorted(rows["acteurs"].items())]
    values.competences_ajoutees = [
        api.AjoutValues(r.get("phase", ""), r.get("texte", ""), r.get("id", "")) for _, r in sorted(rows["competences_ajoutees"].items())
    ]
    return values


def _render(workshop: Workshop, values: api.WorkshopValues, digest: str, messages: Messages, status: int = 200, **extra):
    s = services()
    ref = s.referentiel()
    shown = values.compact()
    context = dict(
        workshop=workshop,
        v=shown,
        empreinte=digest,
        m=messages,
        phases=ref.phases,
        types=[t.value for t in api.TypeActeur],
        blank_acteurs=BLANK_ACTEURS,
        blank_ajouts=BLANK_AJOUTS,
        blank_animation=BLANK_ANIMATION,
        phases_cle="absente" if shown.phases_retenues is None else "presente",
        checked=[str(p.numero) for p in ref.phases] if shown.phases_retenues is None else [p.strip() for p in shown.phases_retenues],
        enregistre=False,
        nouveau=False,
        conflit=False,
        page="atelier",
    )
    context.update(extra)
    return render_template("atelier.html", **context), status


def _warnings(atelier, workshop: Workshop):
    try:
        source = workshop.fichier.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        source = None
    return api.workshop_warnings(atelier, source)


@bp.route("/atelier/<name>")
def edit(name: str):
    s = services()
    workshop = _workshop(name)
    messages = Messages()
    try:
        values, digest = api.read_values(workshop.fichier)
    except ValidationFailed as exc:  # not YAML at all: say where, the form cannot show it
        return render_template("illisible.html", workshop=workshop, probleme=exc, page="atelier"), 422
    if values.unknown:
        messages.general_warnings.append(
            "Ce fichier contient des clés que le formulaire ne connaît pas ("
            + ", ".join(f"« {k} »" for k in values.unknown)
            + ") : elles sont signalées ci-dessous et seront retirées au prochain enregistrement."
        )
    try:
        atelier = s.atelier(workshop)
        messages.add_warnings(_warnings(atelier, workshop), values)
    except ValidationFailed as exc:
        messages.add_problems(exc.problems)
    return _render(
        workshop, values, digest, messages,
        enregistre=request.args.get("enregistre") == "1",
        nouveau=request.args.get("nouveau") == "1",
    )


@bp.route("/atelier/<name>", methods=["POST"])
def save(name: str):
    s = services()
    workshop = _workshop(name)
    ref = s.referentiel()
    values = values_from_form(request.form, [p.numero for p in ref.phases])
    digest = request.form.get("empreinte", "")
    messages = Messages()
    upload = request.files.get("logo_fichier")
    if request.form.get("logo_retirer"):
        values.logo = ""
    elif upload is not None and upload.filename:
        try:
            values.logo = save_logo(s.workspace, workshop, upload)
        except UploadRefused as exc:
            messages.errors.setdefault("logo", []).append(exc.message)
            return _render(workshop, values, digest, messages, 422)
    try:
        api.save_values(values, workshop.fichier, s.resources, ref, digest, overwrite_changes=bool(request.form.get("ecraser")))
    except ValidationFailed as exc:
        messages.add_problems(exc.problems)
        return _render(workshop, values, digest, messages, 422)
    except api.FileChanged as exc:
        messages.general.append(exc.message + " " + (exc.conseil or ""))
        return _render(workshop, values, digest, messages, 409, conflit=True)
    except AteliersError as exc:
        messages.general.append(exc.message + (f" {exc.conseil}" if exc.conseil else ""))
        return _render(workshop, values, digest, messages, 500)
    return redirect(url_for("atelier.edit", name=workshop.name, enregistre=1), code=303)
