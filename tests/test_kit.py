"""ateliers kit: the whole kit as a user runs it, rebuilt only when needed, failures isolated."""

from __future__ import annotations

import hashlib
import re
import html.parser
import shutil
from pathlib import Path

import pytest

from conftest import EXEMPLES, ROOT, invoke_cli, run_cli
from pdfcheck import load_manifest
from tagcheck import tag_problems, word_problems, xlsx_problems

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"


class Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.images: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for key in ("href", "src"):
            value = attrs.get(key)
            if value and ("://" in value or value.startswith("//")):
                self.external.append(value)
        if tag == "a" and attrs.get("href"):
            self.hrefs.append(attrs["href"])
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])


def snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {str(p.relative_to(folder)): (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def territory_kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kit") / "haut-vallon"
    result = run_cli("kit", "--atelier", str(HAUT_VALLON), "--sortie", str(folder))
    assert result.returncode == 0, result.stderr
    return folder, result


def test_kit_holds_every_printable(territory_kit):
    folder, result = territory_kit
    names = {p.name for p in folder.iterdir()}
    for prefix in ("cartes-competences", "cartes-etapes", "cartes-synthese", "cartes-a-remplir", "affiche-phase-1", "affiche-vue-ensemble", "affiche-evenement", "fiche-competences", "fiche-acteurs", "fiche-plan-action", "guide-animation"):
        assert any(n.startswith(prefix) for n in names), prefix
    assert "index.html" in names and "manifest.json" in names
    assert "index.html" in result.stdout and "cartes-competences.pdf" in result.stdout


def test_every_file_of_the_kit_is_accessible(territory_kit):
    """Every PDF tagged (structure tree, fr-FR, a title shown), every Word file in French with
    heading styles and repeated table headers, the spreadsheet with its language."""
    folder, _ = territory_kit
    pdfs = sorted(folder.glob("*.pdf"))
    assert len(pdfs) >= 10
    for path in pdfs:
        assert tag_problems(path) == [], path.name
    for path in sorted(folder.glob("*.docx")):
        assert word_problems(path) == [], path.name
    for path in sorted(folder.glob("*.xlsx")):
        assert xlsx_problems(path) == [], path.name


def test_manifest_matches_every_file(territory_kit):
    folder, _ = territory_kit
    manifest = load_manifest(folder)
    listed = {f["fichier"]: f for f in manifest["fichiers"]}
    on_disk = {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert set(listed) == on_disk
    for name, entry in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == entry["sha256"], name
    assert manifest["empreinte_entrees"]


def test_contact_sheet_links_every_file_and_thumbnail(territory_kit):
    folder, _ = territory_kit
    page = (folder / "index.html").read_text(encoding="utf-8")
    parser = Links()
    parser.feed(page)
    assert parser.external == []  # opens offline
    kit_files = {p.name for p in folder.iterdir() if p.suffix in (".pdf", ".docx", ".xlsx")}
    assert kit_files <= set(parser.hrefs)
    assert parser.images
    for src in parser.images:
        assert (folder / src).is_file(), src
        assert (folder / src).read_bytes().startswith(b"\x89PNG")
    for pdf in (p for p in kit_files if p.endswith(".pdf")):
        assert any(src.startswith(f"apercus/{pdf[:-4]}-") for src in parser.images), pdf
    # What it is for, how to print it, how many copies for the workshop's 4 sub-groups.
    assert "Imprimez toujours à 100" in page and "retournement sur le bord long" in page
    assert "bord court" not in page
    articles = re.findall(r'<article[^>]*id="([^"]+)"', page)
    assert articles[0].startswith("guide-animation")  # read first
    assert set(articles) == kit_files  # the spreadsheet worksheet too
    # 4 sub-groups: one sheet of cards to fill each, their phase's cards for each of them.
    assert re.search(r'id="cartes-a-remplir.pdf".*?<dt>Exemplaires</dt><dd>4</dd>', page, re.S)
    assert "Kit d’atelier — Communauté de communes du Haut-Vallon" in page


def test_second_run_rewrites_nothing_and_force_rebuilds(tmp_path):
    folder = tmp_path / "kit"
    first = invoke_cli("kit", "--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"), "--sortie", str(folder), "--quiet", "--phases", "1")
    assert first.returncode == 0, first.stderr
    assert first.stdout == ""  # --quiet
    before = snapshot(folder)
    second = invoke_cli("kit", "--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"), "--sortie", str(folder), "--phases", "1")
    assert second.returncode == 0 and "déjà à jour" in second.stdout
    assert snapshot(folder) == before
    forced = invoke_cli("kit", "--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"), "--sortie", str(folder), "--forcer", "--phases", "1")
    assert forced.returncode == 0
    after = snapshot(folder)
    assert set(after) == set(before)
    assert all(after[name][0] != before[name][0] for name in before)  # every file written again
    assert all(after[name][1] == before[name][1] for name in before)  # with the same bytes, Word files included


