"""The competence map (synthese-carte.pdf) poured onto as many pages as a phase needs: a
dense workshop is never refused for lack of room. Each page holds the most rows that fit
at the poster's legible minimum, then is laid out at the largest size it allows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .posters import PosterBuilder, PosterTooFull


def _fits_at_minimum(builder: PosterBuilder, template: str, rows: Sequence, **context: Any) -> bool:
    return builder._fits(builder._render(template, builder.min_pt, rows=list(rows), **context))


def chunks(builder: PosterBuilder, template: str, rows: Sequence, **context: Any) -> list[list]:
    """Rows cut into consecutive pages, each the longest run that fits at the minimum size
    (found by halving); a single row that overflows alone still gets its own page."""
    pages: list[list] = []
    start = 0
    while start < len(rows):
        rest = rows[start:]
        if _fits_at_minimum(builder, template, rest, **context):
            pages.append(list(rest))
            break
        low, high = 1, len(rest) - 1  # low: assumed to fit (one row always goes on a page)
        while low < high:
            mid = (low + high + 1) // 2
            if _fits_at_minimum(builder, template, rest[:mid], **context):
                low = mid
            else:
                high = mid - 1
        pages.append(list(rest[:low]))
        start += low
    return pages or [[]]


def fit_pages(builder: PosterBuilder, name: str, template: str, design_pt: float, advice: str, rows: Sequence, **context: Any) -> list:
    """The documents of one phase: one page when everything fits, else « (suite) » pages."""
    try:
        document, _ = builder.fit_document(name, template, design_pt, advice, rows=list(rows), page=(1, 1), **context)
        return [document]
    except PosterTooFull:
        pass
    parts = chunks(builder, template, rows, page=(1, 2), **context)
    documents = []
    for k, part in enumerate(parts, start=1):
        try:
            document, _ = builder.fit_document(f"{name}, page {k}", template, design_pt, advice, rows=part, page=(k, len(parts)), **context)
        except PosterTooFull:  # a lone row longer than a page: printed at the minimum, on pages of its own
            document = builder._render(template, builder.min_pt, rows=part, page=(k, len(parts)), **context)
        documents.append(document)
    return documents
