"""The read-back, in process: statuses, actors, proposed rows, spreadsheet and CSV formats.

Each test writes what a person would type and checks, value by value, where it comes back.
"""

from __future__ import annotations

import codecs
import csv
import io

import pytest

from conftest import EXEMPLES
from ateliers.errors import InputError
from ateliers.lecture import parse_statut, read_worksheets, split_acteurs
from ateliers.lecture.acteurs import split_line
from ateliers.lecture.text import fold
from ateliers.synthese.model import matrix_csv, synthesis_csv, synthesise
from ateliers.synthese.outputs import synthesis_docx
from ateliers.fiches.format import COLUMNS

HEADER = ";".join(COLUMNS)


@pytest.fixture(scope="module")
def vue():
    from ateliers.entrees.inputs import prepare

    return prepare(None, EXEMPLES / "cc-haut-vallon.yaml").vue


def run(vue, tmp_path, files: dict[str, bytes | str]):
    paths = []
    for name, data in files.items():
        path = tmp_path / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        paths.append(path)
    sheets = read_worksheets(vue, paths)
    return sheets, synthesise(vue, sheets)


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells).replace("\u00a0", " ")


# ---------------------------------------------------------------- statuses


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("?", "à vérifier"), ("??", "à vérifier"), ("NSP", "à vérifier"), ("je ne sais pas", "à vérifier"), ("Je ne sais pas.", "à vérifier"),
        ("oui ?", "à vérifier"), ("✓", "détenue"), ("✔", "détenue"), ("+", "détenue"), ("OK", "détenue"), ("x", "détenue"),
        ("✗", "à trouver"), ("✘", "à trouver"), ("-", "à trouver"), ("non", "à trouver"), ("en partie", "partielle"),
        ("À renforcer", "partielle"), ("", None), ("   ", None), ("peut-être", False), ("✓?", False), ("*", False),
    ],
)  # fmt: skip
def test_status_vocabulary(typed, meant):
    assert parse_statut(typed) == meant


def test_unknown_mark_never_held(vue, tmp_path):
    sheets, s = run(vue, tmp_path, {"g.csv": f"{HEADER}\nC1-02;;Mairie de Saint-Julien-du-Vallon;;;★;\nC1-03;;;;;?;\n"})
    assert s.competences["C1-02"].detenteurs == []
    assert [s.acteurs[k].nom for k in s.competences["C1-02"].a_verifier] == ["Mairie de Saint-Julien-du-Vallon"]
    assert [(u.what, u.value) for u in sheets.unrecognised] == [("statut", "★")]
    assert sheets.readings[1].statut == "à vérifier" and s.competences["C1-03"].couverture() == "manquante"
    rows = [r for r in csv_rows(synthesis_csv(s)) if r["N°"] == "C1-02"]
    assert [(r["Acteur"], r["Statut"]) for r in rows] == [("Mairie de Saint-Julien-du-Vallon", "à vérifier")]


# ---------------------------------------------------------------- actors


def test_declared_names_are_never_split(vue, tmp_path):
    sheets, s = run(vue, tmp_path, {"g.csv": f'{HEADER}\nC1-07;;"Jeanne Roux, habitante et bénévole";;;;\n'})
    assert s.competences["C1-07"].couverture() == "fragile"
    assert s.competences["C1-07"].detenteurs == [fold("Jeanne Roux, habitante et bénévole")]
    assert s.acteurs[fold("Jeanne Roux, habitante et bénévole")].competences == ["C1-07"]
    assert not sheets.notices


def test_lower_case_continues_a_name():
    assert split_acteurs("Chambre de commerce et d'industrie") == ["Chambre de commerce et d'industrie"]
    assert split_acteurs("Paul Martin, retraité, Mairie") == ["Paul Martin, retraité", "Mairie"]
    assert split_acteurs("mairie, épicerie") == ["mairie", "épicerie"]  # all lower case: typed that way
    assert split_acteurs("Vallon Services (SCIC, Lavaur) / La Poste") == ["Vallon Services (SCIC, Lavaur)", "La Poste"]


