"""Presence, claims and the live changes on a real database (SQLite, and PostgreSQL when configured)."""

from __future__ import annotations

import threading
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from drafting import presence, services
from drafting.domain.access import Person, Role
from drafting.domain.model import text
from drafting.io.json_format import loads
from drafting.persistence.tables import PresenceRow, UserRow
from drafting.persistence.unit_of_work import UnitOfWork

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


def person(sessions, name: str) -> Person:
    with UnitOfWork(sessions) as uow:
        row = uow.people.add(UserRow(name=name, password_hash="-", role="drafter"))
        made = Person(row.id, name, Role.DRAFTER, frozenset({"COSI"}))
        uow.commit()
    return made


@pytest.fixture
def sample_id(sessions) -> int:
    with UnitOfWork(sessions) as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def anna(sessions) -> Person:
    return person(sessions, "anna")


@pytest.fixture
def ben(sessions) -> Person:
    return person(sessions, "ben")


def item_ids(sessions, outcome_id: int) -> list[int]:
    with UnitOfWork(sessions) as uow:
        return services.open_draft(uow, outcome_id).item_ids


def test_a_second_heartbeat_updates_the_row_the_first_made(sessions, sample_id, anna):
    first, second = item_ids(sessions, sample_id)[:2]
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, anna, first)
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, anna, second)
    with UnitOfWork(sessions) as uow:
        rows = uow.session.scalar(select(func.count()).select_from(PresenceRow))
        here = presence.who_is_here(uow, sample_id)
    assert rows == 1
    assert [(someone.name, someone.item_id, someone.item_number) for someone in here] == [("anna", second, 2)]


def test_simultaneous_first_heartbeats_of_one_person_both_succeed(sessions, sample_id, anna):
    failures: list[BaseException] = []
    barrier = threading.Barrier(4)

    def beat() -> None:
        try:
            barrier.wait(timeout=10)
            with UnitOfWork(sessions) as uow:
                presence.heartbeat(uow, sample_id, anna, None)
        except BaseException as error:  # noqa: BLE001 - every failure is reported below
            failures.append(error)

    threads = [threading.Thread(target=beat) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert failures == []
    with UnitOfWork(sessions) as uow:
        assert uow.session.scalar(select(func.count()).select_from(PresenceRow)) == 1


def test_someone_not_seen_for_a_while_is_no_longer_here(sessions, sample_id, anna, ben):
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, anna, None, now=presence.utc_now() - timedelta(seconds=30))
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, ben, None)
    with UnitOfWork(sessions) as uow:
        assert [someone.name for someone in presence.who_is_here(uow, sample_id)] == ["ben"]
        later = presence.utc_now() + presence.PRESENCE_TTL + timedelta(seconds=1)
        assert presence.who_is_here(uow, sample_id, now=later) == []


def test_an_item_of_another_outcome_is_not_shown_as_edited(sessions, sample_id, anna):
    other = services_copy(sessions, sample_id)
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, anna, item_ids(sessions, other)[0])
        here = presence.who_is_here(uow, sample_id)
    assert [(someone.name, someone.item_id, someone.item_number) for someone in here] == [
        ("anna", None, None)
    ]


def services_copy(sessions, outcome_id: int) -> int:
    with UnitOfWork(sessions) as uow:
        return services.duplicate_outcome(uow, outcome_id)


def test_leaving_removes_the_person_and_frees_their_items(sessions, sample_id, anna, ben):
    item = item_ids(sessions, sample_id)[0]
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, anna, item)
        presence.claim(uow, sample_id, item, anna)
        presence.leave(uow, sample_id, anna)
    with UnitOfWork(sessions) as uow:
        assert presence.who_is_here(uow, sample_id) == []
        assert presence.claims(uow, sample_id) == []
        assert presence.claim(uow, sample_id, item, ben).name == "ben"


def test_a_claim_held_by_someone_else_is_refused_naming_them(sessions, sample_id, anna, ben):
    item = item_ids(sessions, sample_id)[3]
    with UnitOfWork(sessions) as uow:
        held = presence.claim(uow, sample_id, item, anna)
    with UnitOfWork(sessions) as uow, pytest.raises(presence.Claimed) as refused:
        presence.claim(uow, sample_id, item, ben)
    assert refused.value.holder == "anna"
    assert abs((refused.value.until - held.until).total_seconds()) < 1
    with UnitOfWork(sessions) as uow:
        assert [(c.item_id, c.name) for c in presence.claims(uow, sample_id)] == [(item, "anna")]
        # The holder opening it again only renews the claim.
        assert presence.claim(uow, sample_id, item, anna).name == "anna"


