"""Worker processes that never outlive the command: stopped with it (SIGTERM, SIGINT, an
error), and on Linux ended by the system if the command itself is killed."""

from __future__ import annotations

import contextlib
import os
import signal
import sys


def worker_init() -> None:
    """In a worker, first thing: die with the parent; leave Ctrl-C and SIGTERM to it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the command stops its workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() == 1:  # the parent died before the line above
        os._exit(1)


def stop(executor) -> None:
    """End an executor's processes now (they hold nothing but work in memory), and wait for its
    managing thread: left running, it closes its pipes while the interpreter's exit writes to
    them (a traceback after « Interrompu »). Both are read before ``shutdown``, which forgets them."""
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)
    for process in processes:
        with contextlib.suppress(Exception):
            process.kill()
    with contextlib.suppress(Exception):
        executor.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(5)
    if manager is not None:
        manager.join(5)


@contextlib.contextmanager
def stopped_on_error(*executors):
    """On any exception (KeyboardInterrupt from Ctrl-C or SIGTERM included), stop the workers
    before it goes up: never a worker left computing for a command that is gone."""
    try:
        yield
    except BaseException:
        for executor in executors:
            stop(executor)
        raise


class Terminated(KeyboardInterrupt):
    """SIGTERM: stop as for Ctrl-C (workers stopped, files left as they were)."""


def _terminated(signum, frame):
    raise Terminated()


def stop_on_sigterm() -> None:
    """In the command's main thread: SIGTERM interrupts like Ctrl-C instead of killing outright."""
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _terminated)
