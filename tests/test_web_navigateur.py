"""A facilitator's journey in a real browser (Debian's Chromium driven by Playwright),
against the app served by waitress as ``ateliers web`` serves it.

Screenshots of every page go to a temporary folder; with ATELIERS_CAPTURES=docs
they refresh the README's previews.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from ateliers.web import create_app

CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=fr-FR"]
FUTURE = dt.date.today() + dt.timedelta(days=90)



def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def server(tmp_path):
    from waitress import create_server

    space = tmp_path / "Ateliers"
    space.mkdir()
    port = _free_port()
    app = create_app(space, port=port)
    srv = create_server(app, host="127.0.0.1", port=port, threads=8)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", space
    app.extensions["ateliers"].builds.shutdown()
    srv.close()


def _capture(page, name: str, tmp_path: Path, height: int = 1100) -> Path:
    """A small preview of the page's top (what a person sees first)."""
    from PIL import Image

    folder = Path(os.environ.get("ATELIERS_CAPTURES") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    raw = page.screenshot(full_page=True)
    image = Image.open(io.BytesIO(raw))
    image = image.crop((0, 0, image.width, min(image.height, height)))
    image.thumbnail((900, 900))
    path = folder / f"web-{name}.png"
    _save_small(image, path)
    return path


def _save_small(image, path: Path) -> None:
    """256 colours without dithering: the pages' flat colours survive, the file stays small."""
    from PIL import Image

    image.convert("RGB").quantize(colors=256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(path, optimize=True)


def _capture_element(locator, name: str, tmp_path: Path) -> Path:
    from PIL import Image

    folder = Path(os.environ.get("ATELIERS_CAPTURES") or tmp_path)
    image = Image.open(io.BytesIO(locator.screenshot()))
    image.thumbnail((900, 900))
    path = folder / f"web-{name}.png"
    _save_small(image, path)
    return path


def test_a_facilitator_prepares_a_workshop_and_its_synthesis(server, tmp_path, monkeypatch):
    base, space = server
    monkeypatch.setenv("HOME", str(space.parent))  # the workspace shows as « ~/Ateliers »
    assert CHROMIUM, "Chromium is needed: apt-get install chromium (.ci/run installs it)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="fr-FR", accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

        # Accueil: a new workshop.
        page.goto(base + "/")
        expect(page.get_by_role("heading", name="Vos ateliers")).to_be_visible()
        page.get_by_label("Nom du territoire").fill("Communauté de communes du Val d’Essai")
        page.get_by_role("button", name="Créer l’atelier").click()
        expect(page.locator(".succes")).to_contain_text("remplacez-les")
        assert (space / "atelier-communaute-de-communes-du-val-d-essai.yaml").is_file()

        # L'atelier: every field.
        page.get_by_label("Structure porteuse").fill("Communauté de communes du Val d’Essai")
        page.get_by_label("Lieu").fill("Maison des services, 1 place de la Halle")
        page.get_by_label("Personne 1").fill("Claire Vidal")
        for n in (2, 3, 4):
            page.locator(f"input[name=phases_retenues][value='{n}']").uncheck()
        actors = [("Mairie de Val-d’Essai", "collectivité", "mairie@val-essai.fr"), ("Épicerie La Musette", "association", ""), ("France services", "service public", "fs@val-essai.fr")]
        for i, (nom, kind, contact) in enumerate(actors):
            page.get_by_label(f"Nom de l’acteur {i + 1}", exact=True).fill(nom)
            page.get_by_label(f"Type de l’acteur {i + 1}", exact=True).select_option(kind)
            page.get_by_label(f"Contact de l’acteur {i + 1}", exact=True).fill(contact)
        page.locator("fieldset[data-modele=acteurs]").get_by_role("button", name="Ajouter une ligne").click()
        expect(page.get_by_label("Nom de l’acteur 6", exact=True)).to_be_focused()
        page.get_by_label("Phase de la compétence 1", exact=True).select_option("1")
        page.get_by_label("Texte de la compétence 1", exact=True).fill("Mobiliser les commerçants du marché du jeudi")
        # The date, written wrongly (last year's), then corrected after reading the message.
        page.get_by_label("Date").fill(f"{dt.date.today().year - 1}-03-18")
        page.get_by_role("button", name="Enregistrer l’atelier").click()
        message = page.locator("#date-attention")
        expect(message).to_contain_text("est déjà passé")
        _capture(page, "atelier", tmp_path)
        page.get_by_label("Date").fill(FUTURE.isoformat())
        page.get_by_role("button", name="Enregistrer l’atelier").click()
        expect(page.locator(".succes")).to_contain_text("Enregistré")
        expect(page.locator("#date-attention")).to_have_count(0)
        text = (space / "atelier-communaute-de-communes-du-val-d-essai.yaml").read_text(encoding="utf-8")
        assert f"date: {FUTURE.isoformat()}" in text and "France services" in text and "marché du jeudi" in text
        assert "phases_retenues:\n  - 1\n\n" in text

        # Le kit: prepared in the background, then every file and the ZIP.
        page.get_by_role("link", name="2. Le kit").click()
        page.get_by_role("button", name="Préparer le kit").click()
        expect(page.locator("#progression")).to_be_visible()
        expect(page.get_by_text("Le kit est prêt")).to_be_visible(timeout=300_000)
        expect(page.get_by_role("link", name="cartes-competences.pdf")).to_be_visible()
        _capture(page, "kit", tmp_path)
        with page.expect_download() as download:
            page.get_by_role("link", name="Tout télécharger (ZIP)").click()
        with zipfile.ZipFile(download.value.path()) as archive:
            names = {n.split("/", 1)[1] for n in archive.namelist()}
            assert archive.testzip() is None
        slug = "communaute-de-communes-du-val-d-essai"
        for expected in ("cartes-competences.pdf", "cartes-a-remplir.pdf", "affiche-phase-1.pdf", "affiche-evenement.pdf",
                         f"fiche-competences-{slug}.docx", f"guide-animation-{slug}.docx", "index.html", "manifest.json"):
            assert expected in names, expected
        assert "affiche-phase-2.pdf" not in names  # phase 2 was not retained

        # Après l'atelier: five competences entered, then the synthesis.
        page.get_by_role("link", name="3. Après l’atelier").click()
        entries = [("C1-01", "Mairie de Val-d’Essai", "détenue"), ("C1-02", "Épicerie La Musette, France services", "détenue"),
                   ("C1-03", "France services", "partielle"), ("C1-04", "", "à trouver"), ("C1-T01", "Mairie de Val-d’Essai", "détenue")]
        for ident, who, status in entries:
            if who:
                page.get_by_label(f"Qui détient {ident}", exact=True).fill(who)
            page.get_by_label(f"Statut de {ident}", exact=True).select_option(status)
        page.get_by_role("button", name="Enregistrer la saisie").click()
        expect(page.get_by_text("Saisie enregistrée.")).to_be_visible()
        expect(page.get_by_label("Qui détient C1-02", exact=True)).to_have_value("Épicerie La Musette, France services")
        page.get_by_role("button", name="Faire la synthèse").click()
        expect(page.get_by_text("Synthèse faite")).to_be_visible(timeout=300_000)
        _capture(page, "resultats", tmp_path)
        _capture_element(page.locator("#synthese"), "synthese", tmp_path)
        link = page.get_by_role("link", name="synthese-carte.pdf")
        response = page.request.get(base + link.get_attribute("href"))
        assert response.ok and response.body().startswith(b"%PDF")
        with page.expect_popup() as popup:
            page.get_by_role("link", name="synthese-carte.pdf").click()
        assert popup.value.url.endswith("synthese-carte.pdf")
        popup.value.close()
        csv_text = page.request.get(base + page.get_by_role("link", name="synthese.csv").get_attribute("href")).text()
        assert "C1-01" in csv_text and "Mairie de Val-d’Essai" in csv_text

        # Accueil shows where the workshop stands; Le référentiel, read-only.
        page.get_by_role("link", name="Accueil").click()
        row = page.get_by_role("row", name="Communauté de communes du Val d’Essai")
        expect(row).to_contain_text("préparé, à jour")
        expect(row).to_contain_text("faite")
        _capture(page, "accueil", tmp_path)
        page.get_by_role("link", name="Le référentiel").click()
        expect(page.get_by_text("C4-15")).to_be_visible()
        _capture(page, "referentiel", tmp_path, height=900)
        assert not errors, errors
        browser.close()


def test_pages_work_without_javascript(server):
    base, space = server
    (space / "atelier-x.yaml").write_text("territoire: Sans script\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(base + "/atelier/x")
        page.get_by_label("Nom du territoire (obligatoire)").fill("")
        page.get_by_role("button", name="Enregistrer l’atelier").click()
        expect(page.locator("#territoire-erreur")).to_contain_text("le texte est vide")
        page.get_by_label("Nom du territoire (obligatoire)").fill("Avec un nom")
        page.get_by_role("button", name="Enregistrer l’atelier").click()
        expect(page.locator(".succes")).to_contain_text("Enregistré")
        browser.close()
