"""Word worksheets for a territory: competences (read back after the workshop), actors,
action plan, and the facilitator's guide.

Every document is stamped (core properties) with the referential's version
and hash and the territory, so that the read-back can refuse a worksheet
made from another referential.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from docx.shared import Pt

from . import __version__
from .agenda import agenda, date_fr, heure_fr, sub_groups
from .docx_tools import (
    INSTRUCTION_STYLE,
    add_field,
    add_row,
    add_table,
    muted,
    new_document,
    set_landscape,
    to_bytes,
    xml_safe,
)
from .contract import Copies, Faces, Kind, Output, PrintSettings, Stock
from .plan import Plan, make_plan
from .slugs import slugify
from .territoire import ReferentielTerritorial
from .worksheet_format import BLANK_ROWS, COLUMN_WIDTHS, COLUMNS, STATUTS

ROW_HEIGHT_MM = 12.0  # room for handwriting
ACTION_COLUMNS = ["Compétence (n° et intitulé)", "Que faire ? (trouver, former, recruter, s’associer)", "Piste, porteur possible", "Échéance", "Qui suit ?"]
ACTION_WIDTHS = [80.0, 62.0, 55.0, 30.0, 40.0]
BLANK_ACTORS = 4


class WorksheetBuilder:
    def __init__(self, vue: ReferentielTerritorial, plan: Plan) -> None:
        self.vue = vue
        self.plan = plan
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
        props.author = xml_safe(self.atelier.structure_porteuse if self.atelier and self.atelier.structure_porteuse else "ateliers")
        props.subject = xml_safe(f"Référentiel « {self.ref.titre} », version {self.ref.version}")
        props.version = self.ref.version
        props.identifier = f"sha256:{self.ref.empreinte}"
        props.category = xml_safe(self.territoire or "générique")
        props.keywords = xml_safe(
            f"ateliers; referentiel={self.ref.version}; empreinte={self.ref.empreinte}; territoire={self.territoire or ''}"
        )
        props.comments = xml_safe(f"Produit par ateliers {__version__} à partir du référentiel {self.ref.version}.")
        props.language = "fr-FR"
        props.created = dt.datetime(2000, 1, 1)  # stable output: the date lives in the workshop file
        props.modified = dt.datetime(2000, 1, 1)
        props.revision = 1
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
        add_field(footer, "PAGE")
        footer.add_run(" / ").font.size = Pt(8)
        add_field(footer, "NUMPAGES")
        tail = footer.add_run(xml_safe(f"   ·   {self.ref.source.credit}   ·   référentiel {self.ref.version}"))
        tail.font.size = Pt(8)
        muted(tail)

    def _entry(
        self, name: str, document, purpose: str, copies: Copies, kind: Kind = Kind.fiche, paysage: bool = False
    ) -> Output:
        data = to_bytes(document)
        faces = Faces.long if kind is Kind.guide else Faces.recto  # worksheets are written on: one side
        return Output(name, data, 0, kind, purpose, PrintSettings("A4", Stock.bureau, faces, paysage), copies)

    # ------------------------------------------------------------------ competences

    def competences(self) -> Output:
        document = self._document("Fiche compétences — qui les détient sur notre territoire ?", landscape=True)
        for index, phase in enumerate(self.vue.phases):
            section = document.sections[0] if index == 0 else document.add_section()
            set_landscape(section)
            self._header_footer(section)
            document.add_heading(xml_safe(f"Phase {phase.numero} — {phase.nom}"), level=1)
            instruction = document.add_paragraph(style=INSTRUCTION_STYLE)
            instruction.add_run(
                "Pour chaque compétence, notez qui la détient sur le territoire (un acteur par ligne de la case, "
                "ou plusieurs séparés par des virgules), son type, un contact, et le statut. "
                "Les lignes vides en fin de tableau servent aux compétences que le groupe ajoute."
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
        return self._entry(
            f"fiche-competences{self.suffix}.docx",
            document,
            "La fiche que chaque sous-groupe remplit : qui détient chaque compétence ; relue après l’atelier pour la carte des compétences.",
            Copies(fixe=1, par_sous_groupe=1),  # one per sub-group, one for the facilitator
            paysage=True,
        )

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
        for acteur in acteurs + [None] * BLANK_ACTORS:
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
        return self._entry(
            f"fiche-acteurs{self.suffix}.docx", document, "Une fiche par acteur connu, et des fiches vierges.", Copies(fixe=2)
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
            Copies(fixe=2),
            paysage=True,
        )

    # ------------------------------------------------------------------ facilitator's guide

    def guide(self) -> Output:
        a = self.atelier
        groupes = sub_groups(a.nombre_sous_groupes if a else None, a.nombre_participants if a else None)
        participants = a.nombre_participants if a and a.nombre_participants else groupes * 6
        phases = list(self.vue.phases)
        sequences = agenda(a.heure_debut if a else None, [p.titre for p in phases], groupes)
        document = self._document("Guide d’animation", landscape=False)
        self._header_footer(document.sections[0])

        document.add_heading("Guide d’animation — en un coup d’œil", level=1)
        p = document.add_paragraph()
        p.add_run("Question de l’atelier : ").bold = True
        p.add_run("« Qui, sur notre territoire, détient cette compétence ? »")
        facts = [
            ("Territoire", self.territoire or "à compléter"),
            ("Date et heure", self.quand or "à compléter"),
            ("Lieu", a.lieu if a and a.lieu else "à compléter"),
            ("Animation", ", ".join(a.animation) if a and a.animation else "à compléter"),
            ("Participants et sous-groupes", f"{participants} participants, {groupes} sous-groupes"),
            ("Phases travaillées", ", ".join(p.titre for p in phases)),
        ]
        table = add_table(document, None, [55.0, 125.0])
        for label, value in facts:
            add_row(document, table, [label, value], [55.0, 125.0], bold_first=True)
        document.add_heading("Déroulé", level=2)
        widths = [38.0, 52.0, 90.0]
        table = add_table(document, ["Horaire", "Séquence", "Contenu"], widths)
        for seq in sequences:
            add_row(
                document, table, [f"{heure_fr(seq.debut)} – {heure_fr(seq.fin)}", seq.titre, seq.detail], widths, bold_first=True
            )
        end = sequences[-1].fin if sequences else None
        if end:
            document.add_paragraph(xml_safe(f"Fin prévue : {heure_fr(end)}. Prévoyez dix minutes de marge."), style=INSTRUCTION_STYLE)

        document.add_page_break()
        document.add_heading("Matériel", level=1)
        widths = [95.0, 30.0, 55.0]
        table = add_table(document, ["Matériel", "Quantité", "Remarque"], widths)
        materiel = [
            ("Jeu de cartes « Compétences » (cartes-competences.pdf)", groupes, "un par sous-groupe"),
            ("Jeu de cartes « Grandes étapes » (cartes-etapes.pdf)", groupes, "un par sous-groupe"),
            ("Jeu de cartes « Synthèse » (cartes-synthese.pdf)", 1, "pour le débat final"),
            ("Cartes à remplir : acteurs et compétences à ajouter", groupes, "une feuille par sous-groupe"),
            ("Tableau mural de phase (affiche-phase-N.pdf, A3)", len(phases), "un par phase travaillée"),
            ("Vue d’ensemble (affiche-vue-ensemble.pdf, A3)", 1, "au mur pendant toute la séance"),
            ("Fiche compétences (fiche-competences…docx)", groupes + 1, "une par sous-groupe, une pour l’animation"),
            ("Fiche acteurs et plan d’action", 2, "pour la mise en commun"),
            ("Blocs de post-it de trois couleurs", groupes * 3, "porteur de projet / acteur du territoire / à trouver"),
            ("Feutres", max(participants, groupes * 2), "un par personne"),
            ("Pâte adhésive ou ruban de masquage", 1, "pour les affiches et les cartes"),
        ]
        if a is not None:  # the event poster exists only for a territory
            materiel.insert(6, ("Affiche d’annonce (affiche-evenement.pdf)", 3, "mairie, commerces, lieu de l’atelier"))
        for label, quantity, note in materiel:
            add_row(document, table, [label, str(quantity), note], widths)

        document.add_heading("Imprimer", level=2)
        widths = [60.0, 120.0]
        table = add_table(document, ["Support", "Réglages"], widths)
        for label, how in [
            ("Cartes", "A4, 100 % (taille réelle, jamais « ajuster »), recto-verso retournement sur le bord long, papier 250 à 300 g/m². Découper au massicot en suivant les traits de coupe."),
            ("Calibrage", "Si les versos sont décalés : imprimer cartes-calibrage.pdf et relancer avec --decalage-verso."),
            ("Affiches", "A3 (ou A2, A1 chez un imprimeur), 100 %, papier 90 à 120 g/m²."),
            ("Fiches Word", "A4, recto seul ; paysage pour la fiche compétences et le plan d’action."),
        ]:
            add_row(document, table, [label, how], widths, bold_first=True)

        document.add_heading("Pas à pas", level=1)
        script = [
            (
                "Accueil",
                "Accueillez chacun, faites un tour de table rapide et rappelez pourquoi l’on est là : un projet de conciergerie "
                "de territoire a besoin de compétences que porte souvent un maillage d’acteurs, pas une seule personne.",
                ["Qui êtes-vous, quelle structure représentez-vous ?", "Qu’attendez-vous de cet atelier ?"],
                "Des retardataires : commencez à l’heure, ils rejoignent un sous-groupe au tri des cartes.",
            ),
            (
                "Présentation du référentiel",
                "Montrez la vue d’ensemble : les quatre phases (émergence, test, lancement, fonctionnement), leurs grandes étapes, "
                "et la question de l’atelier. Précisez que test et lancement se chevauchent souvent.",
                ["Où en est notre projet aujourd’hui ?"],
                "Le débat part sur le projet lui-même : notez les idées sur une affiche « parking » et revenez aux compétences.",
            ),
            (
                "Tri des cartes en sous-groupes",
                "Chaque sous-groupe reçoit les cartes de compétences de sa phase, le tableau mural de cette phase (au mur ou à plat "
                "sur la table) et des cartes « Acteur » ou des post-it. Lisez chaque carte ensemble : qui, sur le territoire, "
                "détient cette compétence ? Posez-la dans l’une des trois colonnes du tableau : « porté par le porteur de projet », "
                "« détenu par un acteur du territoire » ou « à trouver ». À côté d’une carte de la colonne du milieu, posez un post-it "
                "ou une carte « Acteur » pour chaque acteur qui la détient, son nom écrit en gros. Reportez les noms sur la fiche compétences.",
                ["Qui fait déjà cela, même sous un autre nom ?", "Est-ce une personne, une structure, un réseau ?"],
                "Un sous-groupe bloque sur une carte : posez-la dans « à trouver », on y reviendra à la mise en commun.",
            ),
            (
                "Mise en commun devant les tableaux",
                "Chaque sous-groupe présente son tableau au mur, colonne par colonne : ce que porte le porteur de projet, "
                "les acteurs du territoire qui détiennent les compétences, ce qui reste à trouver.",
                ["Qu’est-ce qui vous a surpris ?", "Quelles compétences reposent sur un seul acteur ?"],
                "Le temps manque : chaque sous-groupe ne présente que ses trois cartes « à trouver » les plus importantes.",
            ),
            (
                "Débat : ce qui manque, ce qui est fragile",
                "Parcourez les colonnes « à trouver » et les cartes à côté desquelles un seul acteur est posé. Complétez la fiche acteurs.",
                ["Qui pourrait être formé ou recruté ?", "Quel partenaire pourrait s’associer ?"],
                "Une personne monopolise la parole : donnez la parole par sous-groupe, un tour chacun.",
            ),
            (
                "Suites",
                "Remplissez le plan d’action : une ligne par manque, une personne qui suit. Annoncez quand la carte des compétences "
                "du territoire, établie à partir des fiches compétences remplies, sera envoyée.",
                ["Qui contacte qui, et d’ici quand ?"],
                "Personne ne se propose : l’animation prend l’action et la date de la prochaine rencontre.",
            ),
        ]
        for title, how, questions, recovery in script:
            document.add_heading(title, level=2)
            document.add_paragraph(how)
            for question in questions:
                document.add_paragraph(question, style="List Bullet")
            p = document.add_paragraph(style=INSTRUCTION_STYLE)
            p.add_run("Si cela se passe mal : ").bold = True
            p.add_run(recovery)

        tips = next((g for g in self.ref.resume if g.id == "R-AST"), None)
        if tips:
            document.add_heading("Astuces et conseils du référentiel", level=1)
            document.add_paragraph(
                "Le référentiel rappelle ces astuces au porteur de projet ; elles valent aussi pour l’animation :",
                style=INSTRUCTION_STYLE,
            )
            for element in tips.elements:
                document.add_paragraph(xml_safe(element.texte), style="List Bullet")
        return self._entry(
            f"guide-animation{self.suffix}.docx",
            document,
            "Le guide d’animation : ce qu’il faut imprimer et acheter, le déroulé, le matériel et le pas-à-pas.",
            Copies(fixe=1),
            Kind.guide,
        )


def build_worksheets(
    vue: ReferentielTerritorial, progress: Callable[[str], None] | None = None, plan: Plan | None = None
) -> list[Output]:
    """The three worksheets and the guide; the guide follows ``plan`` (default options if none)."""
    builder = WorksheetBuilder(vue, plan or make_plan(vue))
    results = []
    from .worksheets_xlsx import competences_xlsx

    for job in (builder.competences, lambda: competences_xlsx(vue), builder.acteurs, builder.plan_action, builder.guide):
        result = job()
        if progress:
            progress(result.fichier)
        results.append(result)
    return results

