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
