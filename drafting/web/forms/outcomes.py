"""The forms of the list of outcomes: its filters, a new outcome, an uploaded outcome."""

from __future__ import annotations

import re
from datetime import date

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import DateField, SearchField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from drafting.domain.characters import unholdable_problem
from drafting.domain.model import Outcome, SubjectCode
from drafting.domain.problems import Location, Severity
from drafting.domain.references import CouncilReference, parse_reference
from drafting.io.files import READABLE
from drafting.web.forms.header import lines

# Years a drafter could mean: anything else is a slip of the keyboard (0017 for 2017).
FIRST_YEAR, LAST_YEAR = 1950, 2100
SUBJECT_CODE = re.compile(r"[A-Z]+(?:-[A-Z]+)*")
NUMBER = re.compile(r"[0-9]{1,6}")
CODE_SEPARATORS = re.compile(r"[,;\s]+")


class Holdable:
    """Refuses characters a Word document cannot hold, naming them, at the door."""

    def __call__(self, form: FlaskForm, field: StringField) -> None:
        problem = unholdable_problem(field.data or "", Location(field=field.name))
        if problem is not None:
            raise ValidationError(problem.message[0].upper() + problem.message[1:] + ".")


class DayField(DateField):
    """A date typed or picked; a wrong one is explained, not a bare "not valid"."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Enter a real date as YYYY-MM-DD, e.g. 2017-11-21.") from None

    def pre_validate(self, form: FlaskForm) -> None:
        if isinstance(self.data, date) and not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            raise ValidationError(f"Enter a year between {FIRST_YEAR} and {LAST_YEAR}.")


# ---------------------------------------------------------------- the list's filters


class FilterForm(FlaskForm):
    """The filters of the list, read from the query string (a GET changes nothing: no CSRF token)."""

    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        validators=[Optional(), Length(max=200, message="Search for at most 200 characters."), Holdable()],
        description="Words, a document number, or a reference in any form (ST 14260 2017 REV 1, a link …)",
    )
    body = SelectField("Body", validate_choice=False)
    year = SelectField("Year", validate_choice=False)
    status = SelectField("Status", validate_choice=False)

    def offer(self, bodies: list[str], years: list[int], statuses: list[str]) -> None:
        """The choices found in the data, keeping a chosen value the data no longer holds."""
        for field, values, anything in (
            (self.body, bodies, "Any body"),
            (self.year, [str(year) for year in years], "Any year"),
            (self.status, statuses, "Any status"),
        ):
            if field.data and field.data not in values:
                values = [*values, field.data]
            field.choices = [("", anything)] + [(value, value) for value in values]

    def validate_body(self, field: SelectField) -> None:
        refuse_odd_choice(field, 40)

    def validate_status(self, field: SelectField) -> None:
        refuse_odd_choice(field, 20)

    def validate_year(self, field: SelectField) -> None:
        if field.data and not (field.data.isascii() and field.data.isdigit() and len(field.data) == 4):
            raise ValidationError(f'"{field.data[:20]}" is not a year.')
        if field.data and not FIRST_YEAR <= int(field.data) <= LAST_YEAR:
            raise ValidationError(f"{field.data} is not a year between {FIRST_YEAR} and {LAST_YEAR}.")

    def ignore_invalid(self) -> list[str]:
        """Validate, clear every filter that failed, and say why each was set aside."""
        self.validate()
        messages = []
        for field in (self.q, self.body, self.year, self.status):
            if field.errors:
                what = "search" if field is self.q else f"{field.label.text.lower()} filter"
                messages.extend(f"{error} The {what} was ignored." for error in field.errors)
                field.data, field.errors = "", []
        return messages

    def query(self) -> dict[str, object]:
        """The filters as services.Filters takes them; call ignore_invalid first."""
        return {
            "body": self.body.data or None,
            "year": int(self.year.data) if self.year.data else None,
            "status": self.status.data or None,
            "query": (self.q.data or "").strip() or None,
        }


def refuse_odd_choice(field: SelectField, longest: int) -> None:
    value = field.data or ""
    if len(value) > longest or unholdable_problem(value, Location()) is not None:
        raise ValidationError(f"No {field.label.text.lower()} is called that.")


# ---------------------------------------------------------------- a new outcome

EMPTY = ""  # the choice of starting from an empty outcome
LARGEST_ID = 2**31 - 1  # no row id is larger (PostgreSQL's INTEGER)


class NewOutcomeForm(FlaskForm):
    """What an outcome starts from; everything else is filled in the editor."""

    document_number = StringField(
        "Document number",
        validators=[DataRequired("Enter the document number, e.g. 15754/17."), Length(max=120), Holdable()],
        description="As printed: 15754/17, or 14260/1/17 REV 1 for a revision.",
    )
    subject = TextAreaField(
        "Subject",
        validators=[DataRequired("Enter the subject: the body that met."), Length(max=1000), Holdable()],
        description="The body that met, e.g. Standing Committee on Operational Cooperation on Internal "
        "Security (COSI).",
    )
    meeting_date = DayField("Meeting date (On:)", validators=[Optional()])
    issue_date = DayField("Date of issue", validators=[Optional()])
    subject_codes = StringField(
        "Subject codes",
        validators=[Optional(), Length(max=500), Holdable()],
        description="Optional: each code with its running number, separated by commas: COSI 334, JAI 1207.",
    )
    start_from = SelectField(
        "Start from",
        validate_choice=False,  # the skeleton is judged by the service: who may use it, for which body
        default=EMPTY,
        description="An empty outcome, or a meeting skeleton: its standard items in order, each blank "
        "written {name} for you to fill in (the problems panel lists them).",
    )
    submit = SubmitField("Create the outcome")

    def offer_skeletons(self, skeletons: list[tuple[int, str, str, list[str]]]) -> None:
        """The skeletons the person may start from (id, name, body, template names), grouped by body."""
        groups: dict[str | None, list[tuple[str, str]]] = {None: [(EMPTY, "An empty outcome")]}
        for skeleton_id, name, body, templates in skeletons:
            label = f"{name}: {', '.join(templates)}" if templates else name
            groups.setdefault(body or "Any body", []).append((str(skeleton_id), label))
        self.start_from.choices = groups

    def validate_start_from(self, field: SelectField) -> None:
        value = field.data or EMPTY
        if value != EMPTY and not (value.isascii() and value.isdigit() and int(value) <= LARGEST_ID):
            raise ValidationError("Choose an empty outcome or one of the meeting skeletons listed.")

    def skeleton_id(self) -> int | None:
        """The chosen skeleton; None for an empty outcome. Call after validating."""
        value = self.start_from.data or EMPTY
        return None if value == EMPTY else int(value)

    def validate_document_number(self, field: StringField) -> None:
        parsed = parse_reference(field.data.strip())
        errors = [problem for problem in parsed.problems if problem.severity is Severity.ERROR]
        if errors:
            raise ValidationError(sentence(errors[0].message, errors[0].suggestion))
        if not isinstance(parsed.reference, CouncilReference):
            raise ValidationError(f"{field.data.strip()} is not a Council document number, like 15754/17.")

    def validate_issue_date(self, field: DayField) -> None:
        meeting = self.meeting_date.data
        if field.data and isinstance(meeting, date) and meeting > field.data:
            raise ValidationError("The date of issue comes after the meeting, not before it.")

    def validate_subject_codes(self, field: StringField) -> None:
        read_subject_codes(field.data or "")

    def printed_number(self) -> str:
        """The document number as printed, whichever form it was typed in (ST 15754 2017 INIT -> 15754/17)."""
        return (
            parse_reference(self.document_number.data.strip()).canonical or self.document_number.data.strip()
        )

    def to_outcome(self) -> Outcome:
        return Outcome(
            document_number=self.printed_number(),
            subject="\n".join(lines(self.subject.data or "")),
            meeting_dates=[self.meeting_date.data] if self.meeting_date.data else [],
            issue_date=self.issue_date.data,
            subject_codes=read_subject_codes(self.subject_codes.data or ""),
        )


def sentence(message: str, suggestion: str | None) -> str:
    text = message[0].upper() + message[1:]
    return f"{text} — did you mean {suggestion}?" if suggestion else text


def read_subject_codes(line: str) -> list[SubjectCode]:
    """ "COSI 334, JAI 1207" -> the codes; ValidationError naming the first piece that is not one."""
    words = [word for word in CODE_SEPARATORS.split(line.upper()) if word]
    if len(words) % 2:
        words.append("")  # a code without its number
    codes = []
    for code, number in zip(words[::2], words[1::2], strict=True):
        if not (SUBJECT_CODE.fullmatch(code) and NUMBER.fullmatch(number)):
            piece = f"{code} {number}".strip()[:40]
            raise ValidationError(
                f'"{piece}" is not a subject code with its number; write them like COSI 334, JAI 1207.'
            )
        codes.append(SubjectCode(code, int(number)))
    return codes


# ---------------------------------------------------------------- an uploaded outcome


class ImportForm(FlaskForm):
    """An outcome file to read into a new draft."""

    file = FileField(
        "Outcome file",
        validators=[
            FileRequired("Choose a file to upload."),
            FileAllowed(
                [suffix.lstrip(".") for suffix in READABLE],
                f"Upload a {', '.join(READABLE)} file; other kinds cannot be read.",
            ),
        ],
        description="A .txt or .md text (as in the sample), a Word .docx, or an outcome in the JSON format.",
    )
    submit = SubmitField("Import")

    def validate_file(self, field: FileField) -> None:
        # Read once here: the importers take bytes, and an empty file is a mistake worth naming.
        self.content: bytes = field.data.read()
        if not self.content:
            raise ValidationError("The file is empty; nothing was imported.")
