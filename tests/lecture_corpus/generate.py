"""Fill the worksheets the way facilitators do, by driving LibreOffice itself (UNO), and save
what they would save: .docx, .odt, .doc from Writer; CSV (UTF-8 « ; », UTF-16 « Unicode »
with tabs), .xlsx and .ods from Calc.

Run with the system Python that has LibreOffice's bindings (python3-uno), not the project's:

    /usr/bin/python3 tests/lecture_corpus/generate.py --docx fiche.docx --xlsx fiche.xlsx --out DIR [FILE...]

``fiche.docx`` and ``fiche.xlsx`` are the blank worksheets of the Haut-Vallon example
(« ateliers fiches »). What is typed where is in cases.py, beside this file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import uno  # noqa: I001 (LibreOffice's bindings: only the system Python has them)
from com.sun.star.beans import PropertyValue

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cases import CALC_TITLE, CASES, COMPETENCE, EXTRA_COLUMNS, MERGE_HORIZONTAL, MERGE_VERTICAL, NUMERO, SPLIT_AT, TRACKED_BEFORE  # noqa: E402

COLUMNS = ["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"]
FILTERS = {".docx": "MS Word 2007 XML", ".odt": "writer8", ".doc": "MS Word 97", ".xlsx": "Calc MS Excel 2007 XML", ".ods": "calc8"}
CSV_FILTER = "Text - txt - csv (StarCalc)"
CSV_UTF8 = "59,34,76,1"  # « ; », quoted with ", UTF-8, from line 1
CSV_UTF16 = "9,34,65535,1"  # tab, quoted with ", Unicode (Calc's « Unicode » = UTF-16)
PARAGRAPH_BREAK = uno.getConstantByName("com.sun.star.text.ControlCharacter.PARAGRAPH_BREAK")


def prop(name: str, value) -> PropertyValue:
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


class Office:
    """One headless LibreOffice with its own profile, for all the files of a run."""

    def __init__(self) -> None:
        self.profile = Path(tempfile.mkdtemp(prefix="lo-corpus-"))
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        accept = f"socket,host=127.0.0.1,port={self.port};urp;"
        self.process = subprocess.Popen(
            ["soffice", f"-env:UserInstallation={self.profile.as_uri()}", "--headless", "--invisible", "--norestore", "--nologo", "--nodefault", f"--accept={accept}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 120
        while True:
            try:
                self.ctx = resolver.resolve(f"uno:{accept}StarOffice.ComponentContext")
                break
            except Exception:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise SystemExit("LibreOffice did not start") from None
                time.sleep(0.25)
        self.smgr = self.ctx.ServiceManager
        self.desktop = self.smgr.createInstanceWithContext("com.sun.star.frame.Desktop", self.ctx)
        self.dispatcher = self.smgr.createInstanceWithContext("com.sun.star.frame.DispatchHelper", self.ctx)

    def open(self, path: Path | str):
        url = path if isinstance(path, str) else uno.systemPathToFileUrl(str(path.resolve()))
        return self.desktop.loadComponentFromURL(url, "_blank", 0, (prop("Hidden", True),))

    def close(self) -> None:
        try:
            self.desktop.terminate()
        except Exception:  # the bridge drops as LibreOffice quits
            pass
        try:
            self.process.wait(30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def save(doc, path: Path, filter_name: str, options: str | None = None) -> None:
    args = [prop("FilterName", filter_name), prop("Overwrite", True)]
    if options:
        args.append(prop("FilterOptions", options))
    doc.storeToURL(uno.systemPathToFileUrl(str(path.resolve())), tuple(args))


# ---------------------------------------------------------------- Writer


def header_index(table, title: str) -> int:
    """The column whose header starts like ``title`` (« Qui » → « Qui la détient… »); « » is an untitled one."""
    count = table.getColumns().getCount()
    for c in range(count):
        text = table.getCellByPosition(c, 0).getString().strip()
        if (title and text.startswith(title)) or (not title and not text):
            return c
    raise KeyError(title)


def blank_rows(doc) -> list[int]:
    """The blank rows at the end of the first table, as printed (before anything is typed)."""
    table = doc.getTextTables().getByIndex(0)
    return [r for r in range(1, table.getRows().getCount()) if not table.getCellByPosition(0, r).getString().strip()]


def row_index(tables, key: str, blanks: list[int] = ()):
    """(table, row) of a worksheet id, or of the k-th blank row (« +k ») of the first table."""
    if key.startswith("+"):
        return tables.getByIndex(0), blanks[int(key[1:]) - 1]
    for t in range(tables.getCount()):
        table = tables.getByIndex(t)
        ids = [table.getCellByPosition(0, r).getString().strip() for r in range(table.getRows().getCount())]
        if key in ids:
            return table, ids.index(key)
    raise KeyError(key)


def type_into(cell, value: str) -> None:
    """As a person types: at the end of what the cell holds, Enter between lines."""
    cursor = cell.createTextCursor()
    cursor.gotoEnd(False)
    for i, line in enumerate(value.split("\n")):
        if i:
            cell.insertControlCharacter(cursor, PARAGRAPH_BREAK, False)
        if line:
            cell.insertString(cursor, line, False)


def writer_cell(doc, key: str, column: str):
    table, row = row_index(doc.getTextTables(), key, doc_blanks[doc.getURL() or id(doc)] if key.startswith("+") else ())
    return table.getCellByPosition(header_index(table, column), row)


def fill_writer(doc, values, hyperlinks: bool = False) -> None:
    for key, column, value, _ in values:
        cell = writer_cell(doc, key, column)
        if column == NUMERO or column == COMPETENCE or not cell.getString():
            type_into(cell, value)
        else:
            type_into(cell, "\n" + value)
        if hyperlinks and "@" in value:
            cursor = cell.createTextCursor()
            cursor.gotoStart(False)
            cursor.gotoEnd(True)
            cursor.HyperLinkURL = "mailto:" + value


doc_blanks: dict = {}


def writer_case(office: Office, blank: Path, target: Path, kind: str, values) -> None:
    doc = office.open(blank)
    doc_blanks[doc.getURL() or id(doc)] = blank_rows(doc)
    try:
        if kind == "writer-tracked":
            fill_writer(doc, TRACKED_BEFORE)
            doc.RecordChanges = True  # Édition › Suivi des modifications › Enregistrer
            for key, column, _, _ in TRACKED_BEFORE:  # replaced or erased, recorded
                cell = writer_cell(doc, key, column)
                cursor = cell.createTextCursor()
                cursor.gotoStart(False)
                cursor.gotoEnd(True)
                replacement = next((v for k, c, v, _ in values if (k, c) == (key, column)), "")
                cell.insertString(cursor, replacement, True)
            fill_writer(doc, [v for v in values if (v[0], v[1]) not in {(k, c) for k, c, _, _ in TRACKED_BEFORE}], hyperlinks=True)
        elif kind == "writer-columns":
            table = doc.getTextTables().getByIndex(0)
            for title, where, neighbour in EXTRA_COLUMNS:
                index = header_index(table, neighbour) + (1 if where == "after" else 0)
                table.getColumns().insertByIndex(index, 1)
                type_into(table.getCellByPosition(index, 0), title)
            fill_writer(doc, values)
        else:
            fill_writer(doc, values)
        if kind == "writer-split":  # Tableau › Scinder le tableau › Pas d'en-tête
            cell = writer_cell(doc, SPLIT_AT, "N°")
            controller = doc.getCurrentController()
            controller.getViewCursor().gotoRange(cell.getStart(), False)
            office.dispatcher.executeDispatch(controller.getFrame(), ".uno:SplitTable", "", 0, (prop("Type", 0),))
        if kind == "writer-merge":  # Tableau › Fusionner les cellules
            key, first, second = MERGE_HORIZONTAL
            table, row = row_index(doc.getTextTables(), key)
            cursor = table.createCursorByCellName(table.getCellByPosition(header_index(table, first), row).CellName)
            cursor.gotoCellByName(table.getCellByPosition(header_index(table, second), row).CellName, True)
            cursor.mergeRange()
            top, bottom, column = MERGE_VERTICAL
            table, r1 = row_index(doc.getTextTables(), top)
            _, r2 = row_index(doc.getTextTables(), bottom)
            c = header_index(table, column)
            cursor = table.createCursorByCellName(table.getCellByPosition(c, r1).CellName)
            cursor.gotoCellByName(table.getCellByPosition(c, r2).CellName, True)
            cursor.mergeRange()
        save(doc, target, FILTERS[target.suffix])
    finally:
        doc.close(True)


# ---------------------------------------------------------------- Calc


def calc_csv(office: Office, target: Path, groups, options: str) -> None:
    """A new spreadsheet: a title line, then each group's table under its own header."""
    doc = office.open("private:factory/scalc")
    try:
        sheet = doc.Sheets.getByIndex(0)
        sheet.getCellByPosition(0, 0).setString(CALC_TITLE)
        row = 2
        for values in groups:
            for c, title in enumerate(COLUMNS):
                sheet.getCellByPosition(c, row).setString(title)
            row += 1
            keys = list(dict.fromkeys(k for k, _, _, _ in values))
            for key in keys:
                sheet.getCellByPosition(0, row).setString(key)
                for k, column, value, _ in values:
                    if k == key:
                        sheet.getCellByPosition(next(i for i, t in enumerate(COLUMNS) if t.startswith(column)), row).setString(value)
                row += 1
        save(doc, target, CSV_FILTER, options)
    finally:
        doc.close(True)


