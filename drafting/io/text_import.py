"""Reading an outcome written as plain text or markdown, in the form of drafting/samples/15754-17.txt.

The header is read line by line ("Brussels, 19 December 2017", "(OR. en)", the document number,
LIMITE or a classification, subject codes, "From:", "On:", "To:", "No. prev. doc.:", "No. Cion doc.:",
"Subject:"; a label's value may stand on the next line). The body is a run of items "N. heading",
their paragraphs, dash lists ("- entry"; blank lines inside a list do not end it), lettered sub-items
"a) heading", dashed sub-items "- **heading**" (an entry wholly in bold), and footnote lines "¹ text"
wherever they stand. Running text is inline markup (drafting.io.markup). Consecutive lines of one
paragraph, entry or footnote are joined by a space, as in markdown. Items keep the numbers written;
lines that cannot be placed are reported, never dropped silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from drafting.domain.characters import describe_character, unholdable_characters
from drafting.domain.dates import MONTHS
from drafting.domain.model import (
    Block,
    DashList,
    Footnote,
    FootnoteMark,
    Inline,
    Item,
    Outcome,
    Paragraph,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
    item_passages,
    plain_text,
)
from drafting.io import FormatError, ImportResult, UnreadLine
from drafting.io.markup import FROM_SUPERSCRIPT, SUPERSCRIPT_DIGITS, parse_inline, unescape

LABELS = {
    "interinstitutional_file": r"Interinstitutional\s+File",
    "sender": r"From",
    "meeting_dates": r"On",
    "recipient": r"To",
    "previous_documents": r"No\.\s*prev\.\s*docs?\.?",
    "commission_documents": r"No\.\s*Cion\s*docs?\.?",
    "subject": r"Subject",
}
LABEL = re.compile("|".join(f"(?P<{name}>{pattern}:)" for name, pattern in LABELS.items()), re.IGNORECASE)
COUNCIL = re.compile(r"Council of the European Union", re.IGNORECASE)
PLACE_AND_DATE = re.compile(r"(?P<place>[^\W\d][\w .'-]*),\s+(?P<day>\d{1,2}\s+[A-Za-z]+\s+\d{4})")
ORIGINAL_LANGUAGE = re.compile(r"\(OR\.\s*(?P<language>[^)]+)\)")
DOCUMENT_NUMBER = re.compile(
    r"(?:[A-Z][A-Z-]* )?\d{1,5}/(?:\d{1,2}/)?\d{2,4}(?: (?:REV|ADD|COR|DCL|EXT) \d+| INIT)*(?: \([a-z]{2}\))?"
)
MARKING = re.compile(r"LIMITE|(?:RESTREINT|CONFIDENTIEL|SECRET|TRÈS SECRET) UE/EU [A-Z ]+")
SUBJECT_CODE = re.compile(r"(?P<code>[A-Z]+(?:-[A-Z]+)*) (?P<number>\d{1,6})")
DOCUMENT_TYPE = re.compile(r"OUTCOME OF [A-Z ]+")
PROCEDURE = re.compile(r"\d{4}/\d{4}.*")

ITEM = re.compile(r"(?:#{1,6}\s+)?(?P<number>\d{1,3})\.[ \t]+(?P<heading>\S.*)")
LETTERED = re.compile(r"(?P<letter>[a-z])\)[ \t]+(?P<heading>\S.*)")
DASH = re.compile(r"[-–•*][ \t]+(?P<entry>\S.*)")
FOOTNOTE = re.compile(rf"(?:(?P<mark>[{SUPERSCRIPT_DIGITS}]+)|\[\^(?P<label>[^\]]+)\]:)[ \t]*(?P<text>\S.*)")
# A classification has no lower-case letters: "[CONFIDENTIEL UE/EU CONFIDENTIAL]".
CLASSIFICATION = re.compile(r"\[(?P<classification>[^\[\]a-z]*[A-Z][^\[\]a-z]*)\]")
TRAILING_CLASSIFICATION = re.compile(r"[ \t]*" + CLASSIFICATION.pattern + r"$")
MIXED_COMMITTEE = re.compile(r"Schengen\s+Associated\s+States|Mixed\s+Committee", re.IGNORECASE)

DAY = re.compile(r"(?P<day>\d{1,2})(?:\s+(?P<month>(?!and\b|to\b)[A-Za-z]+))?(?:\s+(?P<year>\d{4}))?")
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(MONTHS, start=1)}
# A meeting over more days than this is a typing slip, not a range to spell out day by day.
LONGEST_RANGE = 31
DAY_SEPARATOR = re.compile(r"\s*(?:(?P<range>-|–|to)|,?\s*and|,)\s*")


def import_text(text: str) -> ImportResult:
    """An outcome from its text; FormatError when the text holds no outcome at all."""
    reader = TextReader()
    for number, line in enumerate(source_lines(text), start=1):
        reader.read(number, line)
    return reader.finish()


def source_lines(text: str) -> list[str]:
    """Lines without their ends; a form feed (a page break in extracted text) also ends a line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    return [line.rstrip() for line in text.replace("\f", "\n").split("\n")]


