"""A first-come, first-served queue for expensive jobs shared by everyone using one server.

A class that presses "train" at once should not get thirty trainings sharing two cores and all crawling: the
queue runs ``workers`` jobs at a time and tells everyone else how many jobs are ahead of theirs. Identical
requests (the same key) share one job. A job is kept alive by the people watching it: each page that shows a
queued or running job calls :meth:`JobQueue.watch` as it polls, and a job nobody has watched for ``abandon_s``
seconds is dropped from the queue, or stopped if it is running, so a student who leaves does not leave a job
running for nobody. Finished jobs stay, as a cache, up to ``keep_finished`` of them.

Jobs are any object with ``start()``, ``stop()`` and the properties ``running`` and ``done`` (for example
:class:`resnet_viz.analyses.degradation.DegradationJob`).

Work that runs inside the asking request instead (a large attribution computed while the page waits for it) takes
its turn in :class:`Turns`: first come, first served, ``workers`` at a time, with the count ahead reported while it
waits. No Streamlit here.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

__all__ = ["Job", "JobQueue", "QueueFull", "Ticket", "Turns"]


class Job(Protocol):
    def start(self) -> object: ...

    def stop(self) -> None: ...

    @property
    def running(self) -> bool: ...

    @property
    def done(self) -> bool: ...


class QueueFull(Exception):
    """Raised by :meth:`JobQueue.submit` when ``capacity`` jobs are already waiting; nothing was added."""

    def __init__(self, capacity: int) -> None:
        super().__init__(f"the queue is full ({capacity} jobs waiting)")
        self.code = "queue_full"
        self.params = {"capacity": capacity}


@dataclass
class Ticket:
    """A job in the queue and who is watching it (watcher -> time last seen)."""

    job: Job
    watchers: dict[str, float] = field(default_factory=dict)
    started: bool = False
    abandoned: bool = False  # stopped or dropped because nobody watched it


class JobQueue:
    """Run at most ``workers`` jobs at once, in the order they were asked for.

    Example:
        >>> queue = JobQueue(workers=1)  # doctest: +SKIP
        >>> job = queue.submit(("resnet", 20), lambda: DegradationJob(preset), watcher="student-1")  # doctest: +SKIP
        >>> queue.ahead(("resnet", 20))  # doctest: +SKIP
        0
    """

    def __init__(self, *, workers: int = 1, capacity: int = 8, abandon_s: float = 30.0, keep_finished: int = 8,
                 clock: Callable[[], float] = time.monotonic, tick_s: float | None = 1.0) -> None:
        self.workers, self.capacity, self.abandon_s, self.keep_finished = workers, capacity, abandon_s, keep_finished
        self._clock = clock
        self._lock = threading.RLock()
        self._tickets: OrderedDict[Hashable, Ticket] = OrderedDict()  # in the order asked for
        self._ticker: threading.Thread | None = None
        self._tick_s = tick_s

    # ------------------------------------------------------------------ asking and watching
    def submit(self, key: Hashable, factory: Callable[[], Job], *, watcher: str) -> Job:
        """The job for ``key``: the existing one (queued, running or finished and kept), else a new one made by
        ``factory`` and put at the end of the queue. Raises :class:`QueueFull` when a new job would not fit."""
        with self._lock:
            ticket = self._tickets.get(key)
            if ticket is not None and not ticket.abandoned:
                ticket.watchers[watcher] = self._clock()
                return ticket.job
            if sum(1 for t in self._tickets.values() if not t.started) >= self.capacity:
                raise QueueFull(self.capacity)
            self._tickets.pop(key, None)
            ticket = Ticket(factory(), {watcher: self._clock()})
            self._tickets[key] = ticket
            self._start_ticker()
        self.pump()
        return ticket.job

    def watch(self, key: Hashable, watcher: str) -> None:
        """``watcher`` still wants ``key``'s job (call it on every poll of a page that shows the job)."""
        with self._lock:
            ticket = self._tickets.get(key)
            if ticket is not None:
                ticket.watchers[watcher] = self._clock()

    def leave(self, key: Hashable, watcher: str) -> None:
        """``watcher`` no longer wants the job; a job nobody else watches is dropped or stopped at once."""
        with self._lock:
            ticket = self._tickets.get(key)
            if ticket is not None:
                ticket.watchers.pop(watcher, None)
        self.pump()

    def forget(self, key: Hashable) -> None:
        """Remove a finished or abandoned job, so that the next :meth:`submit` makes a new one."""
        with self._lock:
            ticket = self._tickets.get(key)
            if ticket is not None and (ticket.job.done or ticket.abandoned) and not ticket.job.running:
                self._tickets.pop(key)

    # ------------------------------------------------------------------ what a page shows
    def get(self, key: Hashable) -> Job | None:
        with self._lock:
            ticket = self._tickets.get(key)
            return None if ticket is None else ticket.job

    def abandoned(self, key: Hashable) -> bool:
        with self._lock:
            ticket = self._tickets.get(key)
            return ticket is not None and ticket.abandoned

    def ahead(self, key: Hashable) -> int | None:
        """How many jobs will run before ``key``'s starts (the running ones and those queued earlier); None when
        it is not waiting (running, finished or unknown)."""
        with self._lock:
            ticket = self._tickets.get(key)
            if ticket is None or ticket.started or ticket.abandoned:
                return None
            count = 0
            for other_key, other in self._tickets.items():
                if other_key == key:
                    return count
                if not other.abandoned and (not other.started or other.job.running):
                    count += 1
            return count

    def running_count(self) -> int:
        with self._lock:
            return sum(1 for t in self._tickets.values() if t.started and t.job.running)

    # ------------------------------------------------------------------ the scheduler
    def pump(self) -> None:
        """Drop or stop jobs nobody watches, start queued ones while a worker is free, trim finished ones."""
        now = self._clock()
        with self._lock:
            for ticket in self._tickets.values():
                if ticket.abandoned or ticket.job.done:
                    continue
                ticket.watchers = {w: seen for w, seen in ticket.watchers.items() if now - seen <= self.abandon_s}
                if not ticket.watchers:
                    ticket.abandoned = True
                    if ticket.started:
                        ticket.job.stop()
            busy = sum(1 for t in self._tickets.values() if t.started and not t.job.done)
            for ticket in self._tickets.values():
                if busy >= self.workers:
                    break
                if not ticket.started and not ticket.abandoned:
                    ticket.started = True
                    ticket.job.start()
                    busy += 1
            finished = [k for k, t in self._tickets.items() if (t.started and t.job.done) or
                        (t.abandoned and not t.started)]
            for key in finished[:max(0, len(finished) - self.keep_finished)]:
                self._tickets.pop(key)

    def _start_ticker(self) -> None:
        """A background thread pumps once a second while any job waits or runs, so the next job starts when one
        ends and abandoned jobs stop even when no page is polling."""
        if self._tick_s is None or (self._ticker is not None and self._ticker.is_alive()):
            return

        def tick() -> None:
            while True:
                time.sleep(self._tick_s)
                self.pump()
                with self._lock:
                    if not any(not t.abandoned and not (t.started and t.job.done) for t in self._tickets.values()):
                        self._ticker = None
                        return

        self._ticker = threading.Thread(target=tick, name="job-queue", daemon=True)
        self._ticker.start()


