"""Footnotes: each mark finds its footnote, each footnote is called, numbers follow appearance."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.problems import Severity
from drafting.domain.rules import ordinal
from drafting.domain.rules.document import Document, item_location


@rule("footnotes.missing", Severity.ERROR, "Every footnote mark calls a footnote of its item.")
def missing_footnotes(document: Document) -> Iterator[Finding]:
    items = document.outcome.items
    for mark in document.marks:
        item = items[mark.reading.item]
        if item.footnote(mark.label) is None:
            message = f"the footnote mark {mark.label} calls no footnote of item {item.number}"
            yield Finding(mark.reading.location, message)


@rule("footnotes.uncalled", Severity.WARNING, "Every footnote is called by a mark in its item.")
def uncalled_footnotes(document: Document) -> Iterator[Finding]:
    called = {(mark.reading.item, mark.label) for mark in document.marks}
    for index, item in enumerate(document.outcome.items):
        for footnote in item.footnotes:
            if (index, footnote.label) not in called:
                message = f"footnote {footnote.label} is never called: no mark in the item refers to it"
                yield Finding(item_location(index, item, footnote=footnote.label), message)


@rule("footnotes.duplicate-label", Severity.ERROR, "No two footnotes of an item share a label.")
def duplicate_labels(document: Document) -> Iterator[Finding]:
    for index, item in enumerate(document.outcome.items):
        labels = [footnote.label for footnote in item.footnotes]
        if len(set(labels)) == len(labels):
            continue
        counts = Counter(labels)
        for label, count in counts.items():
            if count > 1:
                message = (
                    f"{count} footnotes of the item share the label {label}; a mark cannot tell them apart"
                )
                yield Finding(item_location(index, item, footnote=label), message)


@rule(
    "footnotes.order",
    Severity.WARNING,
    "Numbered footnotes follow their order of appearance across the document (1, 2, 3 …).",
)
def footnote_order(document: Document) -> Iterator[Finding]:
    items = document.outcome.items
    seen: set[tuple[int, str]] = set()
    for mark in document.marks:
        key = (mark.reading.item, mark.label)
        if key in seen or items[mark.reading.item].footnote(mark.label) is None:
            continue
        seen.add(key)
        position = len(seen)
        if mark.label.isdigit() and int(mark.label) != position:
            message = (
                f"footnote {mark.label} is the {ordinal(position)} footnote called in the document; "
                f"the export numbers footnotes in order of appearance, so it will be printed as {position}"
            )
            yield Finding(mark.reading.location, message, suggestion=str(position))
