"""Word worksheets: open the .docx the real command wrote (python-docx) and convert them with LibreOffice."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from ateliers import load_atelier, load_referentiel, merge_atelier
from ateliers.posters import date_fr
from ateliers.worksheets import BLANK_ROWS, COLUMNS

from conftest import EXEMPLES, run_cli

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"
SAINT_AUBIN = EXEMPLES / "saint-aubin-villages.yaml"
SLUG = "communaute-de-communes-du-haut-vallon"


@pytest.fixture(scope="session")
def fiches(tmp_path_factory):
    made = {}
    for name, args in {"territoire": ["--atelier", str(HAUT_VALLON)], "generique": [], "saint-aubin": ["--atelier", str(SAINT_AUBIN)]}.items():
        folder = tmp_path_factory.mktemp(f"fiches-{name}")
        result = run_cli("fiches", "--sortie", str(folder), *args)
        assert result.returncode == 0, result.stderr
        made[name] = folder
    return made


def competence_tables(document):
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == COLUMNS]


def test_files(fiches):
    names = sorted(p.name for p in fiches["territoire"].glob("*.docx"))
    assert names == sorted(
        f"{kind}-{SLUG}.docx" for kind in ("fiche-competences", "fiche-acteurs", "fiche-plan-action", "guide-animation")
    )
    assert sorted(p.name for p in fiches["generique"].glob("*.docx")) == [
        "fiche-acteurs.docx",
        "fiche-competences.docx",
        "fiche-plan-action.docx",
        "guide-animation.docx",
    ]


def test_competence_worksheet(fiches):
    ref = load_referentiel()
    atelier = load_atelier(HAUT_VALLON, ref)
    vue = merge_atelier(ref, atelier)
    document = Document(fiches["territoire"] / f"fiche-competences-{SLUG}.docx")
    tables = competence_tables(document)
    assert len(tables) == len(vue.phases) == 4
    for table, phase in zip(tables, vue.phases):
        assert [c.text for c in table.rows[0].cells] == COLUMNS
        assert len(table.rows) == 1 + len(phase.competences) + BLANK_ROWS
        ids = [row.cells[0].text for row in table.rows[1:]]
        assert ids[: len(phase.competences)] == [c.id for c in phase.competences]
        assert ids[len(phase.competences) :] == [""] * BLANK_ROWS
        for row, competence in zip(table.rows[1:], phase.competences):
            assert row.cells[1].text.startswith(competence.texte)
        # The header row repeats on every page.
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert table.style.name == "Tableau atelier"
    # One landscape section per phase, with the territory and date in the header.
    assert len(document.sections) == 4
    for section in document.sections:
        assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
        header = " ".join(p.text for p in section.header.paragraphs)
        assert atelier.territoire in header and date_fr(atelier.date) in header
        footer = section.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer and "référentiel 1.0" in footer.replace("\u00a0", " ")
    assert "« détenue »" in "".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    props = document.core_properties
    assert props.version == ref.version
    assert props.identifier == f"sha256:{ref.empreinte}"
    assert props.category == atelier.territoire
    assert ref.empreinte in props.keywords
    # Word's own styles, so that users restyle in two clicks.
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)


def test_retained_phases_and_additions(fiches):
    ref = load_referentiel()
    vue = merge_atelier(ref, load_atelier(SAINT_AUBIN, ref))
    document = Document(next(fiches["saint-aubin"].glob("fiche-competences-*.docx")))
    tables = competence_tables(document)
    assert len(tables) == 2
    ids = [row.cells[0].text for t in tables for row in t.rows[1:] if row.cells[0].text]
    assert ids == [c.id for c in vue.competences]
    assert "C1-T01" in ids


def test_generic_worksheet_has_blanks(fiches):
    document = Document(fiches["generique"] / "fiche-competences.docx")
    header = document.sections[0].header.paragraphs[0].text
    assert "Territoire" in header and "____" in header
    assert document.core_properties.category == "générique"
    assert len(competence_tables(document)) == 4


def test_actor_worksheet(fiches):
    atelier = load_atelier(HAUT_VALLON, load_referentiel())
    document = Document(fiches["territoire"] / f"fiche-acteurs-{SLUG}.docx")
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for acteur in atelier.acteurs:
        assert acteur.nom in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == len(atelier.acteurs) + 4  # known actors + blank ones


def test_action_plan(fiches):
    document = Document(fiches["territoire"] / f"fiche-plan-action-{SLUG}.docx")
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][0].startswith("Compétence")
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_guide_agenda_and_quantities(fiches):
    atelier = load_atelier(HAUT_VALLON, load_referentiel())
    document = Document(fiches["territoire"] / f"guide-animation-{SLUG}.docx")
    cells = [[c.text.replace("\u00a0", " ") for c in r.cells] for t in document.tables for r in t.rows]
    agenda = [row for row in cells if row[0][:1].isdigit() and " h" in row[0]]
    assert agenda[0][0].startswith("9 h")  # the workshop starts at 09:00
    decks = next(row for row in cells if row[0].startswith("Jeu de cartes « Compétences »"))
    assert decks[1] == str(atelier.nombre_sous_groupes)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Être au four et au moulin" in text  # tips from « astuces – conseils »


def test_user_text_is_text(tmp_path):
    hostile = 'Mairie <w:t>&amp; </w:p> {{ 7*7 }} "quoi"'
    text = HAUT_VALLON.read_text(encoding="utf-8").replace(
        "  - nom: Mairie de Saint-Julien-du-Vallon", f"  - nom: '{hostile}'"
    )
    atelier = tmp_path / "atelier.yaml"
    atelier.write_text(text, encoding="utf-8")
    result = run_cli("fiches", "--atelier", str(atelier), "--sortie", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    document = Document(next((tmp_path / "out").glob("fiche-acteurs-*.docx")))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "<w:t>&amp; </w:p> {{ 7*7 }}" in text


def test_libreoffice_opens_every_file(fiches, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is required (.ci/run installs libreoffice-writer-nogui)"
    files = [p for folder in fiches.values() for p in folder.glob("*.docx")]
    out = tmp_path / "pdf"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil", "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for path in files:
        pdf = out / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, path.name
