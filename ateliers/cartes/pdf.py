"""Card decks as print-ready PDFs: fit every text, impose on sheets, draw cut marks.

For each deck: text sizes are chosen card by card (``fit``); the cards are imposed
on sheets (fronts, then their backs placed to land behind them); the PDF
is rendered once and checked against the same layout rules before it is
written.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

from ..contract import Output
from ..impression.fitting import within
from ..options import CardOptions
from ..entrees.provenance import provenance
from ..impression.render import RenderedPdf, Renderer
from ..fichiers.resources import Resources
from ..entrees.territoire import ReferentielTerritorial
from ..impression.theme import RULE
from ..impression.units import pt_to_mm, px_to_mm
from ..impression.vector import Stamping, under_pages
from .decks import Deck, build_decks, sheets
from .decor import sheet_drawing
from .fit import CardsTooLong, TextFitter
from .imposition import BLEED, Rect, RectoVerso, SheetLayout, sheet_layout
from .metrics import CardMetrics, metrics_for
from .record import deck_output
from .sheets import MarginNote, Page, PlacedFace
from .stamps import Stamp, stamps_of

MARK_THICKNESS_MM = pt_to_mm(0.3)  # 0.3 pt: above the 0.25 pt that may not print


class CardDeckBuilder:
    """Builds every deck of a run with one renderer and one set of options."""

    def __init__(self, vue: ReferentielTerritorial, options: CardOptions, renderer: Renderer) -> None:
        self.vue = vue
        self.options = options
        self.renderer = renderer
        self.layout: SheetLayout | None = None
        if not options.imprimeur:
            self.layout = sheet_layout(options.format, options.papier, options.recto_verso)
        self.metrics = metrics_for(options.format, options.imprimeur)
        ref = vue.referentiel
        court = " & ".join(ref.source.auteurs)
        self.credit = f"{court} · référentiel {ref.version}"
        self.territoire = vue.territoire or ""
        self.context = {
            "nb": options.noir_et_blanc,
            "territoire": self.territoire,
            "credit": self.credit,
            "phases_numeros": [p.numero for p in ref.phases],
            "rule": "#000000" if options.noir_et_blanc else RULE,
        }
        self._css_cache: dict[tuple, str] = {}
        self.fitter = TextFitter(renderer, self._css, self.context, options.format, self.metrics)

    @property
    def per_sheet(self) -> int:
        return self.layout.per_sheet if self.layout else 9

    def decks(self) -> list[Deck]:
        return [d for d in build_decks(self.vue, self.per_sheet) if d.cards]

    # ------------------------------------------------------------------ CSS

    def _css(self, page_w: float, page_h: float, bleed: float, m: CardMetrics) -> str:
        key = (page_w, page_h, bleed, m)
        if key not in self._css_cache:
            self._css_cache[key] = self.renderer.css(
                "cartes/cartes.css", page_w=page_w, page_h=page_h, bleed=bleed, m=m, **self.context
            )
        return self._css_cache[key]

    def fit_sizes(self, deck: Deck, m: CardMetrics) -> dict[str, float]:
        return self.fitter.fit_sizes(deck, m)

    # ------------------------------------------------------------------ imposition

    def pages(self, deck: Deck, sizes: dict[str, float]) -> list[Page]:
        if self.options.imprimeur:
            pages = []
            origin = Rect(0.0, 0.0, self.metrics.w, self.metrics.h)
            for card in deck.cards:
                pages.append(Page([PlacedFace(card, origin, "recto", sizes[card.id], card.id, card.zone_ecriture)]))
                pages.append(Page([PlacedFace(card, origin, "verso", 0, card.id + "-v", False)]))
            return pages
        layout = self.layout
        assert layout is not None
        mode = self.options.recto_verso
        slots = layout.slots
        chunks = sheets(deck.cards, layout.per_sheet)
        marks = layout.cut_marks(self.options.traits_complets)
        pages: list[Page] = []
        for chunk in chunks:
            fronts = [PlacedFace(c, slots[i], "recto", sizes[c.id], c.id, c.zone_ecriture) for i, c in enumerate(chunk)]
            if mode is RectoVerso.pliage:
                backs = [PlacedFace(c, layout.back_of(slots[i]), "verso", 0, c.id + "-v", False) for i, c in enumerate(chunk)]
                pages.append(Page(fronts + backs, marks, layout.fold_line))
                continue
            pages.append(Page(fronts, marks))
            if mode is not RectoVerso.non:
                backs = [
                    PlacedFace(c, layout.back_of(slots[i], self.options.decalage), "verso", 0, c.id + "-v", False)
                    for i, c in enumerate(chunk)
                ]
                pages.append(Page(backs))
        total = len(pages)
        for number, page in enumerate(pages, start=1):
            # Backs say « verso » without a number: identical back sheets are then printed from one layout.
            head = f"Cartes « {deck.titre} » · " + ("verso" if page.is_back else f"page {number}/{total} · recto")
            # The credit is on every back, and on the deck's first sheet (its fronts carry only their text).
            page.notes = self._notes(layout, head, self.source_line if number == 1 else "")
        return pages

    @property
    def source_line(self) -> str:
        """« Haut-Vallon · Cap Rural & CRESS … · référentiel 1.0 »: the backs' foot, on one line."""
        return " · ".join(filter(None, [self.territoire, self.credit]))

    def _notes(self, layout: SheetLayout, head: str, source: str = "") -> list[MarginNote]:
        """Deck, page and « 100 % » notes in the margins, between the cut marks; ``source``
        (the credit, on the deck's first sheet) under the first column."""
        hundred = "Imprimer à 100 % (taille réelle), sans ajustement"
        top = min(r.y for r in layout.card_rects())
        bottom = layout.page_h - max(r.bottom for r in layout.card_rects())
        left = min(r.x for r in layout.card_rects())
        right_edge = max(r.right for r in layout.card_rects())
        line = pt_to_mm(6.5) * 1.15
        x0 = layout.xs[0] + 1.5
        if min(top, bottom) >= 9.0 or min(top, bottom) >= min(left, layout.page_w - right_edge):
            x_hundred = layout.xs[len(layout.xs) // 2] + 1.5 if len(layout.xs) >= 3 else x0
            notes = [
                MarginNote(head, x0, max(0.5, top - 1.2 - line - 1.0)),
                MarginNote(hundred, x_hundred, layout.page_h - bottom + 1.2 + 1.0),
            ]
            if source and x_hundred != x0:  # under the first column, on two lines at most
                notes.append(MarginNote(source, x0, layout.page_h - bottom + 1.2 + 1.0, width=x_hundred - x0 - 3.0))
            elif source:
                notes[0] = MarginNote(f"{head} · {source}", x0, notes[0].y)
            return notes
        # Short top and bottom margins (US Letter): notes turned along the side margins.
        y0 = layout.ys[0] + layout.card.hauteur - 1.5
        return [
            MarginNote(f"{head} · {source}" if source else head, max(0.5, left - 1.2 - line - 1.0), y0, rotated=True),
            MarginNote(hundred, right_edge + 1.2 + 1.0, y0, rotated=True),
        ]

    # ------------------------------------------------------------------ rendering

    def render_deck(self, deck: Deck, m: CardMetrics, sizes: dict[str, float] | None = None):
        """The deck's sheets laid out: (document, pages, sizes); the document ends with the
        deck's stamps (``stamps_of(pages)``), which ``pdf`` places and takes out of the pages.

        Without ``sizes``, every card is laid out at its design size and the
        sheets themselves measure the texts: only the cards that overflow are
        measured again at smaller sizes, and only their sheets laid out again.
        """
        fitting = sizes is None
        if sizes is None:
            sizes = {c.id: m.design_pt(c) for c in deck.cards}
        pages = self.pages(deck, sizes)
        if self.options.imprimeur:
            page_w, page_h, bleed = m.w, m.h, BLEED
        else:
            assert self.layout is not None
            page_w, page_h, bleed = self.layout.page_w, self.layout.page_h, 0.0
        titre = f"Cartes « {deck.titre} »" + (f" — {self.territoire}" if self.territoire else "")
        css = self._css(page_w, page_h, bleed, m)

        def render(subset: list[Page]):
            html = self.renderer.html(
                "cartes/feuilles.html",
                pages=subset,
                m=m,
                page_w=page_w,
                page_h=page_h,
                bleed=bleed,
                titre=titre,
                auteur=provenance(self.vue).auteur,
                description=deck.description,
                mots_cles=f"{self.vue.referentiel.projet.nom}, compétences, atelier",
                **self.context,
            )
            return self.renderer.render(html, css, self.options.noir_et_blanc)

        # Back sheets repeat (a full sheet of phase-2 cards has the same back as the next one):
        # each distinct back sheet is laid out once and its page reused.
        fronts = [i for i, p in enumerate(pages) if not p.is_back]
        backs = [i for i, p in enumerate(pages) if p.is_back]
        front_doc = render([pages[i] for i in fronts])
        if fitting:
            heights = {}
            for i, rendered in zip(fronts, front_doc.pages, strict=True):
                for face in pages[i].faces:
                    box = rendered.anchors.get(f"contenu-{face.uid}") if face.face == "recto" else None
                    if box is not None:
                        heights[face.card.id] = px_to_mm(box[3] - box[1])
            too_big = self.fitter.overflowing([c for c in deck.cards if c.id in heights], heights, m)
            if too_big:
                sizes = self.fitter.shrink(too_big, sizes, m)
                pages = self.pages(deck, sizes)
                changed = {c.id for c in too_big}
                redo = [k for k, i in enumerate(fronts) if any(f.card.id in changed for f in pages[i].faces)]
                laid_out = list(front_doc.pages)
                for k, page in zip(redo, render([pages[fronts[k]] for k in redo]).pages, strict=True):
                    laid_out[k] = page
                front_doc = front_doc.copy(laid_out)
        self._check(front_doc, [pages[i] for i in fronts], m)
        rendered = dict(zip(fronts, front_doc.pages, strict=True))
        if backs:
            unique: dict[tuple, int] = {}
            for i in backs:
                unique.setdefault(pages[i].signature, len(unique))
            order = sorted(unique, key=unique.get)
            back_doc = render([next(pages[i] for i in backs if pages[i].signature == key) for key in order])
            for i in backs:
                rendered[i] = back_doc.pages[unique[pages[i].signature]]
        stamps, _ = stamps_of(pages, self.options.noir_et_blanc)
        stamp_pages = list(self._stamps(stamps, m).pages) if stamps else []
        return front_doc.copy([rendered[i] for i in range(len(pages))] + stamp_pages), pages, sizes

    def _stamps(self, stamps: list[Stamp], m: CardMetrics):
        """The stamps laid out, one card-sized page each, checked against the card's zones."""
        html = self.renderer.html("cartes/tampons.html", stamps=stamps, m=m, page_w=m.w, page_h=m.h, **self.context)
        document = self.renderer.render(html, self._css(m.w, m.h, 0.0, m), self.options.noir_et_blanc)
        bad = []
        for stamp, page in zip(stamps, document.pages, strict=True):
            box = page.anchors.get(f"{stamp.kind.split('-')[0]}-{stamp.uid}")
            if box is None:
                bad.append(stamp.face.card.id)
            elif stamp.kind == "titres" and not within(px_to_mm(box[3]), m.band_h):
                bad.append(stamp.face.card.id)
        if bad:
            raise CardsTooLong(self.options.format, sorted(set(bad)))
        return document

    def _check(self, document, pages: list[Page], m: CardMetrics) -> None:
        """The rendered layout obeys the rules the sizes were chosen by (no silent overflow)."""
        bad = []
        for page, rendered in zip(pages, document.pages, strict=True):
            anchors = rendered.anchors
            for face in page.faces:
                if face.face != "recto":
                    continue
                box = anchors.get(f"contenu-{face.uid}")
                if box is None:
                    bad.append(face.card.id)
                    continue
                bottom = px_to_mm(box[3]) - face.rect.y
                if not within(bottom, m.text_limit(face.zone)):
                    bad.append(face.card.id)
        if bad:
            raise CardsTooLong(self.options.format, sorted(set(bad)))

    def build(self, deck: Deck) -> Output:
        """The deck as a record of the output contract (built in memory, written later)."""
        m = self.metrics
        document, pages, sizes = self.render_deck(deck, m)
        pdf = self.pdf(document, pages, m)
        return deck_output(deck, pdf.data, pdf.pages, self.options, self._manifest_cards(deck, pages, sizes))

    def pdf(self, document, pages: list[Page], m: CardMetrics) -> RenderedPdf:
        """The laid-out sheets written as a PDF, each with its drawing (fills, shapes, rules, marks) under its text."""
        page_h = m.h if self.options.imprimeur else self.layout.page_h
        nb = self.options.noir_et_blanc
        drawings = [sheet_drawing(p, m, nb, self.context["rule"], MARK_THICKNESS_MM, page_h) for p in pages]
        _, placements = stamps_of(pages, nb)
        pdf = self.renderer.pdf(document, under_pages(drawings, Stamping(placements, page_h, m.h)))
        return RenderedPdf(pdf.data, len(pages))  # the stamp pages are forms, not pages

    def _manifest_cards(self, deck: Deck, pages: list[Page], sizes: dict[str, float]) -> list[dict[str, Any]]:
        where: dict[str, dict[str, Any]] = {}
        for number, page in enumerate(pages, start=1):
            for face in page.faces:
                entry = where.setdefault(face.card.id, {"id": face.card.id, "fichier": deck.fichier})
                entry[face.face] = {
                    "page": number,
                    "x_mm": round(face.rect.x, 3),
                    "y_mm": round(face.rect.y, 3),
                    "largeur_mm": round(face.rect.w, 3),
                    "hauteur_mm": round(face.rect.h, 3),
                }
        result = []
        for card in deck.cards:
            entry = where[card.id]
            entry["type"] = card.kind
            entry["taille_police_pt"] = sizes[card.id]
            result.append(entry)
        return result


def _build_one(vue: ReferentielTerritorial, options: CardOptions, resources: Resources, logo: Path | None, nom: str) -> Output:
    """One deck in a worker process (its own renderer: WeasyPrint objects do not cross processes)."""
    builder = CardDeckBuilder(vue, options, Renderer(resources, logo))
    return builder.build(next(d for d in builder.decks() if d.nom == nom))


def build_card_decks(
    vue: ReferentielTerritorial,
    options: CardOptions,
    renderer: Renderer,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> list[Output]:
    """Every deck of the run, in memory, in the decks' order.

    With several cores, decks are built in parallel processes, largest first.
    """
    builder = CardDeckBuilder(vue, options, renderer)
    decks = builder.decks()
    workers = min(workers or os.cpu_count() or 1, len(decks))
    too_long: list[str] = []  # gathered over every deck: one message names them all
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():  # Windows: one process
        results = []
        for deck in decks:
            if progress:
                progress(deck.fichier)
            try:
                results.append(builder.build(deck))
            except CardsTooLong as exc:
                too_long += exc.ids
        if too_long:
            raise CardsTooLong(options.format, too_long)
        return results
    logo = vue.atelier.logo if vue.atelier else None
    by_name: dict[str, Output] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {
            pool.submit(_build_one, vue, options, renderer.resources, logo, deck.nom): deck
            for deck in sorted(decks, key=lambda d: -len(d.cards))
        }
        for future in as_completed(futures):
            deck = futures[future]
            if progress:
                progress(deck.fichier)
            try:
                by_name[deck.nom] = future.result()
            except CardsTooLong as exc:
                too_long += exc.ids
    if too_long:
        raise CardsTooLong.in_decks(options.format, decks, too_long)
    return [by_name[d.nom] for d in decks]
