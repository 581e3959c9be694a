"""Rules on the header: number, dates, language, marking, subject, type, cited files and subject codes."""

from datetime import date

import pytest

from drafting.domain.checks import CheckSettings, check
from drafting.domain.model import SubjectCode
from drafting.domain.problems import Severity
from tests.unit.test_checks import clean_outcome


def found(outcome, code, settings=None):
    return [p for p in check(outcome, settings) if p.code == code or p.code.startswith(code + ".")]


def test_a_complete_header_passes():
    outcome = clean_outcome()
    outcome.marking = "LIMITE"
    outcome.interinstitutional_file = "2017/0144 (COD)"
    outcome.previous_documents = "14260/1/17 REV 1"
    outcome.commission_documents = "COM(2016) 476 final"
    assert [p for p in check(outcome) if p.location.item is None] == []


def test_a_missing_document_number_is_an_error():
    outcome = clean_outcome()
    outcome.document_number = ""
    (missing,) = found(outcome, "header.document-number")
    assert missing.severity is Severity.ERROR and missing.location.describe() == "document number"


def test_a_malformed_document_number_is_reported_at_the_document_number():
    outcome = clean_outcome()
    outcome.document_number = "15754/2/17 REV 1"
    problems = [p for p in check(outcome) if p.location.field == "document_number"]
    assert problems and problems[0].code.startswith("reference.")
    assert problems[0].severity is Severity.ERROR


def test_a_document_number_of_another_year_is_an_error():
    outcome = clean_outcome()
    outcome.document_number = "15754/16"
    (year,) = found(outcome, "header.document-year")
    assert year.severity is Severity.ERROR and "2016" in year.message and "2017" in year.message


def test_missing_dates_subject_and_type_are_errors():
    outcome = clean_outcome()
    outcome.issue_date = None
    outcome.meeting_dates = []
    outcome.subject = " "
    outcome.document_type = ""
    problems = [p for p in check(outcome) if p.code.startswith("header")]
    assert [(p.code, p.severity) for p in problems] == [
        ("header.issue-date", Severity.ERROR),
        ("header.document-type", Severity.ERROR),
        ("header.meeting-date", Severity.ERROR),
        ("header.subject", Severity.ERROR),
    ]


def test_a_meeting_after_the_date_of_issue_is_an_error():
    outcome = clean_outcome()
    outcome.meeting_dates = [date(2017, 12, 20)]
    (late,) = found(outcome, "header.meeting-date")
    assert late.severity is Severity.ERROR and late.location.describe() == "On (meeting date) 1"


@pytest.mark.parametrize(("typed", "suggestion"), [("EN", "en"), ("xx", None), ("", None)])
def test_an_original_language_not_a_lower_case_eu_code_is_an_error(typed, suggestion):
    outcome = clean_outcome()
    outcome.original_language = typed
    (language,) = found(outcome, "header.language")
    assert language.severity is Severity.ERROR and language.suggestion == suggestion


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("limite", "LIMITE"), ("EU RESTRICTED", "RESTREINT UE/EU RESTRICTED"), ("TOP SECRET", None)],
)
def test_a_marking_neither_limite_nor_a_classification_is_a_warning(typed, suggestion):
    outcome = clean_outcome()
    outcome.marking = typed
    (marking,) = found(outcome, "header.marking")
    assert marking.severity is Severity.WARNING and marking.suggestion == suggestion


def test_a_known_classification_passes_as_marking_and_on_an_item():
    outcome = clean_outcome()
    outcome.marking = "TRÈS SECRET UE/EU TOP SECRET"
    outcome.items[1].classification = "CONFIDENTIEL UE/EU CONFIDENTIAL"
    assert found(outcome, "header.marking") == found(outcome, "header.item-classification") == []


def test_an_unknown_item_classification_is_a_warning():
    outcome = clean_outcome()
    outcome.items[1].classification = "confidentiel ue / eu confidential"
    (classification,) = found(outcome, "header.item-classification")
    assert classification.location.describe() == "item 2, classification"
    assert classification.suggestion == "CONFIDENTIEL UE/EU CONFIDENTIAL"


