"""Python's cycle collector during a build.

WeasyPrint lays out with many short-lived objects that refer to each other. With the default
settings the collector ran some 570 times in the command's process alone, four of them over
everything imported (WeasyPrint, pydantic, python-docx…), a tenth of a kit's time. During a
build, what was already there is set aside (``gc.freeze``: never scanned again) and the
collector runs less often; the worker processes, forked inside, inherit both. Memory stays
bounded: the garbage is still collected, in larger batches.

The collector's settings belong to the whole process: builds running at once in several
threads share one setting, made by the first and undone by the last.
"""

from __future__ import annotations

import contextlib
import gc
import threading

# (new objects before a young collection, young collections before a middle one, middle before a full one)
BUILD_THRESHOLDS = (10_000, 20, 100)

_lock = threading.Lock()
_builds: list[tuple[int, int, int]] = []  # the settings found by the first build under way, once per build


@contextlib.contextmanager
def fewer_collections():
    with _lock:
        _builds.append(_builds[0] if _builds else gc.get_threshold())
        if len(_builds) == 1:
            gc.freeze()
            gc.set_threshold(*BUILD_THRESHOLDS)
    try:
        yield
    finally:
        with _lock:
            before = _builds.pop()
            if not _builds:
                gc.set_threshold(*before)
                gc.unfreeze()
