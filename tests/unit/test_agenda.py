"""Reading a provisional agenda, starting an outcome from it, and comparing an outcome with its agenda."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from drafting.domain.agenda import (
    HEADING_DIFFERS,
    MISSING,
    NOT_ON_AGENDA,
    Agenda,
    AgendaItem,
    agenda_check,
    read_markers,
)
from drafting.domain.model import (
    Action,
    Decision,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubjectCode,
    plain_text,
    text,
)
from drafting.domain.phrasing import decision_sentence
from drafting.domain.problems import Severity
from drafting.io import FormatError
from drafting.io.agenda_import import outcome_from_agenda, prefill, read_agenda_text

AGENDA_TEXT = (Path(__file__).parents[1] / "fixtures" / "agenda-cosi-4921-17.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    return read_agenda_text(AGENDA_TEXT)


def sentences(blocks) -> list[str]:
    """The text of each paragraph, and the sentence each decision composes."""
    return [
        plain_text(decision_sentence(block) if isinstance(block, Decision) else block.content)
        for block in blocks
        if isinstance(block, Decision | Paragraph)
    ]


def test_the_heading_block_gives_number_meeting_dates_and_codes(agenda):
    assert agenda.document_number == "CM 4921/17"
    assert (agenda.place, agenda.issue_date) == ("Brussels", date(2017, 11, 14))
    assert agenda.meeting == "Standing Committee on Operational Cooperation on Internal Security (COSI)"
    assert agenda.body == "COSI"
    assert agenda.meeting_dates == [date(2017, 11, 21)]
    assert agenda.time == "10.00"
    assert agenda.venue == "COUNCIL JUSTUS LIPSIUS BUILDING Rue de la Loi 175, 1048 BRUSSELS"
    assert [str(code) for code in agenda.subject_codes] == ["COSI 231", "JAI 1032", "COMIX 750"]


# number, heading, documents (printed forms), mixed committee, I/A, for information, purpose
EXPECTED_ITEMS = [
    (1, "Adoption of the agenda", [], False, False, False, None),
    (
        2,
        "Updated Roadmap to enhance information exchange and information management including "
        "interoperability solutions in the Justice and Home Affairs area",
        ["12223/3/17 REV 3"],
        True,
        True,
        False,
        "endorsement",
    ),
    (3, "Information from the Presidency", [], False, False, True, None),
    (
        4,
        "Draft Council conclusions on strengthening the European Union - Ukraine internal security "
        "cooperation",
        ["13272/3/17 REV 3"],
        False,
        False,
        False,
        "approval",
    ),
    (
        5,
        "Cooperation between CSDP missions/operations and JHA agencies: update and exchange of views",
        ["14265/17"],
        False,
        False,
        False,
        None,
    ),
    (6, "EU law enforcement response to cybercrime: policy proposals", ["13461/17"], False, False, False,
     "discussion"),
    (7, "Counter-terrorism:", [], False, False, False, None),
    (
        8,
        "EU Policy Cycle for organised and serious international crime: state of play",
        ["10544/1/17 REV 1 + COR 1"],
        False,
        False,
        False,
        None,
    ),
    (
        9,
        'The role of criminal "Hawala" and other similar service providers (HOSSPs) in illegal immigration, '
        "money laundering and terrorism financing: presentation by the Austrian delegation",
        ["12005/17"],
        False,
        False,
        False,
        None,
    ),
    (
        10,
        "Draft report to the European Parliament and national Parliaments on the proceedings of the Standing "
        "Committee on operational cooperation on internal security for the period January 2016 - June 2017",
        ["14108/1/17 REV 1"],
        False,
        False,
        False,
        "approval",
    ),
    (11, "Any other business", [], False, False, False, None),
]  # fmt: skip


def test_eleven_items_are_read_in_order(agenda):
    assert [item.number for item in agenda.items] == list(range(1, 12))


@pytest.mark.parametrize("expected", EXPECTED_ITEMS, ids=lambda e: f"item {e[0]}")
def test_each_item_is_read_with_its_heading_documents_and_markers(agenda, expected):
    number, heading, documents, mixed, ia_item, informing, purpose = expected
    item = agenda.item(number)
    assert item is not None
    assert item.heading == heading
    assert item.documents == documents
    assert (item.mixed_committee, item.ia_item, item.for_information) == (mixed, ia_item, informing)
    assert item.purpose == purpose


def test_lettered_sub_items_keep_their_letters_documents_and_markers(agenda):
    subs = agenda.item(7).sub_items
    assert [(s.letter, s.heading) for s in subs] == [
        ("a", "Draft Council conclusions on the strengthening of the ATLAS Network"),
        ("b", "EU threat assessment in the field of counter-terrorism: way forward"),
        ("c", "High Level meeting on access to financial information: information from the Commission"),
    ]
    assert [s.documents for s in subs] == [["12583/5/17 REV 5"], ["13414/1/17 REV 1"], []]
    assert [s.purpose for s in subs] == ["approval", None, None]
    assert [s.for_information for s in subs] == [False, False, True]


def test_a_line_that_fits_nowhere_comes_back_with_its_number(agenda):
    assert [(u.line, u.text) for u in agenda.unread] == [(42, "%%% page 2 of 3 -- scanner noise ###")]


def test_the_footnote_and_closing_remark_are_kept_as_notes_not_lost(agenda):
    assert agenda.notes[0] == "(*) Item on which the Mixed Committee will meet (EU + NO/IS/CH/LI)."
    assert agenda.notes[1].startswith("NB: Council documents")


def test_a_star_means_nothing_without_the_footnote_explaining_it():
    bare = AGENDA_TEXT.split("________")[0]
    assert read_agenda_text(bare).item(2).mixed_committee is False


def test_a_comix_section_marks_its_items_as_mixed_committee():
    agenda = read_agenda_text(
        "CM 1995/16\nMeeting: Working Party on Frontiers\nDate: 9 and 10 October 2017\n\n"
        "1. Adoption of the agenda\nCOMIX\n2. Schengen evaluation: state of play\n"
        "NON-COMIX\n3. Any other business\n"
    )
    assert [item.mixed_committee for item in agenda.items] == [False, True, False]
    assert agenda.meeting_dates == [date(2017, 10, 9), date(2017, 10, 10)]


@pytest.mark.parametrize(
    ("heading", "cleaned", "mixed", "ia_item", "informing"),
    [
        ("Roadmap (*) – Endorsement (poss.) I/A item", "Roadmap", False, True, False),
        ("Visa – Mixed Committee (EU + NO/IS/CH/LI)", "Visa – Mixed Committee (EU + NO/IS/CH/LI)",
         True, False, False),
        ("Europol budget (for information)", "Europol budget", False, False, True),
        ("Conclusions (I/A item)", "Conclusions", False, True, False),
    ],
)  # fmt: skip
def test_markers_are_read_off_a_heading(heading, cleaned, mixed, ia_item, informing):
    found, markers, _ = read_markers(heading)
    assert found == cleaned
    assert (markers.mixed_committee, markers.ia_item, markers.for_information) == (mixed, ia_item, informing)


def test_a_text_with_no_numbered_item_is_refused_in_one_line():
    with pytest.raises(FormatError, match="no numbered agenda item"):
        read_agenda_text("Council of the European Union\nsome notes\n")


# ---------------------------------------------------------------- the outcome started from it


def test_the_outcome_header_comes_from_the_agenda(agenda):
    outcome = outcome_from_agenda(agenda)
    assert outcome.document_number == ""
    assert outcome.issue_date is None
    assert outcome.subject == "Standing Committee on Operational Cooperation on Internal Security (COSI)"
    assert outcome.meeting_dates == [date(2017, 11, 21)]
    assert outcome.subject_codes == [
        SubjectCode("COSI", 231),
        SubjectCode("JAI", 1032),
        SubjectCode("COMIX", 750),
    ]
    assert outcome.document_type == "OUTCOME OF PROCEEDINGS"
    assert outcome.sender == "General Secretariat of the Council"
    assert outcome.recipient == "Delegations"


def test_the_agenda_is_adopted_in_the_standard_template_s_words_or_left_as_a_blank_without_a_number():
    from drafting.io.agenda_import import agenda_adopted
    from drafting.reuse.standard import AGENDA as AGENDA_TEMPLATE

    cited = agenda_adopted("CM 4921/17")
    blank = agenda_adopted("")

    assert sentences(cited) == ["The agenda set out in CM 4921/17 was adopted."]
    assert any(isinstance(span, ReferenceLink) for span in cited[0].content)  # a link, as a template makes it
    # The words are the template's, not a second copy of them.
    assert sentences(blank) == [AGENDA_TEMPLATE.item["blocks"][0]["paragraph"][0]["text"]]
    assert "{agenda}" in sentences(blank)[0]


def test_the_outcome_has_the_agenda_items_with_their_standard_sentences(agenda):
    outcome = outcome_from_agenda(agenda)
    assert [(i.number, plain_text(i.heading)) for i in outcome.items] == [
        (e[0], e[1]) for e in EXPECTED_ITEMS
    ]
    by_number = {item.number: item for item in outcome.items}
    assert sentences(by_number[1].blocks) == ["The agenda set out in CM 4921/17 was adopted."]
    assert sentences(by_number[2].blocks) == [
        "The Committee endorsed the updated Roadmap to enhance information exchange and information "
        "management including interoperability solutions in the Justice and Home Affairs area as set out in "
        "12223/3/17 REV 3, which will be submitted to Coreper and the Council as an I/A item."
    ]
    assert by_number[2].mixed_committee is True
    assert [i.number for i in outcome.items if i.mixed_committee] == [2]
    assert sentences(by_number[3].blocks) == [
        "The Committee took note of the information provided by the Presidency."
    ]
    assert by_number[5].blocks == [] and by_number[11].blocks == []
    assert [s.letter for s in by_number[7].sub_items] == ["a", "b", "c"]
    assert sentences(by_number[7].sub_items[2].blocks) == [
        "The Committee took note of the information provided by the Commission."
    ]


def test_prefill_starts_one_item_on_its_own():
    item = prefill(AgendaItem(4, "Europol budget", ["14265/17"], for_information=True))
    assert (item.number, plain_text(item.heading)) == (4, "Europol budget")
    (decision,) = item.blocks
    assert decision.action is Action.TOOK_NOTE
    assert decision.documents == ("14265/17",)


# ---------------------------------------------------------------- the outcome against its agenda


def outcome_with(*items: tuple[int, str]) -> Outcome:
    return Outcome(items=[Item(number=n, heading=text(h)) for n, h in items])


SHORT_AGENDA = Agenda(
    document_number="CM 4921/17",
    items=[
        AgendaItem(1, "Adoption of the agenda"),
        AgendaItem(2, "Renewed EU Internal Security Strategy", ia_item=True),
        AgendaItem(3, "Information from the Presidency", for_information=True),
        AgendaItem(4, "Any other business"),
    ],
)


def test_an_outcome_matching_its_agenda_has_no_problem():
    outcome = outcome_with(
        (1, "Adoption of the agenda"),
        (2, "Renewed EU Internal Security Strategy – Endorsement"),  # the purpose aside
        (3, "Information from the Presidency:"),
        (4, "Any other business:"),
    )
    assert agenda_check(outcome, SHORT_AGENDA) == []


def test_a_missing_item_and_an_added_item_are_both_reported_and_aob_is_not():
    outcome = outcome_with(
        (1, "Adoption of the agenda"),
        (2, "Renewed EU Internal Security Strategy"),
        (4, "Any other business"),
        (5, "Cybercrime"),
        (6, "AOB"),
    )
    problems = agenda_check(outcome, SHORT_AGENDA)
    assert [(p.code, p.severity) for p in problems] == [
        (MISSING, Severity.WARNING),
        (NOT_ON_AGENDA, Severity.WARNING),
    ]
    assert (
        "item 3 of the agenda" in problems[0].message
        and "Information from the Presidency" in problems[0].message
    )
    assert problems[1].location.item_number == "5" and "Cybercrime" in problems[1].message


def test_a_changed_heading_is_reported_with_the_agenda_heading_as_suggestion():
    outcome = outcome_with(
        (1, "Adoption of the agenda"),
        (2, "Renewed Internal Security Strategy"),
        (3, "Information from the Presidency"),
        (4, "Any other business"),
    )
    (problem,) = agenda_check(outcome, SHORT_AGENDA)
    assert problem.code == HEADING_DIFFERS
    assert problem.location.describe() == "item 2, heading"
    assert problem.suggestion == "Renewed EU Internal Security Strategy"


def test_the_outcome_started_from_an_agenda_matches_it(agenda):
    assert agenda_check(outcome_from_agenda(agenda), agenda) == []


def test_a_mixed_committee_item_gets_the_standard_footnote_on_its_heading(agenda):
    from drafting.domain.model import SCHENGEN_FOOTNOTE, FootnoteMark, plain_text

    outcome = outcome_from_agenda(agenda)
    mixed = [item for item in outcome.items if item.mixed_committee]
    assert mixed, "the fixture agenda has a Mixed Committee item"
    labels = []
    for item in mixed:
        [note] = [n for n in item.footnotes if plain_text(n.content) == SCHENGEN_FOOTNOTE]
        assert isinstance(item.heading[-1], FootnoteMark) and item.heading[-1].label == note.label
        labels.append(note.label)
    assert labels == [str(n) for n in range(1, len(labels) + 1)]  # numbered in document order
    assert all(not item.footnotes for item in outcome.items if not item.mixed_committee)
