"""The JSON API: the outcomes for scripts, in the project's JSON format (docs/api.md).

It keeps no browser session and takes no CSRF token: a script sends JSON, and every answer is
JSON, errors included ({"error", "message"}).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, request, url_for

from drafting import services
from drafting.domain.access import Action
from drafting.domain.characters import UnholdableText
from drafting.domain.checks import check
from drafting.domain.model import Item, Outcome
from drafting.io import FormatError
from drafting.io.json_format import Fields, from_json, integer, item, to_json
from drafting.persistence.repository import Draft, Summary
from drafting.web import exports_folder, unit_of_work
from drafting.web.forms.outcomes import FilterForm
from drafting.web.guard import person, requires, visible_bodies
from drafting.web.outcomes import LARGEST_ID, in_utc

blueprint = Blueprint("api", __name__, url_prefix="/api")


class Refusal(Exception):
    """A request the API answers with an error status and a JSON explanation."""

    def __init__(self, status: int, error: str, message: str, **more: object):
        super().__init__(message)
        self.status, self.error, self.message, self.more = status, error, message, more


def answer(data: dict[str, Any], status: int = 200, location: str | None = None) -> Response:
    """JSON in the order it was built: an outcome's keys keep the format's fixed order (format, version …)."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    response = Response(text + "\n", status=status, mimetype="application/json")
    if location:
        response.headers["Location"] = location
    return response


@blueprint.errorhandler(Refusal)
def refused(refusal: Refusal):
    return answer({"error": refusal.error, "message": refusal.message, **refusal.more}, refusal.status)


@blueprint.errorhandler(FormatError)
def unreadable(error: FormatError):
    return answer({"error": "Bad request", "message": str(error)}, 400)


@blueprint.errorhandler(UnholdableText)
def unwritable(error: UnholdableText):
    return answer({"error": "Bad request", "message": f"the outcome cannot be written to Word: {error}"}, 400)


@blueprint.errorhandler(services.NotFound)
def not_found(error: services.NotFound):
    return answer({"error": "Not found", "message": str(error)}, 404)


@blueprint.errorhandler(services.Conflict)
def conflict(error: services.Conflict):
    current = representation(error.current) if error.current is not None else None
    message = f"{error}; nothing was saved. Send the change again against the current version."
    return answer({"error": "Conflict", "message": message, "current": current}, 409)


# ---------------------------------------------------------------- reading


@blueprint.get("/outcomes")
@requires(Action.READ)
def outcomes():
    form = FilterForm(formdata=request.args)
    if not form.validate():
        problems = [f"{name}: {message}" for name, messages in form.errors.items() for message in messages]
        raise Refusal(400, "Bad request", "; ".join(problems))
    with unit_of_work() as uow:
        summaries = services.list_outcomes(uow, services.Filters(**form.query(), bodies=visible_bodies()))
    return answer({"outcomes": [summary_json(summary) for summary in summaries]})


@blueprint.get("/outcomes/<int:outcome_id>")
@requires(Action.READ)
def outcome(outcome_id: int):
    with unit_of_work() as uow:
        return answer(representation(services.open_draft(uow, known(outcome_id))))


@blueprint.get("/outcomes/<int:outcome_id>/exports")
@requires(Action.READ)
def exports(outcome_id: int):
    with unit_of_work() as uow:
        archived = services.list_exports(uow, known(outcome_id), exports_folder())
    return answer({"exports": [export_json(outcome_id, export) for export in archived]})


@blueprint.get("/outcomes/<int:outcome_id>/exports/<int:number>")
@requires(Action.READ)
def download(outcome_id: int, number: int):
    from drafting.web.outcomes import archived_file

    return archived_file(outcome_id, number)


# ---------------------------------------------------------------- changing


@blueprint.post("/outcomes")
@requires(Action.CREATE)
def create():
    outcome = from_json(json_body())
    with unit_of_work() as uow:
        outcome_id = services.create_outcome(uow, outcome, by=person())
        draft = services.open_draft(uow, outcome_id)
    return answer(representation(draft), 201, url_for("api.outcome", outcome_id=outcome_id))


@blueprint.put("/outcomes/<int:outcome_id>/header")
@requires(Action.EDIT)
def header(outcome_id: int):
    envelope = Fields(json_body(), "")
    version = envelope.required("version", version_number)
    changed: Outcome = envelope.required("outcome", outcome_at)
    envelope.finish()
    with unit_of_work() as uow:
        return answer(
            representation(services.update_header(uow, known(outcome_id), version, changed, by=person()))
        )


