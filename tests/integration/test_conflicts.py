"""Stale saves on a real database: merged when they touch other parts, refused naming who and when."""

from __future__ import annotations

import copy
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from drafting import services
from drafting.accounts import person_of
from drafting.conflicts import base_of, last_change
from drafting.domain.model import Footnote, Item, Paragraph, text
from drafting.io.json_format import loads
from drafting.persistence.tables import UserRow
from drafting.persistence.unit_of_work import UnitOfWork

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


def person(sessions, name: str):
    with UnitOfWork(sessions) as uow:
        row = uow.people.add(UserRow(name=name, password_hash="-", role="admin"))
        made = person_of(row)
        uow.commit()
    return made


@pytest.fixture
def people(sessions):
    return person(sessions, "anna"), person(sessions, "ben")


@pytest.fixture
def added(sessions, people) -> tuple[int, int]:
    """An outcome with one item added through the service, so its first version is in the history."""
    with UnitOfWork(sessions) as uow:
        outcome_id = services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))
    item = Item(
        number=12,
        heading=text("Any other business"),
        blocks=[Paragraph(text("First.")), Paragraph(text("Second."))],
        footnotes=[Footnote("1", text("A note."))],
    )
    with UnitOfWork(sessions) as uow:
        _, item_id = services.add_item(uow, outcome_id, 1, item, by=people[0])
    return outcome_id, item_id


def current(sessions, outcome_id: int, item_id: int) -> tuple[Item, int]:
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, outcome_id)
    index = draft.position_of(item_id)
    return draft.outcome.items[index], draft.item_versions[index]


def save(sessions, outcome_id, item_id, version, item, by, base=None):
    with UnitOfWork(sessions) as uow:
        return services.update_item(uow, outcome_id, item_id, version, item, by=by, base=base)


def test_the_history_gives_the_item_at_each_version(sessions, people, added):
    outcome_id, item_id = added
    first, version = current(sessions, outcome_id, item_id)
    assert version == 1
    save(sessions, outcome_id, item_id, 1, replace(first, heading=text("Changed")), people[0])
    with UnitOfWork(sessions) as uow:
        assert base_of(uow, outcome_id, item_id, 1) == first
        assert base_of(uow, outcome_id, item_id, 2).heading == text("Changed")
        assert base_of(uow, outcome_id, item_id, 3) is None


def test_an_item_that_came_with_the_outcome_has_no_base(sessions, people, added):
    outcome_id, _ = added
    with UnitOfWork(sessions) as uow:
        first_id = services.open_draft(uow, outcome_id).item_ids[0]
        assert base_of(uow, outcome_id, first_id, 1) is None


def test_a_stale_save_with_its_base_merges_changes_to_other_parts(sessions, people, added):
    anna, ben = people
    outcome_id, item_id = added
    opened, version = current(sessions, outcome_id, item_id)
    theirs = copy.deepcopy(opened)
    theirs.blocks[1] = Paragraph(text("Second, as Anna has it."))
    save(sessions, outcome_id, item_id, version, theirs, anna)
    mine = copy.deepcopy(opened)
    mine.footnotes[0] = Footnote("1", text("Ben's note."))
    mine.heading = text("Other business")
    draft = save(sessions, outcome_id, item_id, version, mine, ben, base=opened)
    saved, now = current(sessions, outcome_id, item_id)
    assert now == 3 and draft.item_versions[draft.position_of(item_id)] == 3
    assert saved.blocks[1] == Paragraph(text("Second, as Anna has it."))
    assert saved.footnotes[0] == Footnote("1", text("Ben's note."))
    assert saved.heading == text("Other business")
    with UnitOfWork(sessions) as uow:
        assert last_change(uow, outcome_id, "item", item_id).by == "ben"


def test_a_stale_save_touching_the_same_part_is_a_conflict_naming_who_and_when(sessions, people, added):
    anna, ben = people
    outcome_id, item_id = added
    opened, version = current(sessions, outcome_id, item_id)
    theirs = copy.deepcopy(opened)
    theirs.blocks[0] = Paragraph(text("First, as Anna has it."))
    save(sessions, outcome_id, item_id, version, theirs, anna)
    mine = copy.deepcopy(opened)
    mine.blocks[0] = Paragraph(text("First, as Ben has it."))
    with pytest.raises(services.Conflict) as refused:
        save(sessions, outcome_id, item_id, version, mine, ben, base=opened)
    conflict = refused.value
    assert conflict.changed_by == "anna"
    assert conflict.changed_at is not None and conflict.changed_at.tzinfo is not None
    assert abs(conflict.changed_at - datetime.now(UTC)) < timedelta(minutes=5)
    saved, now = current(sessions, outcome_id, item_id)
    assert now == 2 and saved.blocks[0] == Paragraph(text("First, as Anna has it."))


def test_a_stale_save_without_a_base_is_a_conflict_even_when_it_would_merge(sessions, people, added):
    anna, ben = people
    outcome_id, item_id = added
    opened, version = current(sessions, outcome_id, item_id)
    save(sessions, outcome_id, item_id, version, replace(opened, heading=text("Anna's")), anna)
    mine = replace(opened, footnotes=[])
    with pytest.raises(services.Conflict) as refused:
        save(sessions, outcome_id, item_id, version, mine, ben)
    assert refused.value.changed_by == "anna"


def test_header_and_order_conflicts_name_who_changed_them(sessions, people, added):
    anna, ben = people
    outcome_id, item_id = added
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, outcome_id)
    header = replace(draft.outcome, subject="Standing Committee (COSI)")
    with UnitOfWork(sessions) as uow:
        services.update_header(uow, outcome_id, 1, header, by=anna)
    with UnitOfWork(sessions) as uow, pytest.raises(services.Conflict) as refused:
        services.update_header(uow, outcome_id, 1, header, by=ben)
    assert refused.value.changed_by == "anna" and refused.value.changed_at is not None
    # the order was last changed by anna's add (order version 2)
    with UnitOfWork(sessions) as uow, pytest.raises(services.Conflict) as refused:
        services.move_item(uow, outcome_id, item_id, 0, 1, by=ben)
    assert refused.value.changed_by == "anna"
