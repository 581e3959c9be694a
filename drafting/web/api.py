"""The JSON API: the outcomes for scripts, in the project's JSON format (docs/api.md).

It keeps no browser session and takes no CSRF token: a script sends JSON, and every answer is
JSON, errors included ({"error", "message"}).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from flask import Blueprint, Response, request, url_for

from drafting import services
from drafting.conflicts import last_change
from drafting.domain.access import Action
from drafting.domain.characters import UnholdableText
from drafting.domain.merge import versions
from drafting.domain.model import Item, Outcome
from drafting.io import FormatError
from drafting.io.json_format import Fields, from_json, integer, item, item_json, to_json
from drafting.persistence.repository import Draft, Summary, header_json
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


class Stale(Exception):
    """A change whose If-Match names a version that is no longer current: 412 with what is there now."""

    def __init__(self, message: str, current: dict[str, Any], etag: str, changed: dict[str, Any]):
        super().__init__(message)
        self.current, self.etag, self.changed = current, etag, changed


def answer(
    data: dict[str, Any], status: int = 200, location: str | None = None, etag: str | None = None
) -> Response:
    """JSON in the order it was built: an outcome's keys keep the format's fixed order (format, version …)."""
    text = json.dumps(data, ensure_ascii=False, indent=None, separators=(",", ":"))
    response = Response(text + "\n", status=status, mimetype="application/json")
    if location:
        response.headers["Location"] = location
    if etag:
        response.set_etag(etag)
    return response


def tagged(data: dict[str, Any], etag: str) -> Response:
    """A representation with its ETag; 304 and no body when the reader already holds it (If-None-Match)."""
    if request.method == "GET" and request.if_none_match.contains_weak(etag):
        response = Response(status=304)
        response.set_etag(etag)
        return response
    return answer(data, etag=etag)


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
    changed = {"changed_by": error.changed_by, "changed_at": instant(error.changed_at)}
    return answer({"error": "Conflict", "message": message, **changed, "current": current}, 409)


@blueprint.errorhandler(Stale)
def stale(error: Stale):
    message = (
        f"{error}; nothing was saved. `current` is what is there now, its ETag in the ETag header: "
        "redo the change on it and send it again with If-Match naming that ETag."
    )
    body = {"error": "Precondition failed", "message": message, **error.changed, "current": error.current}
    return answer(body, 412, etag=error.etag)


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
        draft = services.open_draft(uow, known(outcome_id))
    return tagged(representation(draft), outcome_tag(draft))


@blueprint.get("/outcomes/<int:outcome_id>/header")
@requires(Action.READ)
def header_read(outcome_id: int):
    with unit_of_work() as uow:
        draft = services.open_draft(uow, known(outcome_id))
    return tagged(header_representation(draft), header_tag(draft))


@blueprint.get("/outcomes/<int:outcome_id>/items/<int:item_id>")
@requires(Action.READ)
def item_read(outcome_id: int, item_id: int):
    with unit_of_work() as uow:
        draft = services.open_draft(uow, known(outcome_id))
    index = item_index(draft, item_id)
    return tagged(item_representation(draft, index), item_tag(draft, index))


@blueprint.get("/outcomes/<int:outcome_id>/order")
@requires(Action.READ)
def order(outcome_id: int):
    with unit_of_work() as uow:
        draft = services.open_draft(uow, known(outcome_id))
    # No 304 here: the numbers and versions listed change without the order's ETag changing.
    return answer(order_representation(draft), etag=order_tag(draft))


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
    required_if_match("header")
    envelope = Fields(json_body(), "")
    version = envelope.optional("version", version_number, None)
    changed: Outcome = envelope.required("outcome", outcome_at)
    envelope.finish()
    with unit_of_work() as uow:
        draft = services.locked_draft(uow, known(outcome_id))
        unstale(uow, draft, "header", header_tag(draft), draft.version, version, header_representation)
        with stale_as_412("header", header_representation):
            saved = services.update_header(uow, outcome_id, draft.version, changed, by=person())
    return answer(representation(saved), etag=header_tag(saved))


@blueprint.put("/outcomes/<int:outcome_id>/items/<int:item_id>")
@requires(Action.EDIT)
def item_change(outcome_id: int, item_id: int):
    required_if_match(f"item {item_id}")
    envelope = Fields(json_body(), "")
    version = envelope.optional("version", version_number, None)
    changed: Item = envelope.required("item", item)
    envelope.finish()
    with unit_of_work() as uow:
        draft = services.locked_draft(uow, known(outcome_id))
        index = item_index(draft, item_id)

        def now(draft: Draft) -> dict[str, Any]:
            return item_representation(draft, item_index(draft, item_id))

        current = draft.item_versions[index]
        unstale(uow, draft, "item", item_tag(draft, index), current, version, now, item_id)
        with stale_as_412("item", now, item_id):
            draft = services.update_item(uow, outcome_id, item_id, current, changed, by=person())
    return answer(representation(draft), etag=item_tag(draft, item_index(draft, item_id)))


@blueprint.post("/outcomes/<int:outcome_id>/items")
@requires(Action.EDIT)
def item_add(outcome_id: int):
    required_if_match("the order of items")
    envelope = Fields(json_body(), "")
    new: Item = envelope.required("item", item)
    at = envelope.optional("position", place, None)
    envelope.finish()
    with unit_of_work() as uow:
        draft = services.locked_draft(uow, known(outcome_id))
        unstale(uow, draft, "order", order_tag(draft), draft.order_version, None, order_representation)
        with stale_as_412("order", order_representation):
            draft, item_id = services.add_item(uow, outcome_id, draft.order_version, new, at, by=person())
    index = item_index(draft, item_id)
    return answer(
        item_representation(draft, index),
        201,
        url_for("api.item_read", outcome_id=outcome_id, item_id=item_id),
        etag=item_tag(draft, index),
    )


@blueprint.post("/outcomes/<int:outcome_id>/items/<int:item_id>/move")
@requires(Action.EDIT)
def item_move(outcome_id: int, item_id: int):
    required_if_match("the order of items")
    envelope = Fields(json_body(), "")
    to = envelope.required("to", place)
    envelope.finish()
    with unit_of_work() as uow:
        draft = services.locked_draft(uow, known(outcome_id))
        item_index(draft, item_id)
        unstale(uow, draft, "order", order_tag(draft), draft.order_version, None, order_representation)
        with stale_as_412("order", order_representation):
            draft = services.move_item(uow, outcome_id, item_id, to, draft.order_version, by=person())
    return answer(order_representation(draft), etag=order_tag(draft))


@blueprint.delete("/outcomes/<int:outcome_id>/items/<int:item_id>")
@requires(Action.EDIT)
def item_delete(outcome_id: int, item_id: int):
    required_if_match("the order of items")
    with unit_of_work() as uow:
        draft = services.locked_draft(uow, known(outcome_id))
        item_index(draft, item_id)
        unstale(uow, draft, "order", order_tag(draft), draft.order_version, None, order_representation)
        with stale_as_412("order", order_representation):
            services.delete_item(uow, outcome_id, item_id, draft.order_version, by=person())
    return Response(status=204)


@blueprint.post("/outcomes/<int:outcome_id>/check")
@requires(Action.READ)
def problems(outcome_id: int):
    # Only read, though posted: the checks run without holding the write lock.
    with unit_of_work(reading=True) as uow:
        draft = services.open_draft(uow, known(outcome_id))
        found = services.outcome_problems(uow, draft)
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
        record, _ = services.export_outcome(uow, known(outcome_id), exports_folder(), by=person())
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


def header_representation(draft: Draft) -> dict[str, Any]:
    """The header alone: every field of the outcome but its items."""
    return {"id": draft.id, "version": draft.version, "outcome": header_json(draft.outcome)}


def item_representation(draft: Draft, index: int) -> dict[str, Any]:
    """One item, with the fingerprint of each of its units (which parts changed between two reads)."""
    kept = draft.outcome.items[index]
    return {
        "id": draft.item_ids[index],
        "outcome_id": draft.id,
        "position": index,
        "version": draft.item_versions[index],
        "units": versions(kept),
        "item": item_json(kept),
    }


def order_representation(draft: Draft) -> dict[str, Any]:
    """Which items there are, in their order."""
    return {
        "id": draft.id,
        "order_version": draft.order_version,
        "items": [
            {"id": item_id, "number": kept.number, "version": version}
            for item_id, kept, version in zip(
                draft.item_ids, draft.outcome.items, draft.item_versions, strict=True
            )
        ],
    }


# ---------------------------------------------------------------- entity tags and preconditions


def outcome_tag(draft: Draft) -> str:
    """Changes with every version the outcome's representation is built from (and its status)."""
    parts = [draft.version, draft.order_version, draft.status, draft.item_ids, draft.item_versions]
    digest = hashlib.sha256(json.dumps([*parts, draft.item_reviews]).encode()).hexdigest()[:20]
    return f"outcome-{draft.id}-{digest}"