@blueprint.put("/outcomes/<int:outcome_id>/items/<int:item_id>")
@requires(Action.EDIT)
def item_change(outcome_id: int, item_id: int):
    envelope = Fields(json_body(), "")
    version = envelope.required("version", version_number)
    changed: Item = envelope.required("item", item)
    envelope.finish()
    with unit_of_work() as uow:
        draft = services.update_item(uow, known(outcome_id), known(item_id), version, changed, by=person())
    return answer(representation(draft))


@blueprint.post("/outcomes/<int:outcome_id>/check")
@requires(Action.READ)
def problems(outcome_id: int):
    with unit_of_work() as uow:
        draft = services.open_draft(uow, known(outcome_id))
    found = check(draft.outcome)
    return answer(
        {
            "problems": [problem.to_dict() for problem in found],
            "error_count": sum(problem.is_error for problem in found),
        }
    )


@blueprint.post("/outcomes/<int:outcome_id>/export")
@requires(Action.EXPORT)
def export(outcome_id: int):
    with unit_of_work() as uow:
        record, _ = services.export_outcome(uow, known(outcome_id), exports_folder())
    made = export_json(outcome_id, record)
    return answer(made, 201, made["download_url"])


# ---------------------------------------------------------------- the JSON spoken


def representation(draft: Draft) -> dict[str, Any]:
    """An outcome as kept: its content and the versions a change must name."""
    return {
        "id": draft.id,
        "version": draft.version,
        "order_version": draft.order_version,
        "status": draft.status,
        "item_ids": list(draft.item_ids),
        "item_versions": list(draft.item_versions),
        "outcome": to_json(draft.outcome),
    }


def summary_json(summary: Summary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "document_number": summary.document_number,
        "body": summary.body,
        "subject": summary.subject,
        "meeting_date": summary.meeting_date.isoformat() if summary.meeting_date else None,
        "year": summary.year,
        "status": summary.status,
        "updated_at": instant(summary.updated_at),
        "url": url_for("api.outcome", outcome_id=summary.id),
        "editor_url": url_for("editor.edit", outcome_id=summary.id),
    }


def export_json(outcome_id: int, export: services.Export) -> dict[str, Any]:
    return {
        "number": export.number,
        "created_at": instant(export.created_at),
        "filename": export.filename.rsplit("/", 1)[-1],
        "size": export.size,
        "sha256": export.sha256,
        "problem_count": export.problem_count,
        "error_count": export.error_count,
        "download_url": url_for("api.download", outcome_id=outcome_id, number=export.number),
    }


def instant(moment: datetime | None) -> str | None:
    """An ISO time in UTC, whichever database kept it."""
    return in_utc(moment).isoformat() if moment is not None else None


# ---------------------------------------------------------------- reading requests


def known(value: int) -> int:
    """An id from the URL; beyond any row's id it is simply not there."""
    if value > LARGEST_ID:
        raise services.NotFound(f"there is nothing numbered {value}")
    return value


def json_body() -> object:
    """The request's JSON; 415 when it is not sent as JSON, 400 when it does not parse."""
    if not request.is_json:
        raise Refusal(
            415,
            "Unsupported media type",
            "send the body as JSON, with the header Content-Type: application/json",
        )
    data = request.get_data(cache=False)  # over MAX_CONTENT_LENGTH this is a 413
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise Refusal(
            400, "Bad request", f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from None
    except RecursionError:
        raise Refusal(400, "Bad request", "not JSON this API reads: it is nested too deeply") from None
    except ValueError as error:  # not UTF-8, or a number too long to read
        raise Refusal(400, "Bad request", f"not JSON: {error}") from None


def version_number(value: object, path: str) -> int:
    number = integer(value, path)
    if not 1 <= number <= LARGEST_ID:
        raise FormatError(f"{path}: a version counts from 1, found {number}")
    return number


def outcome_at(value: object, path: str) -> Outcome:
    """An outcome nested in a request, its errors named by their full JSON path."""
    try:
        return from_json(value)
    except FormatError as error:
        where, _, what = str(error).partition(": ")
        within = path if where == "document" else f"{path}.{where}"
        raise FormatError(f"{within}: {what}") from error
