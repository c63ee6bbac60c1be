"""Files sent by the browser: size and count bounded, type read from the content.

The name the browser gives is never used as a path: a saved file gets a
name chosen here (its extension from what the content really is), inside
the workspace.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from werkzeug.datastructures import FileStorage

from .. import api
from .workspace import Workshop, Workspace

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_SHEET_BYTES = 20 * 1024 * 1024
MAX_SHEETS = 20


class UploadRefused(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _read(upload: FileStorage, limit: int, what: str) -> bytes:
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise UploadRefused(f"{what} est trop gros ({limit // 1024 // 1024} Mo au plus).")
    if not data:
        raise UploadRefused(f"{what} est vide.")
    return data


def image_kind(data: bytes) -> str | None:
    """« png », « jpg » or « svg » from the bytes themselves, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg") or head.startswith(b"<!--")) and b"<svg" in data[:4096].lower():
        return "svg"
    return None


def save_logo(space: Workspace, workshop: Workshop, upload: FileStorage) -> str:
    """Save an uploaded logo beside the workshop file; returns its name for the file's « logo: »."""
    data = _read(upload, MAX_LOGO_BYTES, "Le logo")
    kind = image_kind(data)
    if kind is None:
        raise UploadRefused("Le fichier envoyé comme logo n’est pas une image PNG, JPEG ou SVG (d’après son contenu). Exportez le logo en PNG.")
    name = f"logo-{workshop.name}.{kind}"
    api.write_bytes(space.inside(space.root / name), data)
    return name


def sheet_kind(data: bytes) -> str | None:
    """« docx », « xlsx », « ods » or « csv » from the content, else None."""
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
        except (zipfile.BadZipFile, KeyError, OSError):
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        if mimetype == "application/vnd.oasis.opendocument.spreadsheet":
            return "ods"
        return None
    if b"\x00" in data[:8192]:
        return None
    try:
        data[:65536].decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            data[:65536].decode("cp1252")
        except UnicodeDecodeError:
            return None
    return "csv"


@dataclass(frozen=True)
class SavedSheet:
    name: str  # the name given here
    sent_as: str  # what the browser called it (shown, never used as a path)


def save_sheets(space: Workspace, workshop: Workshop, uploads: list[FileStorage], accepted: set[str]) -> list[SavedSheet]:
    """Check every file first, then save them all (fiche-01.docx, fiche-02.csv… after those already there)."""
    uploads = [u for u in uploads if u is not None and u.filename]
    if not uploads:
        raise UploadRefused("Aucun fichier choisi.")
    if len(uploads) > MAX_SHEETS:
        raise UploadRefused(f"Trop de fichiers à la fois ({len(uploads)} ; {MAX_SHEETS} au plus).")
    checked = []
    for upload in uploads:
        sent = _display_name(upload.filename)
        data = _read(upload, MAX_SHEET_BYTES, f"« {sent} »")
        kind = sheet_kind(data)
        if kind is None or kind not in accepted:
            formats = ", ".join(sorted(accepted))
            raise UploadRefused(f"« {sent} » n’est pas une fiche compétences lisible (formats acceptés : {formats}, d’après le contenu du fichier).")
        checked.append((sent, kind, data))
    folder = space.inside(space.results_folder(workshop))
    taken = {p.name for p in folder.iterdir()} if folder.is_dir() else set()
    saved = []
    n = 0
    for sent, kind, data in checked:
        while True:
            n += 1
            name = f"fiche-{n:02d}.{kind}"
            if not any(t.startswith(f"fiche-{n:02d}.") for t in taken):
                break
        taken.add(name)
        api.write_bytes(folder / name, data)
        saved.append(SavedSheet(name, sent))
    return saved


def _display_name(name: str | None) -> str:
    """The browser's name for a file, for messages only: last part, printable, short."""
    text = (name or "fichier").replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(c for c in text if c.isprintable())[:80]
    return text or "fichier"
