"""``ateliers importer``: the referential comes back from a Word fiche shaped like the source, or a table."""

from __future__ import annotations

import csv

import pytest
from docx import Document

from ateliers import api
from ateliers.errors import InputError, ValidationFailed
from ateliers.lecture.importer import group_ids, items_of
from ateliers.entrees.loading import load_referentiel

from conftest import EXEMPLES, ROOT, run_cli


def _shape(ref):
    return (
        [(p.numero, p.nom, [e.texte for e in p.etapes], [c.texte for c in p.competences]) for p in ref.phases],
        [(g.nom, [e.texte for e in g.elements]) for g in ref.resume],
    )


def word_fiche(ref, path, arrows=True, bullets=True, split_rows=True, split_tables=False):
    """A Word document laid out as the source fiche: intro, « → Phase N : Nom », its two-column table
    (header row, items one per paragraph with « • », the competences running over a second row),
    then « II. En résumé… » and a table whose rows alternate group names and their items."""
    document = Document()
    document.core_properties.title = ref.titre
    document.add_paragraph(ref.introduction)
    document.add_paragraph("I. " + ref.libelles.partie_phases)
    for phase in ref.phases:
        document.add_paragraph(("→ " if arrows else "") + f"Phase {phase.numero} : {phase.nom}")
        for note in phase.notes:
            document.add_paragraph(note)
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = ref.libelles.etapes, ref.libelles.competences
        half = (len(phase.competences) + 1) // 2 if split_rows else len(phase.competences)
        chunks = [(phase.etapes, phase.competences[:half]), ([], phase.competences[half:])]
        for n, (etapes, competences) in enumerate(chunks):
            if not etapes and not competences:
                continue
            if split_tables and n == 1:  # continued in a second table that repeats the header row
                table = document.add_table(rows=1, cols=2)
                table.rows[0].cells[0].text, table.rows[0].cells[1].text = ref.libelles.etapes, ref.libelles.competences
            cells = table.add_row().cells
            for cell, items in zip(cells, (etapes, competences)):
                cell.paragraphs[0].text = ""
                for i, item in enumerate(items):
                    paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
                    paragraph.text = ("• " if bullets else "") + item.texte
    document.add_paragraph("II. " + ref.libelles.partie_resume)
    document.add_paragraph(ref.introduction_resume or "")
    groups = ref.resume
    table = document.add_table(rows=0, cols=3)
    for start in range(0, len(groups), 3):
        row = groups[start : start + 3]
        names, items = table.add_row().cells, table.add_row().cells
        for c, group in enumerate(row):
            names[c].text = group.nom
            items[c].text = "\n".join(e.texte for e in group.elements)
    document.save(path)
    return path


def test_word_fiche_round_trip(tmp_path, referentiel):
    fiche = word_fiche(referentiel, tmp_path / "fiche.docx")
    result = api.import_referentiel(fiche, tmp_path / "referentiel-importe.yaml")
    assert _shape(result.referentiel) == _shape(referentiel)
    # Ids follow the rules: phases' items numbered from 01; groups named from their words.
    assert [c.id for c in result.referentiel.phase(2).competences][:3] == ["C2-01", "C2-02", "C2-03"]
    assert result.referentiel.titre == referentiel.titre
    assert result.referentiel.introduction == referentiel.introduction
    assert result.referentiel.libelles == referentiel.libelles
    assert result.referentiel.phase(2).notes == referentiel.phase(2).notes
    # The written file passes « ateliers valider ».
    check = run_cli("valider", str(tmp_path / "referentiel-importe.yaml"))
    assert check.returncode == 0, check.stderr
    assert "4 phases" in check.stdout
    # What the document does not say is left « À compléter », and said before printing.
    assert "référentiel › source › auteurs" in check.stdout and "encore à compléter" in check.stdout
    assert "à compléter" not in run_cli("valider").stdout


def test_word_without_arrows_bullets_or_header_and_split_tables(tmp_path):
    ref = load_referentiel(EXEMPLES / "tiers-lieux" / "referentiel-tiers-lieux.yaml")
    fiche = word_fiche(ref, tmp_path / "tiers.docx", arrows=False, bullets=False, split_tables=True)
    result = api.import_referentiel(fiche, tmp_path / "r.yaml")
    assert _shape(result.referentiel)[0] == _shape(ref)[0]
    assert [g.nom for g in result.referentiel.resume] == ["Posture", "Outils", "Points de vigilance"]


@pytest.mark.parametrize("separator", [";", ",", "\t"])
def test_csv_round_trip(tmp_path, referentiel, separator):
    """Texts full of commas, with any separator a spreadsheet writes."""
    path = tmp_path / "referentiel.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=separator)
        writer.writerow(["Phase", "Nom de la phase", "Type", "Texte", "Groupe"])
        for phase in referentiel.phases:
            for e in phase.etapes:
                writer.writerow([phase.numero, phase.nom, "étape", e.texte, ""])
            for c in phase.competences:
                writer.writerow([phase.numero, phase.nom, "compétence", "• " + c.texte, ""])
        writer.writerow([])
        for g in referentiel.resume:
            for e in g.elements:
                writer.writerow(["", "", "synthèse", e.texte, g.nom])
    result = api.import_referentiel(path, tmp_path / "out.yaml")
    assert _shape(result.referentiel) == _shape(referentiel)
    assert "source.auteurs" in result.a_completer


