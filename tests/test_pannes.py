"""Faults: a build that never ends, a kit killed or stopped, two workshops of one territory."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses


def _sleep_forever(kwargs, progress, cancel):
    progress(0, 1, "dort")
    time.sleep(600)


def test_build_past_its_time_limit_ends_in_failure(monkeypatch):
    from ateliers.web import jobs
    from ateliers.web.builds import FAILED, Builds

    monkeypatch.setitem(jobs.JOBS, "dormir", _sleep_forever)
    builds = Builds(max_parallel=1, start_method="fork", time_limit=1.0)
    try:
        job, started = builds.submit("atelier", "dormir", {})
        assert started
        deadline = time.monotonic() + 20
        while job.active and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job.state == FAILED
        assert "dépassé" in job.error and "arrêtée" in job.error
        assert job.conseil and "--" not in job.conseil
        with builds._lock:
            assert not builds._processes  # the worker is gone
    finally:
        builds.shutdown()


# ---------------------------------------------------------------- one output folder per workshop file

import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from conftest import EXEMPLES, ROOT, run_cli  # noqa: E402

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"
SLUG = "communaute-de-communes-du-haut-vallon"


def _build(atelier: Path, sortie: Path | None = None) -> Path:
    """What every command does around its printables: prepare (choose the folder), then write."""
    from ateliers.contract import Kind, Output
    from ateliers.entrees.inputs import prepare
    from ateliers.fichiers.switch import write_set

    inputs = prepare(None, atelier, sortie, [1])
    write_set(inputs.folder, [Output("fiche.docx", atelier.name.encode(), 1, Kind.fiche, "essai")], {}, owner=inputs.owner)
    return inputs.folder


def test_two_workshop_files_of_one_territory_never_share_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = HAUT_VALLON.read_text(encoding="utf-8")
    first = tmp_path / "atelier-haut-vallon.yaml"
    first.write_text(text, encoding="utf-8")
    copy = tmp_path / "atelier-haut-vallon-session-2.yaml"  # a second session: the file copied
    copy.write_text(text.replace("lieu: \"", "lieu: \"Salle 2, "), encoding="utf-8")
    shouting = tmp_path / "atelier-majuscules.yaml"  # the territory differing by case and accents only
    shouting.write_text(text.replace("territoire: Communauté de communes du Haut-Vallon", "territoire: COMMUNAUTE DE COMMUNES DU HAUT VALLON"), encoding="utf-8")
    a, b, c = _build(first), _build(copy), _build(shouting)
    assert a == Path("output") / SLUG  # the first keeps the folder the README names
    assert b == Path("output") / f"{SLUG}--atelier-haut-vallon-session-2"
    assert c == Path("output") / f"{SLUG}--atelier-majuscules"
    owners = {json.loads((f / "manifest.json").read_text(encoding="utf-8"))["fichier_atelier"] for f in (a, b, c)}
    assert owners == {first.name, copy.name, shouting.name}
    assert [(f / "fiche.docx").read_bytes() for f in (a, b, c)] == [first.name.encode(), copy.name.encode(), shouting.name.encode()]
    assert _build(first) == a and _build(copy) == b  # each run finds its own folder again
    # The app shows each workshop its own folder.
    from ateliers.web.workspace import Workspace

    space = Workspace(tmp_path)
    assert space.output_folder("Communauté de communes du Haut-Vallon", copy) == tmp_path / b


def test_explicit_folder_of_another_workshop_is_refused(tmp_path):
    folder = _build(HAUT_VALLON, tmp_path / "kit")
    other = tmp_path / "autre.yaml"
    other.write_text(HAUT_VALLON.read_text(encoding="utf-8"), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = run_cli("fiches", "--atelier", str(other), "--sortie", str(folder), "--phases", "1")
    assert result.returncode == 2, result.stderr
    assert "deux fichiers d’atelier n’écrivent jamais dans le même dossier" in result.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


# ---------------------------------------------------------------- a set replaced as a whole


def _matches_one_manifest(folder: Path) -> str:
    """Every file listed with its sha256, nothing else: the manifest's « version » key says which set."""
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["fichier"]: f["sha256"] for f in data["fichiers"]}
    on_disk = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert on_disk == listed, (sorted(on_disk), sorted(listed))
    return data["jeu"]