def unmarked(line: str) -> str:
    """A header line without markdown: heading hashes, bold marks and link targets removed."""
    line = re.sub(r"^#{1,6}\s+", "", line)
    line = re.sub(r"\[((?:\\.|[^\\\[\]])+)\]\([^()\s]*\)", r"\1", line)
    return unescape(line.replace("**", "")).strip()


def wholly_bold(content: Inline) -> bool:
    """All the running text is bold (marks, references and delegations aside), and there is some."""
    texts = [span for span in content if isinstance(span, Text)]
    return bool(texts) and all(span.bold for span in texts)


def unbolded(content: Inline) -> Inline:
    return tuple(Text(span.text) if isinstance(span, Text) else span for span in content)


def parse_day(value: str) -> date | None:
    days = parse_days(value)
    return days[0] if days is not None and len(days) == 1 else None


def parse_days(value: str) -> list[date] | None:
    """The days of "21 November 2017", "9 and 10 October 2017", "20-21 November 2017" and the like."""
    pieces: list[tuple[int, str | None, str | None]] = []
    ranges: list[bool] = []
    position = 0
    while True:
        day = DAY.match(value, position)
        if not day:
            return None
        pieces.append((int(day["day"]), day["month"], day["year"]))
        position = day.end()
        if position == len(value):
            break
        separator = DAY_SEPARATOR.match(value, position)
        if not separator or separator.end() == position:
            return None
        ranges.append(separator["range"] is not None)
        position = separator.end()
    days: list[date] = []
    month: int | None = None
    year: int | None = None
    # Month and year are said once, at the end: read right to left, carrying them back.
    for number, month_name, year_text in reversed(pieces):
        if year_text:
            year = int(year_text)
        if month_name:
            if month_name.lower() not in MONTH_NUMBERS:
                return None
            month = MONTH_NUMBERS[month_name.lower()]
        if month is None or year is None:
            return None
        try:
            days.insert(0, date(year, month, number))
        except ValueError:
            return None
    expanded = [days[0]]
    for is_range, day in zip(ranges, days[1:], strict=True):
        if not 0 < (day - expanded[-1]).days <= LONGEST_RANGE:
            return None
        if is_range:
            expanded.extend(date.fromordinal(n) for n in range(expanded[-1].toordinal() + 1, day.toordinal()))
        expanded.append(day)
    return expanded


@dataclass
class OpenText:
    """A paragraph, list entry or footnote that following lines may continue.

    Its first line is stored at once; continued markup is stored when it closes, so that a
    paragraph of many lines is read once, not once per line.
    """

    markup: str
    store: Callable[[str], None]
    continued: bool = False

    def extend(self, line: str) -> None:
        self.markup += " " + line
        self.continued = True

    def close(self) -> None:
        if self.continued:
            self.store(self.markup)


@dataclass
class FootnoteLine:
    line: int
    label: str
    markup: str


