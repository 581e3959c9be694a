"""The history of an outcome: every change kept, any two versions compared, any version restored.

Nothing is read back from the history into the outcome silently: a restore is a new change, made
through the same use cases as any edit, and recorded as "restore". A version of a unit (the header,
or one item) is what it held after a change; the text before the first change recorded is the
"before" of that change. A deleted item keeps its content in its delete change, and comes back
from there under a new id: a "restore" change on the old id, written just before the new item's
own, links the two (the outcome is locked meanwhile, so nothing comes between them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from drafting import services
from drafting.domain.access import Person
from drafting.domain.diff import Piece, header_text, item_text, word_diff
from drafting.domain.model import Item, Outcome
from drafting.io import FormatError, json_format
from drafting.persistence.repository import Draft, header_json
from drafting.persistence.tables import ChangeRow
from drafting.persistence.unit_of_work import UnitOfWork

HEADER = "header"
ITEM = "item"
ORDER = "order"
RESTORE = "restore"


class NothingToRestore(ValueError):
    """The version asked for cannot be brought back (it is the one there now, or it holds nothing)."""


@dataclass(frozen=True)
class Change:
    """One change as the history shows it."""

    id: int
    unit: str  # header | item | order | outcome | comment | review …
    action: str  # edit | add | delete | move | renumber | restore | create …
    item_id: int | None
    version: int | None
    before: dict | None
    after: dict | None
    by: str  # the person's name; "the system" for changes made from the command line
    at: datetime

    @property
    def carries_text(self) -> bool:
        """A change that holds a version of a text (a move or a comment holds none)."""
        if self.unit in (HEADER, ITEM):
            return isinstance(self.after, dict) or isinstance(self.before, dict)
        if self.unit == ORDER and self.action in ("add", "delete", RESTORE):
            return self.item_json("after") is not None or self.item_json("before") is not None
        return False

    def item_json(self, side: str) -> dict | None:
        """The item's JSON on one side of an add or delete ({"position", "item" …})."""
        data = self.before if side == "before" else self.after
        if isinstance(data, dict) and isinstance(data.get("item"), dict):
            return data["item"]
        return None

    def content(self, side: str) -> dict | None:
        """The unit's JSON before or after this change; None when the item was not there."""
        if self.unit in (HEADER, ITEM):
            data = self.before if side == "before" else self.after
            return data if isinstance(data, dict) else None
        return self.item_json(side)

    @property
    def position(self) -> int | None:
        """Where an item was added, deleted or moved to (0 first)."""
        for data in (self.after, self.before):
            if isinstance(data, dict) and isinstance(data.get("position"), int):
                return data["position"]
        return None

    @property
    def item_number(self) -> int | None:
        for side in ("after", "before"):
            data = self.content(side) if self.unit != HEADER else None
            if data is not None and isinstance(data.get("number"), int):
                return data["number"]
        return None

    @property
    def summary(self) -> str:
        """What happened, in a few words: "Item 3 edited", "Header edited", "Item 2 deleted"."""
        number = self.item_number
        name = f"Item {number}" if number is not None else "An item"
        if self.unit == ORDER and self.action == "move":
            moved = self.before if isinstance(self.before, dict) else {}
            return (
                f"An item moved from place {moved.get('position', 0) + 1} to place {(self.position or 0) + 1}"
            )
        if self.unit == ORDER and self.action == RESTORE and self.content("after") is None:
            return "A deleted item brought back (it follows as a new item)"
        if self.unit == "outcome":
            return f"Outcome: {self.action}"
        what = {
            (HEADER, "edit"): "Header edited",
            (HEADER, RESTORE): "Header restored from an earlier version",
            (ITEM, "edit"): f"{name} edited",
            (ITEM, "renumber"): f"{name} renumbered",
            (ITEM, RESTORE): f"{name} restored from an earlier version",
            (ORDER, "add"): f"{name} added",
            (ORDER, "delete"): f"{name} deleted",
            (ORDER, RESTORE): f"{name} brought back from the history",
        }
        if (self.unit, self.action) in what:
            return what[(self.unit, self.action)]
        return f"{self.unit.capitalize()}: {self.action}"


@dataclass(frozen=True)
class Deleted:
    """An item taken out of the outcome and not brought back yet."""

    item_id: int
    change: Change  # its delete
    item: Item


@dataclass(frozen=True)
class Comparison:
    """Two versions of one unit side by side, word by word."""

    old_label: str
    new_label: str
    old_text: str
    new_text: str
    pieces: list[Piece]


