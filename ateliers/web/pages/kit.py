"""Le kit: « Préparer le kit » with the card and poster options, progress while it
builds (in a worker process), then the contact sheet, every file and a ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, send_file, url_for

from ... import api
from ...errors import AteliersError, InputError
from ..paths import OUTSIDE, inside
from ..security import FILE_POLICY
from ..services import services
from .atelier import _workshop, workshop_context

bp = Blueprint("kit", __name__)

_FORMAT_NAMES = {"poker": "Poker", "tarot": "Tarot", "a7": "A7", "a6": "A6"}
CARD_FORMATS = [(key, f"{_FORMAT_NAMES.get(key, key)}, {w:g} × {h:g} mm") for key, (w, h) in api.CARD_FORMATS.items()]
PAPERS = [(key, {"a4": "A4", "letter": "Letter (États-Unis)"}.get(key, key.upper())) for key in api.PAPERS]
DUPLEX = [
    ("long", "Recto-verso, retournement sur le bord long"),
    ("court", "Recto-verso, retournement sur le bord court"),
    ("pliage", "Sans recto-verso : recto et verso côte à côte, à plier"),
    ("non", "Rectos seuls"),
]
POSTER_FORMATS = [(api.POSTER_AUTO, "Automatique : vue d’ensemble en A1 au-delà de 12 participants, sinon A3 ; annonce en A3")] + [
    (key, key.upper()) for key in api.POSTER_FORMATS
]
DEFAULTS = {"format": "poker", "papier": "a4", "recto_verso": "long", "decalage": "", "noir_et_blanc": "", "imprimeur": "", "traits": "", "format_affiches": api.POSTER_AUTO}


def kit_options(form):
    """The form's options → the library's KitOptions (checked there, with their French messages)."""
    chosen = {key: form.get(key, default) for key, default in DEFAULTS.items()}
    kit = api.kit_options(
        format=chosen["format"], papier=chosen["papier"], recto_verso=chosen["recto_verso"], decalage=chosen["decalage"].strip() or None,
        noir_et_blanc=bool(chosen["noir_et_blanc"]), imprimeur=bool(chosen["imprimeur"]), traits=bool(chosen["traits"]),
        format_affiches=chosen["format_affiches"],
    )  # fmt: skip
    return kit, chosen


def _files(folder: Path) -> list[api.KitFile]:
    return api.kit_files(folder)


@bp.route("/atelier/<name>/kit")
def page(name: str):
    workshop, atelier, folder = workshop_context(name)
    job = services().builds.get(f"kit:{workshop.name}")
    files = _files(folder) if folder is not None else []
    return render_template(
        "kit.html",
        workshop=workshop,
        atelier=atelier,
        job=job,
        fichiers=files,
        index=folder is not None and (folder / "index.html").is_file(),
        choix=dict(services().kit_choices.get(workshop.name, DEFAULTS)),
        formats=CARD_FORMATS,
        papiers=PAPERS,
        modes=DUPLEX,
        affiches=POSTER_FORMATS,
        erreur=None,
        deja=request.args.get("deja") == "1",
        page="kit",
    )


@bp.route("/atelier/<name>/kit", methods=["POST"])
def build(name: str):
    s = services()
    workshop, atelier, folder = workshop_context(name)
    if atelier is None:
        return redirect(url_for("atelier.edit", name=workshop.name), code=303)
    try:
        kit, chosen = kit_options(request.form)
        if atelier.logo is not None and not inside(s.workspace, Path(atelier.logo)):
            raise InputError(OUTSIDE, conseil="Changez le logo dans la page de l’atelier.")  # the app reads nothing outside its workspace
    except AteliersError as exc:
        job = s.builds.get(f"kit:{workshop.name}")
        return render_template(
            "kit.html", workshop=workshop, atelier=atelier, job=job, fichiers=_files(folder),
            index=(folder / "index.html").is_file(), choix={**DEFAULTS, **{k: request.form.get(k, v) for k, v in DEFAULTS.items()}},
            formats=CARD_FORMATS, papiers=PAPERS, modes=DUPLEX, affiches=POSTER_FORMATS,
            erreur=exc.message + (f" {exc.conseil}" if exc.conseil else ""), deja=False, page="kit",
        ), 422
    kwargs = {
        "referentiel": s.referentiel_path_of(workshop),
        "atelier": str(workshop.fichier),
        "espace": str(s.workspace.root),
        "sortie": str(folder),
        "options": kit,
        "force": bool(request.form.get("force")),
    }
    job, started = s.builds.submit(f"kit:{workshop.name}", "kit", kwargs)
    if started:
        s.kit_options[workshop.name] = kit
        s.kit_choices[workshop.name] = chosen
    if request.headers.get("Accept", "").startswith("application/json"):
        return jsonify(job.as_json() | {"nouveau": started}), 202
    return redirect(url_for("kit.page", name=workshop.name, deja=None if started else 1), code=303)


@bp.route("/atelier/<name>/kit/etat")
def status(name: str):
    workshop = _workshop(name)
    job = services().builds.get(f"kit:{workshop.name}")
    return jsonify(job.as_json() if job else {"etat": "aucun", "actif": False})


def _allowed(folder: Path) -> set[str]:
    return api.downloadable_files(folder)


@bp.route("/atelier/<name>/kit/fichiers/<path:fichier>")
def download(name: str, fichier: str):
    s = services()
    workshop, atelier, folder = workshop_context(name)
    if folder is None or fichier not in _allowed(folder):
        abort(404)
    path = s.workspace.inside(folder / fichier)
    if not path.is_file():
        abort(404)
    response = send_file(path, as_attachment=request.args.get("telecharger") == "1", max_age=0)
    response.headers["Content-Security-Policy"] = FILE_POLICY
    return response


@bp.route("/atelier/<name>/kit.zip")
def archive(name: str):
    s = services()
    workshop, atelier, folder = workshop_context(name)
    if folder is None:
        abort(404)
    names = sorted(n for n in _allowed(folder) if (folder / n).is_file())
    if not any(n.endswith(".pdf") for n in names):
        abort(404)
    buffer = io.BytesIO()
    root = folder.name
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for n in names:
            zf.write(s.workspace.inside(folder / n), f"{root}/{n}")
    response = Response(buffer.getvalue(), mimetype="application/zip")
    response.headers["Content-Disposition"] = f'attachment; filename="kit-{root}.zip"'
    return response
