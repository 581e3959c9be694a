"""Working at the same time, in the browser: who else is in an outcome, what they edit, what changed.

The editor page (static/live.js) asks /live every second and says it is there every few seconds.
All of it is read from and written to the database (drafting.presence), so it holds however many
server processes share that database.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, jsonify, redirect, request, url_for

from drafting import presence
from drafting.domain.access import Action
from drafting.web import htmx, items, unit_of_work
from drafting.web.guard import person, requires

blueprint = Blueprint("live", __name__, url_prefix="/outcomes/<int:outcome_id>")

LARGEST_ID = 2**31 - 1  # no row id is larger (PostgreSQL's INTEGER)
CHANGE_ID = re.compile(r"\d{1,12}")
ITEM_ID = re.compile(r"\d{1,10}")


@blueprint.app_template_global()
def live_cursor(outcome_id: int) -> int:
    """The newest change a page being drawn already shows: its live updates start after it."""
    with unit_of_work(reading=True) as uow:
        return presence.latest_change(uow, outcome_id)


@blueprint.post("/presence")
@requires(Action.READ)
def heartbeat(outcome_id: int):
    """The page is open, editing the item named (or none). Reviewers are present too."""
    item_id = posted_item_id()
    with unit_of_work(reading=False) as uow:
        presence.heartbeat(uow, outcome_id, person(), item_id)
    return "", 204


@blueprint.post("/leave")
@requires(Action.READ)
def leave(outcome_id: int):
    """The page was closed or left: the person is gone from the others' view at once."""
    with unit_of_work(reading=False) as uow:
        presence.leave(uow, outcome_id, person())
    return "", 204


@blueprint.get("/live")
@requires(Action.READ)
def poll(outcome_id: int):
    """Who is here, what is claimed, and the changes after `since` (a change id), as JSON."""
    raw = request.args.get("since", "0").strip()
    if not CHANGE_ID.fullmatch(raw):
        return jsonify(
            error="Bad request", message="since must be a change id: a whole number, 0 or more."
        ), 400
    since = min(int(raw), LARGEST_ID)
    me = person()
    with unit_of_work(reading=True) as uow:
        here = presence.who_is_here(uow, outcome_id)
        held = presence.claims(uow, outcome_id)
        changes, newest = presence.changes_since(uow, outcome_id, since)
    return jsonify(
        since=newest,
        you=me.name,
        people=[
            {"name": someone.name, "item_id": someone.item_id, "item_number": someone.item_number}
            for someone in here
            if someone.user_id != me.id
        ],
        claims=[
            {"item_id": claim.item_id, "name": claim.name, "until": claim.until.isoformat()} for claim in held
        ],
        changes=[
            {
                "id": change.id,
                "unit": change.unit,
                "item_id": change.item_id,
                "action": change.action,
                "by": change.by,
            }
            for change in changes
        ],
    )


@blueprint.post("/items/<int:item_id>/claim")
@requires(Action.EDIT)
def claim(outcome_id: int, item_id: int):
    """Open the item for editing; with take_over=yes, even though someone else is editing it
    (asked first: the edit page shows who, and since when)."""
    take_over = request.form.get("take_over") == "yes"
    if htmx and not htmx.boosted:
        # Claimed and answered in one step: nobody can take it back in between.
        return items.editing_form(outcome_id, item_id, take_over=take_over)
    with unit_of_work(reading=False) as uow:
        try:
            presence.claim(uow, outcome_id, item_id, person(), take_over=take_over)
        except presence.NotFound:
            abort(404)
        except presence.Claimed:
            pass  # not taken over: the edit page asks again, naming who holds it
    return redirect(url_for("items.edit", outcome_id=outcome_id, item_id=item_id), 303)


def posted_item_id() -> int | None:
    raw = request.form.get("item_id", "").strip()
    if not raw:
        return None
    if not ITEM_ID.fullmatch(raw) or int(raw) > LARGEST_ID:
        abort(400, description="The item could not be read. Reload the page.")
    return int(raw)
