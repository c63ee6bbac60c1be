"""Après l'atelier: the results typed in a grid (saved as a worksheet CSV) or filled
worksheets uploaded, then the synthesis (in a worker process) and its files."""

from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, redirect, render_template, request, send_file, url_for

from ... import api
from ...errors import AteliersError, EnvironmentProblem
from ..security import FILE_POLICY
from ..services import services
from ..status import results_files
from ..uploads import UploadRefused, save_sheets
from ..write_errors import STATUS, for_app
from .atelier import _workshop, workshop_context

bp = Blueprint("resultats", __name__)

SHEET_KINDS = {"docx", "xlsx", "ods", "csv"}
PREVIOUS = "synthese-precedente.csv"
# r-<competence>-commentaire, and r-<competence>-<line>-<field> for each actor line (1, 2, …).
_CELL = re.compile(r"^r-([A-Za-z0-9-]{1,20})-(?:(\d{1,3})-(qui|type|contact|statut)|(commentaire))$")
BLANK_LINES = 1  # empty actor lines after the filled ones (a page without script adds one more on each save)


def _context(name: str):
    """The workshop's context, with its referential view when the file validates."""
    workshop, atelier, folder = workshop_context(name)
    if atelier is None:
        return workshop, None, None, None
    return workshop, atelier, api.territory(services().referentiel(workshop), atelier), folder


def _day_of(path) -> str | None:
    import datetime as dt

    try:
        return dt.datetime.fromtimestamp(path.stat().st_mtime).strftime("%d/%m/%Y à %Hh%M")
    except OSError:
        return None


def _synthesis_files(folder) -> list[dict]:
    return api.synthesis_files(folder)


def _render(name: str, status: int = 200, message: str | None = None, erreur: str | None = None, grid: dict | None = None):
    s = services()
    workshop, atelier, vue, folder = _context(name)
    if atelier is None:
        return render_template("resultats.html", workshop=workshop, atelier=None, page="resultats"), 200
    results = s.workspace.results_folder(workshop)
    entry_path = results / api.ENTRY_FILE
    acteurs = [a.nom for a in atelier.acteurs]
    saved = grid if grid is not None else api.read_entry(entry_path, set(acteurs))
    files = [p for p in results_files(s.workspace, workshop) if p.name != PREVIOUS]
    job = s.builds.get(f"synthese:{workshop.name}")
    return render_template(
        "resultats.html",
        workshop=workshop,
        atelier=atelier,
        vue=vue,
        saisie=saved,
        empreinte=api.entry_hash(entry_path),
        acteurs=acteurs,
        vides=BLANK_LINES,
        types=[t.value for t in api.TypeActeur],
        statuts=api.STATUSES,
        fichiers=files,
        entry_file=api.ENTRY_FILE,
        precedente=(results / PREVIOUS).is_file(),
        actuelle=_day_of(folder / "synthese.csv"),
        job=job,
        synthese=_synthesis_files(folder),
        message=message,
        erreur=erreur,
        page="resultats",
    ), status


@bp.route("/atelier/<name>/resultats")
def page(name: str):
    return _render(name, message="Saisie enregistrée." if request.args.get("enregistre") == "1" else None)


def grid_from_form(form, vue) -> dict[str, api.EntryCompetence]:
    """The competences the form says something about, their actor lines in the form's order
    (empty lines dropped)."""
    texts = {c.id: c.texte for c in vue.competences}
    rows: dict[str, api.EntryCompetence] = {}
    lines: dict[str, dict[int, api.EntryActor]] = {}
    for key in form:
        match = _CELL.match(key)
        if not match or match.group(1) not in texts:
            continue  # only the competences of this workshop
        ident, number, column, comment = match.groups()
        row = rows.setdefault(ident, api.EntryCompetence(ident, texts[ident]))
        if comment:
            row.commentaire = form.get(key, "")
        else:
            setattr(lines.setdefault(ident, {}).setdefault(int(number), api.EntryActor()), column, form.get(key, ""))
    for ident, row in rows.items():
        row.acteurs = [a for _, a in sorted(lines.get(ident, {}).items()) if not a.blank()]
    return {ident: row for ident, row in rows.items() if not row.blank()}


@bp.route("/atelier/<name>/resultats/saisie", methods=["POST"])
def save_grid(name: str):
    s = services()
    workshop, atelier, vue, folder = _context(name)
    if atelier is None:
        abort(409)
    grid = grid_from_form(request.form, vue)
    ordered = [grid[c.id] for c in vue.competences if c.id in grid]
    path = s.workspace.inside(s.workspace.results_folder(workshop) / api.ENTRY_FILE)
    try:
        api.write_entry(path, ordered, request.form.get("empreinte", ""))
    except (EnvironmentProblem, OSError) as exc:  # the workspace refuses the write: the grid stays as typed
        return _render(name, STATUS, erreur=" ".join(for_app(exc)), grid=grid)
    except AteliersError as exc:
        return _render(name, 409, erreur=exc.message + (f" {exc.conseil}" if exc.conseil else ""), grid=grid)
    return redirect(url_for("resultats.page", name=workshop.name, enregistre=1) + "#saisie", code=303)


