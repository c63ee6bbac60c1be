"""The results grid of « Après l'atelier », over real HTTP (Flask's test client): several actor
lines per competence, each with its own status, saved as a worksheet CSV that the synthesis
reads actor by actor; grids saved before (one row, names separated by commas) still open."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
from werkzeug.datastructures import MultiDict

from ateliers.web import create_app

from webcheck import client_of, fields, form, workshop

VALLON = """territoire: Essai du Vallon
phases_retenues: [1]
acteurs:
  - nom: Mairie du Vallon
    type: collectivité
  - nom: Épicerie La Musette
    type: association
  - nom: France services
    type: service public
"""
HEADER = "N°;Compétence;Qui la détient sur notre territoire ?;Type d'acteur;Contact;Statut;Commentaire"


@pytest.fixture()
def app(tmp_path):
    workshop(tmp_path, "essai", VALLON)
    return create_app(tmp_path)


def _grid(c, name: str = "essai") -> dict[str, list[str]]:
    return fields(form(c.get(f"/atelier/{name}/resultats").get_data(as_text=True), "/resultats/saisie"))


def _save(c, data: dict[str, list[str]], name: str = "essai"):
    return c.post(f"/atelier/{name}/resultats/saisie", data=MultiDict([(k, v) for k, vs in data.items() for v in vs]))


def _synthesis(space, name: str = "essai"):
    """The synthesis as `ateliers synthese` makes it from the saved grid: synthese.csv's rows
    and the mesh workbook's links (Kumu « Liens »)."""
    from ateliers.entrees.inputs import prepare
    from ateliers.lecture import read_worksheets
    from ateliers.synthese.maillage import build_maillage
    from ateliers.synthese.maillage.exports import workbook
    from ateliers.synthese.model import synthesis_csv, synthesise

    vue = prepare(None, space / f"atelier-{name}.yaml", space / "sortie").vue
    sheets = read_worksheets(vue, [space / "resultats" / name / "saisie-navigateur.csv"])
    result = synthesise(vue, sheets)
    rows = list(csv.DictReader(io.StringIO(synthesis_csv(result).decode("utf-8-sig")), delimiter=";"))
    book = openpyxl.load_workbook(io.BytesIO(workbook(build_maillage(result), dt.datetime(2031, 3, 18))), read_only=True)
    liens = list(book["Liens"].iter_rows(values_only=True))[1:]
    return sheets, rows, liens


def test_each_actor_of_a_competence_keeps_its_own_status_to_the_synthesis(app, tmp_path):
    c = client_of(app)
    data = _grid(c)
    # One empty line per competence without script: line 1 here; lines 2 and 3 as the button adds them.
    assert data["r-C1-02-1-qui"] == [""] and "r-C1-02-2-qui" not in data
    data.update({
        "r-C1-02-1-qui": ["Mairie du Vallon"], "r-C1-02-1-type": ["collectivité"], "r-C1-02-1-statut": ["détenue"],
        "r-C1-02-2-qui": ["Épicerie La Musette"], "r-C1-02-2-contact": ["epicerie@vallon.fr"], "r-C1-02-2-statut": ["partielle"],
        "r-C1-02-3-qui": ["Bibliothèque intercommunale"], "r-C1-02-3-type": ["association"], "r-C1-02-3-statut": ["à vérifier"],
        "r-C1-02-commentaire": ["à confirmer en mai"],
        "r-C1-05-1-statut": ["porteur de projet"],
    })  # fmt: skip
    assert _save(c, data).status_code == 303

    # Reloaded: every value in its line, and one empty line more under each competence.
    again = _grid(c)
    assert [again[f"r-C1-02-{n}-qui"] for n in (1, 2, 3, 4)] == [["Mairie du Vallon"], ["Épicerie La Musette"], ["Bibliothèque intercommunale"], [""]]
    assert [again[f"r-C1-02-{n}-statut"] for n in (1, 2, 3, 4)] == [["détenue"], ["partielle"], ["à vérifier"], [""]]
    assert again["r-C1-02-1-type"] == ["collectivité"] and again["r-C1-02-2-contact"] == ["epicerie@vallon.fr"] and again["r-C1-02-3-type"] == ["association"]
    assert again["r-C1-02-commentaire"] == ["à confirmer en mai"]
    assert again["r-C1-05-1-qui"] == [""] and again["r-C1-05-1-statut"] == ["porteur de projet"] and again["r-C1-05-2-statut"] == [""]
    html = c.get("/atelier/essai/resultats").get_data(as_text=True)
    assert ">Statut de C1-02, acteur 3</label>" in html and ">Qui détient C1-02, acteur 4</label>" in html

    # Saved in the worksheet's columns, one row per actor with its own status.
    path = tmp_path / "resultats" / "essai" / "saisie-navigateur.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert ";".join(rows[0]) == HEADER
    assert [(r[0], r[2], r[5], r[6]) for r in rows[1:]] == [
        ("C1-02", "Mairie du Vallon", "détenue", "à confirmer en mai"),
        ("C1-02", "Épicerie La Musette", "partielle", ""),
        ("C1-02", "Bibliothèque intercommunale", "à vérifier", ""),
        ("C1-05", "", "porteur de projet", ""),
    ]

    # The synthesis: each actor with its own status in synthese.csv and in the mesh's links;
    # the project leader carries C1-05 and is no actor.
    sheets, synthese, liens = _synthesis(tmp_path)
    assert not sheets.unrecognised and not sheets.notices
    statuses = {r["Acteur"]: r["Statut"] for r in synthese if r["N°"] == "C1-02"}
    assert statuses == {"Mairie du Vallon": "détenue", "Épicerie La Musette": "partielle", "Bibliothèque intercommunale": "à vérifier"}
    assert {(a, s) for a, cid, s in liens if cid == "C1-02"} == set(statuses.items())
    c105 = [r for r in synthese if r["N°"] == "C1-05"]
    assert [(r["Acteur"], r["Statut"]) for r in c105] == [("", "porteur de projet")] and c105[0]["Couverture"].startswith("portée")
    named = {r["Acteur"] for r in synthese if r["Acteur"]} | {a for a, *_ in liens}
    assert not any("porteur" in n.casefold() for n in named) and all(cid != "C1-05" for _, cid, _ in liens)


