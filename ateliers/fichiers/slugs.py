"""File names derived from user text: safe, readable, confined to their folder."""

from __future__ import annotations

import re
import unicodedata

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def slugify(text: str, default: str = "atelier", max_length: int = 60) -> str:
    """« Communauté de communes du Haut-Vallon » → « communaute-de-communes-du-haut-vallon »."""
    text = text.lower().replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    slug = slug[:max_length].rstrip("-") or default
    if slug in _WINDOWS_RESERVED:
        slug = f"{slug}-{default}"
    return slug
