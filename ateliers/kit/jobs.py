"""The kit's WeasyPrint work cut into jobs that two processes share as they go.

A job is one deck, the calibration sheet, one phase's board with its tiles, the overview or
the event poster. Fixed halves (the decks here, the posters there) left one core idle for
the last half second; a shared counter lets each process take the next job when it is free,
largest first, so both end together. The results keep the plan's order whoever made them.

The second process is forked once the renderer is warm (theme parsed, templates compiled,
the PDF writer loaded): it inherits that work instead of doing it again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..contract import Output

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

    from ..affiches.builder import PosterBuilder
    from ..cartes.pdf import CardDeckBuilder
    from ..entrees.territoire import ReferentielTerritorial
    from ..impression.render import Renderer
    from ..options import KitOptions

Previews = Callable[[Output], list[Output]]


@dataclass(frozen=True)
class Job:
    kind: str  # "deck", "calibration", "board", "overview", "event"
    key: str | int | None = None  # the deck's name, the board's phase number
    weight: float = 0.0  # rough cost, for the largest-first order


@dataclass
class JobResult:
    outputs: list[Output] = field(default_factory=list)
    previews: dict[str, list[Output]] = field(default_factory=dict)
    too_long: list[str] = field(default_factory=list)  # the ids of cards whose text does not fit
    error: Exception | None = None  # data to correct (a poster too full…), reported in the plan's order


class PrintJobs:
    """Every WeasyPrint printable of a kit, as jobs over one renderer and lazily made builders."""

    def __init__(self, vue: ReferentielTerritorial, options: KitOptions, renderer: Renderer, previews: Previews) -> None:
        self.vue = vue
        self.options = options
        self.renderer = renderer
        self.previews = previews
        self._cards: CardDeckBuilder | None = None
        self._posters: PosterBuilder | None = None
        self.jobs = self._plan()

    def _plan(self) -> list[Job]:
        """The jobs in the plan's order (decks, calibration sheet, boards, overview, event).
        Weights are rough seconds measured on the generic kit: only their order matters."""
        jobs = [Job("deck", deck.nom, 0.1 + 0.006 * len(deck.cards)) for deck in self.cards.decks()]
        if self.options.cartes.calibration:
            jobs.append(Job("calibration", None, 0.05))
        jobs += [Job("board", phase.numero, 0.1 + 0.01 * len(phase.competences)) for phase in self.vue.phases]
        jobs.append(Job("overview", None, 0.4))
        if self.vue.atelier is not None:
            jobs.append(Job("event", None, 0.1))
        return jobs

    @property
    def cards(self) -> CardDeckBuilder:
        if self._cards is None:
            from ..cartes.pdf import CardDeckBuilder

            self._cards = CardDeckBuilder(self.vue, self.options.cartes, self.renderer)
        return self._cards

    @property
    def posters(self) -> PosterBuilder:
        if self._posters is None:
            from ..affiches.builder import PosterBuilder

            self._posters = PosterBuilder(self.vue, self.options.affiches, self.renderer)
        return self._posters

    def order(self) -> list[int]:
        """The jobs' indices, largest first (the last ones taken are the shortest)."""
        return sorted(range(len(self.jobs)), key=lambda i: -self.jobs[i].weight)

    def run(self, index: int) -> JobResult:
        from ..errors import InputError

        try:
            outputs, too_long = self._outputs(self.jobs[index])
        except InputError as exc:  # the other jobs go on: which error is told must not depend on who ran first
            return JobResult(error=exc)
        return JobResult(outputs, {o.path: self.previews(o) for o in outputs}, too_long)

    def _outputs(self, job: Job) -> tuple[list[Output], list[str]]:
        from ..cartes.fit import CardsTooLong

        if job.kind == "deck":
            deck = next(d for d in self.cards.decks() if d.nom == job.key)
            try:
                return [self.cards.build(deck)], []
            except CardsTooLong as exc:  # gathered over every deck: one message names them all
                return [], list(exc.ids)
        if job.kind == "calibration":
            from ..cartes.calibration import build_calibration_sheet

            return [build_calibration_sheet(self.renderer, self.options.cartes)], []
        if job.kind == "board":
            phase = next(p for p in self.vue.phases if p.numero == job.key)
            board, plan = self.posters.board_with_plan(phase)
            tiles = [self.posters.tiled_board(board, plan, phase.numero)] if self.options.affiches.tuiles else []
            return [board, *tiles], []
        if job.kind == "overview":
            return [self.posters.overview()], []
        if job.kind == "event":
            return [self.posters.event()], []
        raise ValueError(job.kind)

    def take(self, counter: Synchronized, order: list[int]) -> int | None:
        """The next job's index from the counter both processes share, or None when all are taken."""
        with counter.get_lock():
            position = counter.value
            counter.value += 1
        return order[position] if position < len(order) else None

    def drain(self, counter: Synchronized, on_result: Callable[[int, JobResult], None] | None = None) -> dict[int, JobResult]:
        """Run jobs until none is left; what this process made, by job index."""
        order = self.order()
        made: dict[int, JobResult] = {}
        while (index := self.take(counter, order)) is not None:
            made[index] = self.run(index)
            if on_result:
                on_result(index, made[index])
        return made

    def outputs_in_order(self, results: dict[int, JobResult]) -> tuple[list[Output], dict[str, list[Output]]]:
        """Every job's files in the plan's order, with their previews. Raises what must be
        corrected, the same whichever process ran what: first every card whose text does not fit
        (named together, in the decks' order), then the first other error in the plan's order."""
        from ..cartes.fit import CardsTooLong

        done = [results[index] for index in sorted(results)]
        ids = [i for r in done for i in r.too_long]
        if ids:
            raise CardsTooLong.in_decks(self.options.cartes.format, self.cards.decks(), ids)
        for result in done:
            if result.error is not None:
                raise result.error
        return [o for r in done for o in r.outputs], {path: p for r in done for path, p in r.previews.items()}


# The forked process's jobs: set once by the executor's initializer, before its only task.
_adopted: list = []


def adopt(jobs: PrintJobs, counter: Synchronized, initializer: Callable[[], None]) -> None:
    """Executor initializer (fork: the arguments are inherited, never pickled)."""
    initializer()
    _adopted[:] = [jobs, counter]


def drain_adopted() -> dict[int, JobResult]:
    jobs, counter = _adopted
    return jobs.drain(counter)
