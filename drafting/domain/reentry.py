"""A previous outcome made ready for a new meeting: what changes from meeting to meeting is cleared.

The copy keeps the structure, headings, wording and footnotes. What belonged to the old meeting is
taken out for the drafter to enter again:
- in the header, the document number, the dates (meeting, issue), the documents cited (No. prev.
  doc., which names the agenda's CM document, No. Cion doc., the interinstitutional file), and the
  subject codes' running numbers (each document takes new ones; the codes themselves stay);
- in the items, each document reference becomes a placeholder {reference_1}, {reference_2} …, each
  date written in the text {date_1}, {date_2} …, and the Coreper and Council dates of decisions are
  emptied.

Each blank has a name of its own, numbered in reading order, rather than one {reference} for all:
the problems panel then names exactly one spot per blank, two references in one sentence are told
apart, and the drafter can find each one with the browser's search. The check
"placeholders.unfilled" lists every blank until it is filled in.

Days, lists of days, months and periods become placeholders; a bare year ("early 2018", "the EU
Policy Cycle 2018-2021") stays, as it names a programme or a cycle as often as a time.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from drafting.domain.dates import DateKind, scan_dates
from drafting.domain.model import (
    Block,
    DashList,
    Decision,
    Footnote,
    Inline,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    Span,
    SubItem,
    Text,
    plain_text,
)
from drafting.domain.problems import FIELD_NAMES
from drafting.domain.references import scan_references
from drafting.domain.rules.placeholders import PLACEHOLDER, placeholder

REFERENCE, DATE = "reference", "date"
# Mentions precise enough to belong to one meeting; years alone are kept (see above).
CLEARED_DATE_KINDS = frozenset({DateKind.DAY, DateKind.DAYS, DateKind.MONTH, DateKind.PERIOD})
# Header fields that name documents of the old meeting.
HEADER_REFERENCES = ("previous_documents", "commission_documents", "interinstitutional_file")


@dataclass
class Cleared:
    """What was taken out of the copy, to tell the drafter."""

    header: list[str] = field(default_factory=list)  # the header fields emptied, as the drafter names them
    subject_codes: int = 0  # codes whose running number was cleared
    references: list[str] = field(default_factory=list)  # the placeholders written, in reading order
    dates: list[str] = field(default_factory=list)
    decision_dates: int = 0  # Coreper and Council dates emptied

    @property
    def blanks(self) -> int:
        return len(self.references) + len(self.dates)

    def summary(self) -> str:
        """One sentence in the drafter's words: "Cleared: the document number, …"."""
        parts = list(self.header)
        if self.subject_codes:
            codes = "code" if self.subject_codes == 1 else "codes"
            parts.append(f"the running number of {self.subject_codes} subject {codes}")
        if self.references:
            parts.append(counted(len(self.references), "document reference") + " " + span(self.references))
        if self.dates:
            parts.append(counted(len(self.dates), "date") + " in the text " + span(self.dates))
        if self.decision_dates:
            parts.append(counted(self.decision_dates, "Coreper or Council date") + " of decisions")
        if not parts:
            return "Nothing needed clearing."
        return "Cleared: " + join(parts) + "."