def test_an_expired_claim_is_taken_without_asking(sessions, sample_id, anna, ben):
    item = item_ids(sessions, sample_id)[0]
    long_ago = presence.utc_now() - presence.CLAIM_TTL - timedelta(seconds=5)
    with UnitOfWork(sessions) as uow:
        presence.claim(uow, sample_id, item, anna, now=long_ago)
    with UnitOfWork(sessions) as uow:
        assert presence.claims(uow, sample_id) == []  # expired: not shown to anyone
        assert presence.claim(uow, sample_id, item, ben).name == "ben"
        assert [c.name for c in presence.claims(uow, sample_id)] == ["ben"]


def test_a_claim_can_be_taken_over_and_the_old_holder_no_longer_renews_it(sessions, sample_id, anna, ben):
    item = item_ids(sessions, sample_id)[0]
    with UnitOfWork(sessions) as uow:
        presence.claim(uow, sample_id, item, anna)
        presence.claim(uow, sample_id, item, ben, take_over=True)
    with UnitOfWork(sessions) as uow:
        # Anna's page still names the item: that neither takes it back nor ends Ben's claim.
        presence.heartbeat(uow, sample_id, anna, item)
        assert [c.name for c in presence.claims(uow, sample_id)] == ["ben"]
        presence.release(uow, sample_id, item, anna)  # not hers any more: nothing happens
        assert [c.name for c in presence.claims(uow, sample_id)] == ["ben"]
        presence.release(uow, sample_id, item, ben)
        assert presence.claims(uow, sample_id) == []


def test_heartbeats_naming_the_item_renew_its_claim_and_naming_none_frees_it(sessions, sample_id, anna):
    item = item_ids(sessions, sample_id)[0]
    start = presence.utc_now()
    with UnitOfWork(sessions) as uow:
        presence.claim(uow, sample_id, item, anna, now=start)
        presence.heartbeat(uow, sample_id, anna, item, now=start + timedelta(seconds=60))
    with UnitOfWork(sessions) as uow:
        # Past the first claim's expiry, within the renewed one.
        later = start + presence.CLAIM_TTL + timedelta(seconds=30)
        assert [c.name for c in presence.claims(uow, sample_id, now=later)] == ["anna"]
        presence.heartbeat(uow, sample_id, anna, None)
        assert presence.claims(uow, sample_id) == []


def test_an_item_of_another_outcome_cannot_be_claimed(sessions, sample_id, anna):
    other = services_copy(sessions, sample_id)
    with UnitOfWork(sessions) as uow, pytest.raises(presence.NotFound):
        presence.claim(uow, sample_id, item_ids(sessions, other)[0], anna)


def test_changes_since_gives_exactly_the_later_changes_of_that_outcome(sessions, sample_id, anna, ben):
    other = services_copy(sessions, sample_id)
    with UnitOfWork(sessions) as uow:
        before, cursor = presence.changes_since(uow, sample_id, 0)
    assert [(c.unit, c.action) for c in before] == [("outcome", "create")]
    assert cursor == before[-1].id
    first = item_ids(sessions, sample_id)[0]
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        item = replace(draft.outcome.items[0], heading=text("Adoption of the agenda, as amended"))
        services.update_item(uow, sample_id, first, draft.item_versions[0], item, by=anna)
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, other)  # a change elsewhere is not this outcome's
        services.update_item(uow, other, draft.item_ids[0], draft.item_versions[0], item, by=ben)
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        services.move_item(uow, sample_id, first, 2, draft.order_version, by=ben)
    with UnitOfWork(sessions) as uow:
        later, newest = presence.changes_since(uow, sample_id, cursor)
        assert presence.latest_change(uow, sample_id) == newest
        again, same = presence.changes_since(uow, sample_id, newest)
    assert [(c.unit, c.item_id, c.action, c.by) for c in later][:2] == [
        ("item", first, "edit", "anna"),
        ("order", first, "move", "ben"),
    ]
    assert all(c.id > cursor for c in later) and newest == later[-1].id
    assert (again, same) == ([], newest)


