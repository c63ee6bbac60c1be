"""``ateliers web``: the whole workshop in a browser, for facilitators who never open a terminal.

A thin client of the library API (``ateliers.api``), like the CLI: pages
rendered on the server (they work without JavaScript), builds in worker
processes, every file in the workspace folder the CLI also uses.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

import jinja2
from flask import Flask

from .. import api
from ..errors import InputError
from . import security
from .workspace import Workspace

log = logging.getLogger("ateliers.web")

MAX_UPLOAD_BYTES = 25 * 1024 * 1024  # a request as a whole (several filled worksheets)


def create_app(
    workspace: Path | str,
    *,
    password: str | None = None,
    allowed_hosts: set[str] | None = None,
    any_host: bool = False,
    port: int = 8765,
    referentiel: Path | None = None,
    max_builds: int | None = None,
    secret_key: bytes | None = None,
) -> Flask:
    """The app for one workspace folder.

    ``allowed_hosts``: the Host headers answered (default: 127.0.0.1, localhost
    and [::1] with ``port``); ``any_host`` (shared on a network) answers every
    name and needs a password.
    ``password``: every page needs a login. ``max_builds``: builds at once
    (default: one per core).
    """
    from .builds import Builds
    from .services import Services

    resources = api.embedded()
    app = Flask(__name__, static_folder=None, template_folder=None)
    app.config.update(
        SECRET_KEY=secret_key or secrets.token_bytes(32),  # a new one per launch: no secret on disk
        MAX_CONTENT_LENGTH=MAX_UPLOAD_BYTES,
        MAX_FORM_MEMORY_SIZE=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_NAME="ateliers_session",
        PROPAGATE_EXCEPTIONS=False,
        TRAP_HTTP_EXCEPTIONS=False,
    )
    app.jinja_loader = jinja2.FileSystemLoader(resources.templates / "web")
    app.jinja_env.undefined = jinja2.StrictUndefined
    app.jinja_env.autoescape = True
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters["fr"] = api.typeset
    app.jinja_env.globals.update(
        theme_identite=api.theme.phase_identite,
        shape_svg=api.theme.shape_svg,
        connecte_requis=bool(password),
        workshop=None,
        page="",
    )

    space = Workspace(Path(workspace))
    if any_host and not password:
        raise InputError(
            "Partager l’application sur le réseau demande un mot de passe.",
            conseil="Ajoutez --mot-de-passe-fichier FICHIER (ou --mot-de-passe), ou gardez l’adresse 127.0.0.1.",
        )
    hosts = None if any_host else (allowed_hosts if allowed_hosts is not None else security.local_hosts(port))
    security.install(app, hosts, password)
    app.extensions["ateliers"] = Services(
        workspace=space,
        resources=resources,
        referentiel_path=referentiel,
        builds=Builds(max_parallel=max_builds or os.cpu_count() or 1),
    )

    from .pages import accueil, atelier, auth, errors, kit, referentiel as referentiel_page, resultats, static_files

    for module in (static_files, auth, accueil, atelier, kit, resultats, referentiel_page):
        app.register_blueprint(module.bp)
    errors.install(app)
    return app
