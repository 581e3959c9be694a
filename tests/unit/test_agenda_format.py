"""The agenda kept beside an outcome: written and read back whole; anything unreadable is no agenda."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path

import pytest

from drafting.domain.agenda import Agenda, AgendaItem, AgendaSubItem, agenda_check
from drafting.domain.model import SubjectCode
from drafting.io import FormatError
from drafting.io.agenda_format import agenda_from_json, agenda_json, read_agenda_json
from drafting.io.agenda_import import outcome_from_agenda, read_agenda_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "agenda-cosi-4921-17.txt"


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return read_agenda_text(FIXTURE.read_text(encoding="utf-8"))


def through_text(data: dict) -> object:
    """As a database column gives it back: written as JSON text and parsed again."""
    return json.loads(json.dumps(data, ensure_ascii=False))


def test_a_realistic_agenda_comes_back_equal(agenda):
    # What the round trip must carry is really there, or equality would prove little.
    assert agenda.document_number == "CM 4921/17" and len(agenda.items) == 11
    two, seven = agenda.item(2), agenda.item(7)
    assert two.mixed_committee and two.ia_item and two.documents == ["12223/3/17 REV 3"]
    assert [sub.letter for sub in seven.sub_items] == ["a", "b", "c"]
    assert seven.sub_items[2].for_information and agenda.unread and agenda.notes

    back = read_agenda_json(through_text(agenda_json(agenda)))
    assert back == agenda
    assert agenda_json(back) == agenda_json(agenda)


def test_every_field_is_carried_even_when_not_read_from_this_fixture():
    agenda = Agenda(
        document_number="CM 1/18",
        place="Luxembourg",
        issue_date=date(2018, 1, 3),
        meeting="Coordinating Committee in the area of police and judicial cooperation (CATS)",
        meeting_dates=[date(2018, 1, 10), date(2018, 1, 11)],
        time="9.30",
        venue="EUROPA BUILDING",
        subject_codes=[SubjectCode("CATS", 1), SubjectCode("COPEN", 2)],
        items=[
            AgendaItem(
                number=3,
                heading="Terrorism",
                documents=["5001/18", "5002/1/18 REV 1"],
                sub_items=[
                    AgendaSubItem(
                        "Stocktaking",
                        letter=None,
                        documents=["5003/18"],
                        mixed_committee=True,
                        ia_item=True,
                        for_information=True,
                        purpose="information",
                        line=9,
                    )
                ],
                mixed_committee=True,
                ia_item=True,
                for_information=True,
                purpose="approval",
                line=8,
            )
        ],
        notes=["(*) Mixed Committee."],
    )
    assert read_agenda_json(through_text(agenda_json(agenda))) == agenda


def test_what_is_kept_still_checks_the_outcome_the_same_way(agenda):
    outcome = outcome_from_agenda(agenda)
    outcome.items.pop(3)  # item 4 missing
    back = read_agenda_json(through_text(agenda_json(agenda)))
    assert agenda_check(outcome, back) == agenda_check(outcome, agenda)
    assert [p.code for p in agenda_check(outcome, back)] == ["agenda.missing-item"]


def test_the_json_is_compact_a_marker_only_when_set(agenda):
    items = agenda_json(agenda)["items"]
    assert items[0] == {"number": 1, "heading": "Adoption of the agenda", "line": 20}
    assert "sub_items" not in items[1] and items[1]["purpose"] == "endorsement"


GARBAGE = [
    "not an object",
    [],
    {},
    {"format": "council-outcome", "version": 1},
    {"format": "council-agenda", "version": 2},
    {"format": "council-agenda", "version": 1, "items": [{"number": "2", "heading": "x"}]},
    {"format": "council-agenda", "version": 1, "items": [{"number": 2}]},
    {"format": "council-agenda", "version": 1, "items": [{"number": 2, "heading": "x", "ia_item": "yes"}]},
    {"format": "council-agenda", "version": 1, "issue_date": "14.11.2017"},
    {"format": "council-agenda", "version": 1, "colour": "blue"},
    {"format": "council-agenda", "version": 1, "unread": [{"line": 1, "text": "x"}]},
]


@pytest.mark.parametrize("data", GARBAGE, ids=range(len(GARBAGE)))
def test_garbage_is_no_agenda_and_the_strict_reader_says_where(data):
    assert agenda_from_json(data) is None
    with pytest.raises(FormatError):
        read_agenda_json(data)


def test_nothing_kept_is_no_agenda_and_a_wrong_field_is_named(agenda):
    assert agenda_from_json(None) is None
    data = copy.deepcopy(agenda_json(agenda))
    data["items"][6]["sub_items"][1]["documents"] = [13414]
    with pytest.raises(
        FormatError, match=r"agenda\.items\[6\]\.sub_items\[1\]\.documents\[0\]: expected text"
    ):
        read_agenda_json(data)