def test_changed_input_rebuilds(tmp_path):
    atelier = tmp_path / "atelier.yaml"
    shutil.copy(EXEMPLES / "saint-aubin-villages.yaml", atelier)
    folder = tmp_path / "kit"
    assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "-q").returncode == 0
    atelier.write_text(atelier.read_text(encoding="utf-8").replace("phases_retenues: [1, 2]", "phases_retenues: [1]"), encoding="utf-8")
    result = invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder))
    assert result.returncode == 0 and "déjà à jour" not in result.stdout
    assert not (folder / "affiche-phase-2.pdf").exists()  # no stale file from the previous build
    assert (folder / "affiche-phase-1.pdf").exists()


def test_generic_kit_default_folder(tmp_path):
    result = invoke_cli("kit", "-q", "--phases", "1", cwd=tmp_path)  # one phase: the folder is the point
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "output" / "generique"
    assert (folder / "index.html").is_file() and (folder / "fiche-competences.docx").is_file()
    assert not (folder / "affiche-evenement.pdf").exists()  # no event without a workshop file


def test_many_territories_one_failing(tmp_path):
    bad = tmp_path / "casse.yaml"
    bad.write_text("territoire: Casse\nacteurs:\n  - nom: X\n    type: licorne\n", encoding="utf-8")
    parent = tmp_path / "out"
    result = invoke_cli("kit", str(HAUT_VALLON), str(bad), str(EXEMPLES / "saint-aubin-villages.yaml"), "--sortie", str(parent), "--phases", "1")
    assert result.returncode == 2  # data to correct, as the README says
    assert "casse.yaml" in result.stdout + result.stderr and "échec" in result.stdout
    assert "licorne" in result.stderr
    assert (parent / "communaute-de-communes-du-haut-vallon" / "index.html").is_file()
    assert (parent / "saint-aubin-sur-loire-et-ses-villages" / "index.html").is_file()
    assert "Traceback" not in result.stderr


def test_failure_mid_run_leaves_previous_outputs_identical(tmp_path):
    atelier = tmp_path / "atelier.yaml"
    shutil.copy(EXEMPLES / "saint-aubin-villages.yaml", atelier)
    folder = tmp_path / "kit"
    assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "-q", "--phases", "1").returncode == 0
    before = snapshot(folder)
    # The inputs change, and one of the files cannot be written (a folder stands in its way).
    atelier.write_text(atelier.read_text(encoding="utf-8").replace("Boulangerie du Pont", "Boulangerie du Port"), encoding="utf-8")
    blocker = folder / "apercus" / "cartes-synthese-1.png"
    blocker.unlink()
    blocker.mkdir()
    before.pop("apercus/cartes-synthese-1.png")
    result = invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "--phases", "1")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "cartes-synthese-1.png" in result.stderr and "Traceback" not in result.stderr
    after = {k: v for k, v in snapshot(folder).items()}
    assert after == before  # every previous file byte-identical, no temporary file left


def test_cards_too_long_in_two_decks_are_named_together_and_nothing_is_written(tmp_path):
    """The decks are shared between two processes: a competence card and a step card whose
    texts do not fit are named in one message, in the decks' order, and the kit is not written."""
    text = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")
    long_text = " ".join(["compétence très détaillée"] * 17)
    for short in ('"Encadrer, coordonner les concierges"', '"Définition des besoins sur le périmètre défini"'):
        assert short in text
        text = text.replace(short, f'"{long_text}"')
    referentiel = tmp_path / "ref.yaml"
    referentiel.write_text(text, encoding="utf-8")
    folder = tmp_path / "kit"
    result = invoke_cli("kit", "--referentiel", str(referentiel), "--sortie", str(folder), "--format", "45x60", "--phases", "1,3")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "C3-06" in result.stderr and "E1-02" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.index("C3-06") < result.stderr.index("E1-02")  # the competences' deck comes first
    assert not folder.exists() or not list(folder.rglob("*.pdf"))


# ---------------------------------------------------------------- the no-change answer