@bp.route("/atelier/<name>/resultats/fiches", methods=["POST"])
def upload(name: str):
    s = services()
    workshop = _workshop(name)
    try:
        saved = save_sheets(s.workspace, workshop, request.files.getlist("fiches"), SHEET_KINDS)
    except UploadRefused as exc:
        return _render(name, 422, erreur=exc.message)
    except (EnvironmentProblem, OSError) as exc:
        return _render(name, STATUS, erreur=" ".join(for_app(exc)))
    refused = _unreadable(s.workspace.results_folder(workshop), saved)
    if refused:  # a file the read-back refuses (absurd dimensions, damaged): said now, not kept
        return _render(name, 422, erreur=refused)
    names = ", ".join(f"« {f.sent_as} » (enregistrée sous {f.name})" for f in saved)
    return _render(name, message=f"Fiches reçues : {names}.")


def _unreadable(folder, saved) -> str | None:
    """Read each sheet just saved (bounded: seconds at most); remove them all if one is refused."""
    from ...errors import InputError

    for sheet in saved:
        try:
            api.open_tables(folder / sheet.name)
        except InputError as exc:
            for other in saved:
                (folder / other.name).unlink(missing_ok=True)
            message = exc.message.replace(f"« {sheet.name} »", f"« {sheet.sent_as} »")
            return message + (f" {exc.conseil}" if exc.conseil else "")
    return None


@bp.route("/atelier/<name>/resultats/precedente", methods=["POST"])
def previous(name: str):
    s = services()
    workshop = _workshop(name)
    upload = request.files.get("precedente")
    if upload is None or not upload.filename:
        return _render(name, 422, erreur="Aucun fichier choisi.")
    from ..uploads import MAX_SHEET_BYTES, sheet_kind

    data = upload.stream.read(MAX_SHEET_BYTES + 1)
    if len(data) > MAX_SHEET_BYTES or sheet_kind(data) != "csv":
        return _render(name, 422, erreur="La synthèse précédente doit être le fichier synthese.csv d’une session précédente.")
    api.write_bytes(s.workspace.inside(s.workspace.results_folder(workshop) / PREVIOUS), data)
    return _render(name, message="Synthèse précédente reçue : la prochaine synthèse dira ce qui a changé.")


@bp.route("/atelier/<name>/resultats/retirer", methods=["POST"])
def remove(name: str):
    s = services()
    workshop = _workshop(name)
    wanted = request.form.get("fichier", "")
    for path in results_files(s.workspace, workshop):  # a name of the listing, never a path from the browser
        if path.name == wanted:
            path.unlink()
            return _render(name, message=f"« {wanted} » retiré.")
    abort(404)


@bp.route("/atelier/<name>/synthese", methods=["POST"])
def synthesise(name: str):
    s = services()
    workshop, atelier, vue, folder = _context(name)
    if atelier is None:
        abort(409)
    results = s.workspace.results_folder(workshop)
    files = [str(p) for p in results_files(s.workspace, workshop) if p.name != PREVIOUS]
    current = folder / "synthese.csv"
    if files and request.form.get("comparer_actuelle") and current.is_file():
        # The territory's synthesis as it is now becomes « before » (an earlier session).
        api.write_bytes(s.workspace.inside(results / PREVIOUS), current.read_bytes())
    if not files:
        return _render(name, 422, erreur="Aucun résultat à relire : saisissez-les dans la grille ou envoyez les fiches remplies.")
    kwargs = {
        "referentiel": s.referentiel_path_of(workshop),
        "atelier": str(workshop.fichier),
        "espace": str(s.workspace.root),
        "fichiers": files,
        "sortie": str(folder),
        "avant": str(results / PREVIOUS) if (results / PREVIOUS).is_file() else None,
        "forcer": bool(request.form.get("forcer")),
    }
    job, started = s.builds.submit(f"synthese:{workshop.name}", "synthese", kwargs)
    return redirect(url_for("resultats.page", name=workshop.name) + "#synthese", code=303)


@bp.route("/atelier/<name>/synthese/etat")
def status(name: str):
    workshop = _workshop(name)
    job = services().builds.get(f"synthese:{workshop.name}")
    return jsonify(job.as_json() if job else {"etat": "aucun", "actif": False})


@bp.route("/atelier/<name>/resultats/fichiers/<fichier>")
def result_file(name: str, fichier: str):
    s = services()
    workshop = _workshop(name)
    for path in results_files(s.workspace, workshop):
        if path.name == fichier:
            response = send_file(s.workspace.inside(path), as_attachment=True, max_age=0)
            response.headers["Content-Security-Policy"] = FILE_POLICY
            return response
    abort(404)
