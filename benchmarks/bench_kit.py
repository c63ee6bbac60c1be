"""The whole kit, measured as a user runs it (each run a fresh process).

    python benchmarks/bench_kit.py [--territoires 10]

Reports: the full generic kit (wall time, peak memory), the no-change
rebuild, and N territories built serially against in parallel. Targets on
a 2-core machine: full kit ≤ 3 s, no-change rebuild ≤ 0.3 s, parallel
≥ 1.6× faster than serial, peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path) -> tuple[float, float]:
    """Wall time (s) and peak memory (MB) of one command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ateliers", *args], cwd=cwd, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def territories(folder: Path, count: int) -> list[Path]:
    source = (ROOT / "exemples" / "cc-haut-vallon.yaml").read_text(encoding="utf-8")
    files = []
    for i in range(count):
        path = folder / f"territoire-{i:02d}.yaml"
        path.write_text(source.replace("Communauté de communes du Haut-Vallon", f"Territoire d’essai {i:02d}", 1), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--territoires", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run(["--version"], tmp)  # warm the disk cache
        seconds, peak = run(["kit", "-q", "--sortie", str(tmp / "g")], tmp)
        print(f"Kit générique complet      : {seconds:6.2f} s, mémoire de pointe {peak:5.0f} Mo")
        seconds, _ = run(["kit", "-q", "--sortie", str(tmp / "g")], tmp)
        print(f"Sans changement            : {seconds:6.2f} s")
        files = territories(tmp, args.territoires)
        serial, _ = run(["kit", "-q", "--force", "--processus", "1", "--sortie", str(tmp / "serie"), *map(str, files)], tmp)
        shutil.rmtree(tmp / "serie")
        parallel, _ = run(["kit", "-q", "--force", "--sortie", str(tmp / "par"), *map(str, files)], tmp)
        n = len(files)
        print(f"{n} territoires en série   : {serial:6.2f} s ({serial / n:.2f} s par territoire)")
        print(f"{n} territoires en parallèle: {parallel:6.2f} s ({parallel / n:.2f} s par territoire), {serial / parallel:.2f}× plus rapide")


if __name__ == "__main__":
    main()
