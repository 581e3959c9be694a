"""Rules on references in the text, and on the wording around them."""

from drafting.domain.checks import CheckSettings, check
from drafting.domain.model import Footnote, FootnoteMark, Paragraph, ReferenceLink, Text, text
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def saying(*spans):
    outcome = clean_outcome()
    outcome.items[1].blocks = [Paragraph(tuple(Text(s) if isinstance(s, str) else s for s in spans))]
    return outcome


def reference_problems(outcome):
    return [p for p in check(outcome) if p.code.startswith("reference")]


def test_well_formed_references_pass():
    outcome = saying(
        "As set out in 14260/1/17 REV 1, CM 1995/16, COM(2016) 476 final and ",
        ReferenceLink("13414/1/17 REV 1"),
        ".",
    )
    assert reference_problems(outcome) == []


def test_a_malformed_reference_is_an_error_at_its_paragraph_with_the_correction():
    (wrong,) = reference_problems(saying("The text as set out in 14260/2/17 REV 1 was agreed."))
    assert wrong.severity is Severity.ERROR
    assert wrong.location.describe() == "item 2, paragraph 1"
    assert wrong.message.startswith("14260/2/17 REV 1: ")


def test_a_non_canonical_reference_is_suggested_in_its_printed_form():
    (loose,) = reference_problems(saying("The text as set out in 14260/17 REV 1 was agreed."))
    assert loose.suggestion == "14260/1/17 REV 1"


def test_a_reference_dated_after_the_outcome_is_an_error():
    (late,) = reference_problems(saying("The text as set out in 14260/18 was agreed."))
    assert late.severity is Severity.ERROR and "2018" in late.message


def test_a_reference_in_a_footnote_is_checked_there():
    outcome = clean_outcome()
    outcome.items[1].heading = (Text("Conclusions"), FootnoteMark("1"))
    outcome.items[1].footnotes = [Footnote("1", text("14260/18."))]
    (late,) = reference_problems(outcome)
    assert late.location.describe() == "item 2, footnote 1"


def test_one_document_cited_in_two_forms_is_a_warning_suggesting_the_printed_form():
    outcome = saying("As set out in 14260/1/17 REV 1 and later in ST 14260 2017 REV 1.")
    (two,) = [p for p in check(outcome) if p.code == "references.two-forms"]
    assert two.severity is Severity.WARNING and two.suggestion == "14260/1/17 REV 1"
    assert "ST 14260 2017 REV 1" in two.message


def test_one_document_cited_twice_in_one_form_passes():
    outcome = saying("As set out in 14260/1/17 REV 1; see also 14260/1/17 REV 1.")
    assert [p for p in check(outcome) if p.code == "references.two-forms"] == []


def test_as_set_out_without_in_is_a_warning_with_the_fixed_phrase():
    outcome = saying(
        "The Committee agreed on the conclusions as set out ", ReferenceLink("12583/5/17 REV 5"), "."
    )
    (missing,) = [p for p in check(outcome) if p.code == "wording.as-set-out"]
    assert missing.severity is Severity.WARNING
    assert missing.suggestion == "as set out in 12583/5/17 REV 5"


def test_as_set_out_in_passes():
    outcome = saying(
        "The Committee agreed on the conclusions as set out in ", ReferenceLink("12583/5/17 REV 5"), "."
    )
    assert [p for p in check(outcome) if p.code == "wording.as-set-out"] == []


def test_the_missing_in_can_be_made_an_error():
    outcome = saying("The conclusions as set out 12583/5/17 REV 5 were agreed.")
    settings = CheckSettings(severities={"wording": Severity.ERROR})
    (missing,) = [p for p in check(outcome, settings) if p.code == "wording.as-set-out"]
    assert missing.severity is Severity.ERROR
