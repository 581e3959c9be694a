"""Writers wait their turn: a change reads its draft once under the lock, and SQLite writers go in order."""

from __future__ import annotations

import multiprocessing
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text as sql

from drafting import services
from drafting.domain.model import text
from drafting.io.json_format import loads
from drafting.persistence.database import engine_for, session_factory, upgrade
from drafting.persistence.turnstile import Queue, turnstile_for
from drafting.persistence.unit_of_work import UnitOfWork

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


@pytest.fixture
def sample_id(sessions) -> int:
    with UnitOfWork(sessions) as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


# ---------------------------------------------------------------------- the draft read for a change


def test_a_change_builds_on_the_draft_its_caller_read_under_the_lock(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        read = services.locked_draft(uow, sample_id)
        assert services.locked_draft(uow, sample_id) is read  # held, not read again
        item = replace(read.outcome.items[2], heading=text("Changed"))
        saved = services.update_item(uow, sample_id, read.item_ids[2], read.item_versions[2], item)
    assert saved is read
    assert saved.item_versions[2] == 2 and saved.outcome.items[2].heading == text("Changed")


def test_after_a_commit_the_draft_is_read_again_as_it_now_is(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        first = services.locked_draft(uow, sample_id)
        item = replace(first.outcome.items[0], heading=text("Changed"))
        services.update_item(uow, sample_id, first.item_ids[0], first.item_versions[0], item)
        again = services.locked_draft(uow, sample_id)
    assert again is not first
    assert again.item_versions[0] == 2 and again.outcome.items[0].heading == text("Changed")


def test_a_conflict_found_after_the_caller_read_the_draft_carries_the_draft_as_it_is(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        theirs = replace(draft.outcome.items[1], heading=text("Theirs"))
        services.update_item(uow, sample_id, draft.item_ids[1], draft.item_versions[1], theirs)
    with UnitOfWork(sessions) as uow:
        services.locked_draft(uow, sample_id)
        mine = replace(draft.outcome.items[1], heading=text("Mine"))
        with pytest.raises(services.Conflict) as refused:
            services.update_item(uow, sample_id, draft.item_ids[1], draft.item_versions[1], mine)
    assert refused.value.current.outcome.items[1].heading == text("Theirs")
    assert refused.value.current.item_versions[1] == draft.item_versions[1] + 1


def test_an_unknown_outcome_is_not_found_when_read_for_a_change(sessions):
    with UnitOfWork(sessions) as uow, pytest.raises(services.NotFound):
        services.locked_draft(uow, 999)


# ---------------------------------------------------------------------- the turnstile


def test_the_queue_lets_waiters_in_in_the_order_they_came():
    queue = Queue()
    assert queue.acquire(timeout=1)
    order: list[int] = []

    def wait(number: int) -> None:
        if queue.acquire(timeout=10):
            order.append(number)

    waiters = []
    for number in range(5):
        waiter = threading.Thread(target=wait, args=(number,))
        waiter.start()
        waiters.append(waiter)
        while len(queue) < number + 1:  # each waiter in line before the next comes
            threading.Event().wait(0.001)
    for _ in range(5):
        queue.release()
        threading.Event().wait(0.02)
    for waiter in waiters:
        waiter.join(timeout=10)
    assert order == [0, 1, 2, 3, 4]


def test_a_waiter_gives_up_after_its_time_and_leaves_the_line():
    queue = Queue()
    assert queue.acquire(timeout=1)
    assert not queue.acquire(timeout=0.05)
    queue.release()
    assert queue.acquire(timeout=0.05)  # free again: the one that gave up is no longer in line


def sqlite_sessions(tmp_path):
    engine = engine_for(f"sqlite:///{tmp_path / 'drafting.sqlite'}")
    upgrade(engine)
    return engine, session_factory(engine)


def test_a_writer_holds_its_turn_until_its_unit_of_work_ends(tmp_path):
    engine, sessions = sqlite_sessions(tmp_path)
    turnstile = turnstile_for(str(tmp_path / "drafting.sqlite"))
    try:
        with UnitOfWork(sessions) as uow:
            services.list_outcomes(uow)
            assert turnstile.holder is not None
        assert turnstile.holder is None
        with UnitOfWork(sessions) as uow:
            services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))
            assert turnstile.holder is None  # the commit gave the connection back
    finally:
        engine.dispose()


def test_a_reader_never_takes_a_turn(tmp_path):
    engine, _ = sqlite_sessions(tmp_path)
    turnstile = turnstile_for(str(tmp_path / "drafting.sqlite"))
    try:
        with UnitOfWork(session_factory(engine, writes=False)) as uow:
            services.list_outcomes(uow)
            assert turnstile.holder is None
    finally:
        engine.dispose()


def test_writers_in_threads_of_one_process_go_in_one_at_a_time(tmp_path):
    engine, sessions = sqlite_sessions(tmp_path)
    inside, most = [0], [0]
    count = threading.Lock()

    def write(number: int) -> None:
        with sessions() as session:
            session.execute(sql("UPDATE alembic_version SET version_num = version_num"))
            with count:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            threading.Event().wait(0.01)
            with count:
                inside[0] -= 1
            session.commit()

    try:
        writers = [threading.Thread(target=write, args=(n,)) for n in range(8)]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join(timeout=30)
        assert most[0] == 1
    finally:
        engine.dispose()


def hold_a_turn(database: str, holding, done) -> None:
    """In another process: take a write turn, say so, and keep it until told to leave."""
    engine = engine_for(f"sqlite:///{database}")
    with session_factory(engine)() as session:
        session.execute(sql("SELECT 1"))
        holding.set()
        done.wait(30)
        session.rollback()
    engine.dispose()


def test_a_writer_in_another_process_waits_until_the_holder_leaves(tmp_path):
    engine, sessions = sqlite_sessions(tmp_path)
    spawn = multiprocessing.get_context("spawn")
    holding, done = spawn.Event(), spawn.Event()
    other = spawn.Process(target=hold_a_turn, args=(str(tmp_path / "drafting.sqlite"), holding, done))
    other.start()
    entered = threading.Event()

    def write() -> None:
        with sessions() as session:
            session.execute(sql("SELECT 1"))
            entered.set()

    try:
        assert holding.wait(60)
        writer = threading.Thread(target=write)
        writer.start()
        assert not entered.wait(0.5)  # the other process holds the turn
        done.set()
        assert entered.wait(30)
        writer.join(timeout=30)
    finally:
        done.set()
        other.join(timeout=60)
        engine.dispose()