def test_an_interinstitutional_file_that_is_not_a_procedure_is_an_error():
    outcome = clean_outcome()
    outcome.interinstitutional_file = "14260/1/17 REV 1"
    (file,) = found(outcome, "header.interinstitutional-file")
    assert file.severity is Severity.ERROR and "procedure" in file.message


def test_a_garbled_interinstitutional_file_is_reported_there():
    outcome = clean_outcome()
    outcome.interinstitutional_file = "2017/144 COD"
    problems = [p for p in check(outcome) if p.location.field == "interinstitutional_file"]
    assert problems


def test_a_previous_document_that_holds_no_reference_is_an_error():
    outcome = clean_outcome()
    outcome.previous_documents = "the agenda"
    (cited,) = found(outcome, "header.cited-documents")
    assert cited.severity is Severity.ERROR and cited.location.describe() == "No. prev. doc."


def test_a_non_canonical_previous_document_is_reported_with_its_printed_form():
    outcome = clean_outcome()
    outcome.previous_documents = "14260/17 REV 1"
    problems = [p for p in check(outcome) if p.location.field == "previous_documents"]
    assert [p.suggestion for p in problems] == ["14260/1/17 REV 1"]
    assert problems[0].message.startswith("14260/17 REV 1: ")


def test_the_st_number_range_note_is_off_unless_switched_on():
    outcome = clean_outcome()
    outcome.document_number = "2100/17"
    outcome.previous_documents = "2100/17"
    assert [p for p in check(outcome) if p.code == "reference.unusual-number"] == []
    noted = [
        p
        for p in check(outcome, CheckSettings(number_range_note=True))
        if p.code == "reference.unusual-number"
    ]
    assert noted and all(p.severity is Severity.INFO for p in noted)


# ---------------------------------------------------------------- subject codes


def coded(*codes: tuple[str, int]):
    outcome = clean_outcome()
    outcome.subject_codes = [SubjectCode(code, number) for code, number in codes]
    return outcome


def test_well_formed_known_codes_pass():
    outcome = coded(("COSI", 334), ("SCH-EVAL", 91))
    assert [p for p in check(outcome) if p.code.startswith("codes")] == []


@pytest.mark.parametrize(("code", "number"), [("cosi", 334), ("CO SI", 3), ("SCH-", 1), ("COSI", 0)])
def test_a_malformed_subject_code_is_an_error(code, number):
    (malformed,) = found(coded(("JAI", 1), (code, number)), "codes.malformed")
    assert malformed.severity is Severity.ERROR and malformed.location.describe() == "subject codes 2"


def test_a_lower_case_code_is_suggested_in_capitals():
    (malformed,) = found(
        coded(
            ("cosi", 334),
        ),
        "codes.malformed",
    )
    assert malformed.suggestion == "COSI 334"


def test_a_repeated_subject_code_is_an_error():
    (twice,) = found(coded(("COSI", 334), ("COSI", 335)), "codes.duplicate")
    assert twice.severity is Severity.ERROR and twice.location.index == 1


def test_an_unknown_subject_code_is_only_noted_and_can_be_made_known():
    (unknown,) = found(
        coded(
            ("AGRI", 12),
        ),
        "codes.unknown",
    )
    assert unknown.severity is Severity.INFO
    assert (
        found(
            coded(
                ("AGRI", 12),
            ),
            "codes.unknown",
            CheckSettings(extra_subject_codes=frozenset({"AGRI"})),
        )
        == []
    )


def test_a_mixed_committee_item_without_comix_is_an_error():
    outcome = clean_outcome()
    outcome.items[1].mixed_committee = True
    (missing,) = found(outcome, "codes.comix-missing")
    assert missing.severity is Severity.ERROR and "item 2" in missing.message


def test_a_comix_code_without_a_mixed_committee_item_is_a_warning():
    outcome = coded(("COSI", 334), ("COMIX", 852))
    (unused,) = found(outcome, "codes.comix-unused")
    assert unused.severity is Severity.WARNING and unused.location.index == 1


def test_comix_with_a_mixed_committee_item_passes_both_ways():
    outcome = coded(("COSI", 334), ("COMIX", 852))
    outcome.items[1].mixed_committee = True
    assert found(outcome, "codes.comix-missing") == found(outcome, "codes.comix-unused") == []
