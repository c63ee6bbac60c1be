"""Accueil: the workshops of the workspace with their state, and « Nouvel atelier »."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, redirect, render_template, request, url_for

from ...errors import AteliersError, ValidationFailed
from ... import api
from ..services import kit_state, services
from ..status import state

bp = Blueprint("accueil", __name__)


def _referentiels():
    """The referentials a new workshop can use: the embedded one, then the workspace's files
    (name, title or None when it does not validate, and what is wrong with it)."""
    from ... import api

    s = services()
    choices = []
    for path in s.workspace.referentiels():
        try:
            ref = api.load_referentiel(path)
            choices.append((path.name, f"{ref.titre} (version {ref.version})", None))
        except AteliersError as exc:
            choices.append((path.name, None, exc.message))
    return choices


def _page(status: int = 200, **context):
    s = services()
    values = dict(lignes=_rows(), erreur=None, territoire="", dossier=_shown(s.workspace.root), referentiels=_referentiels(),
                  referentiel_choisi="", defaut=_default_title(), erreur_import=None, problemes_import=[], importe=None)
    values.update(context)
    return render_template("accueil.html", **values), status


def _default_title() -> str:
    s = services()
    origin = "Celui de l’application" if s.referentiel_path else "Fourni avec ateliers"
    try:
        ref = s.referentiel()
        return f"{origin}\u00a0: {ref.titre} (version {ref.version})"
    except AteliersError:
        return origin


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
        rows.append((workshop, state(s.workspace, workshop, atelier, current), atelier, error, _referentiel_of(workshop)))
    return rows


def _referentiel_of(workshop) -> str:
    """The title of the referential a workshop uses, or what is wrong with it."""
    try:
        ref = services().referentiel(workshop)
    except AteliersError as exc:
        return exc.message
    return f"{ref.titre} (version {ref.version})"


def _shown(folder: Path) -> str:
    """The workspace as a person knows it: « ~/Documents/Ateliers » under the home folder."""
    try:
        return "~/" + folder.relative_to(Path.home()).as_posix()
    except ValueError:
        return str(folder)


@bp.route("/")
def index():
    importe = request.args.get("importe", "")
    path = services().workspace.referentiel(importe) if importe else None
    return _page(importe=path.name if path else None)


@bp.route("/nouveau", methods=["POST"])
def nouveau():
    s = services()
    territoire = request.form.get("territoire", "").strip()
    choisi = request.form.get("referentiel", "")
    try:
        if not territoire:
            raise AteliersError("Indiquez le nom du territoire.", conseil="Exemple : Communauté de communes du Haut-Vallon")
        # No choice: the app's referential (« ateliers web --referentiel »), named in the file so that
        # the commands use it too; without one, the embedded referential (no key).
        referentiel = s.workspace.referentiel(choisi) if choisi else s.referentiel_path
        if choisi and referentiel is None:
            raise AteliersError(f"Le référentiel « {choisi} » n’est plus dans le dossier.", conseil="Rechargez la page et choisissez-en un autre.")
        fichier = s.workspace.new_file(territoire)
        path = api.new_workshop(territoire, fichier, force=False, referentiel=referentiel)
    except AteliersError as exc:
        message = exc.message + (f" {exc.conseil}" if exc.conseil else "")
        return _page(400, erreur=message, territoire=territoire, referentiel_choisi=choisi)
    name = path.name.removeprefix("atelier-").removesuffix(".yaml")
    return redirect(url_for("atelier.edit", name=name, nouveau=1), code=303)


@bp.route("/referentiel/importer", methods=["POST"])
def importer():
    """A referential from an uploaded Word document or table, written beside the workshop files."""
    from ... import api
    from ..uploads import UploadRefused, save_referentiel_source

    s = services()
    try:
        source, sent = save_referentiel_source(s.workspace, request.files.get("document"))
    except UploadRefused as exc:
        return _page(400, erreur_import=exc.message)
    try:
        result = api.import_referentiel(source, s.workspace.new_referentiel_file(sent))
    except ValidationFailed as exc:
        problems = [str(p).replace(source.name, f"« {sent} »", 1) for p in exc.problems]
        return _page(422, erreur_import=f"« {sent} » n’a pas pu être importé : rien n’a été écrit.", problemes_import=problems)
    except AteliersError as exc:
        return _page(422, erreur_import=exc.message + (f" {exc.conseil}" if exc.conseil else ""))
    return redirect(url_for("accueil.index", importe=result.chemin.name) + "#referentiels", code=303)
