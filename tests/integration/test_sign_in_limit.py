"""The sign-in limit holds when the attempts come all at once, from threads on their own connections."""

from __future__ import annotations

import threading

from drafting import accounts
from drafting.web import unit_of_work
from tests.conftest import make_person

ATTEMPTS = 16


def test_attempts_made_at_the_same_moment_are_tried_no_more_than_the_limit(app):
    make_person(app, "anna", "drafter", ("COSI",))
    start = threading.Barrier(ATTEMPTS)
    outcomes: list[str] = []
    guard = threading.Lock()

    def attempt() -> None:
        with app.app_context():
            start.wait()
            try:
                with unit_of_work(reading=False) as uow:
                    found = accounts.sign_in(uow, "anna", "not the password", "10.0.0.9")
                result = "signed in" if found else "wrong"
            except accounts.TooManyAttempts:
                result = "refused"
        with guard:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(ATTEMPTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(outcomes) == ATTEMPTS
    assert outcomes.count("wrong") <= accounts.FAILURES_PER_NAME  # never more tried than allowed
    assert outcomes.count("refused") >= ATTEMPTS - accounts.FAILURES_PER_NAME
    assert "signed in" not in outcomes