def _workshop_with_logo(tmp_path: Path) -> Path:
    from PIL import Image

    atelier = tmp_path / "atelier.yaml"
    text = (EXEMPLES / "saint-aubin-villages.yaml").read_text(encoding="utf-8")
    atelier.write_text(text + "\nlogo: logo.png\n", encoding="utf-8")
    Image.new("RGB", (60, 30), "#C0392B").save(tmp_path / "logo.png")
    return atelier


def test_unchanged_kit_is_answered_without_loading_anything(tmp_path):
    """A second run finds the input files' bytes as they were: no validation, no rendering stack."""
    import subprocess
    import sys

    atelier = _workshop_with_logo(tmp_path)
    folder = tmp_path / "kit"
    assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "-q").returncode == 0
    before = snapshot(folder)
    probe = (
        "import sys; from pathlib import Path; from ateliers import api\n"
        f"r = api.kit(None, Path({str(atelier)!r}), Path({str(folder)!r}))\n"
        "print(r.rebuilt, len(r.files), sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'weasyprint', 'docx', 'jinja2'}))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split(maxsplit=2)
    assert out[0] == "False" and int(out[1]) == len(load_manifest(folder)["fichiers"]) and out[2].strip() == "[]", out
    assert snapshot(folder) == before


def test_same_meaning_other_bytes_is_not_rebuilt_and_a_new_logo_is(tmp_path):
    from ateliers import api
    from ateliers.kit import build as kit
    from ateliers.options import KitOptions

    atelier = _workshop_with_logo(tmp_path)
    folder = tmp_path / "kit"
    assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "-q").returncode == 0
    assert load_manifest(folder)["logo"] == "logo.png"
    printed = {k: v for k, v in snapshot(folder).items() if k != "manifest.json"}
    atelier.write_text(atelier.read_text(encoding="utf-8") + "# Relu par l’équipe le 3 mars.\n", encoding="utf-8")
    assert kit.unchanged(None, atelier, folder, KitOptions()) is None  # other bytes: checked in full
    report = api.kit(None, atelier, folder, workers=1)
    assert not report.rebuilt
    assert {k: v for k, v in snapshot(folder).items() if k != "manifest.json"} == printed
    assert kit.unchanged(None, atelier, folder, KitOptions()) is not None  # remembered: answered from the bytes now
    (tmp_path / "logo.png").write_bytes((tmp_path / "logo.png").read_bytes() + b"\0")  # same path, other bytes
    assert kit.unchanged(None, atelier, folder, KitOptions()) is None
    assert api.kit(None, atelier, folder, workers=1).rebuilt


def test_unchanged_kit_says_the_same_warnings(tmp_path):
    """The warnings of the workshop file are said again on a run that rebuilds nothing."""
    from ateliers import api

    assert invoke_cli("nouveau", "Val d’essai", cwd=tmp_path).returncode == 0
    atelier = next(tmp_path.glob("*.yaml"))
    folder = tmp_path / "kit"
    first = api.kit(None, atelier, folder, workers=1)
    second = api.kit(None, atelier, folder, workers=1)
    assert first.rebuilt and not second.rebuilt
    assert {w.champ for w in first.warnings} >= {"structure_porteuse", "date"}
    assert second.warnings == first.warnings
    # A manifest edited by hand is no reason to fail: the full check answers, and mends it.
    import json

    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    (folder / "manifest.json").write_text(json.dumps(data | {"avertissements": ["?"], "date_atelier": "hier"}), encoding="utf-8")
    third = api.kit(None, atelier, folder, workers=1)
    assert not third.rebuilt and third.warnings == first.warnings
    assert load_manifest(folder)["avertissements"] == data["avertissements"]


def test_dates_warned_against_the_day_of_the_run():
    import datetime as dt

    from ateliers.entrees.workshop_warnings import PROVISIONAL_DATE, date_warnings

    day = dt.date(2027, 3, 1)
    assert "déjà passé" in date_warnings(day, None, today=dt.date(2027, 3, 2))[0].message
    assert date_warnings(day, "date: 2027-03-01\n", today=dt.date(2027, 2, 1)) == []
    assert "provisoire" in date_warnings(day, f"date: 2027-03-01  # {PROVISIONAL_DATE}\n", today=dt.date(2027, 2, 1))[0].message