SET_SCRIPT = r"""
import os, signal, sys
from pathlib import Path
from ateliers.contract import Kind, Output
from ateliers.fichiers.switch import write_set as write_outputs
folder, version, point, k = Path(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
calls = 0
def killer(real):
    def call(*args, **kwargs):
        global calls
        calls += 1
        if calls == k:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
if point == "replace":
    os.replace = killer(os.replace)
elif point == "fsync":
    os.fsync = killer(os.fsync)
count = 6 if version == "A" else 5  # the new set drops a file: it must go too
outputs = [Output(f"f{i}.pdf", f"{version}{i}".encode() * 100, 1, Kind.cartes, "essai") for i in range(count)]
outputs += [Output(f"apercus/f{i}.png", f"{version}-apercu{i}".encode(), 1, Kind.apercu, "essai") for i in range(count)]
write_outputs(folder, outputs, {"jeu": version}, replace=[Kind.cartes, Kind.apercu])
"""


def _write_set(folder: Path, version: str, point: str = "", k: int = 0) -> int:
    result = subprocess.run([sys.executable, "-c", SET_SCRIPT, str(folder), version, point, str(k)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    return result.returncode


@pytest.mark.parametrize(("point", "k"), [("fsync", 1), ("fsync", 7), ("replace", 1), ("replace", 2), ("replace", 5), ("replace", 11)])
def test_killed_while_writing_leaves_one_complete_set(tmp_path, point, k):
    from ateliers.fichiers.switch import recover_if_free

    folder = tmp_path / "kit"
    assert _write_set(folder, "A") == 0
    assert _matches_one_manifest(folder) == "A"
    assert _write_set(folder, "B", point, k) == -signal.SIGKILL  # killed at that point
    recover_if_free(folder)  # the next run or the app's next start
    version = _matches_one_manifest(folder)
    assert version == ("A" if point == "fsync" or k == 1 else "B")
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]  # nothing left behind
    assert _write_set(folder, "A") == 0 and _matches_one_manifest(folder) == "A"


# ---------------------------------------------------------------- SIGTERM, SIGINT: no worker left


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to list a process's children")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_stopping_the_kit_stops_its_workers(tmp_path, sig):
    command = [sys.executable, "-m", "ateliers", "kit", "--atelier", str(HAUT_VALLON), "--sortie", str(tmp_path / "kit"), "--force", "-q"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONIOENCODING="utf-8"))
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
            workers = _children(process.pid)
            time.sleep(0.05)
        assert len(workers) == 2, "the kit forks two workers"
        time.sleep(0.3)
        process.send_signal(sig)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode in (130, 143), err
    assert "Interrompu" in err and "Traceback" not in err
    end = time.monotonic() + 10
    while any(_alive(p) for p in workers) and time.monotonic() < end:
        time.sleep(0.1)
    assert not [p for p in workers if _alive(p)], "a worker survived the command"
    assert not (tmp_path / "kit").exists() or not list((tmp_path / "kit").glob("*.pdf"))  # nothing half-written


