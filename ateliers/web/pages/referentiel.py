"""Le référentiel: the phases, their steps and competences, the summary, with their ids (read-only)."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from ... import api
from ..services import services

bp = Blueprint("referentiel", __name__)


@bp.route("/referentiel")
def index():
    """The app's referential, or (``?atelier=<name>``) the one a workshop uses, or (``?fichier=<name>``)
    a referential file of the workspace, looked up in the folder's listing."""
    s = services()
    workshop = None
    if request.args.get("atelier"):
        workshop = s.workspace.workshop(request.args["atelier"])
        if workshop is None:
            abort(404)
        ref = s.referentiel(workshop)
    elif request.args.get("fichier"):
        path = s.workspace.referentiel(request.args["fichier"])
        if path is None:
            abort(404)
        ref = api.load_referentiel(path)
    else:
        ref = s.referentiel()
    return render_template("referentiel.html", ref=ref, identite=api.theme.phase_identite, resume=api.theme.RESUME, workshop=workshop, page="referentiel")
