"""Paths the app accepts from a form: confined to the workspace.

The app reads no file outside its workspace: a path typed or posted (the workshop's logo)
is relative, has no « .. », and still lies inside the workspace once links are followed.
"""

from __future__ import annotations

import re
from pathlib import Path

from .uploads import UploadRefused
from .workspace import Workspace

IMAGES = (".png", ".jpg", ".jpeg", ".svg")
OUTSIDE = "Le logo doit être une image de l’espace de travail : envoyez-la avec le bouton ci-dessous, ou choisissez-en une dans la liste."


def inside(space: Workspace, path: Path) -> bool:
    try:
        space.inside(path)
    except (PermissionError, OSError, RuntimeError, ValueError):
        return False
    return True


def confined(space: Workspace, text: str) -> str:
    """``text`` as a path relative to the workspace, or UploadRefused (absolute, « .. », a link that leaves)."""
    text = (text or "").strip()
    if not text:
        return ""
    parts = re.split(r"[\\/]+", text)
    if "://" in text or text.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", text) or ".." in parts or "\x00" in text:
        raise UploadRefused(OUTSIDE)
    if not inside(space, space.root / text):
        raise UploadRefused(OUTSIDE)
    return text


def images(space: Workspace) -> list[str]:
    """The images at the top of the workspace (a logo to choose), links leaving it excluded."""
    found = []
    try:
        entries = sorted(space.root.iterdir())
    except OSError:
        return []
    for path in entries:
        if path.suffix.lower() in IMAGES and not path.name.startswith(".") and inside(space, path) and path.is_file():
            found.append(path.name)
    return found
