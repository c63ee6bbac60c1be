"""Run the app with waitress (never Flask's development server) until Ctrl-C."""

from __future__ import annotations

import logging
import socket
import threading
import webbrowser
from pathlib import Path

from ..errors import EnvironmentProblem, InputError

LOCAL = {"127.0.0.1", "localhost", "::1"}
PORT_TRIES = 20
THREADS = 8  # pages keep answering while builds run (they run in other processes)


def read_password(password: str | None, password_file: Path | None) -> str | None:
    """The password given on the command line or in a file (first line)."""
    if password_file is not None:
        try:
            text = password_file.read_text(encoding="utf-8-sig")
        except OSError as exc:
            raise InputError(
                f"Le fichier de mot de passe « {password_file} » ne peut pas être lu ({exc.strerror or exc}).",
                conseil="Vérifiez son chemin : il contient le mot de passe sur sa première ligne.",
            ) from None
        password = text.splitlines()[0].strip() if text.strip() else ""
    if password is not None and len(password) < 8:
        raise InputError("Le mot de passe est trop court (8 caractères au moins).", conseil="Choisissez un mot de passe plus long.")
    return password


def _warm(app) -> None:
    """Read the referential before the first page asks for it (the first page then answers at once)."""
    from ..errors import AteliersError

    try:
        app.extensions["ateliers"].referentiel()
    except AteliersError:
        pass  # the pages say what is wrong with it


def run(
    workspace: Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    password: str | None = None,
    open_browser: bool = True,
    echo=print,
    referentiel: Path | None = None,
) -> None:
    from waitress import create_server

    from . import create_app

    workspace = Path(workspace)
    if not workspace.is_dir():
        raise InputError(f"Le dossier « {workspace} » n’existe pas.", conseil="Indiquez le dossier de vos ateliers, ou créez-le d’abord.")
    shared = host not in LOCAL
    if shared and not password:
        raise InputError(
            f"Partager l’application sur le réseau (--hote {host}) demande un mot de passe : le serveur n’a pas démarré.",
            conseil="Ajoutez --mot-de-passe-fichier FICHIER (le mot de passe sur la première ligne), ou gardez l’adresse 127.0.0.1.",
        )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = None
    for candidate in range(port, port + PORT_TRIES):
        app = create_app(workspace, password=password, any_host=shared, port=candidate, referentiel=referentiel)
        try:
            server = create_server(app, host=host, port=candidate, threads=THREADS, ident="ateliers")
        except OSError:
            continue
        port = candidate
        break
    if server is None:
        raise EnvironmentProblem(
            f"Aucun port libre entre {port} et {port + PORT_TRIES - 1}.",
            conseil="Fermez une autre application ateliers web, ou choisissez un autre port avec --port.",
        )
    try:
        _warm(app)
        shown = socket.gethostname() if shared else ("127.0.0.1" if host != "::1" else "[::1]")
        url = f"http://{shown}:{port}/"
        echo(f"ateliers web sert le dossier « {workspace.resolve()} » à l’adresse\u00a0: {url}")
        if shared:
            echo("Partagé sur le réseau : chaque personne se connecte avec le mot de passe.")
        echo("Pour arrêter\u00a0: Ctrl-C dans cette fenêtre.")
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(f"http://127.0.0.1:{port}/" if shared else url,)).start()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        echo("Arrêt du serveur…")
        app.extensions["ateliers"].builds.shutdown()
        server.close()


def serve(
    workspace: Path,
    host: str = "127.0.0.1",
    port: int = 8765,
    password: str | None = None,
    password_file: Path | None = None,
    open_browser: bool = True,
    echo=print,
    referentiel: Path | None = None,
) -> None:
    """Run the app with waitress until Ctrl-C (the CLI's ``ateliers web``).

    ``password`` or ``password_file`` (its first line): needed to share on a network."""
    run(workspace, host=host, port=port, password=read_password(password, password_file), open_browser=open_browser, echo=echo, referentiel=referentiel)
