"""The browser never sees a traceback: a French page, the details in the server's log."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from werkzeug.exceptions import HTTPException

from ...errors import AteliersError, EnvironmentProblem
from ..workspace import OutsideWorkspace
from ..write_errors import STATUS, for_app

log = logging.getLogger("ateliers.web")

MESSAGES = {
    400: ("Requête refusée", "La page a envoyé une demande incomplète ou trop ancienne. Rechargez la page puis recommencez."),
    403: ("Accès refusé", "Cette page n’est pas accessible."),
    404: ("Page introuvable", "Cette adresse ne correspond à aucune page ni à aucun fichier de l’espace de travail."),
    405: ("Action impossible", "Cette adresse ne s’utilise pas ainsi. Revenez à l’accueil."),
    409: ("Conflit", "Le fichier a changé entre-temps."),
    413: ("Envoi trop gros", "Les fichiers envoyés dépassent la taille permise (25 Mo en tout)."),
    421: ("Adresse non reconnue", "Ce serveur ne répond qu’à son adresse propre (par exemple http://127.0.0.1:8765/). Utilisez l’adresse affichée au démarrage."),
    429: ("Trop d’essais", "Patientez un peu avant de réessayer."),
    503: ("Enregistrement impossible", "L’espace de travail n’accepte pas l’écriture pour le moment."),
    500: ("Erreur interne", "Une erreur inattendue s’est produite. Les détails sont dans la fenêtre où le serveur a été lancé ; transmettez-les à l’équipe ateliers."),
}


def page(status: int, detail: str | None = None, conseil: str | None = None):
    title, text = MESSAGES.get(status, MESSAGES[500] if status >= 500 else MESSAGES[400])
    return render_template("erreur.html", titre=title, texte=detail or text, conseil=conseil, statut=status), status


def install(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        code = exc.code or 500
        if code == 400 and exc.description == "csrf":
            return page(400, "Le formulaire a expiré ou ne vient pas de cette application (jeton de sécurité absent ou périmé) : rien n’a été modifié.", "Rechargez la page puis recommencez.")
        return page(code)

    @app.errorhandler(AteliersError)
    def _ateliers(exc: AteliersError):
        log.warning("%s %s : %s", request.method, request.path, exc.message)
        if isinstance(exc, EnvironmentProblem):  # a write that failed: the app's own advice
            return page(STATUS, *for_app(exc))
        return page(400, exc.message, exc.conseil)

    @app.errorhandler(OutsideWorkspace)
    def _outside(exc: OutsideWorkspace):
        log.warning("%s %s : refusé (%s)", request.method, request.path, exc)
        return page(403, "Ce fichier est hors de l’espace de travail : il n’est ni lu ni modifié.")

    @app.errorhandler(OSError)
    def _system(exc: OSError):
        log.warning("%s %s : %r", request.method, request.path, exc)
        return page(STATUS, *for_app(exc))

    @app.errorhandler(Exception)
    def _bug(exc: Exception):
        log.exception("Erreur interne sur %s %s", request.method, request.path)
        return page(500)
