"""Cost of a whole synthesis at real scale: 150 actors × 200 competence rows (one to three
actors a row, one status per actor line), read back from CSV, every output built (map and
mesh flowing onto as many pages as they need).

    PYTHONPATH=. python benchmarks/bench_synthese.py [--acteurs 150] [--lignes 200] [--format a2]

Reports the time of each step, per row and per actor, the pages of each poster, the number
of WeasyPrint layouts (renders: the map's fitting tries sizes and page lengths) and the
process's peak memory (ru_maxrss). ``--format a2`` or ``a1`` makes both posters wall posters
(text ≥ 24 pt: more pages); by default the map is an A3 handout and the mesh an A2 wall poster. The mesh outputs are built together: their time shows
against the first of them (synthese-maillage.html). Timing lives here, not in the tests.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--acteurs", type=int, default=150)
    parser.add_argument("--lignes", type=int, default=200)
    parser.add_argument("--format", choices=["a1", "a2", "a3"], default=None, help="every synthesis poster's format (default: mesh A2, map A3)")
    args = parser.parse_args()

    from dense_cases import HAUT_VALLON, dense_rows, write_csv

    from ateliers.kit.parts import renderer_for
    from ateliers.entrees.inputs import prepare
    from ateliers.lecture import read_sheets
    from ateliers.synthese.model import synthesise
    from ateliers.synthese.maillage import MaillageOptions
    from ateliers.synthese.outputs import build_synthesis

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sheet = write_csv(folder / "groupes.csv", dense_rows(args.acteurs, args.lignes))
        inputs = prepare(None, HAUT_VALLON, folder / "sortie")
        vue = inputs.vue
        known = {c.id: c.texte for c in vue.referentiel.competences} | {c.id: c.texte for c in vue.competences}
        steps: dict[str, float] = {}
        start = time.perf_counter()
        sheets = read_sheets([sheet], vue.referentiel, known)
        steps["relecture"] = time.perf_counter() - start
        start = time.perf_counter()
        result = synthesise(vue, sheets)
        steps["synthèse"] = time.perf_counter() - start
        done: dict[str, float] = {}
        last = [time.perf_counter()]

        def progress(name: str) -> None:
            now = time.perf_counter()
            done[name] = now - last[0]
            last[0] = now

        renderer = renderer_for(inputs)
        renders = {"n": 0}
        render = renderer.render

        def counted(*a, **k):  # WeasyPrint layouts: the posters' fitting cost, whatever the machine's speed
            renders["n"] += 1
            return render(*a, **k)

        renderer.render = counted
        start = time.perf_counter()
        outputs = build_synthesis(result, renderer, None, progress, MaillageOptions.for_every_poster(args.format))
        steps["sorties"] = time.perf_counter() - start
    total = sum(steps.values())
    cited = sum(1 for a in result.acteurs.values() if a.cite)
    print(f"{cited} acteurs cités, {len(sheets.readings)} lectures de {args.lignes} lignes")
    for name, seconds in steps.items():
        print(f"  {name} : {seconds:.2f} s")
    for name, seconds in done.items():
        pages = next(o.pages for o in outputs if o.path == name)
        print(f"    {name} : {seconds:.2f} s" + (f", {pages} pages" if pages else ""))
    print(f"  mises en page WeasyPrint : {renders['n']}")
    print(f"  total : {total:.1f} s ; {1000 * total / args.lignes:.0f} ms par ligne, {1000 * total / max(cited, 1):.0f} ms par acteur")
    print(f"  mémoire de pointe : {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} Mio")


if __name__ == "__main__":
    main()