@dataclass(frozen=True)
class Restored:
    draft: Draft
    unit: str
    item_id: int | None  # the item as it is now (a new id for a deleted item brought back)


# ---------------------------------------------------------------------- reading


def outcome_changes(uow: UnitOfWork, outcome_id: int) -> list[Change]:
    """Every change of the outcome, newest first."""
    services.open_draft(uow, outcome_id)
    return changes_where(uow, ChangeRow.outcome_id == outcome_id)


def change(uow: UnitOfWork, outcome_id: int, change_id: int) -> Change:
    found = changes_where(uow, ChangeRow.outcome_id == outcome_id, ChangeRow.id == change_id)
    if not found:
        raise services.NotFound(f"outcome {outcome_id} has no change {change_id}")
    return found[0]


def item_changes(uow: UnitOfWork, outcome_id: int, item_id: int) -> list[Change]:
    """The changes of one item, newest first, and those of the deleted item it was brought back from.

    NotFound when the outcome never had this item."""
    draft = services.open_draft(uow, outcome_id)
    ids = lineage(uow, outcome_id, item_id)
    found = changes_where(uow, ChangeRow.outcome_id == outcome_id, ChangeRow.item_id.in_(ids))
    if not found and draft.position_of(item_id) is None:
        raise services.NotFound(f"outcome {outcome_id} never had an item {item_id}")
    return found


def lineage(uow: UnitOfWork, outcome_id: int, item_id: int) -> list[int]:
    """The item and, when it was brought back from the history, the deleted items it continues."""
    ids = [item_id]
    while True:
        marker = restored_from(uow, outcome_id, ids[-1])
        if marker is None or marker.item_id in ids:
            return ids
        ids.append(marker.item_id)


def restored_from(uow: UnitOfWork, outcome_id: int, item_id: int) -> ChangeRow | None:
    """The "restore" change on a deleted item that this item was brought back as, if it was."""
    query = select(ChangeRow).where(
        ChangeRow.outcome_id == outcome_id,
        ChangeRow.item_id == item_id,
        ChangeRow.unit == ORDER,
        ChangeRow.action == RESTORE,
    )
    comeback = uow.session.scalars(query.order_by(ChangeRow.id)).first()
    if comeback is None:
        return None
    marker = uow.session.scalars(
        select(ChangeRow)
        .where(ChangeRow.outcome_id == outcome_id, ChangeRow.id < comeback.id)
        .order_by(ChangeRow.id.desc())
    ).first()
    is_marker = (
        marker is not None and marker.unit == ORDER and marker.action == RESTORE and marker.after is None
    )
    return marker if is_marker else None


def brought_back_as(uow: UnitOfWork, outcome_id: int, item_id: int) -> int | None:
    """The new id of a deleted item brought back from the history; None while it is still deleted."""
    query = select(ChangeRow).where(
        ChangeRow.outcome_id == outcome_id,
        ChangeRow.item_id == item_id,
        ChangeRow.unit == ORDER,
        ChangeRow.action == RESTORE,
    )
    for marker in uow.session.scalars(query.order_by(ChangeRow.id.desc())):
        if marker.after is not None:
            continue  # the item itself brought back, not a marker on it (JSON null reads as None)
        comeback = uow.session.scalars(
            select(ChangeRow)
            .where(ChangeRow.outcome_id == outcome_id, ChangeRow.id > marker.id)
            .order_by(ChangeRow.id)
        ).first()
        if comeback is not None and comeback.unit == ORDER and comeback.action == RESTORE:
            return comeback.item_id
    return None


def now_known_as(uow: UnitOfWork, outcome_id: int, item_id: int) -> int:
    """The item's id now: a deleted item brought back lives on under the new item's id."""
    seen = {item_id}
    while (newer := brought_back_as(uow, outcome_id, item_id)) is not None and newer not in seen:
        seen.add(newer)
        item_id = newer
    return item_id


def header_changes(uow: UnitOfWork, outcome_id: int) -> list[Change]:
    services.open_draft(uow, outcome_id)
    return changes_where(uow, ChangeRow.outcome_id == outcome_id, ChangeRow.unit == HEADER)


