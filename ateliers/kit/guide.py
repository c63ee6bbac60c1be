"""The facilitator's guide (Word): the print checklist, the workshop at a glance, the running
order drawn from the plan, the step-by-step and the materials, with the worksheets' document parts."""

from __future__ import annotations

from collections.abc import Callable

from ..contract import SIDES_WORDS, STOCK_NAMES, Copies, Kind, Output, PrintSettings, Sides, Stock
from ..entrees.territoire import ReferentielTerritorial
from ..fiches.docx_tools import COMPACT_CELL_STYLE, INSTRUCTION_STYLE, add_row, add_table, new_page, shade, xml_safe
from ..fiches.word import WorksheetBuilder, build_worksheets
from ..impression.typography import duree, heure_fr, phases_counted, plural
from .guide_salle import lot_text, room_paragraphs
from .plan import ACTOR_SPOTS, POSTIT_BLOCKS, PUTTY_PER_PACK, Checklist, Plan, checklist, make_plan, printing_order
from ..affiches.record import zone_statuses

GUIDE_PRINT = PrintSettings("A4", Stock.bureau, Sides.long)
GUIDE_USUAL_PAGES = 8


def copies_text(parts: tuple[tuple[str, int], ...] | list[tuple[str, int]], copies: int) -> str:
    """« 4 », or for a file printed per phase « pages 1 à 4 (phase 1) : 1 · … »."""
    return " · ".join(f"{label} : {n}" for label, n in parts) if parts else str(copies)


