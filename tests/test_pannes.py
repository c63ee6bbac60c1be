"""Faults: a build that never ends, a kit killed or stopped, two workshops of one territory."""

from __future__ import annotations

import time

import pytest


def _sleep_forever(kwargs, progress, cancel):
    progress(0, 1, "dort")
    time.sleep(600)


def test_build_past_its_time_limit_ends_in_failure(monkeypatch):
    from ateliers.web import jobs
    from ateliers.web.builds import FAILED, Builds

    monkeypatch.setitem(jobs.JOBS, "dormir", _sleep_forever)
    builds = Builds(max_parallel=1, start_method="fork", time_limit=1.0)
    try:
        job, started = builds.submit("atelier", "dormir", {})
        assert started
        deadline = time.monotonic() + 20
        while job.active and time.monotonic() < deadline:
            time.sleep(0.1)
        assert job.state == FAILED
        assert "dépassé" in job.error and "arrêtée" in job.error
        assert job.conseil and "--" not in job.conseil
        with builds._lock:
            assert not builds._processes  # the worker is gone
    finally:
        builds.shutdown()
