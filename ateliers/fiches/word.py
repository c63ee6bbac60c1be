"""Word worksheets for a territory: competences (read back after the workshop), actors and
action plan (the facilitator's guide, built on the same document parts, is kit/guide.py).

Every document is stamped (core properties) with the referential's version
and hash and the territory, so that the read-back can refuse a worksheet
made from another referential.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace

from docx.shared import Pt

from .. import __version__
from ..impression.typography import date_fr, heure_fr
from .docx_tools import INSTRUCTION_STYLE, add_field, add_row, add_table, estimate_pages, keep_table_together, muted, new_document, set_landscape, to_bytes, xml_safe
from ..contract import Copies, Kind, Output, Part, PrintSettings, Sides, Stock
from ..entrees.provenance import provenance
from ..fichiers.slugs import slugify
from ..entrees.territoire import ReferentielTerritorial
from .format import BLANK_ROWS, COLUMN_WIDTHS, COLUMNS, STATUTS

ROW_HEIGHT_MM = 12.0  # room for handwriting
ACTION_COLUMNS = ["Compétence (n° et intitulé)", "Que faire ? (trouver, former, recruter, s’associer)", "Piste, porteur possible", "Échéance", "Qui suit ?"]
ACTION_WIDTHS = [80.0, 62.0, 55.0, 30.0, 40.0]
BLANK_ACTORS = 4  # blank actor forms, at least
ACTORS_PER_PARTICIPANT = 0.75  # a room cites about three new actors for four people (40 people: 30)


def blank_actors(participants: int) -> int:
    """Blank forms for the actors the room will cite, sized from the participants."""
    return max(BLANK_ACTORS, math.ceil(participants * ACTORS_PER_PARTICIPANT))


class WorksheetBuilder:
    def __init__(self, vue: ReferentielTerritorial, participants: int) -> None:
        self.vue = vue
        self.participants = participants  # the room's size: blank actor forms for those it will cite
        self.provenance = provenance(vue)
        self.ref = vue.referentiel
        self.atelier = vue.atelier
        a = self.atelier
        self.territoire = a.territoire if a else None
        self.suffix = f"-{slugify(a.territoire, default='territoire')}" if a else ""
        self.quand = " · ".join(
            filter(None, [date_fr(a.date) if a and a.date else None, heure_fr(a.heure_debut) if a and a.heure_debut else None])
        )

    # ------------------------------------------------------------------ common parts

    def _document(self, title: str, landscape: bool):
        document = new_document()
        set_landscape(document.sections[0], landscape)
        props = document.core_properties
        props.title = xml_safe(title)
        props.author = xml_safe(self.provenance.auteur)
        props.subject = xml_safe(f"Référentiel « {self.ref.titre} », version {self.ref.version}")
        props.version = self.ref.version
        props.identifier = f"sha256:{self.ref.empreinte}"
        props.category = xml_safe(self.territoire or "générique")
        props.keywords = xml_safe(
            f"ateliers; referentiel={self.ref.version}; empreinte={self.ref.empreinte}; territoire={self.territoire or ''}"
        )
        props.comments = xml_safe(f"Produit par ateliers {__version__} à partir du référentiel {self.ref.version}.")
        props.language = "fr-FR"
        return document

    def _header_footer(self, section) -> None:
        header = section.header.paragraphs[0]
        header.text = ""
        a = self.atelier
        parts = [
            f"Territoire : {self.territoire or '_' * 30}",
            f"Date : {self.quand or '_' * 16}",
            f"Lieu : {(a.lieu if a and a.lieu else '_' * 24)}",
        ]
        header.add_run(xml_safe("   ·   ".join(parts))).font.size = Pt(9)
        footer = section.footer.paragraphs[0]
        footer.text = ""
        run = footer.add_run("Page ")
        run.font.size = Pt(8)
        add_field(footer, "PAGE", size_pt=8)
        footer.add_run(" / ").font.size = Pt(8)
        add_field(footer, "NUMPAGES", size_pt=8)
        tail = footer.add_run(xml_safe(f"   ·   {self.provenance.credit}   ·   référentiel {self.ref.version}"))
        tail.font.size = Pt(8)
        muted(tail)

    def _entry(
        self, name: str, document, purpose: str, copies: Copies, kind: Kind = Kind.fiche, landscape: bool = False,
        settings: PrintSettings | None = None,
    ) -> Output:
        data = to_bytes(document, self.provenance.date)
        # Worksheets are written on: one side (a document read, like the guide, says its own).
        settings = settings or PrintSettings("A4", Stock.bureau, Sides.recto, landscape)
        return Output(
            name,
            data,
            estimate_pages(document),
            kind,
            purpose,
            settings,
            copies,
            pages_estimated=True,
        )

    # ------------------------------------------------------------------ competences

    def competences(self) -> Output:
        """One part per phase, each starting a page: a sub-group prints only its phase's pages
        (named in the print list), the facilitator the whole file."""
        document = self._document("Fiche compétences — qui les détient sur notre territoire ?", landscape=True)
        parts = []
        first = 1
        for index, phase in enumerate(self.vue.phases):
            section = document.sections[0] if index == 0 else document.add_section()
            self._phase_table(document, section, phase)
            # The phase's pages, estimated on the phase alone (each phase starts a page).
            alone = self._document("", landscape=True)
            self._phase_table(alone, alone.sections[0], phase)
            pages = estimate_pages(alone)
            parts.append(Part(phase.numero, first, first + pages - 1))
            first += pages
        output = self._entry(
            f"fiche-competences{self.suffix}.docx",
            document,
            "La fiche que chaque sous-groupe remplit : qui détient chaque compétence ; relue après l’atelier pour la carte des compétences. "
            "Chaque sous-groupe imprime les pages de sa phase ; l’animation, la fiche entière.",
            Copies(fixed=1, per_phase=True),  # each phase's pages once per sub-group on it, plus the facilitator's copy
            landscape=True,
        )
        return replace(output, parts=tuple(parts), pages=max(output.pages, first - 1))

    def _phase_table(self, document, section, phase) -> None:
        set_landscape(section)
        self._header_footer(section)
        document.add_heading(xml_safe(f"Phase {phase.numero} — {phase.nom}"), level=1)
        instruction = document.add_paragraph(style=INSTRUCTION_STYLE)
        instruction.add_run(
            "Pour chaque compétence, notez qui la détient sur le territoire (un acteur par ligne de la case, "
            "ou plusieurs séparés par des virgules), son type, un contact, et le statut. "
            "Les lignes vides en fin de tableau servent aux compétences que le groupe ajoute. "
            "Une carte posée dans « porté par le porteur de projet » : laissez « Qui » vide et choisissez le statut « porteur de projet »."
        )
        statut = document.add_paragraph(style=INSTRUCTION_STYLE)
        statut.add_run("Statut : ").bold = True
        statut.add_run(" · ".join(f"« {name} » : {meaning}" for name, meaning in STATUTS) + ".")
        for note in phase.notes:
            p = document.add_paragraph(style=INSTRUCTION_STYLE)
            p.add_run("Point d’attention : ").bold = True
            p.add_run(xml_safe(note))
        table = add_table(document, COLUMNS, COLUMN_WIDTHS)
        for competence in phase.competences:
            texte = competence.texte + (" (ajoutée par le territoire)" if competence.ajoutee else "")
            add_row(document, table, [competence.id, texte, "", "", "", "", ""], COLUMN_WIDTHS, ROW_HEIGHT_MM, bold_first=True)
        for _ in range(BLANK_ROWS):
            add_row(document, table, [""] * len(COLUMNS), COLUMN_WIDTHS, ROW_HEIGHT_MM)

    # ------------------------------------------------------------------ actors

    def acteurs(self) -> Output:
        document = self._document("Fiche acteurs", landscape=False)
        self._header_footer(document.sections[0])
        document.add_heading("Les acteurs du territoire", level=1)
        document.add_paragraph(
            "Une fiche par acteur : ce qu’il détient, ce qu’il pourrait apporter, et qui prend contact avec lui.",
            style=INSTRUCTION_STYLE,
        )
        acteurs = list(self.atelier.acteurs) if self.atelier else []
        widths = [55.0, 125.0]
        for acteur in acteurs + [None] * blank_actors(self.participants):
            document.add_heading(xml_safe(acteur.nom if acteur else "Nouvel acteur"), level=2)
            table = add_table(document, ["Rubrique", "À compléter"], widths)
            rows = [
                ("Nom", acteur.nom if acteur else ""),
                ("Type", acteur.type.value if acteur else "collectivité · association · entreprise · service public · habitant·e · autre"),
                ("Contact", acteur.contact or "" if acteur else ""),
                ("Compétences détenues (n°)", ""),
                ("Ce que l’acteur pourrait apporter", ""),
                ("Qui le contacte, et quand ?", ""),
            ]
            for label, value in rows:
                add_row(document, table, [label, value], widths, 10.0, bold_first=True)
            keep_table_together(table)  # an actor's sheet is cut out whole: never across two pages
        return self._entry(
            f"fiche-acteurs{self.suffix}.docx",
            document,
            f"Une fiche par acteur connu, et {blank_actors(self.participants)} fiches vierges pour les acteurs que la salle citera.",
            Copies(fixed=1),
        )

    # ------------------------------------------------------------------ action plan

    def plan_action(self) -> Output:
        document = self._document("Plan d’action", landscape=True)
        self._header_footer(document.sections[0])
        document.add_heading("Plan d’action : des manques aux actions", level=1)
        document.add_paragraph(
            "Pour chaque compétence « à trouver » ou « partielle » : que faire (la trouver, former quelqu’un, "
            "recruter, s’associer avec un partenaire), qui pourrait la porter, pour quand, et qui suit l’action.",
            style=INSTRUCTION_STYLE,
        )
        table = add_table(document, ACTION_COLUMNS, ACTION_WIDTHS)
        for _ in range(15):
            add_row(document, table, [""] * len(ACTION_COLUMNS), ACTION_WIDTHS, ROW_HEIGHT_MM)
        return self._entry(
            f"fiche-plan-action{self.suffix}.docx",
            document,
            "Plan d’action à remplir après la mise en commun : des manques aux actions.",
            Copies(fixed=2),
            landscape=True,
        )

    # ------------------------------------------------------------------ facilitator's guide


def build_worksheets(vue: ReferentielTerritorial, participants: int, progress: Callable[[str], None] | None = None) -> list[Output]:
    """The worksheets (the competence one in Word and as a spreadsheet, actors, action plan)."""
    from .tableur import competences_xlsx

    builder = WorksheetBuilder(vue, participants)
    results = []
    for job in (builder.competences, lambda: competences_xlsx(vue), builder.acteurs, builder.plan_action):
        results.append(job())
        if progress:
            progress(results[-1].path)
    return results