class Turns:
    """Take turns at expensive work done in the caller's own thread, ``workers`` at a time, first come first served.

    :meth:`turn` waits for a free worker, calling ``on_wait(ahead)`` every ``poll_s`` seconds meanwhile; whatever
    ends the wait or the work (done, an exception, a page whose reader has left raising when it draws) gives the
    turn up, so nobody queues behind work no one will see.

    Example:
        >>> turns = Turns(workers=1)
        >>> with turns.turn(on_wait=print):
        ...     turns.running, turns.waiting
        (1, 0)
    """

    def __init__(self, *, workers: int = 1) -> None:
        self.workers = workers
        self._changed = threading.Condition()
        self._numbers = itertools.count()
        self._queued: list[int] = []  # tickets waiting, in the order they came
        self._active: set[int] = set()

    @property
    def running(self) -> int:
        with self._changed:
            return len(self._active)

    @property
    def waiting(self) -> int:
        with self._changed:
            return len(self._queued)

    def _ahead(self, ticket: int) -> int:
        return len(self._active) + self._queued.index(ticket)

    @contextmanager
    def turn(self, *, on_wait: Callable[[int], object], poll_s: float = 0.5) -> Iterator[None]:
        """Hold a turn for the ``with`` body; ``on_wait(n)`` is told how many turns run or wait before this one."""
        with self._changed:
            ticket = next(self._numbers)
            self._queued.append(ticket)
        try:
            while True:
                with self._changed:
                    if self._queued[0] == ticket and len(self._active) < self.workers:
                        self._queued.pop(0)
                        self._active.add(ticket)
                        self._changed.notify_all()
                        break
                    ahead = self._ahead(ticket)
                on_wait(ahead)
                with self._changed:
                    self._changed.wait_for(lambda was=ahead: self._ahead(ticket) < was, timeout=poll_s)
            yield
        finally:
            with self._changed:
                if ticket in self._queued:
                    self._queued.remove(ticket)
                self._active.discard(ticket)
                self._changed.notify_all()
