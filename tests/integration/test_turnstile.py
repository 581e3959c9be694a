"""Writers to one SQLite file go in the order they came, and a turn is always given back."""

from __future__ import annotations

import threading
import time

from drafting.persistence.turnstile import Queue, Turnstile


def test_waiting_threads_are_let_in_in_the_order_they_asked():
    queue = Queue()
    assert queue.acquire(timeout=1)
    order: list[int] = []

    def writer(number: int) -> None:
        assert queue.acquire(timeout=5)
        order.append(number)
        queue.release()

    threads = []
    for number in range(5):
        thread = threading.Thread(target=writer, args=(number,))
        thread.start()
        threads.append(thread)
        time.sleep(0.05)  # each asks after the one before
    queue.release()
    for thread in threads:
        thread.join(timeout=5)
    assert order == [0, 1, 2, 3, 4]


def test_a_waiter_that_gives_up_is_not_handed_the_turn_later():
    queue = Queue()
    assert queue.acquire(timeout=1)
    assert queue.acquire(timeout=0.05) is False
    queue.release()
    assert queue.acquire(timeout=0.05) is True


def test_a_turn_is_held_by_one_connection_and_given_back_on_leaving(tmp_path):
    turnstile = Turnstile(tmp_path / "drafting.sqlite")
    first, second = object(), object()
    turnstile.enter(first)
    turnstile.enter(first)  # a second transaction of the same connection keeps its turn
    entered = threading.Event()
    waiting = threading.Thread(target=lambda: (turnstile.enter(second), entered.set()))
    waiting.start()
    assert not entered.wait(0.1)
    turnstile.leave(first)
    assert entered.wait(2)
    turnstile.leave(second)
    waiting.join(timeout=2)
    assert turnstile.holder is None
