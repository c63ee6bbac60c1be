"""ateliers web: pages, the workshop form and its messages, through Flask's test client."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from ateliers import load_atelier, load_referentiel
from ateliers.errors import ValidationFailed
from ateliers.web import create_app

from webcheck import HOST, element_text, fields, form, text, workshop

ROOT = Path(__file__).resolve().parent.parent
EXEMPLE = ROOT / "exemples" / "cc-haut-vallon.yaml"
FUTURE = (dt.date.today() + dt.timedelta(days=60)).isoformat()


def page(client, url: str, status: int = 200) -> str:
    r = client.get(url)
    assert r.status_code == status, (url, r.status_code, r.data[:500])
    return r.get_data(as_text=True)


def post_form(client, url: str, changes: dict[str, str | list[str]] | None = None, drop: tuple[str, ...] = (), files=None):
    """Submit the page's form at ``url`` as a browser would, with some fields changed."""
    html = page(client, url)
    f = form(html, url.split("?")[0])
    data = fields(f)
    for key in drop:
        data.pop(key, None)
    for key, value in (changes or {}).items():
        data[key] = value if isinstance(value, list) else [value]
    payload = [(k, v) for k, values in data.items() for v in values]
    if files:
        payload = {**{k: (vals if len(vals) > 1 else vals[0]) for k, vals in data.items()}, **files}
        return client.post(f["action"], data=payload, content_type="multipart/form-data")
    from werkzeug.datastructures import MultiDict

    return client.post(f["action"], data=MultiDict(payload), content_type="multipart/form-data")


def copy_example(space: Path, name: str = "haut-vallon", date: str | None = FUTURE) -> Path:
    text_ = EXEMPLE.read_text(encoding="utf-8")
    if date:
        text_ = text_.replace("date: 2027-03-18", f"date: {date}")
    return workshop(space, name, text_)


# ---------------------------------------------------------------- Accueil


def test_accueil_without_workshop_says_so_and_offers_a_new_one(client):
    html = page(client, "/")
    assert "Aucun atelier pour l’instant" in html
    assert form(html, "/nouveau")


def test_accueil_lists_workshops_with_their_state(client, space):
    copy_example(space)
    workshop(space, "casse", "territoire: [\n")
    html = page(client, "/")
    body = text(html)
    assert "Communauté de communes du Haut-Vallon" in body
    assert "pas encore préparé" in body
    assert "atelier-casse.yaml" in body and "à corriger" in body


def test_new_workshop_writes_the_file_of_ateliers_nouveau(client, space, tmp_path):
    r = post_form(client, "/", {"territoire": "Communauté de communes du Haut-Vallon"})
    assert r.status_code == 303
    assert r.headers["Location"].startswith("/atelier/communaute-de-communes-du-haut-vallon")
    written = space / "atelier-communaute-de-communes-du-haut-vallon.yaml"
    from ateliers.fichiers.resources import embedded
    from ateliers.entrees.workshop_file import workshop_file_text

    assert written.read_text(encoding="utf-8") == workshop_file_text("Communauté de communes du Haut-Vallon", written, embedded())
    html = page(client, r.headers["Location"])
    assert "remplacez-les par celles de votre atelier" in html


def test_new_workshop_never_replaces_an_existing_file(client, space):
    path = copy_example(space, "communaute-de-communes-du-haut-vallon")
    before = path.read_bytes()
    r = post_form(client, "/", {"territoire": "Communauté de communes du Haut-Vallon"})
    assert r.status_code == 400
    assert "existe déjà" in r.get_data(as_text=True)
    assert path.read_bytes() == before


def test_new_workshop_without_a_name_is_refused(client, space):
    r = post_form(client, "/", {"territoire": "  "})
    assert r.status_code == 400
    assert "Indiquez le nom du territoire" in r.get_data(as_text=True)
    assert not list(space.glob("atelier-*.yaml"))


# ---------------------------------------------------------------- L'atelier: file → form → file


