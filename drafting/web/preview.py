"""The outcome as the preview page lays it out: the Word document's pieces, in the Word document's order.

The wording comes from the domain (dates, decision sentences, delegation lists) and the labels and
sub-item letters from the writer, so the preview cannot say anything the .docx does not. Footnotes are
numbered as Word numbers them: in order of appearance, a footnote called twice counted once.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.domain.dates import format_date, format_days
from drafting.domain.model import (
    Block,
    DashList,
    Decision,
    DelegationList,
    FootnoteMark,
    Inline,
    Item,
    Outcome,
    ReferenceLink,
    Text,
    delegation_text,
)
from drafting.domain.phrasing import decision_sentence
from drafting.render import styles
from drafting.render.writer import COUNCIL, register_link, sub_item_label


@dataclass(frozen=True)
class Run:
    """A piece of a line: text (bold or not), a reference linked to the register, or a footnote number."""

    text: str = ""
    bold: bool = False
    link: str | None = None
    note: int | None = None


@dataclass(frozen=True)
class Lines:
    """A paragraph (one line of runs) or a dash list (one line per entry)."""

    kind: str  # "paragraph" or "dashes"
    lines: list[list[Run]]


@dataclass(frozen=True)
class Heading:
    label: str  # "2.", "a)", "-"
    runs: list[Run]
    classification: str | None = None


@dataclass(frozen=True)
class Part:
    """An item or a sub-item: its heading, its text and its own sub-items."""

    heading: Heading
    blocks: list[Lines]
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class Note:
    number: int
    runs: list[Run]


@dataclass(frozen=True)
class Addressing:
    label: str
    lines: list[str]


@dataclass
class Preview:
    outcome: Outcome
    council: str
    issued: str
    addressing: list[Addressing]
    items: list[Part]
    notes: list[Note]
    interinstitutional_label: str = styles.INTERINSTITUTIONAL_FILE_LABEL


def preview(outcome: Outcome) -> Preview:
    notes = Notes()
    items = [notes.item(item) for item in outcome.items]
    when = f", {format_date(outcome.issue_date)}" if outcome.issue_date else ""
    return Preview(
        outcome=outcome,
        council=COUNCIL,
        issued=outcome.place + when,
        addressing=addressing(outcome),
        items=items,
        notes=notes.written,
    )


def addressing(outcome: Outcome) -> list[Addressing]:
    """The From/On/To block, its optional lines left out as the writer leaves them out."""
    rows = [
        (styles.FROM, outcome.sender),
        (styles.ON, format_days(outcome.meeting_dates)),
        (styles.TO, outcome.recipient),
    ]
    if outcome.previous_documents:
        rows.append((styles.PREVIOUS_DOCUMENTS, outcome.previous_documents))
    if outcome.commission_documents:
        rows.append((styles.COMMISSION_DOCUMENTS, outcome.commission_documents))
    rows.append((styles.SUBJECT, outcome.subject))
    # A line break in a value (a subject running to a second line) is kept as the writer keeps it.
    return [Addressing(label, value.replace("\r\n", "\n").split("\n")) for label, value in rows]


class Notes:
    """Walks the items in reading order, numbering each footnote when it is first called."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[int, str], int] = {}  # (id of the item, label) -> number
        self.written: list[Note] = []

    def item(self, item: Item) -> Part:
        heading = Heading(f"{item.number}.", self.runs(item.heading, item), item.classification)
        blocks = [self.block(block, item) for block in item.blocks]
        parts = [
            Part(
                Heading(sub_item_label(item, sub, index), self.runs(sub.heading, item)),
                [self.block(block, item) for block in sub.blocks],
            )
            for index, sub in enumerate(item.sub_items)
        ]
        return Part(heading, blocks, parts)

    def block(self, block: Block, item: Item) -> Lines:
        if isinstance(block, DashList):
            return Lines("dashes", [self.runs(entry, item) for entry in block.entries])
        content = decision_sentence(block) if isinstance(block, Decision) else block.content
        return Lines("paragraph", [self.runs(content, item)])

    def runs(self, content: Inline, item: Item | None) -> list[Run]:
        """The runs of some text; `item` is None inside a footnote, where a mark prints nothing."""
        runs: list[Run] = []
        for span in content:
            if isinstance(span, Text):
                runs.append(Run(span.text, bold=span.bold))
            elif isinstance(span, ReferenceLink):
                runs.append(Run(span.reference, link=register_link(span.reference)))
            elif isinstance(span, DelegationList):
                runs.append(Run(delegation_text(span.codes)))
            elif isinstance(span, FootnoteMark) and item is not None:
                number = self.number(item, span.label)
                if number is not None:
                    runs.append(Run(note=number))
        return runs

    def number(self, item: Item, label: str) -> int | None:
        """The footnote's number; a mark calling no footnote prints nothing (the checks report it)."""
        key = (id(item), label)
        if key not in self.numbers:
            footnote = item.footnote(label)
            if footnote is None:
                return None
            self.numbers[key] = len(self.numbers) + 1
            self.written.append(Note(self.numbers[key], self.runs(footnote.content, None)))
        return self.numbers[key]
