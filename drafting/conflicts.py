"""What a conflict view needs from the history: who changed a unit last and when, and what an
item was at the version a drafter started from (the base of a three-way merge)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select

from drafting.domain.model import Item
from drafting.io import FormatError
from drafting.io.json_format import item as item_from_json
from drafting.persistence.tables import ChangeRow
from drafting.persistence.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class LastChange:
    by: str | None  # None: the command line, or an account since removed
    at: datetime | None  # in UTC

    @property
    def time(self) -> str:
        """ "14:05 (UTC)", or "" when not known."""
        return f"{self.at:%H:%M} (UTC)" if self.at is not None else ""

    def sentence(self) -> str:
        """ "Changed by NAME at 14:05 (UTC)." for the conflict views."""
        who = self.by or "someone else"
        return f"Changed by {who} at {self.time}." if self.at is not None else f"Changed by {who}."


NOBODY = LastChange(None, None)


def last_change(uow: UnitOfWork, outcome_id: int, unit: str, item_id: int | None = None) -> LastChange:
    """The newest recorded change of a unit ("header", "order", or "item" with its id)."""
    query = select(ChangeRow.user_id, ChangeRow.at).where(
        ChangeRow.outcome_id == outcome_id, ChangeRow.unit == unit
    )
    if item_id is not None:
        query = query.where(ChangeRow.item_id == item_id)
    row = uow.session.execute(query.order_by(ChangeRow.id.desc()).limit(1)).first()
    if row is None:
        return NOBODY
    names = uow.people.names({row.user_id}) if row.user_id is not None else {}
    return LastChange(names.get(row.user_id), in_utc(row.at))


def base_of(uow: UnitOfWork, outcome_id: int, item_id: int, version: int) -> Item | None:
    """The item as it was at `version`, from the history; None when the history does not hold it
    (items that came with the outcome have no record of their first version)."""
    query = select(ChangeRow.after).where(
        ChangeRow.outcome_id == outcome_id, ChangeRow.item_id == item_id, ChangeRow.after.is_not(None)
    )
    if version == 1:
        query = query.where(ChangeRow.unit == "order", ChangeRow.action == "add")
    else:
        query = query.where(ChangeRow.unit == "item", ChangeRow.version == version)
    after = uow.session.scalars(query.order_by(ChangeRow.id.desc()).limit(1)).first()
    content = after.get("item") if version == 1 and isinstance(after, dict) else after
    if not isinstance(content, dict):
        return None
    try:
        return item_from_json(content, "item")
    except FormatError:
        return None  # a record written by an older format: no merge, the conflict view instead


def in_utc(moment: datetime | None) -> datetime | None:
    """SQLite gives times back without their zone; they were written in UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
