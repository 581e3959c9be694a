"""Rules on dates: real days, ranges the right way round, future steps after the meeting, one period."""

from datetime import date

import pytest

from drafting.domain.checks import check
from drafting.domain.model import Action, Decision, NextStep, Paragraph, Recipient, SubItem, Text, text
from drafting.domain.problems import Severity
from drafting.domain.rules.dates import in_future_context
from tests.unit.test_checks import clean_outcome


def found(outcome, code):
    return [p for p in check(outcome) if p.code == code]


def saying(*paragraphs: str, heading: str | None = None):
    outcome = clean_outcome()
    outcome.items[1].blocks = [Paragraph(text(p)) for p in paragraphs]
    if heading is not None:
        outcome.items[1].heading = text(heading)
    return outcome


def test_real_dates_in_the_right_order_pass():
    outcome = saying("The meeting on 16-17 November 2017 and the workshop held on 9 and 10 October 2017.")
    assert [p for p in check(outcome) if p.code.startswith("dates")] == []


def test_an_impossible_date_is_an_error_at_its_paragraph():
    (impossible,) = found(saying("It was presented on 31 November 2017."), "dates.impossible")
    assert impossible.severity is Severity.ERROR
    assert impossible.location.describe() == "item 2, paragraph 1"
    assert impossible.message.startswith("31 November 2017 is not a date")


def test_the_30th_of_february_without_a_year_is_an_error():
    assert len(found(saying("Discussed on 30 February."), "dates.impossible")) == 1


@pytest.mark.parametrize("period", ["June 2017 - January 2016", "17-16 November"])
def test_a_reversed_period_is_an_error(period):
    (backwards,) = found(saying(f"The report covers {period}."), "dates.reversed")
    assert backwards.severity is Severity.ERROR and period in backwards.message


@pytest.mark.parametrize(
    "sentence",
    [
        "The text would be submitted as an I/A item to COREPER on 15 November 2017.",
        "A report will be presented to the Council on 20 November 2017.",
        "The draft would be discussed on 21 November 2017 at a counsellors meeting.",
        "The draft was issued with a view to adoption on 10 November.",
    ],
)
def test_a_future_step_dated_on_or_before_the_meeting_is_a_warning(sentence):
    (early,) = found(saying(sentence), "dates.future-step")
    assert early.severity is Severity.WARNING and "21 November 2017" in early.message


@pytest.mark.parametrize(
    "sentence",
    [
        "The outcome of the meeting, which was held on 20 November 2017, was presented.",
        "At its meeting on 13 November, CATS supported the approach.",
        "The text would be submitted as an I/A item to COREPER on 29 November 2017.",
        "A first draft would be examined by COSI early 2018.",
        "The High Level meeting, held on 20 November 2017, was presented.",
    ],
)
def test_past_events_and_later_steps_are_not_flagged(sentence):
    assert found(saying(sentence), "dates.future-step") == []


def test_the_tense_is_read_from_the_nearest_words_before_the_date():
    sentence = "The drafts were issued with a view to adopting them on 1 December 2017."
    assert in_future_context(sentence, sentence.index("1 December"))
    sentence = "The meeting which will review it was held on 1 December 2017."
    assert not in_future_context(sentence, sentence.index("1 December"))
    sentence = "It would be useful. On 1 December 2017 the group met."
    assert not in_future_context(sentence, sentence.index("1 December"))


def decision(coreper: date | None, council: date | None, wording: str = "") -> Decision:
    step = NextStep(Recipient.COREPER_AND_COUNCIL, True, coreper, council)
    return Decision(action=Action.AGREED_ON, subject="the text", next_step=step, wording=text(wording))


def deciding(block: Decision):
    outcome = clean_outcome()
    outcome.items[1].blocks = [block]
    return outcome


def test_a_decision_sent_on_after_the_meeting_passes():
    outcome = deciding(decision(date(2017, 11, 29), date(2017, 12, 7)))
    assert [p for p in check(outcome) if p.code.startswith("dates")] == []


def test_a_decision_sent_to_coreper_before_the_meeting_is_an_error_once():
    problems = [
        p
        for p in check(deciding(decision(date(2017, 11, 15), date(2017, 12, 7))))
        if p.code.startswith("dates")
    ]
    assert [(p.code, p.severity) for p in problems] == [("dates.next-step", Severity.ERROR)]
    assert problems[0].location.describe() == "item 2, decision 1, Coreper date"


def test_a_council_date_before_the_coreper_date_is_a_warning():
    (order,) = found(
        deciding(decision(date(2017, 12, 7), date(2017, 11, 29))), "dates.council-before-coreper"
    )
    assert order.severity is Severity.WARNING and order.location.field == "council_date"


def test_a_decision_worded_by_hand_has_its_dates_read_from_its_wording_too():
    wording = "The Committee agreed, which would be submitted to the Council on 15 November 2017."
    outcome = deciding(decision(None, date(2017, 11, 15), wording))
    assert len(found(outcome, "dates.next-step")) == 1
    assert len(found(outcome, "dates.future-step")) == 1


def test_a_period_in_the_text_differing_from_the_heading_is_a_warning_naming_both():
    outcome = saying(
        "COSI reached agreement on its proceedings between January 2015 - June 2016, as set out in 14108/17.",
        heading="Draft report for the period January 2016 - June 2017",
    )
    (mismatch,) = found(outcome, "dates.period-mismatch")
    assert mismatch.severity is Severity.WARNING
    assert mismatch.location.describe() == "item 2, paragraph 1"
    assert "January 2015 - June 2016" in mismatch.message and "January 2016 - June 2017" in mismatch.message
    assert mismatch.suggestion == "January 2016 - June 2017"


def test_the_same_period_written_another_way_passes():
    outcome = saying(
        "COSI agreed on its report for January 2016 to June 2017.",
        heading="Draft report for the period January 2016 - June 2017",
    )
    assert found(outcome, "dates.period-mismatch") == []


def test_a_sub_item_heading_period_governs_its_own_text():
    outcome = clean_outcome()
    outcome.items[1].sub_items = [
        SubItem(
            (Text("Report for January 2016 - June 2017", bold=True),),
            [Paragraph(text("Covering January 2016 - June 2017."))],
            "a",
        ),
        SubItem(
            (Text("Report for July 2017 - December 2017", bold=True),),
            [Paragraph(text("Covering July 2016 - December 2016."))],
            "b",
        ),
    ]
    (mismatch,) = found(outcome, "dates.period-mismatch")
    assert mismatch.location.describe() == "item 2, sub-item 2, paragraph 1"