def test_doubtful_split_reported(vue, tmp_path):
    names, doubtful = split_line("Bois et Forêts", set())
    assert names == ["Bois", "Forêts"] and doubtful is not None
    sheets, _ = run(vue, tmp_path, {"g.csv": f"{HEADER}\nC1-04;;Bois et Forêts;;;;\n"})
    assert [n.what for n in sheets.notices] == ["lu comme 2 acteurs : « Bois » ; « Forêts »"]
    assert sheets.notices[0].where == "g.csv, tableau 1, ligne 2"


def test_names_seen_alone_are_not_split(vue, tmp_path):
    text = f'{HEADER}\nC1-04;;Bois et Forêts;;;;\nC1-05;;"Bois et Forêts, La Poste";;;;\n'  # one unit, twice
    sheets, s = run(vue, tmp_path, {"g.csv": text})
    assert [s.acteurs[k].nom for k in s.competences["C1-05"].detenteurs] == ["Bois et Forêts", "La Poste"]
    assert s.competences["C1-04"].detenteurs == [fold("Bois et Forêts")] and not sheets.notices


def test_one_type_and_contact_per_actor_line(vue, tmp_path):
    text = f'{HEADER}\nC1-01;;"La Poste\nVallon Services";"service public\nentreprise";"\n04 71 00 00 02";;\n'
    _, s = run(vue, tmp_path, {"g.csv": text})
    poste, vallon = s.acteurs[fold("La Poste")], s.acteurs[fold("Vallon Services")]
    assert poste.types == ["service public"] and vallon.types == ["entreprise"]
    assert poste.contacts == [] and vallon.contacts == ["04 71 00 00 02"]


# ---------------------------------------------------------------- proposed rows


def test_proposed_rows_keep_every_field_in_every_output(vue, tmp_path):
    text = (
        f"{HEADER}\n"
        "C1-10;;;;;;\n"
        ";Savoir réparer les vélos;Atelier vélo;association;velo@exemple.fr;partielle;le samedi seulement\n"
        "C1-11;Tenir un stand au marché;Comité des fêtes de Lavaur;association;;oui;avec la mairie\n"
        "16;Prêter une salle;Mairie de Saint-Julien-du-Vallon;collectivité;accueil;;\n"
    )
    sheets, s = run(vue, tmp_path, {"g.csv": text})
    assert [(r.numero, r.texte, r.phase) for r in s.proposed] == [("", "Savoir réparer les vélos", 1), ("C1-11", "Tenir un stand au marché", 1), ("16", "Prêter une salle", 1)]
    assert not sheets.unrecognised
    rows = [r for r in csv_rows(synthesis_csv(s)) if r["Couverture"] == "proposée"]
    assert rows[0] | {} == rows[0] and (rows[0]["Compétence"], rows[0]["Acteur"], rows[0]["Type d'acteur"], rows[0]["Contact"], rows[0]["Statut"], rows[0]["Commentaires"]) == (
        "Savoir réparer les vélos", "Atelier vélo", "association", "velo@exemple.fr", "partielle", "le samedi seulement")
    assert (rows[1]["N°"], rows[1]["Statut"], rows[1]["Commentaires"]) == ("C1-11", "détenue", "avec la mairie")
    assert (rows[2]["N°"], rows[2]["Contact"], rows[2]["Type d'acteur"]) == ("16", "accueil", "collectivité")
    text = docx_text(synthesis_docx(s, None))
    for value in ("Savoir réparer les vélos", "velo@exemple.fr", "statut : partielle", "le samedi seulement", "C1-11 — Tenir un stand au marché", "avec la mairie", "16 — Prêter une salle"):
        assert value in text, value
    matrix = list(csv.reader(io.StringIO(matrix_csv(s).decode("utf-8-sig")), delimiter=";"))
    header = matrix[0]
    velo = next(r for r in matrix if r[1] == "Savoir réparer les vélos")
    assert velo[2] == "proposée" and velo[header.index("Atelier vélo")] == "x"


def test_edited_wording_reported(vue, tmp_path):
    texte = next(c.texte for c in vue.competences if c.id == "C1-03")
    sheets, s = run(vue, tmp_path, {"g.csv": f'{HEADER}\nC1-03;"{texte} (y compris le marché de Noël)";Comité des fêtes de Lavaur;;;;\n'})
    assert s.competences["C1-03"].detenteurs == [fold("Comité des fêtes de Lavaur")]
    [notice] = sheets.notices
    assert notice.what == "libellé modifié pour C1-03" and "(y compris le marché de Noël)" in notice.value


