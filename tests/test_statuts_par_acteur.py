"""One status per actor, and the project leader's own status (« porteur de projet »)."""

from __future__ import annotations

import csv
import io

import pytest

from maillage_cases import built, csv_graph

pytestmark = pytest.mark.lent  # builds a synthesis (its posters rendered)

# (N°, holders one per line, type, status one per line)
ROWS = [
    ("C1-01", "Mairie de Lavaur\nÉpicerie La Musette", "", "détenue\ndétenue"),
    ("C1-02", "Mairie de Lavaur\nLa Poste", "", "détenue\npartielle"),
    ("C1-03", "Porteur de projet", "", "détenue"),  # the old way of writing the board's first column
    ("C1-04", "", "", "porteur de projet"),  # the new status
    ("C1-05", "Porteur de projet\nCentre social", "", "détenue\ndétenue"),
    ("C1-06", "Office de tourisme\nLa Poste", "", "?\nok"),
    ("C1-07", "", "", "non"),
    ("C1-09", "Mairie de Lavaur", "", "porteur de projet"),  # the project leader named: kept, not a link
]


def test_each_actor_keeps_its_own_status():
    result, files, _ = built(ROWS)
    assert not result.unrecognised
    coverage, actors, links = csv_graph(files["synthese.csv"])
    assert links[("Mairie de Lavaur", "C1-01")] == links[("Épicerie La Musette", "C1-01")] == "détenue"
    assert coverage["C1-01"] == "couverte"
    assert links[("Mairie de Lavaur", "C1-02")] == "détenue" and links[("La Poste", "C1-02")] == "partielle"
    assert coverage["C1-02"] == "couverte"  # a partial holder beside a full one: not « partielle »
    assert links[("Office de tourisme", "C1-06")] == "à vérifier" and links[("La Poste", "C1-06")] == "détenue"
    assert coverage["C1-06"] == "fragile"


def test_project_leader_is_a_status_not_an_actor():
    from ateliers.synthese.maillage import build_maillage

    result, files, _ = built(ROWS)
    coverage, actors, links = csv_graph(files["synthese.csv"])
    assert coverage["C1-03"] == coverage["C1-04"] == "portée"
    assert coverage["C1-05"] == "fragile"  # Centre social alone: the project leader does not count
    assert coverage["C1-07"] == "manquante" and coverage["C1-08"] == "non examinée"
    assert not any("porteur" in a.casefold() for a in actors)
    assert all("porteur" not in a.nom.casefold() for a in result.acteurs.values())
    rows = list(csv.DictReader(io.StringIO(files["synthese.csv"].decode("utf-8-sig")), delimiter=";"))
    assert {r["N°"] for r in rows if r["Statut"] == "porteur de projet" and not r["Acteur"]} == {"C1-03", "C1-04", "C1-05"}
    assert [(r["N°"], r["Acteur"]) for r in rows if r["Statut"] == "porteur de projet" and r["Acteur"]] == [("C1-09", "Mairie de Lavaur")]
    assert coverage["C1-09"] == "portée" and ("Mairie de Lavaur", "C1-09") not in links
    import pdfplumber

    with pdfplumber.open(io.BytesIO(files["synthese-carte.pdf"])) as pdf:
        text = " ".join(pdf.pages[0].extract_text().split())
    assert "porteur de projet (Mairie de Lavaur)" in text
    m = build_maillage(result)
    assert all("porteur" not in a.nom.casefold() for a in m.acteurs)
    assert "centre social" in m.sole_holdings()
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(files["synthese.xlsx"]), read_only=True)
    assert all("porteur" not in str(r[0]).casefold() for r in list(wb["Acteurs"].iter_rows(values_only=True))[1:])


def test_worksheets_offer_the_five_statuses():
    from ateliers.lecture.statuts import PORTEUR, VALEURS, parse_statut
    from ateliers.fiches.format import STATUTS

    assert [s for s, _ in STATUTS] == ["porteur de projet", "détenue", "partielle", "à trouver", "à vérifier"]
    assert PORTEUR == "porteur de projet" and VALEURS[0] == PORTEUR
    assert parse_statut("Porteur de projet") == parse_statut("porté par le porteur de projet") == PORTEUR
