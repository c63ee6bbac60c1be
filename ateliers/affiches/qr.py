"""The event poster's QR code: for a web address or an e-mail, drawn as vector SVG (segno, offline)."""

from __future__ import annotations

import re

import segno

_EMAIL = re.compile(r"^[\w.+-]+@[\w-]+(\.[\w-]+)+$")
_URL = re.compile(r"^(https?://|www\.)\S+$", re.IGNORECASE)


def qr_target(text: str | None) -> str | None:
    """What the QR code opens: the web address, « mailto: » an e-mail; nothing for a phone number."""
    if not text:
        return None
    value = text.strip()
    if _EMAIL.match(value):
        return f"mailto:{value}"
    if _URL.match(value):
        return value if value.lower().startswith("http") else f"https://{value}"
    return None


def qr_alt(target: str) -> str:
    """The QR code's alternative text (the tagged PDF's Figure): what it opens, in words."""
    if target.startswith("mailto:"):
        return f"Code QR pour écrire à {target.removeprefix('mailto:')}"
    return f"Code QR vers la page d’inscription {target}"


def qr_svg(target: str) -> str:
    """An inline SVG sized by its container (viewBox only), with a quiet zone of two modules;
    its title is its alternative text."""
    code = segno.make(target, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=2, dark="#000000", light="#FFFFFF", omitsize=True, title=qr_alt(target))
    return svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
