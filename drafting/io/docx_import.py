"""Reading back a .docx this project wrote (drafting.render) into an outcome.

Paragraphs are recognised by the named styles of drafting.render.styles, never by their look.
What the .docx does not hold comes back in its printed form: a Decision returns as the Paragraph
printing its sentence, two dash lists with nothing between them return as one, empty paragraphs are
left out, footnotes are labelled "1", "2", ... in order of appearance, and the numbering setting keeps
its default. As in the text import, an item one of whose footnotes names the Schengen associated
states is marked as held in Mixed Committee. Text that cannot be placed is listed in
ImportResult.unread with its position among the body's paragraphs and tables; a file that is not a
readable .docx raises FormatError.
"""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document
from docx.document import Document as WordDocument
from docx.table import Table
from docx.text.hyperlink import Hyperlink
from docx.text.paragraph import Paragraph as WordParagraph

from drafting.domain.model import (
    DashList,
    DelegationList,
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    Span,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
    plain_text,
)
from drafting.io import FormatError, ImportResult, UnreadLine
from drafting.io.markup import canonical_inline, delegation_codes_at
from drafting.io.text_import import MIXED_COMMITTEE, parse_day, parse_days
from drafting.render import ooxml
from drafting.render import styles as S

ITEM_NUMBER = re.compile(r"(\d+)\.\t")
SUB_ITEM_LABEL = re.compile(r"(?:([a-z]+)\)|-)\t")
DASH = re.compile(r"-\t")
ORIGINAL_LANGUAGE = re.compile(r"\(OR\.\s*(.+)\)")
SUBJECT_CODE = re.compile(r"([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*) (\d{1,9})")
BRACKETED = re.compile(r"\s*\[(.*)\]\s*", re.DOTALL)
# Between a footnote's number and its text: one space as written here, a tab from some word processors.
FOOTNOTE_GAP = re.compile(r"[ \t]+")

# Header paragraphs, where a footnote reference would have nowhere to go.
HEADER_STYLES = {
    S.ISSUE_DATE,
    S.ORIGINAL_LANGUAGE,
    S.INTERINSTITUTIONAL_FILE,
    S.DOCUMENT_NUMBER,
    S.MARKING,
    S.SUBJECT_CODE,
    S.DOCUMENT_TYPE,
    S.ADDRESSING,
}

# The addressing block: label -> the outcome's field.
ADDRESSING_FIELDS = {
    S.FROM: "sender",
    S.ON: "meeting_dates",
    S.TO: "recipient",
    S.PREVIOUS_DOCUMENTS: "previous_documents",
    S.COMMISSION_DOCUMENTS: "commission_documents",
    S.SUBJECT: "subject",
}


def import_docx(data: bytes) -> ImportResult:
    """The outcome a .docx of ours holds, with whatever could not be placed; FormatError if unreadable."""
    document = open_document(data)
    try:
        return DocxReader(document).read()
    except FormatError:
        raise
    except Exception as error:  # a hand-made package can break the reader in ways no check foresees
        raise FormatError(f"this .docx cannot be read as an outcome ({one_line(error)})") from error


def open_document(data: bytes) -> WordDocument:
    if not data:
        raise FormatError("the file is empty")
    try:
        return Document(BytesIO(data))
    except Exception as error:  # zip, XML and package errors all mean the same to the drafter
        raise FormatError(f"not a readable Word document ({one_line(error)})") from error


def one_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0]}" if lines else type(error).__name__


def take_prefix(spans: list[Span], pattern: re.Pattern[str]) -> tuple[re.Match[str] | None, list[Span]]:
    """Remove the printed label ("2.<tab>", "a)<tab>", "-<tab>") from the start of the spans."""
    first = spans[0] if spans else None
    if isinstance(first, Text) and (match := pattern.match(first.text)):
        rest = first.text[match.end() :]
        return match, ([Text(rest, first.bold)] if rest else []) + spans[1:]
    return None, spans


def with_delegations(spans: list[Span]) -> tuple[Span, ...]:
    """Delegation lists such as "(DE, DK and SI)" in plain running text, read back as such."""
    found: list[Span] = []
    for span in spans:
        if not isinstance(span, Text) or span.bold:
            found.append(span)
            continue
        value, start = span.text, 0
        position = value.find("(")
        while position >= 0:
            codes = delegation_codes_at(value, position)
            if codes:
                found += [Text(value[start:position]), DelegationList(codes)]
                start = value.index(")", position) + 1
            position = value.find("(", max(start, position + 1))
        found.append(Text(value[start:]))
    return canonical_inline(found)


