"""The competence worksheet's format: a contract between the printed sheets (Word,
spreadsheet), CSV files typed by hand and the read-back.

A light module on purpose: reading a CSV back must not load the printing stack.
"""

from __future__ import annotations

# Exactly as written here (plain spaces and apostrophe), never typeset.
COLUMNS = ["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"]
NUMERO, COMPETENCE, QUI, TYPE, CONTACT, STATUT, COMMENTAIRE = COLUMNS
COLUMN_WIDTHS = [17.0, 78.0, 55.0, 27.0, 34.0, 22.0, 34.0]  # mm; 267 mm: A4 landscape less margins
BLANK_ROWS = 4  # at the end of each phase's table, for the competences a group adds
ADDED = " (ajoutée par le territoire)"  # printed after a competence the territory added

# The statuses printed in the legend and offered in drop-down lists; the read-back
# understands more spellings (ateliers.lecture.statuts).
STATUTS = (
    ("porteur de projet", "le porteur de projet la porte lui-même (première colonne du tableau)"),
    ("détenue", "un acteur du territoire la détient"),
    ("partielle", "en partie, ou à renforcer"),
    ("à trouver", "personne pour l’instant"),
    ("à vérifier", "on ne sait pas encore"),
)
