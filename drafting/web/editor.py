"""The editor of one outcome: its page, the header form, live field checks, problems, preview and export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from markupsafe import Markup, escape
from sqlalchemy import select

from drafting import conflicts, review, services
from drafting.domain.access import Action
from drafting.domain.problems import Problem, Severity
from drafting.persistence.repository import Draft
from drafting.persistence.tables import OutcomeRow
from drafting.web import exports_folder, htmx, unit_of_work
from drafting.web.field_check import field_problems, read_day, text_problems
from drafting.web.forms.header import HEADER_FIELDS, HeaderForm, differences, edited_rows
from drafting.web.guard import person, requires
from drafting.web.preview import preview as preview_of
from drafting.web.responses import page_or_fragment

blueprint = Blueprint("editor", __name__)

EDITOR = "pages/editor.html"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHANGED = "outcome-changed"  # the event every view listening to the outcome refreshes on


# ---------------------------------------------------------------------- the page


@blueprint.get("/outcomes/<int:outcome_id>")
@requires(Action.READ)
def edit(outcome_id: int):
    from drafting.web.live import live_cursor

    # Read before the draft: a change committed in between is then fetched again by the live
    # updates (harmless), never skipped.
    since = live_cursor(outcome_id)
    return page(opened(outcome_id), live_since=since)


def page(draft: Draft, status: int = 200, **context: object):
    return make_response(render_template(EDITOR, **editor_context(draft, **context)), status)


def editor_context(draft: Draft, form: HeaderForm | None = None, **context: object) -> dict[str, object]:
    """What the whole page shows: the header form, the items and the problems of the whole outcome."""
    return {**header_context(draft, form), "panel": panel(draft), **context}


def header_context(draft: Draft, form: HeaderForm | None = None, **context: object) -> dict[str, object]:
    form = form or HeaderForm.of(draft.outcome, draft.version)
    return {
        "draft": draft,
        "outcome": draft.outcome,
        "outcome_id": draft.id,
        "form": form,
        "field_notes": form.notes(),
        **context,
    }


def fragment_wanted() -> bool:
    """An htmx request for part of the page (a boosted navigation wants the whole page)."""
    return bool(htmx) and not htmx.boosted


def opened(outcome_id: int) -> Draft:
    with unit_of_work() as uow:
        try:
            return services.open_draft(uow, outcome_id)
        except services.NotFound:
            abort(404)


# ---------------------------------------------------------------------- the header


@blueprint.get("/outcomes/<int:outcome_id>/header")
@requires(Action.READ)
def header(outcome_id: int):
    draft = opened(outcome_id)
    if fragment_wanted():
        return render_template("partials/header_form.html", **header_context(draft))
    return page(draft)


@blueprint.post("/outcomes/<int:outcome_id>/header")
@requires(Action.EDIT)
def save_header(outcome_id: int):
    draft = opened(outcome_id)
    add, remove = request.form.get("add_row"), request.form.get("remove_row")
    form = HeaderForm(formdata=edited_rows(request.form, add, remove), current=draft.outcome)
    if add or remove:  # a row added or removed: nothing is saved yet
        return header_answer(draft, form, 200)
    if not form.validate():
        return header_answer(draft, form, 400)
    typed = form.header()
    try:
        with unit_of_work() as uow:
            saved = services.update_header(uow, outcome_id, form.expected_version, typed, by=person())
    except services.NotFound:
        abort(404)
    except services.Conflict as conflict:
        current = conflict.current
        if current is None:
            abort(404)
        # The drafter's values stay in the form; a second save, now against the current version,
        # replaces what is there deliberately.
        form.version.data = str(current.version)
        compared = differences(form, current.outcome, typed)
        changed = conflicts.LastChange(conflict.changed_by, conflict.changed_at)
        return header_answer(current, form, 409, conflict=compared, conflict_changed=changed)
    if fragment_wanted():
        response = header_answer(saved, HeaderForm.of(saved.outcome, saved.version), 200, saved=True)
        response.headers["HX-Trigger"] = CHANGED
        return response
    flash("The header was saved.", "info")
    return redirect(url_for(".edit", outcome_id=outcome_id), 303)


def header_answer(draft: Draft, form: HeaderForm, status: int, **context: object):
    """The form fragment for htmx (200, as htmx swaps no 4xx), else the page with this status."""
    if fragment_wanted():
        return make_response(
            render_template("partials/header_form.html", **header_context(draft, form, **context))
        )
    return page(draft, status, form=form, **context)


# ---------------------------------------------------------------------- live checks


@blueprint.post("/outcomes/<int:outcome_id>/check")
@requires(Action.READ)
def check_field(outcome_id: int):
    """The messages under one field for its value as typed."""
    name = checked_name()
    value = request.form.get(name, "")
    shown_at = htmx.trigger or name
    # A header field is the header form's own when its id is its name; any other field is running
    # text, whatever its name, since an item's form may reuse a header's names ("subject").
    in_header = shown_at == name and name.split("-", 1)[0] in HEADER_FIELDS
    issued = issue_date(outcome_id)
    problems = field_problems(name, value, issued) if in_header else text_problems(value, issued)
    answer = Markup(  # rendered, hence already escaped
        render_template(
            "partials/field_errors.html", described=f"{shown_at}-errors", errors=[], field_problems=problems
        )
    )
    if in_header and htmx:
        # What was noted under the field at the last save no longer holds for the value being typed.
        answer += Markup('<div class="field-errors" id="{}" hx-swap-oob="true"></div>').format(
            escape(f"{shown_at}-notes")
        )
    return answer


def checked_name() -> str:
    """The field being checked: named by htmx (the whole form is posted), else the one field sent."""
    name = htmx.trigger_name or request.form.get("field")
    if not name:
        sent = [key for key in request.form if key != "csrf_token"]
        if len(sent) != 1:
            abort(400, "Say which field to check: post it alone, or name it in `field`.")
        name = sent[0]
    return name


def issue_date(outcome_id: int) -> date | None:
    """The date of issue a value is judged against: as typed in the header form, else as saved."""
    # A check runs on every pause in typing: the header form posts its date along with the field and
    # nothing is read; other forms cost one narrow read, which also answers 404 for no such outcome.
    typed = request.form.get("issue_date")
    if typed is not None:
        return read_day(typed)
    with unit_of_work() as uow:
        saved = uow.session.scalar(select(OutcomeRow.header).where(OutcomeRow.id == outcome_id))
    if saved is None:
        abort(404)
    return read_day(saved.get("issue_date") or "")


# ---------------------------------------------------------------------- problems


@dataclass(frozen=True)
class Listed:
    """A problem as the panel lists it, with the field it names and where its link goes."""

    problem: Problem
    where: str
    field_id: str
    href: str


def panel(draft: Draft) -> dict[str, object]:
    """The outcome's problems (with its agenda's, when it has one), then the open comments, as
    information: they block nothing."""
    with unit_of_work(reading=True) as uow:
        problems = services.outcome_problems(uow, draft) + review.open_comment_notes(uow, draft)
    counts = Counter(problem.severity for problem in problems)
    return {
        "problems": [listed(problem) for problem in problems],
        "counts": [(severity, counts.get(severity, 0)) for severity in Severity],
    }


def listed(problem: Problem) -> Listed:
    """The problem with its link: to the header field, or to the item's view and on to its field."""
    # An item's field exists only while the item is open for editing: the link names the item's view
    # anchor, which always exists, and the page's script goes on to the field when it is there.
    at = problem.location
    field_id = at.key().replace("/", "-")
    href = f"#{field_id}" if field_id else "#header"
    if at.item is not None:
        href = f"#item-{at.item}"
    return Listed(problem, at.describe(), field_id, href)


