"""A facilitator's journey in a real browser (Debian's Chromium driven by Playwright),
against the app served by waitress as ``ateliers web`` serves it.

Screenshots of every page go to a temporary folder; with ATELIERS_CAPTURES=docs
they refresh the README's previews.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import socket
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect, sync_playwright

from ateliers.web import create_app

pytestmark = [pytest.mark.navigateur, pytest.mark.lent]

CHROMIUM = shutil.which("chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=fr-FR"]
FUTURE = dt.date.today() + dt.timedelta(days=90)



def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings on the page as it is now (WCAG rules, in Chromium)."""
    from axe_playwright_python.sync_playwright import Axe

    response = Axe().run(page).response
    return [
        f"{v['id']} ({v['impact']}) : {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


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

        audits: dict[str, list[str]] = {}  # page → axe-core's serious and critical findings

        # Accueil: a new workshop.
        page.goto(base + "/")
        expect(page.get_by_role("heading", name="Vos ateliers")).to_be_visible()
        audits["accueil vide"] = serious_violations(page)
        page.get_by_label("Nom du territoire").fill("Communauté de communes du Val d’Essai")
        page.get_by_role("button", name="Créer l’atelier").click()
        expect(page.locator(".succes")).to_contain_text("remplacez-les")
        assert (space / "atelier-communaute-de-communes-du-val-d-essai.yaml").is_file()

        # L'atelier: a name left empty is refused, its message tied to the field; every field.
        audits["atelier"] = serious_violations(page)
        name = page.get_by_label("Nom du territoire (obligatoire)")
        name.fill("")
        page.get_by_role("button", name="Enregistrer l’atelier").click()
        expect(page.locator("#territoire-erreur")).to_contain_text("le texte est vide")
        expect(name).to_have_attribute("aria-describedby", "territoire-erreur")
        expect(name).to_have_attribute("aria-invalid", "true")
        audits["atelier avec une erreur"] = serious_violations(page)
        errors.remove("Failed to load resource: the server responded with a status of 422 (UNPROCESSABLE ENTITY)")  # that refusal
        name.fill("Communauté de communes du Val d’Essai")
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
        expect(page.get_by_label("Date")).to_have_attribute("aria-describedby", "date-attention")
        audits["atelier avec un avertissement"] = serious_violations(page)
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
        expect(page.get_by_role("button", name="Préparer le kit")).to_be_visible()
        audits["kit à préparer"] = serious_violations(page)
        page.get_by_role("button", name="Préparer le kit").click()
        expect(page.locator("#progression")).to_be_visible()
        expect(page.get_by_text("Le kit est prêt")).to_be_visible(timeout=300_000)
        expect(page.get_by_role("link", name="cartes-competences.pdf")).to_be_visible()
        _capture(page, "kit", tmp_path)
        audits["kit prêt"] = serious_violations(page)
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

        # Après l'atelier: competences entered, one line per actor with its own status; the
        # « Ajouter un acteur » button (mouse, then keyboard) adds a line and takes the focus to it.
        page.get_by_role("link", name="3. Après l’atelier").click()
        audits["saisie des résultats"] = serious_violations(page)
        entries = [("C1-01", 1, "Mairie de Val-d’Essai", "détenue"), ("C1-02", 1, "Épicerie La Musette", "détenue"),
                   ("C1-02", 2, "France services", "partielle"), ("C1-02", 3, "Mairie de Val-d’Essai", "à vérifier"),
                   ("C1-03", 1, "France services", "partielle"), ("C1-04", 1, "", "à trouver"), ("C1-05", 1, "", "porteur de projet"),
                   ("C1-T01", 1, "Mairie de Val-d’Essai", "détenue")]
        for ident, line, who, status in entries:
            if line == 2:
                page.get_by_role("button", name=f"Ajouter un acteur pour {ident}").click()
                expect(page.get_by_label(f"Qui détient {ident}, acteur 2", exact=True)).to_be_focused()
            if line == 3:
                page.get_by_role("button", name=f"Ajouter un acteur pour {ident}").focus()
                page.keyboard.press("Enter")
                expect(page.get_by_label(f"Qui détient {ident}, acteur 3", exact=True)).to_be_focused()
            if who:
                page.get_by_label(f"Qui détient {ident}, acteur {line}", exact=True).fill(who)
            page.get_by_label(f"Statut de {ident}, acteur {line}", exact=True).select_option(status)
        page.get_by_label("Commentaire sur C1-02", exact=True).fill("trois acteurs, trois statuts")
        audits["saisie de plusieurs acteurs"] = serious_violations(page)
        page.get_by_role("button", name="Enregistrer la saisie").click()
        expect(page.get_by_text("Saisie enregistrée.")).to_be_visible()
        for ident, line, who, status in entries:  # every line as typed, and one empty line more
            expect(page.get_by_label(f"Qui détient {ident}, acteur {line}", exact=True)).to_have_value(who)
            expect(page.get_by_label(f"Statut de {ident}, acteur {line}", exact=True)).to_have_value(status)
        expect(page.get_by_label("Qui détient C1-02, acteur 4", exact=True)).to_have_value("")
        expect(page.get_by_label("Commentaire sur C1-02", exact=True)).to_have_value("trois acteurs, trois statuts")
        _capture(page, "resultats", tmp_path)
        page.get_by_role("button", name="Faire la synthèse").click()
        expect(page.get_by_text("Synthèse faite")).to_be_visible(timeout=300_000)
        audits["synthèse faite"] = serious_violations(page)
        _capture_element(page.locator("#synthese"), "synthese", tmp_path)
        link = page.get_by_role("link", name="synthese-carte.pdf")
        response = page.request.get(base + link.get_attribute("href"))
        assert response.ok and response.body().startswith(b"%PDF")
        with page.expect_popup() as popup:
            page.get_by_role("link", name="synthese-carte.pdf").click()
        assert popup.value.url.endswith("synthese-carte.pdf")
        popup.value.close()
        # synthese.csv and the mesh's workbook: each actor's own status; the project leader is no actor.
        csv_text = page.request.get(base + page.get_by_role("link", name="synthese.csv").get_attribute("href")).text()
        rows = list(csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")), delimiter=";"))
        assert {(r["Acteur"], r["Statut"]) for r in rows if r["N°"] == "C1-02"} == {
            ("Épicerie La Musette", "détenue"), ("France services", "partielle"), ("Mairie de Val-d’Essai", "à vérifier")}
        assert [(r["Acteur"], r["Statut"]) for r in rows if r["N°"] == "C1-05"] == [("", "porteur de projet")]
        book = openpyxl.load_workbook(io.BytesIO(page.request.get(base + page.get_by_role("link", name="synthese.xlsx").get_attribute("href")).body()), read_only=True)
        liens = {(r[0], r[1]): r[2] for r in list(book["Liens"].iter_rows(values_only=True))[1:]}
        assert {a: s for (a, cid), s in liens.items() if cid == "C1-02"} == {"Épicerie La Musette": "détenue", "France services": "partielle", "Mairie de Val-d’Essai": "à vérifier"}
        acteurs = [r[0] for r in list(book["Acteurs"].iter_rows(values_only=True))[1:]]
        assert not any("porteur" in a.casefold() for a in acteurs) and not any(cid == "C1-05" for _, cid in liens)

        # Accueil shows where the workshop stands; Le référentiel, read-only.
        page.get_by_role("link", name="Accueil").click()
        row = page.get_by_role("row", name="Communauté de communes du Val d’Essai")
        expect(row).to_contain_text("préparé, à jour")
        expect(row).to_contain_text("faite")
        _capture(page, "accueil", tmp_path)
        audits["accueil"] = serious_violations(page)
        page.get_by_role("link", name="Le référentiel").click()
        expect(page.get_by_text("C4-15")).to_be_visible()
        _capture(page, "referentiel", tmp_path, height=900)
        audits["référentiel"] = serious_violations(page)
        assert len(audits) == 11 and not any(audits.values()), {k: v for k, v in audits.items() if v}
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
        # The results grid: one empty line per competence; each save adds one under what is typed.
        page.goto(base + "/atelier/x/resultats")
        expect(page.get_by_role("button", name="Ajouter un acteur pour C1-01")).to_have_count(0)
        expect(page.get_by_label("Qui détient C1-01, acteur 2", exact=True)).to_have_count(0)
        for line, (who, status) in enumerate([("Mairie de Sans-Script", "détenue"), ("Club des aînés", "partielle")], start=1):
            page.get_by_label(f"Qui détient C1-01, acteur {line}", exact=True).fill(who)
            page.get_by_label(f"Statut de C1-01, acteur {line}", exact=True).select_option(status)
            page.get_by_role("button", name="Enregistrer la saisie").click()
            expect(page.get_by_text("Saisie enregistrée.")).to_be_visible()
            expect(page.get_by_label(f"Qui détient C1-01, acteur {line + 1}", exact=True)).to_have_value("")
        expect(page.get_by_label("Qui détient C1-01, acteur 1", exact=True)).to_have_value("Mairie de Sans-Script")
        expect(page.get_by_label("Statut de C1-01, acteur 2", exact=True)).to_have_value("partielle")
        browser.close()


def test_login_page_for_the_network_passes_the_audit(tmp_path):
    """Shared on a network, every page asks for the password first: that page too is audited,
    blank and after a wrong password (its message tied to the field)."""
    from waitress import create_server

    space = tmp_path / "Ateliers"
    space.mkdir()
    port = _free_port()
    app = create_app(space, port=port, password="mot-de-passe-partage")
    srv = create_server(app, host="127.0.0.1", port=port, threads=4)
    threading.Thread(target=srv.run, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(locale="fr-FR")
            page.goto(f"http://127.0.0.1:{port}/")
            field = page.get_by_label("Mot de passe")
            expect(field).to_be_visible()
            blank = serious_violations(page)
            field.fill("pas le bon")
            field.press("Enter")
            expect(page.get_by_text("Mot de passe incorrect.")).to_be_visible()
            wrong = serious_violations(page)
            browser.close()
    finally:
        app.extensions["ateliers"].builds.shutdown()
        srv.close()
    assert blank == [] and wrong == []


# What the keyboard reaches, and how its focus shows: tag, accessible text, outline and shadow.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const label = e.labels && e.labels.length ? e.labels[0].innerText : (e.getAttribute('aria-label') || e.innerText || e.value || '');
  return {key: [...document.querySelectorAll('*')].indexOf(e),
          tag: e.tagName, label: label.trim().slice(0, 60),
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2, shadow: s.boxShadow !== 'none'};
}"""
_FOCUSABLE = """() => [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex="-1"])')]
  .filter(e => !e.disabled && e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden')
  .filter(e => !e.closest('details:not([open]) > :not(summary)')).length"""  # a closed <details> shows only its summary


def _tab_through(page, limit: int = 400) -> list[dict]:
    """Tab from the top until the focus comes back to the first element it reached."""
    seen: list[dict] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = page.evaluate(_FOCUSED)
        if now is None:
            continue  # the browser's own UI, between the end and the start again
        if seen and now["key"] == seen[0]["key"]:
            return seen
        seen.append(now)
    raise AssertionError(f"le focus ne revient pas au début après {limit} tabulations : piège ? {[s['label'] for s in seen[-5:]]}")


def test_keyboard_alone_reaches_every_control_with_a_visible_focus(server):
    """Tab only: every control of the home page, of a workshop's form and of its results grid is reached in turn
    (radio groups count once), each shows its focus (a 3 px outline), and the focus goes round
    the page and back to the start: no trap."""
    base, space = server
    (space / "atelier-clavier.yaml").write_text("territoire: Val du Clavier\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(locale="fr-FR", viewport={"width": 1200, "height": 900})
        pages = (("/", ["Nom du territoire", "Créer l’atelier"]), ("/atelier/clavier", ["Nom du territoire (obligatoire)", "Enregistrer l’atelier", "Date"]),
                 ("/atelier/clavier/resultats", ["Ajouter un acteur pour C1-01", "Qui détient C1-01, acteur 1", "Statut de C1-01, acteur 1", "Commentaire sur C1-01", "Enregistrer la saisie"]))
        for path, controls in pages:
            page.goto(base + path)
            visited = _tab_through(page)
            labels = [" ".join(v["label"].split()) for v in visited]  # a visually hidden part of a label comes on its own line
            for control in controls:
                assert any(label.startswith(control) for label in labels), (path, control, labels)
            hidden = [v["label"] or v["key"] for v in visited if not (v["outline"] or v["shadow"])]
            assert hidden == [], (path, hidden)
            # Each once per round (a date or time field takes one Tab per part: day, month, year…).
            visited = [v for i, v in enumerate(visited) if i == 0 or visited[i - 1]["key"] != v["key"]]
            assert len({v["key"] for v in visited}) == len(visited), path
            radios = page.evaluate("() => new Set([...document.querySelectorAll('input[type=radio]')].map(e => e.name)).size")
            radio_count = page.evaluate("() => document.querySelectorAll('input[type=radio]').length")
            assert len(visited) == page.evaluate(_FOCUSABLE) - radio_count + radios, path
        # The skip link comes first and takes the focus to the content.
        page.goto(base + "/")
        page.keyboard.press("Tab")
        first = page.evaluate(_FOCUSED)
        assert first["tag"] == "A" and "contenu" in first["label"].lower(), first
        browser.close()


def test_the_audit_finds_what_it_looks_for():
    """A field without a label and pale text: axe-core, run as the journey runs it, reports both."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.set_content('<html lang="fr"><head><title>x</title></head><body><main><input type="text"><p style="color:#CCC">pâle</p></main></body></html>')
        found = serious_violations(page)
        browser.close()
    assert any(f.startswith("label (critical)") for f in found) and any(f.startswith("color-contrast (serious)") for f in found), found


def test_results_grid_holds_a_real_workshop(server):
    """64 competences, 2 or 3 actors each with their own status, 150 known actors with long
    names: at 1280 and 800 px wide the grid fits the width (no sideways scrolling), every line
    is there with its values, the audit finds nothing serious (narrow layout), and a line is added at the end."""
    base, space = server
    names = [f"Association intercommunale d’aide à domicile et de services aux familles du canton n° {i:03d}" for i in range(150)]
    text = "territoire: Grand Vallon\nphases_retenues: [1, 2, 3, 4]\nacteurs:\n" + "".join(f"  - nom: {n}\n    type: association\n" for n in names)
    (space / "atelier-grand.yaml").write_text(text, encoding="utf-8")
    from ateliers import load_referentiel

    statuses = ["détenue", "partielle", "à vérifier", "à trouver", "porteur de projet"]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"])
    lines = 0
    for index, c in enumerate(load_referentiel().competences):
        for line in range(2 + index % 2):
            status = statuses[lines % len(statuses)]
            who = "" if status in ("à trouver", "porteur de projet") else names[lines % 150]
            writer.writerow([c.id, c.texte, who, "association" if who else "", "contact@exemple.fr" if who else "", status, "à revoir en juin" if line == 0 else ""])
            lines += 1
    (space / "resultats" / "grand").mkdir(parents=True)
    (space / "resultats" / "grand" / "saisie-navigateur.csv").write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for width in (1280, 800):
            page = browser.new_page(locale="fr-FR", viewport={"width": width, "height": 900})
            page.goto(base + "/atelier/grand/resultats")
            page.evaluate("() => document.querySelectorAll('details.phase-saisie').forEach(d => d.open = true)")
            assert page.locator("tbody[data-competence]").count() == 64
            assert page.locator("tr[data-ligne]").count() == lines + 64  # and one empty line per competence
            assert page.locator("td.statut select").evaluate_all("s => s.filter(e => e.value).length") == lines
            wide = page.evaluate("() => document.documentElement.scrollWidth")
            assert wide <= width, (width, wide)
            overflowing = page.evaluate("""() => [...document.querySelectorAll('table.grille input, table.grille select, table.grille button')]
                .filter(e => { const r = e.getBoundingClientRect(), t = e.closest('table').getBoundingClientRect(); return r.right > t.right + 1 || r.left < t.left - 1; }).length""")
            assert overflowing == 0, width
            if width == 800:  # the narrow layout (the journey above audits the wide one)
                assert serious_violations(page) == []
            page.get_by_role("button", name="Ajouter un acteur pour C4-15").click()
            added = page.locator("tbody[data-competence='C4-15'] tr[data-ligne]")
            expect(page.get_by_label(f"Qui détient C4-15, acteur {added.count()}", exact=True)).to_be_focused()
            page.close()
        browser.close()
