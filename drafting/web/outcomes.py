"""The list of outcomes with filters and search; new, duplicated and imported outcomes; their exports."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for

from drafting import services, templates_service
from drafting.domain.access import Action
from drafting.domain.dates import format_date
from drafting.io import FormatError
from drafting.web import exports_folder, htmx, unit_of_work
from drafting.web.forms.outcomes import FilterForm, ImportForm, NewOutcomeForm
from drafting.web.guard import person, requires, visible_bodies
from drafting.web.responses import page_or_fragment, wants_json

blueprint = Blueprint("outcomes", __name__)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# No row id is larger (PostgreSQL's INTEGER); a larger one in a URL would overflow SQLite's driver.
LARGEST_ID = 2**31 - 1


def known_id(value: int) -> int:
    """An id from a URL, or 404 when no row can have it."""
    if value > LARGEST_ID:
        abort(404)
    return value


def wants_fragment() -> bool:
    """An htmx swap gets the fragment; a boosted navigation or a history restore needs the whole page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


@blueprint.context_processor
def formatting() -> dict[str, object]:
    return {"format_date": format_date}


@blueprint.app_template_filter("utc")
def in_utc(moment: datetime) -> datetime:
    """A stored time in UTC: SQLite gives it back without a zone (it is UTC), PostgreSQL in its own zone."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# ---------------------------------------------------------------- the list


@blueprint.get("/")
@requires(Action.READ)
def index():
    form = FilterForm(formdata=request.args)
    ignored = form.ignore_invalid()
    filters = services.Filters(**form.query())
    with unit_of_work() as uow:
        summaries = services.list_outcomes(uow, replace(filters, bodies=visible_bodies()))
        statuses = sorted({summary.status for summary in uow.outcomes.summaries()})
        visible = visible_bodies()
        bodies = [body for body in uow.outcomes.bodies() if visible is None or body in visible]
        form.offer(bodies, uow.outcomes.years(), statuses)
    context = {
        "form": form,
        "summaries": summaries,
        "ignored": ignored,
        "filtered": filters != services.Filters(),
    }
    if wants_fragment():
        return render_template("partials/outcome_rows.html", **context)
    return render_template("pages/outcomes.html", **context)


@blueprint.post("/outcomes/<int:outcome_id>/duplicate")
@requires(Action.CREATE)
def duplicate(outcome_id: int):
    with unit_of_work() as uow:
        try:
            copy_id = services.duplicate_outcome(uow, known_id(outcome_id), by=person())
        except services.NotFound:
            abort(404)
        number = services.open_draft(uow, copy_id).outcome.document_number
    copied = number or "the outcome"
    flash(f"This is a new copy of {copied}: change what differs, starting with its document number.", "info")
    return go_to(url_for("editor.edit", outcome_id=copy_id))


@blueprint.post("/outcomes/<int:outcome_id>/copy-for-new-meeting")
@requires(Action.CREATE)
def copy_for_new_meeting(outcome_id: int):
    """A copy to start the next meeting's outcome from: what belonged to the old meeting is cleared."""
    with unit_of_work() as uow:
        try:
            number = services.open_draft(uow, known_id(outcome_id)).outcome.document_number
            copy_id, cleared = services.copy_for_new_meeting(uow, outcome_id, by=person())
        except services.NotFound:
            abort(404)
    copied = number or "the outcome"
    flash(f"This is a copy of {copied} for a new meeting. {cleared.summary()}", "info")
    flash(
        "The problems panel lists each blank to fill in: the header's number and dates, and each name "
        "in braces left in the items.",
        "info",
    )
    return go_to(url_for("editor.edit", outcome_id=copy_id))


def go_to(url: str):
    """After a change, the next page: a redirect, or for an htmx swap a full navigation to it."""
    if wants_fragment():
        return "", 204, {"HX-Redirect": url}
    return redirect(url, 303)


# ---------------------------------------------------------------- a new outcome


