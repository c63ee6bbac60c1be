"""Comparing what people type: case, accents, punctuation and spacing ignored."""

from __future__ import annotations

import re
import unicodedata

from ..fichiers.safe_cells import strip_controls


def fold(text: str) -> str:
    """« Mairie de Saint-Flour » → « mairie de saint flour »."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def clean(text: str) -> str:
    """A cell's text: non-breaking and odd spaces made plain, lines trimmed, trailing empty
    lines dropped (a leading empty line may say « nothing for the first actor »)."""
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\v", "\n")
    text = re.sub(r"[\u00a0\u202f\u2007\t]", " ", text).replace("\u200b", "").replace("\ufeff", "")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(lines).rstrip("\n") if any(lines) else ""
