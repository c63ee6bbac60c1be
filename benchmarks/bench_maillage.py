"""Cost of laying out the mesh poster: 100 actors × the referential's 64 competences.

    python benchmarks/bench_maillage.py [--acteurs 100] [--repeat 3]

Target (2-core machine): ≤ 2 s for the whole layout, every attempt included (from the
largest text and one actor column down to 9 pt and three columns, when nothing fits before).
Timing lives here, not in the tests: the best of a few runs is reported.
"""

from __future__ import annotations

import argparse
import random
import time

from ateliers import load_referentiel
from ateliers.synthese.maillage.graph import TYPES, Lien, Maillage, MeshActeur, MeshCompetence
from ateliers.synthese.maillage.layout import _layout, SIZES, layout_maillage
from ateliers.synthese.maillage.metrics import TextMetrics, metrics


def synthetic(n_actors: int, seed: int = 1) -> Maillage:
    """Every actor holds one to three competences of the referential, some competences none (seeded)."""
    ref = load_referentiel()
    rng = random.Random(seed)
    keys = [f"acteur {i:03d}" for i in range(n_actors)]
    kinds = {"collectivité": "Mairie de", "association": "Association", "entreprise": "SARL", "service public": "France services", "habitant·e": "Habitant·e de", "autre": "Collectif"}
    places = ["Lavaur", "Saint-Julien", "Haut-Vallon", "Brassac", "Les Granges", "Montredon", "Le Bez", "Vabre"]
    acteurs = []
    for i, k in enumerate(keys):
        kind = TYPES[i % len(TYPES)]
        acteurs.append(MeshActeur(k, f"{kinds[kind]} {places[i % len(places)]} {i}", kind, (), ()))
    ids = [c.id for p in ref.phases for c in p.competences]
    held: dict[str, list[str]] = {i: [] for i in ids[: int(len(ids) * 0.8)]}
    for k in keys:
        for i in rng.sample(sorted(held), rng.choice([1, 1, 2, 3])):
            held[i].append(k)
    competences, liens = [], []
    for phase in ref.phases:
        for c in phase.competences:
            holders = tuple(held.get(c.id, []))
            cov = "manquante" if not holders else "fragile" if len(holders) == 1 else "couverte"
            competences.append(MeshCompetence(c.id, c.texte, phase.numero, cov, holders))
            liens += [Lien(k, c.id, "détenue") for k in holders]
    cited = {l.acteur for l in liens}
    return Maillage("Territoire d’essai", {p.numero: p.nom for p in ref.phases}, competences, [a for a in acteurs if a.key in cited], liens)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--acteurs", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    m = synthetic(args.acteurs)
    metrics()  # the font files are read once per process
    best, one = float("inf"), float("inf")
    for _ in range(args.repeat):
        TextMetrics._wrap.cache_clear()  # each run from cold text measures
        TextMetrics._units.cache_clear()
        start = time.perf_counter()
        drawing = layout_maillage(m)
        best = min(best, time.perf_counter() - start)
        start = time.perf_counter()
        _layout(m, 594.0, 420.0, SIZES[0], 1, "", "")
        one = min(one, time.perf_counter() - start)
    print(f"{len(m.acteurs)} acteurs × {len(m.competences)} compétences, {len(m.liens)} liens")
    print(f"  mise en page complète : {best:.3f} s (cible ≤ 2 s) ; un essai de plus, textes déjà mesurés : {one * 1000:.0f} ms")
    print(f"  tient en A2 : {'oui' if drawing.fits else 'non'} ({drawing.columns} colonne(s) d’acteurs, {drawing.sizes[0]:g} pt)")
    TextMetrics._wrap.cache_clear()
    TextMetrics._units.cache_clear()
    start = time.perf_counter()
    a1 = layout_maillage(m, 841.0, 594.0)
    print(f"  en A1 : {time.perf_counter() - start:.3f} s, tient : {'oui' if a1.fits else 'non'} ({a1.columns} colonne(s) d’acteurs, {a1.sizes[0]:g} pt)")


if __name__ == "__main__":
    main()
