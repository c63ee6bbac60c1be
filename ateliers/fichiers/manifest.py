"""``manifest.json``: every file of the output folder, its pages and sha256, how it prints,
and every card's place.

Several commands write into the same folder: each replaces only the
entries of the files it wrote, so the manifest always describes the
folder as it is. Entries are made from the builders' records
(:class:`ateliers.contract.Output`), never by hand.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from .. import __version__
from .atomic import write_text
from ..contract import Kind, Output

NAME = "manifest.json"


def load(folder: Path) -> dict[str, Any]:
    path = folder / NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    except (OSError, ValueError):
        pass
    return {}


def render(
    outputs: Iterable[Output],
    previous: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    folder: Path | None = None,
    copies: dict[str, int] | None = None,
) -> str:
    """The manifest's text: ``previous`` entries of files not in ``outputs`` are kept when they
    are still in ``folder``; ``copies`` (from the workshop plan) adds each file's copy count."""
    outputs = list(outputs)
    previous = previous or {}
    # The files and the cards last, whatever the order of ``previous``.
    data = {k: v for k, v in previous.items() if k not in ("fichiers", "cartes")}
    written = {o.path for o in outputs}
    kept = [
        f
        for f in previous.get("fichiers", [])
        if f.get("fichier") not in written and folder is not None and (folder / f.get("fichier", "")).is_file()
    ]
    data["outil"] = f"ateliers {__version__}"
    if context:
        data.update(context)
    entries = []
    for output in outputs:
        entry = output.manifest_entry()
        if copies and output.path in copies:
            entry["exemplaires"] = copies[output.path]
        entries.append(entry)
    data["fichiers"] = sorted(kept + entries, key=lambda f: f["fichier"])
    new_cards = [card for o in outputs for card in o.cards]
    if new_cards or "cartes" in previous:
        data["cartes"] = [c for c in previous.get("cartes", []) if c.get("fichier") not in written] + new_cards
    return _text(data)


def _text(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write(folder: Path, data: dict[str, Any]) -> Path:
    """Write the manifest as given (a few keys changed, the files the same)."""
    path = folder / NAME
    write_text(path, _text(data))
    return path


def update(
    folder: Path,
    outputs: Iterable[Output],
    context: dict[str, Any] | None = None,
    replace: Collection[Kind] = (),
    copies: dict[str, int] | None = None,
) -> Path:
    """Record the files just written. ``replace``: the kinds of file these outputs are all of (a
    whole kit): earlier entries of those kinds are dropped; entries of other kinds (a synthesis
    written beside the kit) are kept while their file is there."""
    text = updated(folder, outputs, context, replace, copies)
    path = folder / NAME
    write_text(path, text)
    return path


def updated(
    folder: Path,
    outputs: Iterable[Output],
    context: dict[str, Any] | None = None,
    replace: Collection[Kind] = (),
    copies: dict[str, int] | None = None,
) -> str:
    """The text :func:`update` writes."""
    previous = load(folder)
    if replace:
        kinds = {kind.value for kind in replace}
        previous = {"fichiers": [f for f in previous.get("fichiers", []) if f.get("type") not in kinds]}
    return render(outputs, previous, context, folder, copies)


def entries_of(folder: Path, kinds: Collection[Kind]) -> list[str]:
    """The files the manifest records as of these kinds."""
    values = {kind.value for kind in kinds}
    return [f.get("fichier", "") for f in load(folder).get("fichiers", []) if f.get("type") in values]


def recorded_files(folder: Path) -> list[dict[str, Any]]:
    """The manifest's entries whose file is still in ``folder``."""
    return [f for f in load(folder).get("fichiers", []) if f.get("fichier") and (folder / f["fichier"]).is_file()]


def downloadable(folder: Path) -> set[str]:
    """The names a person may fetch from ``folder``: what the manifest records, and the manifest."""
    return {f.get("fichier", "") for f in load(folder).get("fichiers", []) if f.get("fichier")} | {NAME}
