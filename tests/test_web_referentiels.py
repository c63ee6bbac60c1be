"""The app and other referentials: create a workshop for any referential of the workspace, import one
from an uploaded document, and show which referential a workshop uses."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

from docx import Document

from ateliers.entrees.loading import load_atelier, load_referentiel

from test_web import page, post_form
from webcheck import fields, form, text

ROOT = Path(__file__).resolve().parent.parent
TIERS_LIEUX = ROOT / "exemples" / "tiers-lieux"


def _post_home(client, action: str, changes: dict, files: dict | None = None):
    """Submit one of the home page's forms as a browser would."""
    f = form(page(client, "/"), action)
    data = {k: v[0] for k, v in fields(f).items()} | changes | (files or {})
    return client.post(f["action"], data=data, content_type="multipart/form-data")


def test_new_workshop_for_a_referential_of_the_workspace(client, space):
    shutil.copy(TIERS_LIEUX / "referentiel-tiers-lieux.yaml", space)
    (space / "referentiel-casse.yaml").write_text("titre: [\n", encoding="utf-8")
    html = page(client, "/")
    body = text(html)
    assert "referentiel-tiers-lieux.yaml" in body and "faire vivre un tiers-lieu" in body
    assert "referentiel-casse.yaml" in body and "illisible" in body
    r = _post_home(client, "/nouveau", {"territoire": "Pays de Brenne", "referentiel": "referentiel-tiers-lieux.yaml"})
    assert r.status_code == 303, r.get_data(as_text=True)[:500]
    written = space / "atelier-pays-de-brenne.yaml"
    atelier = load_atelier(written, load_referentiel(space / "referentiel-tiers-lieux.yaml"))
    assert atelier.referentiel == (space / "referentiel-tiers-lieux.yaml").resolve()
    # The form shows it, lists its three phases, and keeps the key when saved.
    html = page(client, r.headers["Location"])
    assert "Référentiel" in html and "exemple d’illustration" in html and "referentiel-tiers-lieux.yaml" in html
    assert "L’ouverture et la vie du lieu" in html and "Le fonctionnement" not in html
    assert "faire vivre un tiers-lieu" in text(html).split("Référentiel")[-1]  # the footer names it too
    r = post_form(client, "/atelier/pays-de-brenne", {"lieu": "Grange Dumoulin"})
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    assert 'referentiel: "referentiel-tiers-lieux.yaml"' in written.read_text(encoding="utf-8")
    # A posted value cannot point the file elsewhere.
    r = post_form(client, "/atelier/pays-de-brenne", {"referentiel": "../../ailleurs.yaml"})
    assert r.status_code == 303
    assert 'referentiel: "referentiel-tiers-lieux.yaml"' in written.read_text(encoding="utf-8")
    # Its referential can be read in the app.
    shown = text(page(client, "/referentiel?atelier=pays-de-brenne"))
    assert "Entretenir le bâtiment" in shown and "Points de vigilance" in shown and "Le fonctionnement" not in shown
    assert "Posture" in text(page(client, "/referentiel?fichier=referentiel-tiers-lieux.yaml"))
    page(client, "/referentiel?fichier=../referentiel.yaml", 404)
    # The home page says which referential each workshop uses.
    home = text(page(client, "/")).replace("\u00a0", " ")
    assert "Référentiel : Les compétences requises pour faire vivre un tiers-lieu (exemple d’illustration) (version 0.1-exemple)" in home


def test_a_referential_name_not_in_the_workspace_is_refused(client, space):
    r = _post_home(client, "/nouveau", {"territoire": "X", "referentiel": "../referentiel.yaml"})
    assert r.status_code == 400
    assert "n’est plus dans le dossier" in r.get_data(as_text=True)
    assert not list(space.glob("atelier-*.yaml"))


def _fiche() -> bytes:
    document = Document()
    document.add_paragraph("Référentiel mobilité solidaire")
    for n, (nom, etapes, competences) in enumerate(
        [("Le diagnostic", ["Recenser les besoins"], ["Conduire une enquête"]), ("Le service", ["Ouvrir"], ["Coordonner des bénévoles", "Tenir un planning"])],
        start=1,
    ):
        document.add_paragraph(f"→ Phase {n} : {nom}")
        table = document.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text = "\n".join("• " + e for e in etapes)
        table.rows[0].cells[1].text = "\n".join("• " + c for c in competences)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_import_an_uploaded_word_document(client, space):
    r = _post_home(client, "/referentiel/importer", {}, {"document": (io.BytesIO(_fiche()), "Fiche mobilité.docx")})
    assert r.status_code == 303, r.get_data(as_text=True)[:1000]
    written = space / "referentiel-fiche-mobilite.yaml"
    ref = load_referentiel(written)
    assert [c.texte for c in ref.phase(2).competences] == ["Coordonner des bénévoles", "Tenir un planning"]
    html = page(client, r.headers["Location"])
    assert "referentiel-fiche-mobilite.yaml" in html and "Référentiel mobilité solidaire" in html
    assert "Tenir un planning" in text(page(client, "/referentiel?fichier=referentiel-fiche-mobilite.yaml"))


def test_an_unreadable_upload_names_the_problem_and_writes_nothing(client, space):
    csv = "Phase;Nom de la phase;Type;Texte\n1;A;objectif;Un\n".encode()
    r = _post_home(client, "/referentiel/importer", {}, {"document": (io.BytesIO(csv), "liste.csv")})
    assert r.status_code == 422
    body = text(r.get_data(as_text=True)).replace("\u00a0", " ")
    assert "« liste.csv » n’a pas pu être importé" in body and "ligne 2" in body and "objectif" in body
    assert not list(space.glob("referentiel*.yaml"))


def test_the_apps_own_referential_is_named_in_a_new_workshop(space, tmp_path):
    """« ateliers web --referentiel R »: a workshop created with no other choice names R, so that the
    commands, which do not know the app's option, use it too."""
    from ateliers.web import create_app
    from webcheck import client_of

    own = tmp_path / "ailleurs" / "referentiel-tiers-lieux.yaml"
    own.parent.mkdir()
    shutil.copy(TIERS_LIEUX / "referentiel-tiers-lieux.yaml", own)
    app = create_app(space, referentiel=own)
    try:
        client = client_of(app)
        assert "Celui de l’application" in page(client, "/")
        r = _post_home(client, "/nouveau", {"territoire": "Pays de Brenne"})
        assert r.status_code == 303
        written = space / "atelier-pays-de-brenne.yaml"
        assert 'referentiel: "../ailleurs/referentiel-tiers-lieux.yaml"' in written.read_text(encoding="utf-8")
        assert load_atelier(written, load_referentiel(own)).referentiel == own.resolve()
    finally:
        app.extensions["ateliers"].builds.shutdown()
