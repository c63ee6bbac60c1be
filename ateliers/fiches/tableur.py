"""The competence worksheet as a spreadsheet (fiche-competences-<territoire>.xlsx), for the
groups who prefer typing into a spreadsheet: one sheet per retained phase, the same seven
columns as the Word worksheet, N° and Compétence locked, drop-down lists for Statut and
Type d'acteur, printed on A4 landscape with the header repeated. Read back like the others.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from .. import __version__
from ..contract import Copies, Kind, Output
from ..entrees.models import TypeActeur
from ..entrees.provenance import provenance
from ..fichiers.safe_cells import xlsx_row
from ..fichiers.slugs import slugify
from ..entrees.territoire import ReferentielTerritorial
from .format import ADDED, BLANK_ROWS, COLUMN_WIDTHS, COLUMNS, STATUTS

STAMP = dt.datetime(2000, 1, 1)  # stable output: the date lives in the workshop file
HEADER_FILL = "1F3A5F"
LOCKED_FILL = "EEF2F6"
CHARS_PER_MM = 0.52  # Excel column width unit (a « 0 » of Calibri 11) per millimetre, near enough
ROW_HEIGHT_PT = 30.0  # room for two names
FONT_PT = 10.0
LINE_PT = 13.0  # one line of 10 pt text, with the leading of Calibri and Carlito


def _height(text: str, width_mm: float) -> float:
    """A row tall enough for its wording: never clipped, whatever the spreadsheet's font."""
    per_line = max(1, int(width_mm * CHARS_PER_MM * 1.2))  # 10 pt words fit 1.3 times the width unit: a little margin
    lines, current = 1, 0
    for word in text.split():
        if current and current + 1 + len(word) > per_line:
            lines, current = lines + 1, len(word)
        else:
            current += (1 if current else 0) + len(word)
    return max(ROW_HEIGHT_PT, lines * LINE_PT + 8)


def _sheet_title(numero: int, nom: str, taken: set[str]) -> str:
    """Excel sheet names: 31 characters at most, none of []:*?/\\."""
    title = re.sub(r"[\[\]:*?/\\]", "-", f"Phase {numero} — {nom}")[:31].rstrip()
    return title if title not in taken else f"Phase {numero}"


