"""Bounded reading: a few-kilobyte hostile worksheet is read (or refused by name) within
seconds and a few hundred megabytes, whatever it declares."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXEMPLES, ROOT
from hostile_files import build

pytestmark = pytest.mark.lent  # reads hostile files in a subprocess

SECONDS = 10.0
PEAK_MB = 500

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from ateliers.errors import InputError
from ateliers.entrees.inputs import prepare
from ateliers.lecture import read_worksheets
vue = prepare(None, Path(sys.argv[1]), Path(sys.argv[2])).vue
results = {}
for name in sys.argv[3:]:
    start = time.perf_counter()
    try:
        sheets = read_worksheets(vue, [Path(name)])
        outcome = ("lu", len(sheets.readings))
    except InputError as exc:
        outcome = ("refusé", exc.message)
    results[Path(name).name] = (outcome, time.perf_counter() - start)
# This process's own peak (VmHWM): ru_maxrss keeps the peak of the process that started it
# (the pytest worker, across fork and exec), whatever tests it ran before.
status = Path("/proc/self/status")
hwm = [line.split()[1] for line in status.read_text().splitlines() if line.startswith("VmHWM:")] if status.exists() else []
peak = int(hwm[0]) / 1024 if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"results": results, "peak_mb": peak}))
"""


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostiles")
    paths = build(folder)
    assert all(p.stat().st_size < 20 * 1024 * 1024 for p in paths)  # under the upload limit
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(EXEMPLES / "cc-haut-vallon.yaml"), str(folder / "sortie"), *map(str, paths)],
        capture_output=True, text=True, timeout=180, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.splitlines()[-1])


def test_every_hostile_file_bounded_in_time_and_memory(outcomes):
    assert outcomes["peak_mb"] < PEAK_MB, outcomes
    for name, (_, seconds) in outcomes["results"].items():
        assert seconds < SECONDS, (name, seconds)


@pytest.mark.parametrize("name", ["gridspan.docx", "gridbefore.docx", "colonnes-absurdes.ods", "espaces.ods"])
def test_absurd_declarations_refused_by_name(outcomes, name):
    (kind, message), _ = outcomes["results"][name]
    assert kind == "refusé"
    assert f"« {name} »" in message and "nombre absurde" in message and "300\u202f000\u202f000" in message


@pytest.mark.parametrize("name", ["dimension.xlsx", "fusion.xlsx", "gridspan-grand.docx", "vmerge.docx", "colonnes.ods", "lignes.ods", "espaces-grand.ods"])
def test_large_declarations_clamped_and_read(outcomes, name):
    (kind, found), _ = outcomes["results"][name]
    assert kind == "lu", found
    assert found >= 1  # C1-01 is read


def test_too_many_rows_refused_by_name(outcomes):
    (kind, message), _ = outcomes["results"]["lignes-fusion.ods"]
    assert kind == "refusé" and "« lignes-fusion.ods »" in message and "lignes" in message
