"""Review in the browser: comment threads on items, review status, the outcome marked final or reopened.

Comment threads are htmx fragments swapped in place; without JavaScript every form posts to a page
and comes back by a 303 redirect with a message. Forms refused for their content keep what was typed.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from drafting import review, services
from drafting.domain.access import Action, allowed
from drafting.persistence.repository import Draft
from drafting.web import htmx, unit_of_work
from drafting.web.guard import person, refuse, requires
from drafting.web.items import item_context

blueprint = Blueprint("review", __name__)

ITEM = "/outcomes/<int:outcome_id>/items/<int:item_id>"
THREAD = "partials/comments.html"
THREAD_PAGE = "partials/review_comments_page.html"
REOPEN_PAGE = "partials/review_reopen_page.html"
CHANGED = {"HX-Trigger": "outcome-changed"}
NUMBER = re.compile(r"\d{1,9}")


def wants_fragment() -> bool:
    """An htmx swap gets the fragment; a boosted navigation or a history restore needs the whole page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


# ---------------------------------------------------------------------- what the templates ask


@blueprint.app_template_global()
def may(action: str) -> bool:
    """May the person asking do this kind of thing at all (their role)? The gate checks the rest."""
    who = g.get("person")
    return who is not None and bool(allowed(who, Action(action)))


@blueprint.app_template_global()
def review_moves(current: str) -> list[str]:
    """The review statuses the person asking may move an item in `current` to."""
    who = g.get("person")
    return review.moves(who, current) if who is not None else []


@blueprint.app_template_global()
def open_comment_count(outcome_id: int, item_id: int) -> int:
    """Open threads on the item; read once per request for the whole outcome."""
    counts = g.setdefault("open_comment_counts", {})
    if outcome_id not in counts:
        with unit_of_work(reading=True) as uow:
            counts[outcome_id] = review.open_counts(uow, outcome_id)
    return counts[outcome_id].get(item_id, 0)


@blueprint.app_template_filter("mention_parts")
def mention_parts(text: str, mentions: tuple[str, ...]) -> list[dict[str, str]]:
    """The text cut around the @names of people who exist, for the template to highlight (and escape)."""
    known, parts, last = set(mentions), [], 0
    for found in review.MENTION.finditer(text):
        written = found.group(1)
        name = written.rstrip(".-_")
        if name.lower() not in known:
            continue
        parts.append({"text": text[last : found.start()]})
        parts.append({"name": name, "after": written[len(name) :]})
        last = found.end()
    parts.append({"text": text[last:]})
    return parts


# ---------------------------------------------------------------------- comments


@blueprint.get(f"{ITEM}/comments")
@requires(Action.READ)
def thread(outcome_id: int, item_id: int):
    return thread_answer(outcome_id, item_id)


@blueprint.post(f"{ITEM}/comments")
@requires(Action.COMMENT)
def comment(outcome_id: int, item_id: int):
    text = request.form.get("text", "")
    parent = request.form.get("parent_id", "").strip()
    if parent and not NUMBER.fullmatch(parent):
        abort(400, description="The reply could not be read. Reload the comments and try again.")
    parent_id = int(parent) if parent else None
    try:
        with unit_of_work() as uow:
            added = review.add_comment(uow, outcome_id, item_id, text, person(), parent_id=parent_id)
    except review.Unreadable as error:
        typed = {"text": text, "parent_id": parent_id, "error": f"Not saved: {error}."}
        return thread_answer(outcome_id, item_id, 200 if wants_fragment() else 400, typed=typed)
    except services.NotFound:
        abort(404)
    message = "Reply added." if parent_id else "Comment added."
    if added.unknown:
        nobody = ", ".join(f"@{name}" for name in added.unknown)
        message += f" Nobody is called {nobody}: no one was told of it."
    return changed(outcome_id, item_id, message)


@blueprint.post(f"{ITEM}/comments/<int:comment_id>/resolve")
@requires(Action.COMMENT)
def resolve(outcome_id: int, item_id: int, comment_id: int):
    return settle(outcome_id, item_id, comment_id, review.resolve, "Thread resolved.")


@blueprint.post(f"{ITEM}/comments/<int:comment_id>/reopen")
@requires(Action.COMMENT)
def reopen_thread(outcome_id: int, item_id: int, comment_id: int):
    return settle(outcome_id, item_id, comment_id, review.reopen_thread, "Thread reopened.")


def settle(outcome_id: int, item_id: int, comment_id: int, change, message: str):
    try:
        with unit_of_work() as uow:
            change(uow, outcome_id, comment_id, person(), item_id=item_id)
    except services.NotFound:
        abort(404)
    return changed(outcome_id, item_id, message)


def changed(outcome_id: int, item_id: int, message: str):
    """After a change to the comments: the thread in place for htmx, else back to its page."""
    g.pop("open_comment_counts", None)
    if wants_fragment():
        body, status = thread_answer(outcome_id, item_id, notice=message)
        return body, status, CHANGED
    flash(message, "info")
    return redirect(url_for(".thread", outcome_id=outcome_id, item_id=item_id), 303)