@blueprint.route("/outcomes/new", methods=["GET", "POST"])
@requires(Action.CREATE)
def new():
    form = NewOutcomeForm()
    with unit_of_work(reading=True) as uow:  # the choices only: the creation below takes the write turn
        skeletons = offered_skeletons(uow)
    form.offer_skeletons([(s.id, s.name, s.body, [t.name for t in s.templates]) for s in skeletons])
    refused = False
    if form.validate_on_submit():
        skeleton_id = form.skeleton_id()
        try:
            with unit_of_work() as uow:
                if skeleton_id is None:
                    outcome_id = services.create_outcome(uow, form.to_outcome(), by=person())
                else:
                    outcome_id = templates_service.create_from_skeleton(
                        uow, form.to_outcome(), skeleton_id, by=person()
                    )
        except services.NotFound as missing:
            # Another team's skeleton, or one gone since the form was drawn: what was typed stays.
            form.start_from.errors = [*form.start_from.errors, f"Not created: {missing}."]
            refused = True
        except FormatError as unreadable:
            # A stored template that no longer reads as an item: named, and nothing is created.
            message = f"Not created: a template of this skeleton cannot be made into an item ({unreadable})."
            form.start_from.errors = [*form.start_from.errors, message]
        except services.Refused as refusal:
            # What was typed stays in the form; the subject names the body, so the message goes there.
            form.subject.errors = [*form.subject.errors, f"Not created: {refusal}."]
            refused = True
        else:
            typed = form.document_number.data.strip()
            printed = form.printed_number()
            if printed != typed:
                flash(f"The document number {typed} is written as printed: {printed}.", "info")
            chosen = next((s for s in skeletons if s.id == skeleton_id), None)
            if chosen is None:
                flash(f"Outcome {printed} created. Fill in the header and add its items.", "info")
            else:
                flash(
                    f"Outcome {printed} created from the skeleton \u201c{chosen.name}\u201d with "
                    f"{len(chosen.templates)} items. Each blank is written {{name}} in the text: the "
                    "problems panel lists every one to fill in.",
                    "info",
                )
            return go_to(url_for("editor.edit", outcome_id=outcome_id))
    # htmx does not swap a 4xx answer: a refused form goes back with 200 when htmx sent it.
    status = (403 if refused else 400) if request.method == "POST" and not htmx else 200
    return render_template("pages/new_outcome.html", form=form), status


def offered_skeletons(uow) -> list[templates_service.StoredSkeleton]:
    """The meeting skeletons the person may start an outcome from: those of the bodies they work for."""
    bodies = visible_bodies()
    return [
        skeleton
        for skeleton in templates_service.list_skeletons(uow, person())
        if bodies is None or not skeleton.body or skeleton.body in bodies
    ]


# ---------------------------------------------------------------- importing a file


@blueprint.route("/import", methods=["GET", "POST"])
@requires(Action.CREATE)
def import_form():
    form = ImportForm()
    context: dict[str, object] = {"form": form, "created": None, "outcome": None, "unread": []}
    status = 200
    if form.validate_on_submit():
        try:
            with unit_of_work() as uow:
                created, result = services.import_outcome(
                    uow, form.content, form.file.data.filename, by=person()
                )
        except FormatError as refused:
            form.file.errors.append(
                f"The file could not be read as an outcome: {refused}. Nothing was created."
            )
        except services.Refused as refusal:
            form.file.errors.append(f"Not imported: {refusal}. Nothing was created.")
        else:
            context.update(created=created, outcome=result.outcome, unread=result.unread)
            status = 201
    if form.errors:
        status = 200 if htmx else 400
    template = "partials/import_report.html" if wants_fragment() else "pages/import.html"
    limit_mb = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    return render_template(template, limit_mb=limit_mb, **context), status


# ---------------------------------------------------------------- the exports archive


@blueprint.get("/outcomes/<int:outcome_id>/exports")
@requires(Action.READ)
def exports(outcome_id: int):
    with unit_of_work() as uow:
        try:
            draft = services.open_draft(uow, known_id(outcome_id))
            archived = services.list_exports(uow, outcome_id, exports_folder())
        except services.NotFound:
            abort(404)
    return page_or_fragment(
        "pages/exports.html", "partials/exports.html", draft=draft, exports=archived, outcome_id=outcome_id
    )


@blueprint.get("/outcomes/<int:outcome_id>/exports/<int:number>")
@requires(Action.READ)
def download(outcome_id: int, number: int):
    return archived_file(outcome_id, number)


def archived_file(outcome_id: int, number: int):
    """The .docx of an export as it was circulated (for the browser and the API alike)."""
    folder = exports_folder().resolve()
    with unit_of_work() as uow:
        try:
            export = services.get_export(uow, known_id(outcome_id), known_id(number), folder)
        except services.NotFound:
            abort(404)
    path = export.path.resolve()
    if not path.is_relative_to(folder):
        abort(404)  # a record naming a file outside the archive is never served
    if not path.is_file():
        message = (
            f"Version {number} is recorded (SHA-256 {export.sha256[:12]}…) but its file is missing from the "
            "exports folder. Ask whoever looks after the server to restore it from a backup."
        )
        if wants_json():
            return {"error": "Archived file missing", "message": message}, 404
        return render_template("pages/error.html", title="Archived file missing", message=message), 404
    return send_file(path, mimetype=DOCX, as_attachment=True, download_name=Path(export.filename).name)
