"""A drafter typing an outcome into the editor, step by step, as the outcome's own content dictates.

The steps are read from an Outcome (the sample 15754/17 in the end-to-end test): each heading, paragraph,
dash-list entry, sub-item and footnote is typed as the inline markup a field holds, and every row is added
with the form's own buttons. Only the choices of the decision composer are not in the sample: they are
given here, per item, as the decisions a drafter would compose.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from playwright.sync_api import Download, Locator, Page, expect

from drafting.domain.model import (
    Action,
    DashList,
    Decision,
    FootnoteMark,
    Inline,
    Item,
    NextStep,
    Outcome,
    Paragraph,
    Purpose,
    Recipient,
    SubItem,
    plain_text,
)
from drafting.domain.phrasing import composed_sentence
from drafting.io.markup import format_inline

# The decisions composed with the composer rather than typed, by item number and block: what the
# drafter chooses. Where the standard sentence is not the sample's, the drafter words it by hand.
COMPOSED: dict[tuple[int, int], Decision] = {
    (2, 0): Decision(
        actor="The Committee",
        action=Action.ENDORSED,
        subject="the updated Roadmap to enhance information exchange and information management",
        documents=("12223/3/17 REV 3",),
        next_step=NextStep(Recipient.COREPER_AND_COUNCIL, as_ia_item=True),
    ),
    (4, 0): Decision(
        actor="The Committee",
        action=Action.AGREED_ON,
        subject="the draft Council conclusions",
        documents=("13272/3/17 REV 3",),
        next_step=NextStep(
            Recipient.COREPER_AND_COUNCIL,
            as_ia_item=True,
            coreper_date=date(2017, 11, 29),
            council_date=date(2017, 12, 7),
            purpose=Purpose.ADOPTION,
        ),
    ),
    (11, 0): Decision(action=Action.NO_ITEMS),
}


@dataclass
class Composition:
    """What became of a composed decision: the composer's sentence, and whether it was worded by hand."""

    where: tuple[int, int]  # item number, block
    sentence: str
    worded_by_hand: bool


