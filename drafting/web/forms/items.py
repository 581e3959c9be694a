"""The item form: one item edited as a whole — heading, blocks, sub-items, footnotes and decisions.

Field names follow the locations of the checks ("items-6-sub_items-1-blocks-0"), so a problem found
in the document names the field that holds it.
"""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import SelectChoice
from wtforms.validators import AnyOf, InputRequired, Length, Optional, Regexp, ValidationError

from drafting.domain.characters import unholdable_problem
from drafting.domain.model import Action, Recipient, SubItemStyle
from drafting.domain.problems import Location
from drafting.domain.references import parse_reference
from drafting.domain.rules.header import CLASSIFICATIONS
from drafting.io.markup import BOLD_MARK, ESCAPABLE, LINK, NOTE, tokens

MAX_HEADING = 2000
MAX_TEXT = 20000
MAX_BLOCKS = 40  # per item or sub-item
MAX_ENTRIES = 80  # per dash list
MAX_SUB_ITEMS = 26  # a) to z)
MAX_NOTES = 30

BLOCK_KINDS = ("paragraph", "dash_list", "decision")
FIELDS_OF_KIND = {
    "paragraph": ("kind", "text"),
    "dash_list": ("kind", "entries"),
    "decision": (
        "kind",
        "actor",
        "actor_other",
        "action",
        "subject",
        "documents",
        "next_step",
        "as_ia_item",
        "coreper_date",
        "council_date",
        "purpose",
        "wording",
    ),
}
ACTORS = ("The Committee", "COSI", "Delegations", "The Presidency")
OTHER_ACTOR = "other"
NEXT_STEPS = [
    SelectChoice("", "none"),
    SelectChoice(Recipient.COREPER.value, "submitted to Coreper"),
    SelectChoice(Recipient.COUNCIL.value, "submitted to the Council"),
    SelectChoice(Recipient.COREPER_AND_COUNCIL.value, "submitted to Coreper and the Council"),
]
MARKUP_HELP = (
    "**bold**, [14260/1/17 REV 1](#) for a linked reference, ¹ for a footnote mark, "
    "(DE, FR and NL) for delegations."
)


# ---------------------------------------------------------------- what every typed text must be


def holdable(form: Form, field: StringField) -> None:
    """Refuses characters a Word document cannot hold, naming them."""
    problem = unholdable_problem(field.data or "", Location())
    if problem is not None:
        raise ValidationError("This text " + problem.message + ".")


def readable_markup(form: Form, field: StringField) -> None:
    message = markup_problem(field.data or "")
    if message:
        raise ValidationError(message)


def markup_problem(value: str) -> str | None:
    """Why the markup would not print as the drafter meant, if it would not.

    The reader never fails: an unclosed "**" or a stray "[" is read as text. Said at the door,
    the drafter learns it before it shows in the document.
    """
    position = 0
    while position < len(value):
        char = value[position]
        if char == "\\" and value[position + 1 : position + 2] in ESCAPABLE:
            position += 2
        elif char == "[":
            found = NOTE.match(value, position) or LINK.match(value, position)
            if found is None:
                return (
                    'A "[" here opens neither a linked reference, [14260/1/17 REV 1](#), nor a footnote '
                    "mark, [^1]; type \\[ for a plain bracket."
                )
            position = found.end()
        else:
            position += 1
    marks = sum(1 for token in tokens(value) if token is BOLD_MARK)
    if marks % 2:
        return 'A "**" is never closed: bold is written **like this**; type \\*\\* for two stars.'
    return None


def length(maximum: int) -> Length:
    return Length(max=maximum, message=f"Keep this to {maximum} characters or fewer.")


def markup(maximum: int) -> list:
    return [length(maximum), holdable, readable_markup]


# ---------------------------------------------------------------- the forms


