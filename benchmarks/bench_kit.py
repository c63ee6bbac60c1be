"""The whole kit, measured as a user runs it (each run a fresh process, cold: no warm-up inside).

    python benchmarks/bench_kit.py [--fois 5] [--territoires 10]

Reports, median of ``--fois`` runs (wall and CPU time, peak memory):
- the full generic kit (``ateliers kit --force``);
- its parts alone: the card decks, the posters, the worksheets, their sum
  against the kit (the kit builds the cards beside the rest, in parallel);
- the no-change rebuild (``ateliers kit`` again);
- N territories built serially against in parallel.
Targets on a 2-core machine: full kit ≤ 3 s, no-change rebuild ≤ 0.3 s,
parallel ≥ 1.6× faster than serial, peak memory ≤ 400 MB.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall time (s), CPU time of the process and its children (s), peak memory (MB) of one command.

    The peak is the largest resident set of one process of the run (the kit's
    worker processes are reported by ru_maxrss as the largest child)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "ateliers", *args], cwd=cwd, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, cpu, after.ru_maxrss / 1024


def median(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs)


def territories(folder: Path, count: int) -> list[Path]:
    source = (ROOT / "exemples" / "cc-haut-vallon.yaml").read_text(encoding="utf-8")
    files = []
    for i in range(count):
        path = folder / f"territoire-{i:02d}.yaml"
        path.write_text(source.replace("Communauté de communes du Haut-Vallon", f"Territoire d’essai {i:02d}", 1), encoding="utf-8")
        files.append(path)
    return files


def line(label: str, figures: tuple[float, float, float], target: float | None = None) -> str:
    wall, cpu, peak = figures
    text = f"{label:<28}: {wall:6.2f} s réel, {cpu:6.2f} s CPU, pointe {peak:4.0f} Mo"
    if target is not None:
        text += f"  (objectif ≤ {target:g} s : {'tenu' if wall <= target else 'non tenu'})"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fois", type=int, default=5, help="mesures par commande (médiane)")
    parser.add_argument("--territoires", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        run(["--version"], tmp)  # the disk cache, not the process
        out = str(tmp / "g")
        kit = median([run(["kit", "-q", "--force", "--sortie", out], tmp) for _ in range(args.fois)])
        print(line("Kit générique complet", kit, 3.0))
        parts = {
            "cartes": median([run(["cartes", "--sortie", str(tmp / "c")], tmp) for _ in range(args.fois)]),
            "affiches": median([run(["affiches", "--sortie", str(tmp / "a")], tmp) for _ in range(args.fois)]),
            "fiches": median([run(["fiches", "--sortie", str(tmp / "f")], tmp) for _ in range(args.fois)]),
        }
        for name, figures in parts.items():
            print(line(f"  dont {name} seules", figures))
        cpu_parts = sum(f[1] for f in parts.values())
        print(f"  somme des parties : {sum(f[0] for f in parts.values()):.2f} s réel, {cpu_parts:.2f} s CPU (le kit : {kit[0] / sum(f[0] for f in parts.values()):.2f}× en temps réel)")
        again = median([run(["kit", "-q", "--sortie", out], tmp) for _ in range(args.fois)])
        print(line("Sans changement", again, 0.3))
        files = territories(tmp, args.territoires)
        serial = run(["kit", "-q", "--force", "--processus", "1", "--sortie", str(tmp / "serie"), *map(str, files)], tmp)
        shutil.rmtree(tmp / "serie")
        parallel = run(["kit", "-q", "--force", "--sortie", str(tmp / "par"), *map(str, files)], tmp)
        n = len(files)
        print(line(f"{n} territoires en série", serial) + f" ({serial[0] / n:.2f} s par territoire)")
        print(line(f"{n} territoires en parallèle", parallel) + f" ({serial[0] / parallel[0]:.2f}× plus rapide)")
        print(f"Mémoire de pointe (objectif ≤ 400 Mo) : {max(kit[2], serial[2], parallel[2]):.0f} Mo")


if __name__ == "__main__":
    main()
