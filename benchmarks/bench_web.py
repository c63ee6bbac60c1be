"""ateliers web, measured as it serves: page times, pages during builds, memory.

    python benchmarks/bench_web.py [--pages]

Reports, against the app served by waitress on 127.0.0.1:
- the server time of every page (median and worst of 20 requests), target ≤ 100 ms; the results
  grid of a real workshop (64 competences × 3 actors, 150 known actors) among them, and saving it;
- 20 concurrent page requests while kits build: all answered, and how long they took;
- the memory of the server and its build processes with three builds queued
  (one per core running, the others waiting), target ≤ 400 MB in all.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


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
                found += _children(int(entry.name))
    return found


def _big_workshop(space: Path) -> dict[str, str]:
    """A real workshop's results grid: 150 known actors with long names, 64 competences with 3
    actors each and their statuses, saved; returns the grid's fields as the form sends them."""
    from ateliers import load_referentiel

    names = [f"Association intercommunale d’aide à domicile et de services aux familles n° {i:03d}" for i in range(150)]
    text = "territoire: Grand Vallon\nphases_retenues: [1, 2, 3, 4]\nacteurs:\n" + "".join(f"  - nom: {n}\n    type: association\n" for n in names)
    (space / "atelier-grand.yaml").write_text(text, encoding="utf-8")
    statuses = ["détenue", "partielle", "à vérifier"]
    fields, k = {}, 0
    for c in load_referentiel().competences:
        for line in (1, 2, 3):
            fields.update({f"r-{c.id}-{line}-qui": names[k % 150], f"r-{c.id}-{line}-type": "association", f"r-{c.id}-{line}-contact": f"contact-{k}@exemple.fr", f"r-{c.id}-{line}-statut": statuses[k % 3]})
            k += 1
        fields[f"r-{c.id}-commentaire"] = "à revoir en juin"
    return fields


def main() -> None:
    from waitress import create_server

    from ateliers.web import create_app

    with tempfile.TemporaryDirectory() as tmp:
        space = Path(tmp)
        example = (ROOT / "exemples" / "cc-haut-vallon.yaml").read_text(encoding="utf-8").replace("2027-03-18", "2031-03-18")
        for i in range(5):
            (space / f"atelier-t{i}.yaml").write_text(example.replace("Communauté de communes du Haut-Vallon", f"Territoire {i}", 1), encoding="utf-8")
        grid = _big_workshop(space)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        app = create_app(space, port=port)
        server = create_server(app, host="127.0.0.1", port=port, threads=8)
        threading.Thread(target=server.run, daemon=True).start()
        base = f"http://127.0.0.1:{port}"
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

        def get(url: str) -> tuple[int, float]:
            start = time.perf_counter()
            with opener.open(base + url) as r:
                r.read()
                return r.status, (time.perf_counter() - start) * 1000

        def save_grid() -> float:
            html = opener.open(base + "/atelier/grand/resultats").read().decode()
            token = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
            empreinte = re.search(r'name="empreinte" value="([^"]*)"', html).group(1)
            data = urllib.parse.urlencode({"_csrf": token, "empreinte": empreinte, **grid}).encode()
            start = time.perf_counter()
            with opener.open(base + "/atelier/grand/resultats/saisie", data=data) as r:  # and the page it goes back to
                body = r.read().decode()
            elapsed = (time.perf_counter() - start) * 1000
            assert "Saisie enregistrée" in body, "la grille n’a pas été enregistrée"
            return elapsed

        save_grid()  # the grid holds 64 × 3 lines from now on
        pages = ["/", "/atelier/t0", "/atelier/t0/kit", "/atelier/t0/resultats", "/atelier/grand/resultats", "/referentiel", "/style.css"]
        for url in pages:
            get(url)  # warm caches
        print(f"{'page':<28} {'médiane':>8} {'pire':>8}")
        for url in pages:
            times = [get(url)[1] for _ in range(20)]
            print(f"{url:<28} {statistics.median(times):6.1f} ms {max(times):6.1f} ms")
        times = [save_grid() for _ in range(10)]
        print(f"{'enregistrer la grande grille':<28} {statistics.median(times):6.1f} ms {max(times):6.1f} ms  (192 lignes d’acteurs, puis la page)")
        size = len(opener.open(base + "/atelier/grand/resultats").read())
        print(f"la grande grille pèse {size / 1024:.0f} Ko")
        if "--pages" in sys.argv:  # the pages only, without the kits' builds
            opener.close()
            app.extensions["ateliers"].builds.shutdown()
            server.close()
            return

        html = opener.open(base + "/atelier/t0/kit").read().decode()
        token = re.search(r'name="_csrf" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode({"_csrf": token, "format": "poker", "papier": "a4", "recto_verso": "long", "format_affiches": "a3", "force": "1"}).encode()
        for i in range(5):  # one per core running, three queued
            opener.open(base + f"/atelier/t{i}/kit", data=data).read()
        time.sleep(3)
        builds = app.extensions["ateliers"].builds
        with ThreadPoolExecutor(20) as pool:
            results = list(pool.map(get, (pages * 4)[:20]))
        statuses = [s for s, _ in results]
        print(f"20 pages pendant {builds.running()} préparations ({builds.max_parallel} au plus à la fois) : "
              f"{statuses.count(200)} réponses 200, la plus lente en {max(t for _, t in results):.0f} ms")
        peak = 0.0
        while any(builds.get(f"kit:t{i}").active for i in range(5)):
            total = _rss_mb(os.getpid()) + sum(_rss_mb(c) for c in _children(os.getpid()))
            peak = max(peak, total)
            time.sleep(0.5)
        states = [builds.get(f"kit:t{i}").state for i in range(5)]
        print(f"Mémoire de pointe, serveur et préparations : {peak:.0f} Mo (objectif ≤ 400 Mo) ; états : {', '.join(states)}")
        builds.shutdown()
        server.close()
        shutil.rmtree(space / "output", ignore_errors=True)


if __name__ == "__main__":
    main()
