"""French typography for texts typed by users (and for the source’s own texts).

Printed material must follow French rules: apostrophe ’, « guillemets » with
non-breaking spaces inside, a non-breaking space before : ; ? !, an en dash
for a spaced hyphen and a real ellipsis. We use U+00A0 everywhere rather
than the narrow U+202F: the kit’s main font (Atkinson Hyperlegible) has no
glyph for the latter.
"""

from __future__ import annotations

import re
import unicodedata

NBSP = "\u00a0"

_SPACES = re.compile(r"[ \t\r\n\u00a0\u202f\u2009]+")
_BEFORE_HIGH_PUNCT = re.compile(r"[ \u00a0\u202f]*([;:!?])(?=\s|$|[»)\]])")
_BEFORE_HIGH_PUNCT_TIGHT = re.compile(r"(?<=[\wÀ-ÿ»)\]])([;!?])(?=\s|$)")
_OPEN_QUOTE = re.compile(r"«[ \u00a0\u202f]*")
_CLOSE_QUOTE = re.compile(r"[ \u00a0\u202f]*»")
_SPACED_HYPHEN = re.compile(r"(?<=\S) - (?=\S)")
_ELLIPSIS = re.compile(r"\.\.\.")


_ENTITY_BEFORE = re.compile(r"&#?\w+$")


def _tight(match: re.Match) -> str:
    # « &amp; » is not French prose: leave what looks like a character reference alone.
    if match.group(1) == ";" and _ENTITY_BEFORE.search(match.string[: match.start()]):
        return match.group(1)
    return NBSP + match.group(1)


def collapse_spaces(text: str) -> str:
    """Strip and fold runs of white space (line breaks included) into one space."""
    return _SPACES.sub(" ", text).strip()


def francais(text: str) -> str:
    """Apply French typography to a prose text (not to e-mails, URLs or paths)."""
    text = unicodedata.normalize("NFC", collapse_spaces(text))
    text = text.replace("'", "’")
    text = _ELLIPSIS.sub("…", text)
    text = _SPACED_HYPHEN.sub(" – ", text)
    text = _OPEN_QUOTE.sub("«" + NBSP, text)
    text = _CLOSE_QUOTE.sub(NBSP + "»", text)
    # « mot : » and « mot: » both become « mot : » with a non-breaking space.
    text = _BEFORE_HIGH_PUNCT.sub(_tight, text)
    text = _BEFORE_HIGH_PUNCT_TIGHT.sub(_tight, text)
    return text


def plain(text: str) -> str:
    """Undo the typographic spaces and apostrophes: for comparing and searching."""
    return text.replace(NBSP, " ").replace("’", "'").replace("…", "...")


_LOOSE_SPACES = re.compile(r" (?=[:;?!»])|(?<=«) ")


def nbsp_punctuation(text: str) -> str:
    """Make the spaces before : ; ? ! » and after « non-breaking (messages, help)."""
    return _LOOSE_SPACES.sub(NBSP, text)


def liste_fr(items, conjonction: str = "ou") -> str:
    """« a », « b » ou « c »: a list of values as French prose writes it."""
    quoted = [f"«{NBSP}{item}{NBSP}»" for item in items]
    if len(quoted) <= 1:
        return "".join(quoted)
    return ", ".join(quoted[:-1]) + f" {conjonction} " + quoted[-1]


def plural(count: int, singular: str, plural_form: str | None = None, space: str = " ") -> str:
    """« 0 compétence », « 1 compétence », « 2 compétences »: in French 0 and 1 take the singular.
    ``space``: between the number and the word (a no-break space where a line must not part them)."""
    return f"{count}{space}{singular if count <= 1 else (plural_form or singular + 's')}"