def test_form_shows_every_value_of_the_file(client, space):
    copy_example(space)
    html = page(client, "/atelier/haut-vallon")
    data = fields(form(html, "/atelier/haut-vallon"))
    assert data["territoire"] == ["Communauté de communes du Haut-Vallon"]
    assert data["date"] == [FUTURE]
    assert data["heure_debut"] == ["09:00"]
    assert data["lieu"] == ["Maison des services, 2 place de la Halle, Saint-Julien-du-Vallon"]
    assert data["animation"][:2] == ["Claire Vidal (chargée de développement, CC du Haut-Vallon)", "Mehdi Arnaud (Cap Rural)"]
    assert data["nombre_participants"] == ["24"] and data["nombre_sous_groupes"] == ["4"]
    assert data["acteurs-1-nom"] == ["Épicerie associative La Musette"]
    assert data["acteurs-5-type"] == ["habitant·e"]
    assert data["acteurs-3-contact"] == ["franceservices@haut-vallon.fr"]
    assert data["competences_ajoutees-1-phase"] == ["3"]
    assert data["competences_ajoutees-0-texte"] == ["Organiser les tournées de dépôt et de retrait des colis dans les hameaux"]
    assert sorted(data["phases_retenues"]) == ["1", "2", "3", "4"]


@pytest.mark.parametrize("source", ["cc-haut-vallon.yaml", "saint-aubin-villages.yaml"])
def test_file_form_file_keeps_every_value(client, space, source):
    path = workshop(space, "x", (ROOT / "exemples" / source).read_text(encoding="utf-8"))
    ref = load_referentiel()
    before = load_atelier(path, ref)
    r = post_form(client, "/atelier/x")
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    after = load_atelier(path, ref)
    assert after == before
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server")
    assert "# Acteurs du territoire déjà connus" in path.read_text(encoding="utf-8")


def test_hand_edited_file_opens_with_every_value_and_survives_the_trip(client, space):
    path = workshop(
        space,
        "main",
        "# écrit à la main\n"
        "territoire: Pays d'Essai\n"
        "date: 18/03/2031\n"
        "heure_debut: 9h30\n"
        "animation: Une Seule Personne\n"
        "acteurs:\n"
        "  - nom: 'Mairie : accueil'\n"
        "    type: commune\n"
        "  - nom: \"Asso \\\"Le Lien\\\" # 1\"\n"
        "competences_ajoutees:\n"
        "  - phase: 2\n"
        "    texte: Tenir le marché\n"
        "    id: C2-T07\n",
    )
    ref = load_referentiel()
    before = load_atelier(path, ref)
    data = fields(form(page(client, "/atelier/main"), "/atelier/main"))
    assert data["animation"][0] == "Une Seule Personne"
    assert data["acteurs-0-type"] == ["commune"]  # kept as written, shown among the choices
    assert data["competences_ajoutees-0-id"] == ["C2-T07"]
    r = post_form(client, "/atelier/main")
    assert r.status_code == 303
    after = load_atelier(path, ref)
    assert after == before
    assert "phases_retenues" not in after.model_fields_set  # still « every phase », as in the file


def test_saving_keeps_the_previous_version(client, space):
    path = copy_example(space)
    before = path.read_bytes()
    r = post_form(client, "/atelier/haut-vallon", {"lieu": "Salle des fêtes"})
    assert r.status_code == 303
    backups = list((space / "sauvegardes" / path.stem).iterdir())
    assert [b.read_bytes() for b in backups] == [before]
    assert 'lieu: "Salle des fêtes"' in path.read_text(encoding="utf-8")
    assert "Enregistré" in page(client, r.headers["Location"])


# ---------------------------------------------------------------- L'atelier: messages


def _messages_of_valider(space: Path, body: str) -> list[str]:
    probe = space.parent / "atelier-sonde.yaml"
    probe.write_text(body, encoding="utf-8")
    try:
        load_atelier(probe, load_referentiel())
    except ValidationFailed as exc:
        return [p.message for p in exc.problems]
    raise AssertionError("the file was expected to be invalid")


