"""Rules on footnotes: marks and footnotes match, numbers follow the order of appearance."""

from drafting.domain.checks import check
from drafting.domain.model import Footnote, FootnoteMark, Paragraph, Text, text
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def found(outcome, code):
    return [p for p in check(outcome) if p.code == code]


def with_footnotes(marks_in_item_2=("1",), notes_in_item_2=("1",), marks_in_item_3=(), notes_in_item_3=()):
    outcome = clean_outcome()
    for item, marks, notes in (
        (outcome.items[1], marks_in_item_2, notes_in_item_2),
        (outcome.items[2], marks_in_item_3, notes_in_item_3),
    ):
        item.blocks = [Paragraph((Text("Said here"), *(FootnoteMark(m) for m in marks), Text(".")))]
        item.footnotes = [Footnote(label, text(f"Note {label}.")) for label in notes]
    return outcome


def test_marks_that_find_their_footnotes_pass():
    outcome = with_footnotes(("1",), ("1",), ("2",), ("2",))
    assert [p for p in check(outcome) if p.code.startswith("footnotes")] == []


def test_a_mark_without_its_footnote_is_an_error_where_the_mark_stands():
    (missing,) = found(with_footnotes(("1", "2"), ("1",)), "footnotes.missing")
    assert missing.severity is Severity.ERROR
    assert missing.location.describe() == "item 2, paragraph 1"
    assert "2" in missing.message


def test_a_footnote_never_called_is_a_warning_on_the_footnote():
    (uncalled,) = found(with_footnotes(("1",), ("1", "2")), "footnotes.uncalled")
    assert uncalled.severity is Severity.WARNING
    assert uncalled.location.describe() == "item 2, footnote 2"


def test_a_mark_in_another_item_does_not_call_the_footnote():
    outcome = with_footnotes((), ("1",), ("1",), ())
    assert [p.location.item for p in found(outcome, "footnotes.uncalled")] == [1]
    assert [p.location.item for p in found(outcome, "footnotes.missing")] == [2]


def test_footnote_numbers_out_of_the_order_of_appearance_are_a_warning_saying_the_export_renumbers():
    outcome = with_footnotes(("2",), ("2",), ("1",), ("1",))
    problems = found(outcome, "footnotes.order")
    assert [(p.location.item, p.suggestion) for p in problems] == [(1, "1"), (2, "2")]
    assert all(p.severity is Severity.WARNING and "export" in p.message for p in problems)


def test_footnotes_count_across_the_whole_document():
    outcome = with_footnotes(("1",), ("1",), ("1",), ("1",))
    (second,) = found(outcome, "footnotes.order")
    assert second.location.item == 2 and second.suggestion == "2"


def test_footnotes_named_by_words_are_not_renumbered():
    outcome = with_footnotes(("a",), ("a",))
    assert found(outcome, "footnotes.order") == []


def test_two_footnotes_with_one_label_are_an_error():
    outcome = with_footnotes(("1",), ("1", "1"))
    (twice,) = found(outcome, "footnotes.duplicate-label")
    assert twice.severity is Severity.ERROR and twice.location.footnote == "1"
