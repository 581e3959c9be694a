"""Lists of delegations: codes of delegations sitting that day, none twice, one order throughout."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from drafting.domain.checks import DelegationOrder, Finding, rule
from drafting.domain.dates import format_date
from drafting.domain.delegations import (
    MISTAKEN_CODES,
    SCHENGEN_ASSOCIATED,
    UK_LEFT,
    UNITED_KINGDOM,
    member_states_on,
    protocol_rank,
)
from drafting.domain.model import delegation_text
from drafting.domain.problems import Severity
from drafting.domain.rules.document import Document, Listed


@rule(
    "delegations.code",
    Severity.ERROR,
    "Each code names a delegation sitting on the meeting date (EL, not GR).",
)
def delegation_codes(document: Document) -> Iterator[Finding]:
    day = document.meeting_day or document.outcome.issue_date
    sitting = set(member_states_on(day))
    items = document.outcome.items
    for listed in document.delegation_lists:
        mixed = items[listed.reading.item].mixed_committee
        for code in dict.fromkeys(listed.codes):
            if code in sitting or (mixed and code in SCHENGEN_ASSOCIATED):
                continue
            yield _finding(listed, _why_not(code, day, mixed), _replaced(listed.codes, code))


def _why_not(code: str, day: date | None, mixed: bool) -> str:
    if code in MISTAKEN_CODES:
        return f"{code} is not the Council's code: write {MISTAKEN_CODES[code]}"
    if code == UNITED_KINGDOM:
        left, meeting = format_date(UK_LEFT), format_date(day) if day else "the meeting date"
        return f"the United Kingdom left the Union on {left}; it did not sit on {meeting}"
    if code in SCHENGEN_ASSOCIATED and not mixed:
        return (
            f"{code} is a Schengen associated state, present only in an item held in Mixed Committee format"
        )
    return f'"{code}" is not the code of a member state'


def _replaced(codes: tuple[str, ...], code: str) -> str | None:
    if code not in MISTAKEN_CODES:
        return None
    return delegation_text(tuple(MISTAKEN_CODES[c] if c == code else c for c in codes))


@rule("delegations.duplicate", Severity.ERROR, "A list names each delegation once.")
def duplicate_codes(document: Document) -> Iterator[Finding]:
    for listed in document.delegation_lists:
        if len(set(listed.codes)) == len(listed.codes):
            continue
        twice = ", ".join(code for code, count in Counter(listed.codes).items() if count > 1)
        yield _finding(listed, f"{twice} named twice", delegation_text(tuple(dict.fromkeys(listed.codes))))


@lru_cache(maxsize=256)
def _rank(code: str) -> int:
    return protocol_rank(code)


def order_of(codes: tuple[str, ...]) -> set[DelegationOrder]:
    """The orders a list of codes follows (a short list may follow both)."""
    followed = set()
    if list(codes) == sorted(codes):
        followed.add(DelegationOrder.ALPHABETICAL)
    if list(codes) == sorted(codes, key=_rank):
        followed.add(DelegationOrder.PROTOCOL)
    return followed


def in_order(codes: tuple[str, ...], order: DelegationOrder) -> tuple[str, ...]:
    return tuple(sorted(codes) if order is DelegationOrder.ALPHABETICAL else sorted(codes, key=_rank))


@rule(
    "delegations.order",
    Severity.WARNING,
    "All lists of delegations follow one order, alphabetical or protocol, as the document's other lists do.",
)
def consistent_order(document: Document) -> Iterator[Finding]:
    lists = [listed for listed in document.delegation_lists if len(set(listed.codes)) > 1]
    orders = [order_of(listed.codes) for listed in lists]
    chosen = document.settings.delegation_order or _usual_order(orders)
    for listed, followed in zip(lists, orders, strict=True):
        if chosen in followed:
            continue
        if followed:
            (other,) = followed
            message = f"this list is in {other} order, but the document's lists are in {chosen} order"
        else:
            message = f"this list is in neither alphabetical nor protocol order; the document's are {chosen}"
        yield _finding(listed, message, delegation_text(in_order(listed.codes, chosen)))


def _usual_order(orders: list[set[DelegationOrder]]) -> DelegationOrder:
    """The order most lists that can tell follow; on a tie, the first such list's."""
    telling = [next(iter(followed)) for followed in orders if len(followed) == 1]
    if not telling:
        return DelegationOrder.ALPHABETICAL
    counts = Counter(telling)
    return max(counts, key=lambda order: (counts[order], -telling.index(order)))


def _finding(listed: Listed, message: str, suggestion: str | None = None) -> Finding:
    return Finding(listed.reading.location, message, suggestion)