@pytest.mark.parametrize(
    "changes, field, yaml_body",
    [
        ({"heure_debut": "25h00"}, "heure_debut", 'territoire: X\nheure_debut: "25h00"\n'),
        ({"territoire": ""}, "territoire", 'territoire: ""\n'),
        ({"date": "31/02/2031"}, "date", "territoire: X\ndate: 31/02/2031\n"),
        ({"nombre_participants": "beaucoup"}, "nombre_participants", "territoire: X\nnombre_participants: beaucoup\n"),
        ({"nombre_sous_groupes": "0"}, "nombre_sous_groupes", "territoire: X\nnombre_sous_groupes: 0\n"),
        ({"acteurs-1-nom": "Mairie de Saint-Julien-du-Vallon"}, "acteurs-1-nom", "territoire: X\nacteurs:\n  - nom: A\n  - nom: a\n"),
        ({"competences_ajoutees-0-id": "C3-T01"}, "competences_ajoutees-0-id", "territoire: X\ncompetences_ajoutees:\n  - phase: 2\n    texte: t\n    id: C3-T01\n"),
        ({"phases_retenues": []}, "phases_retenues", "territoire: X\nphases_retenues: []\n"),
        ({"acteurs-0-contact": "bip\x07"}, "acteurs-0-contact", 'territoire: X\nacteurs:\n  - nom: A\n    contact: "bip\\a"\n'),
    ],
)
def test_invalid_form_comes_back_filled_with_the_message_of_valider_beside_its_field(client, space, changes, field, yaml_body):
    path = copy_example(space)
    before = path.read_bytes()
    r = post_form(client, "/atelier/haut-vallon", changes)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert path.read_bytes() == before  # nothing written
    assert not (space / "sauvegardes").exists()
    beside = element_text(html, f"{field}-erreur")
    expected = _messages_of_valider(space, yaml_body)
    assert any(m.split(" (")[0].split(" «")[0] in beside for m in expected), (beside, expected)
    assert "rien n’a été enregistré" in html
    # What was typed is still there.
    data = fields(form(html, "/atelier/haut-vallon"))
    for key, value in changes.items():
        if key == "phases_retenues":
            assert "phases_retenues" not in data
        elif key.startswith("acteurs-0-contact"):
            continue  # a control character is not HTML text
        else:
            assert data[key] == [value]
    assert data["lieu"] == ["Maison des services, 2 place de la Halle, Saint-Julien-du-Vallon"]


def test_template_placeholders_and_past_dates_are_flagged_beside_their_field(client, space):
    r = post_form(client, "/", {"territoire": "Essai"})
    html = page(client, r.headers["Location"])
    assert "Nom de la structure porteuse" in element_text(html, "structure_porteuse-attention")
    assert "Mairie de" in element_text(html, "acteurs-0-nom-attention")
    r = post_form(client, "/atelier/essai", {"date": "2020-03-18"})
    assert r.status_code == 303  # a warning, not an error: saved
    html = page(client, r.headers["Location"])
    assert "passé" in element_text(html, "date-attention")
    r = post_form(client, "/atelier/essai", {"date": FUTURE})
    assert "date-attention" not in page(client, r.headers["Location"])


def test_unknown_keys_of_a_hand_edited_file_are_reported_not_silently_dropped(client, space):
    workshop(space, "typo", "territoire: X\ncompetence: []\n")
    html = page(client, "/atelier/typo")
    assert "clé inconnue «\u00a0competence\u00a0»" in html
    assert "seront retirées" in html


def test_unreadable_yaml_names_the_line(client, space):
    workshop(space, "casse", "territoire: X\n\tlieu: y\n")
    r = client.get("/atelier/casse")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert "ligne 2" in html and "tabulation" in html


# ---------------------------------------------------------------- two tabs


def test_second_tab_is_told_the_file_changed_and_nothing_is_overwritten(client, space):
    path = copy_example(space)
    tab1 = page(client, "/atelier/haut-vallon")
    tab2 = page(client, "/atelier/haut-vallon")
    data1 = fields(form(tab1, "/atelier/haut-vallon"))
    data2 = fields(form(tab2, "/atelier/haut-vallon"))
    from werkzeug.datastructures import MultiDict

    data1["lieu"] = ["Salle A"]
    r = client.post("/atelier/haut-vallon", data=MultiDict([(k, v) for k, vs in data1.items() for v in vs]))
    assert r.status_code == 303
    saved = path.read_bytes()
    data2["lieu"] = ["Salle B"]
    r = client.post("/atelier/haut-vallon", data=MultiDict([(k, v) for k, vs in data2.items() for v in vs]))
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert "a été modifié depuis que vous l’avez ouvert" in html
    assert path.read_bytes() == saved
    again = fields(form(html, "/atelier/haut-vallon"))
    assert again["lieu"] == ["Salle B"]  # the second tab's typing is kept
    again["ecraser"] = ["1"]
    r = client.post("/atelier/haut-vallon", data=MultiDict([(k, v) for k, vs in again.items() for v in vs]))
    assert r.status_code == 303
    assert "Salle B" in path.read_text(encoding="utf-8")
    assert saved in [b.read_bytes() for b in (space / "sauvegardes" / path.stem).iterdir()]