def test_a_grid_saved_before_opens_one_line_per_actor_and_is_still_read(app, tmp_path):
    """One row a competence, names separated by commas, one status (the grid until now), and
    « Porteur de projet » written as a name with « détenue » (older worksheets)."""
    folder = tmp_path / "resultats" / "essai"
    folder.mkdir(parents=True)
    old = [
        HEADER,
        "C1-01;Faire un diagnostic;Mairie du Vallon, Épicerie La Musette;;contact@vallon.fr;partielle;deux à voir",
        "C1-03;Avoir la capacité relationnelle;Porteur de projet;;;détenue;",
        "C1-04;Mobiliser;France services;service public;fs@vallon.fr;détenue;",
    ]
    (folder / "saisie-navigateur.csv").write_bytes(("\ufeff" + "\r\n".join(old) + "\r\n").encode("utf-8"))
    c = client_of(app)
    data = _grid(c)
    assert [data[f"r-C1-01-{n}-qui"] for n in (1, 2, 3)] == [["Mairie du Vallon"], ["Épicerie La Musette"], [""]]
    assert [data[f"r-C1-01-{n}-statut"] for n in (1, 2)] == [["partielle"], ["partielle"]]
    assert data["r-C1-01-commentaire"] == ["deux à voir"]
    assert (data["r-C1-03-1-qui"], data["r-C1-03-1-statut"]) == ([""], ["porteur de projet"])
    assert (data["r-C1-04-1-qui"], data["r-C1-04-1-type"], data["r-C1-04-1-contact"]) == (["France services"], ["service public"], ["fs@vallon.fr"])

    # The synthesis reads the old file as it is.
    sheets, synthese, liens = _synthesis(tmp_path)
    assert not sheets.unrecognised
    assert {(r["Acteur"], r["Statut"]) for r in synthese if r["N°"] == "C1-01"} == {("Mairie du Vallon", "partielle"), ("Épicerie La Musette", "partielle")}
    assert [r["Statut"] for r in synthese if r["N°"] == "C1-03"] == ["porteur de projet"]
    assert all(cid != "C1-03" for _, cid, _ in liens)

    # Saved again from the grid as it opened: one row per actor, read the same way.
    assert _save(c, data).status_code == 303
    rows = list(csv.reader(io.StringIO((folder / "saisie-navigateur.csv").read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [
        ("C1-01", "Mairie du Vallon", "partielle"), ("C1-01", "Épicerie La Musette", "partielle"),
        ("C1-03", "", "porteur de projet"), ("C1-04", "France services", "détenue"),
    ]  # fmt: skip
    def said(rows):
        return [(r["N°"], r["Couverture"], r["Acteur"], r["Type d'acteur"], r["Contact"], r["Statut"]) for r in rows]

    assert said(_synthesis(tmp_path)[1]) == said(synthese)


def test_one_status_per_line_in_a_cell_edited_by_hand_opens_line_by_line(tmp_path):
    from ateliers.lecture.saisie import read_entry

    path = tmp_path / "saisie.csv"
    row = ["C1-02", "x", "Mairie du Vallon\nÉpicerie La Musette\nFrance services", "collectivité\n\nservice public", "", "détenue\npartielle\nà vérifier", ""]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER.split(";"), row])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    lines = read_entry(path)["C1-02"].acteurs
    assert [(a.qui, a.type, a.statut) for a in lines] == [
        ("Mairie du Vallon", "collectivité", "détenue"), ("Épicerie La Musette", "", "partielle"), ("France services", "service public", "à vérifier"),
    ]  # fmt: skip


def test_a_real_workshop_64_competences_150_known_actors_2_or_3_each(tmp_path):
    """Every competence of the four phases, 150 known actors with long names, 2 or 3 actors a
    competence, each with its status: all saved, all back in the grid, all read by the synthesis."""
    statuses = ["détenue", "partielle", "à vérifier", "détenue", "porteur de projet"]
    names = [f"Association intercommunale d’aide à domicile et de services aux familles du canton n° {i:03d}" for i in range(150)]
    text = "territoire: Grand Vallon\nphases_retenues: [1, 2, 3, 4]\nacteurs:\n" + "".join(f"  - nom: {n}\n    type: association\n" for n in names)
    workshop(tmp_path, "grand", text)
    c = client_of(create_app(tmp_path))
    html = c.get("/atelier/grand/resultats").get_data(as_text=True)
    assert html.count("<option value=\"Association intercommunale") == 150  # the datalist of known actors
    data = fields(form(html, "/resultats/saisie"))
    idents = sorted({k.split("-", 1)[1].rsplit("-", 1)[0] for k in data if k.endswith("-commentaire")})
    assert len(idents) == 64
    expected: dict[str, list[tuple[str, str]]] = {}
    k = 0
    for index, ident in enumerate(idents):
        expected[ident] = []
        for line in range(1, 2 + 1 + index % 2):
            name, status = names[k % 150], statuses[k % len(statuses)]
            if status == "porteur de projet":
                name = ""
            k += 1
            data.update({f"r-{ident}-{line}-qui": [name], f"r-{ident}-{line}-statut": [status], f"r-{ident}-{line}-contact": [f"contact-{k}@vallon.fr"]})
            expected[ident].append((name, status))
    assert _save(c, data, "grand").status_code == 303
    again = fields(form(c.get("/atelier/grand/resultats").get_data(as_text=True), "/resultats/saisie"))
    for ident, lines in expected.items():
        got = [(again[f"r-{ident}-{n}-qui"][0], again[f"r-{ident}-{n}-statut"][0]) for n in range(1, len(lines) + 2)]
        assert got == lines + [("", "")], ident
    sheets, synthese, liens = _synthesis(tmp_path, "grand")
    assert not sheets.unrecognised
    wanted = {(ident, name, status) for ident, lines in expected.items() for name, status in lines if name}
    assert {(r["N°"], r["Acteur"], r["Statut"]) for r in synthese if r["Acteur"]} == wanted
    assert {(cid, a, s) for a, cid, s in liens} == wanted
    assert sum(1 for r in synthese if r["Statut"] == "porteur de projet") == sum(1 for lines in expected.values() for n, s in lines if not n)


@pytest.mark.parametrize("qui, statut, expected", [
    ("Porteur de projet", "détenue", ("", "porteur de projet")),  # older worksheets: the board's first column
    ("?", "", ("", "à vérifier")),
    ("personne", "", ("", "à trouver")),
    ("Mairie du Vallon", "on verra", ("Mairie du Vallon", "on verra")),  # not understood: kept as typed, to correct
    ("Mairie du Vallon; Porteur de projet", "détenue", None),
])
def test_a_saved_row_opens_as_the_synthesis_reads_it(tmp_path, qui, statut, expected):
    from ateliers.lecture.saisie import read_entry

    path = tmp_path / "saisie.csv"
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([HEADER.split(";"), ["C1-01", "x", qui, "", "", statut, ""]])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    lines = [(a.qui, a.statut) for a in read_entry(path)["C1-01"].acteurs]
    if expected is None:  # an actor and the project leader on one row: two lines
        assert lines == [("Mairie du Vallon", "détenue"), ("", "porteur de projet")]
    else:
        assert lines == [expected]
