"""The history on a real database: versions read back, compared, and restored as new changes."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from drafting import history, services
from drafting.domain.access import Person, Role
from drafting.domain.diff import Kind, Piece
from drafting.domain.model import Item, Outcome, Paragraph, plain_text, text
from drafting.persistence.tables import ChangeRow, OutcomeRow
from drafting.persistence.unit_of_work import UnitOfWork

DRAFTER = None  # changes made from the command line: no person


def outcome_of(headings: list[str]) -> Outcome:
    items = [
        Item(i + 1, text(h), [Paragraph(text(f"The Committee noted {h}."))]) for i, h in enumerate(headings)
    ]
    return Outcome(document_number="15754/17", subject="Standing Committee (COSI)", items=items)


@pytest.fixture
def outcome_id(sessions) -> int:
    with UnitOfWork(sessions) as uow:
        return services.create_outcome(uow, outcome_of(["Agenda", "Roadmap", "Any other business"]))


def draft(sessions, outcome_id):
    with UnitOfWork(sessions) as uow:
        return services.open_draft(uow, outcome_id)


def edit_heading(sessions, outcome_id, position: int, heading: str):
    current = draft(sessions, outcome_id)
    item = replace(current.outcome.items[position], heading=text(heading))
    with UnitOfWork(sessions) as uow:
        return services.update_item(
            uow, outcome_id, current.item_ids[position], current.item_versions[position], item
        )


def actions(sessions, outcome_id) -> list[tuple[str, str]]:
    with UnitOfWork(sessions) as uow:
        return [(c.unit, c.action) for c in history.outcome_changes(uow, outcome_id)]


def test_an_edit_is_listed_newest_first_with_who_made_it(sessions, outcome_id):
    with UnitOfWork(sessions) as uow:
        from drafting.persistence.tables import UserRow

        user = uow.people.add(UserRow(name="clerk", password_hash="x", role="drafter"))
        uow.commit()
        clerk = Person(user.id, "clerk", Role.DRAFTER, frozenset({"COSI"}))
    current = draft(sessions, outcome_id)
    item = replace(current.outcome.items[1], heading=text("Updated Roadmap"))
    with UnitOfWork(sessions) as uow:
        services.update_item(uow, outcome_id, current.item_ids[1], 1, item, by=clerk)
    with UnitOfWork(sessions) as uow:
        changes = history.outcome_changes(uow, outcome_id)
        mine = history.item_changes(uow, outcome_id, current.item_ids[1])
    assert [(c.unit, c.action) for c in changes] == [("item", "edit"), ("outcome", "create")]
    assert changes[0].by == "clerk" and changes[1].by == "the system"
    assert changes[0].summary == "Item 2 edited"
    assert [c.id for c in mine] == [changes[0].id]


def test_the_versions_of_an_item_are_read_before_and_after_each_change(sessions, outcome_id):
    edit_heading(sessions, outcome_id, 1, "Roadmap, second reading")
    edit_heading(sessions, outcome_id, 1, "Roadmap, third reading")
    item_id = draft(sessions, outcome_id).item_ids[1]
    with UnitOfWork(sessions) as uow:
        changes, current, _ = history.item_versions(uow, outcome_id, item_id)
        newest, oldest = changes
        headings = [
            history.state_before(changes, oldest.id, current)["heading"][0]["text"],
            history.state_after(changes, oldest.id, current)["heading"][0]["text"],
            history.state_after(changes, newest.id, current)["heading"][0]["text"],
        ]
        comparison = history.compare(uow, outcome_id, newest.id, oldest.id)
    assert headings == ["Roadmap", "Roadmap, second reading", "Roadmap, third reading"]
    assert (
        Piece(Kind.REMOVED, "second") in comparison.pieces and Piece(Kind.ADDED, "third") in comparison.pieces
    )


def test_restoring_an_earlier_version_is_a_new_change_recorded_as_restore(sessions, outcome_id):
    edit_heading(sessions, outcome_id, 0, "Adoption of the agenda")
    item_id = draft(sessions, outcome_id).item_ids[0]
    with UnitOfWork(sessions) as uow:
        (edit,) = history.item_changes(uow, outcome_id, item_id)
    with UnitOfWork(sessions) as uow:
        done = history.restore(uow, outcome_id, edit.id, DRAFTER, side="before")
    assert plain_text(done.draft.outcome.items[0].heading) == "Agenda"
    assert plain_text(draft(sessions, outcome_id).outcome.items[0].heading) == "Agenda"
    assert actions(sessions, outcome_id)[:2] == [("item", "restore"), ("item", "edit")]
    with UnitOfWork(sessions) as uow, pytest.raises(history.NothingToRestore):
        history.restore(uow, outcome_id, edit.id, DRAFTER, side="before")  # it reads so already


def test_a_deleted_item_is_listed_and_comes_back_in_its_place_with_its_content(sessions, outcome_id):
    before = draft(sessions, outcome_id)
    gone = before.item_ids[1]
    with UnitOfWork(sessions) as uow:
        services.delete_item(uow, outcome_id, gone, before.order_version)
    with UnitOfWork(sessions) as uow:
        (deleted,) = history.deleted_items(uow, outcome_id)
    assert deleted.item_id == gone and plain_text(deleted.item.heading) == "Roadmap"
    with UnitOfWork(sessions) as uow:
        done = history.restore(uow, outcome_id, deleted.change.id, DRAFTER)
    after = draft(sessions, outcome_id)
    assert [plain_text(i.heading) for i in after.outcome.items] == ["Agenda", "Roadmap", "Any other business"]
    assert after.outcome.items[1].blocks == before.outcome.items[1].blocks
    assert done.unit == "order" and after.item_ids[1] == done.item_id != gone
    with UnitOfWork(sessions) as uow:
        assert history.deleted_items(uow, outcome_id) == []
        assert history.brought_back_as(uow, outcome_id, gone) == done.item_id
        # The item brought back keeps the history of the one deleted.
        lineage = history.item_changes(uow, outcome_id, done.item_id)
    assert [(c.unit, c.action, c.item_id) for c in lineage] == [
        ("order", "restore", done.item_id),
        ("order", "restore", gone),
        ("order", "delete", gone),
    ]
    with UnitOfWork(sessions) as uow, pytest.raises(history.NothingToRestore):
        history.restore(uow, outcome_id, deleted.change.id, DRAFTER, item_id=gone)  # not twice


def test_a_deleted_item_comes_back_at_the_end_when_its_place_is_gone(sessions, outcome_id):
    current = draft(sessions, outcome_id)
    with UnitOfWork(sessions) as uow:
        services.delete_item(uow, outcome_id, current.item_ids[2], current.order_version)
    current = draft(sessions, outcome_id)
    with UnitOfWork(sessions) as uow:
        services.delete_item(uow, outcome_id, current.item_ids[1], current.order_version)
    with UnitOfWork(sessions) as uow:
        last = [d for d in history.deleted_items(uow, outcome_id) if d.item.number == 3][0]
        history.restore(uow, outcome_id, last.change.id, DRAFTER)
    assert [plain_text(i.heading) for i in draft(sessions, outcome_id).outcome.items] == [
        "Agenda",
        "Any other business",
    ]


def test_the_header_is_restored_through_its_own_history(sessions, outcome_id):
    current = draft(sessions, outcome_id)
    changed = replace(current.outcome, document_number="15754/1/17 REV 1")
    with UnitOfWork(sessions) as uow:
        services.update_header(uow, outcome_id, current.version, changed)
    with UnitOfWork(sessions) as uow:
        (edit,) = history.header_changes(uow, outcome_id)
        comparison = history.compare(uow, outcome_id, edit.id)
    assert "Document number: 15754/17" in comparison.old_text
    with UnitOfWork(sessions) as uow:
        done = history.restore(uow, outcome_id, edit.id, DRAFTER, side="before")
    assert done.unit == "header" and draft(sessions, outcome_id).outcome.document_number == "15754/17"
    assert actions(sessions, outcome_id)[0] == ("header", "restore")


def test_a_final_outcome_refuses_a_restore(sessions, outcome_id):
    edit_heading(sessions, outcome_id, 0, "Adoption of the agenda")
    with UnitOfWork(sessions) as uow:
        (edit,) = history.item_changes(uow, outcome_id, draft(sessions, outcome_id).item_ids[0])
        uow.session.get(OutcomeRow, outcome_id).status = "final"
        uow.commit()
    with UnitOfWork(sessions) as uow, pytest.raises(services.Refused):
        history.restore(uow, outcome_id, edit.id, DRAFTER, side="before")
    with UnitOfWork(sessions) as uow:
        count = len(list(uow.session.scalars(select(ChangeRow).where(ChangeRow.outcome_id == outcome_id))))
    assert count == 2  # nothing recorded


def test_changes_of_another_outcome_or_unknown_ones_are_not_found(sessions, outcome_id):
    with UnitOfWork(sessions) as uow:
        other = services.create_outcome(uow, outcome_of(["Elsewhere"]))
    edit_heading(sessions, other, 0, "Elsewhere, changed")
    with UnitOfWork(sessions) as uow:
        (foreign,) = history.item_changes(uow, other, draft(sessions, other).item_ids[0])
    for change_id in (foreign.id, 99999):
        with UnitOfWork(sessions) as uow, pytest.raises(services.NotFound):
            history.compare(uow, outcome_id, change_id)
        with UnitOfWork(sessions) as uow, pytest.raises(services.NotFound):
            history.restore(uow, outcome_id, change_id, DRAFTER)
    with UnitOfWork(sessions) as uow, pytest.raises(services.NotFound):
        history.item_changes(uow, outcome_id, 99999)


def test_a_change_without_text_cannot_be_restored(sessions, outcome_id):
    current = draft(sessions, outcome_id)
    with UnitOfWork(sessions) as uow:
        services.move_item(uow, outcome_id, current.item_ids[0], 2, current.order_version)
    with UnitOfWork(sessions) as uow:
        (move,) = [c for c in history.outcome_changes(uow, outcome_id) if c.action == "move"]
    assert move.action == "move" and move.summary == "An item moved from place 1 to place 3"
    with UnitOfWork(sessions) as uow, pytest.raises(history.NothingToRestore):
        history.restore(uow, outcome_id, move.id, DRAFTER)
