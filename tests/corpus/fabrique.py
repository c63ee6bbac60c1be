"""Writes the corpus's input files (run once: python tests/corpus/fabrique.py).

The files are committed; this script says how each one was made. The two
large ones (10 MB) are made by the test itself, not stored.
"""

import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
os.chdir(HERE)
base = (HERE / "base-referentiel.yaml").read_text(encoding="utf-8")


def w(name, text):
    if isinstance(text, bytes):
        Path(name).write_bytes(text)
    else:
        Path(name).write_text(text, encoding="utf-8", newline="")


w("r-syntaxe.yaml", base.replace("nom: L'émergence", "nom: L'émergence: ou pas"))
w("r-tabulation.yaml", base.replace("  - numero: 1\n    nom", "  - numero: 1\n\tnom"))
w("r-mauvais-type.yaml", base.replace("numero: 1", "numero: un"))
w("r-cle-manquante.yaml", base.replace("    nom: L'émergence\n", ""))
w("r-cle-inconnue.yaml", base.replace("    competences:\n", "    competence:\n"))
w("r-id-double.yaml", base.replace("id: C1-02", "id: C1-01"))
w("r-texte-vide.yaml", base.replace('texte: "Une étape"', 'texte: ""'))
w("r-texte-espaces.yaml", base.replace('texte: "Une étape"', 'texte: "    "'))
w("r-phases-trou.yaml", base.replace("numero: 1", "numero: 2").replace("E1-01", "E2-01").replace("C1-0", "C2-0"))
w("r-latin1.yaml", base.encode("latin-1"))
w("r-bom.yaml", b"\xef\xbb\xbf" + base.encode("utf-8"))
w("r-crlf.yaml", base.replace("\n", "\r\n"))
w("r-controle.yaml", base.replace('texte: "Une étape"', 'texte: "Une \\x07 étape"'))
bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'] + [
    f'{chr(97 + i)}: &{chr(97 + i)} [{", ".join(["*" + chr(96 + i)] * 9)}]' for i in range(1, 9)
]
w("r-bombe-alias.yaml", "\n".join(bomb) + "\n")
w("r-etiquette-python.yaml", base.replace("titre: Référentiel minimal", 'titre: !!python/object/apply:os.system ["echo pwned"]'))
w("r-cle-double.yaml", base.replace("    nom: L'émergence\n", "    nom: L'émergence\n    nom: Bis\n"))
w("r-liste.yaml", "- une liste\n- au lieu de clés\n")
w("r-vide.yaml", "")
w("r-texte-5000.yaml", base.replace('texte: "Une étape"', 'texte: "' + "x" * 5000 + '"'))
w("r-non-imprimable.yaml", base.replace('texte: "Une étape"', 'texte: "Une étape 🦄"'))
w("r-html-jinja.yaml", base.replace('texte: "Une étape"', "texte: \"<img src='file:///etc/hostname'> </div> {{ 7*7 }} {% raw %}\""))
w("r-droite-a-gauche.yaml", base.replace('texte: "Une étape"', 'texte: "Une étape שלום مرحبا 😀"'))

a = "territoire: Pays de Test\nacteurs:\n  - nom: Mairie\n    type: collectivité\n"
w("a-sans-territoire.yaml", "lieu: Salle\n")
w("a-chemin.yaml", a.replace("Pays de Test", "'../../tmp/x'"))
w("a-con.yaml", a.replace("Pays de Test", "CON"))
w("a-barre.yaml", a.replace("Pays de Test", "Nord/Sud"))
(HERE / "dossier.png").mkdir(exist_ok=True)
(HERE / "dossier.png" / ".gitkeep").write_text("")
w("a-logo-dossier.yaml", a + "logo: dossier.png\n")
w("a-logo-absent.yaml", a + "logo: absent.png\n")
w("pas-une-image.png", "ceci est du texte\n")
w("a-logo-texte.yaml", a + "logo: pas-une-image.png\n")
w("a-type-inconnu.yaml", a.replace("collectivité", "licorne"))
w("a-date.yaml", a + "date: 32/13/2027\n")
w("a-phase-inconnue.yaml", a + "phases_retenues: [7]\n")
w("a-ajout-phase.yaml", a + "competences_ajoutees:\n  - phase: 9\n    texte: Hors référentiel\n")
w("a-rtl.yaml", a.replace("Pays de Test", "Communauté שלום مرحبا"))
w("a-html.yaml", a.replace("  - nom: Mairie", "  - nom: '<img src=\"file:///etc/hostname\"> Mairie'"))
w("a-jinja.yaml", a.replace("Pays de Test", "'{{ 7*7 }} {% raw %} Pays'") + 'lieu: "</div></body> Salle"\n')
w("a-latin1.yaml", a.replace("Pays de Test", "Pays à tester").replace("collectivité", "autre").encode("latin-1"))
w("a-syntaxe.yaml", a.replace("territoire: Pays de Test", "territoire: Pays: de Test"))
w("a-typo.yaml", a.replace("territoire:", "territoir:"))
w("a-acteur-double.yaml", a + "  - nom: mairie\n    type: autre\n")
w("a-sous-groupes-zero.yaml", a + "nombre_sous_groupes: 0\n")
w("a-heure.yaml", a + 'heure_debut: "25:00"\n')
w("a-bombe.yaml", "\n".join(bomb).replace("a: &a", "territoire: &a") + "\n")
w("a-controle.yaml", a.replace("Pays de Test", '"Pays\\u0001"'))
w("a-bom-crlf.yaml", ("\ufeff" + a).replace("\n", "\r\n"))

# Worksheets for the read-back (python-docx needed: run with the project's environment).
import zipfile  # noqa: E402

from docx import Document  # noqa: E402

w("s-pas-zip.docx", "bonjour, je ne suis pas un document Word\n")
with zipfile.ZipFile("s-zip-pas-docx.docx", "w") as archive:
    archive.writestr("note.txt", "un zip ordinaire")
document = Document()
document.add_paragraph("Compte rendu sans tableau")
document.save("s-sans-tableau.docx")
document = Document()
table = document.add_table(rows=2, cols=3)
for cell, text in zip(table.rows[0].cells, ["N°", "Compétence", "Statut"]):
    cell.text = text
document.save("s-colonnes-manquantes.docx")
w("s-mot-de-passe.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
cols = "N°;Compétence;Qui la détient sur notre territoire ?;Type d'acteur;Contact;Statut;Commentaire"
w("s-latin1.csv", (cols + "\nC1-01;;Mairie de Test;collectivité;;oui;\n").encode("cp1252"))
w("s-virgules.csv", cols.replace(";", ",") + '\nC1-01,,"Mairie, Épicerie",,,oui,\n')
w("s-csv-colonnes.csv", "Numéro;Texte\nC1-01;x\n")
