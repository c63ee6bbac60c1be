"""Worksheets filled as a workshop would, and the synthesis built from them in-process
(the same calls as « ateliers synthese »), for the mesh tests."""

from __future__ import annotations

import atexit
import csv
import io
import shutil
import tempfile
from pathlib import Path

from conftest import EXEMPLES

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"
HEADER = ["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"]

# (N°, holders one per line, type, status)
SESSION_1 = [
    ("C1-01", "Mairie de Saint-Julien-du-Vallon\nÉpicerie associative La Musette", "", ""),
    ("C1-02", "Vallon Services (SCIC)", "", "oui"),
    ("C1-03", "Comité des fêtes de Lavaur", "association", "en partie"),
    ("C1-05", "", "", "non"),
    ("C2-01", "France services du Haut-Vallon\nMairie de Saint-Julien-du-Vallon\nCentre social du Vallon", "", ""),
    ("C2-02", "Centre social du Vallon", "association", ""),
    ("C2-05", "Épicerie associative La Musette", "", "ok"),
    ("C3-01", "Banque alimentaire", "association", ""),
    ("C3-04", "Vallon Services (SCIC)\nCabinet Durand", "", ""),
    ("C4-01", "Vallon Services (SCIC)\nLa Poste", "", ""),
    ("C4-03", "La Poste", "service public", "partielle"),
    ("C1-04", "Office de tourisme", "", "?"),  # cited with a doubt: not a holder, not a link
    ("", "Atelier vélo", "", "", "Savoir réparer les vélos"),  # proposed by the group: outside the mesh
]
# A later session: C1-02 gains a holder, C3-01 loses its only one, C4-05 appears.
SESSION_2 = [row for row in SESSION_1 if row[0] not in ("C1-02", "C3-01")] + [
    ("C1-02", "Vallon Services (SCIC)\nOffice de tourisme", "", "oui"),
    ("C4-05", "Office de tourisme", "", ""),
]


def worksheet_csv(rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for ident, holders, type_, statut, *texte in rows:
        writer.writerow([ident, "".join(texte), holders, type_, "", statut, ""])
    return buffer.getvalue().encode("utf-8")


def synthesise_rows(folder: Path, rows, avant: Path | None = None, options=None):
    """Write the worksheet, read it back and build every synthesis output; (Synthesis, {name: bytes})."""
    from ateliers.kit.parts import renderer_for
    from ateliers.entrees.inputs import prepare
    from ateliers.lecture import read_sheets
    from ateliers.synthese.model import compare, read_previous, synthesise
    from ateliers.synthese.outputs import build_synthesis

    folder.mkdir(parents=True, exist_ok=True)
    sheet = folder / "groupe.csv"
    sheet.write_bytes(worksheet_csv(rows))
    inputs = prepare(None, HAUT_VALLON, folder / "sortie")
    vue = inputs.vue
    known = {c.id: c.texte for c in vue.referentiel.competences} | {c.id: c.texte for c in vue.competences}
    result = synthesise(vue, read_sheets([sheet], vue.referentiel, known))
    changes = compare(result, read_previous(avant)) if avant else None
    outputs = build_synthesis(result, renderer_for(inputs), changes, maillage=options)
    files = {output.path: output.data for output in outputs}
    for name, data in files.items():
        (inputs.folder / name).write_bytes(data)
    return result, files, inputs.folder


def csv_graph(data: bytes):
    """What synthese.csv says of the mesh: the referential's competences and their coverage
    (proposed ones aside), and the links — rows naming an actor who holds the competence,
    « détenue » or « partielle », and the leads « à vérifier » (drawn apart: they hold nothing yet);
    proposed competences (P1, P2…) with their actors too."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    coverage = {r["N°"]: r["Couverture"] for r in rows}
    held = [r for r in rows if r["Acteur"] and r["Statut"] in ("détenue", "partielle", "à vérifier")]
    actors = {r["Acteur"] for r in held}
    links = {(r["Acteur"], r["N°"]): r["Statut"] for r in held}
    return coverage, actors, links


_CACHE: dict = {}


def built(rows, avant_rows=None, options=None):
    """synthesise_rows, once per process for the same inputs (several test modules read the
    same outputs; building them costs seconds). With ``avant_rows``, compared with that session."""
    key = (tuple(rows), tuple(avant_rows) if avant_rows else None, options)
    if key not in _CACHE:
        folder = Path(tempfile.mkdtemp(prefix="maillage-"))
        atexit.register(shutil.rmtree, folder, True)
        avant = built(avant_rows)[2] / "synthese.csv" if avant_rows else None
        _CACHE[key] = synthesise_rows(folder, rows, avant, options)
    return _CACHE[key]
