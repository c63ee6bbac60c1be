"""The read-back corpus: what facilitators type into the worksheets, in LibreOffice, case by case.

Plain data, read by the generator (run with the system Python that has LibreOffice's ``uno``)
and by the tests (the project's Python). Each typed value says where it must come back:

- ``id``: on that competence (its holders, type, contact, status or comment);
- ``proposed``: on a competence the group proposes (with every field);
- ``notice``: the reading is a guess; a notice names the file, table and row;
- ``gone``: typed then deleted with tracked changes on: it must appear nowhere.

A value is (row key, column, text, expectation). The row key is a worksheet id (« C1-03 »),
or « +1 », « +2 »… for the blank rows at the end of phase 1's table. Columns are named
by the worksheet's own titles, shortened: N°, Compétence, Qui, Type, Contact, Statut, Commentaire.
"""

from __future__ import annotations

QUI, TYPE, CONTACT, STATUT, COMMENTAIRE, NUMERO, COMPETENCE = "Qui", "Type", "Contact", "Statut", "Commentaire", "N°", "Compétence"

# Statuses as they are typed (ticks, crosses, doubts), actors with commas and « et »,
# one type per actor line, a proposed competence with every field.
FILLED = [
    ("C1-01", QUI, "Mairie de Saint-Julien-du-Vallon\nÉpicerie associative La Musette", "id"),
    ("C1-01", TYPE, "collectivité\nassociation", "id"),
    ("C1-01", STATUT, "✓", "id"),
    ("C1-02", QUI, "Jeanne Roux, habitante et bénévole", "id"),
    ("C1-02", STATUT, "?", "id"),
    ("C1-03", QUI, "La Poste\nVallon Services (SCIC)", "id"),
    ("C1-03", TYPE, "service public\nentreprise", "id"),
    ("C1-03", STATUT, "+", "id"),
    ("C1-04", QUI, "Chambre de commerce et d'industrie", "id"),
    ("C1-04", STATUT, "oui", "id"),
    ("C1-05", STATUT, "✗", "id"),
    ("C1-06", QUI, "Comité des fêtes de Lavaur", "id"),
    ("C1-06", STATUT, "partielle", "id"),
    ("C1-06", COMMENTAIRE, "Surtout l’été", "id"),
    ("C1-07", QUI, "France services du Haut-Vallon", "id"),
    ("C1-07", STATUT, "NSP", "id"),
    ("C1-08", QUI, "Office de tourisme ; Centre social du Vallon", "id"),
    ("C1-08", CONTACT, "04 71 00 00 09 ; centre.social@vallon.fr", "id"),
    ("C1-08", STATUT, "x", "id"),
    ("C1-09", STATUT, "-", "id"),
    ("C1-10", QUI, "Bois et Forêts", "notice"),
    ("+1", COMPETENCE, "Savoir réparer les vélos", "proposed"),
    ("+1", QUI, "Atelier vélo", "proposed"),
    ("+1", TYPE, "association", "proposed"),
    ("+1", CONTACT, "velo@exemple.fr", "proposed"),
    ("+1", STATUT, "partielle", "proposed"),
    ("+1", COMMENTAIRE, "le samedi matin", "proposed"),
    ("C2-01", QUI, "Mairie de Saint-Julien-du-Vallon", "id"),
    ("C2-01", STATUT, "ok", "id"),
    ("C2-03", STATUT, "je ne sais pas", "id"),
    ("C2-04", QUI, "Banque alimentaire", "id"),
    ("C2-04", STATUT, "✔", "id"),
]