class BlockForm(Form):
    """One block of an item or sub-item: a paragraph, a dash list or a decision."""

    kind = HiddenField(validators=[AnyOf(BLOCK_KINDS, message="Unknown kind of block.")])
    text = TextAreaField("Paragraph", markup(MAX_TEXT), description=MARKUP_HELP)
    entries = FieldList(TextAreaField("Entry", markup(MAX_TEXT)), max_entries=MAX_ENTRIES)
    actor = SelectField(
        "Who", choices=[*map(SelectChoice, ACTORS), SelectChoice(OTHER_ACTOR, "other…")], default=ACTORS[0]
    )
    actor_other = StringField("Who, if other", [length(200), holdable])
    action = SelectField(
        "Decision",
        choices=[SelectChoice(action.value) for action in Action],
        default=Action.TOOK_NOTE.value,
    )
    subject = TextAreaField("What", [length(MAX_HEADING), holdable])
    documents = TextAreaField(
        "As set out in",
        [length(1000), holdable],
        description="One or more document references, one a line (or separated by commas).",
    )
    next_step = SelectField("Next step", choices=NEXT_STEPS, default="")
    as_ia_item = BooleanField("as an I/A item")
    coreper_date = DateField(
        "Coreper date",
        [Optional()],
        invalid_value_message="Enter a real date as YYYY-MM-DD, e.g. 2017-11-29.",
    )
    council_date = DateField(
        "Council date",
        [Optional()],
        invalid_value_message="Enter a real date as YYYY-MM-DD, e.g. 2017-12-07.",
    )
    purpose = SelectField(
        "For",
        choices=[SelectChoice("", "—"), SelectChoice("adoption"), SelectChoice("information")],
        default="",
    )
    wording = TextAreaField(
        "Wording",
        markup(MAX_TEXT),
        description="Leave empty to print the standard sentence; type here to word it by hand.",
    )

    @property
    def is_decision(self) -> bool:
        return self.kind.data == "decision"

    def validate(self, extra_validators=None) -> bool:
        """Only the fields of the block's kind count: the others are not on the page."""
        super().validate(extra_validators)
        shown = FIELDS_OF_KIND.get(self.kind.data or "", ("kind",))
        for name, field in self._fields.items():
            if name not in shown:
                field.errors = []
        return not self.errors

    def validate_actor_other(self, field: StringField) -> None:
        if self.is_decision and self.actor.data == OTHER_ACTOR and not (field.data or "").strip():
            raise ValidationError("Say who decided, or choose one of the list.")

    def validate_documents(self, field: TextAreaField) -> None:
        if not self.is_decision:
            return
        unreadable = [
            parsed for parsed in map(parse_reference, document_lines(field.data)) if not parsed.reference
        ]
        if unreadable:
            raise ValidationError(" ".join(parsed.problems[0].message for parsed in unreadable))

    def validate_coreper_date(self, field: DateField) -> None:
        if field.data and self.is_decision:
            if not self.next_step.data:
                raise ValidationError("Choose the next step before its dates.")
            if self.next_step.data == Recipient.COUNCIL.value:
                raise ValidationError("The text goes to the Council only: leave the Coreper date empty.")

    def validate_council_date(self, field: DateField) -> None:
        if field.data and self.is_decision:
            if not self.next_step.data:
                raise ValidationError("Choose the next step before its dates.")
            if self.next_step.data == Recipient.COREPER.value:
                raise ValidationError("The text goes to Coreper only: leave the Council date empty.")


class ItemNumberField(IntegerField):
    """An item's number; left empty it is None, so that the form can say what it needs."""

    def process_formdata(self, valuelist: list[str]) -> None:
        value = valuelist[0].strip() if valuelist else ""
        if not value:
            self.data = None
        elif value.isascii() and value.isdigit() and len(value) <= 6:
            self.data = int(value)
        else:
            self.data = None
            raise ValueError("Give the number as a whole number, e.g. 7.")


class SubItemForm(Form):
    heading = StringField("Heading", markup(MAX_HEADING), description=MARKUP_HELP)
    blocks = FieldList(FormField(BlockForm), max_entries=MAX_BLOCKS)


class FootnoteForm(Form):
    label = StringField(
        "Label",
        [
            InputRequired("Give the footnote a label: the mark ¹ in the text calls footnote 1."),
            Length(max=12, message="Keep the label to 12 characters or fewer."),
            Regexp(
                r"^[0-9A-Za-z_-]+$", message="A label is digits or letters, e.g. 1 (called by the mark ¹)."
            ),
        ],
    )
    text = TextAreaField("Footnote text", markup(5000))

    def validate_text(self, field: TextAreaField) -> None:
        if not (field.data or "").strip():
            raise ValidationError("Type the footnote's text, or remove the footnote.")


class ItemForm(FlaskForm):
    """One item as a whole. The request is checked for its CSRF token before any view runs."""

    class Meta:
        csrf = False

    version = HiddenField()
    number = ItemNumberField("Number (as on the agenda)")
    heading = StringField("Heading", markup(MAX_HEADING), description=MARKUP_HELP)
    classification = SelectField("Classification", default="")
    mixed_committee = BooleanField("Held in Mixed Committee format (with the Schengen associated states)")
    blocks = FieldList(FormField(BlockForm), max_entries=MAX_BLOCKS)
    sub_item_style = SelectField(
        "Sub-items are",
        choices=[
            SelectChoice(SubItemStyle.LETTERED.value, "lettered a), b), c)"),
            SelectChoice(SubItemStyle.DASHED.value, "dashed –"),
        ],
        default=SubItemStyle.LETTERED.value,
    )
    sub_items = FieldList(FormField(SubItemForm), max_entries=MAX_SUB_ITEMS)
    notes = FieldList(FormField(FootnoteForm), max_entries=MAX_NOTES)

    def __init__(self, *args, agenda_numbering: bool = False, classification: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.agenda_numbering = agenda_numbering
        # A classification the item already carries stays choosable, even if it is not a standard one.
        kept = [classification] if classification and classification not in CLASSIFICATIONS else []
        self.classification.choices = [
            SelectChoice("", "none"),
            *map(SelectChoice, (*CLASSIFICATIONS, *kept)),
        ]

    def validate_number(self, field: IntegerField) -> None:
        if field.errors:
            return  # what was typed is not a number, and the message says so
        if field.data is None:
            raise ValidationError("Give the item's number as on the agenda.")
        if not 1 <= field.data <= 999:
            raise ValidationError("An item number runs from 1 to 999.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if not self.agenda_numbering:
            # The number follows the item's place and is not on the page: nothing typed to be wrong.
            self.number.errors = []
            valid = not self.errors
        seen: set[str] = set()
        for note in self.notes:
            label = (note.form.label.data or "").strip()
            if label in seen:
                note.form.label.errors.append(f"Another footnote of this item has the label {label}.")
                valid = False
            seen.add(label)
        return valid


def document_lines(value: str | None) -> list[str]:
    """The references typed for a decision: one a line, or separated by commas or semicolons."""
    pieces = (value or "").replace(";", "\n").replace(",", "\n").splitlines()
    return [" ".join(piece.split()) for piece in pieces if piece.strip()]
