"""The body of an outcome in the browser: items, sub-items, blocks, footnotes and decisions.

Each URL serves the whole page for a normal request and its fragment for htmx. Every change names
the version the drafter saw; a change against an older one is shown beside what is there now.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from werkzeug.datastructures import MultiDict

from drafting import conflicts, presence, services
from drafting.domain.access import Action
from drafting.domain.merge import compared, units
from drafting.domain.model import (
    DelegationList,
    FootnoteMark,
    Item,
    Numbering,
    ReferenceLink,
    Text,
    delegation_text,
    with_schengen_footnote,
)
from drafting.domain.phrasing import decision_sentence
from drafting.persistence.repository import Draft
from drafting.web import htmx, search, unit_of_work
from drafting.web.forms.item_content import decision_preview, item_formdata, item_of
from drafting.web.forms.item_rows import PREFIX, change_of, rebase, wants_change
from drafting.web.forms.items import BlockForm, ItemForm
from drafting.web.guard import person, requires

blueprint = Blueprint("items", __name__, url_prefix="/outcomes/<int:outcome_id>/items")

# No row id is larger (PostgreSQL's INTEGER); a larger one would overflow the database driver.
LARGEST_ID = 2**31 - 1
CHANGED = {"HX-Trigger": "outcome-changed"}
BLOCK = re.compile(r"items-\d{1,6}(?:-sub_items-\d{1,3})?-blocks-\d{1,3}")
FOOTNOTE_LABEL = re.compile(r"[0-9A-Za-z_-]{1,12}")


# ---------------------------------------------------------------- what the templates read


@blueprint.app_template_global()
def span_kind(span: object) -> str:
    """How a span is drawn: "text", "reference", "footnote" or "delegations"."""
    kinds = {
        Text: "text",
        ReferenceLink: "reference",
        FootnoteMark: "footnote",
        DelegationList: "delegations",
    }
    return kinds[type(span)]


blueprint.add_app_template_global(delegation_text, "delegation_text")
blueprint.add_app_template_global(decision_sentence, "decision_sentence")
blueprint.add_app_template_global(decision_preview, "decision_preview")


# ---------------------------------------------------------------- answers


def wants_fragment() -> bool:
    """An htmx swap gets the fragment; a boosted navigation or a history restore needs the whole page."""
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def answer(page: str, fragment: str, status: int = 200, changed: bool = False, **context: object):
    template = fragment if wants_fragment() else page
    return render_template(template, fragment=fragment, **context), status, CHANGED if changed else {}


def back_to_list(outcome_id: int, index: int | None, message: str | None):
    """After a change made without JavaScript: the body of the outcome, at the item."""
    if message:
        flash(message)
    anchor = f"item-{index}" if index is not None else None
    return redirect(url_for(".index", outcome_id=outcome_id, _anchor=anchor), 303), CHANGED


def opened(uow, outcome_id: int, to_change: bool = False) -> Draft:
    """The draft; `to_change` reads it under the lock the change will hold, so it is read only once."""
    if outcome_id > LARGEST_ID:
        abort(404)
    try:
        return services.locked_draft(uow, outcome_id) if to_change else services.open_draft(uow, outcome_id)
    except services.NotFound:
        abort(404)


def position(draft: Draft, item_id: int) -> int:
    index = draft.position_of(item_id)
    if index is None:
        abort(404)
    return index


def posted_number(name: str, data: MultiDict | None = None) -> int:
    value = (data if data is not None else request.form).get(name, "")
    if not re.fullmatch(r"-?\d{1,9}", value.strip()):
        abort(
            400,
            description="The form could not be read (a number is missing). Reload the page and try again.",
        )
    return int(value)


def list_answer(draft: Draft, status: int = 200, changed: bool = True, **context: object):
    return answer(
        "pages/items.html",
        "partials/items.html",
        status,
        changed,
        draft=draft,
        outcome_id=draft.id,
        **context,
    )


def order_conflict(conflict: services.Conflict):
    """Someone added, deleted or moved items meanwhile: nothing was done; the list as it is now."""
    if conflict.current is None:
        abort(404)
    changed = conflicts.LastChange(conflict.changed_by, conflict.changed_at)
    message = (
        "The items were added, deleted or moved by someone else meanwhile, so nothing was done. "
        f"{changed.sentence()} This is the list as it is now: do it again if it is still needed."
    )
    return list_answer(
        conflict.current,
        200 if wants_fragment() else 409,
        items_message=message,
        items_message_kind="warning",
    )


# ---------------------------------------------------------------- the list of items


@blueprint.get("")
@requires(Action.READ)
def index(outcome_id: int):
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
    return list_answer(draft, changed=False)


@blueprint.post("")
@requires(Action.EDIT)
def add(outcome_id: int):
    """A new, empty item at the end or at a position, opened for editing."""
    order_version = posted_number("order_version")
    wanted = request.form.get("position", "").strip()
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
        at = min(max(posted_number("position"), 0), len(draft.item_ids)) if wanted else len(draft.item_ids)
        before = draft.outcome.items[at - 1].number if at else 0
        try:
            draft, item_id = services.add_item(
                uow, outcome_id, order_version, Item(number=before + 1), at, by=person()
            )
        except services.Conflict as conflict:
            return order_conflict(conflict)
    index = position(draft, item_id)
    if not wants_fragment():
        return redirect(url_for(".edit", outcome_id=outcome_id, item_id=item_id), 303), CHANGED
    form = item_form(
        item_formdata(draft.outcome.items[index], f"items-{index}", draft.item_versions[index]), draft, index
    )
    editing = form_context(form, draft, index, form_focus=form.heading.id)
    message = f"Item {draft.outcome.items[index].number} added: type its heading."
    return list_answer(draft, editing_item=editing, items_message=message)


# ---------------------------------------------------------------- one item


@blueprint.get("/<int:item_id>")
@requires(Action.READ)
def view(outcome_id: int, item_id: int):
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
    index = position(draft, item_id)
    return answer("pages/item.html", "partials/item.html", **item_context(draft, index))


@blueprint.get("/<int:item_id>/edit")
@requires(Action.EDIT)
def edit(outcome_id: int, item_id: int):
    # A GET changes nothing (a link from elsewhere or a prefetch must not claim an item in the
    # person's name): the page's heartbeat, a POST, claims the item once the form is open.
    return editing_form(outcome_id, item_id)


def editing_form(outcome_id: int, item_id: int, claiming: bool = False, take_over: bool = False):
    """The item's edit form, or, when someone else is editing it, the question whether to take it over.

    `claiming` (posted requests only) claims the item in the same step, taking it over when asked to,
    so nobody can take it back in between (drafting.web.live)."""
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
        index = position(draft, item_id)
        other = None if claiming else presence.someone_else_editing(uow, outcome_id, item_id, person())
    held = (other.name, other.seen) if other is not None else None
    if claiming:
        with unit_of_work(reading=False) as uow:
            try:
                presence.claim(uow, outcome_id, item_id, person(), take_over=take_over)
            except presence.NotFound:
                abort(404)
            except presence.Claimed as refused:
                held = (refused.holder, refused.seen)
    if held is not None:
        holder, seen = held
        context = item_context(draft, index, holder=holder, holder_seen=seen)
        return answer("pages/item.html", "partials/item_claimed.html", **context)
    data = item_formdata(draft.outcome.items[index], f"items-{index}", draft.item_versions[index])
    form = item_form(data, draft, index)
    context = form_context(form, draft, index, form_focus=form.heading.id)
    return answer("pages/item.html", "partials/item_form.html", **context)


@blueprint.post("/<int:item_id>")
@requires(Action.EDIT)
def save(outcome_id: int, item_id: int):
    """Save the item as a whole, or change the form's rows without saving when a row button was pressed."""
    # "Use this wording" (drafting.web.search) appends a paragraph like the row buttons: nothing is saved.
    reusing = search.REUSE in request.form
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id, to_change=not (reusing or wants_change(request.form)))
        index = position(draft, item_id)
        prefix = f"items-{index}"
        posted = request.form.get("form_prefix", "")
        if not PREFIX.fullmatch(posted):
            abort(400, description="The form could not be read. Reload the item and try again.")
        data = rebase(request.form, posted, prefix)
        if reusing or wants_change(data):
            if reusing:
                change = search.reuse_wording(data, prefix, notes_before(draft, index))
            else:
                change = change_of(data, prefix, notes_before(draft, index))
            form = item_form(change.data, draft, index)
            context = form_context(form, draft, index, form_focus=change.focus, form_message=change.message)
            if "theirs" in request.form:  # a row changed while editing a merge: still beside theirs
                context |= merge_context(uow, draft, index, change.data)
            return answer("pages/item.html", "partials/item_form.html", **context)
        expected = posted_number(f"{prefix}-version", data)
        if request.form.get("resolve") == "mine":
            expected = posted_number("theirs")
        if request.form.get("resolve") == "merge":
            return merge_editor(uow, draft, index, data)
        form = item_form(data, draft, index)
        if not form.validate():
            context = form_context(
                form, draft, index, form_message="The item was not saved: see the messages below."
            )
            return answer(
                "pages/item.html", "partials/item_form.html", 200 if wants_fragment() else 400, **context
            )
        number = form.number.data if draft.outcome.numbering is Numbering.AGENDA else index + 1
        item, footnote_added = with_schengen_footnote(item_of(form, number), notes_before(draft, index))
        # Saved against an older version: merged with the changes made since when they touch other parts.
        stale = expected != draft.item_versions[index]
        base = conflicts.base_of(uow, outcome_id, item_id, expected) if stale else None
        meanwhile = conflicts.last_change(uow, outcome_id, "item", item_id) if stale else None
        # Saved, the item is free for the others: the claim goes in the same commit as the save.
        presence.let_go(uow, outcome_id, item_id, person())
        try:
            draft = services.update_item(uow, outcome_id, item_id, expected, item, by=person(), base=base)
        except services.Conflict as conflict:
            return item_conflict(conflict, item_id, data, prefix, item)
        except services.NotFound:
            abort(404)
    index = position(draft, item_id)
    saved = draft.outcome.items[index]
    notice = (
        "The standard footnote “Exceptionally in the presence of the Schengen Associated States.” "
        "was added to the heading, as the item is held in Mixed Committee format."
        if footnote_added
        else None
    )
    if meanwhile is not None:  # saved over a newer version: it was merged
        merged = f"{meanwhile.sentence()} Your changes were merged with theirs, which touched other parts."
        notice = f"{merged} {notice}" if notice else merged
    if not wants_fragment():
        return back_to_list(outcome_id, index, notice or f"Item {saved.number} saved.")
    context = item_context(draft, index, item_notice=notice, item_focus_edit=True)
    return answer("pages/item.html", "partials/item.html", changed=True, **context)


