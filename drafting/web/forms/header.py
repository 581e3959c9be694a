"""The header form: every field of the header block and the footer, read and judged with the domain.

The form refuses only what cannot be kept as typed (a number that reads as no reference, a day that
does not exist, a character Word cannot hold, text over its length); what the domain's checks find
in a readable value is shown beside the field and in the problems panel, and never blocks a save.
"""

from __future__ import annotations

import re

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import FieldList, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField, SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from drafting.domain.characters import unholdable_problem
from drafting.domain.dates import format_date, format_days
from drafting.domain.model import Footer, Numbering, Outcome
from drafting.domain.problems import DOCUMENT, Problem
from drafting.domain.references import LANGUAGES, CouncilReference, ProcedureReference, parse_reference
from drafting.domain.rules.document import HEADER_ORDER
from drafting.domain.rules.header import CLASSIFICATIONS, LIMITE
from drafting.web.field_check import day_message, field_problems, read_code_line, read_day

# The fields of the header and footer, named as the domain names them (and the problems panel links to them).
HEADER_FIELDS = frozenset(HEADER_ORDER) | {"numbering"}
MOST_SUBJECT_CODES = 20
MOST_MEETING_DAYS = 10
# The lists a drafter grows and shrinks row by row.
LISTS = {"subject_codes": MOST_SUBJECT_CODES, "meeting_dates": MOST_MEETING_DAYS}
NUMBERING_CHOICES = {
    str(Numbering.CONSECUTIVE): "Consecutive: 1, 2, 3 … whatever the agenda says",
    str(Numbering.AGENDA): "Follows the agenda's numbers (gaps allowed)",
}


def strip(value: object) -> object:
    return value.strip() if isinstance(value, str) else value


def holdable(_form: FlaskForm, field) -> None:
    """Refuse the characters a Word document cannot hold, naming them."""
    problem = unholdable_problem(field.data or "", DOCUMENT)
    if problem is not None:
        raise ValidationError(problem.message)


def at_most(limit: int) -> Length:
    return Length(max=limit, message=f"at most {limit} characters (this is %(length)d)")


def text(label: str, limit: int, *validators, **kwargs) -> StringField:
    """A one-line text field: stripped, limited and refusing unholdable characters."""
    return StringField(label, [*validators, at_most(limit), holdable], filters=[strip], **kwargs)


class DayField(DateField):
    """A day as the browser's date picker sends it; one that does not exist is refused by name."""

    def process_formdata(self, valuelist: list[str]) -> None:
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        self.data = read_day(valuelist[0])
        if self.data is None:
            raise ValueError(day_message(valuelist[0]))


def code_line(_form: FlaskForm, field) -> None:
    if field.data and read_code_line(field.data) is None:
        raise ValidationError(f'"{field.data}" is not a subject code and its running number, like COSI 334')