def deleted_items(uow: UnitOfWork, outcome_id: int) -> list[Deleted]:
    """The items deleted from the outcome and not brought back, the last deleted first."""
    draft = services.open_draft(uow, outcome_id)
    deletes = changes_where(
        uow, ChangeRow.outcome_id == outcome_id, ChangeRow.unit == ORDER, ChangeRow.action == "delete"
    )
    found: list[Deleted] = []
    for delete in deletes:
        item_id = delete.item_id
        if item_id is None or item_id in draft.item_ids or any(d.item_id == item_id for d in found):
            continue
        content = delete.content("before")
        if content is None or brought_back_as(uow, outcome_id, item_id) is not None:
            continue
        found.append(Deleted(item_id, delete, item_of(content)))
    return found


def changes_where(uow: UnitOfWork, *conditions) -> list[Change]:
    rows = list(uow.session.scalars(select(ChangeRow).where(*conditions).order_by(ChangeRow.id.desc())))
    names = uow.people.names({row.user_id for row in rows if row.user_id is not None})
    return [
        Change(
            id=row.id,
            unit=row.unit,
            action=row.action,
            item_id=row.item_id,
            version=row.version,
            before=row.before,
            after=row.after,
            by=names.get(row.user_id, "a former user") if row.user_id is not None else "the system",
            at=row.at,
        )
        for row in rows
    ]


# ---------------------------------------------------------------------- versions


def timeline(changes: list[Change]) -> list[Change]:
    """The changes that hold a version of the text, oldest first."""
    return sorted((c for c in changes if c.carries_text), key=lambda c: c.id)


def state_after(changes: list[Change], change_id: int, current: dict | None) -> dict | None:
    """The unit's JSON just after change `change_id` (None: the item was not there then).

    Read from the last change up to it that holds the text; before the first such change, from
    that change's "before"; with none at all, the text has never changed: it is the current one."""
    return state(changes, change_id, current, including=True)


def state_before(changes: list[Change], change_id: int, current: dict | None) -> dict | None:
    return state(changes, change_id, current, including=False)


def state(changes: list[Change], change_id: int, current: dict | None, including: bool) -> dict | None:
    kept = timeline(changes)
    earlier = [c for c in kept if c.id < change_id or (including and c.id == change_id)]
    if earlier:
        return earlier[-1].content("after")
    later = kept[len(earlier) :]
    return later[0].content("before") if later else current


def item_versions(uow: UnitOfWork, outcome_id: int, item_id: int) -> tuple[list[Change], dict | None, Draft]:
    """The item's changes (newest first), its JSON now (None when deleted) and the draft."""
    draft = services.open_draft(uow, outcome_id)
    changes = item_changes(uow, outcome_id, item_id)
    position = draft.position_of(item_id)
    current = json_format.item_json(draft.outcome.items[position]) if position is not None else None
    return changes, current, draft


def item_of(content: dict) -> Item:
    try:
        return json_format.item(content, "item")
    except FormatError as error:
        raise NothingToRestore(f"this version cannot be read back ({error})") from error


def header_of(content: dict) -> Outcome:
    try:
        return json_format.from_json({**content, "items": []})
    except FormatError as error:
        raise NothingToRestore(f"this version cannot be read back ({error})") from error


def readable(unit: str, content: dict | None) -> str:
    if content is None:
        return ""
    return header_text(header_of(content)) if unit == HEADER else item_text(item_of(content))


def compare(
    uow: UnitOfWork, outcome_id: int, to_id: int, from_id: int | None = None, item_id: int | None = None
) -> Comparison:
    """Two versions of the unit change `to_id` is of: after `from_id` (default: just before `to_id`)
    and after `to_id`. Both must be changes of the same unit; NotFound otherwise."""
    to = change(uow, outcome_id, to_id)
    changes, current = unit_versions(uow, outcome_id, to, item_id)
    if not any(c.id == to_id for c in changes) or not to.carries_text:
        raise services.NotFound(f"change {to_id} holds no text of this unit")
    if from_id is None:
        old, old_label = state_before(changes, to_id, current), "before this change"
    else:
        if not any(c.id == from_id for c in changes):
            raise services.NotFound(f"change {from_id} is not of the same unit")
        old, old_label = state_after(changes, from_id, current), f"after change {from_id}"
    new = state_after(changes, to_id, current)  # after a delete: nothing, the whole text removed
    old_text, new_text = readable(to.unit, old), readable(to.unit, new)
    return Comparison(old_label, f"after change {to_id}", old_text, new_text, word_diff(old_text, new_text))


