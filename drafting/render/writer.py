"""The outcome as the Word document that gets circulated: render(outcome) -> bytes."""

from __future__ import annotations

import string
from datetime import UTC, datetime
from functools import cache
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.section import _Footer
from docx.shared import Mm
from docx.text.paragraph import Paragraph

from drafting.domain.characters import refuse_unholdable
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
    SubItem,
    SubItemStyle,
    Text,
    delegation_text,
)
from drafting.domain.phrasing import decision_sentence
from drafting.domain.references import parse_reference
from drafting.render import ooxml
from drafting.render import styles as S

TEMPLATE = Path(__file__).with_name("reference.docx")
COUNCIL = "Council of the European Union"
A4 = (Mm(210), Mm(297))


def render(outcome: Outcome) -> bytes:
    """The .docx bytes of the outcome; raises UnholdableText for characters Word cannot hold."""
    refuse_unholdable(outcome)
    document = Document(BytesIO(template()))
    OutcomeWriter(document, outcome).write()
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@cache
def template() -> bytes:
    return TEMPLATE.read_bytes()


def register_link(reference: str) -> str | None:
    """The reference's link in the public register, or None when it does not parse."""
    return parse_reference(reference).link


def typed(value: str) -> str:
    """Text as a drafter typed it; a Windows line end is one line break, not two."""
    return value.replace("\r\n", "\n")


