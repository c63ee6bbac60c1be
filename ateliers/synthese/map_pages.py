"""The competence map (synthese-carte.pdf) poured onto as many pages as a phase needs: a
dense workshop is never refused for lack of room. Each page holds the most rows that fit
at the poster's legible minimum; the last (or only) page is laid out at the largest size
it allows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..affiches.builder import PosterBuilder, PosterTooFull
from ..impression.fitting import longest_fitting


def chunks(builder: PosterBuilder, template: str, rows: Sequence, min_pt: float = 0.0, **context: Any) -> list[list]:
    """Rows cut into consecutive pages, each the longest run that fits at the minimum size
    (the poster's, or ``min_pt`` when read from further). The previous page's length is tried
    first (pages hold about as many rows), then its neighbour, then halving; a single row that
    overflows alone still gets its own page."""
    size = max(builder.min_pt, min_pt)

    def fits(part: Sequence) -> bool:
        return builder._fits(builder._render(template, size, rows=list(part), **context))

    pages: list[list] = []
    start, guess = 0, len(rows)
    while start < len(rows):
        rest = rows[start:]
        probe = min(guess, len(rest))
        if probe > 1 and not fits(rest[:probe]):
            count = longest_fitting(fits, rest, 1, probe - 1)
        elif probe == len(rest) or not fits(rest[: probe + 1]):
            count = probe
        else:
            count = longest_fitting(fits, rest, probe + 1, len(rest))
        pages.append(list(rest[:count]))
        start += count
        guess = count
    return pages or [[]]


def fit_pages(builder: PosterBuilder, name: str, template: str, design_pt: float, advice: str, rows: Sequence, min_pt: float = 0.0, **context: Any) -> list:
    """The documents of one phase: one page when everything fits, else « page k sur n »;
    no text under ``min_pt`` (24 pt for the wall) nor the poster's own minimum."""
    size = max(builder.min_pt, min_pt)
    try:
        document, _ = builder.fit_document(name, template, design_pt, advice, min_pt, rows=list(rows), page=(1, 1), **context)
        return [document]
    except PosterTooFull:
        pass
    parts = chunks(builder, template, rows, min_pt, page=(99, 99), **context)
    documents = []
    for k, part in enumerate(parts, start=1):
        page = (k, len(parts))
        if k < len(parts):  # a full page: the most rows at the minimum size
            document = builder._render(template, size, rows=part, page=page, **context)
        else:
            try:
                document, _ = builder.fit_document(f"{name}, page {k}", template, design_pt, advice, min_pt, rows=part, page=page, **context)
            except PosterTooFull:  # a lone row longer than a page: printed at the minimum
                document = builder._render(template, size, rows=part, page=page, **context)
        documents.append(document)
    return documents