# ---------------------------------------------------------------- CSV formats


def test_utf16_tab_separated(vue, tmp_path):
    text = "\t".join(COLUMNS) + "\r\nC1-01\t\tÉpicerie associative La Musette\t\t\t✓\t\r\n"
    sheets, s = run(vue, tmp_path, {"unicode.csv": codecs.BOM_UTF16_LE + text.encode("utf-16-le")})
    assert s.competences["C1-01"].detenteurs == [fold("Épicerie associative La Musette")]
    assert sheets.readings[0].statut == "détenue"


def test_header_after_title_lines_and_repeated(vue, tmp_path):
    text = f"Fiche du groupe 2;;;;;;\n;;;;;;\n{HEADER}\nC1-01;;La Poste;;;;\n{HEADER}\nC2-01;;La Poste;;;;\n"
    sheets, s = run(vue, tmp_path, {"g.csv": text})
    assert not sheets.unrecognised and len(sheets.readings) == 2
    assert s.competences["C2-01"].detenteurs == [fold("La Poste")]
    assert sheets.readings[1].row.where == "g.csv, tableau 1, ligne 6"


def test_extra_columns_become_comments(vue, tmp_path):
    text = f"{HEADER};Remarques;\nC1-01;;La Poste;;;;à voir;le lundi;sans titre\n"
    _, s = run(vue, tmp_path, {"g.csv": text})
    [comment] = s.competences["C1-01"].commentaires
    assert "à voir" in comment and "Remarques : le lundi" in comment and "colonne 9 sans titre : sans titre" in comment


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\0" * 600, "Enregistrez-le en .docx, ou exportez-le en CSV"),
        (b"%PDF-1.7\n", "fiche .docx ou .xlsx"),
        (b"{\\rtf1 bonjour}", "enregistrez-le en .docx, ou exportez-le en CSV"),
        ("Compte rendu de l'atelier\nRien à signaler\n".encode(), "Ajoutez la ligne de titres"),
    ],
)
def test_refusals_say_what_to_do(vue, tmp_path, data, says):
    path = tmp_path / "fiche.doc"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_worksheets(vue, [path])
    assert "fiche.doc" in caught.value.message and says.casefold() in (caught.value.conseil or "").casefold()


def test_reading_a_csv_loads_no_printing_stack(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "g.csv"
    path.write_text(f"{HEADER}\nC1-01;;La Poste;;;oui;\n", encoding="utf-8")
    code = (
        "import sys; from pathlib import Path; import ateliers.lecture as r; from ateliers import load_referentiel; "
        f"ref = load_referentiel(); s = r.read_sheets([Path({str(path)!r})], ref, {{c.id: c.texte for c in ref.competences}}); "
        "assert s.readings[0].acteurs == ['La Poste']; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'weasyprint', 'docx', 'openpyxl', 'pypdfium2'}))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_one_status_per_actor_line(vue, tmp_path):
    text = f'{HEADER}\nC1-01;;"La Poste\nVallon Services (SCIC)";;;"détenue\npartielle";\n'
    sheets, s = run(vue, tmp_path, {"g.csv": text})
    assert [(r.acteurs, r.statut) for r in sheets.readings] == [(["La Poste"], "détenue"), (["Vallon Services (SCIC)"], "partielle")]
    assert not sheets.unrecognised
    assert set(s.competences["C1-01"].detenteurs) == {fold("La Poste"), fold("Vallon Services (SCIC)")}


@pytest.mark.parametrize(("qui", "statut", "meant", "noticed"), [("?", "", "à vérifier", False), ("Personne", "", "à trouver", False), ("x", "", "détenue", True)])
def test_status_written_in_qui(vue, tmp_path, qui, statut, meant, noticed):
    sheets, s = run(vue, tmp_path, {"g.csv": f"{HEADER}\nC1-01;;{qui};;;{statut};\n"})
    assert sheets.readings[0].acteurs == [] and sheets.readings[0].statut == meant
    assert bool(sheets.notices) == noticed and not s.competences["C1-01"].detenteurs


def test_loose_ids(vue, tmp_path):
    sheets, _ = run(vue, tmp_path, {"g.csv": f"{HEADER}\nc1 - 2;;La Poste;;;;\n1.03;;La Poste;;;;\n"})
    assert [r.competence for r in sheets.readings] == ["C1-02", "C1-03"]
