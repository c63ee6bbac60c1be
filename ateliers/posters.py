"""A3 (A2, A1) posters: a wall board per phase, an overview of the four phases, an event poster.

Read from two metres: on A3, titles ≥ 48 pt and nothing under 12 pt;
bigger formats scale up. A poster whose content does not fit is tried at
smaller body sizes down to that minimum; past it the command stops,
naming the poster and what to change. The check is made on the rendered
layout (Page.anchors and the page count), never by counting characters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from .errors import InputError
from .agenda import date_fr, heure_fr  # noqa: F401  (also used by the templates' callers)
from .contract import Copies, Kind, Output, Partie, PrintSettings, Stock
from .fitting import STEP_PT, DoesNotFit, candidate_sizes, first_fitting, within
from .options import POSTER_FORMATS, PosterOptions
from .provenance import provenance
from .render import Renderer
from .territoire import PhaseTerritoriale, ReferentielTerritorial
from .theme import phase_identite
from .units import px_to_mm

MIN_BODY_PT = 12.0  # on A3, scaled with the format
TITLE_PT = 48.0

class PosterTooFull(DoesNotFit):
    pass


class PosterBuilder:
    def __init__(self, vue: ReferentielTerritorial, options: PosterOptions, renderer: Renderer) -> None:
        if options.format not in POSTER_FORMATS:
            raise InputError(
                f"Format d’affiche « {options.format} » inconnu.", conseil="Formats possibles : a3, a2, a1."
            )
        self.vue = vue
        self.options = options
        self.renderer = renderer
        self.page_w, self.page_h, self.scale = POSTER_FORMATS[options.format]
        ref = vue.referentiel
        atelier = vue.atelier
        quand = []
        if atelier and atelier.date:
            quand.append(date_fr(atelier.date))
        if atelier and atelier.heure_debut:
            quand.append(heure_fr(atelier.heure_debut))
        self.context: dict[str, Any] = {
            "nb": options.noir_et_blanc,
            "s": self.scale,
            "page_w": self.page_w,
            "page_h": self.page_h,
            "territoire": vue.territoire or "",
            "quand": " · ".join(quand),
            "atelier": atelier,
            "credit": f"Source : {' & '.join(ref.source.auteurs)} · référentiel {ref.version} · Imprimer à 100 %",
            "source": ref.source.credit,
            "title_pt": TITLE_PT * self.scale,
            "auteur": provenance(vue).auteur,
        }

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

    def fit_document(self, name: str, template: str, design_pt: float, advice: str, **context: Any):
        """The poster laid out at the largest body size, from its design size down to the
        legible minimum, at which it fits its page; (document, size)."""
        def attempt(size: float):
            document = self._render(template, size, **context)
            return document if self._fits(document) else None

        found = first_fitting(candidate_sizes(design_pt * self.scale, self.min_pt, STEP_PT * self.scale), attempt)
        if found is not None:
            return found[1], found[0]
        raise PosterTooFull(
            f"L’affiche « {name} » est trop remplie pour le format {self.options.format.upper()}, même en {self.min_pt:g} pt.",
            conseil=advice,
        )

    def _fit(
        self, fichier: str, template: str, design_pt: float, advice: str, copies: Copies, numero: int | None = None, **context: Any
    ) -> Output:
        document, size = self.fit_document(fichier, template, design_pt, advice, **context)
        pdf = self.renderer.pdf(document)
        return Output(
            fichier,
            pdf.data,
            pdf.pages,
            Kind.affiche,
            context.get("description", ""),
            PrintSettings(self.options.format.upper(), Stock.affiche),
            copies,
            {"format": self.options.format, "taille_texte_pt": size},
            parties=(Partie(numero, 1, pdf.pages),) if numero else (),
        )

    def phase_board(self, phase: PhaseTerritoriale) -> Output:
        return self._fit(
            f"affiche-phase-{phase.numero}.pdf",
            "affiches/phase.html",
            14.0,
            "Choisissez un format plus grand (--format a2) ou retirez des compétences ajoutées à cette phase.",
            Copies(fixe=0, par_phase=True),  # one board for each sub-group working the phase
            phase.numero,
            phase=phase,
            ident=phase_identite(phase.numero),
            description=f"Tableau mural de la phase {phase.numero} : les compétences à attribuer aux acteurs du territoire.",
        )

    def overview(self) -> Output:
        return self._fit(
            "affiche-vue-ensemble.pdf",
            "affiches/vue-ensemble.html",
            13.0,
            "Choisissez un format plus grand (--format a2).",
            Copies(fixe=1),
            phases=[(p, phase_identite(p.numero)) for p in self.vue.phases],
            resume=self.vue.resume,
            vue_titre=self.vue.referentiel.titre,
            introduction_resume=self.vue.referentiel.introduction_resume,
            # The source says test and launch overlap: its phase-3 note labels the overlap.
            note_entremeles=next((p.notes[0] for p in self.vue.phases if p.numero == 3 and p.notes), ""),
            description="Vue d’ensemble : les quatre phases, leurs grandes étapes et la synthèse des compétences.",
        )

    def event(self) -> Output:
        return self._fit(
            "affiche-evenement.pdf",
            "affiches/evenement.html",
            22.0,
            "Raccourcissez le lieu ou le nom de la structure dans le fichier d’atelier, ou choisissez --format a2.",
            Copies(fixe=3),  # town hall, shops, the room
            phases=[(p, phase_identite(p.numero)) for p in self.vue.phases],
            logo=self.vue.atelier.logo.as_uri() if self.vue.atelier and self.vue.atelier.logo else None,
            description="Affiche d’annonce de l’atelier, à afficher en mairie et dans les commerces.",
        )


def build_posters(
    vue: ReferentielTerritorial,
    options: PosterOptions,
    renderer: Renderer,
    progress: Callable[[str], None] | None = None,
) -> list[Output]:
    builder = PosterBuilder(vue, options, renderer)
    jobs: list[tuple[str, Callable[[], Output]]] = [
        (f"affiche-phase-{p.numero}.pdf", lambda p=p: builder.phase_board(p)) for p in vue.phases
    ]
    jobs.append(("affiche-vue-ensemble.pdf", builder.overview))
    if vue.atelier is not None:
        jobs.append(("affiche-evenement.pdf", builder.event))
    results = []
    for name, job in jobs:
        if progress:
            progress(name)
        results.append(job())
    return results
