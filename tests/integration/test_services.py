"""The use cases on a real database: versions guard changes, numbering follows, search finds references."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from drafting import services
from drafting.domain.model import Item, Numbering, Paragraph, text
from drafting.io.json_format import loads
from drafting.persistence.unit_of_work import UnitOfWork

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"


@pytest.fixture
def sample_id(sessions) -> int:
    with UnitOfWork(sessions) as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


def headings(draft) -> list[str]:
    return [item.heading[0].text for item in draft.outcome.items]


def test_a_created_outcome_opens_as_it_was_stored(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
    assert draft.outcome == loads(SAMPLE.read_text(encoding="utf-8"))
    assert draft.version == 1 and draft.order_version == 1
    assert len(draft.item_ids) == len(draft.item_versions) == 11


def test_an_unknown_outcome_is_not_found(sessions):
    with UnitOfWork(sessions) as uow, pytest.raises(services.NotFound):
        services.open_draft(uow, 999)


@pytest.mark.parametrize(
    "query",
    [
        "14260/1/17 REV 1",
        "ST 14260 2017 REV 1",
        "ST-14260-2017-REV-1",
        "https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf",
        "Hawala",
        "15754/17",
        "cosi",
    ],
)
def test_search_finds_the_sample_by_any_form_of_a_reference_it_cites_or_by_a_word(sessions, sample_id, query):
    with UnitOfWork(sessions) as uow:
        found = services.list_outcomes(uow, services.Filters(query=query))
    assert [summary.id for summary in found] == [sample_id]


@pytest.mark.parametrize(
    ("query", "cited"),
    [
        ("COM(2016) 476", "COM(2016) 476 final"),
        ("COM (2016) 476 final", "COM(2016) 476 final"),
        ("ST 11213 2020 ADD 1", "11213/20 + ADD 1"),
        ("11213/20", "11213/20 + ADD 1"),
        ("COD 2017/0144", "2017/0144 (COD)"),
    ],
)
def test_a_document_is_found_however_the_query_and_the_text_write_it(sessions, query, cited):
    outcome = loads(SAMPLE.read_text(encoding="utf-8"))
    outcome.items[3].blocks.append(Paragraph(text(f"The Committee took note of {cited}.")))
    with UnitOfWork(sessions) as uow:
        citing = services.create_outcome(uow, outcome)
        services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))  # cites none of them

        found = services.list_outcomes(uow, services.Filters(query=query))

    assert [summary.id for summary in found] == [citing]


@pytest.mark.parametrize("query", ["14260/1/17 REV 10", "ST 14260 2016 REV 1", "nowhere-to-be-found"])
def test_search_does_not_find_what_the_sample_does_not_cite(sessions, sample_id, query):
    with UnitOfWork(sessions) as uow:
        assert services.list_outcomes(uow, services.Filters(query=query)) == []


def test_the_list_is_filtered_by_body_year_and_status(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        assert [s.body for s in services.list_outcomes(uow, services.Filters(body="COSI"))] == ["COSI"]
        assert services.list_outcomes(uow, services.Filters(body="CATS")) == []
        assert len(services.list_outcomes(uow, services.Filters(year=2017, status="draft"))) == 1
        assert services.list_outcomes(uow, services.Filters(year=2016)) == []


def test_a_header_saved_against_an_old_version_is_refused_with_the_current_one(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        mine = replace(draft.outcome, subject="Mine")
        theirs = replace(draft.outcome, subject="Theirs")
        saved = services.update_header(uow, sample_id, draft.version, theirs)
        assert saved.version == 2
    with UnitOfWork(sessions) as uow:
        with pytest.raises(services.Conflict) as refused:
            services.update_header(uow, sample_id, draft.version, mine)
        assert refused.value.current.outcome.subject == "Theirs"
    with UnitOfWork(sessions) as uow:
        assert services.open_draft(uow, sample_id).outcome.subject == "Theirs"


def test_an_item_saved_against_an_old_version_is_refused_and_the_other_edit_kept(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
    item_id, version = draft.item_ids[2], draft.item_versions[2]
    theirs = replace(draft.outcome.items[2], heading=text("Theirs"))
    with UnitOfWork(sessions) as uow:
        services.update_item(uow, sample_id, item_id, version, theirs)
    with UnitOfWork(sessions) as uow, pytest.raises(services.Conflict):
        services.update_item(uow, sample_id, item_id, version, replace(theirs, heading=text("Mine")))
    with UnitOfWork(sessions) as uow:
        current = services.open_draft(uow, sample_id)
    assert current.outcome.items[2].heading == text("Theirs")
    assert current.item_versions[2] == version + 1


def test_adding_moving_and_deleting_items_keeps_the_numbering_consecutive(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        draft, new_id = services.add_item(
            uow, sample_id, draft.order_version, Item(0, text("New")), position=1
        )
    assert headings(draft)[1] == "New"
    assert [i.number for i in draft.outcome.items] == list(range(1, 13))
    with UnitOfWork(sessions) as uow:
        draft = services.move_item(uow, sample_id, new_id, 11, draft.order_version)
    assert headings(draft)[-1] == "New" and headings(draft)[-2].startswith("Any other business")
    assert [i.number for i in draft.outcome.items] == list(range(1, 13))
    with UnitOfWork(sessions) as uow:
        draft = services.delete_item(uow, sample_id, new_id, draft.order_version)
    assert new_id not in draft.item_ids
    assert [i.number for i in draft.outcome.items] == list(range(1, 12))


def test_a_structural_change_against_an_old_order_is_refused(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        services.move_item(uow, sample_id, draft.item_ids[3], 0, draft.order_version)
    with UnitOfWork(sessions) as uow, pytest.raises(services.Conflict):
        services.delete_item(uow, sample_id, draft.item_ids[4], draft.order_version)
    with UnitOfWork(sessions) as uow:
        assert len(services.open_draft(uow, sample_id).item_ids) == 11


def test_agenda_numbering_keeps_the_numbers_the_drafter_gave(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        draft = services.update_header(
            uow, sample_id, draft.version, replace(draft.outcome, numbering=Numbering.AGENDA)
        )
        item = replace(draft.outcome.items[1], number=5)
        draft = services.update_item(uow, sample_id, draft.item_ids[1], draft.item_versions[1], item)
    assert [i.number for i in draft.outcome.items][:3] == [1, 5, 3]


def test_an_export_is_archived_with_its_checksum_and_problem_count(sessions, sample_id, tmp_path):
    import hashlib

    with UnitOfWork(sessions) as uow:
        first, problems = services.export_outcome(uow, sample_id, tmp_path)
    with UnitOfWork(sessions) as uow:
        second, _ = services.export_outcome(uow, sample_id, tmp_path)
        listed = services.list_exports(uow, sample_id, tmp_path)
    assert [e.number for e in listed] == [1, 2]
    assert first.path.read_bytes()[:2] == b"PK"
    assert hashlib.sha256(first.path.read_bytes()).hexdigest() == first.sha256
    assert first.problem_count == len(problems) == 2 and first.error_count == 0
    assert second.path != first.path and second.path.exists()


def test_a_duplicate_is_a_new_outcome_with_the_same_content(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        copy_id = services.duplicate_outcome(uow, sample_id)
        assert copy_id != sample_id
        assert services.open_draft(uow, copy_id).outcome == services.open_draft(uow, sample_id).outcome


def test_an_imported_text_becomes_an_outcome(sessions):
    text_file = SAMPLE.with_suffix(".txt").read_bytes()
    with UnitOfWork(sessions) as uow:
        outcome_id, result = services.import_outcome(uow, text_file, "15754-17.txt")
        assert result.unread == []
        assert len(services.open_draft(uow, outcome_id).outcome.items) == 11


def test_an_item_added_under_agenda_numbering_takes_the_next_number(sessions, sample_id):
    with UnitOfWork(sessions) as uow:
        draft = services.open_draft(uow, sample_id)
        draft = services.update_header(
            uow, sample_id, draft.version, replace(draft.outcome, numbering=Numbering.AGENDA)
        )
        draft, _ = services.add_item(
            uow, sample_id, draft.order_version, Item(0, text("Extra"), [Paragraph(text("x"))])
        )
    assert draft.outcome.items[-1].number == 12