def header_tag(draft: Draft) -> str:
    return f"header-{draft.version}"


def item_tag(draft: Draft, index: int) -> str:
    return f"item-{draft.item_ids[index]}-{draft.item_versions[index]}"


def order_tag(draft: Draft) -> str:
    return f"order-{draft.order_version}"


def required_if_match(what: str) -> None:
    """A change must name what it was made against: 428 when it names nothing."""
    if not request.headers.get("If-Match", "").strip():
        raise Refusal(
            428,
            "Precondition required",
            f"send If-Match with the ETag of {what} as you read it (GET it: the ETag header), "
            "so that a change made meanwhile by someone else is not overwritten",
        )


def unstale(
    uow,
    draft: Draft,
    unit: str,
    etag: str,
    current: int,
    named: int | None,
    now: Callable[[Draft], dict[str, Any]],
    item_id: int | None = None,
) -> None:
    """412 unless If-Match names the current ETag (or "*"), and a version in the body, if any, agrees."""
    if request.if_match.contains(etag) and named in (None, current):
        return
    which = "If-Match" if not request.if_match.contains(etag) else f"the body's version {named}"
    last = last_change(uow, draft.id, unit, item_id)
    raise Stale(
        f"{which} does not name the current version ({etag}): it was changed since",
        now(draft),
        etag,
        {"changed_by": last.by, "changed_at": instant(last.at)},
    )