def test_a_kit_made_for_an_explicit_folder_is_not_taken_for_the_default_one(tmp_path, monkeypatch):
    from ateliers.kit import build as kit
    from ateliers.options import KitOptions

    atelier = tmp_path / "atelier.yaml"
    shutil.copy(EXEMPLES / "saint-aubin-villages.yaml", atelier)
    default = tmp_path / "output" / "saint-aubin-sur-loire-et-ses-villages"
    assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(default), "-q").returncode == 0
    monkeypatch.chdir(tmp_path)
    assert kit.unchanged(None, atelier, default, KitOptions()) is not None
    assert kit.unchanged(None, atelier, None, KitOptions()) is None  # checked in full: the folder is the rule's
    assert invoke_cli("kit", "--atelier", str(atelier), "-q", cwd=tmp_path).returncode == 0
    assert kit.unchanged(None, atelier, None, KitOptions()) is not None


def test_the_synthesis_outlives_any_rebuild_of_the_kit(tmp_path):
    """After the workshop the synthesis is written beside the kit: rebuilding the kit (forced, or
    with other phases) removes the kit's own stale files, never the territory's map."""
    atelier = tmp_path / "atelier.yaml"
    shutil.copy(EXEMPLES / "saint-aubin-villages.yaml", atelier)
    folder = tmp_path / "kit"
    assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "-q").returncode == 0
    sheet = tmp_path / "groupe.csv"
    sheet.write_text("N°;Compétence;Qui la détient sur notre territoire ?;Type d'acteur;Contact;Statut;Commentaire\nC1-01;;Mairie;;;oui;\n", encoding="utf-8")
    made = invoke_cli("synthese", "--atelier", str(atelier), "--sortie", str(folder), str(sheet))
    assert made.returncode == 0, made.stderr
    synthesis = {f["fichier"]: f["sha256"] for f in load_manifest(folder)["fichiers"] if f["type"] in ("synthese", "donnees")}
    assert "synthese.csv" in synthesis and "synthese-carte.pdf" in synthesis
    for options in (["--force"], ["--phases", "1"]):
        assert invoke_cli("kit", "--atelier", str(atelier), "--sortie", str(folder), "-q", *options).returncode == 0
        entries = {f["fichier"]: f for f in load_manifest(folder)["fichiers"]}
        for name, sha in synthesis.items():
            assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == sha, name
            assert entries[name]["sha256"] == sha, name
    assert not (folder / "affiche-phase-2.pdf").exists() and "affiche-phase-2.pdf" not in entries  # the kit's own stale file
    assert (folder / "affiche-phase-1.pdf").is_file()


def test_contact_sheet_text_has_french_spacing(territory_kit):
    """No ordinary space before « : ; ? ! » in what index.html shows (styles and scripts aside)."""
    import html as html_lib

    folder, _ = territory_kit
    page = (folder / "index.html").read_text(encoding="utf-8")
    body = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body))
    assert not re.findall(r"\S [:;?!](?=\s)", text), re.findall(r".{20}\S [:;?!](?=\s).{5}", text)[:5]


def test_collector_settings_are_restored_after_builds_in_threads():
    """A build sets Python's collector aside (kit/collector.py); builds running at once in
    threads of one process (the library used from an application) leave it as they found it."""
    import gc
    import threading
    import time

    from ateliers.kit.collector import BUILD_THRESHOLDS, fewer_collections

    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    seen = []

    def build(pause: float) -> None:
        with fewer_collections():
            time.sleep(pause)
            seen.append(gc.get_threshold())

    threads = [threading.Thread(target=build, args=(0.01 * (i % 3),)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen == [BUILD_THRESHOLDS] * 8
    assert gc.get_threshold() == before and gc.get_freeze_count() == frozen


def test_without_fork_the_kit_is_built_in_one_process_with_the_same_bytes(tmp_path, monkeypatch):
    """Windows has no fork: the kit (and the decks) are then built in the command's process,
    file for file the same as with the forked workers."""
    import multiprocessing

    forked = tmp_path / "forked"
    assert invoke_cli("kit", "-q", "--phases", "1", "--sortie", str(forked)).returncode == 0
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", lambda method=None: (_ for _ in ()).throw(AssertionError(f"no {method} here")))
    alone = tmp_path / "alone"
    result = invoke_cli("kit", "-q", "--phases", "1", "--sortie", str(alone))
    assert result.returncode == 0, result.stderr
    made = {p.relative_to(forked): p.read_bytes() for p in forked.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert made and made == {p.relative_to(alone): p.read_bytes() for p in alone.rglob("*") if p.is_file() and p.name != "manifest.json"}