def item_conflict(conflict: services.Conflict, item_id: int, data: MultiDict, prefix: str, mine: Item):
    """Someone saved the same part of the item meanwhile: both versions side by side, nothing lost."""
    current = conflict.current
    index = current.position_of(item_id) if current is not None else None
    if current is None or index is None:
        abort(404)
    form = item_form(rebase(data, prefix, f"items-{index}"), current, index)
    changed = conflicts.LastChange(conflict.changed_by, conflict.changed_at)
    context = form_context(
        form,
        current,
        index,
        **conflict_context(current, index, mine, changed),
        form_message=f"This item was changed by someone else since you opened it. {changed.sentence()} "
        "Nothing of yours was saved: choose what to keep.",
    )
    return answer(
        "pages/item.html", "partials/item_form.html", 200 if wants_fragment() else 409, True, **context
    )


def merge_editor(uow, draft: Draft, index: int, data: MultiDict):
    """The drafter's version in the form, theirs beside it, to be edited into one and saved over theirs."""
    form = item_form(data, draft, index)
    context = form_context(
        form,
        draft,
        index,
        form_focus=form.heading.id,
        form_message="Edit your version into the one to keep, with theirs beside it; "
        "saving saves it over theirs.",
        **merge_context(uow, draft, index, data),
    )
    return answer("pages/item.html", "partials/item_form.html", **context)


