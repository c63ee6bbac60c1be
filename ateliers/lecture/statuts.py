"""The statuses a group writes in the « Statut » column, and what they mean.

A small vocabulary, on purpose: anything else is « non reconnu » and kept with
its cell; an unknown mark is never taken for « détenue ».
"""

from __future__ import annotations

from .text import fold

DETENUE, PARTIELLE, A_TROUVER, A_VERIFIER = "détenue", "partielle", "à trouver", "à vérifier"
PORTEUR = "porteur de projet"  # the board's first column: « porté par le porteur de projet »

# Words, compared folded (case, accents and punctuation ignored).
WORDS = {
    PORTEUR: [
        "porteur de projet", "porteur du projet", "le porteur de projet", "porteuse de projet", "porteur", "porteuse",
        "porté par le porteur de projet", "portée par le porteur de projet", "porte par le porteur", "porteur de projet (nous)",
    ],
    DETENUE: ["détenue", "détenu", "détenues", "oui", "ok", "x", "o", "acquise", "acquis", "présente", "présent", "yes"],
    PARTIELLE: ["partielle", "partiel", "partiellement", "en partie", "à renforcer", "moyen", "moyennement", "un peu"],
    A_TROUVER: ["à trouver", "non", "manquante", "manquant", "absente", "absent", "aucun", "aucune", "personne", "no"],
    A_VERIFIER: ["à vérifier", "nsp", "ne sais pas", "je ne sais pas", "on ne sait pas", "sais pas", "ne sait pas", "inconnu"],
}
# Marks, compared as typed (fold() would erase them).
MARKS = {
    DETENUE: ["✓", "✔", "☑", "✅", "+", "++", "v"],
    PARTIELLE: ["+/-", "+-", "±", "~", "(+)", "½"],
    A_TROUVER: ["✗", "✘", "✕", "✖", "❌", "☒", "-", "--", "–", "—", "0"],
    A_VERIFIER: ["?", "??", "???", "(?)", "?!"],
}
_BY_WORD = {fold(w): s for s, words in WORDS.items() for w in words}
_BY_MARK = {m: s for s, marks in MARKS.items() for m in marks}


def parse_statut(text: str) -> str | None | bool:
    """The status a person meant; None when the cell is empty; False when not understood."""
    raw = " ".join(text.split())
    if not raw:
        return None
    if raw in _BY_MARK:
        return _BY_MARK[raw]
    key = fold(raw)
    if key in _BY_WORD:
        # « oui ? » is a doubt, not a yes.
        return A_VERIFIER if raw.endswith("?") and _BY_WORD[key] != A_VERIFIER else _BY_WORD[key]
    stripped = raw.rstrip(" .!")  # « ✓. », « + ! »
    return _BY_MARK.get(stripped, False)

STATUTS = {**_BY_WORD, **_BY_MARK}  # every spelling understood → the status it means
VALEURS = (PORTEUR, DETENUE, PARTIELLE, A_TROUVER, A_VERIFIER)


def is_porteur(name: str) -> bool:
    """« Porteur de projet » written in « Qui la détient » (the old way of saying the board's
    first column): the project leader, not an actor of the territory."""
    return _BY_WORD.get(fold(" ".join(name.split()))) == PORTEUR
