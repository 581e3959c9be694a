"""A previous outcome made ready for a new meeting: number, dates and references cleared, wording kept."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from drafting.domain.checks import check
from drafting.domain.model import (
    Action,
    DashList,
    Decision,
    DelegationList,
    Footnote,
    FootnoteMark,
    Item,
    NextStep,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItem,
    SubjectCode,
    Text,
    text,
)
from drafting.domain.reentry import for_new_meeting
from drafting.io.json_format import loads
from tests.unit.test_checks import clean_outcome

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"


def paragraph_text(item: Item, block: int = 0) -> str:
    return "".join(span.text for span in item.blocks[block].content)  # type: ignore[union-attr]


def test_the_header_loses_its_number_dates_and_cited_documents_and_keeps_the_rest():
    outcome = clean_outcome()
    outcome.previous_documents = "CM 5125/17"
    outcome.commission_documents = "COM(2016) 731 final"
    outcome.interinstitutional_file = "2016/0357 (COD)"
    outcome.marking = "LIMITE"
    copied, cleared = for_new_meeting(outcome)
    assert copied.document_number == "" and copied.issue_date is None and copied.meeting_dates == []
    assert copied.previous_documents is None and copied.commission_documents is None
    assert copied.interinstitutional_file is None
    # What belongs to the body, not to the meeting, stays.
    assert copied.subject == outcome.subject and copied.marking == "LIMITE"
    assert copied.place == "Brussels" and copied.footer == outcome.footer
    # The codes stay; their running numbers are the old document's and are entered again.
    assert [(code.code, code.number) for code in copied.subject_codes] == [("COSI", 0), ("JAI", 0)]
    assert cleared.header == [
        "the document number",
        "the meeting date",
        "the date of issue",
        "No. prev. doc.",
        "No. Cion doc.",
        "the interinstitutional file",
    ]
    assert cleared.subject_codes == 2


def test_references_in_running_text_and_links_become_numbered_placeholders_in_reading_order():
    outcome = clean_outcome()
    outcome.items[1].blocks = [
        Paragraph(text("As set out in 14260/1/17 REV 1 and in ST 5125 2017 INIT, as planned.")),
        Paragraph((Text("See "), ReferenceLink("12223/3/17 REV 3"), Text(" for the details."))),
    ]
    copied, cleared = for_new_meeting(outcome)
    assert paragraph_text(copied.items[0]) == "The agenda set out in {reference_1} was adopted."
    assert (
        paragraph_text(copied.items[1], 0) == "As set out in {reference_2} and in {reference_3}, as planned."
    )
    # A link becomes text, joined with the text around it: the item reads, and the blank shows.
    assert copied.items[1].blocks[1].content == (Text("See {reference_4} for the details."),)
    assert cleared.references == ["reference_1", "reference_2", "reference_3", "reference_4"]


def test_dates_in_the_text_become_placeholders_and_years_naming_a_cycle_stay():
    outcome = clean_outcome()
    outcome.items[1].blocks = [
        Paragraph(text("Held on 9 and 10 October 2017; discussed again on 13 November.")),
        Paragraph(text("The EU Policy Cycle 2018-2021 starts in 2018, between 1 January and 30 June 2018.")),
    ]
    copied, cleared = for_new_meeting(outcome)
    assert paragraph_text(copied.items[1], 0) == "Held on {date_1}; discussed again on {date_2}."
    assert (
        paragraph_text(copied.items[1], 1)
        == "The EU Policy Cycle 2018-2021 starts in 2018, between {date_3}."
    )
    assert cleared.dates == ["date_1", "date_2", "date_3"]


def test_a_decision_keeps_its_choices_its_documents_become_blanks_and_its_dates_are_emptied():
    decision = Decision(
        action=Action.AGREED_ON,
        subject="the draft Council conclusions of 7 December 2017",
        documents=("13272/3/17 REV 3", "the Presidency note"),
        next_step=NextStep(coreper_date=date(2017, 11, 29), council_date=date(2017, 12, 7)),
    )
    outcome = clean_outcome()
    outcome.items[1].blocks = [decision]
    copied, cleared = for_new_meeting(outcome)
    (blanked,) = copied.items[1].blocks
    assert blanked.action is Action.AGREED_ON and blanked.actor == "The Committee"
    assert blanked.subject == "the draft Council conclusions of {date_1}"
    assert blanked.documents == ("{reference_2}", "the Presidency note")
    assert blanked.next_step.coreper_date is None and blanked.next_step.council_date is None
    assert blanked.next_step.recipient == decision.next_step.recipient
    assert cleared.decision_dates == 2


def test_headings_dash_entries_sub_items_and_footnotes_are_kept_with_their_blanks():
    outcome = clean_outcome()
    outcome.items[1] = Item(
        2,
        (Text("Meeting of 20 November 2017", bold=True), FootnoteMark("1")),
        [DashList([text("the report in 14673/17,"), (Text("delegations "), DelegationList(("DE", "FR")))])],
        sub_items=[SubItem(text("Counter-terrorism"), [Paragraph(text("As set out in 14068/17."))], "a")],
        footnotes=[Footnote("1", text("Exceptionally in the presence of the Schengen Associated States."))],
        mixed_committee=True,
        classification="RESTREINT UE/EU RESTRICTED",
    )
    copied, _ = for_new_meeting(outcome)
    item = copied.items[1]
    assert item.heading == (Text("Meeting of {date_1}", bold=True), FootnoteMark("1"))
    assert item.blocks[0].entries == [
        text("the report in {reference_2},"),
        (Text("delegations "), DelegationList(("DE", "FR"))),
    ]
    assert item.sub_items[0].heading == text("Counter-terrorism") and item.sub_items[0].letter == "a"
    assert item.sub_items[0].blocks[0].content == text("As set out in {reference_3}.")
    assert item.footnotes == outcome.items[1].footnotes
    assert item.mixed_committee and item.classification == "RESTREINT UE/EU RESTRICTED"
    assert [i.number for i in copied.items] == [1, 2, 3]


def test_the_outcome_copied_from_is_not_changed():
    outcome = loads(SAMPLE.read_text(encoding="utf-8"))
    before = copy.deepcopy(outcome)
    copied, _ = for_new_meeting(outcome)
    assert outcome == before
    assert copied != outcome


def test_the_sample_copied_keeps_its_structure_and_wording_and_the_checks_list_every_blank():
    outcome = loads(SAMPLE.read_text(encoding="utf-8"))
    copied, cleared = for_new_meeting(outcome)
    assert [plain(i.heading) for i in copied.items][:4] == [plain(i.heading) for i in outcome.items][:4]
    assert len(copied.items) == len(outcome.items)
    assert [len(i.blocks) for i in copied.items] == [len(i.blocks) for i in outcome.items]
    # Wording around the blanks is the old wording.
    assert paragraph_text(copied.items[3]) == (
        "The Committee agreed on the draft Council conclusions as set out in {reference_5}, which would "
        "be submitted as an I/A item to COREPER on {date_6} and to the Council on {date_7} for adoption."
    )
    blanks = [p.message.split()[0] for p in check(copied) if p.code == "placeholders.unfilled"]
    assert sorted(blanks) == sorted("{" + name + "}" for name in cleared.references + cleared.dates)
    assert len(cleared.references) == 12 and len(cleared.dates) == 19
    missing = {p.code for p in check(copied) if p.location.field in ("document_number", "issue_date")}
    assert missing == {"header.document-number", "header.issue-date"}
    assert "Cleared: the document number, the meeting date, the date of issue" in cleared.summary()
    assert "12 document references (now {reference_1} to {reference_12})" in cleared.summary()


def test_a_copy_of_a_copy_does_not_reuse_the_names_of_blanks_still_unfilled():
    outcome = clean_outcome()
    outcome.items[1].blocks = [
        Paragraph(text("Still {reference_1} and {date_1}; now 14068/17 on 1 June 2018."))
    ]
    copied, cleared = for_new_meeting(outcome)
    assert paragraph_text(copied.items[0]) == "The agenda set out in {reference_2} was adopted."
    assert (
        paragraph_text(copied.items[1]) == "Still {reference_1} and {date_1}; now {reference_3} on {date_2}."
    )
    assert cleared.references == ["reference_2", "reference_3"] and cleared.dates == ["date_2"]


def test_an_outcome_with_nothing_of_a_meeting_says_so():
    copied, cleared = for_new_meeting(Outcome(items=[Item(1, text("Any other business"))]))
    assert cleared.summary() == "Nothing needed clearing."
    assert copied.items[0].heading == text("Any other business")


def test_the_summary_counts_in_the_drafters_words():
    outcome = Outcome(
        document_number="5120/18",
        subject_codes=[SubjectCode("CATS", 12)],
        items=[Item(1, text("Item"), [Paragraph(text("As set out in 5000/18 on 3 May 2018."))])],
    )
    _, cleared = for_new_meeting(outcome)
    assert cleared.summary() == (
        "Cleared: the document number, the running number of 1 subject code, 1 document reference "
        "(now {reference_1}) and 1 date in the text (now {date_1})."
    )


def plain(content) -> str:
    return "".join(getattr(span, "text", "") for span in content)
