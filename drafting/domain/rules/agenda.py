"""The items every outcome opens and closes with: adoption of the agenda, any other business."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.problems import Severity
from drafting.domain.rules.document import Document, item_location

AGENDA = re.compile(r"\bagenda\b", re.IGNORECASE)
ANY_OTHER_BUSINESS = re.compile(r"\bany\s+other\s+business\b|\bAOB\b", re.IGNORECASE)
# An agenda is a meeting notice (CM) or a Council document (ST), as its register identifier says.
AGENDA_SERIES = ("ST ", "CM ")


def is_any_other_business(heading: str) -> bool:
    return ANY_OTHER_BUSINESS.search(heading) is not None


@rule("agenda.first-item", Severity.WARNING, 'Item 1 is the "Adoption of the agenda".')
def adoption_first(document: Document) -> Iterator[Finding]:
    items = document.outcome.items
    if items and not AGENDA.search(document.headings[0]):
        at = item_location(0, items[0], field="heading")
        yield Finding(at, "the first item is usually the adoption of the agenda", "Adoption of the agenda")


@rule(
    "agenda.document", Severity.WARNING, "The adoption of the agenda cites the agenda (a CM or ST document)."
)
def agenda_cited(document: Document) -> Iterator[Finding]:
    items = document.outcome.items
    if not items or not AGENDA.search(document.headings[0]):
        return
    cited = [c for c in document.citations if c.reading.item == 0]
    if not any((c.found.parsed.register or "").startswith(AGENDA_SERIES) for c in cited):
        message = "the adoption of the agenda cites no agenda: name its CM or ST number"
        yield Finding(item_location(0, items[0]), message)


@rule("agenda.last-item", Severity.WARNING, 'The last item is "Any other business".')
def any_other_business_last(document: Document) -> Iterator[Finding]:
    items = document.outcome.items
    if len(items) > 1 and not is_any_other_business(document.headings[-1]):
        at = item_location(len(items) - 1, items[-1], field="heading")
        yield Finding(at, 'the last item is usually "Any other business"')


@rule("agenda.empty-aob", Severity.INFO, 'An empty "Any other business" says "No items were raised."')
def empty_any_other_business(document: Document) -> Iterator[Finding]:
    wording = document.settings.aob_wording
    for index, item in enumerate(document.outcome.items):
        if not is_any_other_business(document.headings[index]):
            continue
        body = [
            r for r in document.readings_by_item[index] if r.location.field != "heading" and r.text.strip()
        ]
        if not body:
            yield Finding(
                item_location(index, item), f'nothing is said under the item: write "{wording}"', wording
            )
