"""synthese-maillage.html: self-contained, and in a real browser (Debian's Chromium through
Playwright) a click lights up exactly the linked nodes; filters and search narrow the mesh."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from playwright.sync_api import sync_playwright

from maillage_cases import SESSION_1, SESSION_2, built, csv_graph

pytestmark = [pytest.mark.navigateur, pytest.mark.lent]


@pytest.fixture(scope="module")
def session():
    return built(SESSION_1)


@pytest.fixture(scope="module")
def browser():
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is needed for the browser tests (apt-get install chromium)"
    with sync_playwright() as p:
        launched = p.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        )
        yield launched
        launched.close()


def open_page(browser, path):
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    return page, requests, errors


def test_references_nothing_outside_itself(session):
    _, files, _ = session
    html = files["synthese-maillage.html"].decode("utf-8")
    references = re.findall(r"""(?:src|href)\s*=\s*["']([^"']*)["']|url\(\s*["']?([^"')]+)""", html)
    targets = [a or b for a, b in references]
    assert targets, "the font at least is referenced (as data:)"
    assert all(t.startswith("data:") or t.startswith("#") for t in targets), targets
    assert "@import" not in html and "<link" not in html and "<iframe" not in html
    assert 'font-family: "Atkinson Hyperlegible"' in html and "data:font/ttf;base64," in html
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "") and "https://" not in html


def test_page_graph_is_the_csv_graph(session, browser):
    _, files, folder = session
    coverage, actors, links = csv_graph(files["synthese.csv"])
    page, _, errors = open_page(browser, folder / "synthese-maillage.html")
    competences = {e.get_attribute("data-competence") for e in page.query_selector_all("[data-competence]")}
    assert competences == {c for _, c in links}
    names = {e.get_attribute("data-cherche") for e in page.query_selector_all("[data-acteur]")}
    assert names == actors
    data = json.loads(page.inner_text("#donnees"))
    nom = {k: v["nom"] for k, v in data["acteurs"].items()}
    assert {(nom[l["a"]], l["c"]): l["statut"] for l in data["liens"]} == links
    assert page.locator("#liens path").count() == len(links)
    assert not errors
    page.close()


def test_click_actor_lights_exactly_its_competences(session, browser, tmp_path):
    _, files, folder = session
    _, _, links = csv_graph(files["synthese.csv"])
    page, requests, errors = open_page(browser, folder / "synthese-maillage.html")
    for name in ("Vallon Services (SCIC)", "Mairie de Saint-Julien-du-Vallon", "La Poste"):
        page.click(f'[data-acteur][data-cherche="{name}"]')
        lit = {e.get_attribute("data-competence") for e in page.query_selector_all(".competence.allume")}
        assert lit == {c for a, c in links if a == name}, name
        assert page.query_selector_all(".acteur.allume") == []
        assert len(page.query_selector_all("#liens path.allume")) == len(lit)
        if name == "Vallon Services (SCIC)":
            page.screenshot(path=str(tmp_path / "clic-acteur.png"))
            assert page.inner_text("#etat").startswith("Vallon Services (SCIC) — 3\u00a0compétences (phase 1\u00a0: 1")
    # A competence: its holders.
    page.click('[data-competence="C2-01"]')
    lit = {e.get_attribute("data-cherche") for e in page.query_selector_all(".acteur.allume")}
    assert lit == {a for a, c in links if c == "C2-01"}
    page.keyboard.press("Escape")
    assert page.query_selector_all(".allume") == []
    assert requests == [(folder / "synthese-maillage.html").as_uri()]  # nothing else fetched
    assert not errors
    page.close()


def test_filters_and_search(session, browser):
    _, _, folder = session
    page, _, _ = open_page(browser, folder / "synthese-maillage.html")
    page.click('[data-filtre-phase="1"]')
    visible = {e.get_attribute("data-competence") for e in page.query_selector_all(".competence:not(.cache)")}
    assert visible and not any(v.startswith("C1-") for v in visible)
    page.click('[data-filtre-type="association"]')
    types = {e.get_attribute("data-type") for e in page.query_selector_all(".acteur:not(.cache)")}
    assert "association" not in types and "entreprise" in types
    page.click("#effacer")
    page.fill("#recherche", "poste")
    assert [e.get_attribute("data-cherche") for e in page.query_selector_all(".acteur:not(.cache)")] == ["La Poste"]
    page.fill("#recherche", "epicerie")  # accents ignored
    assert [e.get_attribute("data-cherche") for e in page.query_selector_all(".acteur:not(.cache)")] == ["Épicerie associative La Musette"]
    page.fill("#recherche", "c2-05")
    assert [e.get_attribute("data-competence") for e in page.query_selector_all(".competence:not(.cache)")] == ["C2-05"]
    page.close()


def test_before_after_listed(browser):
    _, _, folder = built(SESSION_2, SESSION_1)
    page, _, _ = open_page(browser, folder / "synthese-maillage.html")
    new = [e.get_attribute("data-lien") for e in page.query_selector_all("#liens-nouveaux li")]
    lost = [e.get_attribute("data-lien") for e in page.query_selector_all("#liens-perdus li")]
    assert sorted(new) == ["acteur:office de tourisme|C1-02", "acteur:office de tourisme|C4-05"]
    assert lost == ["Banque alimentaire|C3-01"]
    assert page.locator("#liens path.nouveau").count() == 2
    page.close()
