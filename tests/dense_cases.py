"""Dense workshop results, generated: many actors with long names, two or three per
competence, one status per actor line (some mixed), written as a real group would type
them in Word, a spreadsheet or CSV (with python-docx, openpyxl and csv, not with the kit)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

from maillage_cases import HAUT_VALLON, HEADER

KINDS = [
    ("collectivité", "Mairie de"), ("association", "Association des amis de"), ("entreprise", "SARL Les Ateliers de"),
    ("service public", "France services de"), ("habitant·e", "Collectif d’habitants de"), ("autre", "Tiers-lieu de"),
]  # fmt: skip
PLACES = ["Saint-Julien-du-Vallon", "Lavaur-sur-Agout", "Brassac-les-Granges", "Montredon-Labessonnié", "Vabre-le-Bez", "Les Granges-Hautes", "Haut-Vallon", "Roquecourbe"]
STATUTS = ["détenue", "détenue", "détenue", "partielle", "à vérifier"]


def actor_names(n: int) -> list[tuple[str, str]]:
    """(name, type) of ``n`` distinct actors, long names as workshops write them."""
    return [(f"{KINDS[i % 6][1]} {PLACES[i % len(PLACES)]} {WORDS[i % len(WORDS)]} {i + 1}", KINDS[i % 6][0]) for i in range(n)]


WORDS = ["Capucine", "Bruyère", "Églantine", "Genévrier", "Lavande", "Mélèze", "Noisetier", "Orchidée", "Pervenche", "Romarin", "Sorbier", "Tilleul", "Verveine"]


def competence_ids() -> list[str]:
    from ateliers.entrees.inputs import prepare

    vue = prepare(None, HAUT_VALLON, None).vue
    return [c.id for c in vue.competences]


def dense_rows(n_actors: int, n_rows: int, seed: int = 7) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """``n_rows`` rows (N°, [(actor, type, status)]) over the referential's ids, every actor
    cited at least once, one to three actors a row, a few rows « à trouver » without actor."""
    rng = random.Random(seed)
    ids = competence_ids()
    actors = actor_names(n_actors)
    order = list(range(n_actors))
    rng.shuffle(order)
    rows = []
    for k in range(n_rows):
        ident = ids[k % len(ids)]
        if k % 17 == 16:
            rows.append((ident, []))
            continue
        count = rng.choice([1, 2, 3, 3])
        picked = [order.pop() for _ in range(min(count, len(order)))] if order else []
        while len(picked) < count:
            j = rng.randrange(n_actors)
            if j not in picked:
                picked.append(j)
        rows.append((ident, [(actors[j][0], actors[j][1], rng.choice(STATUTS)) for j in picked]))
    return rows


def cells(holders: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    if not holders:
        return "", "", "à trouver"
    return "\n".join(h[0] for h in holders), "\n".join(h[1] for h in holders), "\n".join(h[2] for h in holders)


def write_csv(path: Path, rows) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for ident, holders in rows:
        qui, types, statuts = cells(holders)
        writer.writerow([ident, "", qui, types, "", statuts, ""])
    path.write_bytes(buffer.getvalue().encode("utf-8"))
    return path


def write_xlsx(path: Path, rows) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    ws = wb.active
    ws.title = "Fiche"
    ws.append(HEADER)
    for ident, holders in rows:
        qui, types, statuts = cells(holders)
        ws.append([ident, "", qui, types, "", statuts, ""])
        for cell in ws[ws.max_row]:
            cell.alignment = Alignment(wrap_text=True)
    wb.save(path)
    return path


def write_docx(path: Path, rows) -> Path:
    from docx import Document

    document = Document()
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, title in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = title
    for ident, holders in rows:
        qui, types, statuts = cells(holders)
        row = table.add_row().cells
        for cell, value in zip(row, [ident, "", qui, types, "", statuts, ""], strict=True):
            cell.text = value  # python-docx turns « \n » into a line break, as Enter would
    document.save(path)
    return path


RANK = {"détenue": 3, "partielle": 2, "à vérifier": 1}  # an actor cited twice for one id: the surest status


def write_ods(path: Path, rows) -> Path:
    """A Calc sheet as Calc writes one: a cell's lines are paragraphs (text:p)."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value: str) -> str:
        if not value:
            return "<table:table-cell/>"
        paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
        return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'

    lines = ["<table:table-row>" + "".join(cell(t) for t in HEADER) + "</table:table-row>"]
    for ident, holders in rows:
        qui, types, statuts = cells(holders)
        lines.append("<table:table-row>" + "".join(cell(v) for v in [ident, "", qui, types, "", statuts, ""]) + "</table:table-row>")
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">'
        '<office:body><office:spreadsheet><table:table table:name="Fiche">' + "".join(lines) + "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
    )
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        z.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
    return path


def expected(rows) -> dict[tuple[str, str], str]:
    """(actor, competence id) → the status typed for that actor."""
    result: dict[tuple[str, str], str] = {}
    for ident, holders in rows:
        for name, _, statut in holders:
            if RANK[statut] > RANK.get(result.get((name, ident), ""), 0):
                result[(name, ident)] = statut
    return result


def synthesise_files(folder: Path, sheets: list[Path], options=None):
    """Read ``sheets`` back and build every synthesis output; (Synthesis, {name: bytes})."""
    from ateliers.kit.parts import renderer_for
    from ateliers.entrees.inputs import prepare
    from ateliers.lecture import read_sheets
    from ateliers.synthese.model import synthesise
    from ateliers.synthese.outputs import build_synthesis

    inputs = prepare(None, HAUT_VALLON, folder / "sortie")
    vue = inputs.vue
    known = {c.id: c.texte for c in vue.referentiel.competences} | {c.id: c.texte for c in vue.competences}
    result = synthesise(vue, read_sheets(sheets, vue.referentiel, known))
    outputs = build_synthesis(result, renderer_for(inputs), None, maillage=options)
    return result, {o.path: o.data for o in outputs}
