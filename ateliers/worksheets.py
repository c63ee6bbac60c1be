"""Word worksheets for a territory: competences (read back after the workshop), actors,
action plan, and the facilitator's guide.

Every document is stamped (core properties) with the referential's version
and hash and the territory, so that the read-back can refuse a worksheet
made from another referential.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.shared import Pt

from . import __version__
from .agenda import date_fr, duree, heure_fr, phases_counted
from .typography import plural
from .docx_tools import (
    COMPACT_CELL_STYLE,
    INSTRUCTION_STYLE,
    add_field,
    add_row,
    add_table,
    estimate_pages,
    keep_table_together,
    muted,
    new_document,
    new_page,
    set_landscape,
    shade,
    to_bytes,
    xml_safe,
)
from .contract import FACES_WORDS, STOCK_NAMES, Copies, Faces, Kind, Output, PrintSettings, Stock
from .plan import POSTIT_BLOCKS, Checklist, Plan, checklist, make_plan, printing_order
from .provenance import provenance
from .slugs import slugify
from .territoire import ReferentielTerritorial
from .worksheet_format import BLANK_ROWS, COLUMN_WIDTHS, COLUMNS, STATUTS
from .affiches.record import zone_statuses

ROW_HEIGHT_MM = 12.0  # room for handwriting
ACTION_COLUMNS = ["Compétence (n° et intitulé)", "Que faire ? (trouver, former, recruter, s’associer)", "Piste, porteur possible", "Échéance", "Qui suit ?"]
ACTION_WIDTHS = [80.0, 62.0, 55.0, 30.0, 40.0]
BLANK_ACTORS = 4


GUIDE_PRINT = PrintSettings("A4", Stock.bureau, Faces.long)


def copies_text(parts: tuple[tuple[str, int], ...] | list[tuple[str, int]], copies: int) -> str:
    """« 4 », or for a file printed per phase « pages 1 à 4 (phase 1) : 1 · … »."""
    return " · ".join(f"{label} : {n}" for label, n in parts) if parts else str(copies)


class WorksheetBuilder:
    def __init__(self, vue: ReferentielTerritorial, plan: Plan) -> None:
        self.vue = vue
        self.plan = plan
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
        self, name: str, document, purpose: str, copies: Copies, kind: Kind = Kind.fiche, paysage: bool = False
    ) -> Output:
        data = to_bytes(document, self.provenance.date)
        # Worksheets are written on: one side; the guide is read: both.
        settings = GUIDE_PRINT if kind is Kind.guide else PrintSettings("A4", Stock.bureau, Faces.recto, paysage)
        return Output(
            name,
            data,
            estimate_pages(document),
            kind,
            purpose,
            settings,
            copies,
            pages_estimees=True,
        )

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
                "Les lignes vides en fin de tableau servent aux compétences que le groupe ajoute. "
                "Une carte posée dans « porté par le porteur de projet » : écrivez « Porteur de projet » et le statut « détenue »."
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
            keep_table_together(table)  # an actor's sheet is cut out whole: never across two pages
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

    def guide(self, others: list[Output], pages: int = 0) -> Output:
        """The facilitator's guide: the print checklist first, then the workshop at a glance,
        the material per sub-group, the step-by-step. Every quantity comes from the plan and
        the records (``others``: the worksheets; the PDFs are the plan's expected prints)."""
        plan = self.plan
        document = self._document("Guide d’animation", landscape=False)
        self._header_footer(document.sections[0])
        own = Output(f"guide-animation{self.suffix}.docx", b"", pages, Kind.guide, "", GUIDE_PRINT, Copies(fixe=1), pages_estimees=True)
        self._checklist_page(document, checklist(plan, [own, *plan.prints, *others]))
        self._at_a_glance(document)
        self._materials(document, [*plan.prints, *others])
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
                f"Montrez la vue d’ensemble : {self._phases_shown()}, leurs grandes étapes, et la question de l’atelier."
                + (" Précisez que test et lancement se chevauchent souvent." if {2, 3} <= set(plan.phases) else "")
                + self._overview_advice(),
                ["Où en est notre projet aujourd’hui ?"],
                "Le débat part sur le projet lui-même : notez les idées sur une affiche « parking » et revenez aux compétences.",
            ),
            (
                "Tri des cartes en sous-groupes",
                "Chaque sous-groupe reçoit les cartes de sa phase (voir « Qui travaille quoi ») : compétences et grandes étapes, "
                "un jeu de cartes à remplir (cartes « Acteur » et « Compétence à ajouter »), sa fiche compétences, le tableau mural de la phase (au mur ou à plat sur la table) "
                "et des feutres. Posez d’abord les cartes « Grandes étapes » en ligne au-dessus du tableau, "
                "dans l’ordre : c’est le chemin de la phase. Lisez chaque carte de compétence ensemble : qui, sur le territoire, "
                "détient cette compétence ? Posez-la dans l’une des quatre zones du tableau, en cascade (seule sa bande du haut dépasse) ; "
                f"chaque zone est un statut de la fiche compétences : {zone_statuses()}. Dans les cases à droite d’une carte, "
                "écrivez au feutre un acteur par case (trois au plus), puis reportez les noms et le statut sur la fiche compétences.",
                ["Qui fait déjà cela, même sous un autre nom ?", "Est-ce une personne, une structure, un réseau ?"],
                "Un sous-groupe hésite sur une carte : posez-la dans « En partie / à vérifier », pas dans « À trouver » ; on y reviendra à la mise en commun.",
            ),
            (
                "Mise en commun devant les tableaux",
                "Chaque sous-groupe présente son tableau au mur, zone par zone : ce que porte le porteur de projet, "
                "les acteurs du territoire qui détiennent les compétences, ce qui est en partie ou à vérifier, ce qui reste à trouver.",
                ["Qu’est-ce qui vous a surpris ?", "Quelles compétences reposent sur un seul acteur ?"],
                "Le temps manque : chaque sous-groupe ne présente que ses trois cartes « à trouver » les plus importantes.",
            ),
            (
                "Débat : ce qui manque, ce qui est fragile",
                "Parcourez les colonnes « à trouver » et les cartes à côté desquelles un seul acteur est posé. Étalez les cartes "
                "« Synthèse » (les compétences clés du référentiel) : lesquelles le territoire réunit-il, lesquelles manquent ? "
                "Complétez la fiche acteurs.",
                ["Qui pourrait être formé ou recruté ?", "Quel partenaire pourrait s’associer ?"],
                "Une personne monopolise la parole : donnez la parole par sous-groupe, un tour chacun.",
            ),
            (
                "Suites",
                "Remplissez le plan d’action : une ligne par manque, une personne qui suit. Annoncez quand la carte des compétences "
                "du territoire sera envoyée : elle est faite à partir des fiches compétences remplies, saisies dans "
                "l’onglet « Après l’atelier » de l’application.",
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

    # ------------------------------------------------------------------ the guide's parts

    def _overview_advice(self) -> str:
        """On A3 the overview is read from close by, not from across the room (12–13 pt text)."""
        overview = next((o for o in self.plan.prints if o.fichier == "affiche-vue-ensemble.pdf"), None)
        if overview is None or overview.impression is None or overview.impression.papier != "A3":
            return ""
        return " En A3, elle se lit de près : réunissez le groupe devant elle (pour toute la salle, choisissez A1 dans « Format des affiches »)."

    def _phases_shown(self) -> str:
        """The phases the overview shows, in words: « les quatre phases (l’émergence, …) »."""
        names = [p.nom[:1].lower() + p.nom[1:] for p in self.vue.phases]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]
        if len(names) == len(self.ref.phases):
            counted = phases_counted(len(names))
        else:
            counted = "la phase travaillée" if len(names) == 1 else "les phases travaillées"
        return f"{counted} ({listed})"

    def _checklist_page(self, document, liste: Checklist) -> None:
        plan = self.plan
        document.add_heading("Avant l’atelier : la liste d’impression", level=1)
        document.add_paragraph(
            xml_safe(
                f"Quantités prévues pour {plural(plan.groupes, 'sous-groupe')} et {plural(plan.participants, 'participant')}, "
                "exemplaires compris (fiches Word : d’après leur nombre de pages estimé). "
                "Imprimez toujours à 100 % (taille réelle), jamais « ajuster à la page »."
            ),
            style=INSTRUCTION_STYLE,
        )
        document.add_heading("1. Papier à acheter", level=2)
        widths = [60.0, 30.0, 50.0, 40.0]
        table = add_table(document, ["Papier", "Format", "Grammage", "Feuilles"], widths)
        for line in liste.papier:
            where = f", {line.lieu}" if line.lieu else ""  # « chez un imprimeur »: the large formats
            add_row(document, table, [STOCK_NAMES[line.stock].capitalize() + where, line.papier, line.grammage, str(line.feuilles)], widths)
        for line in liste.papier_variantes:  # the tiles: bought instead of the print shop's boards
            label = f"{STOCK_NAMES[line.stock].capitalize()}, pour les tuiles (au lieu des tableaux)"
            add_row(document, table, [label, line.papier, line.grammage, str(line.feuilles)], widths)
        step = 2
        if liste.d_abord:
            document.add_heading(f"{step}. À imprimer d’abord : la feuille de calibrage", level=2)
            document.add_paragraph(
                xml_safe(
                    f"Imprimez {', '.join(liste.d_abord)} une fois en recto-verso ({FACES_WORDS[plan.faces].removeprefix('recto-verso, ')}) "
                    "sur le papier des cartes et regardez-la à contre-jour : si la croix du recto ne tombe pas sur le zéro du verso, "
                    "notez le décalage lu dans « Décalage des versos » (onglet « Le kit ») et refaites le kit."
                )
            )
            step += 1
        document.add_heading(f"{step}. Réglages de l’imprimante, fichier par fichier", level=2)
        widths = [92.0, 70.0, 18.0]
        table = add_table(document, ["Fichier", "Exemplaires", "Feuilles"], widths, COMPACT_CELL_STYLE)
        settings = None
        for line in liste.lignes:
            if line.reglages != settings:  # one heading row per printer setting
                settings = line.reglages
                row = add_row(document, table, [settings, "", ""], widths, bold_first=True, cell_style=COMPACT_CELL_STYLE)
                row.cells[0].merge(row.cells[2])
                shade(row.cells[0], "F2F2F2")
            copies = copies_text(line.par_phase, line.exemplaires)
            name = f"{line.fichier} (remplace {line.variante_de})" if line.variante_de else line.fichier
            add_row(document, table, [name, copies, str(line.feuilles)], widths, cell_style=COMPACT_CELL_STYLE)
        step += 1
        if liste.decoupe_minutes:
            # One paragraph rather than a heading: the checklist stays short (one page, two with the boards' tiles).
            p = document.add_paragraph()
            p.add_run(f"{step}. Découpe des cartes\u00a0: ").bold = True
            p.add_run(xml_safe(f"environ {duree(liste.decoupe_minutes)} au massicot, en suivant les traits de coupe, pour toutes les cartes."))

    def _at_a_glance(self, document) -> None:
        a = self.atelier
        plan = self.plan
        new_page(document.add_heading("Guide d’animation — en un coup d’œil", level=1))
        p = document.add_paragraph()
        p.add_run("Question de l’atelier : ").bold = True
        p.add_run("« Qui, sur notre territoire, détient cette compétence ? »")
        facts = [
            ("Territoire", self.territoire or "à compléter"),
            ("Date et heure", self.quand or "à compléter"),
            ("Lieu", a.lieu if a and a.lieu else "à compléter"),
            ("Animation", ", ".join(a.animation) if a and a.animation else "à compléter"),
            ("Participants et sous-groupes", f"{plural(plan.participants, 'participant')}, {plural(plan.groupes, 'sous-groupe')}"),
            ("Phases travaillées", ", ".join(plan.titres[n] for n in plan.phases)),
        ]
        table = add_table(document, None, [55.0, 125.0])
        for label, value in facts:
            add_row(document, table, [label, value], [55.0, 125.0], bold_first=True)
        document.add_heading("Déroulé", level=2)
        widths = [38.0, 52.0, 90.0]
        table = add_table(document, ["Horaire", "Séquence", "Contenu"], widths)
        for seq in plan.deroule:
            add_row(
                document, table, [f"{heure_fr(seq.debut)} – {heure_fr(seq.fin)}", seq.titre, seq.detail], widths, bold_first=True
            )
        if plan.fin:
            document.add_paragraph(xml_safe(f"Fin prévue : {heure_fr(plan.fin)}. Prévoyez dix minutes de marge."), style=INSTRUCTION_STYLE)

    def _materials(self, document, records: list[Output]) -> None:
        plan = self.plan
        new_page(document.add_heading("Matériel", level=1))
        document.add_heading("Qui travaille quoi", level=2)
        widths = [40.0, 140.0]
        table = add_table(document, ["Sous-groupe", "Phases, dans l’ordre, et ce qu’il reçoit"], widths)
        for group in plan.sous_groupes:
            phases = ", puis ".join(plan.titres[n] for n in group.phases) or "aucune"
            add_row(
                document,
                table,
                [
                    f"Sous-groupe {group.numero}",
                    f"{phases}. Pour chaque phase : ses cartes « Compétences » et « Grandes étapes » et son tableau mural. "
                    "Pour la séance : un jeu de cartes à remplir (cartes « Acteur » et « Compétence à ajouter »), une fiche compétences, "
                    f"{plural(POSTIT_BLOCKS, 'bloc')} de post-it pour les noms des acteurs, des feutres.",
                ],
                widths,
                bold_first=True,
            )
        document.add_heading("Documents imprimés", level=2)
        widths = [62.0, 36.0, 82.0]
        table = add_table(document, ["Fichier", "Exemplaires", "À quoi il sert"], widths)
        for record in printing_order(records):
            if record.impression is None or record.kind is Kind.guide:
                continue
            add_row(document, table, [record.fichier, copies_text(plan.copies_by_part(record), plan.copies(record)), record.purpose], widths)
        document.add_heading("Fournitures", level=2)
        widths = [95.0, 30.0, 55.0]
        table = add_table(document, ["Fourniture", "Quantité", "Remarque"], widths)
        for label, quantity, note in [
            ("Blocs de post-it 76 × 76 mm", plan.postits, "un nom d’acteur par post-it, à côté de sa carte ; les colonnes du tableau disent le reste"),
            ("Feutres", plan.feutres, "un par personne : les noms sur les post-it et les cartes se lisent de loin"),
            ("Stylos", plan.groupes, "un par sous-groupe, pour la fiche compétences : ses cases sont faites pour l’écriture fine"),
            ("Pâte adhésive (« pâte à fixe »)", 1, "les cartes épaisses ne tiennent pas avec la colle des post-it"),
            ("Ruban de masquage", 1, "pour les affiches"),
        ]:
            add_row(document, table, [label, str(quantity), note], widths)


GUIDE_USUAL_PAGES = 6


def build_worksheets(
    vue: ReferentielTerritorial, progress: Callable[[str], None] | None = None, plan: Plan | None = None
) -> list[Output]:
    """The three worksheets and the guide; the guide follows ``plan`` (default options if none)."""
    builder = WorksheetBuilder(vue, plan or make_plan(vue))
    results = []
    from .worksheets_xlsx import competences_xlsx

    for job in (builder.competences, lambda: competences_xlsx(vue), builder.acteurs, builder.plan_action):
        results.append(job())
        if progress:
            progress(results[-1].fichier)
    # The guide counts its own sheets: built again until the count it prints is its own
    # (first with the usual count, so that it is most often built once).
    printed = GUIDE_USUAL_PAGES
    guide = builder.guide(results, printed)
    for _ in range(3):
        if guide.pages == printed:
            break
        printed = guide.pages
        guide = builder.guide(results, printed)
    results.append(guide)
    if progress:
        progress(guide.fichier)
    return results

