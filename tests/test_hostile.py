"""Hostile content: formulas never written live, control characters never crash a writer."""

from __future__ import annotations

import csv
import io
import re
import zipfile

import pytest

from conftest import EXEMPLES

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"
PAYLOAD = '=HYPERLINK("http://exemple.invalid/x","clic")'
HEADER = "N°;Compétence;Qui la détient sur notre territoire ?;Type d'acteur;Contact;Statut;Commentaire"


def _formula_cells(xlsx: bytes) -> list[str]:
    """Every <f> (formula) element of every sheet: must be none."""
    found = []
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                found += re.findall(rb"<f[ >].*?</f>|<f/>", archive.read(name))
    return found


def _strings(xlsx: bytes) -> list[str]:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(xlsx))
    return [c.value for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]


def _rows(path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))


@pytest.fixture(scope="module")
def hostile_synthesis(tmp_path_factory):
    from ateliers import api

    folder = tmp_path_factory.mktemp("hostile")
    lines = [
        HEADER,
        f"C1-01;;{PAYLOAD};association;+33 4 71 00 00 01;détenue;@SUM(A1)",
        "C1-02;;Mairie\x1b[31m de Lavaur\x0b Épicerie\x07 du bourg;;;détenue;",
        "C1-03;;-Comité des fêtes;;;détenue;\ttabulé",
        f";=1+1 proposée;=cmd|' /C calc'!A0;;;détenue;",
    ]
    (folder / "groupe.csv").write_bytes("\r\n".join(lines).encode("utf-8"))
    report = api.synthesis(atelier=HAUT_VALLON, fichiers=[folder / "groupe.csv"], sortie=folder / "sortie")
    return report.folder


def test_kumu_workbook_has_no_formula_and_keeps_the_text(hostile_synthesis):
    data = (hostile_synthesis / "synthese.xlsx").read_bytes()
    assert _formula_cells(data) == []
    texts = _strings(data)
    assert PAYLOAD in texts  # shown as typed, as text
    assert "+33 4 71 00 00 01" in texts
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)


def test_csv_cells_neutralised_and_read_back_as_typed(hostile_synthesis):
    from ateliers.synthese.model import read_previous

    for name in ("synthese.csv", "synthese-matrice.csv"):
        for row in _rows(hostile_synthesis / name):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (name, cell)
    rows = _rows(hostile_synthesis / "synthese.csv")
    assert any(r[4] == "'" + PAYLOAD for r in rows)
    assert any(r[6] == "'+33 4 71 00 00 01" for r in rows)
    previous = read_previous(hostile_synthesis / "synthese.csv")
    assert PAYLOAD in previous["C1-01"][1]  # the round trip keeps the value


def test_control_characters_removed_synthesis_complete(hostile_synthesis):
    rows = _rows(hostile_synthesis / "synthese.csv")
    names = {r[4] for r in rows if r[0] == "C1-02"}
    assert names and all(not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", n) for n in names)
    assert any("Mairie[31m de Lavaur" in n for n in names)
    assert (hostile_synthesis / "manifest.json").is_file()


def test_competence_worksheet_xlsx_no_formula(tmp_path):
    from ateliers import api

    text = HAUT_VALLON.read_text(encoding="utf-8")
    text = re.sub(r"texte: (Organiser les tournées.*)", lambda m: "texte: '=HYPERLINK(\"http://x.invalid\") " + m.group(1) + "'", text)
    atelier = tmp_path / "atelier.yaml"
    atelier.write_text(text, encoding="utf-8")
    from ateliers.entrees.inputs import prepare
    from ateliers.fiches.tableur import competences_xlsx

    data = competences_xlsx(prepare(None, atelier, tmp_path / "sortie").vue).data
    assert _formula_cells(data) == []
    assert any(t.startswith('=HYPERLINK("http://x.invalid")') for t in _strings(data))


def test_results_grid_round_trip(tmp_path):
    from ateliers.lecture.saisie import EntryActor, EntryCompetence, read_entry, write_entry

    path = tmp_path / "saisie.csv"
    rows = [EntryCompetence("C1-01", "x", [EntryActor(PAYLOAD, "-asso", "+33 1", "détenue"), EntryActor("@b", "", "-2", "partielle")], "@note\x1b")]
    write_entry(path, rows)
    raw = _rows(path)
    assert raw[1][2] == "'" + PAYLOAD and raw[1][3] == "'-asso" and raw[1][6] == "'@note"
    assert raw[2][2] == "'@b" and raw[2][4] == "'-2" and raw[2][6] == ""
    back = read_entry(path)["C1-01"]
    assert [(a.qui, a.type, a.contact, a.statut) for a in back.acteurs] == [(PAYLOAD, "-asso", "+33 1", "détenue"), ("@b", "", "-2", "partielle")]
    assert back.commentaire == "@note"
