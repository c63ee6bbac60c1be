"""Card decks: content (decks), measures (metrics), sheets (imposition), text sizes (fit), PDF (pdf).

Importing the package loads nothing heavy: ``options`` needs only ``imposition``.
"""
