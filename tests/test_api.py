"""The library API that every front end calls: typed results, progress from the plan, cancellation,
warnings on workshop files — in process, without the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from ateliers import api
from ateliers.cli import cli
from ateliers.errors import InputError
from ateliers.options import CardOptions, KitOptions, RectoVerso

from conftest import EXEMPLES, ROOT
from importgraph import imports_of


def _workshop(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "atelier.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_validate_reports_what_was_read():
    report = api.validate(atelier=EXEMPLES / "cc-haut-vallon.yaml", today=dt.date(2027, 1, 1))
    assert [p.competences for p in report.phases] == [10, 22, 17, 15]
    assert report.atelier.territoire == "Communauté de communes du Haut-Vallon"
    assert {c.id for c in report.vue.competences} >= {"C2-T01", "C3-T01"}
    assert report.warnings == []


def test_placeholders_and_dates_are_flagged(tmp_path):
    fichier = tmp_path / "atelier-x.yaml"
    api.new_workshop("Pays de Test", fichier)
    created = api.validate(atelier=fichier)
    fields = [w.champ for w in created.warnings]
    # The template's placeholders, and its provisional date, each named.
    assert "structure_porteuse" in fields and "animation" in fields and "lieu" in fields
    assert "acteurs › nom" in fields
    assert any(w.champ == "date" and "provisoire" in w.message for w in created.warnings)

    past = _workshop(tmp_path, "territoire: X\ndate: 2020-05-04\n")
    warnings = api.validate(atelier=past, today=dt.date(2026, 12, 1)).warnings
    assert [(w.champ, w.valeur) for w in warnings] == [("date", "04/05/2020")]
    assert "passé" in warnings[0].message

    clean = _workshop(tmp_path, "territoire: X\ndate: 2027-05-04\nlieu: Salle des fêtes\n")
    assert api.validate(atelier=clean, today=dt.date(2026, 12, 1)).warnings == []


@pytest.mark.lent
def test_kit_warns_and_still_builds(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["nouveau", "Pays de Test"])
    assert result.exit_code == 0, result.output
    result = subprocess.run(
        [sys.executable, "-m", "ateliers", "kit", "--atelier", "atelier-pays-de-test.yaml", "--sortie", "kit", "--processus", "1", "--phases", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "Prénom Nom" in result.stderr and "date provisoire" in result.stderr
    assert (tmp_path / "kit" / "affiche-evenement.pdf").is_file()


@pytest.mark.lent
def test_progress_total_follows_the_plan(tmp_path):
    """Two phases, folded cards (no calibration sheet): the total is counted from what is built."""
    atelier = _workshop(tmp_path, "territoire: Deux Phases\nphases_retenues: [1, 2]\n")
    seen: list[tuple[int, int, str]] = []
    options = KitOptions(CardOptions(recto_verso=RectoVerso.pliage))
    report = api.kit(atelier=atelier, sortie=tmp_path / "kit", options=options, progress=lambda *a: seen.append(a), workers=1)
    totals = {total for _, total, _ in seen}
    assert len(totals) == 1, totals
    built = [f["fichier"] for f in report.files if not f["fichier"].startswith("apercus/")]
    assert totals.pop() == len(built)
    assert [done for done, _, _ in seen] == list(range(1, len(seen) + 1))
    assert seen[-1][0] == seen[-1][1]
    assert "cartes-calibrage.pdf" not in built
    assert {"affiche-phase-1.pdf", "affiche-phase-2.pdf"} <= set(built) and "affiche-phase-3.pdf" not in built


@pytest.mark.lent
def test_each_builder_writes_the_files_it_planned(tmp_path):
    """The progress totals of cards, posters and worksheets are the files each one writes."""
    atelier = EXEMPLES / "saint-aubin-villages.yaml"
    for build in (api.cards, api.posters, api.worksheets):
        seen: list[tuple[int, int, str]] = []
        report = build(atelier=atelier, sortie=tmp_path / build.__name__, phases=[1], progress=lambda *a: seen.append(a))
        written = [o.path for o in report.outputs]
        assert {total for _, total, _ in seen} == {len(written)}, (build.__name__, seen, written)
        assert sorted(label for _, _, label in seen if label) == sorted(written)


@pytest.mark.lent
def test_synthesis_progress_counts_the_reading_then_each_file(tmp_path):
    sheet = tmp_path / "groupe.csv"
    sheet.write_text("N°;Compétence;Qui la détient sur notre territoire ?;Type d'acteur;Contact;Statut;Commentaire\nC1-01;;Mairie;;;oui;\n", encoding="utf-8")
    seen: list[tuple[int, int, str]] = []
    report = api.synthesis(EXEMPLES / "saint-aubin-villages.yaml", [sheet], sortie=tmp_path / "synthese", progress=lambda *a: seen.append(a))
    written = [o.path for o in report.outputs]
    assert {total for _, total, _ in seen} == {len(written) + 1}, seen
    assert [done for done, _, _ in seen] == list(range(1, len(written) + 2))
    assert [label for _, _, label in seen] == ["fiches relues", *written]


def test_cancel_before_anything_is_written(tmp_path):
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(api.Cancelled):
        api.cards(sortie=tmp_path / "out", cancel=cancel, workers=1)
    assert not list((tmp_path / "out").glob("*.pdf"))


@pytest.mark.lent
def test_cancel_during_a_build_leaves_previous_files(tmp_path):
    out = tmp_path / "out"
    api.worksheets(sortie=out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    cancel = threading.Event()

    def stop_after_two(done, total, label):
        if done == 2:
            cancel.set()

    with pytest.raises(api.Cancelled):
        api.worksheets(sortie=out, progress=stop_after_two, cancel=cancel)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.lent
def test_kits_isolate_a_failing_territory(tmp_path):
    broken = _workshop(tmp_path, "territoire: [pas, un, nom]\n")
    reports = api.kits([EXEMPLES / "saint-aubin-villages.yaml", broken], tmp_path / "kits", workers=1)
    assert [bool(r.error) for r in reports] == [False, True]
    assert (tmp_path / "kits" / "saint-aubin-et-ses-villages").is_dir() or any((tmp_path / "kits").iterdir())
    assert "atelier.yaml" in reports[1].error


def test_synthesis_needs_a_worksheet(tmp_path):
    with pytest.raises(InputError):
        api.synthesis(EXEMPLES / "cc-haut-vallon.yaml", [], sortie=tmp_path)


FRONT_ENDS = [ROOT / "ateliers" / "cli.py", ROOT / "ateliers" / "click_fr.py", *sorted((ROOT / "ateliers" / "web").rglob("*.py"))]


@pytest.mark.parametrize("path", FRONT_ENDS, ids=lambda p: str(p.relative_to(ROOT / "ateliers")))
def test_front_ends_go_through_the_api_only(path):
    """The command and the app import nothing of the package but the API and its errors (and their own
    parts: the app's modules, the command's French click layer); the command may start the app."""
    allowed = {"ateliers.api", "ateliers.errors", "ateliers.click_fr"}
    own = "ateliers.web"
    below = {name for name in imports_of(path) if name not in allowed and name != own and not name.startswith(own + ".")}
    assert not below, f"{path.name} reaches below the API: {sorted(below)}"


def test_the_guard_sees_relative_and_absolute_imports(tmp_path):
    """The guard resolves « from ... import x » and « from ..kit import y » (it would pass any file otherwise)."""
    sample = ROOT / "ateliers" / "web" / "pages" / "kit.py"
    names = imports_of(sample)
    assert "ateliers.api" in names and "ateliers.web.services" in names


def test_cli_holds_no_domain_rule():
    """The command only parses, calls ateliers.api and prints: no builder, loader or reader below it."""
    source = (ROOT / "ateliers" / "cli.py").read_text(encoding="utf-8")
    for forbidden in ("_PLACEHOLDERS", "ProcessPoolExecutor", "KitOptions(", "PosterOptions(", "CardOptions("):
        assert forbidden not in source, forbidden
    assert len(source.splitlines()) <= 350  # what a command prints is said by the API (report.lines(), api.kit_lines…), the command prints it


def test_help_lists_kit_first_with_whole_summaries(runner):
    result = runner.invoke(cli, ["--help"], terminal_width=80)
    assert result.exit_code == 0
    commands = result.output.split("Commandes")[1]
    names = [line.split()[0] for line in commands.splitlines()[1:] if line.startswith("  ") and not line.startswith("    ")]
    assert names[0] == "kit", names
    assert "…" not in commands and "..." not in commands
    assert "ateliers kit" in result.output.split("Pour commencer")[1].split("Options")[0]


def test_kit_help_is_french_and_complete(runner):
    result = runner.invoke(cli, ["kit", "--aide"], terminal_width=100)
    for option in ("--imprimeur", "--traits-de-coupe", "--phases", "--format-affiches", "--decalage-verso"):
        assert option in result.output
    assert "INTEGER" not in result.output and "RANGE" not in result.output and "<=" not in result.output
    web = runner.invoke(cli, ["web", "--aide"], terminal_width=100).output
    assert "--port" in web and "<=" not in web and "INTEGER" not in web


def test_wrong_choice_is_said_in_french(runner):
    result = runner.invoke(cli, ["cartes", "--papier", "a5"])
    assert result.exit_code == 2
    assert "« a4 » ou « letter »" in result.output.replace("\u00a0", " ")
    assert "'" not in result.output.split("Erreur")[1]


def test_wrong_actor_type_lists_values_in_french(tmp_path):
    path = _workshop(tmp_path, "territoire: X\nacteurs:\n  - nom: Y\n    type: banque\n")
    with pytest.raises(InputError) as info:
        api.validate(atelier=path)
    message = str(info.value).replace("\u00a0", " ")
    assert "« collectivité »" in message and " ou « autre »" in message and " or " not in message


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("18 mars 2027", "2027-03-18"), ("jeudi 1er avril 2027", "2027-04-01"), ("2027/03/18", "2027-03-18"),
     ("03/18/2027", "18/03/2027")],
)
def test_a_recognisable_date_is_rewritten(tmp_path, typed, expected):
    path = _workshop(tmp_path, f'territoire: X\ndate: "{typed}"\n')
    with pytest.raises(InputError) as info:
        api.validate(atelier=path)
    assert expected in str(info.value)
    if typed == "03/18/2027":
        assert "jour" in str(info.value) and "mois" in str(info.value)


def test_facilitators_on_one_line_are_several_names(tmp_path):
    two = api.validate(atelier=_workshop(tmp_path, "territoire: X\nanimation: Marie Dupont, Jean Martin\n"))
    assert two.atelier.animation == ["Marie Dupont", "Jean Martin"]
    one = api.validate(atelier=_workshop(tmp_path, "territoire: X\nanimation: Dupont, Marie\n"))
    assert one.atelier.animation == ["Dupont, Marie"]
    kept = api.validate(atelier=_workshop(tmp_path, "territoire: X\nanimation: Claire Vidal (chargée de mission, CC du Vallon)\n"))
    assert kept.atelier.animation == ["Claire Vidal (chargée de mission, CC du Vallon)"]


@pytest.mark.parametrize("module", ["ateliers.lecture", "ateliers.api", "ateliers.cli"])
def test_reading_back_and_the_front_ends_load_no_renderer(module):
    """The read-back, the API and the CLI import no rendering stack until a PDF is rendered."""
    result = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {module}"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    imported = {line.split("|")[-1].strip() for line in result.stderr.splitlines() if "|" in line}
    assert "ateliers.api" in imported or module != "ateliers.api"
    heavy = {name for name in imported if name.split(".")[0] in ("weasyprint", "docx", "pypdfium2", "openpyxl", "networkx")}
    assert not heavy, heavy