class TextReader:
    """Reads lines one by one: the header until the first item, then the items."""

    def __init__(self) -> None:
        self.outcome = Outcome()
        self.unread: list[UnreadLine] = []
        self.footnotes: list[FootnoteLine] = []
        self.found_structure = False
        self.found_document_number = False
        self.pending_label: str | None = None
        self.in_subject = False
        self.subject_seen = False
        self.item: Item | None = None
        self.after_heading = False
        self.open: OpenText | None = None

    # ------------------------------------------------------------ lines

    def read(self, number: int, line: str) -> None:
        found = unholdable_characters(line)
        if found:
            names = ", ".join(sorted({describe_character(char) for _, char in found}))
            raise FormatError(
                f"line {number}: contains a control character a Word document cannot hold ({names})"
            )
        stripped = line.strip()
        if not stripped:
            self.hold(None)
            self.in_subject = False
            return
        if self.item is None and not ITEM.fullmatch(stripped):
            self.read_header(number, stripped)
        else:
            self.read_body(number, stripped)

    def skip(self, number: int, line: str, reason: str) -> None:
        self.unread.append(UnreadLine(number, line, reason))

    def hold(self, open_text: OpenText | None) -> None:
        """Close the text that was open and keep `open_text` open for continuation lines."""
        if self.open is not None:
            self.open.close()
        self.open = open_text

    # ------------------------------------------------------------ header

    def read_header(self, number: int, line: str) -> None:
        plain = unmarked(line)
        label = LABEL.match(plain)
        if (
            self.pending_label
            and not label
            and self.take_label_value(self.pending_label, plain, number, line)
        ):
            self.pending_label = None
            return
        if self.in_subject and not label:
            self.outcome.subject += "\n" + plain
            return
        self.in_subject = False
        if label:
            self.found_structure = True
            name = label.lastgroup or ""
            value = plain[label.end() :].strip()
            self.pending_label = None
            if not value:
                self.pending_label = name
            else:
                self.take_label_value(name, value, number, line)
        elif COUNCIL.fullmatch(plain):
            pass
        elif match := PLACE_AND_DATE.fullmatch(plain):
            self.outcome.place = match["place"]
            issued = parse_day(match["day"])
            if issued is None:
                self.skip(number, line, "date of issue not understood")
            self.outcome.issue_date = issued
        elif match := ORIGINAL_LANGUAGE.fullmatch(plain):
            self.outcome.original_language = match["language"].strip()
        elif DOCUMENT_TYPE.fullmatch(plain):
            self.found_structure = True
            self.outcome.document_type = plain
        elif not self.found_document_number and DOCUMENT_NUMBER.fullmatch(plain):
            self.found_document_number = True
            self.outcome.document_number = plain
        elif MARKING.fullmatch(plain) and self.outcome.marking is None:
            self.outcome.marking = plain
        elif match := SUBJECT_CODE.fullmatch(plain):
            self.outcome.subject_codes.append(SubjectCode(match["code"], int(match["number"])))
        else:
            reason = "text before the first item" if self.subject_seen else "not a line of the header"
            self.skip(number, line, reason)

    def take_label_value(self, name: str, value: str, number: int, line: str) -> bool:
        """Store a labelled header value; False when the line cannot be that label's value."""
        if name == "interinstitutional_file" and not PROCEDURE.fullmatch(value):
            return False
        if name == "meeting_dates":
            days = parse_days(value)
            if days is None:
                self.skip(number, line, "meeting date not understood")
                return True
            self.outcome.meeting_dates = days
        elif name == "subject":
            self.outcome.subject = value
            self.in_subject = self.subject_seen = True
        else:
            setattr(self.outcome, name, value)
        return True

    # ------------------------------------------------------------ body

    def read_body(self, number: int, line: str) -> None:
        if match := FOOTNOTE.fullmatch(line):
            label = match["label"] or match["mark"].translate(FROM_SUPERSCRIPT)
            note = FootnoteLine(number, label, match["text"])
            self.footnotes.append(note)
            self.hold(OpenText(note.markup, lambda markup: setattr(note, "markup", markup)))
        elif match := ITEM.fullmatch(line):
            self.start_item(int(match["number"]), match["heading"])
        elif self.after_heading and (match := CLASSIFICATION.fullmatch(unmarked(line))):
            assert self.item is not None
            self.item.classification = match["classification"]
            self.after_heading = False
        elif match := LETTERED.fullmatch(line):
            self.start_sub_item(parse_inline(match["heading"]), SubItemStyle.LETTERED, match["letter"])
        elif match := DASH.fullmatch(line):
            entry = parse_inline(match["entry"])
            if wholly_bold(entry):
                self.start_sub_item(entry, SubItemStyle.DASHED, None)
            else:
                self.add_entry(match["entry"], entry)
        elif self.open is not None:
            self.open.extend(line)
        else:
            paragraph = Paragraph(parse_inline(line))
            self.blocks().append(paragraph)
            self.hold(OpenText(line, lambda markup: setattr(paragraph, "content", parse_inline(markup))))
            self.after_heading = False

    def start_item(self, number: int, heading: str) -> None:
        self.found_structure = True
        classification = None
        if match := TRAILING_CLASSIFICATION.search(heading):
            classification = match["classification"]
            heading = heading[: match.start()]
        content = parse_inline(heading)
        # Item headings take their weight from the heading style; bold typed round the whole is that style.
        if wholly_bold(content):
            content = unbolded(content)
        self.item = Item(number, content, classification=classification)
        self.outcome.items.append(self.item)
        self.after_heading = classification is None
        self.hold(None)

    def start_sub_item(self, heading: Inline, style: SubItemStyle, letter: str | None) -> None:
        assert self.item is not None
        if not self.item.sub_items:
            self.item.sub_item_style = style
        self.item.sub_items.append(SubItem(heading, letter=letter))
        self.after_heading = False
        self.hold(None)

    def blocks(self) -> list[Block]:
        """Where body blocks go: the last sub-item once there is one, else the item."""
        assert self.item is not None
        return self.item.sub_items[-1].blocks if self.item.sub_items else self.item.blocks

    def add_entry(self, markup: str, entry: Inline) -> None:
        blocks = self.blocks()
        if not blocks or not isinstance(blocks[-1], DashList):
            blocks.append(DashList())
        entries = blocks[-1].entries
        entries.append(entry)
        index = len(entries) - 1

        def store(markup: str) -> None:
            entries[index] = parse_inline(markup)

        self.hold(OpenText(markup, store))
        self.after_heading = False

    # ------------------------------------------------------------ the end

    def finish(self) -> ImportResult:
        if not self.found_structure:
            raise FormatError(
                "no outcome found: no 'OUTCOME OF PROCEEDINGS', no From/On/To/Subject, no items"
            )
        self.hold(None)
        self.attach_footnotes()
        self.unread.sort(key=lambda unread: unread.line)
        return ImportResult(self.outcome, self.unread)

    def attach_footnotes(self) -> None:
        """Give each footnote line to the first item calling its label that has no such footnote yet."""
        calls = [item_labels(item, index) for index, item in enumerate(self.outcome.items)]
        for note in self.footnotes:
            item = next(
                (
                    item
                    for item, labels in zip(self.outcome.items, calls, strict=True)
                    if note.label in labels and item.footnote(note.label) is None
                ),
                None,
            )
            if item is None:
                self.skip(note.line, note.markup, f"no item calls footnote {note.label}")
                continue
            content = parse_inline(note.markup)
            item.footnotes.append(Footnote(note.label, content))
            if MIXED_COMMITTEE.search(plain_text(content)):
                item.mixed_committee = True
        for item, labels in zip(self.outcome.items, calls, strict=True):
            item.footnotes.sort(key=lambda footnote: labels.index(footnote.label))


def item_labels(item: Item, index: int) -> list[str]:
    """The footnote labels an item calls, in reading order."""
    labels: list[str] = []
    for passage in item_passages(item, index):
        for span in passage.content:
            if isinstance(span, FootnoteMark) and span.label not in labels:
                labels.append(span.label)
    return labels