def counted(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def span(names: list[str]) -> str:
    """ "(now {reference_1})" or "(now {reference_1} to {reference_7})"."""
    first, last = placeholder(names[0]), placeholder(names[-1])
    return f"(now {first})" if len(names) == 1 else f"(now {first} to {last})"


def join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def for_new_meeting(outcome: Outcome) -> tuple[Outcome, Cleared]:
    """A copy of `outcome` with what belongs to its meeting cleared; the outcome itself is not changed."""
    copied = copy.deepcopy(outcome)
    cleared = Cleared()
    clear_header(copied, cleared)
    names = Names(taken_names(outcome), cleared)
    year = outcome.issue_date.year if outcome.issue_date else None
    around = min(outcome.meeting_dates, default=None) or outcome.issue_date
    blanking = Blanking(names, year, around)
    copied.items = [blanking.item(item) for item in copied.items]
    cleared.decision_dates = blanking.decision_dates
    return copied, cleared


# ---------------------------------------------------------------- the header


def clear_header(outcome: Outcome, cleared: Cleared) -> None:
    if outcome.document_number.strip():
        outcome.document_number = ""
        cleared.header.append("the document number")
    if outcome.meeting_dates:
        cleared.header.append("the meeting date" + ("s" if len(outcome.meeting_dates) > 1 else ""))
        outcome.meeting_dates = []
    if outcome.issue_date is not None:
        outcome.issue_date = None
        cleared.header.append("the date of issue")
    for name in HEADER_REFERENCES:
        if (getattr(outcome, name) or "").strip():
            setattr(outcome, name, None)
            cleared.header.append(
                FIELD_NAMES[name] if name.endswith("_documents") else f"the {FIELD_NAMES[name]}"
            )
    for code in outcome.subject_codes:
        if code.number:
            # 0 reads as "no running number", which the checks report until a new one is entered.
            code.number = 0
            cleared.subject_codes += 1


# ---------------------------------------------------------------- the items


class Names:
    """The next placeholder of a kind, skipping names the outcome already holds (a copy of a copy)."""

    def __init__(self, taken: set[str], cleared: Cleared):
        self.taken = taken
        self.counts = {REFERENCE: 0, DATE: 0}
        self.written = {REFERENCE: cleared.references, DATE: cleared.dates}

    def next(self, kind: str) -> str:
        while True:
            self.counts[kind] += 1
            name = f"{kind}_{self.counts[kind]}"
            if name not in self.taken:
                self.taken.add(name)
                self.written[kind].append(name)
                return placeholder(name)


def taken_names(outcome: Outcome) -> set[str]:
    return {name for value in item_strings(outcome.items) for name in PLACEHOLDER.findall(value)}


def item_strings(items: list[Item]) -> Iterator[str]:
    """Every piece of text the items hold, the decisions' choices included."""
    for item in items:
        yield plain_text(item.heading)
        for owner in (item, *item.sub_items):
            if isinstance(owner, SubItem):
                yield plain_text(owner.heading)
            for block in owner.blocks:
                if isinstance(block, Paragraph):
                    yield plain_text(block.content)
                elif isinstance(block, DashList):
                    yield from (plain_text(entry) for entry in block.entries)
                elif isinstance(block, Decision):
                    yield from (block.subject, *block.documents, plain_text(block.wording))
        yield from (plain_text(note.content) for note in item.footnotes)


class Blanking:
    """Walks the items in reading order, writing a numbered placeholder for each reference and date."""

    def __init__(self, names: Names, citing_year: int | None, around: date | None):
        self.names = names
        self.citing_year = citing_year
        self.around = around
        self.decision_dates = 0

    def item(self, item: Item) -> Item:
        return replace(
            item,
            heading=self.inline(item.heading),
            blocks=[self.block(block) for block in item.blocks],
            sub_items=[
                replace(sub, heading=self.inline(sub.heading), blocks=[self.block(b) for b in sub.blocks])
                for sub in item.sub_items
            ],
            footnotes=[Footnote(note.label, self.inline(note.content)) for note in item.footnotes],
        )

    def block(self, block: Block) -> Block:
        if isinstance(block, Paragraph):
            return Paragraph(self.inline(block.content))
        if isinstance(block, DashList):
            return DashList([self.inline(entry) for entry in block.entries])
        return self.decision(block)

    def decision(self, decision: Decision) -> Decision:
        # In the order the composed sentence reads: subject, documents, then where it goes next.
        subject = self.text(decision.subject)
        documents = tuple(self.text(document) for document in decision.documents)
        step = decision.next_step
        if step is not None:
            dated = (step.coreper_date is not None) + (step.council_date is not None)
            self.decision_dates += dated
            step = replace(step, coreper_date=None, council_date=None)
        wording = self.inline(decision.wording)
        return replace(decision, subject=subject, documents=documents, next_step=step, wording=wording)

    def inline(self, content: Inline) -> Inline:
        spans: list[Span] = []
        for one in content:
            if isinstance(one, ReferenceLink):
                spans.append(Text(self.names.next(REFERENCE)))
            elif isinstance(one, Text):
                spans.append(replace(one, text=self.text(one.text)))
            else:
                spans.append(one)
        return joined(spans)

    def text(self, value: str) -> str:
        """The text with each reference and each date of the old meeting replaced by its placeholder."""
        if not value:
            return value
        cuts: list[tuple[int, int, str]] = []
        for found in scan_references(value, citing_year=self.citing_year):
            if found.parsed.reference is not None:
                cuts.append((found.start, found.end, REFERENCE))
        for mention in scan_dates(value, around=self.around):
            clear = mention.kind in CLEARED_DATE_KINDS
            # A date inside a reference ("ST 14260 2017 REV 1") belongs to the reference.
            if clear and not any(start < mention.end and mention.start < end for start, end, _ in cuts):
                cuts.append((mention.start, mention.end, DATE))
        if not cuts:
            return value
        kept, position = [], 0
        for start, end, kind in sorted(cuts):
            kept += [value[position:start], self.names.next(kind)]
            position = end
        return "".join([*kept, value[position:]])


def joined(spans: list[Span]) -> Inline:
    """Neighbouring runs printed alike made one, as the editor would write them."""
    result: list[Span] = []
    for one in spans:
        last = result[-1] if result else None
        if isinstance(one, Text) and isinstance(last, Text) and last.bold == one.bold:
            result[-1] = Text(last.text + one.text, one.bold)
        elif not (isinstance(one, Text) and not one.text):
            result.append(one)
    return tuple(result)