def merge_context(uow, draft: Draft, index: int, data: MultiDict) -> dict[str, object]:
    """The conflict view's context while a merge is edited, against the item as saved now."""
    item_id = draft.item_ids[index]
    probe = item_form(data, draft, index)  # the typed version, when it reads as an item
    number = probe.number.data if draft.outcome.numbering is Numbering.AGENDA else index + 1
    mine = item_of(probe, number) if probe.validate() else None
    changed = conflicts.last_change(uow, draft.id, "item", item_id)
    return {**conflict_context(draft, index, mine, changed), "merging": True}


def conflict_context(
    current: Draft, index: int, mine: Item | None, changed: conflicts.LastChange
) -> dict[str, object]:
    """Theirs unit by unit, with what differs from the drafter's version marked, and who changed it."""
    theirs = current.outcome.items[index]
    their_units, my_units = units(theirs), units(mine) if mine is not None else None
    shown = [
        {
            "label": label,
            "title": title,
            "theirs": their,
            "mine": my,
            "differs": my_units is not None and my_units.get(label) != their_units.get(label),
        }
        for label, title, their, my in compared(mine if mine is not None else theirs, theirs)
    ]
    return {
        "conflict_item": theirs,
        "theirs_version": current.item_versions[index],
        "conflict_units": shown,
        "conflict_changed": changed,
    }


