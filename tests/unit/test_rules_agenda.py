"""Rules on the opening and closing items: adoption of the agenda, any other business."""

from drafting.domain.checks import check
from drafting.domain.model import Paragraph, text
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def found(outcome, code):
    return [p for p in check(outcome) if p.code == code]


def test_an_outcome_opening_with_the_agenda_and_closing_with_any_other_business_passes():
    assert [p for p in check(clean_outcome()) if p.code.startswith("agenda")] == []


def test_a_first_item_that_is_not_the_agenda_is_a_warning():
    outcome = clean_outcome()
    outcome.items[0].heading = text("Draft conclusions")
    (first,) = found(outcome, "agenda.first-item")
    assert first.severity is Severity.WARNING and first.location.describe() == "item 1, heading"
    assert first.suggestion == "Adoption of the agenda"


def test_the_adoption_of_the_agenda_without_the_agenda_number_is_a_warning():
    outcome = clean_outcome()
    outcome.items[0].blocks = [Paragraph(text("The agenda was adopted."))]
    (document,) = found(outcome, "agenda.document")
    assert document.severity is Severity.WARNING and document.location.item == 0


def test_an_agenda_cited_as_a_council_document_passes():
    outcome = clean_outcome()
    outcome.items[0].blocks = [Paragraph(text("The agenda set out in 14260/1/17 REV 1 was adopted."))]
    assert found(outcome, "agenda.document") == []


def test_an_agenda_citing_only_a_commission_document_is_a_warning():
    outcome = clean_outcome()
    outcome.items[0].blocks = [Paragraph(text("The agenda was adopted, as set out in COM(2016) 476 final."))]
    assert len(found(outcome, "agenda.document")) == 1


def test_a_last_item_that_is_not_any_other_business_is_a_warning():
    outcome = clean_outcome()
    outcome.items[2].heading = text("Closing remarks")
    (last,) = found(outcome, "agenda.last-item")
    assert last.severity is Severity.WARNING and last.location.describe() == "item 3, heading"


def test_an_empty_any_other_business_is_noted_with_the_standard_sentence():
    outcome = clean_outcome()
    outcome.items[2].blocks = []
    (empty,) = found(outcome, "agenda.empty-aob")
    assert empty.severity is Severity.INFO and empty.suggestion == "No items were raised."
