"""The outcome as the rules read it: every passage walked once, its references and dates scanned once."""

from __future__ import annotations

from datetime import date
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, NamedTuple

from drafting.domain.dates import DateMention, scan_dates
from drafting.domain.model import (
    Decision,
    DelegationList,
    FootnoteMark,
    Inline,
    Item,
    Outcome,
    passages,
    plain_text,
)
from drafting.domain.problems import Location
from drafting.domain.references import Found, forget_parses, scan_references

if TYPE_CHECKING:
    from drafting.domain.checks import CheckSettings

# The header as printed, top to bottom, then the footer: problems are listed in this order.
HEADER_ORDER = (
    "place",
    "issue_date",
    "original_language",
    "interinstitutional_file",
    "document_number",
    "marking",
    "subject_codes",
    "document_type",
    "sender",
    "meeting_dates",
    "recipient",
    "previous_documents",
    "commission_documents",
    "subject",
    "initials",
    "unit",
    "language",
)
# Fields of an item or sub-item, before its body.
HEAD_ORDER = ("number", "letter", "heading", "classification")

# Header fields whose text is a list of document references.
REFERENCE_FIELDS = ("previous_documents", "commission_documents")


# The records below are named tuples: a check of a long outcome builds thousands of them, and a
# tuple is built in half the time of a frozen dataclass, equally immutable.


class Reading(NamedTuple):
    """One passage of the outcome with its plain text."""

    location: Location
    content: Inline
    text: str
    composed: bool = False  # a decision sentence composed from its choices, whose dates are checked there

    @property
    def item(self) -> int | None:
        return self.location.item


class Cited(NamedTuple):
    """A reference found in a passage."""

    reading: Reading
    found: Found


class Dated(NamedTuple):
    """A date or period found in a passage."""

    reading: Reading
    mention: DateMention


class Listed(NamedTuple):
    """A list of delegations in a passage."""

    reading: Reading
    codes: tuple[str, ...]


class Marked(NamedTuple):
    """A footnote mark in a passage."""

    reading: Reading
    label: str


class DecisionAt(NamedTuple):
    location: Location
    decision: Decision


# An outcome is checked again after every edit, and most of its paragraphs have not changed: what
# was found in a text is kept (it is immutable) for the next check, as references keep their parses.
SCANS_KEPT = 4096


@lru_cache(maxsize=SCANS_KEPT)
def references_in(text: str, citing_year: int | None) -> tuple[Found, ...]:
    return tuple(scan_references(text, citing_year=citing_year))


@lru_cache(maxsize=SCANS_KEPT)
def dates_in(text: str, around: date | None) -> tuple[DateMention, ...]:
    return tuple(scan_dates(text, around=around))


def forget_scans() -> None:
    """Drop the kept scans (to measure a first check, or after the scanners changed)."""
    references_in.cache_clear()
    dates_in.cache_clear()
    forget_parses()


def item_location(index: int, item: Item, **narrower: object) -> Location:
    return Location(item=index, item_number=str(item.number), **narrower)  # type: ignore[arg-type]


