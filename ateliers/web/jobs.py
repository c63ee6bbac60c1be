"""What a worker process runs: one call of the library API, progress sent back through a pipe."""

from __future__ import annotations

import logging
import os
import traceback
from pathlib import Path
from typing import Any


def run(conn, kind: str, kwargs: dict[str, Any], cancel) -> None:
    logging.basicConfig(level=logging.WARNING)

    def progress(done: int, total: int, label: str) -> None:
        conn.send(("progres", int(done), int(total), str(label)))

    from ..errors import AteliersError, EnvironmentProblem
    from .write_errors import for_app

    try:
        if kwargs.get("espace"):  # this process's own: the workshop files are named from the workspace, as in the app
            os.chdir(kwargs["espace"])
        result = JOBS[kind](kwargs, progress, cancel)
        conn.send(("fini", result))
    except (EnvironmentProblem, OSError) as exc:  # a write refused: advice for the app, not the command
        conn.send(("erreur", *for_app(exc)))
    except AteliersError as exc:
        conn.send(("erreur", exc.message, exc.conseil))
    except KeyboardInterrupt:
        conn.send(("erreur", "Préparation annulée : les fichiers précédents sont intacts.", None))
    except BaseException:  # a bug: the details go to the server's log, the browser gets a French message
        traceback.print_exc()
        conn.send(("erreur", "Erreur interne inattendue pendant la préparation.",
                   "Les détails sont dans la fenêtre du serveur ; transmettez-les à l’équipe ateliers."))
    finally:
        conn.close()


def kit(kwargs: dict[str, Any], progress, cancel) -> dict[str, Any]:
    from .. import api

    report = api.kit(
        referentiel=kwargs.get("referentiel"),
        atelier=Path(kwargs["atelier"]),
        sortie=Path(kwargs["sortie"]),
        options=kwargs["options"],
        force=kwargs.get("force", False),
        progress=progress,
        cancel=cancel,
        workers=kwargs.get("workers", 1),  # the server says: more than one when this build runs alone
    )
    warnings = [w.message for w in getattr(report, "warnings", None) or []]
    return {"dossier": str(report.folder), "refait": bool(report.rebuilt), "fichiers": len(report.files), "avertissements": warnings}


def synthese(kwargs: dict[str, Any], progress, cancel) -> dict[str, Any]:
    from .. import api

    report = api.synthesis(
        atelier=Path(kwargs["atelier"]),
        fichiers=[Path(f) for f in kwargs["fichiers"]],
        referentiel=kwargs.get("referentiel"),
        sortie=Path(kwargs["sortie"]),
        avant=Path(kwargs["avant"]) if kwargs.get("avant") else None,
        force=kwargs.get("forcer", False),
        progress=progress,
    )
    summary = api.synthesis_summary(report)
    return {"dossier": str(report.folder), "resume": summary.resume, "changements": summary.changements}


JOBS = {"kit": kit, "synthese": synthese}
