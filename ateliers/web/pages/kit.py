"""Le kit: « Préparer le kit » with the card and poster options, progress while it
builds (in a worker process), then the contact sheet, every file and a ZIP."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, send_file, url_for

from ... import manifest
from ...errors import AteliersError
from ...cartes.imposition import RectoVerso, parse_card_format, parse_offset
from ... import options
from ..security import FILE_POLICY
from ..services import services
from .atelier import _workshop, workshop_context

bp = Blueprint("kit", __name__)

_FORMAT_NAMES = {"poker": "Poker", "tarot": "Tarot", "a7": "A7", "a6": "A6"}
CARD_FORMATS = [(key, f"{_FORMAT_NAMES.get(key, key)}, {w:g} × {h:g} mm") for key, (w, h) in options.CARD_FORMATS.items()]
PAPERS = [(key, {"a4": "A4", "letter": "Letter (États-Unis)"}.get(key, key.upper())) for key in options.PAPERS]
DUPLEX = [
    ("long", "Recto-verso, retournement sur le bord long"),
    ("court", "Recto-verso, retournement sur le bord court"),
    ("pliage", "Sans recto-verso : recto et verso côte à côte, à plier"),
    ("non", "Rectos seuls"),
]
POSTER_FORMATS = [(options.POSTER_AUTO, "Automatique : vue d’ensemble en A1 au-delà de 12 participants, sinon A3 ; annonce en A3")] + [
    (key, key.upper()) for key in options.POSTER_FORMATS
]
DEFAULTS = {"format": "poker", "papier": "a4", "recto_verso": "long", "decalage": "", "noir_et_blanc": "", "imprimeur": "", "traits": "", "format_affiches": options.POSTER_AUTO}


def kit_options(form):
    """The form's options → KitOptions, with the CLI's parsers (and their French messages)."""
    from ... import api

    chosen = {key: form.get(key, default) for key, default in DEFAULTS.items()}
    if chosen["recto_verso"] not in {m.value for m in RectoVerso}:
        raise AteliersError(f"Mode recto-verso « {chosen['recto_verso']} » inconnu.", conseil="Choisissez dans la liste.")
    if chosen["papier"] not in options.PAPERS or chosen["format_affiches"] not in {key for key, _ in POSTER_FORMATS}:
        raise AteliersError("Option de papier ou de format d’affiche inconnue.", conseil="Choisissez dans la liste.")
    nb = bool(chosen["noir_et_blanc"])
    kit = api.KitOptions(
        api.CardOptions(
            format=parse_card_format(chosen["format"]),
            papier=chosen["papier"],
            recto_verso=RectoVerso(chosen["recto_verso"]),
            decalage=parse_offset(chosen["decalage"].strip() or None),
            noir_et_blanc=nb,
            imprimeur=bool(chosen["imprimeur"]),
            traits_complets=bool(chosen["traits"]),
        ),
        api.PosterOptions(format=chosen["format_affiches"], noir_et_blanc=nb),
    )
    return kit, chosen


def _print_sentence(settings: dict | None) -> str:
    """The manifest's print settings in words, by the output contract's own sentence."""
    from ...contract import Faces, PrintSettings, Stock

    if not settings:
        return ""
    try:
        return PrintSettings(settings["papier"], Stock(settings["type"]), Faces(settings["faces"]), settings.get("orientation") == "paysage", lieu=str(settings.get("lieu", ""))).sentence()
    except (KeyError, ValueError):
        return ""


def _files(folder: Path, atelier) -> list[dict]:
    """The kit's files from its manifest (the output contract's records): purpose, print settings, copies, previews."""
    data = manifest.load(folder)
    entries = [f for f in data.get("fichiers", []) if (folder / f.get("fichier", "")).is_file()]
    previews = [f["fichier"] for f in entries if f.get("type") == "apercu"]
    rows = []
    for f in entries:
        name = f["fichier"]
        if f.get("type") in ("apercu", "planche") or name.startswith("apercus/") or name == "index.html":
            continue
        stem = name.rsplit(".", 1)[0]
        rows.append({
            "fichier": name,
            "pages": f.get("pages", 0),
            "octets": f.get("octets", 0),
            "usage": f.get("description", ""),
            "impression": _print_sentence(f.get("impression")),
            "exemplaires": f.get("exemplaires"),
            "apercus": sorted(p for p in previews if p.startswith(f"apercus/{stem}-"))[:2],
            "synthese": f.get("type") == "synthese",
        })
    return [r for r in rows if not r["synthese"]]


@bp.route("/atelier/<name>/kit")
def page(name: str):
    workshop, atelier, folder = workshop_context(name)
    job = services().builds.get(f"kit:{workshop.name}")
    files = _files(folder, atelier) if folder is not None else []
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
    except AteliersError as exc:
        job = s.builds.get(f"kit:{workshop.name}")
        return render_template(
            "kit.html", workshop=workshop, atelier=atelier, job=job, fichiers=_files(folder, atelier),
            index=(folder / "index.html").is_file(), choix={**DEFAULTS, **{k: request.form.get(k, v) for k, v in DEFAULTS.items()}},
            formats=CARD_FORMATS, papiers=PAPERS, modes=DUPLEX, affiches=POSTER_FORMATS,
            erreur=exc.message + (f" {exc.conseil}" if exc.conseil else ""), deja=False, page="kit",
        ), 422
    kwargs = {
        "referentiel": s.referentiel_path,
        "atelier": str(workshop.fichier),
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
    names = {f.get("fichier", "") for f in manifest.load(folder).get("fichiers", [])}
    return {n for n in names if n} | {manifest.NAME}


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