class Document:
    """What every rule reads; each view is built on first use and shared by all rules of one check."""

    def __init__(self, outcome: Outcome, settings: CheckSettings):
        self.outcome = outcome
        self.settings = settings

    # ------------------------------------------------------------ the header

    @cached_property
    def meeting_day(self) -> date | None:
        """The (first) day of the meeting: days named without a year are placed around it."""
        return min(self.outcome.meeting_dates, default=None)

    @cached_property
    def last_meeting_day(self) -> date | None:
        return max(self.outcome.meeting_dates, default=None)

    @property
    def issue_year(self) -> int | None:
        return self.outcome.issue_date.year if self.outcome.issue_date else None

    # ------------------------------------------------------------ the text

    @cached_property
    def readings(self) -> list[Reading]:
        """Every passage, header first, then the items in reading order."""
        readings = []
        for passage in passages(self.outcome):
            at, content = passage.location, passage.content
            composed = at.block_kind == "decision" and self._composed(at)
            readings.append(Reading(at, content, plain_text(content), composed))
        return readings

    def _composed(self, at: Location) -> bool:
        """Whether the decision at `at` prints the sentence composed from its choices."""
        if at.item is None or at.block is None:
            return False
        decision = self._block(at)
        return isinstance(decision, Decision) and not decision.wording

    def _block(self, at: Location) -> object:
        item = self.outcome.items[at.item]
        owner = item.sub_items[at.sub_item] if at.sub_item is not None else item
        return owner.blocks[at.block]

    @cached_property
    def item_readings(self) -> list[Reading]:
        return [reading for reading in self.readings if reading.location.item is not None]

    @cached_property
    def headings(self) -> list[str]:
        """The plain text of each item's heading."""
        texts = [""] * len(self.outcome.items)
        for reading in self.item_readings:
            at = reading.location
            if at.field == "heading" and at.sub_item is None:
                texts[at.item] = reading.text
        return texts

    @cached_property
    def readings_by_item(self) -> dict[int, list[Reading]]:
        grouped: dict[int, list[Reading]] = {index: [] for index in range(len(self.outcome.items))}
        for reading in self.item_readings:
            grouped[reading.location.item].append(reading)
        return grouped

    @cached_property
    def citations(self) -> list[Cited]:
        """Every reference in the items and in the header's lists of documents, scanned once."""
        year = self.issue_year
        cited = []
        for reading in self.readings:
            at = reading.location
            if reading.text and (at.item is not None or at.field in REFERENCE_FIELDS):
                cited += [Cited(reading, found) for found in references_in(reading.text, year)]
        return cited

    @cached_property
    def mentions(self) -> list[Dated]:
        """Every date and period named in the items, scanned once."""
        around = self.meeting_day or self.outcome.issue_date
        return [
            Dated(reading, mention)
            for reading in self.item_readings
            if reading.text
            for mention in dates_in(reading.text, around)
        ]

    @cached_property
    def delegation_lists(self) -> list[Listed]:
        return [
            Listed(reading, span.codes)
            for reading in self.item_readings
            for span in reading.content
            if isinstance(span, DelegationList)
        ]

    @cached_property
    def marks(self) -> list[Marked]:
        """Footnote marks in reading order (the footnotes' own text is not searched)."""
        return [
            Marked(reading, span.label)
            for reading in self.item_readings
            if reading.location.footnote is None
            for span in reading.content
            if isinstance(span, FootnoteMark)
        ]

    @cached_property
    def decisions(self) -> list[DecisionAt]:
        found = []
        for index, item in enumerate(self.outcome.items):
            # Most items hold no decision: a location is built only for one found.
            for sub_item, owner in ((None, item), *enumerate(item.sub_items)):
                for b, block in enumerate(owner.blocks):
                    if isinstance(block, Decision):
                        at = item_location(index, item, sub_item=sub_item, block=b, block_kind=block.kind)
                        found.append(DecisionAt(at, block))
        return found

    # ------------------------------------------------------------ document order

    @cached_property
    def _footnote_ranks(self) -> list[dict[str, int]]:
        return [{f.label: rank for rank, f in enumerate(item.footnotes)} for item in self.outcome.items]

    def order(self, at: Location) -> tuple[int, ...]:
        """A sort key putting locations in the order a reader meets them."""
        if at.item is None:
            rank = HEADER_ORDER.index(at.field) + 1 if at.field in HEADER_ORDER else len(HEADER_ORDER) + 1
            return (0, 0 if at.field is None else rank, _n(at.index))
        footnote = -1
        if at.footnote is not None:
            ranks = self._footnote_ranks[at.item] if at.item < len(self._footnote_ranks) else {}
            footnote = ranks.get(at.footnote, len(ranks))
        return (
            1,
            at.item,
            _part(at),
            _n(at.sub_item),
            footnote,
            _n(at.block),
            _n(at.entry),
            _head_rank(at.field),
            _n(at.index),
        )


def _part(at: Location) -> int:
    """Within an item: its number and heading, its body, its sub-items, then its footnotes."""
    if at.footnote is not None:
        return 3
    if at.sub_item is not None:
        return 2
    return 1 if at.block is not None else 0


def _head_rank(field: str | None) -> int:
    if field is None:
        return -1
    return HEAD_ORDER.index(field) if field in HEAD_ORDER else len(HEAD_ORDER)


def _n(value: int | None) -> int:
    return -1 if value is None else value
