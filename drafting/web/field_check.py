"""The live check of one field as the drafter types it: the domain's rules, run on that value alone.

A check answers every pause in typing, so it never loads or checks the whole outcome: the value is
put into an otherwise empty outcome and only the rules that judge that one field are run on it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from drafting.domain.checks import RULES, Registry, check
from drafting.domain.dates import day_message, read_day
from drafting.domain.model import Footer, Item, Outcome, Paragraph, SubjectCode
from drafting.domain.problems import Location, Problem, Severity
from drafting.io.markup import parse_inline

# Longer text is no single field of an outcome: it is refused rather than scanned.
LONGEST_CHECKED = 20_000

CODE_LINE = re.compile(r"\s*(?P<code>\S(?:.*\S)?)\s+(?P<number>\d{1,6})\s*")


def rules(*codes: str) -> Registry:
    """The registered rules of these codes, alone."""
    chosen = Registry()
    for code in codes:
        found = RULES[code]
        chosen.rule(found.code, found.severity, found.description)(found.find)
    return chosen


HOLDABLE = "text.unholdable-character"

# The rules that judge one header field, and only that field.
HEADER_RULES = {
    "place": rules(HOLDABLE),
    "original_language": rules("header.language", HOLDABLE),
    "interinstitutional_file": rules("header.interinstitutional-file", HOLDABLE),
    "document_number": rules("header.document-number", "header.document-year", HOLDABLE),
    "marking": rules("header.marking", HOLDABLE),
    "document_type": rules("header.document-type", HOLDABLE),
    "sender": rules(HOLDABLE),
    "recipient": rules(HOLDABLE),
    "previous_documents": rules("header.cited-documents", HOLDABLE),
    "commission_documents": rules("header.cited-documents", HOLDABLE),
    "subject": rules("header.subject", HOLDABLE),
}
OPTIONAL_HEADER_FIELDS = ("interinstitutional_file", "marking", "previous_documents", "commission_documents")
FOOTER_RULES = rules(HOLDABLE)
FOOTER_FIELDS = ("initials", "unit", "language")
CODE_RULES = rules("codes.malformed", "codes.unknown", HOLDABLE)
MEETING_RULES = rules("header.meeting-date")
ISSUE_RULES = rules("header.issue-date")
# Running text, read as a paragraph of an item is: its references, dates, delegations and wording.
TEXT_RULES = rules(
    HOLDABLE,
    "references.in-text",
    "wording.as-set-out",
    "dates.impossible",
    "dates.reversed",
    "delegations.code",
    "delegations.duplicate",
    "placeholders.unfilled",
)
# Header text in which a drafter may cite a document or name a date, read as running text too.
HEADER_TEXT = ("place", "sender", "recipient", "subject")


def field_problems(name: str, value: str, issue_date: date | None = None) -> list[Problem]:
    """The problems of `value` typed into the header field `name` ("document_number", "subject_codes-1")."""
    if len(value) > LONGEST_CHECKED:
        return [too_long(LONGEST_CHECKED)]
    field = name.split("-", 1)[0]
    if field == "subject_codes":
        return code_line_problems(value)
    if field == "meeting_dates":
        return meeting_day_problems(value, issue_date)
    if field == "issue_date":
        return issue_date_problems(value)
    if field in HEADER_RULES:
        typed = (value or None) if field in OPTIONAL_HEADER_FIELDS else value
        outcome = Outcome(issue_date=issue_date, **{field: typed})
        found = checked(HEADER_RULES[field], outcome, lambda at: at.field == field)
        if field in HEADER_TEXT:
            found = distinct(found + text_problems(value, issue_date))
        return found
    if field in FOOTER_FIELDS:
        return checked(FOOTER_RULES, Outcome(footer=Footer(**{field: value})), lambda at: at.field == field)
    if field in ("numbering", "version", "csrf_token"):
        return []
    return text_problems(value, issue_date)


def text_problems(value: str, issue_date: date | None = None) -> list[Problem]:
    """Running text, as one paragraph of an outcome issued on `issue_date`."""
    if len(value) > LONGEST_CHECKED:
        return [too_long(LONGEST_CHECKED)]
    if not value.strip():
        return []
    paragraph = Paragraph(parse_inline(value))
    outcome = Outcome(issue_date=issue_date, items=[Item(number=1, heading=(), blocks=[paragraph])])
    return checked(TEXT_RULES, outcome, lambda at: at.item is not None)


def code_line_problems(line: str) -> list[Problem]:
    """A subject code line as typed: "COSI 334"."""
    if not line.strip():
        return []
    code = read_code_line(line)
    if code is None:
        return [unreadable_code_line(line)]
    return checked(CODE_RULES, Outcome(subject_codes=[code]), lambda at: at.field == "subject_codes")


def meeting_day_problems(value: str, issue_date: date | None) -> list[Problem]:
    if not value.strip():
        return []
    day = read_day(value)
    if day is None:
        return [unreadable_day(value)]
    outcome = Outcome(issue_date=issue_date, meeting_dates=[day])
    return checked(MEETING_RULES, outcome, lambda at: at.field == "meeting_dates" and at.index is not None)


def issue_date_problems(value: str) -> list[Problem]:
    if not value.strip():
        return checked(ISSUE_RULES, Outcome(), lambda at: at.field == "issue_date")
    return [] if read_day(value) is not None else [unreadable_day(value)]


def checked(registry: Registry, outcome: Outcome, keep: Callable[[Location], bool]) -> list[Problem]:
    return [problem for problem in check(outcome, rules=registry) if keep(problem.location)]


def distinct(problems: list[Problem]) -> list[Problem]:
    """Each message once: a header field read as running text meets some rules twice."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for problem in problems:
        if (problem.code, problem.message) not in seen:
            seen.add((problem.code, problem.message))
            kept.append(problem)
    return kept


# ---------------------------------------------------------------- reading what a form field holds


def read_code_line(line: str) -> SubjectCode | None:
    """A code and its running number ("COSI 334"); the code is kept as typed, for the checks to judge."""
    match = CODE_LINE.fullmatch(line)
    if match is None or int(match["number"]) < 1:
        return None
    return SubjectCode(match["code"], int(match["number"]))


def unreadable_code_line(line: str) -> Problem:
    shown = line.strip() if len(line.strip()) <= 40 else line.strip()[:37] + "..."
    return Problem(
        Severity.ERROR,
        "codes.unreadable",
        f'"{shown}" is not a subject code and its running number, like COSI 334',
    )


def unreadable_day(value: str) -> Problem:
    return Problem(Severity.ERROR, "dates.unreadable", day_message(value))


def too_long(limit: int) -> Problem:
    return Problem(Severity.ERROR, "text.too-long", f"the text is longer than the {limit} characters allowed")