def test_a_heartbeat_naming_a_free_item_claims_it_and_never_takes_one_held(sessions, sample_id, anna, ben):
    first, second = item_ids(sessions, sample_id)[:2]
    with UnitOfWork(sessions) as uow:
        assert presence.heartbeat(uow, sample_id, anna, first) is True
    with UnitOfWork(sessions) as uow:
        assert [(c.item_id, c.name) for c in presence.claims(uow, sample_id)] == [(first, "anna")]
        # Held by Anna: Ben's page is only present.
        assert presence.heartbeat(uow, sample_id, ben, first) is False
    with UnitOfWork(sessions) as uow:
        assert [(c.item_id, c.name) for c in presence.claims(uow, sample_id)] == [(first, "anna")]
        assert [(someone.name, someone.item_id) for someone in presence.who_is_here(uow, sample_id)] == [
            ("anna", first),
            ("ben", first),
        ]
        presence.heartbeat(uow, sample_id, ben, second)
    with UnitOfWork(sessions) as uow:
        assert [(c.item_id, c.name) for c in presence.claims(uow, sample_id)] == [
            (first, "anna"),
            (second, "ben"),
        ]


def test_a_heartbeat_takes_an_expired_claim_but_not_when_it_may_not_claim(sessions, sample_id, anna, ben):
    item = item_ids(sessions, sample_id)[0]
    long_ago = presence.utc_now() - presence.CLAIM_TTL - timedelta(seconds=5)
    with UnitOfWork(sessions) as uow:
        presence.claim(uow, sample_id, item, anna, now=long_ago)
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, ben, item, claiming=False)  # a reviewer, or a final outcome
        assert presence.claims(uow, sample_id) == []
        presence.heartbeat(uow, sample_id, ben, item)
    with UnitOfWork(sessions) as uow:
        assert [(c.item_id, c.name) for c in presence.claims(uow, sample_id)] == [(item, "ben")]


def test_a_heartbeat_naming_an_item_of_another_outcome_claims_nothing(sessions, sample_id, anna):
    other = services_copy(sessions, sample_id)
    foreign = item_ids(sessions, other)[0]
    with UnitOfWork(sessions) as uow:
        presence.heartbeat(uow, sample_id, anna, foreign)
    with UnitOfWork(sessions) as uow:
        assert presence.claims(uow, sample_id) == [] and presence.claims(uow, other) == []


def test_someone_else_editing_names_only_another_persons_running_claim(sessions, sample_id, anna, ben):
    first, second = item_ids(sessions, sample_id)[:2]
    long_ago = presence.utc_now() - presence.CLAIM_TTL - timedelta(seconds=5)
    with UnitOfWork(sessions) as uow:
        held = presence.claim(uow, sample_id, first, anna)
        presence.claim(uow, sample_id, second, anna, now=long_ago)
    with UnitOfWork(sessions) as uow:
        found = presence.someone_else_editing(uow, sample_id, first, ben)
        assert found is not None and (found.name, found.item_id) == ("anna", first)
        assert abs((found.seen - (held.until - presence.CLAIM_TTL)).total_seconds()) < 1
        assert presence.someone_else_editing(uow, sample_id, first, anna) is None  # her own
        assert presence.someone_else_editing(uow, sample_id, second, ben) is None  # expired


def test_a_presence_write_given_up_by_the_database_is_made_again_and_other_errors_are_not():
    from types import SimpleNamespace

    from sqlalchemy.exc import OperationalError

    from drafting.presence import retried

    class GivenUp(Exception):
        sqlstate = "40P01"

    rolled_back = []
    uow = SimpleNamespace(session=SimpleNamespace(rollback=lambda: rolled_back.append(True)))
    calls = []

    @retried
    def write(_uow, fail_with):
        calls.append(fail_with)
        if len(calls) == 1:
            raise OperationalError("INSERT …", {}, fail_with)
        return "written"

    assert write(uow, GivenUp()) == "written" and len(calls) == 2 and rolled_back == [True]

    calls.clear()

    class Broken(Exception):
        sqlstate = "08006"  # the connection lost: not to be hidden by trying again

    with pytest.raises(OperationalError):
        write(uow, Broken())
    assert len(calls) == 1
