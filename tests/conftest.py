from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
# The source text that referentiel.yaml transcribes ships with the project (docs/source/).
SEED = ROOT / "docs" / "source" / "fiche-competences-conciergeries-de-territoire.txt"
EXEMPLES = ROOT / "exemples"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        pytest.fail(f"source document missing: {SEED}")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def referentiel():
    from ateliers import load_referentiel

    return load_referentiel(ROOT / "referentiel.yaml")


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


# The longest modules first. xdist hands whole modules (--dist loadscope) to its two workers in
# collection order (--no-loadscope-reorder: by default it sorts them by their number of tests,
# which sent the few long kit and poster tests last): the short ones then fill the end, and no
# worker waits while the other finishes a long module. Seconds of one CI run, roughly.
LONGEST_FIRST = (
    "test_kit.py",  # 65
    "test_affiches.py",  # 50
    "test_fiches.py",  # 45
    "test_cartes.py",  # 44
    "test_web_navigateur.py",  # 42
    "test_synthese_dense.py",  # 35
    "test_maillage_affiche.py",  # 35
    "test_api.py",  # 30
    "test_robustesse.py",  # 30
    "test_web_kit.py",  # 25
    "test_corpus.py",  # 23
    "test_pannes.py",  # 22
    "test_synthese.py",  # 19
    "test_plan.py",  # 16
)


def pytest_collection_modifyitems(session, config, items):
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: a module keeps its order


def run_cli(*args: str, cwd: Path | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    """Run the real command in a subprocess, as a user would."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "ateliers", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def invoke_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    """Run the command's own entry point in this process (Click's runner): the same code, exit
    statuses and messages as ``run_cli``, without starting an interpreter and importing
    everything again: for the many cases where the process boundary is not the point. An
    uncaught exception comes back as a traceback in stderr, as it would from the real command."""
    import signal
    import traceback

    from click.testing import CliRunner

    from ateliers.cli import cli

    handlers = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    before = Path.cwd()
    os.chdir(cwd or ROOT)
    try:
        result = CliRunner().invoke(cli, list(args), prog_name="ateliers")
    finally:
        os.chdir(before)
        for sig, handler in handlers.items():  # the command installs its own: this process keeps its
            signal.signal(sig, handler)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["ateliers", *args], result.exit_code, result.stdout, stderr)


# ---------------------------------------------------------------- the web app (Flask's test client)


@pytest.fixture()
def space(tmp_path: Path) -> Path:
    """An empty workspace folder for the app."""
    folder = tmp_path / "espace"
    folder.mkdir()
    return folder


@pytest.fixture()
def app(space: Path):
    from ateliers.web import create_app

    app = create_app(space)
    yield app
    app.extensions["ateliers"].builds.shutdown()


@pytest.fixture()
def client(app):
    from webcheck import client_of

    return client_of(app)