class HeaderForm(FlaskForm):
    """Everything of an outcome but its items; `version` is the header's version it was opened at."""

    version = HiddenField()
    place = text("Place", 60, InputRequired("the place is missing (Brussels, Luxembourg …)"))
    issue_date = DayField("Date of issue", [Optional()])
    original_language = SelectField(
        "Original language", choices=[SelectChoice(code) for code in sorted(LANGUAGES)], default="en"
    )
    interinstitutional_file = text("Interinstitutional file", 40, Optional())
    document_number = text("Document number", 120, Optional())
    marking = SelectField(
        "Marking", choices=[SelectChoice("", "none")] + [SelectChoice(m) for m in (LIMITE, *CLASSIFICATIONS)]
    )
    subject_codes = FieldList(
        StringField("Subject code", [Optional(), at_most(40), holdable, code_line], filters=[strip]),
        "Subject codes",
        min_entries=1,
        max_entries=MOST_SUBJECT_CODES,
    )
    document_type = text("Document type", 80)
    sender = text("From", 200)
    meeting_dates = FieldList(
        DayField("Meeting day", [Optional()]),
        "On (meeting days)",
        min_entries=1,
        max_entries=MOST_MEETING_DAYS,
    )
    recipient = text("To", 200)
    previous_documents = text("No. prev. doc.", 300, Optional())
    commission_documents = text("No. Cion doc.", 300, Optional())
    subject = TextAreaField("Subject", [Optional(), at_most(400), holdable])
    initials = text("Drafter initials", 30, Optional())
    unit = text("Unit", 40, Optional())
    language = text("Footer language", 3, Optional())
    numbering = RadioField(
        "Item numbering",
        choices=[SelectChoice(value, label) for value, label in NUMBERING_CHOICES.items()],
        default=str(Numbering.CONSECUTIVE),
    )

    def __init__(self, *args, current: Outcome | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # A value kept from an import or an older version stays selectable, so a save never drops it.
        if current is not None:
            keep_choice(self.original_language, current.original_language, "not an official language code")
            keep_choice(self.marking, current.marking or "", "as typed before")
        self.name_rows()

    @classmethod
    def of(cls, outcome: Outcome, version: int) -> HeaderForm:
        """The form filled from a saved header."""
        data = {
            "version": str(version),
            "place": outcome.place,
            "issue_date": outcome.issue_date,
            "original_language": outcome.original_language,
            "interinstitutional_file": outcome.interinstitutional_file or "",
            "document_number": outcome.document_number,
            "marking": outcome.marking or "",
            "subject_codes": [str(code) for code in outcome.subject_codes] or [""],
            "document_type": outcome.document_type,
            "sender": outcome.sender,
            "meeting_dates": list(outcome.meeting_dates) or [None],
            "recipient": outcome.recipient,
            "previous_documents": outcome.previous_documents or "",
            "commission_documents": outcome.commission_documents or "",
            "subject": outcome.subject,
            "initials": outcome.footer.initials,
            "unit": outcome.footer.unit,
            "language": outcome.footer.language,
            "numbering": str(outcome.numbering),
        }
        return cls(formdata=None, data=data, current=outcome)

    def name_rows(self) -> None:
        """Each row labelled with its place, so a screen reader tells "Subject code 2" from the first."""
        for rows, name in ((self.subject_codes, "Subject code"), (self.meeting_dates, "Meeting day")):
            for index, row in enumerate(rows):
                row.label.text = f"{name} {index + 1}"

    # ------------------------------------------------------------ judging

    def validate_version(self, field) -> None:
        # Digits only, and few enough for the database's integer column.
        value = field.data or ""
        if not (value.isascii() and value.isdigit() and len(value) <= 9):
            raise ValidationError("the form lost track of the version it was opened at: reload the page")

    def validate_document_number(self, field) -> None:
        if not field.data:
            return  # a new outcome may not have its number yet; the checks say it is missing
        parsed = parse_reference(field.data)
        if parsed.reference is None:
            raise ValidationError(parsed.problems[0].message)
        if not isinstance(parsed.reference, CouncilReference):
            raise ValidationError(f"{field.data} is not a Council document number, like 15754/17")

    def validate_interinstitutional_file(self, field) -> None:
        if not field.data:
            return
        parsed = parse_reference(field.data)
        if parsed.reference is None:
            raise ValidationError(parsed.problems[0].message)
        if not isinstance(parsed.reference, ProcedureReference):
            raise ValidationError(f"{field.data} is not a procedure number, like 2017/0144 (COD)")

    def validate_subject(self, field) -> None:
        if len(lines(field.data or "")) > 2:
            raise ValidationError("a subject runs to two lines at most")

    def validate_language(self, field) -> None:
        if field.data and field.data.lower() not in LANGUAGES:
            raise ValidationError(f'"{field.data}" is not the code of an official language (EN, FR …)')

    # ------------------------------------------------------------ reading

    @property
    def expected_version(self) -> int:
        return int(self.version.data)

    def header(self) -> Outcome:
        """The header as typed (no items: a header save keeps the items as they are)."""
        codes = [read_code_line(row.data) for row in self.subject_codes if row.data]
        days = sorted({row.data for row in self.meeting_dates if row.data is not None})
        return Outcome(
            document_number=self.document_number.data or "",
            issue_date=self.issue_date.data,
            place=self.place.data or "",
            original_language=self.original_language.data,
            interinstitutional_file=self.interinstitutional_file.data or None,
            marking=self.marking.data or None,
            subject_codes=[code for code in codes if code is not None],
            document_type=self.document_type.data or "",
            sender=self.sender.data or "",
            meeting_dates=days,
            recipient=self.recipient.data or "",
            previous_documents=self.previous_documents.data or None,
            commission_documents=self.commission_documents.data or None,
            subject="\n".join(lines(self.subject.data or "")),
            footer=Footer(self.initials.data or "", self.unit.data or "", (self.language.data or "").upper()),
            numbering=Numbering(self.numbering.data),
        )

    def notes(self) -> dict[str, list[Problem]]:
        """What the domain finds in each checked field as it stands, by field id (form errors aside)."""
        issue = self.issue_date.data if not self.issue_date.errors else None
        found: dict[str, list[Problem]] = {}
        for field in checked_fields(self):
            # A select's data is None when the posted form left it out; it has no _value to fall back on.
            plain = isinstance(field.data, str) or field.data is None
            value = field.data if plain else field._value()
            problems = [
                p for p in field_problems(field.name, value or "", issue) if p.message not in field.errors
            ]
            if problems:
                found[field.id] = problems
        return found


def checked_fields(form: HeaderForm) -> list:
    """The fields checked as the drafter types."""
    single = [
        form.issue_date,
        form.original_language,
        form.interinstitutional_file,
        form.document_number,
        form.marking,
        form.document_type,
        form.sender,
        form.recipient,
        form.previous_documents,
        form.commission_documents,
        form.subject,
        form.place,
        form.initials,
        form.unit,
        form.language,
    ]
    return single + list(form.subject_codes) + list(form.meeting_dates)


def keep_choice(field: SelectField, value: str, note: str) -> None:
    if value and value not in {choice.value for choice in field.choices}:
        field.choices = [*field.choices, SelectChoice(value, f"{value} ({note})")]


def lines(value: str) -> list[str]:
    """A text area's lines, without the blank ones a browser or a stray return adds."""
    return [line.strip() for line in value.replace("\r\n", "\n").split("\n") if line.strip()]


# ---------------------------------------------------------------- growing and shrinking the lists

ROW_KEY = re.compile(r"(?P<list>subject_codes|meeting_dates)-(?P<index>.*)")


def edited_rows(formdata: MultiDict, add: str | None = None, remove: str | None = None) -> MultiDict:
    """The posted form, everything typed kept, with its list rows renumbered and one added or removed."""
    # Keys that only look like rows ("subject_codes-²") are dropped: the form library would fail
    # reading them as positions.
    rows: dict[str, list[tuple[int, str, str]]] = {name: [] for name in LISTS}
    kept = MultiDict()
    for key, value in formdata.items(multi=True):
        match = ROW_KEY.fullmatch(key)
        if match is None:
            if key not in ("add_row", "remove_row"):
                kept.add(key, value)
        elif match["index"].isascii() and match["index"].isdigit():
            rows[match["list"]].append((int(match["index"]), key, value))
    for name, most in LISTS.items():
        values = [value for _, key, value in sorted(rows[name]) if key != remove][:most]
        if add == name and len(values) < most:
            values.append("")
        for index, value in enumerate(values or [""]):
            kept.add(f"{name}-{index}", value)
    return kept


def shown(outcome: Outcome) -> dict[str, str]:
    """Each header field as a drafter reads it, to set a saved header beside a typed one."""
    return {
        "place": outcome.place,
        "issue_date": format_date(outcome.issue_date) if outcome.issue_date else "",
        "original_language": outcome.original_language,
        "interinstitutional_file": outcome.interinstitutional_file or "",
        "document_number": outcome.document_number,
        "marking": outcome.marking or "",
        "subject_codes": "\n".join(str(code) for code in outcome.subject_codes),
        "document_type": outcome.document_type,
        "sender": outcome.sender,
        "meeting_dates": format_days(outcome.meeting_dates),
        "recipient": outcome.recipient,
        "previous_documents": outcome.previous_documents or "",
        "commission_documents": outcome.commission_documents or "",
        "subject": outcome.subject,
        "initials": outcome.footer.initials,
        "unit": outcome.footer.unit,
        "language": outcome.footer.language,
        "numbering": NUMBERING_CHOICES[str(outcome.numbering)],
    }


def differences(form: HeaderForm, saved: Outcome, typed: Outcome) -> list[tuple[str, str, str]]:
    """(label, saved now, typed) for every field where the two headers differ."""
    now, yours = shown(saved), shown(typed)
    return [(form[name].label.text, now[name], yours[name]) for name in now if now[name] != yours[name]]
