"""Cost of the card decks per card face, side by side with two references, in the same run.

    python benchmarks/bench_cartes.py [--repeat 3] [--decksmith CHEMIN] [--echelle]

- ateliers: the generic decks (280 faces), built in this process with one
  renderer (``workers=1``: CPU cost, not parallelism).
- WeasyPrint floor: the same faces as a bare prototype (one absolutely
  positioned box per face, the kit's fonts, no fitting, no drawing). What
  any WeasyPrint card pipeline pays at least.
- untagged: the same decks without the PDF/UA-1 tags (structure tree,
  artifacts), in A4 sheets and in print-shop cards: what tagging costs.
- DeckSmith 0.9.9 (raster: Pillow cards at 300 dpi, then a ReportLab PDF),
  when its ``decksmith`` command is found (``--decksmith``, else on PATH):
  the same faces from a YAML spec and a CSV, in a fresh process.
  Install it apart: ``python3 -m venv /tmp/ds && /tmp/ds/bin/pip install decksmith==0.9.9``.

Reported per face in CPU milliseconds (best of ``--repeat``: shared
machines are noisy; CPU time is far less sensitive to the load than wall
time), with the ratios. Targets: ≥ 15× cheaper per face than DeckSmith.
Tagging (December 2026, 2 shared cores): +6 % CPU on A4 sheets (1.29 s
against 1.21 s), +12 % on print-shop cards (one card a page: more pages to
tag); far below the fitting and layout, so PDF/UA-1 stays on by default.
``--echelle`` also builds the referential ×10 (2,800 faces): the cost must
grow no faster than the faces.
"""

from __future__ import annotations

import argparse
import csv
import html
import resource
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from ateliers import load_referentiel, merge_atelier
from ateliers.cartes.decks import Card, build_decks
from ateliers.cartes.pdf import build_card_decks
from ateliers.impression.fonts import TEXT_STACK, font_face_css, font_faces
from ateliers.entrees.models import Competence, Etape, Referentiel
from ateliers.options import CardOptions
from ateliers.impression.render import Renderer
from ateliers.fichiers.resources import embedded


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


def cards_of(vue) -> list[Card]:
    return [c for d in build_decks(vue, 9) for c in d.cards]


def cpu() -> float:
    return time.process_time()


def bench_ateliers(vue, renderer: Renderer, options: CardOptions | None = None) -> tuple[float, float]:
    """(CPU s, wall s) of every generic deck, in memory."""
    c0, w0 = cpu(), time.perf_counter()
    build_card_decks(vue, options or CardOptions(), renderer, workers=1)
    return cpu() - c0, time.perf_counter() - w0


def bench_tags(vue, tagged: Renderer, untagged: Renderer, repeat: int) -> None:
    """Tagged (PDF/UA-1, the default) against untagged, on A4 sheets and on print-shop cards."""
    print("Balisage PDF/UA-1 (arbre de structure, artefacts), CPU des jeux génériques :")
    for label, options in (("feuilles A4", CardOptions()), ("imprimeur", CardOptions(imprimeur=True))):
        bench_ateliers(vue, untagged, options)  # warm-up of this layout
        plain = min(bench_ateliers(vue, untagged, options)[0] for _ in range(repeat))
        tags = min(bench_ateliers(vue, tagged, options)[0] for _ in range(repeat))
        print(f"  {label:12}  balisé {tags:5.2f} s, non balisé {plain:5.2f} s : {tags / plain:.2f}× ({100 * (tags / plain - 1):+.0f} %)")


