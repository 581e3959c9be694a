"""The outcome of proceedings as plain data: header, items, sub-items, blocks and inline spans.

Everything a drafter can type lives here; nothing here knows about forms, tables or Word.
Numbers that Word or the reader derives (footnote numbers, page numbers) are not stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from drafting.domain.problems import Location

# ---------------------------------------------------------------- inline content


@dataclass(frozen=True)
class Text:
    """A run of running text; `bold` as in the sub-item headings of the sample."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class ReferenceLink:
    """A document reference marked as a link to the public register."""

    reference: str


@dataclass(frozen=True)
class FootnoteMark:
    """Where a footnote is called; `label` names a Footnote of the same item.

    The printed number is derived from the order of appearance, never stored.
    """

    label: str


@dataclass(frozen=True)
class DelegationList:
    """Delegations named by their codes, printed "(DE, DK, FR and SI)"."""

    codes: tuple[str, ...]


Span = Text | ReferenceLink | FootnoteMark | DelegationList
Inline = tuple[Span, ...]


def delegation_text(codes: tuple[str, ...]) -> str:
    if not codes:
        return "()"
    if len(codes) == 1:
        return f"({codes[0]})"
    return f"({', '.join(codes[:-1])} and {codes[-1]})"


def span_text(span: Span) -> str:
    """The characters a reader sees for a span (a footnote mark shows none in running text)."""
    # Every check reads every span: the two common types are asked first, which answers faster than
    # the match below.
    if type(span) is Text:
        return span.text
    if type(span) is ReferenceLink:
        return span.reference
    match span:
        case Text(text=text):
            return text
        case ReferenceLink(reference=reference):
            return reference
        case DelegationList(codes=codes):
            return delegation_text(codes)
        case FootnoteMark():
            return ""
    raise TypeError(f"not a span: {span!r}")


def plain_text(content: Inline) -> str:
    # Most content is one plain run, whose text is the answer; a list joins faster than a generator.
    if len(content) == 1 and type(content[0]) is Text:
        return content[0].text
    return "".join([span_text(span) for span in content])


def text(value: str) -> Inline:
    """Inline content holding one plain run (empty content for an empty string)."""
    return (Text(value),) if value else ()


# ---------------------------------------------------------------- body blocks


@dataclass
class Paragraph:
    content: Inline = ()

    kind = "paragraph"


@dataclass
class DashList:
    entries: list[Inline] = field(default_factory=list)

    kind = "dash_list"


class Action(StrEnum):
    """What a body did with an item: the verbs of the standard sentences."""

    ADOPTED = "adopted"
    ENDORSED = "endorsed"
    TOOK_NOTE = "took note of"
    AGREED_ON = "agreed on"
    DISCUSSED = "discussed"
    WELCOMED = "welcomed"
    REACHED_AGREEMENT = "reached agreement on"
    CONCLUDED = "concluded"
    NO_ITEMS = "no items raised"


class Recipient(StrEnum):
    """Where a text goes next."""

    COREPER = "coreper"
    COUNCIL = "council"
    COREPER_AND_COUNCIL = "coreper and council"


class Purpose(StrEnum):
    ADOPTION = "adoption"
    INFORMATION = "information"


@dataclass
class NextStep:
    """Where the text goes after the meeting ("submitted to Coreper and the Council as an I/A item")."""

    recipient: Recipient = Recipient.COREPER_AND_COUNCIL
    as_ia_item: bool = True
    coreper_date: date | None = None
    council_date: date | None = None
    purpose: Purpose | None = None


@dataclass
class Decision:
    """A decision composed from structured choices.

    `wording` is the sentence as the drafter finally wants it; when empty the standard sentence
    composed from the choices is printed (drafting.domain.phrasing).
    """

    actor: str = "The Committee"
    action: Action = Action.TOOK_NOTE
    subject: str = ""
    documents: tuple[str, ...] = ()
    next_step: NextStep | None = None
    wording: Inline = ()

    kind = "decision"


Block = Paragraph | DashList | Decision


# ---------------------------------------------------------------- items


# The footnote on the heading of an item held in Mixed Committee format: one text for every front end.
SCHENGEN_FOOTNOTE = "Exceptionally in the presence of the Schengen Associated States."


class SubItemStyle(StrEnum):
    LETTERED = "lettered"  # a), b), ...
    DASHED = "dashed"  # - heading


@dataclass
class Footnote:
    label: str
    content: Inline = ()


@dataclass
class SubItem:
    heading: Inline = ()
    blocks: list[Block] = field(default_factory=list)
    letter: str | None = None  # as printed for a lettered sub-item ("a"); None when dashed


@dataclass
class Item:
    number: int
    heading: Inline = ()
    blocks: list[Block] = field(default_factory=list)
    sub_items: list[SubItem] = field(default_factory=list)
    sub_item_style: SubItemStyle = SubItemStyle.LETTERED
    classification: str | None = None  # printed in square brackets after the heading
    mixed_committee: bool = False  # held with the Schengen associated states
    footnotes: list[Footnote] = field(default_factory=list)

    def footnote(self, label: str) -> Footnote | None:
        return next((f for f in self.footnotes if f.label == label), None)


# ---------------------------------------------------------------- the outcome


@dataclass
class SubjectCode:
    code: str  # "COSI", "SCH-EVAL"
    number: int  # its running number for the year

    def __str__(self) -> str:
        return f"{self.code} {self.number}"


@dataclass
class Footer:
    initials: str = ""  # drafter initials, "MP/mj"
    unit: str = ""  # "DG D 1C", "JAI.1"
    language: str = "EN"


class Numbering(StrEnum):
    CONSECUTIVE = "consecutive"  # 1, 2, 3 ... and nothing else
    AGENDA = "agenda"  # follows the agenda's numbers, gaps allowed