@blueprint.post("/<int:item_id>/delete")
@requires(Action.EDIT)
def delete(outcome_id: int, item_id: int):
    """Asks first; deletes when the drafter confirms."""
    order_version = posted_number("order_version")
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
        index = position(draft, item_id)
        if request.form.get("confirmed") != "yes":
            context = item_context(draft, index, order_version=order_version)
            return answer("pages/item.html", "partials/item_delete.html", **context)
        number = draft.outcome.items[index].number
        try:
            draft = services.delete_item(uow, outcome_id, item_id, order_version, by=person())
        except services.Conflict as conflict:
            return order_conflict(conflict)
    message = f"Item {number} was deleted."
    if not wants_fragment():
        return back_to_list(outcome_id, None, message)
    return list_answer(draft, items_message=message)


@blueprint.post("/<int:item_id>/move")
@requires(Action.EDIT)
def move(outcome_id: int, item_id: int):
    """To a position (0 first): the Move up / Move down buttons and drag and drop both post here."""
    order_version = posted_number("order_version")
    to = posted_number("to")
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
        was = position(draft, item_id)
        try:
            draft = services.move_item(uow, outcome_id, item_id, to, order_version, by=person())
        except services.Conflict as conflict:
            return order_conflict(conflict)
    index = position(draft, item_id)
    message = f"The item is now item {draft.outcome.items[index].number}."
    if not wants_fragment():
        return back_to_list(outcome_id, index, message)
    direction = "up" if index < was else "down"
    return list_answer(draft, items_message=message, moved_item=(item_id, direction))


@blueprint.post("/decision-sentence")
@requires(Action.EDIT)
def sentence(outcome_id: int):
    """The standard sentence of a decision being composed, as its choices change (nothing is saved)."""
    block = request.form.get("block", "")
    if not BLOCK.fullmatch(block):
        abort(400, description="The decision could not be read. Reload the item and try again.")
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
    form = BlockForm(formdata=request.form, prefix=block)
    preview = decision_preview(form, citing_year(draft))
    return render_template(
        "partials/decision_sentence.html", sentence_id=f"{block}-sentence", preview=preview
    )


# ---------------------------------------------------------------- building the form and its context


def item_form(data: MultiDict, draft: Draft, index: int) -> ItemForm:
    prefix = f"items-{index}"
    form = ItemForm(
        formdata=data,
        prefix=prefix,
        agenda_numbering=draft.outcome.numbering is Numbering.AGENDA,
        classification=draft.outcome.items[index].classification,
    )
    name_fields(form, prefix)
    return form


def name_fields(form: ItemForm, prefix: str) -> None:
    """Give the controls the ids the checks' locations name, so the problems panel can jump to them."""
    for rows in [form.blocks, *(sub.form.blocks for sub in form.sub_items)]:
        for row in rows:
            rename(row.form.text, row.id)  # a paragraph's location is its block
            for number, entry in enumerate(row.form.entries, start=1):
                entry.label.text = f"Entry {number}"
    labels = [(note.form.label.data or "").strip() for note in form.notes]
    for note, label in zip(form.notes, labels, strict=True):
        if FOOTNOTE_LABEL.fullmatch(label) and labels.count(label) == 1:
            rename(note.form.text, f"{prefix}-footnotes-{label}")


def rename(field, new_id: str) -> None:
    field.id = new_id
    field.label.field_id = new_id


def notes_before(draft: Draft, index: int) -> int:
    return sum(len(item.footnotes) for item in draft.outcome.items[:index])


def citing_year(draft: Draft) -> int | None:
    outcome = draft.outcome
    if outcome.issue_date:
        return outcome.issue_date.year
    return min(outcome.meeting_dates).year if outcome.meeting_dates else None


def item_context(draft: Draft, index: int, **extra: object) -> dict[str, object]:
    return {
        "draft": draft,
        "outcome_id": draft.id,
        "index": index,
        "item": draft.outcome.items[index],
        "item_id": draft.item_ids[index],
        **extra,
    }


def form_context(form: ItemForm, draft: Draft, index: int, **extra: object) -> dict[str, object]:
    return item_context(
        draft,
        index,
        form=form,
        form_prefix=f"items-{index}",
        agenda_numbering=draft.outcome.numbering is Numbering.AGENDA,
        citing_year=citing_year(draft),
        **extra,
    )
