"""The history of an outcome and of each item in the browser: who changed what and when, any two
versions compared word by word, and any earlier version restored as a new change (after asking)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from drafting import history, services
from drafting.domain.access import Action, allowed
from drafting.web import unit_of_work
from drafting.web.guard import person, requires

blueprint = Blueprint("history", __name__, url_prefix="/outcomes/<int:outcome_id>")

PAGE = "pages/history.html"
LARGEST_ID = 2**31 - 1
SIDES = ("after", "before")


# ---------------------------------------------------------------- reading what was asked


def change_number(name: str, required: bool = False) -> int | None:
    """A change id from the query string: missing is None (unless required), anything else is refused."""
    value = request.args.get(name, "").strip()
    if not value and not required:
        return None
    if not re.fullmatch(r"\d{1,30}", value):
        abort(400, description=f"“{name}” must name a change by its number (as the history lists them).")
    number = int(value)
    if number > LARGEST_ID:
        abort(404)
    return number


def posted_side() -> str:
    side = request.form.get("side", "after")
    if side not in SIDES:
        abort(400, description="The form could not be read. Reload the history and try again.")
    return side


# ---------------------------------------------------------------- the outcome


@blueprint.get("/history")
@requires(Action.READ)
def outcome(outcome_id: int):
    with unit_of_work() as uow:
        try:
            draft = services.open_draft(uow, outcome_id)
            changes = history.outcome_changes(uow, outcome_id)
            deleted = history.deleted_items(uow, outcome_id)
        except services.NotFound:
            abort(404)
    return render_template(
        PAGE,
        fragment="partials/history_outcome.html",
        draft=draft,
        outcome_id=outcome_id,
        changes=changes,
        deleted=deleted,
        present=set(draft.item_ids),
        can_restore=may_restore(draft),
    )


@blueprint.get("/history/diff")
@requires(Action.READ)
def outcome_diff(outcome_id: int):
    """Any change of the outcome that holds a text: the header, or an item's."""
    return diff_page(outcome_id, None)


@blueprint.post("/history/<int:change_id>/restore")
@requires(Action.EDIT)
def outcome_restore(outcome_id: int, change_id: int):
    return restore_answer(outcome_id, change_id, None)


# ---------------------------------------------------------------- one item


@blueprint.get("/items/<int:item_id>/history")
@requires(Action.READ)
def item(outcome_id: int, item_id: int):
    """Works for a deleted item too: its history is kept, with the way to bring it back."""
    with unit_of_work() as uow:
        try:
            changes, current, draft = history.item_versions(uow, outcome_id, item_id)
            brought_back = history.brought_back_as(uow, outcome_id, item_id)
        except services.NotFound:
            abort(404)
    versions = [(change, restorable(change, changes, current, brought_back is None)) for change in changes]
    first = history.timeline(changes)[:1]
    original = first[0] if first and first[0].content("before") not in (None, current) else None
    return render_template(
        PAGE,
        fragment="partials/history_item.html",
        draft=draft,
        outcome_id=outcome_id,
        item_id=item_id,
        index=draft.position_of(item_id),
        versions=versions,
        texts=[change for change in changes if change.carries_text],
        original=original,
        brought_back=brought_back,
        can_restore=may_restore(draft),
    )


def may_restore(draft) -> bool:
    """Whether to offer restoring at all; the gate checks again when the restore is posted."""
    return draft.status != "final" and bool(allowed(person(), Action.EDIT))


def restorable(change: history.Change, changes: list, current: dict | None, still_deleted: bool) -> bool:
    """Whether a row offers "Restore": a version that is not the text there now."""
    if not change.carries_text:
        return False
    if change.action == "delete":
        return current is None and still_deleted
    content = history.state_after(changes, change.id, current)
    return content is not None and content != current and (current is not None or still_deleted)


@blueprint.get("/items/<int:item_id>/history/diff")
@requires(Action.READ)
def item_diff(outcome_id: int, item_id: int):
    return diff_page(outcome_id, item_id)


@blueprint.post("/items/<int:item_id>/history/<int:change_id>/restore")
@requires(Action.EDIT)
def item_restore(outcome_id: int, item_id: int, change_id: int):
    return restore_answer(outcome_id, change_id, item_id)


# ---------------------------------------------------------------- shared by both


def diff_page(outcome_id: int, item_id: int | None):
    """Two versions word by word: `to` (default, for an item: its newest change of text) against
    `from` (default: just before `to`)."""
    to_id = change_number("to", required=item_id is None)
    from_id = change_number("from")
    with unit_of_work() as uow:
        try:
            draft = services.open_draft(uow, outcome_id)
            if to_id is None:
                texts = [c for c in history.item_changes(uow, outcome_id, item_id) if c.carries_text]
                if not texts:
                    flash(
                        "This item has not changed since the outcome was made: there is nothing to compare."
                    )
                    return redirect(url_for(".item", outcome_id=outcome_id, item_id=item_id), 303)
                to_id = texts[0].id
            comparison = history.compare(uow, outcome_id, to_id, from_id, item_id)
            to = history.change(uow, outcome_id, to_id)
        except (services.NotFound, history.NothingToRestore):
            abort(404)
    return render_template(
        PAGE,
        fragment="partials/history_diff.html",
        draft=draft,
        outcome_id=outcome_id,
        item_id=item_id,
        comparison=comparison,
        to=to,
        from_id=from_id,
        back=history_url(outcome_id, item_id if item_id is not None else to.item_id, to.unit),
    )


def restore_answer(outcome_id: int, change_id: int, item_id: int | None):
    """Asks first, showing what will change; restores when the drafter confirms."""
    side = posted_side()
    back = history_url(outcome_id, item_id, None)
    with unit_of_work() as uow:
        try:
            draft = services.open_draft(uow, outcome_id)
            wanted = history.target(uow, outcome_id, change_id, side=side, item_id=item_id)
            back = history_url(outcome_id, item_id or wanted.item_id, wanted.unit)
            if request.form.get("confirmed") != "yes":
                return render_template(
                    PAGE,
                    fragment="partials/history_confirm.html",
                    draft=draft,
                    outcome_id=outcome_id,
                    item_id=item_id,
                    wanted=wanted,
                    comparison=wanted.preview(),
                    side=side,
                    action=request.path,
                    back=back,
                )
            done = history.restore(uow, outcome_id, change_id, person(), side=side, item_id=item_id)
        except services.NotFound:
            abort(404)
        except history.NothingToRestore as nothing:
            flash(f"Nothing was restored: {nothing}.", "warning")
            return redirect(back, 303)
        except services.Conflict:
            flash("Someone changed the outcome meanwhile, so nothing was restored. Try again.", "warning")
            return redirect(back, 303)
    return redirect(restored_url(done), 303)


def restored_url(done: history.Restored) -> str:
    if done.item_id is None:
        flash("The header was restored from the history.")
        return url_for("editor.edit", outcome_id=done.draft.id, _anchor="header")
    index = done.draft.position_of(done.item_id)
    number = done.draft.outcome.items[index].number
    if done.unit == history.ORDER:
        flash(f"The deleted item is back, as item {number}.")
    else:
        flash(f"Item {number} was restored from the history.")
    return url_for("items.index", outcome_id=done.draft.id, _anchor=f"item-{index}")


def history_url(outcome_id: int, item_id: int | None, unit: str | None) -> str:
    if item_id is None or unit == history.HEADER:
        return url_for(".outcome", outcome_id=outcome_id)
    return url_for(".item", outcome_id=outcome_id, item_id=item_id)
