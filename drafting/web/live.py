"""Working at the same time, in the browser: who else is in an outcome, what they edit, what changed.

The editor page (static/live.js) asks /live every second and says it is there every few seconds.
All of it is read from and written to the database (drafting.presence), so it holds however many
server processes share that database.

Every answer to a request that changed something names the changes it made (X-Change-Ids), so
the tab that made them leaves them out when they come back through /live, while the person's
other tabs bring them in like anyone else's.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, g, has_request_context, jsonify, redirect, request, url_for
from sqlalchemy import event
from sqlalchemy.orm import Session

from drafting import presence
from drafting.domain.access import Action, allowed
from drafting.persistence.tables import ChangeRow
from drafting.web import htmx, items, unit_of_work
from drafting.web.guard import asked_outcome, person, requires

blueprint = Blueprint("live", __name__, url_prefix="/outcomes/<int:outcome_id>")

LARGEST_ID = 2**31 - 1  # no row id is larger (PostgreSQL's INTEGER)
CHANGE_ID = re.compile(r"\d{1,12}")
ITEM_ID = re.compile(r"\d{1,10}")
CHANGE_IDS = "X-Change-Ids"
CLAIMED = "X-Claimed"
WRITTEN = "drafting.changes_written"  # the session's changes not yet committed


# ---------------------------------------------------------------------- the changes a request made


@event.listens_for(Session, "pending_to_persistent")
def change_written(session: Session, instance: object) -> None:
    if isinstance(instance, ChangeRow):
        session.info.setdefault(WRITTEN, []).append(instance.id)


@event.listens_for(Session, "after_commit")
def changes_kept(session: Session) -> None:
    written = session.info.pop(WRITTEN, None)
    if written and has_request_context():
        g.setdefault("changes_made", []).extend(written)


@event.listens_for(Session, "after_rollback")
def changes_dropped(session: Session) -> None:
    # Never handed out: on SQLite a rolled-back id may be given to someone else's change next.
    session.info.pop(WRITTEN, None)


@blueprint.after_app_request
def name_the_changes(response):
    made = g.get("changes_made")
    if made:
        response.headers[CHANGE_IDS] = ",".join(str(change_id) for change_id in sorted(made))
    return response


# ---------------------------------------------------------------------- routes


@blueprint.app_template_global()
def live_cursor(outcome_id: int) -> int:
    """The newest change a page being drawn already shows: its live updates start after it."""
    with unit_of_work(reading=True) as uow:
        return presence.latest_change(uow, outcome_id)


@blueprint.post("/presence")
@requires(Action.READ)
def heartbeat(outcome_id: int):
    """The page is open, editing the item named (or none), which it claims when nobody else holds it;
    X-Claimed says whether the item is the person's now. Reviewers are present too, but claim
    nothing: they cannot edit."""
    item_id = posted_item_id()
    claiming = item_id is not None and may_edit()
    with unit_of_work(reading=False) as uow:
        held = presence.heartbeat(uow, outcome_id, person(), item_id, claiming=claiming)
    return "", 204, {CLAIMED: "yes" if held else "no"} if item_id is not None else {}


def may_edit() -> bool:
    """May the person asking change the outcome's text now (their role, and the outcome not final)?"""
    found = asked_outcome()
    return found is not None and bool(allowed(person(), Action.EDIT, found[0], final=found[1] == "final"))


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
        return items.editing_form(outcome_id, item_id, claiming=True, take_over=take_over)
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
