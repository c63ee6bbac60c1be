"""The mesh's graph and open exports against synthese.csv: same nodes, links and statuses."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import openpyxl
import pytest
from frictionless import validate

from maillage_cases import SESSION_1, SESSION_2, built, csv_graph, synthesise_rows

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses


@pytest.fixture(scope="module")
def session():
    return built(SESSION_1)


@pytest.fixture(scope="module")
def later():
    return built(SESSION_2, SESSION_1)


def test_csv_says_what_was_typed(session):
    _, files, _ = session
    coverage, actors, links = csv_graph(files["synthese.csv"])
    assert coverage["C1-01"] == "couverte" and coverage["C1-02"] == "fragile" and coverage["C1-05"] == "manquante"
    assert coverage["C4-03"] == "partielle" and links[("La Poste", "C4-03")] == "partielle"
    assert links[("Cabinet Durand", "C3-04")] == "détenue"
    assert links[("Office de tourisme", "C1-04")] == "à vérifier"  # a lead, drawn apart
    assert coverage["C1-04"] == "à vérifier" and coverage["C1-06"] == "non examinée"  # never « manquante »
    assert ("Atelier vélo", "P1") in links and coverage["P1"] == "proposée"
    assert len(links) == 15 + 2 and len(actors) == 9 + 2


def test_gexf_is_the_csv_graph(session):
    _, files, _ = session
    coverage, actors, links = csv_graph(files["synthese.csv"])
    g = nx.read_gexf(io.BytesIO(files["synthese.gexf"]))
    competences = {n: d for n, d in g.nodes(data=True) if d["kind"] == "compétence"}
    acteurs = {n: d for n, d in g.nodes(data=True) if d["kind"] == "acteur"}
    assert g.number_of_nodes() == len(coverage) + len(actors)
    assert g.number_of_edges() == len(links)
    assert {n: d["status"] for n, d in competences.items()} == coverage
    assert {d["label"] for d in acteurs.values()} == actors
    assert all(isinstance(d["phase"], int) and (d["phase"] == int(n[1]) or n.startswith("P")) for n, d in competences.items())
    assert acteurs["acteur:la poste"]["type"] == "service public" and acteurs["acteur:cabinet durand"]["type"] == "autre"
    # Gephi opens it laid out as the poster is: every node of the network has its position.
    assert all("position" in g.nodes[n]["viz"] for n in list(acteurs) + [c for _, c in links])
    read = {(g.nodes[a]["label"], c) if g.nodes[a]["kind"] == "acteur" else (g.nodes[c]["label"], a): d["status"] for a, c, d in g.edges(data=True)}
    assert read == links


def test_xlsx_is_the_csv_graph_with_kumu_columns(session):
    _, files, _ = session
    coverage, actors, links = csv_graph(files["synthese.csv"])
    wb = openpyxl.load_workbook(io.BytesIO(files["synthese.xlsx"]), read_only=True)
    assert wb.sheetnames == ["Acteurs", "Compétences", "Liens", "Manques"]
    rows = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    assert rows["Acteurs"][0][:3] == ("Label", "Type", "Tags")
    assert rows["Liens"][0][:3] == ("From", "To", "Type")
    assert {r[0] for r in rows["Acteurs"][1:]} == actors
    assert {(r[0], r[1]): r[2] for r in rows["Liens"][1:]} == links
    head = rows["Compétences"][0]
    assert {r[0]: r[head.index("Couverture")] for r in rows["Compétences"][1:]} == coverage
    assert {r[0] for r in rows["Manques"][1:]} == {i for i, cov in coverage.items() if cov != "proposée" and not any(c == i for _, c in links)}
    # Per actor: competences held, total and per phase; sole holders named.
    head = rows["Acteurs"][0]
    vallon = next(r for r in rows["Acteurs"][1:] if r[0] == "Vallon Services (SCIC)")
    assert vallon[head.index("Compétences détenues")] == 3
    assert [vallon[head.index(f"Phase {n}")] for n in (1, 2, 3, 4)] == [1, 0, 1, 1]
    assert vallon[head.index("Seul détenteur de")] == "C1-02"
    assert "seul détenteur" in vallon[head.index("Tags")]


def test_exports_are_reproducible(tmp_path, session):
    _, files, _ = session
    _, again, _ = synthesise_rows(tmp_path, SESSION_1)
    for name in ("synthese.xlsx", "synthese.gexf", "datapackage.json"):
        assert again[name] == files[name], name
    from ateliers.entrees.provenance import provenance

    stamp = provenance(session[0].vue).date  # SOURCE_DATE_EPOCH, else the workshop's date (2027-03-18)
    with zipfile.ZipFile(io.BytesIO(files["synthese.xlsx"])) as archive:
        assert stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode() in archive.read("docProps/core.xml")  # not today's
        assert {i.date_time[:3] for i in archive.infolist()} == {stamp.timetuple()[:3]}


def test_frictionless_accepts_the_csv_and_rejects_a_broken_one(session, tmp_path):
    _, files, folder = session
    package = json.loads(files["datapackage.json"])
    fields = [f["name"] for f in package["resources"][0]["schema"]["fields"]]
    assert fields == files["synthese.csv"].decode("utf-8-sig").splitlines()[0].split(";")
    assert package["licenses"][0]["title"] == "Licence Ouverte / Open Licence version 2.0"
    report = validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    # The schema constrains: a coverage the synthesis never writes is refused.
    (tmp_path / "datapackage.json").write_bytes(files["datapackage.json"])
    (tmp_path / "synthese.csv").write_bytes(files["synthese.csv"].replace(";fragile;".encode(), ";solide;".encode(), 1))
    assert not validate(str(tmp_path / "datapackage.json")).valid


def test_licence_is_the_users_choice(session):
    from ateliers.synthese.maillage import build_maillage
    from ateliers.synthese.maillage.exports import datapackage, parse_licence

    m = build_maillage(session[0])
    assert json.loads(datapackage(m, parse_licence("odbl"), "1.0"))["licenses"][0]["name"] == "ODbL-1.0"
    own = json.loads(datapackage(m, parse_licence("Licence du Pays du Haut-Vallon"), "1.0"))
    assert own["licenses"][0]["title"] == own["resources"][0]["licenses"][0]["title"] == "Licence du Pays du Haut-Vallon"


def test_measures(session):
    from ateliers.synthese.maillage import build_maillage

    result, files, _ = session
    m = build_maillage(result)
    assert {k: v for k, v in m.sole_holdings().items()} == {
        "vallon services scic": ["C1-02"], "comite des fetes de lavaur": ["C1-03"], "centre social du vallon": ["C2-02"],
        "epicerie associative la musette": ["C2-05"], "banque alimentaire": ["C3-01"], "la poste": ["C4-03"],
    }  # fmt: skip
    cov = m.coverage(1)
    assert cov["total"] == 10 and cov["tenues"] == 3 and cov["manquante"] == 1  # C1-05 « non »
    assert cov["à vérifier"] == 1 and cov["non examinée"] == 5  # C1-04 « ? »; C1-06 to C1-10 never filled
    assert m.per_phase("mairie de saint julien du vallon") == {1: 1, 2: 1, 3: 0, 4: 0}
    from docx import Document

    document = Document(io.BytesIO(files["synthese.docx"]))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Vallon Services (SCIC) — seul pour C1-02" in text
    cells = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert ["Vallon Services (SCIC)", "3", "1", "0", "1", "1"] in cells
    assert any(r[0].startswith("Phase 1") and r[1] == "10" and r[2] == "3 (30\u00a0%)" for r in cells)


def test_before_after_links(later):
    _, files, _ = later
    wb = openpyxl.load_workbook(io.BytesIO(files["synthese.xlsx"]), read_only=True)
    liens = list(wb["Liens"].iter_rows(values_only=True))
    assert liens[0] == ("From", "To", "Type", "Changement")
    changed = {(r[0], r[1]): r[3] for r in liens[1:] if r[3]}
    assert changed == {("Office de tourisme", "C1-02"): "nouveau", ("Office de tourisme", "C4-05"): "nouveau", ("Banque alimentaire", "C3-01"): "perdu"}