def test_ctrl_c_inside_an_eval_still_ends_with_status_130(tmp_path):
    """A Ctrl-C that lands while a string is being evaluated (cssselect2 compiles every CSS
    selector with eval: it happens in a real kit) must end « python -m ateliers » with 130, as
    anywhere else, not with death by SIGINT."""
    module = tmp_path / "ctrl_c_in_eval.py"
    module.write_text(
        "import os, signal, time\n"
        "import ateliers.api as api\n"
        "api.kit = lambda *a, **k: eval('os.kill(os.getpid(), signal.SIGINT) or time.sleep(5)')\n"
        "from ateliers.cli import main\n"
        "main(['kit', '-q'])\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]), PYTHONIOENCODING="utf-8")
    result = subprocess.run([sys.executable, "-m", "ctrl_c_in_eval"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 130, (result.returncode, result.stderr)
    assert "Interrompu" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- a real kit killed at random points

import random  # noqa: E402
import shutil  # noqa: E402

KILLED_KIT = r"""
import os, signal, sys
k = int(sys.argv[2])
if k:
    real, calls = os.replace, [0]
    def replace(*args, **kwargs):
        calls[0] += 1
        if calls[0] == k:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    os.replace = replace
from ateliers.cli import main
main(["kit", "-q", "--force", "--format", "tarot", "--phases", "1", "--sortie", sys.argv[1]])
"""


def _start_killed_kit(folder: Path, k: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", KILLED_KIT, str(folder), str(k)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def small_kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kit-a") / "kit"
    result = run_cli("kit", "-q", "--phases", "1", "--sortie", str(folder))
    assert result.returncode == 0, result.stderr
    return folder


def _manifest_matches(folder: Path) -> dict:
    data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["fichier"]: f["sha256"] for f in data["fichiers"]}
    on_disk = {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert on_disk == listed
    return data


@pytest.mark.parametrize("how", ["at a random rename", "after a random delay"])
def test_kit_killed_at_a_random_point_leaves_one_complete_kit(small_kit, tmp_path, how):
    from ateliers.fichiers.switch import recover_if_free

    rng = random.Random(27)
    folder = tmp_path / "kit"
    shutil.copytree(small_kit, folder)
    before = _manifest_matches(folder)
    k = rng.randint(2, len(before["fichiers"]) + 1) if how == "at a random rename" else 0
    if k:
        process = _start_killed_kit(folder, k)
        process.communicate(timeout=180)
    else:
        # A fixed delay outlives a fast build: time one build of the same kit, then kill at a random point inside it.
        # A run that still ends first (a noisy machine) is retried with half the delay, so a kill always happens.
        started = time.monotonic()
        _start_killed_kit(tmp_path / "timed", 0).communicate(timeout=180)
        delay = rng.uniform(0.2, 0.9) * (time.monotonic() - started)
        for _ in range(5):
            process = _start_killed_kit(folder, 0)
            time.sleep(delay)
            process.kill()
            process.communicate(timeout=180)
            if process.returncode == -signal.SIGKILL:
                break
            _manifest_matches(folder)  # a run that ended left a complete kit; kill the next one sooner
            delay /= 2
    assert process.returncode == -signal.SIGKILL
    recover_if_free(folder)  # what the next run, or the app's next start, does first
    after = _manifest_matches(folder)
    cards = next(f for f in after["fichiers"] if f["fichier"].startswith("cartes-competences"))
    if k:  # killed after the switch: the new kit (tarot cards), complete
        assert after != before and "tarot" in json.dumps(cards, ensure_ascii=False).lower()
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_app_start_finishes_an_interrupted_switch(tmp_path):
    from ateliers.web import create_app

    space = tmp_path / "espace"
    folder = space / "output" / "territoire"
    assert _write_set(folder, "A") == 0
    assert _write_set(folder, "B", "replace", 3) == -signal.SIGKILL  # two files of the new set in place
    assert any(p.name.startswith(".") for p in folder.iterdir())
    app = create_app(space)
    try:
        assert _matches_one_manifest(folder) == "B"
        assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]
    finally:
        app.extensions["ateliers"].builds.shutdown()


def test_two_files_of_one_territory_in_one_run_get_two_folders(tmp_path, monkeypatch):
    from ateliers import api

    first, copy = tmp_path / "atelier-haut-vallon.yaml", tmp_path / "atelier-haut-vallon-bis.yaml"
    for path in (first, copy):
        path.write_text(HAUT_VALLON.read_text(encoding="utf-8"), encoding="utf-8")
    planned = []
    from ateliers.kit.build import KitReport

    monkeypatch.setattr(api, "_kit_job", lambda job: planned.append(job[2]) or KitReport("x", job[2], False, [], 0.0))
    api.kits([first, copy], tmp_path / "out", workers=1)
    assert planned == [tmp_path / "out" / SLUG, tmp_path / "out" / f"{SLUG}--atelier-haut-vallon-bis"]


def test_app_start_removes_temporary_files_of_dead_writers(tmp_path):
    from ateliers.web import create_app

    space = tmp_path / "espace"
    (space / "resultats" / "essai").mkdir(parents=True)
    (space / "output" / "essai").mkdir(parents=True)
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    dead = [space / f".atelier-essai.yaml.{gone}-abc123.tmp", space / "resultats" / "essai" / f".saisie-navigateur.csv.{gone}-x1y2z3.tmp", space / "output" / "essai" / f".manifest.json.{gone}-q9r8s7.tmp"]
    mine = space / f".atelier-autre.yaml.{os.getpid()}-abc123.tmp"  # a write still going on: kept
    for path in [*dead, mine]:
        path.write_bytes(b"moitie")
    app = create_app(space)
    try:
        assert not [p for p in dead if p.exists()]
        assert mine.exists()
    finally:
        app.extensions["ateliers"].builds.shutdown()
