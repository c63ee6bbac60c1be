"""The spreadsheet worksheet (fiche-competences-<territoire>.xlsx): what it holds, how it
prints, and that what a group types in it comes back on the right competence."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from conftest import EXEMPLES
from ateliers.lecture import read_worksheets
from ateliers.lecture.text import fold
from ateliers.synthese.model import synthesise
from ateliers.fiches.format import BLANK_ROWS, COLUMNS


@pytest.fixture(scope="module")
def vue():
    from ateliers.entrees.inputs import prepare

    return prepare(None, EXEMPLES / "cc-haut-vallon.yaml").vue


@pytest.fixture(scope="module")
def result(vue):
    from ateliers.fiches.tableur import competences_xlsx

    return competences_xlsx(vue)


def test_one_sheet_per_phase_same_columns(vue, result):
    assert result.path == "fiche-competences-communaute-de-communes-du-haut-vallon.xlsx"
    book = load_workbook(io.BytesIO(result.data))
    assert [s.title for s in book.worksheets] == [f"Phase {p.numero} — {p.nom}"[:31] for p in vue.phases]
    for sheet, phase in zip(book.worksheets, vue.phases, strict=True):
        rows = list(sheet.iter_rows(values_only=True))
        assert list(rows[0]) == COLUMNS
        assert [r[0] for r in rows[1:]] == [c.id for c in phase.competences] + [None] * BLANK_ROWS
        added = [c for c in phase.competences if c.ajoutee]
        for c in added:
            assert next(r[1] for r in rows if r[0] == c.id).endswith("(ajoutée par le territoire)")


def test_ids_and_wordings_locked_the_rest_free(result):
    book = load_workbook(io.BytesIO(result.data))
    sheet = book.worksheets[0]
    assert sheet.protection.sheet
    assert sheet["A2"].protection.locked and sheet["B2"].protection.locked
    assert not sheet["C2"].protection.locked and not sheet["F2"].protection.locked
    last = sheet.max_row
    assert not sheet[f"A{last}"].protection.locked and not sheet[f"B{last}"].protection.locked  # blank rows: new competences
    assert not sheet.protection.insertRows  # False means « allowed » in the file format


def test_drop_down_lists(result):
    sheet = load_workbook(io.BytesIO(result.data)).worksheets[0]
    lists = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    statut = next(dv for ref, dv in lists.items() if ref.startswith("F2"))
    kind = next(dv for ref, dv in lists.items() if ref.startswith("D2"))
    assert statut.type == "list" and statut.formula1 == '"porteur de projet,détenue,partielle,à trouver,à vérifier"' and statut.showErrorMessage
    assert kind.type == "list" and kind.formula1 == '"collectivité,association,entreprise,service public,habitant·e,autre"'
    assert kind.errorStyle == "warning"  # another type may be kept, knowingly


def test_print_setup_and_stamp(vue, result):
    book = load_workbook(io.BytesIO(result.data))
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9  # A4
        assert sheet.print_title_rows == "$1:$1"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
    props = book.properties
    assert props.version == vue.referentiel.version and props.identifier == f"sha256:{vue.referentiel.empreinte}"


def test_reproducible(vue, result):
    from ateliers.fiches.tableur import competences_xlsx

    assert competences_xlsx(vue).data == result.data


def test_typed_values_come_back(vue, result, tmp_path):
    book = load_workbook(io.BytesIO(result.data))
    phase1, phase2 = book.worksheets[0], book.worksheets[1]
    row = {phase1.cell(r, 1).value: r for r in range(2, phase1.max_row + 1)}
    phase1.cell(row["C1-01"], 3).value = "La Poste\nVallon Services (SCIC)"
    phase1.cell(row["C1-01"], 4).value = "service public\nentreprise"
    phase1.cell(row["C1-01"], 6).value = "détenue"
    phase1.cell(row["C1-02"], 6).value = "à vérifier"
    phase1.cell(row["C1-02"], 3).value = "Centre social"
    phase1.cell(row["C1-03"], 7).value = "voir en mai"
    blank = phase1.max_row
    phase1.cell(blank, 2).value = "Savoir réparer les vélos"
    phase1.cell(blank, 3).value = "Atelier vélo"
    phase1.cell(blank, 6).value = "partielle"
    phase2.cell(3, 3).value = "Comité des fêtes de Lavaur"
    path = tmp_path / "groupe.xlsx"
    book.save(path)
    sheets = read_worksheets(vue, [path])
    s = synthesise(vue, sheets)
    assert s.competences["C1-01"].detenteurs == [fold("La Poste"), fold("Vallon Services (SCIC)")]
    assert s.acteurs[fold("La Poste")].types[-1] == "service public" and "entreprise" in s.acteurs[fold("Vallon Services (SCIC)")].types
    assert s.competences["C1-02"].a_verifier == [fold("Centre social")]
    assert s.competences["C1-03"].commentaires == [f"voir en mai (groupe.xlsx, feuille « {phase1.title} », ligne {row['C1-03']})"]
    [proposed] = s.proposed
    assert (proposed.texte, proposed.acteurs, proposed.statut, proposed.phase) == ("Savoir réparer les vélos", ["Atelier vélo"], "partielle", 1)
    c2 = phase2.cell(3, 1).value
    assert s.competences[c2].detenteurs == [fold("Comité des fêtes de Lavaur")]
    assert not sheets.unrecognised and not sheets.notices
