"""docx2python against ateliers.lecture.docx on the corpus: what each reads, how fast."""
import sys, time, zipfile, subprocess
from pathlib import Path
sys.path.insert(0, "tests/lecture_corpus")
from cases import CASES, TRACKED_BEFORE
FILES = Path("tests/lecture_corpus/fichiers")
names = [n for n in sorted(CASES) if n.endswith(".docx")]

def own(path):
    from ateliers.lecture import docx
    tables, _ = docx.read(zipfile.ZipFile(path))
    return "\n".join(c.text for t in tables for _, row in t.rows for c in row if c)

def d2p(path):
    from docx2python import docx2python
    with docx2python(str(path)) as doc:
        body = doc.body  # tables → rows → cells → paragraphs
    out = []
    def walk(x):
        if isinstance(x, str):
            out.append(x)
        else:
            for y in x: walk(y)
    walk(body)
    return "\n".join(out)

for label, fn in (("own XML walk", own), ("docx2python", d2p)):
    t0 = time.perf_counter()
    texts = {n: fn(FILES / n) for n in names}
    elapsed = time.perf_counter() - t0
    typed = found = 0
    leaked = []
    for n in names:
        vals = CASES[n][1]
        for key, col, value, _ in vals:
            for part in value.split("\n"):
                typed += 1
                found += part.strip() in texts[n]
        if CASES[n][0] == "writer-tracked":
            leaked += [v for _, _, v, _ in TRACKED_BEFORE if v in texts[n]]
    print(f"{label:14s} {elapsed*1000/len(names):6.0f} ms/file  typed lines found {found}/{typed}  deleted text read: {len(leaked)}")
for mod in ("ateliers.lecture.docx", "docx2python"):
    r = subprocess.run([sys.executable, "-X", "importtime", "-c", f"import {mod}"], capture_output=True, text=True)
    total = [l for l in r.stderr.splitlines() if l.rstrip().endswith(" " + mod)]
    print(mod, "import:", total[-1].split("|")[1].strip() if total else "?", "µs cumulative")
