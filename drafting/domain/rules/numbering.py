"""Item numbers and sub-item letters."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice
from string import ascii_lowercase

from drafting.domain.checks import Finding, rule
from drafting.domain.model import Numbering, SubItemStyle
from drafting.domain.problems import Severity
from drafting.domain.rules import ordinal
from drafting.domain.rules.document import Document, item_location


@rule("numbering.duplicate", Severity.ERROR, "No two items carry the same number.")
def duplicate_numbers(document: Document) -> Iterator[Finding]:
    first_with: dict[int, int] = {}
    for index, item in enumerate(document.outcome.items):
        if item.number in first_with:
            earlier = first_with[item.number] + 1
            message = f"the number {item.number} is already used by the {ordinal(earlier)} item"
            yield Finding(item_location(index, item, field="number"), message)
        else:
            first_with[item.number] = index


@rule("numbering.order", Severity.ERROR, "Item numbers start at 1 or more and increase.")
def increasing_numbers(document: Document) -> Iterator[Finding]:
    highest = 0
    seen: set[int] = set()
    for index, item in enumerate(document.outcome.items):
        if item.number < 1:
            message = f"an item cannot be numbered {item.number}"
            yield Finding(item_location(index, item, field="number"), message, suggestion=str(highest + 1))
        elif item.number < highest and item.number not in seen:
            message = f"item {item.number} comes after item {highest}: numbers must increase"
            yield Finding(item_location(index, item, field="number"), message, suggestion=str(highest + 1))
        highest = max(highest, item.number)
        seen.add(item.number)


@rule(
    "numbering.gap",
    Severity.ERROR,
    "Items are numbered 1, 2, 3 … without gaps (gaps are noted under agenda numbering).",
)
def gaps(document: Document) -> Iterator[Finding]:
    follows_agenda = document.outcome.numbering is Numbering.AGENDA
    used = {item.number for item in document.outcome.items}
    highest = 0
    for index, item in enumerate(document.outcome.items):
        missing = _missing(highest, item.number, used)
        if missing:
            at = item_location(index, item, field="number")
            if follows_agenda:
                message = f"{missing} not used: the numbering follows the agenda, so this may be intended"
                yield Finding(at, message, severity=Severity.INFO)
            else:
                before = (
                    f"item {item.number} follows item {highest}" if highest else "the numbering starts here"
                )
                message = f"{before}: {missing} missing"
                yield Finding(at, message, suggestion=str(highest + 1))
        highest = max(highest, item.number)


@rule(
    "numbering.letters",
    Severity.ERROR,
    "Lettered sub-items run a), b), c) …; dashed sub-items carry no letter.",
)
def sub_item_letters(document: Document) -> Iterator[Finding]:
    for index, item in enumerate(document.outcome.items):
        lettered = item.sub_item_style is SubItemStyle.LETTERED
        for s, sub in enumerate(item.sub_items):
            expected = ascii_lowercase[s] if lettered and s < len(ascii_lowercase) else None
            if (sub.letter or None) == expected or (lettered and expected is None):
                continue
            at = item_location(index, item, sub_item=s, field="letter")
            if not lettered:
                yield Finding(at, f"a dashed sub-item carries the letter {sub.letter}); remove it")
                continue
            if not sub.letter:
                yield Finding(at, f"the sub-item has no letter; {expected}) expected", suggestion=expected)
            else:
                message = f"the {ordinal(s + 1)} sub-item is lettered {sub.letter}); {expected}) expected"
                yield Finding(at, message, suggestion=expected)


def _missing(highest: int, number: int, used: set[int]) -> str | None:
    """The numbers skipped between two items, said briefly ("number 3 is", "numbers 3 to 5 are")."""
    if number - highest <= 1:
        return None  # consecutive: the usual case, answered without looking at the other items
    skipped = sum(1 for n in used if highest < n < number)
    if number - highest - 1 <= skipped:
        return None  # nothing between, or every number between is used by items further on
    if not skipped:
        first, last = highest + 1, number - 1
        return f"number {first} is" if first == last else f"numbers {first} to {last} are"
    unused = list(islice((n for n in range(highest + 1, number) if n not in used), 4))
    if len(unused) == 1:
        return f"number {unused[0]} is"
    if len(unused) > 3:
        return f"numbers {', '.join(map(str, unused[:3]))} … are"
    return f"numbers {', '.join(map(str, unused[:-1]))} and {unused[-1]} are"