@dataclass
class Drafter:
    """Types an outcome into the browser; `settle` waits until htmx has nothing in flight."""

    page: Page
    settle: Callable[[], None]
    compositions: list[Composition] = field(default_factory=list)

    # ------------------------------------------------------------ the outcome and its header

    def create(self, outcome: Outcome) -> None:
        """From the list of outcomes: New outcome, with what identifies it; ends in its editor."""
        page = self.page
        page.get_by_role("main").get_by_role("link", name="New outcome").click()
        page.get_by_label("Document number").fill(outcome.document_number)
        page.get_by_label("Subject", exact=True).fill(outcome.subject)
        page.get_by_label("Meeting date (On:)").fill(outcome.meeting_dates[0].isoformat())
        page.get_by_role("button", name="Create the outcome").click()
        expect(page.locator("#header-form")).to_be_visible()
        self.settle()

    def fill_header(self, outcome: Outcome) -> None:
        """The rest of the header block, the subject codes row by row, and the footer; then Save header."""
        page = self.page
        form = page.locator("#header-form")
        form.get_by_label("Place").fill(outcome.place)
        form.get_by_label("Date of issue").fill(outcome.issue_date.isoformat())
        form.get_by_label("Original language").select_option(outcome.original_language)
        form.get_by_label("Document number").fill(outcome.document_number)
        # The form comes back from the server with each row added, keeping what was typed.
        for index, code in enumerate(outcome.subject_codes):
            if index:
                self.press(form.get_by_role("button", name="Add a subject code"), f"#subject_codes-{index}")
            page.locator(f"#subject_codes-{index}").fill(str(code))
        form.get_by_label("Document type").fill(outcome.document_type)
        form.get_by_label("From", exact=True).fill(outcome.sender)
        for index, day in enumerate(outcome.meeting_dates):
            if index:
                self.press(form.get_by_role("button", name="Add another day"), f"#meeting_dates-{index}")
            page.locator(f"#meeting_dates-{index}").fill(day.isoformat())
        form.get_by_label("To", exact=True).fill(outcome.recipient)
        form.get_by_label("Subject", exact=True).fill(outcome.subject)
        form.get_by_label("Drafter initials").fill(outcome.footer.initials)
        form.get_by_label("Unit").fill(outcome.footer.unit)
        form.get_by_label("Footer language").fill(outcome.footer.language)
        form.get_by_role("button", name="Save header").first.click()
        expect(page.locator("#header-form").get_by_role("status")).to_have_text("Saved.")
        self.settle()

    # ------------------------------------------------------------ the items

    def add_item(self, index: int, item: Item) -> None:
        """Add item, type all of it, save it; the item then reads as saved."""
        page = self.page
        page.locator("#items").get_by_role("button", name="Add item", exact=True).click()
        form = page.locator(f"form#item-{index}")
        expect(form).to_be_visible()
        self.settle()
        prefix = f"items-{index}"
        self.type_text(form, f"{prefix}-heading", f"{prefix}-heading", item.heading, item)
        if item.mixed_committee:
            form.get_by_label("Held in Mixed Committee format").check()
        if item.classification:
            form.get_by_label("Classification").select_option(item.classification)
        where = form.get_by_role("group", name="Text of the item", exact=True)
        for number, block in enumerate(item.blocks):
            if (item.number, number) in COMPOSED:
                self.compose(where, f"{prefix}-blocks-{number}", (item.number, number), block)
            else:
                self.add_block(form, where, f"{prefix}-blocks-{number}", block, item)
        if item.sub_items:
            form.get_by_label("Sub-items are").select_option(item.sub_item_style.value)
        for number, sub in enumerate(item.sub_items):
            self.add_sub_item(form, f"{prefix}-sub_items-{number}", sub, item)
        form.get_by_role("button", name=f"Save item {item.number}", exact=True).click()
        expect(page.locator(f"article#item-{index}")).to_be_visible()
        self.settle()

    def add_sub_item(self, form: Locator, name: str, sub: SubItem, item: Item) -> None:
        self.press(form.get_by_role("button", name="Add a sub-item", exact=True), f"#{name}-heading")
        self.type_text(form, f"{name}-heading", f"{name}-heading", sub.heading, item)
        where = self.page.locator(f"#{name}")
        for number, block in enumerate(sub.blocks):
            self.add_block(form, where, f"{name}-blocks-{number}", block, item)

    def add_block(self, form: Locator, where: Locator, name: str, block, item: Item) -> None:
        """A paragraph or a dash list, added with the buttons of `where` (the item's text or a sub-item)."""
        match block:
            case Paragraph(content=content):
                adding = where.get_by_role("button", name=re.compile(r"^Add a paragraph"))
                # A paragraph's text area carries the block's own id, as the checks name it.
                self.press(adding, f"#{name}")
                self.type_text(form, name, f"{name}-text", content, item)
            case DashList(entries=entries):
                self.press(where.get_by_role("button", name="Add a dash list"), f"#{name}-entries-0")
                for number, entry in enumerate(entries):
                    if number:
                        adding = self.page.locator(f"#{name}").get_by_role("button", name="Add an entry")
                        self.press(adding, f"#{name}-entries-{number}")
                    entry_name = f"{name}-entries-{number}"
                    self.type_text(form, entry_name, entry_name, entry, item)
            case _:
                raise AssertionError(f"the script types paragraphs and dash lists, not {block!r}")

    def compose(self, where: Locator, name: str, key: tuple[int, int], block: Paragraph) -> None:
        """A decision from the composer's choices; worded by hand where its sentence is not the sample's."""
        choices, step = COMPOSED[key], COMPOSED[key].next_step
        self.press(where.get_by_role("button", name="Add a decision"), f"#{name}-actor")
        composer = self.page.locator(f"#{name}")
        # Each choice is made once the composer has answered the last, as a drafter's hand would: the
        # composer replaces a sentence still on its way, which htmx reports on the console as an error.
        self.paced(composer.get_by_label("Who", exact=True).select_option, choices.actor)
        self.paced(composer.get_by_label("Decision", exact=True).select_option, choices.action.value)
        self.paced(composer.get_by_label("Next step").select_option, step.recipient.value if step else "")
        if step is not None:
            self.paced(composer.get_by_label("as an I/A item").set_checked, step.as_ia_item)
            self.paced(
                composer.get_by_label("For", exact=True).select_option,
                step.purpose.value if step.purpose else "",
            )
            for label, day in (("Coreper date", step.coreper_date), ("Council date", step.council_date)):
                if day is not None:
                    self.paced(composer.get_by_label(label).fill, day.isoformat())
        self.paced(composer.get_by_label("What", exact=True).fill, choices.subject)
        self.paced(composer.get_by_label("As set out in").fill, "\n".join(choices.documents))
        # The composer asks the server for its standard sentence as the choices change.
        sentence = composed_sentence(choices)
        expect(composer.locator(f"#{name}-sentence q.sentence")).to_have_text(sentence)
        self.settle()
        by_hand = sentence != plain_text(block.content)
        if by_hand:
            composer.get_by_label("Wording").fill(format_inline(block.content))
        self.compositions.append(Composition(key, sentence, by_hand))

    def type_text(self, form: Locator, field_id: str, field_name: str, content: Inline, item: Item) -> None:
        """Inline content typed as markup; a footnote at its end comes from the field's footnote button."""
        note = content[-1] if content and isinstance(content[-1], FootnoteMark) else None
        typed = content[:-1] if note else content
        assert not any(isinstance(span, FootnoteMark) for span in typed), (
            "the script adds footnotes at the end of a text only"
        )
        self.page.locator(f"#{field_id}").fill(format_inline(typed))
        if note is None:
            return
        footnote = item.footnote(note.label)
        adding = form.locator(f'button[name="footnote"][value="{field_name}"]')
        # The button appends the mark and a footnote numbered in document order, whose text is asked next.
        self.press(adding, f"#{item_prefix(field_id)}-footnotes-{note.label}")
        expect(self.page.locator(f"#{field_id}")).to_have_value(format_inline(content))
        self.page.locator(f"#{item_prefix(field_id)}-footnotes-{note.label}").fill(
            format_inline(footnote.content)
        )

    def paced(self, action: Callable[..., object], value: object) -> None:
        """One choice, then wait for the page's answer to it."""
        action(value)
        self.settle()

    def press(self, button: Locator, appears: str) -> None:
        """A button that adds a row to a form; waits for the form to come back with the row."""
        button.click()
        expect(self.page.locator(appears)).to_be_visible()
        self.settle()

    # ------------------------------------------------------------ export

    def export(self, asks_first: bool) -> Download:
        """Export .docx from the editor, confirming when the page asks first (the checks found errors)."""
        page = self.page
        exporting = page.get_by_role("button", name="Export .docx")
        if asks_first:
            exporting.click()
            exporting = page.get_by_role("button", name="Export anyway")
        with page.expect_download() as download:
            exporting.click()
        return download.value


def item_prefix(field_id: str) -> str:
    """ "items-1-heading" -> "items-1"."""
    return "-".join(field_id.split("-")[:2])
