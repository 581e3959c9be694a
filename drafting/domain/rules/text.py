"""Text as typed: characters Word cannot hold, headings missing, paragraphs left empty."""

from __future__ import annotations

from collections.abc import Iterator

from drafting.domain.characters import unholdable_problem
from drafting.domain.checks import Finding, rule
from drafting.domain.problems import DOCUMENT, Severity
from drafting.domain.rules.document import Document, item_location


@rule("text.unholdable-character", Severity.ERROR, "No text holds a character a Word document cannot carry.")
def unholdable(document: Document) -> Iterator[Finding]:
    # One look at all the text first: such characters are rare, and a passage at a time is slow.
    if unholdable_problem("\n".join(r.text for r in document.readings), DOCUMENT) is None:
        return
    for reading in document.readings:
        problem = unholdable_problem(reading.text, reading.location)
        if problem is not None:
            yield Finding.relay(problem, reading.location)


@rule("text.empty-heading", Severity.ERROR, "Every item has a heading.")
def empty_heading(document: Document) -> Iterator[Finding]:
    for index, item in enumerate(document.outcome.items):
        if not document.headings[index].strip():
            yield Finding(item_location(index, item, field="heading"), f"item {item.number} has no heading")


@rule("text.empty-paragraph", Severity.INFO, "No paragraph is left empty.")
def empty_paragraph(document: Document) -> Iterator[Finding]:
    for reading in document.item_readings:
        if reading.location.block_kind == "paragraph" and not reading.text.strip():
            yield Finding(reading.location, "the paragraph is empty; delete it")
