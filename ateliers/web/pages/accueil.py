"""Accueil: the workshops of the workspace with their state, and « Nouvel atelier »."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, redirect, render_template, request, url_for

from ...errors import AteliersError, ValidationFailed
from ... import api
from ..services import kit_state, services
from ..status import state

bp = Blueprint("accueil", __name__)


def _rows():
    s = services()
    rows = []
    for workshop in s.workspace.workshops():
        try:
            atelier = s.atelier(workshop)
            error = None
        except ValidationFailed as exc:
            atelier, error = None, f"{api.plural(len(exc.problems), 'erreur')} à corriger"
        except AteliersError as exc:
            atelier, error = None, exc.message
        current = (lambda folder, w=workshop, a=atelier: kit_state(s, w, a, folder))
        rows.append((workshop, state(s.workspace, workshop, atelier, current), atelier, error))
    return rows


def _shown(folder: Path) -> str:
    """The workspace as a person knows it: « ~/Documents/Ateliers » under the home folder."""
    try:
        return "~/" + folder.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(folder)


@bp.route("/")
def index():
    return render_template("accueil.html", lignes=_rows(), erreur=None, territoire="", dossier=_shown(services().workspace.root))


@bp.route("/nouveau", methods=["POST"])
def nouveau():
    s = services()
    territoire = request.form.get("territoire", "").strip()
    try:
        if not territoire:
            raise AteliersError("Indiquez le nom du territoire.", conseil="Exemple : Communauté de communes du Haut-Vallon")
        fichier = s.workspace.new_file(territoire)
        path = api.new_workshop(territoire, fichier, force=False)
    except AteliersError as exc:
        message = exc.message + (f" {exc.conseil}" if exc.conseil else "")
        return render_template("accueil.html", lignes=_rows(), erreur=message, territoire=territoire, dossier=_shown(s.workspace.root)), 400
    name = path.name.removeprefix("atelier-").removesuffix(".yaml")
    return redirect(url_for("atelier.edit", name=name, nouveau=1), code=303)
