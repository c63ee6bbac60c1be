"""The command as users run it: through click's runner and as a real process."""

from __future__ import annotations

import shutil
import sys

from ateliers.cli import cli
from ateliers import load_atelier, load_referentiel

from conftest import EXEMPLES, ROOT, run_cli

COUNTS = ["4 phases", "34 étapes", "64 compétences", "24 éléments de synthèse"]


def test_valider_counts_runner(runner):
    result = runner.invoke(cli, ["valider"])
    assert result.exit_code == 0, result.output
    for text in COUNTS:
        assert text in result.output


def test_valider_subprocess_with_explicit_file():
    result = run_cli("valider", str(ROOT / "referentiel.yaml"))
    assert result.returncode == 0, result.stderr
    for text in COUNTS:
        assert text in result.stdout


def test_valider_console_script(tmp_path):
    # The installed « ateliers » command, from another folder.
    exe = shutil.which("ateliers") or str(__import__("pathlib").Path(sys.executable).parent / "ateliers")
    import subprocess

    result = subprocess.run([exe, "valider"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "64 compétences" in result.stdout


def test_valider_with_workshop_files(runner):
    result = runner.invoke(cli, ["valider", "--atelier", str(EXEMPLES / "cc-haut-vallon.yaml")])
    assert result.exit_code == 0, result.output
    assert "Communauté de communes du Haut-Vallon" in result.output
    assert "C2-T01" in result.output and "C3-T01" in result.output
    assert "6 acteurs" in result.output
    result = run_cli("valider", "--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"))
    assert result.returncode == 0, result.stderr
    assert "Phases retenues" in result.stdout and "3 (Le lancement)" not in result.stdout


def test_every_example_is_valid():
    ref = load_referentiel()
    files = sorted(EXEMPLES.glob("*.yaml"))
    assert len(files) >= 2
    for path in files:
        atelier = load_atelier(path, ref)
        assert atelier.acteurs, path


def test_nouveau_writes_a_valid_commented_file(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["nouveau", "Communauté de communes de l’Exemple"])
    assert result.exit_code == 0, result.output
    path = __import__("pathlib").Path("atelier-communaute-de-communes-de-l-exemple.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "#" in text.splitlines()[3]
    atelier = load_atelier(path, load_referentiel())
    assert atelier.territoire == "Communauté de communes de l’Exemple"
    # Never overwrites without --forcer.
    path.write_text("territoire: modifié\n", encoding="utf-8")
    again = runner.invoke(cli, ["nouveau", "Communauté de communes de l’Exemple"])
    assert again.exit_code == 2
    assert "existe déjà" in again.output
    assert path.read_text(encoding="utf-8") == "territoire: modifié\n"
    forced = runner.invoke(cli, ["nouveau", "Communauté de communes de l’Exemple", "--forcer"])
    assert forced.exit_code == 0


def test_nouveau_subprocess_hostile_name(tmp_path):
    result = run_cli("nouveau", '../../tmp/x: "quoi" # ?', cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = list(tmp_path.glob("atelier-*.yaml"))
    assert len(written) == 1 and written[0].parent == tmp_path
    atelier = load_atelier(written[0], load_referentiel())
    assert "quoi" in atelier.territoire


def test_help_is_french():
    result = run_cli("--help")
    assert result.returncode == 0
    assert "Utilisation" in result.stdout and "Commandes" in result.stdout
    assert "Usage:" not in result.stdout and "Show this message" not in result.stdout
    for command in ("valider", "nouveau"):
        sub = run_cli(command, "--aide")
        assert sub.returncode == 0 and "Utilisation" in sub.stdout


def test_usage_errors_are_french():
    result = run_cli("valider", "--inexistante")
    assert result.returncode == 2
    assert "Option inconnue" in result.stderr
    assert "No such option" not in result.stderr
    result = run_cli("commande-inconnue")
    assert result.returncode == 2 and "Commande inconnue" in result.stderr


def test_missing_file_message(tmp_path):
    result = run_cli("valider", str(tmp_path / "nulle-part.yaml"))
    assert result.returncode == 2
    assert "introuvable" in result.stderr and "nulle-part.yaml" in result.stderr


def test_version():
    result = run_cli("--version")
    assert result.returncode == 0 and "ateliers" in result.stdout


def test_valider_points_at_placeholders_left_from_the_template(tmp_path):
    made = run_cli("nouveau", "Pays d’essai", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    result = run_cli("valider", "--atelier", str(tmp_path / "atelier-pays-d-essai.yaml"))
    assert result.returncode == 0
    assert "encore à compléter" in result.stdout and "Nom de la structure porteuse" in result.stdout
    clean = run_cli("valider", "--atelier", str(EXEMPLES / "cc-haut-vallon.yaml"))
    assert "encore à compléter" not in clean.stdout


def test_numbers_out_of_range_are_refused_in_french(runner, tmp_path):
    """--processus and --port say their range before anything is built or served."""
    for args, said in (
        (["kit", "--sortie", str(tmp_path / "k"), "--processus", "0"], "0 processus : choisissez un nombre de 1 à 64."),
        (["kit", "--sortie", str(tmp_path / "k"), "--processus", "65"], "65 processus : choisissez un nombre de 1 à 64."),
        (["web", str(tmp_path), "--port", "70000", "--sans-navigateur"], "le port 70000 n’existe pas : choisissez un nombre de 1 à 65535."),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output)
        assert said in result.output.replace("\u00a0", " "), result.output
    assert not (tmp_path / "k").exists()
