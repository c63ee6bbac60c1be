"""Login, only when the app is shared on a network (a password was given)."""

from __future__ import annotations

import math
import time

from flask import Blueprint, current_app, redirect, render_template, request, session, url_for

from ... import api
from ..security import check_password, client_address, login_guard

bp = Blueprint("auth", __name__)

FAILED_LOGIN_PAUSE = 0.5  # seconds every failed attempt costs, on top of the growing wait


def _next(target: str | None) -> str:
    # Only a path of this app: never an address elsewhere (open redirect).
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("accueil.index")


@bp.route("/connexion", methods=["GET", "POST"])
def login():
    digest = current_app.config["ATELIERS_PASSWORD"]
    if not digest:
        return redirect(url_for("accueil.index"))
    target = request.values.get("suite")
    if request.method == "GET":
        return render_template("connexion.html", erreur=None, suite=target or "")
    guard, client = login_guard(), client_address()
    wait = guard.wait(client)
    if wait > 0:
        message = f"Trop d’essais : réessayez dans {api.plural(math.ceil(wait), 'seconde')}."
        return render_template("connexion.html", erreur=message, suite=target or ""), 429
    if not check_password(request.form.get("mot_de_passe", ""), digest):
        guard.failed(client)
        time.sleep(FAILED_LOGIN_PAUSE)
        return render_template("connexion.html", erreur="Mot de passe incorrect.", suite=target or ""), 401
    guard.succeeded(client)
    session.clear()  # a new session, and a new CSRF token, at login
    session["connecte"] = True
    return redirect(_next(target))


@bp.route("/deconnexion", methods=["POST"])
def logout():
    session.clear()
    return redirect(url_for("auth.login"))
