"""Errors shown to users: one French message each, with where and what to do.

Two families, matching the CLI’s exit statuses: bad input (2) and a
problem with the environment (1): disk, permissions, missing tools.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """Where a problem sits in a user’s file (lines and columns from 1)."""

    fichier: Path | str
    ligne: int | None = None
    colonne: int | None = None
    chemin: str | None = None  # key path such as « phases → 2e phase → competences »

    def __str__(self) -> str:
        parts = [f"{Path(self.fichier).name if isinstance(self.fichier, Path) else self.fichier}"]
        if self.ligne is not None:
            parts.append(f"ligne {self.ligne}")
            if self.colonne is not None:
                parts.append(f"colonne {self.colonne}")
        text = ", ".join(parts)
        if self.chemin:
            text += f" ({self.chemin})"
        return text


@dataclass(frozen=True)
class Problem:
    """One problem found in a file."""

    location: Location
    message: str
    conseil: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}\u00a0: {self.message}"
        if self.conseil:
            text += f"\n    → {self.conseil}"
        return text


class AteliersError(Exception):
    """Base of every error the CLI turns into a message (never a traceback)."""

    exit_code = 1

    def __init__(self, message: str, conseil: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.conseil = conseil

    def __reduce__(self):
        # Errors cross process boundaries (parallel builds): keep the advice.
        return (_rebuild, (type(self), self.message, self.conseil, self.__dict__))

    def __str__(self) -> str:
        text = self.message
        if self.conseil:
            text += f"\n→ {self.conseil}"
        return text


def _rebuild(cls, message, conseil, state):
    error = AteliersError.__new__(cls)
    AteliersError.__init__(error, message, conseil)
    error.__dict__.update(state)
    return error


class InputError(AteliersError):
    """The user’s data is wrong: a file to fix. Exit status 2."""

    exit_code = 2


MAX_SHOWN = 10


class ValidationFailed(InputError):
    """One or more problems found while validating a file."""

    def __init__(self, fichier: Path | str, problems: list[Problem]) -> None:
        self.fichier = fichier
        self.problems = problems
        n = len(problems)
        name = str(fichier)
        head = (
            f"Le fichier « {name} » contient une erreur\u00a0:"
            if n == 1
            else f"Le fichier « {name} » contient {n} erreurs\u00a0:"
        )
        shown = problems[:MAX_SHOWN]
        body = "\n".join(f"  • {p}" for p in shown)
        if n > MAX_SHOWN:
            body += f"\n  … et {n - MAX_SHOWN} autres erreurs du même genre (corrigez d’abord celles-ci)."
        super().__init__(f"{head}\n{body}", conseil="Corrigez le fichier puis relancez la commande.")


class EnvironmentProblem(AteliersError):
    """Something outside the user’s data failed (disk, rights, tools). Exit status 1."""

    exit_code = 1
