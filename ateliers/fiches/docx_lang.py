"""Word files in French: the language of every style, of the document defaults and of the theme.

python-docx's template says en-US everywhere (styles.xml, stylesWithEffects.xml,
settings.xml): Word and LibreOffice then spell-check the French text as English
and screen readers read it with an English voice. ``in_french`` sets fr-FR in
the defaults (w:rPrDefault) and in every style, so that text keeps its language
whatever style a user gives it; East Asian text is said French too (none is
expected), right-to-left text keeps Word's own default (ar-SA).
"""

from __future__ import annotations

import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

LANG = "fr-FR"
BIDI = "ar-SA"

# w:rPr children that come after w:lang (ECMA-376 order): lang is inserted before them.
_AFTER_LANG = (qn("w:eastAsianLayout"), qn("w:specVanish"), qn("w:oMath"))
_LANG_ELEMENT = re.compile(rb"<w:(lang|themeFontLang)\b[^>]*/>")


def _set_lang(rpr) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        following = next((child for child in rpr if child.tag in _AFTER_LANG), None)
        if following is not None:
            following.addprevious(lang)
        else:
            rpr.append(lang)
    lang.set(qn("w:val"), LANG)
    lang.set(qn("w:eastAsia"), LANG)
    lang.set(qn("w:bidi"), BIDI)


def in_french(document) -> None:
    """fr-FR in the document defaults, every style, the settings, the Word 2010 styles copy
    and the core properties."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    _set_lang(rpr)
    for style in styles.findall(qn("w:style")):
        if style.get(qn("w:type")) != "numbering":  # numbering styles have no run properties
            _set_lang(style.get_or_add_rPr())
    document.core_properties.language = LANG
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANG)
        theme_lang.set(qn("w:eastAsia"), LANG)
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/stylesWithEffects.xml":
            part._blob = _LANG_ELEMENT.sub(_french_element, part.blob)


def _french_element(match: re.Match) -> bytes:
    text = re.sub(rb'w:(val|eastAsia)="[^"]*"', lambda m: b'w:' + m.group(1) + b'="' + LANG.encode() + b'"', match.group(0))
    return text