# Typed with Édition › Suivi des modifications › Enregistrer on, never accepted.
# « before »: typed (and saved) before recording started, then replaced with recording on.
TRACKED_BEFORE = [
    ("C1-01", QUI, "Ancienne mairie annexe", "gone"),
    ("C1-05", COMMENTAIRE, "Commentaire effacé ensuite", "gone"),
]
TRACKED = [
    ("C1-01", QUI, "Mairie de Saint-Julien-du-Vallon", "id"),
    ("C1-01", STATUT, "détenue", "id"),
    ("C1-02", QUI, "La Poste", "id"),
    ("C1-02", CONTACT, "laposte@exemple.fr", "id"),  # typed as a hyperlink
    ("C1-02", STATUT, "oui", "id"),
    ("C1-03", COMMENTAIRE, "À revoir en juin", "id"),
    ("C1-04", QUI, "Centre social du Vallon\nOffice de tourisme", "id"),
    ("C1-04", STATUT, "en partie", "id"),
    ("+1", COMPETENCE, "Animer un groupe de bénévoles", "proposed"),
    ("+1", QUI, "Comité des fêtes de Lavaur", "proposed"),
    ("+1", STATUT, "oui", "proposed"),
    ("C2-02", QUI, "Vallon Services (SCIC)", "id"),
    ("C2-02", TYPE, "entreprise", "id"),
]

# Tableau › Scinder le tableau at C1-06, « Pas d'en-tête »: values on both halves.
SPLIT_AT = "C1-06"
SPLIT = [
    ("C1-02", QUI, "La Poste", "id"),
    ("C1-02", STATUT, "oui", "id"),
    ("C1-06", QUI, "Office de tourisme", "id"),
    ("C1-07", QUI, "Comité des fêtes de Lavaur\nMairie de Saint-Julien-du-Vallon", "id"),
    ("C1-07", STATUT, "détenue", "id"),
    ("C1-09", COMMENTAIRE, "Voir avec la CCI", "id"),
    ("C1-10", STATUT, "non", "id"),
    ("+2", COMPETENCE, "Tenir la permanence du samedi", "proposed"),
    ("+2", QUI, "Épicerie associative La Musette", "proposed"),
]

# Tableau › Insérer › Colonnes: « Remarques » after Commentaire, and an untitled one before Statut.
EXTRA_COLUMNS = [("Remarques", "after", COMMENTAIRE), ("", "before", STATUT)]
COLUMNS_CASE = [
    ("C1-01", QUI, "La Poste", "id"),
    ("C1-01", "Remarques", "ouvert le samedi", "id"),
    ("C1-02", QUI, "Office de tourisme", "id"),
    ("C1-02", "", "à relancer en mars", "id"),
    ("C1-03", "Remarques", "personne ne sait", "id"),
    ("C1-03", STATUT, "?", "id"),
]

# The group rewrites a wording and numbers its own new rows.
WORDING = [
    ("C1-03", COMPETENCE, " (y compris le marché de Noël)", "notice"),  # appended to the printed wording
    ("C1-03", QUI, "Comité des fêtes de Lavaur", "id"),
    ("+1", NUMERO, "C1-11", "proposed"),
    ("+1", COMPETENCE, "Tenir un stand au marché de Noël", "proposed"),
    ("+1", QUI, "Comité des fêtes de Lavaur", "proposed"),
    ("+1", TYPE, "association", "proposed"),
    ("+1", STATUT, "oui", "proposed"),
    ("+1", COMMENTAIRE, "en décembre", "proposed"),
    ("+2", NUMERO, "16", "proposed"),
    ("+2", COMPETENCE, "Prêter une salle communale", "proposed"),
    ("+2", QUI, "Mairie de Saint-Julien-du-Vallon", "proposed"),
    ("+2", CONTACT, "accueil@saint-julien-du-vallon.fr", "proposed"),
]

# Tableau › Fusionner les cellules: two « Qui » cells with different actors (vertically),
# « Statut » and « Commentaire » of one row (horizontally).
MERGE_VERTICAL = ("C1-03", "C1-04", QUI)
MERGE_HORIZONTAL = ("C1-06", STATUT, COMMENTAIRE)
MERGED = [
    ("C1-03", QUI, "La Poste", "notice"),
    ("C1-04", QUI, "Office de tourisme", "notice"),
    ("C1-06", QUI, "Centre social du Vallon", "id"),
    ("C1-06", STATUT, "détenue", "notice"),
    ("C1-06", COMMENTAIRE, "À voir avec la mairie", "notice"),
    ("C1-08", QUI, "Banque alimentaire", "id"),
]