OUTCOME_OF_PROCEEDINGS = "OUTCOME OF PROCEEDINGS"
GENERAL_SECRETARIAT = "General Secretariat of the Council"


@dataclass
class Outcome:
    document_number: str = ""
    issue_date: date | None = None
    place: str = "Brussels"
    original_language: str = "en"
    interinstitutional_file: str | None = None
    marking: str | None = None  # None, "LIMITE" or an EU classification
    subject_codes: list[SubjectCode] = field(default_factory=list)
    document_type: str = OUTCOME_OF_PROCEEDINGS
    sender: str = GENERAL_SECRETARIAT
    meeting_dates: list[date] = field(default_factory=list)
    recipient: str = "Delegations"
    previous_documents: str | None = None
    commission_documents: str | None = None
    subject: str = ""  # a line break marks where a long subject runs to its second line
    footer: Footer = field(default_factory=Footer)
    items: list[Item] = field(default_factory=list)
    numbering: Numbering = Numbering.CONSECUTIVE

    @property
    def is_limite(self) -> bool:
        return (self.marking or "").upper() == "LIMITE"


# ---------------------------------------------------------------- walking the text

HEADER_TEXT_FIELDS = (
    "place",
    "original_language",
    "interinstitutional_file",
    "document_number",
    "marking",
    "document_type",
    "sender",
    "recipient",
    "previous_documents",
    "commission_documents",
    "subject",
)


@dataclass(frozen=True)
class Passage:
    """One piece of typed text and where it sits."""

    location: Location
    content: Inline


def block_passages(block: Block, where: Location) -> Iterator[Passage]:
    match block:
        case Paragraph(content=content):
            yield Passage(where, content)
        case DashList(entries=entries):
            for index, entry in enumerate(entries):
                yield Passage(where.within(entry=index), entry)
        case Decision():
            from drafting.domain.phrasing import decision_sentence

            yield Passage(where, decision_sentence(block))


def item_passages(item: Item, index: int) -> Iterator[Passage]:
    """Heading, body, sub-items and footnotes of one item, in reading order."""
    # Each location is built whole rather than narrowed from the item's (Location.within copies one at
    # every step): every check walks every passage, and building locations is most of the walk's time.
    number = str(item.number)
    yield Passage(Location(item=index, item_number=number, field="heading"), item.heading)
    if item.classification:
        at = Location(item=index, item_number=number, field="classification")
        yield Passage(at, text(item.classification))
    # The item's own body, then each sub-item's letter, heading and body.
    for s, owner in ((None, item), *enumerate(item.sub_items)):
        if isinstance(owner, SubItem):
            if owner.letter:
                at = Location(item=index, item_number=number, sub_item=s, field="letter")
                yield Passage(at, text(owner.letter))
            at = Location(item=index, item_number=number, sub_item=s, field="heading")
            yield Passage(at, owner.heading)
        for b, block in enumerate(owner.blocks):
            if isinstance(block, DashList):  # entries placed here, not narrowed from the list's location
                for e, entry in enumerate(block.entries):
                    at = Location(
                        item=index, item_number=number, sub_item=s, block=b, block_kind=block.kind, entry=e
                    )
                    yield Passage(at, entry)
            else:
                at = Location(item=index, item_number=number, sub_item=s, block=b, block_kind=block.kind)
                yield from block_passages(block, at)
    for footnote in item.footnotes:
        yield Passage(Location(item=index, item_number=number, footnote=footnote.label), footnote.content)


def passages(outcome: Outcome) -> Iterator[Passage]:
    """Every piece of text in the outcome, header first, then the items in order."""
    for name in HEADER_TEXT_FIELDS:
        value = getattr(outcome, name)
        if value:
            yield Passage(Location(field=name), text(value))
    for index, code in enumerate(outcome.subject_codes):
        yield Passage(Location(field="subject_codes", index=index), text(code.code))
    for name in ("initials", "unit", "language"):
        value = getattr(outcome.footer, name)
        if value:
            yield Passage(Location(field=name), text(value))
    for index, item in enumerate(outcome.items):
        yield from item_passages(item, index)


def body_name(outcome: Outcome) -> str:
    """The committee or working party whose meeting this records: "COSI", "CATS".

    Outcomes name it in brackets at the end of the subject; failing that, the first subject code
    that names a body rather than a whole policy area or the Mixed Committee.
    """
    subject = " ".join(outcome.subject.split())
    if subject.endswith(")") and "(" in subject:
        named = subject[subject.rindex("(") + 1 : -1].strip()
        if named and len(named) <= 40:
            return named
    broad = {"JAI", "COMIX", "CODEC", "JAIEX"}
    for code in outcome.subject_codes:
        if code.code not in broad:
            return code.code
    return outcome.subject_codes[0].code if outcome.subject_codes else ""


# ---------------------------------------------------------------------- the Mixed Committee footnote


def next_label(labels: list[str], notes_before: int) -> str:
    """The label of a new footnote: numbers follow the order of the footnotes across the document."""
    numbers = [int(label) for label in labels if label.isascii() and label.isdigit()]
    return str(max([notes_before, *numbers]) + 1)


def with_schengen_footnote(item: Item, notes_before: int) -> tuple[Item, bool]:
    """An item held in Mixed Committee format carries the standard footnote on its heading.

    Returns the item and whether the footnote was added.
    """
    if not item.mixed_committee or any("Schengen" in plain_text(note.content) for note in item.footnotes):
        return item, False
    label = next_label([note.label for note in item.footnotes], notes_before)
    return (
        replace(
            item,
            heading=(*item.heading, FootnoteMark(label)),
            footnotes=[*item.footnotes, Footnote(label, text(SCHENGEN_FOOTNOTE))],
        ),
        True,
    )