def table_text(table: Table) -> str:
    return " | ".join(cell.text for row in table.rows for cell in row.cells if cell.text)


class DocxReader:
    """Walks the body once, placing each paragraph by its style."""

    def __init__(self, document: WordDocument):
        self.document = document
        self.style_names = {style.style_id: style.name for style in document.styles}
        try:
            self.notes = ooxml.footnote_paragraphs(document)
        except Exception as error:  # the footnotes part is read only here, as raw XML
            raise FormatError(f"the footnotes of this .docx cannot be read ({one_line(error)})") from error
        self.labels: dict[int, str] = {}
        self.outcome = Outcome()
        self.unread: list[UnreadLine] = []
        self.item: Item | None = None
        self.sub_item: SubItem | None = None
        self.dash_list: DashList | None = None
        self.seen: set[str] = set()
        self.line = 0
        self.handlers = {
            S.ISSUE_DATE: self.issue_date,
            S.ORIGINAL_LANGUAGE: self.original_language,
            S.INTERINSTITUTIONAL_FILE: self.interinstitutional_file,
            S.DOCUMENT_NUMBER: self.document_number,
            S.MARKING: self.marking,
            S.SUBJECT_CODE: self.subject_code,
            S.DOCUMENT_TYPE: self.document_type,
            S.ADDRESSING: self.addressing,
            S.ITEM_HEADING: self.item_heading,
            S.SUB_ITEM_HEADING: self.sub_item_heading,
            S.ITEM_TEXT: self.text,
            S.SUB_ITEM_TEXT: self.text,
            S.ITEM_DASH: self.dash,
            S.SUB_ITEM_DASH: self.dash,
        }

    def read(self) -> ImportResult:
        for line, block in enumerate(ooxml.body_content(self.document), start=1):
            self.line = line
            if isinstance(block, WordParagraph):
                self.paragraph(block)
                continue
            self.dash_list = None
            if isinstance(block, Table):
                if text := table_text(block):
                    self.skip(text, "a table in the body, which an outcome does not have")
            else:
                self.skip(block, "text in a part of the page this import does not read")
        self.footer()
        for item in self.outcome.items:
            if any(MIXED_COMMITTEE.search(plain_text(note.content)) for note in item.footnotes):
                item.mixed_committee = True
        return ImportResult(self.outcome, self.unread)

    def skip(self, text: str, reason: str) -> None:
        self.unread.append(UnreadLine(self.line, text, reason))

    def paragraph(self, paragraph: WordParagraph) -> None:
        style = self.style_names.get(ooxml.paragraph_style_id(paragraph) or "")
        handler = self.handlers.get(style or "")
        if handler != self.dash:
            self.dash_list = None
        if leftover := ooxml.unread_text(paragraph):
            self.skip(leftover, "text inside a field, content control or tracked change")
        if handler is None:
            if paragraph.text.strip():
                self.skip(
                    paragraph.text, f"a paragraph in style '{style or 'Normal'}', which outcomes do not use"
                )
            return
        if style in HEADER_STYLES and self.calls_footnote(paragraph):
            self.skip(paragraph.text, "a footnote in the header block, which outcomes do not have")
        handler(paragraph)

    # ------------------------------------------------------------ header block

    def single(self, field: str, paragraph: WordParagraph) -> bool:
        """Whether a one-off header field is met for the first time (a second one is reported)."""
        if field in self.seen:
            self.skip(paragraph.text, f"a second {field.replace('_', ' ')}")
            return False
        self.seen.add(field)
        return True

    def issue_date(self, paragraph: WordParagraph) -> None:
        if not self.single("issue_date", paragraph):
            return
        value = paragraph.text.strip()
        place, comma, when = value.rpartition(", ")
        if not comma:
            self.outcome.place = value
            return
        self.outcome.place = place
        self.outcome.issue_date = parse_day(when)
        if self.outcome.issue_date is None:
            self.skip(value, "date of issue not understood")

    def original_language(self, paragraph: WordParagraph) -> None:
        if not self.single("original_language", paragraph):
            return
        match = ORIGINAL_LANGUAGE.fullmatch(paragraph.text.strip())
        if match:
            self.outcome.original_language = match.group(1).strip()
        else:
            self.skip(paragraph.text, "original language not understood, expected (OR. en)")

    def interinstitutional_file(self, paragraph: WordParagraph) -> None:
        if self.single("interinstitutional_file", paragraph):
            value = paragraph.text.strip().removeprefix(S.INTERINSTITUTIONAL_FILE_LABEL).strip()
            self.outcome.interinstitutional_file = value or None

    def document_number(self, paragraph: WordParagraph) -> None:
        if self.single("document_number", paragraph):
            self.outcome.document_number = paragraph.text.strip()

    def marking(self, paragraph: WordParagraph) -> None:
        if self.single("marking", paragraph):
            self.outcome.marking = paragraph.text.strip() or None

    def subject_code(self, paragraph: WordParagraph) -> None:
        value = paragraph.text.strip()
        match = SUBJECT_CODE.fullmatch(value)
        if match:
            self.outcome.subject_codes.append(SubjectCode(match.group(1), int(match.group(2))))
        elif value:
            self.skip(value, "not a subject code, expected a code and its number such as COSI 334")

    def document_type(self, paragraph: WordParagraph) -> None:
        if self.single("document_type", paragraph):
            self.outcome.document_type = paragraph.text.strip()

    def addressing(self, paragraph: WordParagraph) -> None:
        label, tab, value = paragraph.text.partition("\t")
        field = ADDRESSING_FIELDS.get(label.strip())
        if not tab or field is None:
            if paragraph.text.strip():
                self.skip(
                    paragraph.text, "not a line of the addressing block (From:, On:, To:, ... Subject:)"
                )
            return
        if not self.single(field, paragraph):
            return
        value = value.strip(" ")
        if field != "meeting_dates":
            # an empty optional line stays absent, as it was before it was printed
            optional = field in ("previous_documents", "commission_documents")
            setattr(self.outcome, field, value or (None if optional else ""))
            return
        days = parse_days(value) if value else []
        if days is None:
            self.skip(paragraph.text, "meeting date not understood")
        else:
            self.outcome.meeting_dates = days

    # ------------------------------------------------------------ items

    def item_heading(self, paragraph: WordParagraph) -> None:
        spans, classification = self.inline(paragraph, heading=True)
        match, spans = take_prefix(spans, ITEM_NUMBER)
        if match:
            number = int(match.group(1))
        else:
            number = self.outcome.items[-1].number + 1 if self.outcome.items else 1
            self.skip(paragraph.text, f"an item heading without its number, read as item {number}")
        if classification is not None:
            bracketed = BRACKETED.fullmatch(classification)
            classification = (bracketed.group(1) if bracketed else classification).strip() or None
        self.item = Item(number, with_delegations(spans), classification=classification)
        self.sub_item = None
        self.outcome.items.append(self.item)
        self.attach_footnotes(self.item.heading, paragraph)

    def sub_item_heading(self, paragraph: WordParagraph) -> None:
        if self.item is None:
            self.skip(paragraph.text, "a sub-item before the first item")
            return
        spans, _ = self.inline(paragraph)
        match, spans = take_prefix(spans, SUB_ITEM_LABEL)
        letter = match.group(1) if match else None
        if match is None:
            self.skip(paragraph.text, "a sub-item heading without its letter or dash, read as it stands")
        elif not self.item.sub_items:
            self.item.sub_item_style = SubItemStyle.LETTERED if letter else SubItemStyle.DASHED
        self.sub_item = SubItem(with_delegations(spans), letter=letter)
        self.item.sub_items.append(self.sub_item)
        self.attach_footnotes(self.sub_item.heading, paragraph)

    def blocks(self) -> list | None:
        """Where text goes: the open sub-item, else the item; None before the first item."""
        if self.sub_item is not None:
            return self.sub_item.blocks
        return self.item.blocks if self.item is not None else None

    def text(self, paragraph: WordParagraph) -> None:
        blocks = self.blocks()
        if blocks is None:
            self.skip(paragraph.text, "text before the first item")
            return
        content = with_delegations(self.inline(paragraph)[0])
        if content:
            blocks.append(Paragraph(content))
            self.attach_footnotes(content, paragraph)

    def dash(self, paragraph: WordParagraph) -> None:
        blocks = self.blocks()
        if blocks is None:
            self.skip(paragraph.text, "a dash entry before the first item")
            return
        _, spans = take_prefix(self.inline(paragraph)[0], DASH)
        entry = with_delegations(spans)
        if not entry:
            return
        if self.dash_list is None:
            self.dash_list = DashList()
            blocks.append(self.dash_list)
        self.dash_list.entries.append(entry)
        self.attach_footnotes(entry, paragraph)

    # ------------------------------------------------------------ running text and footnotes

    def inline(self, paragraph: WordParagraph, heading: bool = False) -> tuple[list[Span], str | None]:
        """The spans of a paragraph; in an item heading, the classification run apart."""
        spans: list[Span] = []
        classification: str | None = None
        for content in paragraph.iter_inner_content():
            if isinstance(content, Hyperlink):
                if content.text:
                    spans.append(ReferenceLink(content.text))
                continue
            note = ooxml.footnote_reference_id(content)
            if note is not None:
                spans.append(FootnoteMark(self.label(note)))
                continue
            if ooxml.is_footnote_number(content) or not content.text:
                continue
            if heading and self.style_names.get(ooxml.run_style_id(content) or "") == S.CLASSIFICATION:
                classification = (classification or "") + content.text
                continue
            spans.append(Text(content.text, content.bold is True))
        return list(canonical_inline(spans)), classification

    def calls_footnote(self, paragraph: WordParagraph) -> bool:
        """Whether the paragraph holds a footnote reference (numbered all the same, as Word does)."""
        notes = [ooxml.footnote_reference_id(run) for run in paragraph.runs]
        for note in notes:
            if note is not None:
                self.label(note)
        return any(note is not None for note in notes)

    def label(self, note: int) -> str:
        """Footnotes are labelled by their number, which Word gives in order of first appearance."""
        return self.labels.setdefault(note, str(len(self.labels) + 1))

    def attach_footnotes(self, content: tuple[Span, ...], paragraph: WordParagraph) -> None:
        """Give the item holding a footnote mark the footnote's text, once."""
        assert self.item is not None
        note_ids = {label: note for note, label in self.labels.items()}
        for span in content:
            if not isinstance(span, FootnoteMark) or self.item.footnote(span.label) is not None:
                continue
            paragraphs = self.notes.get(note_ids[span.label])
            if paragraphs is None:
                self.skip(paragraph.text, f"footnote {span.label} has no text in the document")
                continue
            self.item.footnotes.append(Footnote(span.label, self.footnote_content(paragraphs)))

    def footnote_content(self, paragraphs: list[WordParagraph]) -> tuple[Span, ...]:
        spans: list[Span] = []
        for index, paragraph in enumerate(paragraphs):
            if index:
                spans.append(Text("\n"))
            spans += self.inline(paragraph)[0]
        spans = list(canonical_inline(spans))
        _, spans = take_prefix(spans, FOOTNOTE_GAP)
        return with_delegations(spans)

    # ------------------------------------------------------------ footer

    def footer(self) -> None:
        """Initials, unit and language from the two-row footer table; LIMITE there if the body lacks it."""
        sections = self.document.sections
        if not sections:
            return
        for footer in (sections[0].first_page_footer, sections[0].footer):
            if footer.is_linked_to_previous:
                continue
            for table in footer.tables:
                rows = [[cell.text.strip() for cell in row.cells] for row in table.rows]
                if len(rows) >= 2 and len(rows[0]) >= 3 and len(rows[1]) >= 3:
                    self.read_footer_rows(rows)
                    return

    def read_footer_rows(self, rows: list[list[str]]) -> None:
        footer = self.outcome.footer
        footer.initials, footer.unit, footer.language = rows[0][1], rows[1][0], rows[1][2]
        marking = rows[1][1]
        if marking == "LIMITE" and self.outcome.marking is None:
            self.outcome.marking = marking
        elif marking and marking != "LIMITE":
            self.line += 1  # after the body, where the footer is reported
            self.skip(marking, "the footer's second line holds something other than LIMITE in the middle")
