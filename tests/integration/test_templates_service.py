"""Item templates on a real database: who may keep and change them, and filling one into an outcome."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from drafting import services, templates_service
from drafting.accounts import person_of
from drafting.domain.model import Paragraph, ReferenceLink, Text, plain_text
from drafting.io.json_format import loads
from drafting.persistence.tables import ChangeRow, ItemRow, ItemTemplateRow, UserRow
from drafting.persistence.unit_of_work import UnitOfWork
from drafting.reuse.standard import AGENDA
from drafting.reuse.templates import template_from_json
from drafting.services import NotFound, Refused
from drafting.templates_service import Invalid

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


@pytest.fixture
def sample_id(sessions) -> int:
    with UnitOfWork(sessions) as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def people(sessions):
    made = {}
    with UnitOfWork(sessions) as uow:
        for name, role, bodies in [
            ("dora", "drafter", ["COSI"]),
            ("dan", "drafter", ["COSI"]),
            ("rex", "reviewer", ["COSI"]),
            ("ada", "admin", []),
            ("carl", "drafter", ["CATS"]),
        ]:
            row = UserRow(name=name, password_hash="-", role=role)
            row.teams = [uow.people.team(body) for body in bodies]
            uow.people.add(row)
            made[name] = person_of(row)
        uow.commit()
    return made


def run(sessions, use_case, *args, **kwargs):
    with UnitOfWork(sessions) as uow:
        return use_case(uow, *args, **kwargs)


def opened(sessions, outcome_id):
    return run(sessions, services.open_draft, outcome_id)


def names(sessions, person):
    return [t.name for t in run(sessions, templates_service.list_templates, person)]


def standard_id(sessions, key):
    with UnitOfWork(sessions) as uow:
        templates_service.ensure_standard(uow)
        return uow.session.scalars(select(ItemTemplateRow.id).where(ItemTemplateRow.key == key)).one()


# ---------------------------------------------------------------------- saving and seeing


def test_the_standard_templates_are_there_once_for_everyone(sessions, people):
    for person in (people["dora"], people["rex"], people["carl"]):
        assert {"Adoption of the agenda", "Any other business"} <= set(names(sessions, person))
    names(sessions, people["dora"])  # listing again adds nothing
    with UnitOfWork(sessions) as uow:
        count = uow.session.scalar(
            select(func.count()).select_from(ItemTemplateRow).where(ItemTemplateRow.key == "agenda")
        )
    assert count == 1


def test_a_personal_template_is_seen_by_its_owner_only(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[2]
    run(
        sessions,
        templates_service.save_item_as_template,
        sample_id,
        item_id,
        "My item",
        "",
        "personal",
        people["dora"],
    )

    assert "My item" in names(sessions, people["dora"])
    assert "My item" not in names(sessions, people["dan"])
    assert "My item" not in names(sessions, people["ada"])


def test_a_team_template_is_seen_by_the_team_and_changed_by_its_drafters(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[2]
    template_id = run(
        sessions,
        templates_service.save_item_as_template,
        sample_id,
        item_id,
        "COSI item",
        "d",
        "team",
        people["dora"],
    )

    assert "COSI item" in names(sessions, people["dan"])
    assert "COSI item" in names(sessions, people["rex"])
    assert "COSI item" in names(sessions, people["ada"])
    assert "COSI item" not in names(sessions, people["carl"])

    renamed = run(
        sessions, templates_service.update_template, template_id, people["dan"], name="COSI usual item"
    )
    assert renamed.name == "COSI usual item"
    with pytest.raises(Refused):
        run(sessions, templates_service.update_template, template_id, people["rex"], name="x")
    with pytest.raises(NotFound):
        run(sessions, templates_service.delete_template, template_id, people["carl"])
    run(sessions, templates_service.delete_template, template_id, people["ada"])
    assert "COSI usual item" not in names(sessions, people["dan"])


def test_who_may_make_and_change_templates(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[2]
    save = templates_service.save_item_as_template

    with pytest.raises(Refused, match="reviewer"):
        run(sessions, save, sample_id, item_id, "Review", "", "personal", people["rex"])
    with pytest.raises(NotFound):  # another team's outcome is not theirs to read
        run(sessions, save, sample_id, item_id, "Theirs", "", "team", people["carl"])
    with pytest.raises(Refused):
        run(sessions, save, sample_id, item_id, "Shipped", "", "standard", people["ada"])
    with pytest.raises(Invalid) as refused:
        run(sessions, save, sample_id, item_id, "  ", "", "personal", people["dora"])
    assert refused.value.problems[0].location.field == "name"

    mine = run(sessions, save, sample_id, item_id, "Mine", "", "personal", people["dora"])
    with pytest.raises(NotFound):  # another's personal template is not even shown
        run(sessions, templates_service.update_template, mine, people["dan"], name="Taken")
    with pytest.raises(Refused):
        run(
            sessions,
            templates_service.update_template,
            standard_id(sessions, "agenda"),
            people["ada"],
            name="x",
        )


# ---------------------------------------------------------------------- filling into an outcome


def insert(sessions, outcome_id, template_id, values, by, position=1):
    draft = opened(sessions, outcome_id)
    return run(
        sessions,
        templates_service.fill_and_insert,
        outcome_id,
        template_id,
        values,
        position,
        draft.order_version,
        by,
    )


def test_filling_inserts_an_ordinary_item_recorded_in_the_history(sessions, sample_id, people):
    agenda = standard_id(sessions, "agenda")
    before = opened(sessions, sample_id)

    done = insert(sessions, sample_id, agenda, {"agenda": "CM 4945/17"}, people["dora"])

    assert done.inserted and done.problems == []
    after = opened(sessions, sample_id)
    assert len(after.item_ids) == len(before.item_ids) + 1
    assert after.item_ids[1] == done.item_id
    assert after.outcome.items[1].number == 2
    assert after.outcome.items[1].blocks == [
        Paragraph((Text("The agenda set out in "), ReferenceLink("CM 4945/17"), Text(" was adopted.")))
    ]
    with UnitOfWork(sessions) as uow:
        added = uow.session.scalars(
            select(ChangeRow).where(ChangeRow.item_id == done.item_id, ChangeRow.action == "add")
        ).one()
        assert added.user_id == people["dora"].id
        assert uow.session.get(ItemTemplateRow, agenda).usage_count == 1


def test_invalid_values_insert_nothing(sessions, sample_id, people):
    endorsement = standard_id(sessions, "endorsement")
    before = opened(sessions, sample_id)
    values = {"title": "Conclusions", "subject": "the conclusions", "document": "12223/2/17 REV 3"}

    done = insert(sessions, sample_id, endorsement, values, people["dora"])

    assert not done.inserted
    assert [(p.code, p.location.field, p.suggestion) for p in done.problems] == [
        ("reference.rev-mismatch", "document", "12223/3/17 REV 3")
    ]
    after = opened(sessions, sample_id)
    assert (after.item_ids, after.order_version) == (before.item_ids, before.order_version)
    with UnitOfWork(sessions) as uow:
        assert uow.session.get(ItemTemplateRow, endorsement).usage_count == 0


def test_a_reviewer_or_another_team_cannot_insert(sessions, sample_id, people):
    agenda = standard_id(sessions, "agenda")
    with pytest.raises(Refused):
        insert(sessions, sample_id, agenda, {"agenda": "CM 4945/17"}, people["rex"])
    with pytest.raises(Refused):
        insert(sessions, sample_id, agenda, {"agenda": "CM 4945/17"}, people["carl"])


def test_the_mixed_committee_footnote_follows_the_footnotes_before_it(sessions, sample_id, people):
    mixed = standard_id(sessions, "mixed-committee")
    draft = opened(sessions, sample_id)
    notes_before = sum(len(item.footnotes) for item in draft.outcome.items)

    done = insert(
        sessions, sample_id, mixed, {"title": "Schengen", "subject": "the report"}, people["dora"], None
    )

    item = opened(sessions, sample_id).outcome.items[-1]
    assert done.inserted and item.mixed_committee
    assert [note.label for note in item.footnotes] == [str(notes_before + 1)]


def test_editing_a_template_leaves_the_items_made_from_it_unchanged(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[0]
    template_id = run(
        sessions,
        templates_service.save_item_as_template,
        sample_id,
        item_id,
        "Agenda",
        "",
        "team",
        people["dora"],
        references_as_placeholders=True,
    )
    done = insert(sessions, sample_id, template_id, {"document": "CM 4945/17"}, people["dora"], 2)
    assert done.inserted, done.problems
    made = opened(sessions, sample_id).outcome.items[2]

    current = run(sessions, templates_service.get_template, template_id, people["dan"]).template
    changed = template_from_json(
        current.key,
        current.name,
        "",
        {"item": AGENDA.item, "placeholders": [{"name": "agenda", "kind": "reference"}]},
    )
    run(sessions, templates_service.update_template, template_id, people["dan"], template=changed)

    after = opened(sessions, sample_id)
    assert after.outcome.items[after.item_ids.index(done.item_id)] == made
    assert "CM 4945/17" in plain_text(made.blocks[0].content)
    with UnitOfWork(sessions) as uow:
        assert uow.session.get(ItemRow, done.item_id).version == 1


def test_a_broken_template_is_not_kept(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[0]
    template_id = run(
        sessions,
        templates_service.save_item_as_template,
        sample_id,
        item_id,
        "Agenda",
        "",
        "personal",
        people["dora"],
    )
    broken = template_from_json("x", "Agenda", "", {"item": {"number": 1, "heading": "not spans"}})

    with pytest.raises(Invalid):
        run(sessions, templates_service.update_template, template_id, people["dora"], template=broken)


def test_the_cosi_skeleton_lists_its_templates_in_order(sessions, people):
    (skeleton,) = run(sessions, templates_service.list_skeletons, people["dora"], "COSI")

    keys = [t.template.key for t in skeleton.templates]
    assert keys[0] == "agenda" and keys[-1] == "any-other-business"
    assert run(sessions, templates_service.list_skeletons, people["dora"], "CATS") == []


def test_a_team_skeleton_holds_only_the_standard_templates_and_the_team_s_own(sessions, sample_id, people):
    item_id = opened(sessions, sample_id).item_ids[2]
    mine = run(
        sessions,
        templates_service.save_item_as_template,
        sample_id,
        item_id,
        "Dora's own",
        "",
        "personal",
        people["dora"],
    )
    agenda = standard_id(sessions, "agenda")

    # The team's other drafters could not use a personal template: the service refuses it, whoever calls.
    with pytest.raises(services.Refused, match="is not the COSI team's"):
        run(sessions, templates_service.save_skeleton, "Ours", "COSI", [agenda, mine], "team", people["dora"])
    made = run(
        sessions, templates_service.save_skeleton, "Mine", "COSI", [agenda, mine], "personal", people["dora"]
    )

    assert made > 0
    assert [s.name for s in run(sessions, templates_service.list_skeletons, people["dan"], "COSI")] == [
        "COSI meeting"
    ]