def test_xlsx_is_read_too(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Référentiel mobilité (exemple)"])
    sheet.append(["Phase", "Nom de la phase", "Type", "Texte"])
    sheet.append([1, "Le diagnostic", "Grande étape", "Recenser les déplacements"])
    sheet.append([1, "Le diagnostic", "Compétence", "Conduire une enquête de mobilité"])
    sheet.append([2, "Le service", "étape", "Ouvrir le service"])
    sheet.append([2, None, "compétence", "Coordonner des chauffeurs bénévoles"])
    book.save(tmp_path / "mobilite.xlsx")
    result = api.import_referentiel(tmp_path / "mobilite.xlsx", tmp_path / "m.yaml")
    assert result.referentiel.titre == "Référentiel mobilité (exemple)"
    assert [(p.nom, [c.texte for c in p.competences]) for p in result.referentiel.phases] == [
        ("Le diagnostic", ["Conduire une enquête de mobilité"]),
        ("Le service", ["Coordonner des chauffeurs bénévoles"]),
    ]


def test_what_cannot_be_read_is_named_and_nothing_written(tmp_path):
    path = tmp_path / "faux.csv"
    path.write_text(
        "Phase;Nom de la phase;Type;Texte\n1;A;étape;Un\n1;A;compétence;Deux\n3;C;étape;Trois\nx;A;étape;Quatre\n1;A;objectif;Cinq\n1;A;compétence;\n",
        encoding="utf-8",
    )
    target = tmp_path / "r.yaml"
    with pytest.raises(ValidationFailed) as caught:
        api.import_referentiel(path, target)
    text = str(caught.value) + "\n".join(map(str, caught.value.problems))
    assert "faux.csv, ligne 5 (tableau 1)" in text and "« x »" in text
    assert "ligne 6" in text and "objectif" in text
    assert "ligne 7" in text and "pas de texte" in text
    assert "doivent se suivre" in text  # phases 1 and 3
    assert not target.exists()


def test_word_phase_without_table_and_wide_table_named(tmp_path):
    document = Document()
    document.add_paragraph("Phase 1 : Seule")
    document.add_paragraph("Phase 2 : Large")
    table = document.add_table(rows=1, cols=3)
    table.rows[0].cells[0].text = "a"
    document.save(tmp_path / "f.docx")
    with pytest.raises(ValidationFailed) as caught:
        api.import_referentiel(tmp_path / "f.docx", tmp_path / "r.yaml")
    messages = [str(p) for p in caught.value.problems]
    assert any("phase 1 n’est suivie d’aucun tableau" in m for m in messages)
    assert any("tableau 1" in m and "3 colonnes" in m for m in messages)


def test_not_a_document(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(InputError):
        api.import_referentiel(path, tmp_path / "r.yaml")


def test_source_details_a_parenthesis_and_a_remark_under_the_list(tmp_path):
    """As in the source: « Phase 4 : Le fonctionnement (souvent en lien avec une phase d’essai) », and
    an italic « Point d’attention… » paragraph under the bulleted steps of phase 2, on one line each."""
    document = Document()
    for n, heading, left in (
        (1, "→ Phase 1 : L’émergence", "• Connaître la population • Définir les besoins"),
        (2, "➔ Phase 2 : Le test", "• Chercher des financements\nPoint d’attention à cette étape : ne pas s’éparpiller"),
        (3, "Phase 3 – Le fonctionnement (souvent en lien avec une phase d’essai)", "Stabiliser"),
    ):
        document.add_paragraph(heading)
        if n == 2:
            document.add_paragraph("Phase 2 et phase 3 se chevauchent souvent")  # a remark, not a phase
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = left, f"Compétence {n}"
    document.save(tmp_path / "f.docx")
    result = api.import_referentiel(tmp_path / "f.docx", tmp_path / "r.yaml")
    ref = result.referentiel
    assert [p.nom for p in ref.phases] == ["L’émergence", "Le test", "Le fonctionnement"]
    assert [e.texte for e in ref.phase(1).etapes] == ["Connaître la population", "Définir les besoins"]
    assert [e.texte for e in ref.phase(2).etapes] == ["Chercher des financements"]
    assert ref.phase(2).notes == ["Phase 2 et phase 3 se chevauchent souvent", "Point d’attention à cette étape\u00a0: ne pas s’éparpiller"]
    assert ref.phase(3).notes == ["Souvent en lien avec une phase d’essai."]
    assert any("remarque de la phase 2" in n for n in result.notices)


def test_items_and_group_ids():
    assert items_of("• Un\n\n• Deux • Trois\n- Quatre") == ["Un", "Deux", "Trois", "Quatre"]
    assert items_of("Gestion - comptabilité") == ["Gestion - comptabilité"]
    assert group_ids(["Savoir-faire en situation", "Savoir-faire relationnel", "Astuces – conseils", "Posture", "Posture"]) == [
        "R-SFS", "R-SFR", "R-AC", "R-POS", "R-POSA",
    ]
    ids = group_ids(["Posture", "Posture bis", "Outils"])
    assert len(set(ids)) == 3 and all(i.startswith("R-") for i in ids)


def test_cli(tmp_path, referentiel):
    fiche = word_fiche(referentiel, tmp_path / "Fiche compétences.docx")
    result = run_cli("importer", str(fiche), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "referentiel-fiche-competences.yaml").is_file()
    assert "4 phases" in result.stdout and "À compléter" in result.stdout
    again = run_cli("importer", str(fiche), cwd=tmp_path)
    assert again.returncode == 2 and "existe déjà" in again.stderr + again.stdout
    assert ROOT  # the project's schema is referred to
