"""Rules on item numbers and sub-item letters."""

from drafting.domain.checks import check
from drafting.domain.model import Item, Numbering, SubItem, SubItemStyle, text
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def found(outcome, code):
    return [p for p in check(outcome) if p.code == code]


def numbered(*numbers: int):
    outcome = clean_outcome()
    heads = ["Adoption of the agenda", *(f"Point {n}" for n in numbers[1:-1]), "Any other business"]
    outcome.items = [Item(n, text(head)) for n, head in zip(numbers, heads, strict=True)]
    return outcome


def test_consecutive_numbers_from_one_pass():
    outcome = numbered(1, 2, 3, 4)
    assert [p for p in check(outcome) if p.code.startswith("numbering")] == []


def test_a_gap_in_consecutive_numbering_is_an_error_naming_the_missing_number():
    (gap,) = found(numbered(1, 2, 4, 5), "numbering.gap")
    assert gap.severity is Severity.ERROR
    assert gap.location.describe() == "item 4, number"
    assert "number 3 is missing" in gap.message and gap.suggestion == "3"


def test_numbering_that_does_not_start_at_one_is_a_gap():
    (gap,) = found(numbered(2, 3, 4), "numbering.gap")
    assert "number 1 is missing" in gap.message


def test_a_gap_under_agenda_numbering_is_only_noted():
    outcome = numbered(1, 2, 5, 6)
    outcome.numbering = Numbering.AGENDA
    (gap,) = found(outcome, "numbering.gap")
    assert gap.severity is Severity.INFO and "numbers 3 to 4 are" in gap.message


def test_a_repeated_number_is_an_error_even_under_agenda_numbering():
    outcome = numbered(1, 2, 2, 3)
    outcome.numbering = Numbering.AGENDA
    (duplicate,) = found(outcome, "numbering.duplicate")
    assert duplicate.severity is Severity.ERROR
    assert duplicate.location.item == 2 and "2nd item" in duplicate.message


def test_a_number_lower_than_the_one_before_is_an_error():
    (order,) = found(numbered(1, 3, 2, 4), "numbering.order")
    assert order.location.item == 2 and "must increase" in order.message
    assert found(numbered(1, 3, 2, 4), "numbering.gap") == []


def test_a_number_below_one_is_an_error():
    (order,) = found(numbered(0, 1, 2), "numbering.order")
    assert order.location.item == 0


def lettered(*letters, style=SubItemStyle.LETTERED):
    outcome = clean_outcome()
    outcome.items[1].sub_item_style = style
    outcome.items[1].sub_items = [
        SubItem(text(f"Point {n}"), letter=letter) for n, letter in enumerate(letters)
    ]
    return outcome


def test_sub_items_lettered_a_b_c_pass():
    assert found(lettered("a", "b", "c"), "numbering.letters") == []
    assert found(lettered(None, None, style=SubItemStyle.DASHED), "numbering.letters") == []


def test_a_sub_item_out_of_alphabetical_order_is_an_error_suggesting_its_letter():
    (wrong,) = found(lettered("a", "c", "d"), "numbering.letters")[:1]
    assert wrong.severity is Severity.ERROR
    assert wrong.location.describe() == "item 2, sub-item 2, letter"
    assert wrong.suggestion == "b"


def test_a_lettered_sub_item_without_a_letter_is_an_error():
    (missing,) = found(lettered("a", None), "numbering.letters")
    assert "no letter" in missing.message and missing.suggestion == "b"


def test_a_dashed_sub_item_with_a_letter_is_an_error():
    (dashed,) = found(lettered(None, "b", style=SubItemStyle.DASHED), "numbering.letters")
    assert dashed.location.sub_item == 1 and "dashed" in dashed.message


def test_a_huge_number_is_reported_without_listing_every_missing_number():
    (gap,) = found(numbered(1, 99_999_999, 3), "numbering.gap")
    assert gap.location.item == 1 and "numbers 2, 4, 5 … are missing" in gap.message


def test_numbers_used_further_on_are_not_missing():
    outcome = numbered(1, 3, 2, 4)
    assert found(outcome, "numbering.gap") == []
