"""Subject codes: well formed, not repeated, known; COMIX if and only if a Mixed Committee item."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.problems import Location, Severity
from drafting.domain.rules.document import Document

# The codes named by the conventions (Justice and Home Affairs); the list is open, so an unknown code
# is only noted, and CheckSettings.extra_subject_codes adds codes of other Council configurations.
KNOWN_SUBJECT_CODES = frozenset(
    ("JAI", "COSI", "CATS", "ENFOPOL", "ENFOCUSTOM", "CRIMORG", "CT", "COTER", "DAPIX", "GENVAL", "COPEN",
     "DROIPEN", "FREMP", "CORDROGUE", "SIRIS", "SCH-EVAL", "SCHENGEN", "FRONT", "VISA", "MIGR", "ASIM",
     "JAIEX", "EUROJUST", "EPPO", "EUROPOL", "CYBER", "DATAPROTECT", "CODEC", "COMIX")
)  # fmt: skip
MIXED_COMMITTEE = "COMIX"
WELL_FORMED = re.compile(r"[A-Z]+(?:-[A-Z]+)*")


def code_location(index: int) -> Location:
    return Location(field="subject_codes", index=index)


@rule(
    "codes.malformed", Severity.ERROR, "A subject code is upper-case letters (a hyphen allowed) and a number."
)
def malformed(document: Document) -> Iterator[Finding]:
    for index, code in enumerate(document.outcome.subject_codes):
        if not WELL_FORMED.fullmatch(code.code):
            cleaned = "-".join(part for part in re.split(r"[\s-]+", code.code.strip().upper()) if part)
            suggestion = f"{cleaned} {code.number}" if WELL_FORMED.fullmatch(cleaned) else None
            message = f'"{code.code}" is not a subject code: upper-case letters, perhaps a hyphen (SCH-EVAL)'
            yield Finding(code_location(index), message, suggestion)
        if code.number < 1:
            yield Finding(code_location(index), f"{code} has no running number: it counts from 1 each year")


@rule("codes.duplicate", Severity.ERROR, "A subject code appears once.")
def duplicate(document: Document) -> Iterator[Finding]:
    seen: set[str] = set()
    for index, code in enumerate(document.outcome.subject_codes):
        if code.code in seen:
            yield Finding(code_location(index), f"the subject code {code.code} is given twice")
        seen.add(code.code)


@rule("codes.unknown", Severity.INFO, "A subject code is one the secretariat knows.")
def unknown(document: Document) -> Iterator[Finding]:
    known = KNOWN_SUBJECT_CODES | document.settings.extra_subject_codes
    for index, code in enumerate(document.outcome.subject_codes):
        if code.code not in known and WELL_FORMED.fullmatch(code.code):
            yield Finding(code_location(index), f"{code.code} is not among the known subject codes; check it")


@rule("codes.comix-missing", Severity.ERROR, "An outcome with a Mixed Committee item carries a COMIX code.")
def comix_missing(document: Document) -> Iterator[Finding]:
    outcome = document.outcome
    mixed = [str(item.number) for item in outcome.items if item.mixed_committee]
    if mixed and not any(code.code == MIXED_COMMITTEE for code in outcome.subject_codes):
        named = "item " + mixed[0] if len(mixed) == 1 else "items " + ", ".join(mixed)
        message = f"{named} met in Mixed Committee format, so the outcome needs a COMIX subject code"
        yield Finding(Location(field="subject_codes"), message)


@rule("codes.comix-unused", Severity.WARNING, "A COMIX code goes with at least one Mixed Committee item.")
def comix_unused(document: Document) -> Iterator[Finding]:
    outcome = document.outcome
    if any(item.mixed_committee for item in outcome.items):
        return
    for index, code in enumerate(outcome.subject_codes):
        if code.code == MIXED_COMMITTEE:
            message = "the COMIX code marks a Mixed Committee, but no item is marked as held in that format"
            yield Finding(code_location(index), message)