def unit_versions(
    uow: UnitOfWork, outcome_id: int, to: Change, item_id: int | None
) -> tuple[list[Change], dict | None]:
    """The changes of the unit `to` is a change of, and that unit's JSON now."""
    draft = services.open_draft(uow, outcome_id)
    if to.unit == HEADER:
        if item_id is not None:
            raise services.NotFound("a change of the header is not a change of an item")
        return header_changes(uow, outcome_id), header_json(draft.outcome)
    if to.item_id is None:
        raise services.NotFound(f"change {to.id} is not a change of a text")
    owner = item_id if item_id is not None else now_known_as(uow, outcome_id, to.item_id)
    changes, current, _ = item_versions(uow, outcome_id, owner)
    return changes, current


# ---------------------------------------------------------------------- restoring


@dataclass(frozen=True)
class Target:
    """What a restore would bring back: the unit, the item's id now, the JSON now and the JSON wanted."""

    chosen: Change
    unit: str  # header | item | order (a deleted item)
    item_id: int | None
    current: dict | None
    content: dict
    changes: list[Change]

    def preview(self) -> Comparison:
        old, new = readable(self.chosen.unit, self.current), readable(self.chosen.unit, self.content)
        return Comparison("as it is now", "as it will read", old, new, word_diff(old, new))


def target(
    uow: UnitOfWork, outcome_id: int, change_id: int, *, side: str = "after", item_id: int | None = None
) -> Target:
    """The version a restore of change `change_id` brings back; NothingToRestore when there is none."""
    draft = services.open_draft(uow, outcome_id)
    chosen = change(uow, outcome_id, change_id)
    changes, current = unit_versions(uow, outcome_id, chosen, item_id)
    if not chosen.carries_text or not any(c.id == change_id for c in changes):
        raise NothingToRestore("this change holds no text to restore")
    pick = state_before if side == "before" else state_after
    content = pick(changes, change_id, current)
    if content is None and chosen.action == "delete":
        content = chosen.content("before")  # restoring a delete brings back what it deleted
    if content is None:
        raise NothingToRestore("the item did not exist at that point: there is nothing to restore")
    if chosen.unit == HEADER:
        if content == current:
            raise NothingToRestore("the header already reads like this version")
        return Target(chosen, HEADER, None, current, content, changes)
    owner = item_id if item_id is not None else now_known_as(uow, outcome_id, chosen.item_id)
    if draft.position_of(owner) is None:
        again = brought_back_as(uow, outcome_id, owner)
        if again is not None:
            raise NothingToRestore(f"this item was brought back already (it is now item id {again})")
        return Target(chosen, ORDER, owner, None, content, changes)
    if content == current:
        raise NothingToRestore("the item already reads like this version")
    return Target(chosen, ITEM, owner, current, content, changes)


def restore(
    uow: UnitOfWork,
    outcome_id: int,
    change_id: int,
    by: Person | None = None,
    *,
    side: str = "after",
    item_id: int | None = None,
) -> Restored:
    """Bring back the unit's version after change `change_id` ("before" it with side="before"), as a new
    change. A delete brings back the item it deleted. Refused on a final outcome or for another
    team's body; NothingToRestore when that version holds nothing or is the one there now."""
    draft = services.changeable(uow, outcome_id)  # locks the outcome: what is read next stays current
    wanted = target(uow, outcome_id, change_id, side=side, item_id=item_id)
    if wanted.unit == HEADER:
        header = header_of(wanted.content)
        done = services.update_header(uow, outcome_id, draft.version, header, by, action=RESTORE)
        return Restored(done, HEADER, None)
    item = item_of(wanted.content)
    if wanted.unit == ITEM:
        version = draft.item_versions[draft.position_of(wanted.item_id)]
        done = services.update_item(uow, outcome_id, wanted.item_id, version, item, by, action=RESTORE)
        return Restored(done, ITEM, wanted.item_id)
    return bring_back(uow, draft, wanted.item_id, wanted.changes, item, by)


def bring_back(
    uow: UnitOfWork, draft: Draft, item_id: int, changes: list[Change], item: Item, by: Person | None
) -> Restored:
    """A deleted item back in its old place (or the nearest there is now), under a new id."""
    delete = next((c for c in changes if c.item_id == item_id and c.action == "delete"), None)
    if delete is None:
        raise services.NotFound(f"item {item_id} is neither in the outcome nor deleted from it")
    # Marks where the item comes back from; the new item's own change follows it directly.
    services.record(
        uow,
        draft.id,
        ORDER,
        RESTORE,
        by,
        item_id=item_id,
        before={"change": delete.id, "position": delete.position},
    )
    uow.session.flush()
    done, new_id = services.add_item(
        uow, draft.id, draft.order_version, item, delete.position, by=by, action=RESTORE
    )
    return Restored(done, ORDER, new_id)
