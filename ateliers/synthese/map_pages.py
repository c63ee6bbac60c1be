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
    page = context.pop("page", (99, 99))
    return _pour(builder, template, rows, max(builder.min_pt, min_pt), lambda k: page, context)[0] or [[]]


def _pour(builder: PosterBuilder, template: str, rows: Sequence, size: float, page_of, context: dict, limit: int = 0, guess: int = 0) -> tuple[list[list], list]:
    """The pages (see chunks; ``limit`` of them at most, the first tried with ``guess`` rows),
    each with the fitting render of its rows, labelled ``page_of(k)`` for the k-th page: a page
    whose label is the final one need not be rendered again."""
    pages: list[list] = []
    documents: list = []
    rendered: dict[int, Any] = {}  # the current page's fitting renders, by row count

    def fits(part: Sequence) -> bool:
        document = builder._render(template, size, rows=list(part), page=page_of(len(pages) + 1), **context)
        if builder._fits(document):
            rendered[len(part)] = document
            return True
        return False

    start, guess = 0, guess or len(rows)
    while start < len(rows) and not (limit and len(pages) >= limit):
        rest = rows[start:]
        rendered.clear()
        probe = min(guess, len(rest))
        if probe > 1 and not fits(rest[:probe]):
            count = longest_fitting(fits, rest, 1, probe - 1)
        elif probe == len(rest) or not fits(rest[: probe + 1]):
            count = probe
        else:
            count = longest_fitting(fits, rest, probe + 1, len(rest))
        pages.append(list(rest[:count]))
        documents.append(rendered.get(count))
        start += count
        guess = count
    return pages, documents


def fit_pages(builder: PosterBuilder, name: str, template: str, design_pt: float, advice: str, rows: Sequence, min_pt: float = 0.0, **context: Any) -> list:
    """The documents of one phase: one page when everything fits, else « page k sur n »;
    no text under ``min_pt`` (24 pt for the wall) nor the poster's own minimum."""
    size = max(builder.min_pt, min_pt)
    # The pages first, at the minimum size: one render tells a phase too full for one page
    # (instead of one at each size from the design size down). The first page is fitted with
    # the longest label, « page 99 sur 99 »; the next ones with the page count its length
    # promises, and when that count proves right their fitting renders are the pages themselves.
    longest = lambda k: (99, 99)  # noqa: E731
    first, _ = _pour(builder, template, rows, size, longest, context, limit=1)
    if not first or len(first[0]) == len(rows):
        try:
            document, _ = builder.fit_document(name, template, design_pt, advice, min_pt, rows=list(rows), page=(1, 1), **context)
            return [document]
        except PosterTooFull:  # a lone row longer than a page: printed at the minimum
            return [builder._render(template, size, rows=list(rows), page=(1, 1), **context)]
    promised = -(-len(rows) // len(first[0]))
    rest, renders = _pour(builder, template, rows[len(first[0]) :], size, lambda k: (k + 1, promised), context, guess=len(first[0]))
    parts, renders = first + rest, [None] + renders
    if len(parts) != promised:
        if len(str(len(parts))) > len(str(promised)):  # a longer label than the one fitted: fit again with the longest
            parts = _pour(builder, template, rows, size, longest, context)[0]
        renders = [None] * len(parts)
    documents = []
    for k, part in enumerate(parts, start=1):
        page = (k, len(parts))
        if k < len(parts):  # a full page: the most rows at the minimum size
            document = renders[k - 1] or builder._render(template, size, rows=part, page=page, **context)
        else:
            try:
                document, _ = builder.fit_document(f"{name}, page {k}", template, design_pt, advice, min_pt, rows=part, page=page, **context)
            except PosterTooFull:  # a lone row longer than a page: printed at the minimum
                document = builder._render(template, size, rows=part, page=page, **context)
        documents.append(document)
    return documents
