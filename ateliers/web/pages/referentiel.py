"""Le référentiel: the phases, their steps and competences, the summary, with their ids (read-only)."""

from __future__ import annotations

from flask import Blueprint, render_template

from ... import api
from ..services import services

bp = Blueprint("referentiel", __name__)


@bp.route("/referentiel")
def index():
    ref = services().referentiel()
    return render_template("referentiel.html", ref=ref, identite=api.theme.phase_identite, resume=api.theme.RESUME)