# Typed into Calc, two groups' tables stacked under a title line, exported as CSV.
CALC_TITLE = "Groupe 3 — saisie du 18 mars"
CALC_STACKED = [
    [
        ("C1-01", QUI, "Mairie de Saint-Julien-du-Vallon", "id"),
        ("C1-01", STATUT, "oui", "id"),
        ("C1-02", QUI, "La Poste, Office de tourisme", "id"),
        ("C1-02", STATUT, "✓", "id"),
        ("", COMPETENCE, "Organiser le covoiturage", "proposed"),
        ("", QUI, "Centre social du Vallon", "proposed"),
        ("", STATUT, "?", "proposed"),
    ],
    [
        ("C2-01", QUI, "Comité des fêtes de Lavaur", "id"),
        ("C2-01", COMMENTAIRE, "seulement l’été", "id"),
        ("C2-02", STATUT, "-", "id"),
        ("C2-05", QUI, "Épicerie associative La Musette\nBanque alimentaire", "id"),
        ("C2-05", TYPE, "association\nassociation", "id"),
    ],
]

# The spreadsheet worksheet (fiche-competences-….xlsx) filled in Calc.
SPREADSHEET = [
    ("C1-01", QUI, "La Poste\nVallon Services (SCIC)", "id"),
    ("C1-01", TYPE, "service public\nentreprise", "id"),
    ("C1-01", STATUT, "détenue", "id"),
    ("C1-02", QUI, "Jeanne Roux, habitante et bénévole", "id"),
    ("C1-02", STATUT, "à vérifier", "id"),
    ("C1-05", STATUT, "à trouver", "id"),
    ("C1-06", COMMENTAIRE, "à compléter", "id"),
    ("+1", COMPETENCE, "Réparer les petits appareils", "proposed"),
    ("+1", QUI, "Atelier vélo", "proposed"),
    ("+1", STATUT, "partielle", "proposed"),
    ("C2-03", QUI, "France services du Haut-Vallon", "id"),
    ("C2-03", CONTACT, "franceservices@haut-vallon.fr", "id"),
]

# file name → (how it is made, values). Refused files carry the advice they must give.
CASES = {
    "rempli.docx": ("writer", FILLED),
    "rempli.odt": ("writer", FILLED),
    "rempli.doc": ("writer", FILLED),
    "suivi.docx": ("writer-tracked", TRACKED),
    "suivi.odt": ("writer-tracked", TRACKED),
    "scinde.docx": ("writer-split", SPLIT),
    "colonnes.docx": ("writer-columns", COLUMNS_CASE),
    "libelles.docx": ("writer", WORDING),
    "fusions.docx": ("writer-merge", MERGED),
    "fusions.odt": ("writer-merge", MERGED),
    "empiles.csv": ("calc-csv", CALC_STACKED),
    "unicode.csv": ("calc-csv-utf16", CALC_STACKED),
    "tableur.xlsx": ("calc-worksheet", SPREADSHEET),
    "tableur.ods": ("calc-worksheet", SPREADSHEET),
}
REFUSED = {"rempli.doc": "Enregistrez-le en .docx, ou exportez-le en CSV"}

# What the typist meant: the actors of a « Qui » cell (one per line unless said here),
# and the status each spelling stands for.
ACTORS = {
    "Office de tourisme ; Centre social du Vallon": ["Office de tourisme", "Centre social du Vallon"],
    "La Poste, Office de tourisme": ["La Poste", "Office de tourisme"],
    "Bois et Forêts": ["Bois et Forêts"],  # one name or two? a notice must ask
}
CONTACTS = {"04 71 00 00 09 ; centre.social@vallon.fr": ["04 71 00 00 09", "centre.social@vallon.fr"]}
MEANING = {
    "✓": "détenue", "✔": "détenue", "+": "détenue", "oui": "détenue", "ok": "détenue", "x": "détenue", "détenue": "détenue",
    "?": "à vérifier", "NSP": "à vérifier", "je ne sais pas": "à vérifier", "à vérifier": "à vérifier",
    "✗": "à trouver", "-": "à trouver", "non": "à trouver", "à trouver": "à trouver",
    "partielle": "partielle", "en partie": "partielle",
}  # fmt: skip
