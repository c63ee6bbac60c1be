"""Le kit and Après l'atelier: builds in worker processes, the same bytes as the CLI,
the ZIP, results typed or uploaded, the synthesis. One real kit build for the module."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import zipfile

import pytest
from werkzeug.datastructures import MultiDict

from ateliers.web import create_app
from ateliers.web.builds import CANCELLED, DONE, QUEUED

from conftest import run_cli
from webcheck import client_of, csrf, fields, form, text, workshop

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

ESSAI = """territoire: Essai du Vallon
date: 2031-03-18
lieu: "Salle du conseil, mairie de …"
phases_retenues: [1]
nombre_sous_groupes: 2
acteurs:
  - nom: Mairie du Vallon
    type: collectivité
  - nom: Épicerie La Musette
    type: association
  - nom: France services
    type: service public
competences_ajoutees:
  - phase: 1
    texte: Tenir le marché du jeudi
"""


def _wait(app, key: str, timeout: float = 300) -> None:
    builds = app.extensions["ateliers"].builds
    end = time.monotonic() + timeout
    while builds.get(key) is not None and builds.get(key).active:
        assert time.monotonic() < end, f"{key} still running"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    space = tmp_path_factory.mktemp("kit") / "espace"
    space.mkdir()
    workshop(space, "essai", ESSAI)
    workshop(space, "deux", ESSAI.replace("Essai du Vallon", "Deuxième territoire"))
    workshop(space, "trois", ESSAI.replace("Essai du Vallon", "Troisième territoire"))
    app = create_app(space, max_builds=1)
    builds = app.extensions["ateliers"].builds
    c = client_of(app)
    token = csrf(c.get("/atelier/essai/kit").get_data(as_text=True))
    options = {"_csrf": token, "format": "poker", "papier": "a4", "recto_verso": "long", "format_affiches": "auto"}
    record = {}
    r = c.post("/atelier/essai/kit", data=options)
    record["first"] = (r.status_code, r.headers["Location"])
    job = builds.get("kit:essai")
    r = c.post("/atelier/essai/kit", data=options)  # a second click while it builds
    record["second"] = (r.status_code, r.headers["Location"], builds.get("kit:essai") is job)
    for name in ("deux", "trois"):
        c.post(f"/atelier/{name}/kit", data=options)
    record["queued"] = [builds.get(f"kit:{n}").state for n in ("deux", "trois")]
    # While it builds: pages answer, and never more builds at once than allowed.
    statuses, most = [], 0

    def visit(url):
        statuses.append(client_of(app).get(url).status_code)

    urls = ["/", "/referentiel", "/atelier/essai", "/atelier/essai/kit", "/atelier/essai/kit/etat"] * 4
    threads = [threading.Thread(target=visit, args=(u,)) for u in urls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    record["concurrent"] = (statuses, job.active)
    for name in ("deux", "trois"):
        builds.cancel(f"kit:{name}")
    while job.active:
        most = max(most, builds.running())
        time.sleep(0.1)
    record["most"] = most
    for name in ("deux", "trois"):
        _wait(app, f"kit:{name}")
    record["job"] = job
    yield app, space, record
    builds.shutdown()


def test_kit_builds_in_a_worker_and_a_second_click_does_not_start_another(built):
    app, space, record = built
    assert record["first"] == (303, "/atelier/essai/kit")
    status, location, same = record["second"]
    assert status == 303 and "deja=1" in location and same
    job = record["job"]
    assert job.state == DONE, (job.error, job.conseil)
    assert job.done == job.total > 5  # progress came from the worker, step by step
    html = client_of(app).get("/atelier/essai/kit").get_data(as_text=True)
    assert "À vérifier" in html and "Salle du conseil, mairie de …" in html  # the library's warnings, after the build


def test_builds_beyond_the_limit_wait_their_turn(built):
    app, space, record = built
    assert record["queued"] == [QUEUED, QUEUED]
    assert record["most"] <= 1
    builds = app.extensions["ateliers"].builds
    assert [builds.get(f"kit:{n}").state for n in ("deux", "trois")] == [CANCELLED, CANCELLED]
    assert not (space / "output" / "deuxieme-territoire").exists()


def test_pages_answer_while_a_build_runs(built):
    app, space, record = built
    statuses, was_building = record["concurrent"]
    assert was_building
    assert statuses == [200] * 20


def test_kit_made_in_the_browser_is_byte_identical_to_the_cli_kit(built, tmp_path):
    app, space, record = built
    web = space / "output" / "essai-du-vallon"
    result = run_cli("kit", "-q", "--atelier", str(space / "atelier-essai.yaml"), "--sortie", str(tmp_path / "cli"), cwd=space)
    assert result.returncode == 0, result.stderr
    names = sorted(p.relative_to(web).as_posix() for p in web.rglob("*") if p.is_file())
    cli_names = sorted(p.relative_to(tmp_path / "cli").as_posix() for p in (tmp_path / "cli").rglob("*") if p.is_file())
    assert names == cli_names
    assert any(n.endswith(".pdf") for n in names) and any(n.endswith(".docx") for n in names)
    for name in names:
        assert (web / name).read_bytes() == (tmp_path / "cli" / name).read_bytes(), name


def test_contact_sheet_lists_every_file_with_its_purpose_and_copies(built):
    app, space, record = built
    c = client_of(app)
    html = c.get("/atelier/essai/kit").get_data(as_text=True)
    body = text(html)
    manifest = json.loads((space / "output" / "essai-du-vallon" / "manifest.json").read_text(encoding="utf-8"))
    plain = body.replace("\u00a0", " ")
    for entry in manifest["fichiers"]:
        if entry.get("type") not in ("apercu", "planche"):
            assert entry["fichier"] in body
            assert entry["description"].replace("\u00a0", " ") in plain
            if "exemplaires" in entry:
                assert f"Exemplaires {entry['exemplaires']}" in plain
    assert "à 100 %" in plain  # print settings in words
    assert "Tout télécharger (ZIP)" in body
    images = [f for f in manifest["fichiers"] if f["fichier"].startswith("apercus/")]
    assert images and all(f["fichier"] in html for f in images)
    r = c.get("/atelier/essai/kit/fichiers/" + images[0]["fichier"])
    assert r.status_code == 200 and r.mimetype == "image/png"


def test_zip_holds_every_file_of_the_kit(built):
    app, space, record = built
    r = client_of(app).get("/atelier/essai/kit.zip")
    assert r.status_code == 200 and r.mimetype == "application/zip"
    assert "kit-essai-du-vallon.zip" in r.headers["Content-Disposition"]
    folder = space / "output" / "essai-du-vallon"
    with zipfile.ZipFile(io.BytesIO(r.data)) as archive:
        names = archive.namelist()
        for name in names:
            assert archive.read(name) == (folder / name.removeprefix("essai-du-vallon/")).read_bytes()
    expected = {f"essai-du-vallon/{f['fichier']}" for f in json.loads((folder / "manifest.json").read_text())["fichiers"]}
    assert expected | {"essai-du-vallon/manifest.json"} == set(names)


def test_kit_files_are_served_sandboxed(built):
    app, space, record = built
    r = client_of(app).get("/atelier/essai/kit/fichiers/index.html")
    assert r.status_code == 200
    assert r.headers["Content-Security-Policy"].startswith("sandbox")
    r = client_of(app).get("/atelier/essai/kit/fichiers/cartes-competences.pdf?telecharger=1")
    assert r.mimetype == "application/pdf" and "attachment" in r.headers["Content-Disposition"]
    assert r.data == (space / "output" / "essai-du-vallon" / "cartes-competences.pdf").read_bytes()


def test_bad_kit_option_gets_the_cli_message_and_starts_nothing(built):
    app, space, record = built
    c = client_of(app)
    token = csrf(c.get("/atelier/deux/kit").get_data(as_text=True))
    before = app.extensions["ateliers"].builds.get("kit:deux")
    r = c.post("/atelier/deux/kit", data={"_csrf": token, "decalage": "beaucoup", "format": "poker"})
    assert r.status_code == 422
    assert "Décalage du verso" in r.get_data(as_text=True) and "illisible" in r.get_data(as_text=True)
    assert app.extensions["ateliers"].builds.get("kit:deux") is before
    r = c.post("/atelier/deux/kit", data={"_csrf": token, "format": "géant"})
    assert r.status_code == 422 and "Format de carte" in r.get_data(as_text=True)


def test_kit_page_of_an_invalid_workshop_says_to_fix_it_first(tmp_path):
    workshop(tmp_path, "faux", "territoire: X\nnombre_sous_groupes: zéro\n")
    app = create_app(tmp_path)
    html = client_of(app).get("/atelier/faux/kit").get_data(as_text=True)
    assert "corrigez-les d’abord" in html


# ---------------------------------------------------------------- après l'atelier


def _grid(app, name: str, values: dict[str, str]):
    c = client_of(app)
    html = c.get(f"/atelier/{name}/resultats").get_data(as_text=True)
    data = fields(form(html, "/resultats/saisie"))
    for key, value in values.items():
        data[key] = [value]
    return c, data, c.post(f"/atelier/{name}/resultats/saisie", data=MultiDict([(k, v) for k, vs in data.items() for v in vs]))


def test_results_typed_in_the_grid_are_saved_as_a_worksheet_csv_the_read_back_reads(built):
    from ateliers import load_referentiel
    from ateliers.lecture import read_sheets

    app, space, record = built
    values = {
        "r-C1-01-1-qui": "Mairie du Vallon", "r-C1-01-1-statut": "détenue",
        "r-C1-01-2-qui": "Épicerie La Musette", "r-C1-01-2-statut": "détenue",
        "r-C1-02-1-qui": "France services", "r-C1-02-1-type": "service public", "r-C1-02-1-contact": "fs@vallon.fr",
        "r-C1-03-1-statut": "à trouver", "r-C1-03-commentaire": "personne ; « à chercher »",
        "r-C1-04-1-qui": "Comité des fêtes", "r-C1-04-1-statut": "partielle",
        "r-C1-T01-1-qui": "Mairie du Vallon", "r-C1-T01-1-statut": "détenue",
        "r-C9-99-1-qui": "injecté",  # not a competence of this workshop: ignored
    }
    c, data, r = _grid(app, "essai", values)
    assert r.status_code == 303
    path = space / "resultats" / "essai" / "saisie-navigateur.csv"
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"]
    assert [r[0] for r in rows[1:]] == ["C1-01", "C1-01", "C1-02", "C1-03", "C1-04", "C1-T01"]  # one row per actor
    ref = load_referentiel()
    known = {c.id: c.texte for c in ref.competences} | {"C1-T01": "Tenir le marché du jeudi"}
    sheets = read_sheets([path], ref, known)
    assert [r.acteurs for r in sheets.readings if r.competence == "C1-01"] == [["Mairie du Vallon"], ["Épicerie La Musette"]]
    by_id = {r.competence: r for r in sheets.readings}
    assert by_id["C1-02"].contact == "fs@vallon.fr" and by_id["C1-04"].statut == "partielle"
    assert not sheets.unrecognised
    again = fields(form(c.get("/atelier/essai/resultats").get_data(as_text=True), "/resultats/saisie"))
    assert again["r-C1-03-commentaire"] == ["personne ; « à chercher »"]
    assert again["r-C1-02-1-type"] == ["service public"]
    assert again["r-C1-01-2-qui"] == ["Épicerie La Musette"] and again["r-C1-01-3-qui"] == [""]  # and one empty line


def test_two_tabs_saving_the_grid_second_is_told(built):
    app, space, record = built
    c = client_of(app)
    html = c.get("/atelier/trois/resultats").get_data(as_text=True)
    data = fields(form(html, "/resultats/saisie"))
    first = dict(data, **{"r-C1-05-1-qui": ["A"]})
    second = dict(data, **{"r-C1-05-1-qui": ["B"]})
    assert c.post("/atelier/trois/resultats/saisie", data=MultiDict([(k, v) for k, vs in first.items() for v in vs])).status_code == 303
    r = c.post("/atelier/trois/resultats/saisie", data=MultiDict([(k, v) for k, vs in second.items() for v in vs]))
    assert r.status_code == 409 and "a été modifiée depuis" in r.get_data(as_text=True)
    assert ";A;" in (space / "resultats" / "trois" / "saisie-navigateur.csv").read_text(encoding="utf-8-sig")
    assert 'value="B"' in r.get_data(as_text=True)  # what was typed is kept


def test_filled_worksheets_upload_type_from_content_name_of_ours(built):
    app, space, record = built
    c = client_of(app)
    token = csrf(c.get("/atelier/essai/resultats").get_data(as_text=True))
    docx = (space / "output" / "essai-du-vallon" / "fiche-competences-essai-du-vallon.docx").read_bytes()
    r = c.post("/atelier/deux/resultats/fiches", data={"_csrf": token, "fiches": [(io.BytesIO(docx), "../../groupe 1.csv"), (io.BytesIO(b"N\xc2\xb0;x\n"), "C:\\fiches\\g2.docx")]}, content_type="multipart/form-data")
    assert r.status_code == 200, r.get_data(as_text=True)[:2000]
    folder = space / "resultats" / "deux"
    assert sorted(p.name for p in folder.iterdir()) == ["fiche-01.docx", "fiche-02.csv"]
    assert (folder / "fiche-01.docx").read_bytes() == docx
    assert "g2.docx" in r.get_data(as_text=True)  # named as sent, in the message only


@pytest.mark.parametrize("payload, message", [
    ([(io.BytesIO(b"\x00\x01\x02binaire"), "fiche.docx")], "pas une fiche compétences lisible"),
    ([(io.BytesIO(b"PK\x03\x04pas un zip"), "fiche.docx")], "pas une fiche compétences lisible"),
    ([(io.BytesIO(b"a;b\n"), f"f{i}.csv") for i in range(21)], "Trop de fichiers"),
    ([(io.BytesIO(b"a" * (21 * 1024 * 1024)), "gros.csv")], "trop gros"),
])
def test_uploads_are_bounded_and_checked(built, payload, message):
    app, space, record = built
    c = client_of(app)
    token = csrf(c.get("/atelier/trois/resultats").get_data(as_text=True))
    before = sorted(p.name for p in (space / "resultats" / "trois").iterdir()) if (space / "resultats" / "trois").exists() else []
    r = c.post("/atelier/trois/resultats/fiches", data={"_csrf": token, "fiches": payload}, content_type="multipart/form-data")
    assert r.status_code in (413, 422)
    if r.status_code == 422:
        assert message in r.get_data(as_text=True)
    after = sorted(p.name for p in (space / "resultats" / "trois").iterdir()) if (space / "resultats" / "trois").exists() else []
    assert after == before


def test_synthesis_without_results_says_what_to_do(tmp_path):
    workshop(tmp_path, "vide", ESSAI)
    app = create_app(tmp_path)
    c = client_of(app)
    token = csrf(c.get("/atelier/vide/resultats").get_data(as_text=True))
    r = c.post("/atelier/vide/synthese", data={"_csrf": token})
    assert r.status_code == 422 and "Aucun résultat à relire" in r.get_data(as_text=True)


def test_synthesis_runs_in_a_worker_and_its_files_are_listed(built):
    app, space, record = built
    _grid(app, "essai", {"r-C1-06-1-qui": "Mairie du Vallon", "r-C1-06-1-statut": "détenue"})
    c = client_of(app)
    token = csrf(c.get("/atelier/essai/resultats").get_data(as_text=True))
    r = c.post("/atelier/essai/synthese", data={"_csrf": token})
    assert r.status_code == 303
    _wait(app, "synthese:essai")
    job = app.extensions["ateliers"].builds.get("synthese:essai")
    assert job.state == DONE, (job.error, job.conseil)
    html = c.get("/atelier/essai/resultats").get_data(as_text=True)
    assert "synthese-carte.pdf" in html and "synthese.csv" in html
    r = c.get("/atelier/essai/kit/fichiers/synthese.csv")
    assert r.status_code == 200 and b"C1-01" in r.data
    assert "faite" in text(c.get("/").get_data(as_text=True))
    # A later session compared with this one: what changed is said.
    _grid(app, "essai", {"r-C1-07-1-qui": "Nouvel acteur", "r-C1-07-1-statut": "détenue"})
    html = c.get("/atelier/essai/resultats").get_data(as_text=True)
    assert "comparer avec la synthèse déjà faite" in html
    c.post("/atelier/essai/synthese", data={"_csrf": token, "comparer_actuelle": "1"})
    _wait(app, "synthese:essai")
    job = app.extensions["ateliers"].builds.get("synthese:essai")
    assert job.state == DONE, (job.error, job.conseil)
    html = c.get("/atelier/essai/resultats").get_data(as_text=True)
    assert "Depuis la synthèse précédente" in html
    assert "Nouvel acteur" in text(html.split("Depuis la synthèse précédente")[1])


def test_a_build_killed_midway_leaves_the_previous_kit_intact(built):
    import os
    import signal

    app, space, record = built
    folder = space / "output" / "essai-du-vallon"
    before = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    builds = app.extensions["ateliers"].builds
    c = client_of(app)
    token = csrf(c.get("/atelier/essai/kit").get_data(as_text=True))
    c.post("/atelier/essai/kit", data={"_csrf": token, "format": "tarot", "force": "1"})
    job = builds.get("kit:essai")
    end = time.monotonic() + 120
    while job.done < 2:  # rendering has begun, in memory
        assert job.active and time.monotonic() < end, (job.state, job.error)
        time.sleep(0.05)
    process = builds._processes[job.id]
    os.kill(process.pid, signal.SIGKILL)  # as if the machine stopped
    _wait(app, "kit:essai")
    assert job.state == "échec" and "fichiers précédents sont intacts" in job.error
    after = {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    assert after == before
    html = c.get("/atelier/essai/kit").get_data(as_text=True)
    assert "fichiers précédents sont intacts" in html


def test_a_tarot_kit_made_in_the_browser_has_boards_cut_for_tarot_cards(tmp_path):
    """The app assembles the kit's options through the library, as the command does: the boards'
    places take the cards' format (they were poker-sized whatever the cards)."""
    space = tmp_path / "espace"
    space.mkdir()
    workshop(space, "tarot", ESSAI.replace("Essai du Vallon", "Territoire au tarot"))
    app = create_app(space, max_builds=1)
    c = client_of(app)
    token = csrf(c.get("/atelier/tarot/kit").get_data(as_text=True))
    r = c.post("/atelier/tarot/kit", data={"_csrf": token, "format": "tarot", "papier": "a4", "recto_verso": "pliage", "format_affiches": "a3"})
    assert r.status_code == 303
    _wait(app, "kit:tarot")
    job = app.extensions["ateliers"].builds.get("kit:tarot")
    assert job.state == DONE, job.as_json()
    folder = space / "output" / "territoire-au-tarot"
    boards = [f for f in json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["fichiers"] if f["fichier"].startswith("affiche-phase-") and "variante_de" not in f]
    assert boards and all(f["carte"] == "tarot" for f in boards)


def test_a_build_alone_may_use_every_core_and_builds_together_one_each(monkeypatch):
    """The server's policy: a kit built while nothing else runs gets the library's parallel
    build (workers=None); one started beside another gets one process."""
    from ateliers.web import jobs
    from ateliers.web.builds import Builds

    def fake_kit(kwargs, progress, cancel):
        if kwargs.get("attendre"):
            time.sleep(1.5)  # still running when the second one starts
        return {"workers": kwargs["workers"]}

    monkeypatch.setitem(jobs.JOBS, "kit", fake_kit)
    builds = Builds(max_parallel=2, start_method="fork")  # fork: the child sees the fake
    try:
        alone, _ = builds.submit("a", "kit", {})
        deadline = time.monotonic() + 30
        while alone.active and time.monotonic() < deadline:
            time.sleep(0.05)
        assert alone.state == DONE and alone.result == {"workers": None}
        first, _ = builds.submit("b", "kit", {"attendre": True})
        while builds.running() < 1 and time.monotonic() < deadline:
            time.sleep(0.02)
        second, _ = builds.submit("c", "kit", {})
        while (first.active or second.active) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert first.result == {"workers": None} and second.result == {"workers": 1}
    finally:
        builds.shutdown()