# ---------------------------------------------------------------- Le référentiel


def test_referentiel_page_lists_phases_steps_competences_and_summary_with_ids(client):
    ref = load_referentiel()
    html = page(client, "/referentiel")
    for item in ref.competences + ref.etapes + ref.elements_resume:
        assert item.id in html
    for phase in ref.phases:
        assert phase.nom in html
    assert ref.competences[0].texte in text(html)


def test_pages_use_french_typography(client, space):
    copy_example(space)
    for url in ("/", "/atelier/haut-vallon", "/referentiel", "/atelier/haut-vallon/kit", "/atelier/haut-vallon/resultats", "/inconnue"):
        body = text(client.get(url).get_data(as_text=True))
        for mark in (" :", " ;", " ?", " !", "« ", " »"):
            assert mark not in body, (url, mark, body[max(0, body.find(mark) - 60): body.find(mark) + 20])


def test_stylesheet_uses_the_shared_theme_and_the_packaged_font(client):
    from ateliers.impression import theme

    css = page(client, "/style.css")
    assert theme.PHASES[2].couleur in css
    assert '"Atkinson Hyperlegible"' in css
    font_url = css.split('src: url("')[1].split('"')[0]
    r = client.get(font_url)
    assert r.status_code == 200 and r.mimetype == "font/ttf" and len(r.data) > 10_000
    assert client.get("/polices/..%2F..%2Fetc%2Fpasswd").status_code == 404
    assert "http" not in css.replace("http://www.w3.org", "")  # nothing from outside


def test_copy_of_example_folder_is_not_needed(tmp_path):
    # The app serves any folder, empty or not, and never writes into it by just reading pages.
    app = create_app(tmp_path)
    c = app.test_client()
    c.environ_base["HTTP_HOST"] = HOST
    for url in ("/", "/referentiel", "/style.css"):
        assert c.get(url).status_code == 200
    assert list(tmp_path.iterdir()) == []
    shutil.rmtree(tmp_path)


def _valid_corpus_files():
    ref = load_referentiel()
    found = []
    for path in sorted((ROOT / "tests" / "corpus").glob("a-*.yaml")) + sorted((ROOT / "exemples").glob("*.yaml")):
        try:
            load_atelier(path, ref)
        except Exception:
            continue
        found.append(path)
    return found


def test_every_valid_workshop_file_of_the_corpus_survives_file_form_file(tmp_path):
    from ateliers.fichiers.resources import embedded
    from ateliers.entrees.workshop_file import read_values, render_values

    ref = load_referentiel()
    files = _valid_corpus_files()
    assert len(files) >= 3
    for source in files:
        target = tmp_path / source.name
        if (source.parent / "logo.png").exists():
            shutil.copy(source.parent / "logo.png", tmp_path / "logo.png")
        values, _ = read_values(source)
        target.write_text(render_values(values, target, embedded()), encoding="utf-8")
        before, after = load_atelier(source, ref), load_atelier(target, ref)
        if before.logo:
            before, after = before.model_copy(update={"logo": None}), after.model_copy(update={"logo": None})
        assert after == before, source.name


def test_broken_and_hostile_workshop_files_open_with_their_messages_never_an_internal_error(client, space):
    corpus = sorted((ROOT / "tests" / "corpus").glob("a-*.yaml"))
    for path in corpus:
        shutil.copy(path, space / f"atelier-{path.stem}.yaml")
    (space / "dossier.png").mkdir()
    shutil.copy(ROOT / "tests" / "corpus" / "pas-une-image.png", space / "pas-une-image.png")
    assert page(client, "/")  # the home page lists them all
    for path in corpus:
        r = client.get(f"/atelier/{path.stem}")
        body = r.get_data(as_text=True)
        assert r.status_code in (200, 422), (path.name, r.status_code)
        assert "Erreur interne" not in body, path.name
        if r.status_code == 200:  # and saving what is shown gives the messages, or saves
            r = post_form(client, f"/atelier/{path.stem}")
            assert r.status_code in (303, 422), (path.name, r.status_code)
            assert "Erreur interne" not in r.get_data(as_text=True), path.name
