"""Posters: a wall board per phase (and its office tiles), an overview of the phases, an event poster.

Wall boards (``affiches/``) are laid out from the objects put on them: four zones
where every card of the phase goes in cascade, three write-in cells beside each card
for its holders, text at least 24 pt at the printed size, checked on the rendered
layout. The overview (A1 for a room of more than 12) and the event poster are A3 (A2, A1)
pages read from two metres: on A3, titles ≥ 48 pt and nothing under 12 pt (the
event poster's facts 24 pt); bigger formats scale up. Their content is tried at
smaller body sizes down to that minimum; past it the command stops, naming the
poster and what to change. The check is made on the rendered layout
(Page.anchors and the page count), never by counting characters.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..impression import theme
from .chemin import overview_path
from .colonnes import ITEM_COST, columns, text_weight
from .formes import numbered_shape_svg
from .grille import grid_stream
from .mural import BOARD_FORMATS, BoardPlan, board_context, board_title, layout_problems
from .mural import READ_FROM_2M_PT
from .qr import qr_svg, qr_target
from .record import (
    BOARD_COPIES,
    EVENT_PURPOSE,
    board_advice,
    board_plan,
    board_print_settings,
    board_purpose,
    board_record,
    board_tiles,
    overview_paper,
    overview_purpose,
    poster_print_settings,
    tiles_name,
    tiles_print_settings,
    tiles_purpose,
)
from .tableau import Box
from .tuiles import MARGIN_MM, TILE_SHEETS, assemble, marks_stream, plan_picture, tile_label
from ..errors import InputError
from ..impression.typography import date_fr, heure_fr  # noqa: F401  (also used by the templates' callers)
from ..contract import Copies, Kind, Output, Part
from ..impression.fitting import STEP_PT, DoesNotFit, candidate_sizes, first_fitting, within
from ..options import BOARD_AUTO, POSTER_AUTO, POSTER_FORMATS, PosterOptions, event_format
from ..entrees.provenance import provenance
from ..impression.render import Renderer
from ..entrees.territoire import PhaseTerritoriale, ReferentielTerritorial
from ..impression.theme import phase_identite
from ..impression.units import px_to_mm
from ..impression.vector import under_pages

MIN_BODY_PT = 12.0  # on A3, scaled with the format
TITLE_PT = 48.0

CONSIGNE_TABLEAU = (
    "Posez chaque carte dans sa zone, en cascade\u00a0: la première en haut, chaque suivante sur le bas de la bande de la précédente. "
    "Dans les cases à droite de la carte\u00a0: un acteur par case, écrit au feutre."
)


class PosterTooFull(DoesNotFit):
    pass


class PosterBuilder:
    def __init__(self, vue: ReferentielTerritorial, options: PosterOptions, renderer: Renderer) -> None:
        if options.format not in POSTER_FORMATS and options.format != POSTER_AUTO:
            raise InputError(
                f"Format d’affiche « {options.format} » inconnu.", conseil="Formats possibles : auto, a3, a2, a1."
            )
        if options.tableau not in BOARD_FORMATS and options.tableau != BOARD_AUTO:
            raise InputError(f"Format de tableau « {options.tableau} » inconnu.", conseil="Formats possibles : auto, a2, a1, a0, paperboard.")
        if options.tuiles is not None and options.tuiles not in TILE_SHEETS:
            raise InputError(f"Format de tuiles « {options.tuiles} » inconnu.", conseil="Formats possibles : a3, a4.")
        self.vue = vue
        self.options = options
        self.renderer = renderer
        ref = vue.referentiel
        atelier = vue.atelier
        quand = []
        if atelier and atelier.date:
            quand.append(date_fr(atelier.date))
        if atelier and atelier.heure_debut:
            quand.append(heure_fr(atelier.heure_debut))
        self.context: dict[str, Any] = {
            "nb": options.noir_et_blanc,
            "territoire": vue.territoire or "",
            "quand": " · ".join(quand),
            "atelier": atelier,
            "credit_court": f"Source\u00a0: {' & '.join(ref.source.auteurs)} · référentiel {ref.version}",
            "pied_droite": " · ".join(
                p for p in (vue.territoire or "", date_fr(atelier.date) if atelier and atelier.date else "", "Imprimer à 100\u00a0%") if p
            ),
            "forme_numerotee": numbered_shape_svg,
            "titre_phase": board_title,
            "credit": f"Source : {' & '.join(ref.source.auteurs)} · référentiel {ref.version} · Imprimer à 100 %",
            "source": ref.source.credit,
            "auteur": provenance(vue).auteur,
            "plancher_pt": 0.0,  # a floor under every text of the poster (the synthesis map on the wall: 24 pt)
        }
        self.use_format(event_format(options))

    def use_format(self, fmt: str) -> None:
        """The overview's and the event poster's paper (they may differ: see options.overview_format)."""
        self.fmt = fmt
        self.page_w, self.page_h, self.scale = POSTER_FORMATS[fmt]
        self.context.update(s=self.scale, page_w=self.page_w, page_h=self.page_h, title_pt=TITLE_PT * self.scale)

    @property
    def min_pt(self) -> float:
        return MIN_BODY_PT * self.scale

    def _render(self, template: str, body_pt: float, **context: Any):
        html = self.renderer.html(template, body_pt=body_pt, **self.context, **context)
        css = self.renderer.css("affiches/affiches.css", body_pt=body_pt, **self.context)
        return self.renderer.render(html, css, self.options.noir_et_blanc)

    def _fits(self, document) -> bool:
        if len(document.pages) != 1:
            return False
        anchors = document.pages[0].anchors
        end = anchors.get("fin-contenu")
        limit = anchors.get("limite-contenu")
        return end is not None and limit is not None and within(px_to_mm(end[1]), px_to_mm(limit[1]))

    def fit_document(self, name: str, template: str, design_pt: float, advice: str, min_pt: float = 0.0, **context: Any):
        """The poster laid out at the largest body size, from its design size down to the
        legible minimum (``min_pt`` at the printed size, when text is read from further), at
        which it fits its page; (document, size)."""
        def attempt(size: float):
            document = self._render(template, size, **context)
            return document if self._fits(document) else None

        minimum = max(self.min_pt, min_pt)
        found = first_fitting(candidate_sizes(max(design_pt * self.scale, minimum), minimum, STEP_PT * self.scale), attempt)
        if found is not None:
            return found[1], found[0]
        raise PosterTooFull(
            f"L’affiche « {name} » est trop remplie pour le format {self.fmt.upper()}, même en {minimum:g} pt.",
            conseil=advice,
        )

    def _fit(
        self, fichier: str, template: str, design_pt: float, advice: str, copies: Copies, numero: int | None = None,
        min_pt: float = 0.0, **context: Any,
    ) -> Output:
        document, size = self.fit_document(fichier, template, design_pt, advice, min_pt, **context)
        pdf = self.renderer.pdf(document)
        return Output(
            fichier,
            pdf.data,
            pdf.pages,
            Kind.affiche,
            context.get("description", ""),
            poster_print_settings(self.fmt),
            copies,
            {"format": self.fmt, "taille_texte_pt": size},
            parts=(Part(numero, 1, pdf.pages),) if numero else (),
        )

    def board_plan(self, phase: PhaseTerritoriale) -> BoardPlan:
        """Where the lanes and places of the phase's board go (raises BoardTooFull)."""
        return board_plan(phase, self.options)

    def phase_board(self, phase: PhaseTerritoriale) -> Output:
        return self.board_with_plan(phase)[0]

    def board_with_plan(self, phase: PhaseTerritoriale) -> tuple[Output, BoardPlan]:
        """The wall board of one phase: its competence cards laid in four zones."""
        fichier = f"affiche-phase-{phase.numero}.pdf"
        card = self.options.carte
        plan = self.board_plan(phase)
        advice = board_advice(self.options)
        ident = phase_identite(phase.numero)
        palette = theme.palette(ident, self.options.noir_et_blanc)
        nb = self.options.noir_et_blanc
        context = board_context(
            plan,
            nb=nb,
            phase=phase,
            ident=ident,
            titre=board_title(phase.numero, phase.nom),
            sous_titre=" · ".join(p for p in (self.context["territoire"], self.context["quand"]) if p)
            or "Qui, sur notre territoire, détient ces compétences\u00a0?",
            forme=numbered_shape_svg(
                ident.forme, phase.numero, "#FFFFFF", "#000000" if nb else palette.fond if palette.encre == "#FFFFFF" else "#0B0B0B",
                "#000000" if nb else "none", 4 if nb else 0,
            ),
            consigne=CONSIGNE_TABLEAU,
            notes=list(phase.notes),
            pied_gauche=self.context["credit_court"],
            pied_droite=self.context["pied_droite"],
            territoire=self.context["territoire"],
            auteur=self.context["auteur"],
            description=board_purpose(phase.numero),
        )
        html = self.renderer.html("affiches/tableau.html", **context)
        css = self.renderer.css("affiches/tableau.css", **context)
        document = self.renderer.render(html, css, nb)
        problems = layout_problems(document.pages[0], plan) if len(document.pages) == 1 else ["plusieurs pages"]
        if problems:
            if any("bandeau" in p or "pied" in p for p in problems):
                advice = "Raccourcissez le nom du territoire dans le fichier d’atelier."
            raise PosterTooFull(f"Le tableau « {fichier} » ne tient pas : {', '.join(problems)}.", conseil=advice)
        pdf = self.renderer.pdf(document, under_pages([grid_stream(plan.layout, plan.geometry.k, nb)]))
        extra = {
            **board_record(plan, phase),
            "carte": card.nom,
            "titre": phase.titre,
            "taille_texte_pt": plan.geometry.pt["consigne"],
        }
        output = Output(
            fichier,
            pdf.data,
            pdf.pages,
            Kind.affiche,
            context["description"],
            board_print_settings(plan, self.options),
            BOARD_COPIES,
            extra,
            parts=(Part(phase.numero, 1, pdf.pages),),
        )
        return output, plan

    def tiled_board(self, board: Output, plan: BoardPlan, numero: int) -> Output:
        """A board cut into office sheets (A3 or A4) with overlap strips, ticks and an assembly plan."""
        sheet = self.options.tuiles
        w, h = plan.geometry.page_w, plan.geometry.page_h
        tiles = board_tiles(plan, self.options)
        picture = plan_picture(tiles, w, h)
        r = picture.scale
        frame = Box(picture.x, picture.y, w * r, h * r)
        scaled = [Box(picture.x + t.x * r, picture.y + t.y * r, t.w * r, t.h * r) for t in tiles.tiles]
        fichier = tiles_name(board.path, sheet)
        titre = board.manifest["titre"]
        context = {
            "plan": tiles,
            "tiles": [(t.numero, b) for t, b in zip(tiles.tiles, scaled)],
            "bas_plan": max(b.bottom for b in scaled),
            "frame": frame,
            "titre": titre,
            "tile_label": tile_label,
            "margin": MARGIN_MM,
            "auteur": self.context["auteur"],
            "description": tiles_purpose(numero, len(tiles.tiles), sheet, board.manifest["format"]),
        }
        html = self.renderer.html("affiches/tuiles.html", **context)
        css = self.renderer.css("affiches/tuiles.css", **context)
        drawn = [None] + [marks_stream(t, tiles) for t in tiles.tiles]  # the assembly plan, then the tiles
        marks = self.renderer.pdf(self.renderer.render(html, css, self.options.noir_et_blanc), under_pages(drawn))
        data = assemble(board.data, marks.data, tiles, w, h)
        extra = {
            "format": sheet,
            "variante_de": board.path,  # the same board, for those without a print shop: print one or the other
            "tuiles": len(tiles.tiles),
            "lignes": tiles.rows,
            "colonnes": tiles.columns,
            "taille_texte_pt": board.manifest["taille_texte_pt"],
        }
        pages = len(tiles.tiles) + 1
        return Output(
            fichier,
            data,
            pages,
            Kind.affiche,
            context["description"],
            tiles_print_settings(tiles),
            BOARD_COPIES,
            extra,
            parts=(Part(numero, 1, pages),),
        )

    def overview(self) -> Output:
        self.use_format(overview_paper(self.vue, self.options))
        note = next((p.notes[0] for p in self.vue.phases if p.numero == 3 and p.notes), "")
        return self._fit(
            "affiche-vue-ensemble.pdf",
            "affiches/vue-ensemble.html",
            13.0,
            "Raccourcissez dans le référentiel les étapes ou les éléments du résumé les plus longs : l’affiche grandit avec son papier, ses textes aussi.",
            Copies(fixed=1),
            phases=[(p, phase_identite(p.numero)) for p in self.vue.phases],
            colonnes_etapes={p.numero: columns(p.etapes, 3, lambda e: text_weight(e.texte)) for p in self.vue.phases},
            colonnes_resume=columns(self.vue.resume, 3, lambda g: sum(text_weight(e.texte) for e in g.elements) + 2 * ITEM_COST),
            resume=self.vue.resume,
            vue_titre=self.vue.referentiel.titre,
            titre_resume=self.vue.referentiel.libelles.partie_resume.rstrip(" .…:") or "En résumé",
            introduction_resume=self.vue.referentiel.introduction_resume,
            # The source says test and launch overlap: its phase-3 note labels the overlap.
            note_entremeles=note,
            chemin=overview_path(
                [(p.numero, p.nom) for p in self.vue.phases], self.page_w - 28 * self.scale, 16 * self.scale, bool(note), self.options.noir_et_blanc
            ),
            description=overview_purpose(len(self.vue.phases)),
        )

    def event(self) -> Output:
        self.use_format(event_format(self.options))
        atelier = self.vue.atelier
        target = qr_target(atelier.inscription if atelier else None)
        return self._fit(
            "affiche-evenement.pdf",
            "affiches/evenement.html",
            28.0,
            "Raccourcissez le lieu ou le nom de la structure dans le fichier d’atelier, ou choisissez un format plus grand (A2).",
            Copies(fixed=3),  # town hall, shops, the room
            min_pt=READ_FROM_2M_PT,  # its facts are read in passing, from two metres
            phases=[(p, phase_identite(p.numero)) for p in self.vue.phases],
            accroche=self.vue.referentiel.accroche,
            logo=atelier.logo.as_uri() if atelier and atelier.logo else None,
            qr=qr_svg(target) if target else None,
            inscription=atelier.inscription if atelier else None,
            description=EVENT_PURPOSE,
        )


def build_posters(
    vue: ReferentielTerritorial,
    options: PosterOptions,
    renderer: Renderer,
    progress: Callable[[str], None] | None = None,
) -> list[Output]:
    builder = PosterBuilder(vue, options, renderer)
    results: list[Output] = []

    def step(name: str) -> None:
        if progress:
            progress(name)

    for phase in vue.phases:
        step(f"affiche-phase-{phase.numero}.pdf")
        board, plan = builder.board_with_plan(phase)
        results.append(board)
        if options.tuiles:
            step(tiles_name(board.path, options.tuiles))
            results.append(builder.tiled_board(board, plan, phase.numero))
    step("affiche-vue-ensemble.pdf")
    results.append(builder.overview())
    if vue.atelier is not None:
        step("affiche-evenement.pdf")
        results.append(builder.event())
    return results
