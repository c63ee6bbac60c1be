"""Shrink to fit, shared by every printable: the largest size, from the design size down to a
legible minimum by fixed steps, at which a laid-out text stays within its limit."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from ..errors import InputError

STEP_PT = 0.5
TOLERANCE_MM = 0.05  # layout rounding, far below what a printer shows

T = TypeVar("T")


def longest_fitting(fits: Callable[[list], bool], items: list, low: int, high: int) -> int:
    """The longest prefix of ``items`` with a length in [low, high] that ``fits``, by bisection;
    ``low`` is taken to fit (a single row that overflows alone still gets a page of its own)."""
    while low < high:
        mid = (low + high + 1) // 2
        if fits(items[:mid]):
            low = mid
        else:
            high = mid - 1
    return low


class DoesNotFit(InputError):
    """A text that overflows its room even at the legible minimum."""


def candidate_sizes(design: float, minimum: float, step: float = STEP_PT) -> list[float]:
    """The sizes to try, largest first: design, design − step, … down to ``minimum``."""
    sizes = []
    i = 0
    while (size := design - i * step) >= minimum - 1e-6:
        sizes.append(round(size, 2))
        i += 1
    return sizes


def within(extent_mm: float, limit_mm: float) -> bool:
    """An extent (a bottom edge, a height) that stays inside its limit."""
    return extent_mm <= limit_mm + TOLERANCE_MM


def first_fitting(sizes: Iterable[float], attempt: Callable[[float], T | None]) -> tuple[float, T] | None:
    """The first size (largest first) whose attempt succeeds, with what it returned; None if none does."""
    for size in sizes:
        result = attempt(size)
        if result is not None:
            return size, result
    return None
