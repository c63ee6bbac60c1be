"""Cost of the card decks: ms per card face for the referential ×1 and ×10.

    python benchmarks/bench_cartes.py [--repeat 3]

Targets (2-core machine): ≤ 5 ms per card face at ×10, and ×10 the cards
costs ≤ 11× the time of ×1. Timing lives here, not in the tests: shared
machines are noisy, so the best of a few runs is reported.
"""

from __future__ import annotations

import argparse
import os
import time

from ateliers import load_referentiel, merge_atelier
from ateliers.cartes.pdf import CardDeckBuilder, build_card_decks
from ateliers.options import CardOptions
from ateliers.models import Competence, Etape, Referentiel
from ateliers.render import Renderer
from ateliers.resources import embedded


def multiplied(ref: Referentiel, factor: int) -> Referentiel:
    """The referential with every phase's steps and competences repeated ``factor`` times."""
    phases = []
    for phase in ref.phases:
        comps = [
            Competence(id=f"C{phase.numero}-{n:03d}", texte=c.texte)
            for n, c in enumerate((c for _ in range(factor) for c in phase.competences), start=1)
        ]
        etapes = [
            Etape(id=f"E{phase.numero}-{n:03d}", texte=e.texte)
            for n, e in enumerate((e for _ in range(factor) for e in phase.etapes), start=1)
        ]
        phases.append(phase.model_copy(update={"competences": comps, "etapes": etapes}))
    return ref.model_copy(update={"phases": phases})


def run(factor: int, workers: int) -> tuple[float, int]:
    ref = multiplied(load_referentiel(), factor)
    vue = merge_atelier(ref)
    renderer = Renderer(embedded())
    faces = sum(len(d.cards) * 2 for d in CardDeckBuilder(vue, CardOptions(), renderer).decks())
    start = time.perf_counter()
    build_card_decks(vue, CardOptions(), renderer, workers=workers)
    return time.perf_counter() - start, faces


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    run(1, 1)  # warm-up: fonts, templates, imports
    for workers, label in ((1, "1 processus"), (os.cpu_count() or 1, f"{os.cpu_count()} processus (défaut)")):
        results = {}
        print(f"— {label}")
        for factor in (1, 10):
            best = min(run(factor, workers) for _ in range(args.repeat))
            results[factor] = best
            seconds, faces = best
            print(f"  ×{factor:<2}  {faces:5d} faces  {seconds:7.2f} s  {1000 * seconds / faces:6.2f} ms par face")
        ratio = results[10][0] / results[1][0]
        print(f"  ×10 / ×1 : {ratio:.1f}× le temps pour {results[10][1] / results[1][1]:.1f}× les faces")


if __name__ == "__main__":
    main()
