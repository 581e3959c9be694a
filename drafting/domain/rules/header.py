"""The header block: document number, dates, language, marking, subject, type and cited files."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.dates import format_date
from drafting.domain.problems import Location, Severity
from drafting.domain.references import LANGUAGES, CouncilReference, ProcedureReference, parse_reference
from drafting.domain.rules.document import REFERENCE_FIELDS, Document, item_location

LIMITE = "LIMITE"
# The EU classifications, French and English halves as printed on Council documents.
CLASSIFICATIONS = (
    "RESTREINT UE/EU RESTRICTED",
    "CONFIDENTIEL UE/EU CONFIDENTIAL",
    "SECRET UE/EU SECRET",
    "TRÈS SECRET UE/EU TOP SECRET",
)


def _spelled(value: str) -> str:
    """A marking as typed, reduced to compare: case, spacing and the accent of TRÈS set aside."""
    return re.sub(r"\s*/\s*", "/", " ".join(value.upper().replace("È", "E").split()))


# Each classification is also recognised from either of its halves ("EU RESTRICTED").
_CLASSIFICATION_BY_SPELLING = {
    _spelled(spelling): full for full in CLASSIFICATIONS for spelling in (full, *full.split("/"))
}


def intended_classification(value: str) -> str | None:
    """The classification a typed marking means, if any."""
    return _CLASSIFICATION_BY_SPELLING.get(_spelled(value))


def at(field: str) -> Location:
    return Location(field=field)


@rule(
    "header.document-number", Severity.ERROR, "The document number is present and reads as a Council number."
)
def document_number(document: Document) -> Iterator[Finding]:
    number = document.outcome.document_number.strip()
    if not number:
        yield Finding(at("document_number"), "the document number is missing")
        return
    parsed = parse_reference(number)  # its year is header.document-year's concern
    for problem in parsed.problems:
        yield Finding.relay(problem, at("document_number"))
    if parsed.reference is not None and not isinstance(parsed.reference, CouncilReference):
        yield Finding(at("document_number"), f"{number} is not a Council document number, like 15754/17")


@rule("header.document-year", Severity.ERROR, "The document number carries the year of issue.")
def document_year(document: Document) -> Iterator[Finding]:
    number = document.outcome.document_number.strip()
    issue = document.outcome.issue_date
    reference = parse_reference(number).reference if number else None
    if isinstance(reference, CouncilReference) and issue is not None and reference.year != issue.year:
        message = f"the document number is of {reference.year} but the document is issued in {issue.year}"
        yield Finding(at("document_number"), message)


@rule("header.issue-date", Severity.ERROR, "The date of issue is present.")
def issue_date(document: Document) -> Iterator[Finding]:
    if document.outcome.issue_date is None:
        yield Finding(at("issue_date"), "the date of issue is missing")


@rule("header.meeting-date", Severity.ERROR, "The meeting date is present and not after the date of issue.")
def meeting_dates(document: Document) -> Iterator[Finding]:
    outcome = document.outcome
    if not outcome.meeting_dates:
        yield Finding(at("meeting_dates"), "the meeting date (On:) is missing")
        return
    issue = outcome.issue_date
    for index, day in enumerate(outcome.meeting_dates):
        if issue is not None and day > issue:
            message = f"the meeting on {format_date(day)} is after the date of issue, {format_date(issue)}"
            yield Finding(Location(field="meeting_dates", index=index), message)


@rule(
    "header.language", Severity.ERROR, "The original language is the lower-case code of an official language."
)
def original_language(document: Document) -> Iterator[Finding]:
    language = document.outcome.original_language
    if language in LANGUAGES:
        return
    cleaned = language.strip().lower()
    if cleaned in LANGUAGES:
        yield Finding(at("original_language"), f'the language code is written "{cleaned}"', cleaned)
    else:
        shown = f'"{language}" is not' if language else "no language is given; it should be"
        yield Finding(
            at("original_language"), f"{shown} the code of an official language of the Union (en, fr …)"
        )


@rule("header.subject", Severity.ERROR, "The subject (the body that met) is present.")
def subject(document: Document) -> Iterator[Finding]:
    if not document.outcome.subject.strip():
        yield Finding(at("subject"), "the subject is missing: name the body that met")


@rule("header.document-type", Severity.ERROR, "The document type is present.")
def document_type(document: Document) -> Iterator[Finding]:
    if not document.outcome.document_type.strip():
        yield Finding(at("document_type"), "the document type is missing", "OUTCOME OF PROCEEDINGS")


@rule("header.marking", Severity.WARNING, "The marking is LIMITE or an EU classification, if any.")
def marking(document: Document) -> Iterator[Finding]:
    value = (document.outcome.marking or "").strip()
    if not value or value == LIMITE or value in CLASSIFICATIONS:
        return
    meant = LIMITE if _spelled(value) == LIMITE else intended_classification(value)
    if meant:
        yield Finding(at("marking"), f'the marking is printed "{meant}"', meant)
    else:
        yield Finding(at("marking"), f'"{value}" is neither LIMITE nor an EU classification')


@rule("header.item-classification", Severity.WARNING, "An item's classification is an EU classification.")
def item_classification(document: Document) -> Iterator[Finding]:
    for index, item in enumerate(document.outcome.items):
        value = (item.classification or "").strip()
        if not value or value in CLASSIFICATIONS:
            continue
        where = item_location(index, item, field="classification")
        meant = intended_classification(value)
        if meant:
            yield Finding(where, f'the classification is printed "{meant}"', meant)
        elif _spelled(value) == LIMITE:
            yield Finding(
                where, "LIMITE marks the whole document, not an item: set it as the document's marking"
            )
        else:
            yield Finding(where, f'"{value}" is not an EU classification (RESTREINT UE/EU RESTRICTED …)')


@rule("header.interinstitutional-file", Severity.ERROR, "The interinstitutional file is a procedure number.")
def interinstitutional_file(document: Document) -> Iterator[Finding]:
    value = (document.outcome.interinstitutional_file or "").strip()
    if not value:
        return
    parsed = parse_reference(value)
    if parsed.reference is not None and not isinstance(parsed.reference, ProcedureReference):
        message = f"{value} is not a procedure number, like 2017/0144 (COD)"
        yield Finding(at("interinstitutional_file"), message)
        return
    for problem in parsed.problems:
        yield Finding.relay(problem, at("interinstitutional_file"))


@rule("header.cited-documents", Severity.ERROR, "No. prev. doc. and No. Cion doc. hold readable references.")
def cited_documents(document: Document) -> Iterator[Finding]:
    for name in REFERENCE_FIELDS:
        value = (getattr(document.outcome, name) or "").strip()
        if not value:
            continue
        found = [c for c in document.citations if c.reading.location.field == name]
        if not found:
            yield Finding(at(name), f'"{value}" holds no document reference, like 14260/1/17 REV 1')
        for cited in found:
            for problem in cited.found.parsed.problems:
                yield Finding.relay(problem, at(name), cited.found.start, about=cited.found.text)
