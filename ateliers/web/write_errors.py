"""A write that fails in the app (read-only workspace, no rights, disk full): a French page,
status 503, no system text in English, advice for the app's user (no command-line option)."""

from __future__ import annotations

import errno

from .. import api
from ..errors import EnvironmentProblem

STATUS = 503
RIGHTS = (
    "L’espace de travail n’accepte pas l’écriture (disque en lecture seule, ou dossier protégé) : rien n’a été modifié. "
    "Demandez à la personne qui a lancé l’application de rendre le dossier modifiable, puis recommencez."
)
FULL = "Le disque de l’ordinateur qui fait tourner l’application est plein : rien n’a été modifié. Libérez de la place, puis recommencez."
OTHER = "Rien n’a été modifié. Vérifiez le disque de l’espace de travail, puis recommencez ; si cela recommence, transmettez ce message à l’équipe ateliers."


def advice(code: int | None) -> str:
    if code in (errno.ENOSPC, errno.EDQUOT):
        return FULL
    if code in (errno.EROFS, errno.EACCES, errno.EPERM):
        return RIGHTS
    return OTHER


def for_app(exc: EnvironmentProblem | OSError) -> tuple[str, str]:
    """(message, advice) to show in the browser."""
    if isinstance(exc, OSError):
        filename = getattr(exc, "filename", None)
        if filename:
            from pathlib import Path

            exc = api.describe_os_error(exc, Path(str(filename)))
        else:
            return f"L’enregistrement a échoué ({api.os_error_reason(exc)}).", advice(exc.errno)
    return exc.message, advice(getattr(exc, "errno", None))

