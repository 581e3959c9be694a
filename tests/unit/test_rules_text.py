"""Rules on typed text: characters Word cannot hold, missing headings, empty paragraphs."""

from drafting.domain.checks import check
from drafting.domain.model import Paragraph, SubItem, text
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def found(outcome, code):
    return [p for p in check(outcome) if p.code == code]


def test_text_without_control_characters_passes():
    assert found(clean_outcome(), "text.unholdable-character") == []


def test_a_control_character_is_an_error_where_it_was_typed():
    outcome = clean_outcome()
    outcome.items[1].blocks = [Paragraph(text("Agreed\x0b on the text."))]
    outcome.subject = "COSI\x01"
    problems = found(outcome, "text.unholdable-character")
    assert [p.location.describe() for p in problems] == ["Subject", "item 2, paragraph 1"]
    assert all(p.severity is Severity.ERROR and "U+" in p.message for p in problems)


def test_an_item_without_a_heading_is_an_error():
    outcome = clean_outcome()
    outcome.items[1].heading = text("  ")
    (empty,) = found(outcome, "text.empty-heading")
    assert empty.severity is Severity.ERROR and empty.location.describe() == "item 2, heading"


def test_an_empty_paragraph_is_noted_in_an_item_or_a_sub_item():
    outcome = clean_outcome()
    outcome.items[1].blocks.append(Paragraph())
    outcome.items[1].sub_items = [SubItem(text("Point"), [Paragraph(text(" "))], letter="a")]
    problems = found(outcome, "text.empty-paragraph")
    assert [p.location.describe() for p in problems] == [
        "item 2, paragraph 2",
        "item 2, sub-item 1, paragraph 1",
    ]
    assert all(p.severity is Severity.INFO for p in problems)