def thread_answer(outcome_id: int, item_id: int, status: int = 200, **context: object):
    with unit_of_work(reading=True) as uow:
        draft = opened(uow, outcome_id)
        index = position(draft, item_id)
        threads = review.comments(uow, outcome_id, item_id)
    template = THREAD if wants_fragment() else THREAD_PAGE
    open_count = sum(not one.resolved for one in threads)
    return render_template(
        template,
        threads=threads,
        open_count=open_count,
        typed=context.pop("typed", None),
        thread_fragment=template == THREAD,
        **item_context(draft, index),
        **context,
    ), status


# ---------------------------------------------------------------------- review status


@blueprint.post(f"{ITEM}/review")
@requires(Action.COMMENT)  # drafters and reviewers alike; set_review applies the role rules
def set_review(outcome_id: int, item_id: int):
    status = request.form.get("status", "")
    version = request.form.get("version", "").strip()
    if status not in review.REVIEW_STATUSES or (version and not NUMBER.fullmatch(version)):
        abort(400, description="The review status could not be read. Reload the page and try again.")
    try:
        with unit_of_work() as uow:
            draft = review.set_review(
                uow, outcome_id, item_id, status, person(), expected_version=int(version) if version else None
            )
    except services.NotFound:
        abort(404)
    except services.Refused as refusal:
        return refused_in_place(outcome_id, item_id, f"Not allowed: {refusal}.")
    except services.Conflict as conflict:
        if conflict.current is None:
            abort(404)
        return item_answer(conflict.current, item_id, f"Nothing was done: {conflict}.", 409)
    words = {"drafting": "back in drafting", "ready": "ready for review", "cleared": "cleared"}
    number = draft.outcome.items[position(draft, item_id)].number
    return item_answer(draft, item_id, f"Item {number} is {words[status]}.", changed=True)


def refused_in_place(outcome_id: int, item_id: int, message: str):
    """A refusal said beside the item for htmx (which swaps no 4xx), else the 403 page."""
    if not wants_fragment():
        return refuse(message.removeprefix("Not allowed: ").rstrip("."))
    with unit_of_work(reading=True) as uow:
        draft = opened(uow, outcome_id)
    return item_answer(draft, item_id, message, 403)


def item_answer(draft: Draft, item_id: int, message: str, status: int = 200, changed: bool = False):
    index = position(draft, item_id)
    if wants_fragment():
        context = item_context(draft, index, item_notice=message)
        return render_template("partials/item.html", **context), 200, CHANGED if changed else {}
    flash(message, "info" if status == 200 else "error")
    target = url_for("editor.edit", outcome_id=draft.id, _anchor=f"item-{index}")
    return redirect(target, 303)


# ---------------------------------------------------------------------- final and reopened


@blueprint.post("/outcomes/<int:outcome_id>/final")
@requires(Action.FINALIZE)
def final(outcome_id: int):
    try:
        with unit_of_work() as uow:
            review.mark_final(uow, outcome_id, person())
    except services.NotFound:
        abort(404)
    except services.Refused as refusal:
        flash(
            f"Not marked final: {str(refusal).removeprefix('the outcome cannot be marked final yet: ')}.",
            "error",
        )
    else:
        flash("The outcome is final: it is read-only until an admin reopens it.", "info")
    return redirect(url_for("editor.edit", outcome_id=outcome_id), 303)


@blueprint.post("/outcomes/<int:outcome_id>/reopen")
@requires(Action.REOPEN)
def reopen(outcome_id: int):
    reason = request.form.get("reason", "")
    try:
        with unit_of_work() as uow:
            review.reopen(uow, outcome_id, person(), reason)
    except services.NotFound:
        abort(404)
    except review.Unreadable as error:
        return reopen_form(outcome_id, reason, f"Not reopened: {error}.", 400)
    except services.Refused as refusal:
        return reopen_form(outcome_id, reason, f"Not reopened: {refusal}.", 409)
    flash("The outcome is a draft again; the reason is kept in its history.", "info")
    return redirect(url_for("editor.edit", outcome_id=outcome_id), 303)


def reopen_form(outcome_id: int, reason: str, error: str, status: int):
    with unit_of_work(reading=True) as uow:
        draft = opened(uow, outcome_id)
    page = render_template(REOPEN_PAGE, draft=draft, outcome_id=outcome_id, reason=reason, error=error)
    # The form is posted by a boosted navigation, and htmx swaps no 4xx: it gets the page as a 200.
    return page, 200 if htmx else status


# ---------------------------------------------------------------------- reading


def opened(uow, outcome_id: int) -> Draft:
    try:
        return services.open_draft(uow, outcome_id)
    except services.NotFound:
        abort(404)


def position(draft: Draft, item_id: int) -> int:
    index = draft.position_of(item_id)
    if index is None:
        abort(404)
    return index
