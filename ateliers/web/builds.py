"""Builds (a kit, a synthesis) run in worker processes, never in the request.

One job per workshop and kind at a time: a second click while it builds
returns the running job. At most ``max_parallel`` processes at once (one
per core by default); the others wait their turn, costing a sleeping
thread each. A worker process isolates the rendering stack's memory and a
crash; stopping the server stops the workers, and the atomic writes leave
the previous outputs intact.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("ateliers.web")

QUEUED, RUNNING, DONE, FAILED, CANCELLED = "en attente", "en cours", "terminé", "échec", "annulé"
TIME_LIMIT = 20 * 60.0  # seconds: a kit takes a minute or two, a synthesis less; past this, something is wrong


@dataclass
class Job:
    key: str
    kind: str
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    state: str = QUEUED
    done: int = 0
    total: int = 0
    label: str = ""
    result: dict[str, Any] | None = None
    error: str | None = None
    conseil: str | None = None
    queued_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    @property
    def active(self) -> bool:
        return self.state in (QUEUED, RUNNING)

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "etat": self.state,
            "fait": self.done,
            "total": self.total,
            "etape": self.label,
            "erreur": self.error,
            "conseil": self.conseil,
            "actif": self.active,
        }


class Builds:
    def __init__(self, max_parallel: int, start_method: str = "spawn", time_limit: float = TIME_LIMIT) -> None:
        self.max_parallel = max(1, max_parallel)
        self.time_limit = time_limit
        self._slots = threading.BoundedSemaphore(self.max_parallel)
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._processes: dict[str, multiprocessing.process.BaseProcess] = {}
        self._cancel: dict[str, Any] = {}
        self._ctx = multiprocessing.get_context(start_method)
        self._closing = False

    def get(self, key: str) -> Job | None:
        with self._lock:
            return self._jobs.get(key)

    def submit(self, key: str, kind: str, kwargs: dict[str, Any]) -> tuple[Job, bool]:
        """Queue a build; (job, True) if it was started now, (running job, False) if one is already on."""
        with self._lock:
            current = self._jobs.get(key)
            if current is not None and current.active:
                return current, False
            job = Job(key, kind)
            self._jobs[key] = job
            self._cancel[job.id] = self._ctx.Event()
        threading.Thread(target=self._run, args=(job, kwargs), name=f"build-{key}", daemon=True).start()
        return job, True

    def cancel(self, key: str) -> None:
        with self._lock:
            job = self._jobs.get(key)
            event = self._cancel.get(job.id) if job else None
        if event is not None:
            event.set()

    def running(self) -> int:
        with self._lock:
            return sum(1 for j in self._jobs.values() if j.state == RUNNING)

    def _run(self, job: Job, kwargs: dict[str, Any]) -> None:
        from . import jobs

        with self._slots:
            cancel = self._cancel[job.id]
            if self._closing or cancel.is_set():
                self._finish(job, CANCELLED, error="Préparation annulée.")
                return
            job.state = RUNNING
            # Alone, a build may use the machine's other cores (a kit: 3 s instead of 5); with
            # others running, one process each, so that builds share the cores and not more.
            kwargs = {**kwargs, "workers": None if self.running() == 1 else 1}
            receiver, sender = self._ctx.Pipe(duplex=False)
            # Not a daemon: the library may use a process pool of its own.
            process = self._ctx.Process(target=jobs.run, args=(sender, job.kind, kwargs, cancel), name=f"ateliers-{job.kind}")
            try:
                process.start()
            except OSError as exc:
                self._finish(job, FAILED, error=f"Impossible de lancer la préparation ({exc}).")
                return
            sender.close()
            with self._lock:
                self._processes[job.id] = process
            final = None
            started = time.monotonic()
            overdue = False
            try:
                while final is None:
                    if time.monotonic() - started > self.time_limit:
                        overdue = True  # never « en cours » forever: the worker is stopped
                        cancel.set()
                        process.terminate()
                        break
                    if receiver.poll(0.2):
                        try:
                            message = receiver.recv()
                        except EOFError:
                            break
                        if message[0] == "progres":
                            _, job.done, job.total, job.label = message
                        else:
                            final = message
                    elif not process.is_alive():
                        break
            finally:
                receiver.close()
                process.join(10)
                if process.is_alive():  # deaf to SIGTERM: killed
                    process.kill()
                    process.join(2)
                with self._lock:
                    self._processes.pop(job.id, None)
            if overdue:
                minutes = max(1, round(self.time_limit / 60))
                self._finish(job, FAILED,
                             error=f"La préparation a dépassé {minutes} minute{'s' if minutes > 1 else ''} et a été arrêtée : les fichiers précédents sont intacts.",
                             conseil="Vérifiez les fichiers envoyés (une fiche anormale ?) puis relancez ; si cela recommence, transmettez le message de la fenêtre du serveur à l’équipe ateliers.")
            elif final is None:
                self._finish(job, CANCELLED if cancel.is_set() else FAILED,
                             error="La préparation s’est arrêtée avant la fin : les fichiers précédents sont intacts.",
                             conseil="Relancez-la ; si cela recommence, regardez le message affiché dans la fenêtre du serveur.")
            elif final[0] == "fini":
                job.result = final[1]
                self._finish(job, DONE)
            else:
                _, message, conseil = final
                self._finish(job, CANCELLED if cancel.is_set() else FAILED, error=message, conseil=conseil)

    def _finish(self, job: Job, state: str, error: str | None = None, conseil: str | None = None) -> None:
        job.error, job.conseil = error, conseil
        job.finished_at = time.time()
        job.state = state
        with self._lock:
            self._cancel.pop(job.id, None)

    def shutdown(self, timeout: float = 5.0) -> None:
        """Stop: queued jobs never start, running ones are asked to stop, then terminated."""
        self._closing = True
        with self._lock:
            events = list(self._cancel.values())
            processes = list(self._processes.values())
        for event in events:
            event.set()
        deadline = time.monotonic() + timeout
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.terminate()
                process.join(2)
