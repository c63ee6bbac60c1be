"""Which kind of file a person handed in, told by its content (not its name), and the
tables it holds. Every refusal says what to do."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..fiches.format import COLUMNS
from .limits import MAX_XML, Absurd
from .model import SourceTable

MAX_BYTES = 20 * 1024 * 1024
MAX_UNCOMPRESSED = 200 * 1024 * 1024
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
SAVE_AS = "Ouvrez-le dans Word ou LibreOffice et enregistrez-le en .docx, ou exportez-le en CSV."


@dataclass
class FileTables:
    kind: str  # docx, odt, xlsx, ods, csv
    tables: list[SourceTable]
    tracked: bool = False  # tracked changes not yet accepted
    version: str = ""  # the referential's version stamped in the document's properties
    identifier: str = ""
    header_found: bool = True


def _refuse(path: Path, what: str, conseil: str) -> InputError:
    return InputError(f"« {path.name} » {what}", conseil=conseil)


def _ole(path: Path, raw: bytes) -> InputError:
    if "EncryptedPackage".encode("utf-16-le") in raw:
        return _refuse(path, "est protégé par un mot de passe : il ne peut pas être lu.", "Ouvrez-le, retirez le mot de passe (Fichier › Propriétés ou Informations), enregistrez-le, puis relancez.")
    if "WordDocument".encode("utf-16-le") not in raw and ("Workbook".encode("utf-16-le") in raw or "Book".encode("utf-16-le") in raw):
        return _refuse(path, "est un classeur Excel 97-2003 (.xls), qui n’est pas lu.", "Ouvrez-le dans Excel ou LibreOffice Calc et enregistrez-le en .xlsx, ou exportez-le en CSV.")
    if "WordDocument".encode("utf-16-le") in raw:
        return _refuse(path, "est un document Word 97-2003 (.doc), qui n’est pas lu.", "Ouvrez-le dans Word ou LibreOffice et enregistrez-le en .docx, ou exportez-le en CSV.")
    return _refuse(path, "est protégé par un mot de passe, ou enregistré dans un ancien format (.doc, .xls) : il n’est pas lu.", "Ouvrez-le, retirez le mot de passe s’il y en a un, et enregistrez-le en .docx (ou .xlsx), ou exportez-le en CSV.")


def open_tables(path: Path) -> FileTables:
    if not path.is_file():
        raise InputError(f"Le fichier « {path} » est introuvable.", conseil="Vérifiez le chemin.")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _refuse(path, f"est trop gros pour une fiche ({size // 1024 // 1024} Mo).", "Vérifiez qu’il s’agit bien d’une fiche compétences ; retirez les images qu’on y a collées.")
    raw = path.read_bytes()
    if raw.startswith(OLE):
        raise _ole(path, raw)
    if raw.startswith(b"PK"):
        return _zip(path)
    head = raw[:64].lstrip()
    if head.startswith(b"%PDF"):
        raise _refuse(path, "est un PDF : ses cases ne peuvent pas être relues.", "Tapez les réponses dans la fiche .docx ou .xlsx produite par « ateliers fiches », ou dans un CSV aux mêmes colonnes.")
    if head.startswith(b"{\\rtf"):
        raise _refuse(path, "est au format RTF, qui n’est pas lu.", SAVE_AS)
    if head[:5].lower() in (b"<html", b"<!doc") or b"<office:document" in raw[:2000]:
        raise _refuse(path, "est une page web ou un document XML, qui n’est pas lu.", SAVE_AS)
    if path.suffix.lower() in (".docx", ".docm", ".odt", ".xlsx", ".xlsm", ".ods"):
        what = "un document Word" if path.suffix.lower() in (".docx", ".docm", ".odt") else "un classeur"
        raise _refuse(path, f"n’est pas {what} lisible : son contenu n’est pas celui d’un fichier {path.suffix.lower()}.", "Ouvrez la fiche dans Word, LibreOffice ou votre tableur et enregistrez-la à nouveau (.docx, .xlsx), ou exportez-la en CSV.")
    from . import delimited

    try:
        table, found = delimited.read(raw)
    except Absurd as exc:
        raise _absurd(path, exc) from None
    return FileTables("csv", [table], header_found=found)


def _absurd(path: Path, exc: Absurd) -> InputError:
    return _refuse(path, f"{exc} : ce n’est pas une fiche compétences, il n’est pas lu.", "Vérifiez qu’il s’agit bien d’une fiche remplie ; sinon ouvrez-la dans Word, LibreOffice ou votre tableur, enregistrez-la à nouveau, ou exportez-la en CSV.")


def _zip(path: Path) -> FileTables:
    try:
        archive = zipfile.ZipFile(path)
        names = set(archive.namelist())
        total = sum(i.file_size for i in archive.infolist())
        xml = sum(i.file_size for i in archive.infolist() if i.filename.lower().endswith((".xml", ".rels")))
    except (zipfile.BadZipFile, OSError, UnicodeDecodeError, ValueError, EOFError):  # a damaged or truncated archive
        raise _refuse(path, "est une archive abîmée (incomplète ?) : elle ne peut pas être lue.", "Enregistrez la fiche à nouveau depuis Word ou LibreOffice (.docx), ou exportez-la en CSV.") from None
    with archive:
        if total > MAX_UNCOMPRESSED:
            raise _refuse(path, "est une archive anormalement grosse une fois décompressée : elle n’est pas lue.", "Vérifiez le fichier ; enregistrez la fiche à nouveau en .docx, ou exportez-la en CSV.")
        if xml > MAX_XML:  # a filled worksheet's text is well under a megabyte; images do not count
            raise _refuse(path, f"contient {xml // 1024 // 1024} Mo de texte une fois décompressé : bien plus qu’une fiche compétences, il n’est pas lu.", "Vérifiez qu’il s’agit bien d’une fiche remplie ; sinon enregistrez-la à nouveau, ou exportez-la en CSV.")
        try:
            if "word/document.xml" in names:
                from . import docx

                tables, tracked = docx.read(archive)
                props = docx.core_properties(archive)
                return FileTables("docx", tables, tracked, props.get("version", ""), props.get("identifier", ""))
            if "xl/workbook.xml" in names:
                from . import xlsx

                tables, props = xlsx.read(path)
                return FileTables("xlsx", tables, False, props["version"], props["identifier"])
            mimetype = archive.read("mimetype").decode("ascii", "replace").strip() if "mimetype" in names else ""
            if mimetype in ("application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.spreadsheet"):
                from . import odf

                kind = "odt" if mimetype.endswith("text") else "ods"
                tables, tracked = odf.read(archive, kind)
                props = odf.meta(archive)
                return FileTables(kind, tables, tracked, props.get("referentiel", ""), props.get("empreinte", ""))
        except InputError:
            raise
        except Absurd as exc:
            raise _absurd(path, exc) from None
        except Exception:  # a damaged document: lxml, openpyxl and zipfile raise many kinds
            raise _refuse(path, "n’a pas pu être lu : le document semble abîmé.", "Ouvrez-le dans Word ou LibreOffice, enregistrez-le à nouveau en .docx, ou exportez-le en CSV.") from None
    if any(n.startswith("ppt/") for n in names) or "presentation" in mimetype:
        raise _refuse(path, "est une présentation, pas une fiche compétences.", "Tapez les réponses dans la fiche .docx ou .xlsx, ou exportez-les en CSV.")
    raise _refuse(path, "n’est pas un document Word ni un classeur : c’est une archive ZIP d’autre chose.", "Donnez la fiche elle-même (.docx, .odt, .xlsx, .ods ou .csv), pas un dossier compressé.")


def no_worksheet(path: Path, kind: str) -> InputError:
    if kind == "csv":
        return InputError(
            f"« {path.name} » n’a pas les colonnes d’une fiche compétences (cherchées de la ligne 1 à la ligne 10).",
            conseil=f"Ajoutez la ligne de titres (séparés par des points-virgules) : {';'.join(COLUMNS)}",
        )
    return InputError(
        f"« {path.name} » n’est pas une fiche compétences : aucun tableau n’a les colonnes « {' | '.join(COLUMNS)} ».",
        conseil="Utilisez la fiche produite par « ateliers fiches » (.docx ou .xlsx) sans changer les titres de colonnes.",
    )
