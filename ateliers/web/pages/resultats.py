"""Après l'atelier: results entered in a grid or filled worksheets uploaded, then the synthesis."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("resultats", __name__)


@bp.route("/atelier/<name>/resultats")
def page(name: str):
    from flask import render_template

    from .atelier import _workshop

    return render_template("erreur.html", titre="Après l’atelier", texte="Bientôt.", conseil=None, statut=200, workshop=_workshop(name), page="resultats")
