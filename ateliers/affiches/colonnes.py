"""Lists set in columns without CSS ``columns``.

WeasyPrint balances CSS columns by laying their content out again and again
(the overview poster spent nine tenths of its time there). The items are
instead split here, in reading order, into contiguous columns of about the
same length, each laid out once as a plain block.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import accumulate, combinations
from typing import TypeVar

T = TypeVar("T")

ITEM_COST = 40  # characters' worth for an item's own room (its last, partly filled line and its margin)


def columns(items: Sequence[T], count: int, weight: Callable[[T], float]) -> list[list[tuple[int, T]]]:
    """``items`` (numbered from 1) in ``count`` contiguous columns whose largest total weight is
    the smallest possible (ties: the most even, longer columns first); fewer items than
    columns give fewer columns."""
    n = len(items)
    if n == 0:
        return []
    count = max(1, min(count, n))
    prefix = list(accumulate((weight(item) for item in items), initial=0.0))
    best: tuple[tuple[float, ...], tuple[int, ...]] | None = None
    for cuts in combinations(range(1, n), count - 1):  # a few items: trying every split is instant
        bounds = (0, *cuts, n)
        totals = [prefix[b] - prefix[a] for a, b in zip(bounds, bounds[1:])]
        # The shortest tallest column; among equals the most even, then the fuller first (as in print).
        key = (max(totals), sum(t * t for t in totals), *(-t for t in totals))
        if best is None or key < best[0]:
            best = (key, bounds)
    assert best is not None
    bounds = best[1]
    numbered = list(enumerate(items, start=1))
    return [numbered[a:b] for a, b in zip(bounds, bounds[1:])]


def text_weight(text: str) -> float:
    return len(text) + ITEM_COST