class GuideBuilder(WorksheetBuilder):
    """The guide follows the workshop's plan; it shares the worksheets' page set-up and stamp."""

    def __init__(self, vue: ReferentielTerritorial, plan: Plan) -> None:
        super().__init__(vue, plan.participants)
        self.plan = plan

    def guide(self, others: list[Output], pages: int = 0) -> Output:
        """The facilitator's guide: the print checklist first, then the workshop at a glance,
        the material per sub-group, the step-by-step. Every quantity comes from the plan and
        the records (``others``: the worksheets; the PDFs are the plan's expected prints)."""
        plan = self.plan
        document = self._document("Guide d’animation", landscape=False)
        self._header_footer(document.sections[0])
        own = Output(f"guide-animation{self.suffix}.docx", b"", pages, Kind.guide, "", GUIDE_PRINT, Copies(fixed=1), pages_estimated=True)
        self._checklist_page(document, checklist(plan, [own, *plan.prints, *others]))
        self._at_a_glance(document)
        self._materials(document, [*plan.prints, *others])
        document.add_heading("Pas à pas", level=1)
        script = [
            (
                "Accueil",
                "Accueillez chacun, faites un tour de table rapide et rappelez pourquoi l’on est là : "
                f"{self.ref.projet.designation} a besoin de compétences que porte souvent un maillage d’acteurs, pas une seule personne.",
                ["Qui êtes-vous, quelle structure représentez-vous ?", "Qu’attendez-vous de cet atelier ?"],
                "Des retardataires : commencez à l’heure, ils rejoignent un sous-groupe au tri des cartes.",
            ),
            (
                "Présentation du référentiel",
                f"Montrez la vue d’ensemble : {self._phases_shown()}, leurs grandes étapes, et la question de l’atelier."
                + (" Précisez que test et lancement se chevauchent souvent." if self._test_and_launch() else "")
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
        room = room_paragraphs(plan)
        for title, how, questions, recovery in script:
            document.add_heading(title, level=2)
            document.add_paragraph(how)
            for lead, text in room.get(title, []):
                p = document.add_paragraph()
                p.add_run(xml_safe(lead)).bold = True
                p.add_run(xml_safe(text))
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
            Copies(fixed=1),
            Kind.guide,
            settings=GUIDE_PRINT,  # read, not written on: both sides
        )

    # ------------------------------------------------------------------ the guide's parts

    def _test_and_launch(self) -> bool:
        """The source's phases « test » and « lancement », which overlap, are both worked (by their names:
        another referential's phases 2 and 3 are something else)."""
        names = {p.numero: p.nom.casefold() for p in self.vue.phases}
        return "test" in names.get(2, "") and "lancement" in names.get(3, "")

    def _overview_advice(self) -> str:
        """On A3 the overview is read from close by, not from across the room (12–13 pt text)."""
        overview = next((o for o in self.plan.prints if o.path == "affiche-vue-ensemble.pdf"), None)
        if overview is None or overview.printing is None or overview.printing.paper != "A3":
            return ""
        return " En A3, elle se lit de près : réunissez le groupe devant elle (pour toute la salle, choisissez A1 dans « Format des affiches »)."

    def _phases_shown(self) -> str:
        """The phases the overview shows, in words: « les 4 phases (l’émergence, …) »."""
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
                    f"Imprimez {', '.join(liste.d_abord)} une fois en recto-verso ({SIDES_WORDS[plan.sides].removeprefix('recto-verso, ')})"
                    f"{', en paysage,' if plan.cartes_paysage else ''} "
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
            lots = ", puis ".join(lot_text(plan, lot) for lot in group.lots) or ", puis ".join(plan.titres[n] for n in group.phases) or "aucune"
            add_row(
                document,
                table,
                [
                    f"Sous-groupe {group.numero}",
                    f"{lots}. Pour chaque phase : ses cartes « Compétences » et « Grandes étapes », son tableau mural "
                    "et les pages de sa phase de la fiche compétences. "
                    "Pour la séance : un jeu de cartes à remplir (cartes « Acteur » et « Compétence à ajouter »), "
                    f"des feutres pour écrire les noms dans les cases des tableaux, {plural(POSTIT_BLOCKS, 'bloc')} de post-it.",
                ],
                widths,
                bold_first=True,
            )
        document.add_heading("Documents imprimés", level=2)
        widths = [62.0, 36.0, 82.0]
        table = add_table(document, ["Fichier", "Exemplaires", "À quoi il sert"], widths)
        for record in printing_order(records):
            if record.printing is None or record.kind is Kind.guide:
                continue
            add_row(document, table, [record.path, copies_text(plan.copies_by_part(record), plan.copies(record)), record.purpose], widths)
        document.add_heading("Fournitures", level=2)
        widths = [95.0, 30.0, 55.0]
        table = add_table(document, ["Fourniture", "Quantité", "Remarque"], widths)
        for label, quantity, note in [
            (
                "Blocs de post-it 76 × 76 mm (100 feuilles)",
                plan.postits,
                f"un par sous-groupe : les noms s’écrivent au feutre dans les cases des tableaux ({ACTOR_SPOTS} par carte) ; "
                "un post-it sert pour un quatrième acteur ou une correction",
            ),
            ("Feutres", plan.feutres, "un par personne : les noms dans les cases des tableaux et sur les cartes se lisent de loin"),
            ("Stylos", plan.groupes, "un par sous-groupe, pour la fiche compétences : ses cases sont faites pour l’écriture fine"),
            (
                f"Pâte adhésive (« pâte à fixe »), paquets de {PUTTY_PER_PACK} pastilles",
                plan.pate_paquets,
                f"{plan.pate_pastilles} pastilles : une par carte posée sur un tableau (compétences, grandes étapes, cartes « Acteur »), "
                "et une marge ; les cartes épaisses ne tiennent pas avec la colle des post-it",
            ),
            ("Ruban de masquage", 1, "pour les affiches"),
        ]:
            add_row(document, table, [label, str(quantity), note], widths)


def worksheets_and_guide(vue: ReferentielTerritorial, progress: Callable[[str], None] | None = None, plan: Plan | None = None) -> list[Output]:
    """The worksheets, then the guide, which follows ``plan`` (default options if none) and lists them."""
    plan = plan or make_plan(vue)
    results = build_worksheets(vue, plan.participants, progress)
    builder = GuideBuilder(vue, plan)
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
        progress(guide.path)
    return results
