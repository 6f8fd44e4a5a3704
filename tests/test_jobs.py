"""The job queue with stand-in jobs and a hand-moved clock: order, sharing, the count ahead, a full queue, and jobs
nobody watches."""

import time

import pytest

from resnet_viz.jobs import JobQueue, QueueFull


class FakeJob:
    def __init__(self, name: str) -> None:
        self.name, self.started, self.stopped, self.finished = name, False, False, False

    def start(self):
        self.started = True
        return self

    def stop(self) -> None:
        self.stopped = True

    @property
    def running(self) -> bool:
        return self.started and not (self.finished or self.stopped)

    @property
    def done(self) -> bool:
        return self.started and (self.finished or self.stopped)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def queue(**kwargs) -> tuple[JobQueue, Clock]:
    clock = Clock()
    return JobQueue(clock=clock, tick_s=None, **{"abandon_s": 30.0, **kwargs}), clock


def test_one_runs_the_rest_wait_in_order_and_know_how_many_are_ahead():
    q, _ = queue(workers=1)
    a = q.submit("a", lambda: FakeJob("a"), watcher="s1")
    b = q.submit("b", lambda: FakeJob("b"), watcher="s2")
    c = q.submit("c", lambda: FakeJob("c"), watcher="s3")
    assert a.running and not b.started and not c.started
    assert q.ahead("a") is None and q.ahead("b") == 1 and q.ahead("c") == 2
    a.finished = True
    q.pump()
    assert b.running and not c.started and q.ahead("c") == 1 and q.running_count() == 1
    b.finished = True
    q.pump()
    assert c.running and q.ahead("c") is None


def test_two_workers_run_two_jobs():
    q, _ = queue(workers=2)
    jobs = [q.submit(k, lambda k=k: FakeJob(k), watcher=k) for k in "abc"]
    assert [j.started for j in jobs] == [True, True, False] and q.ahead("c") == 2


def test_the_same_request_shares_one_job():
    q, _ = queue()
    first = q.submit("a", lambda: FakeJob("a"), watcher="s1")
    again = q.submit("a", lambda: FakeJob("other"), watcher="s2")
    assert again is first and first.name == "a"


def test_a_full_queue_refuses_with_a_code_and_loses_nothing():
    q, _ = queue(workers=1, capacity=2)
    q.submit("running", lambda: FakeJob("r"), watcher="s0")
    q.submit("a", lambda: FakeJob("a"), watcher="s1")
    q.submit("b", lambda: FakeJob("b"), watcher="s2")  # two waiting: at capacity
    with pytest.raises(QueueFull) as refused:
        q.submit("c", lambda: FakeJob("c"), watcher="s3")
    assert refused.value.code == "queue_full" and refused.value.params == {"capacity": 2}
    assert q.get("c") is None and q.ahead("a") == 1 and q.ahead("b") == 2
    assert q.submit("a", lambda: FakeJob("x"), watcher="s4").name == "a"  # joining a waiting job still works


def test_a_job_nobody_watches_is_dropped_or_stopped_and_the_next_one_starts():
    q, clock = queue(workers=1, abandon_s=30.0)
    running = q.submit("a", lambda: FakeJob("a"), watcher="s1")
    waiting = q.submit("b", lambda: FakeJob("b"), watcher="s2")
    later = q.submit("c", lambda: FakeJob("c"), watcher="s3")
    clock.now = 29.0
    q.watch("a", "s1")
    q.watch("c", "s3")
    q.pump()
    assert running.running and not waiting.started  # everyone seen within 30 s
    clock.now = 31.0  # s2 last seen at 0: "b" is dropped, "c" moves up
    q.pump()
    assert q.abandoned("b") and not waiting.started and q.ahead("c") == 1
    clock.now = 60.0  # s1 last seen at 29, s3 at 29
    q.watch("c", "s3")
    q.pump()
    assert running.stopped and q.abandoned("a") and later.running  # nobody left for "a": stopped, "c" starts


def test_leaving_stops_a_job_at_once_unless_someone_else_watches():
    q, _ = queue()
    job = q.submit("a", lambda: FakeJob("a"), watcher="s1")
    q.submit("a", lambda: FakeJob("a"), watcher="s2")
    q.leave("a", "s1")
    assert job.running
    q.leave("a", "s2")
    assert job.stopped and q.abandoned("a")
    fresh = q.submit("a", lambda: FakeJob("new"), watcher="s3")  # asking again makes a new job
    assert fresh.name == "new" and fresh.running


def test_finished_jobs_are_kept_as_a_cache_up_to_a_limit_and_can_be_forgotten():
    q, _ = queue(workers=3, keep_finished=2)
    jobs = {k: q.submit(k, lambda k=k: FakeJob(k), watcher="s") for k in "abc"}
    for job in jobs.values():
        job.finished = True
    q.pump()
    assert q.get("a") is None and q.get("b") is jobs["b"] and q.get("c") is jobs["c"]
    assert q.submit("c", lambda: FakeJob("new"), watcher="s") is jobs["c"]  # a finished result is reused
    q.forget("c")
    assert q.submit("c", lambda: FakeJob("new"), watcher="s").name == "new"


def test_the_background_ticker_starts_the_next_job_without_any_page_polling():
    q = JobQueue(workers=1, tick_s=0.05)
    first = q.submit("a", lambda: FakeJob("a"), watcher="s1")
    second = q.submit("b", lambda: FakeJob("b"), watcher="s2")
    first.finished = True
    deadline = time.monotonic() + 10
    while not second.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert second.running


# ---------------------------------------------------------------- turns at work done in the asking thread
def _wait_until(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition never became true"
        time.sleep(0.01)


def test_turns_run_one_at_a_time_in_order_and_say_how_many_are_ahead():
    import threading

    from resnet_viz.jobs import Turns

    turns, release, order, told = Turns(workers=1), threading.Event(), [], {"b": [], "c": []}

    def first() -> None:
        with turns.turn(on_wait=lambda n: None):
            order.append("a")
            release.wait(60)

    def later(name: str) -> None:
        with turns.turn(on_wait=told[name].append, poll_s=0.05):
            order.append(name)

    a = threading.Thread(target=first)
    a.start()
    _wait_until(lambda: turns.running == 1)
    b = threading.Thread(target=later, args=("b",))
    b.start()
    _wait_until(lambda: turns.waiting == 1)
    c = threading.Thread(target=later, args=("c",))
    c.start()
    _wait_until(lambda: turns.waiting == 2 and told["c"])
    assert told["b"][0] == 1 and told["c"][0] == 2  # a runs; b waits behind a, c behind a and b
    release.set()
    for thread in (a, b, c):
        thread.join(60)
    assert order == ["a", "b", "c"] and turns.running == turns.waiting == 0


def test_a_waiter_who_leaves_gives_up_its_place_and_a_failed_turn_frees_the_worker():
    from resnet_viz.jobs import Turns

    turns = Turns(workers=1)

    class Left(Exception):
        pass

    def leave(_ahead: int) -> None:
        raise Left  # what a page whose reader has gone raises when it next draws

    with turns.turn(on_wait=print):
        with pytest.raises(Left):
            with turns.turn(on_wait=leave):
                pass  # never reached: the first turn is still held
        assert turns.waiting == 0 and turns.running == 1
    with pytest.raises(RuntimeError):
        with turns.turn(on_wait=print):
            raise RuntimeError("the work failed")
    assert turns.running == 0
    with turns.turn(on_wait=leave):  # free again: no waiting, so no call to on_wait
        assert turns.running == 1
