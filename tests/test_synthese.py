"""Read back worksheets filled the way people fill them, and check the exact figures."""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from docx import Document

from conftest import EXEMPLES, run_cli

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"
SHEET = "fiche-competences-communaute-de-communes-du-haut-vallon.docx"


@pytest.fixture(scope="module")
def blank(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fiches")
    result = run_cli("fiches", "--atelier", str(HAUT_VALLON), "--sortie", str(folder))
    assert result.returncode == 0, result.stderr
    return folder / SHEET


def row_of(table, ident):
    return next(r for r in table.rows if r.cells[0].text == ident)


def fill(row, qui="", statut="", type_="", contact="", commentaire=""):
    cells = row.cells
    cells[2].text, cells[3].text, cells[4].text, cells[5].text, cells[6].text = qui, type_, contact, statut, commentaire


def read_csv(path):
    text = path.read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")  # BOM for French Excel
    return list(csv.DictReader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


@pytest.fixture(scope="module")
def filled(blank, tmp_path_factory):
    folder = tmp_path_factory.mktemp("remplies")
    # Sub-group A: line breaks, loose statuses, an unknown status, a proposed competence.
    a = Document(blank)
    t = a.tables[0]
    fill(row_of(t, "C1-01"), "Mairie de Saint-Flour\nÉpicerie La Musette")
    fill(row_of(t, "C1-02"), "  mairie de st flour ", "ok")
    fill(row_of(t, "C1-03"), "", "?")
    fill(row_of(t, "C1-04"), "Comité des fêtes", "en partie")
    fill(row_of(t, "C1-05"), "", "peut-être")
    fill(row_of(t, "C1-06"), "", "", "", "", "À voir avec la CCI")  # a comment alone
    fill(row_of(t, "C1-10"), "Office de tourisme", "à trouver")  # contradictory: kept aside
    t.rows[-1].cells[1].text = "Savoir réparer les vélos"
    t.rows[-1].cells[2].text = "Atelier vélo"
    a.save(folder / "groupe-a.docx")
    # Sub-group B: a row removed, rows reordered, case and separators of every kind, merged cells.
    b = Document(blank)
    t = b.tables[0]
    removed = row_of(t, "C1-06")._tr
    removed.getparent().remove(removed)
    r7, r8 = row_of(t, "C1-07")._tr, row_of(t, "C1-08")._tr
    r7.addprevious(r8)  # C1-08 now before C1-07
    fill(row_of(t, "C1-07"), "MAIRIE DE SAINT-FLOUR", "x")
    fill(row_of(t, "C1-08"), "Atelier vélo, Mairie de Saint-Flour ; Épicerie La Musette et France services du Haut-Vallon", "détenue")
    row9 = row_of(t, "C1-09")
    merged = row9.cells[2].merge(row9.cells[3])
    merged.text = "Vallon Services (SCIC)"
    b.save(folder / "groupe-b.docx")
    # Sub-group C typed into a spreadsheet: CSV with commas, in Latin-1.
    lines = ["N°,Compétence,Qui la détient sur notre territoire ?,Type d'acteur,Contact,Statut,Commentaire", 'C2-01,Identifier les terrains,"Comité des fêtes / Mairie de Saint-Flour",association,,oui,', "C2-02,,,,,non,"]
    (folder / "groupe-c.csv").write_bytes("\n".join(lines).encode("cp1252"))
    out = folder / "synthese"
    result = run_cli("synthese", "--atelier", str(HAUT_VALLON), "--sortie", str(out), str(folder / "groupe-a.docx"), str(folder / "groupe-b.docx"), str(folder / "groupe-c.csv"))
    assert result.returncode == 0, result.stderr
    return folder, out, result


def holders(rows):
    result = {}
    for row in rows:
        result.setdefault(row["N°"], (row["Couverture"], set()))
        if row["Acteur"]:
            result[row["N°"]][1].add(row["Acteur"])
    return result


def test_exact_figures(filled):
    _, out, result = filled
    h = holders(read_csv(out / "synthese.csv"))
    assert h["C1-01"] == ("couverte", {"Mairie de Saint-Flour", "Épicerie La Musette"})
    assert h["C1-02"] == ("fragile", {"mairie de st flour"})
    assert h["C1-03"] == ("manquante", set())
    assert h["C1-04"] == ("partielle", {"Comité des fêtes"})
    assert h["C1-07"] == ("fragile", {"Mairie de Saint-Flour"})  # « MAIRIE DE SAINT-FLOUR » merged: same normalised name
    assert h["C1-08"] == ("couverte", {"Atelier vélo", "Mairie de Saint-Flour", "Épicerie La Musette", "France services du Haut-Vallon"})
    assert h["C1-09"] == ("fragile", {"Vallon Services (SCIC)"})
    assert h["C2-01"] == ("couverte", {"Comité des fêtes", "Mairie de Saint-Flour"})
    assert h["C2-02"][0] == "manquante"
    assert "C2-T01" in h and h["C2-T01"][0] == "manquante"
    # Probably the same actor, flagged, never merged silently.
    assert "« Mairie de Saint-Flour » et « mairie de st flour »" in result.stdout.replace("\u00a0", " ")


def test_nothing_silently_dropped(filled):
    _, out, result = filled
    document = Document(out / "synthese.docx")
    text = "\n".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    assert "groupe-a.docx, tableau 1" in text and "peut-être" in text  # non reconnu, located
    assert "Savoir réparer les vélos" in text and "Atelier vélo" in text  # proposed competence kept
    tables = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "C1-03" in tables  # the action plan is pre-filled with the gaps
    assert "À voir avec la CCI" in text  # comments kept
    assert "Office de tourisme" in text and "groupe-a.docx, tableau 1" in text
    assert "Mairie de Saint-Flour" in tables  # actor directory


def test_matrix(filled):
    _, out, _ = filled
    rows = list(csv.reader(io.StringIO((out / "synthese-matrice.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    c101 = next(r for r in rows if r[0] == "C1-01")
    assert c101[header.index("Mairie de Saint-Flour")] == "x" and c101[header.index("Épicerie La Musette")] == "x"
    assert (out / "synthese-carte.pdf").read_bytes().startswith(b"%PDF")


def test_other_referential_version_refused(blank, tmp_path):
    document = Document(blank)
    document.core_properties.version = "0.9"
    path = tmp_path / "ancienne.docx"
    document.save(path)
    result = run_cli("synthese", "--atelier", str(HAUT_VALLON), "--sortie", str(tmp_path / "o"), str(path))
    assert result.returncode == 2 and "ancienne.docx" in result.stderr and "--forcer" in result.stderr
    forced = run_cli("synthese", "--atelier", str(HAUT_VALLON), "--sortie", str(tmp_path / "o"), "--forcer", str(path))
    assert forced.returncode == 0, forced.stderr


def test_not_a_worksheet_refused(tmp_path):
    document = Document()
    document.add_paragraph("Compte rendu sans tableau")
    path = tmp_path / "compte-rendu.docx"
    document.save(path)
    result = run_cli("synthese", "--atelier", str(HAUT_VALLON), "--sortie", str(tmp_path / "o"), str(path))
    assert result.returncode == 2 and "compte-rendu.docx" in result.stderr and "Traceback" not in result.stderr
    (tmp_path / "pas-un-zip.docx").write_text("bonjour", encoding="utf-8")
    result = run_cli("synthese", "--atelier", str(HAUT_VALLON), "--sortie", str(tmp_path / "o"), str(tmp_path / "pas-un-zip.docx"))
    assert result.returncode == 2 and "pas-un-zip.docx" in result.stderr


def test_changes_since_previous_session(filled, blank, tmp_path):
    folder, out, _ = filled
    previous = tmp_path / "avant.csv"
    shutil.copy(out / "synthese.csv", previous)
    later = Document(blank)
    t = later.tables[0]
    fill(row_of(t, "C1-03"), "Centre social")  # was missing
    fill(row_of(t, "C1-01"), "", "à trouver")  # nobody any more
    later.save(tmp_path / "plus-tard.docx")
    result = run_cli("synthese", "--atelier", str(HAUT_VALLON), "--sortie", str(tmp_path / "o"), "--avant", str(previous), str(tmp_path / "plus-tard.docx"))
    assert result.returncode == 0, result.stderr
    lines = {line.split()[0] + " " + line.split()[1]: line for line in result.stdout.splitlines() if line.startswith("  nouve") or line.startswith("  acteurs")}
    assert "C1-03" in lines["nouvellement couvertes"]
    assert "C1-01" in lines["nouvellement manquantes"]
    assert "Centre social" in lines["nouveaux acteurs"]
    assert "Épicerie La Musette" in lines["acteurs disparus"]
