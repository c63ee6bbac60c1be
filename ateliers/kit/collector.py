"""Python's cycle collector during a build.

WeasyPrint lays out with many short-lived objects that refer to each other. With the default
settings the collector ran some 570 times in the command's process alone, four of them over
everything imported (WeasyPrint, pydantic, python-docx…), a tenth of a kit's time. During a
build, what was already there is set aside (``gc.freeze``: never scanned again) and the
collector runs less often; the worker processes, forked inside, inherit both. Memory stays
bounded: the garbage is still collected, in larger batches.
"""

from __future__ import annotations

import contextlib
import gc

# (new objects before a young collection, young collections before a middle one, middle before a full one)
BUILD_THRESHOLDS = (10_000, 20, 100)


@contextlib.contextmanager
def fewer_collections():
    before = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