@blueprint.get("/outcomes/<int:outcome_id>/problems")
@requires(Action.READ)
def problems(outcome_id: int):
    draft = opened(outcome_id)
    if fragment_wanted():
        listed_panel = panel(draft)
        return render_template("partials/problems.html", outcome_id=outcome_id, panel=listed_panel)
    return page(draft)


# ---------------------------------------------------------------------- preview and export


@blueprint.get("/outcomes/<int:outcome_id>/preview")
@requires(Action.READ)
def preview(outcome_id: int):
    draft = opened(outcome_id)
    return page_or_fragment(
        "pages/preview.html",
        "partials/preview_document.html",
        draft=draft,
        outcome_id=outcome_id,
        document=preview_of(draft.outcome),
    )


@blueprint.post("/outcomes/<int:outcome_id>/export")
@requires(Action.EXPORT)
def export(outcome_id: int):
    """Export after a check: errors ask for confirmation first; the .docx downloads and is archived."""
    draft = opened(outcome_id)
    with unit_of_work(reading=True) as uow:
        errors = [problem for problem in services.outcome_problems(uow, draft) if problem.is_error]
    if errors and request.form.get("confirm") != "yes":
        return confirmation(draft, errors)
    try:
        with unit_of_work() as uow:
            exported, _ = services.export_outcome(uow, outcome_id, exports_folder(), by=person())
    except services.NotFound:
        abort(404)
    # Read back whole: the archived file stays as circulated and no handle is left open.
    data = exported.path.read_bytes()
    return send_file(
        BytesIO(data), mimetype=DOCX, as_attachment=True, download_name=Path(exported.filename).name
    )


def confirmation(draft: Draft, errors: list[Problem]):
    """Nothing exported yet: the errors, and the way to export anyway."""
    context = {"confirm_errors": [listed(problem) for problem in errors]}
    if fragment_wanted():
        return render_template("partials/export_confirm.html", outcome_id=draft.id, **context)
    return page(draft, 200, **context)