def _reproducible(data: bytes, stamp: dt.datetime = STAMP) -> bytes:
    """The same bytes for the same inputs: fixed dates on the archive's entries."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the time of saving
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), content)
            target.writestr(entry, content)
    return out.getvalue()


def competences_xlsx(vue: ReferentielTerritorial) -> Output:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    ref = vue.referentiel
    atelier = vue.atelier
    territoire = vue.territoire
    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin", color="9AA5B1")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    statuts = [name for name, _ in STATUTS]
    types = [t.value for t in TypeActeur]
    taken: set[str] = set()
    for phase in vue.phases:
        sheet = workbook.create_sheet(_sheet_title(phase.numero, phase.nom, taken))
        taken.add(sheet.title)
        xlsx_row(sheet, COLUMNS)
        for competence in phase.competences:
            xlsx_row(sheet, [competence.id, competence.texte + (ADDED if competence.ajoutee else ""), "", "", "", "", ""])
        for _ in range(BLANK_ROWS):
            sheet.append([""] * len(COLUMNS))
        last = sheet.max_row
        for index, width in enumerate(COLUMN_WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = round(width * CHARS_PER_MM, 1)
        for cell in sheet[1]:
            cell.font = Font(bold=True, color="FFFFFF", size=FONT_PT)
            cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.border = border
        sheet.row_dimensions[1].height = 2 * LINE_PT + 6  # « Qui la détient sur notre territoire ? » may wrap
        locked_rows = len(phase.competences) + 1
        for row in sheet.iter_rows(min_row=2, max_row=last):
            sheet.row_dimensions[row[0].row].height = _height(str(row[1].value or ""), COLUMN_WIDTHS[1])
            for cell in row:
                cell.alignment = wrap
                cell.border = border
                cell.font = Font(size=FONT_PT)
                # Only the referential's own rows are locked: the blank rows take new competences.
                locked = cell.column <= 2 and cell.row <= locked_rows
                cell.protection = Protection(locked=locked)
                if locked:
                    cell.fill = PatternFill("solid", fgColor=LOCKED_FILL)
                    cell.font = Font(bold=cell.column == 1, size=FONT_PT)
        # Free rows below the table stay editable too (a group may add more than four).
        for letter in "ABCDEFG":
            sheet.column_dimensions[letter].protection = Protection(locked=False)
        statut = DataValidation(type="list", formula1='"' + ",".join(statuts) + '"', allow_blank=True, showDropDown=False)
        statut.error = "Choisissez un statut dans la liste : " + ", ".join(statuts) + "."
        statut.errorTitle = "Statut"
        statut.prompt = "détenue · partielle · à trouver · à vérifier"
        statut.promptTitle = "Statut"
        statut.showErrorMessage = True
        statut.showInputMessage = True
        statut.add(f"F2:F{last + 200}")
        kind = DataValidation(type="list", formula1='"' + ",".join(types) + '"', allow_blank=True, errorStyle="warning")
        kind.error = "Ce type n’est pas dans la liste : gardez-le s’il est juste, ou choisissez-en un de la liste."
        kind.errorTitle = "Type d’acteur"
        kind.showErrorMessage = True
        kind.add(f"D2:D{last + 200}")
        sheet.add_data_validation(statut)
        sheet.add_data_validation(kind)
        sheet.protection.sheet = True
        # Protection keeps the ids and wordings from drifting, not people from working.
        sheet.protection.insertRows = False
        sheet.protection.deleteRows = False
        sheet.protection.formatCells = False
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        sheet.protection.sort = False
        sheet.protection.autoFilter = False
        sheet.freeze_panes = "C2"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.gridLines = False
        sheet.page_margins.left = sheet.page_margins.right = 0.5
        sheet.page_margins.top = sheet.page_margins.bottom = 0.8
        sheet.page_margins.header = sheet.page_margins.footer = 0.3
        sheet.oddHeader.left.text = f"Territoire : {territoire or '________________'}"
        sheet.oddHeader.center.text = f"Phase {phase.numero} — {phase.nom}"
        sheet.oddFooter.left.text = f"{ref.source.credit} · référentiel {ref.version}"
        sheet.oddFooter.right.text = "Page &P / &N"
    props = workbook.properties
    props.title = "Fiche compétences — qui les détient sur notre territoire ?"
    origin = provenance(vue)  # the same author and date as every other printable
    stamp = origin.date.replace(tzinfo=None)
    props.creator = origin.auteur
    props.subject = f"Référentiel « {ref.titre} », version {ref.version}"
    props.version = ref.version
    props.identifier = f"sha256:{ref.empreinte}"
    props.category = territoire or "générique"
    props.keywords = f"ateliers; referentiel={ref.version}; empreinte={ref.empreinte}; territoire={territoire or ''}"
    props.description = f"Produit par ateliers {__version__} à partir du référentiel {ref.version}."
    props.language = "fr-FR"
    props.created = props.modified = stamp
    props.lastModifiedBy = None
    buffer = io.BytesIO()
    workbook.save(buffer)
    data = _reproducible(buffer.getvalue(), stamp)
    suffix = f"-{slugify(territoire, default='territoire')}" if atelier else ""
    name = f"fiche-competences{suffix}.xlsx"
    # Typed on a computer (printing it is possible, not needed): not in the printing list.
    return Output(
        name, data, 0, Kind.fiche,
        "Fiche compétences en tableur, à remplir sur ordinateur (une feuille par phase), relue dans l’onglet « Après l’atelier » de l’application.",
        None, Copies(fixed=0),
    )  # fmt: skip