def sub_item_label(item: Item, sub: SubItem, index: int) -> str:
    if item.sub_item_style is SubItemStyle.DASHED:
        return "-"
    letter = sub.letter or string.ascii_lowercase[index % 26] * (index // 26 + 1)
    return f"{letter})"


class OutcomeWriter:
    """Writes one outcome into a document opened on the reference template."""

    def __init__(self, document: WordDocument, outcome: Outcome):
        self.document = document
        self.outcome = outcome
        # Looked up once, by name, and applied by id: python-docx rescans the styles part on every
        # lookup, which made a 200-item export several times slower.
        self.styles: dict[str, str] = {}
        for name in S.PARAGRAPH_STYLES + S.CHARACTER_STYLES + S.TABLE_STYLES:
            try:
                self.styles[name] = document.styles[name].style_id
            except KeyError:
                raise LookupError(
                    f"{TEMPLATE.name} has no style {name!r}; rebuild it with "
                    "python -m drafting.render.build_template"
                ) from None
        self.footnotes = ooxml.add_footnotes_part(document)
        self.footnote_ids: dict[tuple[int, str], int] = {}  # (id of the item, label) -> footnote id

    def write(self) -> None:
        ooxml.clear_body(self.document)
        self.page()
        self.header()
        for item in self.outcome.items:
            self.item(item)
        self.properties()

    # ------------------------------------------------------------ page, header and footer

    def page(self) -> None:
        section = self.document.sections[0]
        section.page_width, section.page_height = A4
        section.different_first_page_header_footer = True
        council = section.first_page_header.paragraphs[0]
        ooxml.set_paragraph_style(council, self.styles[S.COUNCIL])
        council.add_run(COUNCIL)
        for footer in (section.first_page_footer, section.footer):
            self.footer(footer, section.page_width - section.left_margin - section.right_margin)

    def footer(self, footer: _Footer, width: int) -> None:
        """Two borderless rows: number · initials · page, then unit · LIMITE · language."""
        outcome = self.outcome
        table = footer.add_table(rows=2, cols=3, width=width)
        table.style = self.document.styles[S.FOOTER_TABLE]
        ooxml.put_first(table)
        limite = "LIMITE" if outcome.is_limite else ""
        rows = (
            (outcome.document_number, outcome.footer.initials, None),
            (outcome.footer.unit, limite, outcome.footer.language),
        )
        columns = (S.FOOTER_LEFT, S.FOOTER_CENTRE, S.FOOTER_RIGHT)
        for row, values in zip(table.rows, rows, strict=True):
            for cell, style, value in zip(row.cells, columns, values, strict=True):
                paragraph = cell.paragraphs[0]
                ooxml.set_paragraph_style(paragraph, self.styles[style])
                if value is None:
                    ooxml.add_page_field(paragraph)
                elif value:
                    paragraph.add_run(typed(value))

    def header(self) -> None:
        outcome = self.outcome
        when = f", {format_date(outcome.issue_date)}" if outcome.issue_date else ""
        self.line(S.ISSUE_DATE, outcome.place + when)
        self.line(S.ORIGINAL_LANGUAGE, f"(OR. {outcome.original_language})")
        if outcome.interinstitutional_file:
            self.line(
                S.INTERINSTITUTIONAL_FILE,
                f"{S.INTERINSTITUTIONAL_FILE_LABEL} {outcome.interinstitutional_file}",
            )
        self.line(S.DOCUMENT_NUMBER, outcome.document_number)
        if outcome.marking:
            self.line(S.MARKING, outcome.marking)
        for code in outcome.subject_codes:
            self.line(S.SUBJECT_CODE, str(code))
        self.line(S.DOCUMENT_TYPE, outcome.document_type)
        self.line(S.ADDRESSING, f"{S.FROM}\t{outcome.sender}")
        self.line(S.ADDRESSING, f"{S.ON}\t{format_days(outcome.meeting_dates)}")
        self.line(S.ADDRESSING, f"{S.TO}\t{outcome.recipient}")
        if outcome.previous_documents:
            self.line(S.ADDRESSING, f"{S.PREVIOUS_DOCUMENTS}\t{outcome.previous_documents}")
        if outcome.commission_documents:
            self.line(S.ADDRESSING, f"{S.COMMISSION_DOCUMENTS}\t{outcome.commission_documents}")
        # a line break, not a new paragraph: the second line keeps the hanging indent of the label
        self.line(S.ADDRESSING, f"{S.SUBJECT}\t{outcome.subject}")

    def line(self, style: str, value: str) -> Paragraph:
        paragraph = self.paragraph(style)
        if value:
            paragraph.add_run(typed(value))
        return paragraph

    def paragraph(self, style: str) -> Paragraph:
        return ooxml.add_paragraph(self.document, self.styles[style])

    def properties(self) -> None:
        outcome = self.outcome
        properties = self.document.core_properties
        properties.title = f"{outcome.document_type} {outcome.document_number}".strip()
        properties.subject = " ".join(outcome.subject.split())
        properties.keywords = ", ".join(str(code) for code in outcome.subject_codes)
        properties.language = outcome.footer.language.lower()
        properties.author = properties.last_modified_by = outcome.sender
        properties.created = properties.modified = datetime.now(UTC).replace(microsecond=0, tzinfo=None)

    # ------------------------------------------------------------ items

    def item(self, item: Item) -> None:
        heading = self.paragraph(S.ITEM_HEADING)
        heading.add_run(f"{item.number}.\t")
        self.inline(heading, item.heading, item)
        if item.classification:
            ooxml.add_styled_run(heading, f" [{typed(item.classification)}]", self.styles[S.CLASSIFICATION])
        for block in item.blocks:
            self.block(block, item, S.ITEM_TEXT, S.ITEM_DASH)
        for index, sub in enumerate(item.sub_items):
            heading = self.paragraph(S.SUB_ITEM_HEADING)
            heading.add_run(sub_item_label(item, sub, index) + "\t")
            self.inline(heading, sub.heading, item)
            for block in sub.blocks:
                self.block(block, item, S.SUB_ITEM_TEXT, S.SUB_ITEM_DASH)

    def block(self, block: Block, item: Item, text_style: str, dash_style: str) -> None:
        if isinstance(block, DashList):
            for entry in block.entries:
                paragraph = self.paragraph(dash_style)
                paragraph.add_run("-\t")
                self.inline(paragraph, entry, item)
            return
        content = decision_sentence(block) if isinstance(block, Decision) else block.content
        self.inline(self.paragraph(text_style), content, item)

    def inline(self, paragraph: Paragraph, content: Inline, item: Item | None) -> None:
        """Spans as runs; `item` is None inside a footnote, where a footnote mark prints nothing."""
        for span in content:
            if isinstance(span, Text):
                if span.text:
                    run = paragraph.add_run(typed(span.text))
                    if span.bold:
                        run.bold = True
            elif isinstance(span, ReferenceLink):
                link = register_link(span.reference)
                if link:
                    ooxml.add_hyperlink(paragraph, link, typed(span.reference), self.styles[S.HYPERLINK])
                else:
                    paragraph.add_run(typed(span.reference))
            elif isinstance(span, DelegationList):
                paragraph.add_run(delegation_text(span.codes))
            elif isinstance(span, FootnoteMark) and item is not None:
                self.footnote_mark(paragraph, item, span.label)

    def footnote_mark(self, paragraph: Paragraph, item: Item, label: str) -> None:
        """A real footnote reference; Word numbers the footnotes in order of appearance.

        A label without a footnote prints nothing (the checks report it); a footnote called
        twice is written once and both marks refer to it.
        """
        key = (id(item), label)
        footnote_id = self.footnote_ids.get(key)
        if footnote_id is None:
            footnote = item.footnote(label)
            if footnote is None:
                return
            footnote_id = self.footnote_ids[key] = len(self.footnote_ids) + 1
            text = self.footnotes.add_footnote(
                footnote_id, self.styles[S.FOOTNOTE_TEXT], self.styles[S.FOOTNOTE_REFERENCE]
            )
            self.inline(text, footnote.content, None)
        ooxml.add_footnote_reference(paragraph, footnote_id, self.styles[S.FOOTNOTE_REFERENCE])