def calc_worksheet(office: Office, blank: Path, target: Path, values) -> None:
    """The spreadsheet worksheet, typed into (its unlocked cells), saved as .xlsx or .ods."""
    doc = office.open(blank)
    try:
        ids = {p: [doc.Sheets.getByIndex(p).getCellByPosition(0, r).getString() for r in range(120)] for p in range(doc.Sheets.getCount())}
        for key, column, value, _ in values:
            phase = int(key[1]) if not key.startswith("+") else 1
            sheet = doc.Sheets.getByIndex(phase - 1)
            if key.startswith("+"):  # the k-th blank row after the printed ones
                row = max(r for r, i in enumerate(ids[0]) if i.startswith("C")) + int(key[1:])
            else:
                row = ids[phase - 1].index(key)
            col = next(i for i, t in enumerate(COLUMNS) if t.startswith(column))
            sheet.getCellByPosition(col, row).setString(value)
        save(doc, target, FILTERS[target.suffix])
    finally:
        doc.close(True)


def generate(blank_docx: Path, blank_xlsx: Path, out: Path, names: list[str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    office = Office()
    made = []
    try:
        for name in names:
            kind, values = CASES[name]
            target = out / name
            if kind.startswith("writer"):
                writer_case(office, blank_docx, target, kind, values)
            elif kind == "calc-csv":
                calc_csv(office, target, values, CSV_UTF8)
            elif kind == "calc-csv-utf16":
                calc_csv(office, target, values, CSV_UTF16)
            elif kind == "calc-worksheet":
                calc_worksheet(office, blank_xlsx, target, values)
            made.append(target)
    finally:
        office.close()
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docx", type=Path, required=True)
    parser.add_argument("--xlsx", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("names", nargs="*")
    args = parser.parse_args()
    start = time.monotonic()
    made = generate(args.docx, args.xlsx, args.out, args.names or list(CASES))
    print(f"{len(made)} files in {time.monotonic() - start:.1f} s", file=sys.stderr)
    os._exit(0)  # the UNO bridge's threads can keep the interpreter waiting


if __name__ == "__main__":
    main()