def bench_floor(vue) -> tuple[float, float]:
    """The same faces as plain absolutely positioned boxes: WeasyPrint's own cost."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    c0, w0 = cpu(), time.perf_counter()
    fonts = FontConfiguration()
    css = CSS(
        string=font_face_css(font_faces())
        + f"@page {{ size: 210mm 297mm; margin: 0 }} html {{ font-family: {TEXT_STACK}; }}"
        ".f { position: relative; width: 210mm; height: 297mm; break-after: page }"
        ".c { position: absolute; width: 55mm; height: 80mm; padding: 4mm; font-size: 9pt; line-height: 1.2;"
        " background: #E5F1F8 }",
        font_config=fonts,
    )

    def sheet(cards: list[Card], back: bool) -> str:
        boxes = []
        for i, c in enumerate(cards):
            text = f"{c.verso}<br>{c.verso_titre}" if back else f"<b>{c.titre} {c.sous_titre} {c.id}</b><br>{html.escape(c.texte)}"
            boxes.append(f'<div class="c" style="left:{10 + i % 3 * 63}mm;top:{10 + i // 3 * 88}mm">{text}</div>')
        return '<section class="f">' + "".join(boxes) + "</section>"

    for deck in build_decks(vue, 9):
        chunks = [deck.cards[i : i + 9] for i in range(0, len(deck.cards), 9)]
        page = "<html><body>" + "".join(sheet(c, False) + sheet(c, True) for c in chunks) + "</body></html>"
        HTML(string=page).render(stylesheets=[css], font_config=fonts).write_pdf()
    return cpu() - c0, time.perf_counter() - w0


# ---------------------------------------------------------------- DeckSmith

DPI = 300


def _px(mm: float) -> int:
    return round(mm / 25.4 * DPI)


def _decksmith_specs() -> tuple[str, str]:
    """A front and a back spec close to the kit's poker card: band, shape, number, text, lines, foot
    (one colour: DeckSmith reads colours before it substitutes the CSV's values, and cost does not depend on it)."""
    regular = next(f.path for f in font_faces() if f.weight == 400 and f.style == "normal")
    bold = next(f.path for f in font_faces() if f.weight == 700 and f.style == "normal")

    def text(key: str, x: float, y: float, size: float, font: Path, width: float | None = None, colour: str = "255, 255, 255") -> str:
        lines = [
            "  - type: text",
            f'    text: "%{key}%"',
            f"    position: [{_px(x)}, {_px(y)}]",
            f"    font_path: {font}",
            f"    font_size: {round(size / 72 * DPI)}",
            f"    color: [{colour}]",
        ]
        if width:
            lines.append(f"    width: {_px(width)}")
        return "\n".join(lines)

    w, h = _px(63), _px(88)
    front = "\n".join(
        [
            f"width: {w}\nheight: {h}\nbackground_color: [255, 255, 255]\nelements:",
            "  - type: rectangle",
            f"    size: [{w}, {_px(12)}]\n    position: [0, 0]\n    color: [0, 114, 178]",
            "  - type: circle",
            f"    radius: {_px(3.5)}\n    position: [{_px(3.5)}, {_px(2.5)}]\n    color: [255, 255, 255]",
            text("titre", 13, 2.2, 7.5, bold),
            text("sous_titre", 13, 5.5, 7.5, regular),
            text("id", 50, 4, 8.5, bold),
            text("texte", 4, 15, 10.5, regular, 55, "26, 26, 26"),
            text("question", 4, 62, 7, bold, None, "26, 26, 26"),
            *[
                f"  - type: rectangle\n    size: [{_px(55)}, 2]\n    position: [{_px(4)}, {_px(68 + 6.5 * i)}]\n    color: [154, 154, 154]"
                for i in range(3)
            ],
            text("pied", 3.5, 83, 5, regular, 56, "92, 92, 92"),
        ]
    )
    back = "\n".join(
        [
            f"width: {w}\nheight: {h}\nbackground_color: [0, 114, 178]\nelements:",
            "  - type: circle",
            f"    radius: {_px(12)}\n    position: [{_px(19.5)}, {_px(17.6)}]\n    color: [255, 255, 255]",
            text("numero", 28.5, 24, 31.5, bold, None, "26, 26, 26"),
            text("verso", 4, 48, 9, bold, 55),
            text("verso_titre", 4, 53, 8.5, regular, 55),
            text("pied", 3.5, 83, 5, regular, 56),
        ]
    )
    return front, back


def bench_decksmith(command: str, cards: list[Card], credit: str) -> tuple[float, float]:
    """(CPU s of the children, wall s): build every front and back as PNG, then the PDFs."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        front, back = _decksmith_specs()
        (tmp / "recto.yaml").write_text(front, encoding="utf-8")
        (tmp / "verso.yaml").write_text(back, encoding="utf-8")
        with (tmp / "cartes.csv").open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_ALL)
            writer.writerow(["titre", "sous_titre", "id", "texte", "question", "pied", "numero", "verso", "verso_titre"])
            for c in cards:
                question = "Qui la détient sur notre territoire ?" if c.zone_ecriture else " "
                writer.writerow([c.titre, c.sous_titre, c.id, c.texte or " ", question, credit, c.numero or " ", c.verso, c.verso_titre])
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w0 = time.perf_counter()
        for side in ("recto", "verso"):
            run = [command, "build", "--spec", str(tmp / f"{side}.yaml"), "--data", str(tmp / "cartes.csv"), "--output", str(tmp / side)]
            subprocess.run(run, check=True, capture_output=True, cwd=tmp)
            subprocess.run([command, "export", str(tmp / side), "--output", str(tmp / f"{side}.pdf")], check=True, capture_output=True, cwd=tmp)
        wall = time.perf_counter() - w0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if len(list((tmp / "recto").glob("*.png"))) != len(cards):
            raise SystemExit("DeckSmith n’a pas produit toutes les cartes.")
        return after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--decksmith", help="chemin de la commande decksmith (0.9.9)")
    parser.add_argument("--echelle", action="store_true", help="mesurer aussi le référentiel ×10")
    args = parser.parse_args()

    ref = load_referentiel()
    vue = merge_atelier(ref)
    renderer = Renderer(embedded())
    faces = 2 * len(cards_of(vue))
    bench_ateliers(vue, renderer)  # warm-up: fonts, templates, imports
    bench_floor(vue)
    ours = min(bench_ateliers(vue, renderer) for _ in range(args.repeat))
    floor = min(bench_floor(vue) for _ in range(args.repeat))
    per_face = {"ateliers": 1000 * ours[0] / faces, "plancher WeasyPrint": 1000 * floor[0] / faces}
    print(f"{faces} faces (jeux génériques), meilleur de {args.repeat}, CPU par face :")
    print(f"  ateliers              {per_face['ateliers']:6.2f} ms  ({ours[0]:.2f} s CPU, {ours[1]:.2f} s réel)")
    print(f"  plancher WeasyPrint   {per_face['plancher WeasyPrint']:6.2f} ms  ({floor[0]:.2f} s CPU, {floor[1]:.2f} s réel)")
    print(f"  ateliers / plancher : {per_face['ateliers'] / per_face['plancher WeasyPrint']:.1f}×")

    bench_tags(vue, renderer, Renderer(embedded(), tagged=False), args.repeat)

    command = args.decksmith or shutil.which("decksmith")
    if command:
        credit = f"{' & '.join(ref.source.auteurs)} · référentiel {ref.version}"
        smith = min(bench_decksmith(command, cards_of(vue), credit) for _ in range(args.repeat))
        smith_face = 1000 * smith[0] / faces
        print(f"  DeckSmith 0.9.9       {smith_face:6.2f} ms  ({smith[0]:.2f} s CPU, {smith[1]:.2f} s réel)")
        print(f"  DeckSmith / ateliers : {smith_face / per_face['ateliers']:.1f}× (objectif ≥ 15×)")
    else:
        print("  DeckSmith : commande introuvable (--decksmith), comparaison au seul plancher WeasyPrint.")

    if args.echelle:
        big = merge_atelier(multiplied(ref, 10))
        big_faces = 2 * len(cards_of(big))
        best = min(bench_ateliers(big, renderer) for _ in range(args.repeat))
        print(f"  ×10 : {big_faces} faces, {1000 * best[0] / big_faces:.2f} ms CPU par face ({best[0] / ours[0]:.1f}× le temps)")


if __name__ == "__main__":
    main()
