"""Starting an outcome from the meeting's provisional agenda: pasted or uploaded, previewed, then created.

Nothing is created until the drafter has seen, side by side, the agenda's items as read and the
outcome's items as they will be created, with every line that could not be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import HiddenField, TextAreaField
from wtforms.validators import Length, Optional

from drafting import services
from drafting.domain.access import Action
from drafting.domain.agenda import Agenda
from drafting.domain.model import Decision, Item, Outcome, plain_text
from drafting.domain.phrasing import composed_sentence
from drafting.io import FormatError
from drafting.io.agenda_import import READABLE, docx_lines, outcome_from_agenda, read_agenda_text
from drafting.io.files import decode_text
from drafting.web import htmx, unit_of_work
from drafting.web.guard import person, requires

blueprint = Blueprint("agenda", __name__)

# A provisional agenda is a page or two; ten times the longest seen leaves room and stops a mistaken paste.
MOST_CHARACTERS = 200_000
TOO_LONG = f"An agenda is at most {MOST_CHARACTERS:,} characters (this is %(length)d)."


class AgendaForm(FlaskForm):
    """The agenda's text, pasted or uploaded; an earlier upload's text rides along in `uploaded`."""

    text = TextAreaField(
        "Text of the provisional agenda",
        [Optional(), Length(max=MOST_CHARACTERS, message=TOO_LONG)],
        description="Paste the whole notice of meeting (CM document), from its heading to its footnotes.",
    )
    file = FileField(
        "Or upload it",
        [
            Optional(),
            FileAllowed(
                [suffix.lstrip(".") for suffix in READABLE],
                f"Upload a {', '.join(READABLE)} file; other kinds cannot be read.",
            ),
        ],
        description="A Word document (.docx) or a text file (.txt, .md).",
    )
    uploaded = HiddenField(validators=[Optional(), Length(max=MOST_CHARACTERS, message=TOO_LONG)])
    uploaded_name = HiddenField(validators=[Optional(), Length(max=255)])


@dataclass(frozen=True)
class PreviewItem:
    """An outcome item as it will be created, in plain words for the preview."""

    number: int
    heading: str
    sentences: list[str]
    sub_items: list[tuple[str, str, list[str]]]  # letter (or "–"), heading, sentences
    mixed_committee: bool


def sentences_of(blocks) -> list[str]:
    """What a block list will say: the standard sentence of a decision, the text of anything else."""
    said = []
    for block in blocks:
        if isinstance(block, Decision):
            said.append(composed_sentence(block))
        elif hasattr(block, "content"):
            said.append(plain_text(block.content))
    return said


def preview_item(item: Item) -> PreviewItem:
    subs = [(sub.letter or "–", plain_text(sub.heading), sentences_of(sub.blocks)) for sub in item.sub_items]
    return PreviewItem(
        item.number, plain_text(item.heading), sentences_of(item.blocks), subs, item.mixed_committee
    )


class Unreadable(Exception):
    """The input gives no agenda; the message says why, for the form."""


def source_text(form: AgendaForm) -> str:
    """The agenda's text: a file uploaded now, else the pasted text, else an earlier upload's text.

    An upload is turned into text once, here, and carried in the form from then on: "Create" reads the
    same lines the preview showed, without asking for the file again.
    """
    upload = form.file.data
    pasted = (form.text.data or "").strip()
    if upload is not None and upload.filename:
        if pasted:
            raise Unreadable("Paste the agenda or upload it, not both: clear the text or leave the file out.")
        data = upload.read()
        if not data:
            raise Unreadable("The file is empty.")
        suffix = PurePath(upload.filename).suffix.lower()
        try:
            read = docx_text(data) if suffix == ".docx" else decode_text(data)
        except FormatError as refused:
            raise Unreadable(f"The file could not be read: {refused}.") from refused
        form.uploaded.data = read
        form.uploaded_name.data = PurePath(upload.filename).name[:255]
        return read
    if pasted:
        form.uploaded.data, form.uploaded_name.data = "", ""
        return form.text.data or ""
    if (form.uploaded.data or "").strip():
        return form.uploaded.data or ""
    raise Unreadable("Paste the text of the provisional agenda, or upload it as a .docx, .txt or .md file.")


def docx_text(data: bytes) -> str:
    """A Word agenda as lines of text, its automatic numbering written out (as the agenda reader sees it)."""
    return "\n".join(line for _, line in docx_lines(data))


def read_agenda(form: AgendaForm) -> Agenda:
    text = source_text(form)
    try:
        return read_agenda_text(text)
    except FormatError as refused:
        message = str(refused)
        raise Unreadable(f"This is not an agenda that can be read: {message}.") from refused


@blueprint.get("/outcomes/from-agenda")
@requires(Action.CREATE)
def form():
    return render_template("pages/agenda_import.html", form=AgendaForm(), **nothing_read())


@blueprint.post("/outcomes/from-agenda")
@requires(Action.CREATE)
def submit():
    form = AgendaForm()
    action = request.form.get("action", "preview")
    context = nothing_read()
    refused = False
    if form.validate_on_submit():
        try:
            agenda = read_agenda(form)
        except Unreadable as unreadable:
            form.text.errors = [*form.text.errors, str(unreadable)]
        else:
            outcome = outcome_from_agenda(agenda)
            if action == "create":
                created = create(form, agenda, outcome)
                if created is not None:
                    return created
                refused = True
            else:
                context = read_for_preview(agenda, outcome)
    if action not in ("preview", "create"):
        form.text.errors = [*form.text.errors, "Choose Preview or Create the outcome."]
    # htmx does not swap a 4xx answer: a refused form goes back with 200 when htmx sent it.
    status = 200 if htmx or not form.errors else 403 if refused else 400
    return render_template("pages/agenda_import.html", form=form, **context), status


def nothing_read() -> dict[str, object]:
    return {"agenda": None, "outcome_items": [], "body": ""}


def read_for_preview(agenda: Agenda, outcome: Outcome) -> dict[str, object]:
    return {
        "agenda": agenda,
        "outcome_items": [preview_item(item) for item in outcome.items],
        "body": agenda.body,
    }


def create(form: AgendaForm, agenda: Agenda, outcome: Outcome):
    """The outcome created and the editor opened; None (and the refusal on the form) when not allowed."""
    try:
        with unit_of_work() as uow:
            # The agenda is kept with the outcome, which the problems panel then checks against it.
            outcome_id = services.create_outcome(uow, outcome, by=person(), agenda=agenda)
    except services.Refused as refusal:
        form.text.errors = [*form.text.errors, f"Not created: {refusal}."]
        return None
    count = len(outcome.items)
    message = f"Outcome started from the agenda with {count} item{'' if count == 1 else 's'}."
    if agenda.unread:
        lines = ", ".join(str(line.line) for line in agenda.unread)
        plural = "s" if len(agenda.unread) > 1 else ""
        message += (
            f" {len(agenda.unread)} line{plural} of the agenda could not be read (line{plural} {lines})."
        )
    message += " Fill in its document number and date of issue."
    flash(message, "info")
    url = url_for("editor.edit", outcome_id=outcome_id)
    if htmx and not htmx.boosted:
        return "", 204, {"HX-Redirect": url}
    return redirect(url, 303)