@contextmanager
def stale_as_412(unit: str, now: Callable[[Draft], dict[str, Any]], item_id: int | None = None):
    """A Conflict from the service (the version moved on after the check) answered like If-Match's 412."""
    try:
        yield
    except services.Conflict as error:
        draft = error.current
        if draft is None:
            raise
        tags = {"header": header_tag, "order": order_tag}
        tag = tags[unit](draft) if unit in tags else item_tag(draft, item_index(draft, item_id or 0))
        changed = {"changed_by": error.changed_by, "changed_at": instant(error.changed_at)}
        raise Stale(str(error), now(draft), tag, changed) from error


def item_index(draft: Draft, item_id: int) -> int:
    index = draft.position_of(item_id)
    if index is None:
        raise services.NotFound(f"there is no item {item_id} in outcome {draft.id}")
    return index


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
        "final": export.final,
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


def place(value: object, path: str) -> int:
    """A place in the list of items, 0 first; beyond the end means at the end."""
    number = integer(value, path)
    if not 0 <= number <= LARGEST_ID:
        raise FormatError(f"{path}: a place counts from 0 (the first item), found {number}")
    return number


def outcome_at(value: object, path: str) -> Outcome:
    """An outcome nested in a request, its errors named by their full JSON path."""
    try:
        return from_json(value)
    except FormatError as error:
        where, _, what = str(error).partition(": ")
        within = path if where == "document" else f"{path}.{where}"
        raise FormatError(f"{within}: {what}") from error
