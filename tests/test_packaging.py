"""``pip install .`` (not only -e) carries the referential, templates and schemas."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (path,) = out.glob("ateliers-*.whl")
    return path


@pytest.mark.lent
def test_wheel_carries_the_data(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for needed in (
        "ateliers/_data/referentiel.yaml",
        "ateliers/_data/templates/atelier-modele.yaml",
        "ateliers/_data/atelier.schema.json",
        "ateliers/cli.py",
    ):
        assert needed in names, needed
    assert zipfile.ZipFile(wheel).read("ateliers/_data/referentiel.yaml") == (ROOT / "referentiel.yaml").read_bytes()


@pytest.mark.lent  # builds and installs the wheel
def test_installed_package_works_from_anywhere(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    env = dict(os.environ, PYTHONPATH=str(site))
    result = subprocess.run(
        [sys.executable, "-m", "ateliers", "valider"], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "64 compétences" in result.stdout
    assert str(site) in result.stdout  # the embedded copy, not the checkout
    made = subprocess.run(
        [sys.executable, "-m", "ateliers", "nouveau", "Ailleurs"], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    assert made.returncode == 0, made.stderr
    assert "territoire: \"Ailleurs\"" in (tmp_path / "atelier-ailleurs.yaml").read_text(encoding="utf-8")
