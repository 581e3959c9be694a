"""Outcomes in and out of their rows: the only place that knows how a draft is laid out in tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Row, func, or_, select, update
from sqlalchemy.orm import Session

from drafting.domain.agenda import Agenda
from drafting.domain.model import Item, Outcome
from drafting.io import agenda_format, json_format
from drafting.persistence.tables import ExportRow, ItemRow, OutcomeRow, now


@dataclass
class Draft:
    """An outcome as kept: the domain object, and the ids and versions of its parts."""

    id: int
    outcome: Outcome
    version: int  # of the header
    order_version: int  # of the items' order and count
    item_ids: list[int] = field(default_factory=list)  # aligned with outcome.items
    item_versions: list[int] = field(default_factory=list)
    item_reviews: list[str] = field(default_factory=list)  # drafting | ready | cleared
    status: str = "draft"
    updated_at: datetime | None = None

    def position_of(self, item_id: int) -> int | None:
        return self.item_ids.index(item_id) if item_id in self.item_ids else None


@dataclass(frozen=True)
class Summary:
    """A line of the list of outcomes."""

    id: int
    body: str
    document_number: str
    subject: str
    meeting_date: date | None
    year: int | None
    status: str
    updated_at: datetime


class Outcomes:
    """The repository of drafts."""

    def __init__(self, session: Session):
        self.session = session

    # ------------------------------------------------------------------ reading

    def get(self, outcome_id: int) -> Draft | None:
        # Plain rows, not mapped objects: a draft is built from them once and they are thrown away,
        # and each read is from the database, never from what the session remembers.
        header = self.session.execute(
            select(
                OutcomeRow.id,
                OutcomeRow.header,
                OutcomeRow.version,
                OutcomeRow.order_version,
                OutcomeRow.status,
                OutcomeRow.updated_at,
            ).where(OutcomeRow.id == outcome_id)
        ).first()
        if header is None:
            return None
        items = self.session.execute(
            select(ItemRow.id, ItemRow.version, ItemRow.content, ItemRow.review)
            .where(ItemRow.outcome_id == outcome_id)
            .order_by(ItemRow.position)
        ).all()
        return draft_of(header, items)

    def lock(self, outcome_id: int) -> bool:
        """Hold the outcome against other writers until the transaction ends; False if it does not exist.

        PostgreSQL locks the row; SQLite renders no FOR UPDATE, as its writers already hold the
        database's write lock from BEGIN (drafting.persistence.database).
        """
        query = select(OutcomeRow.id).where(OutcomeRow.id == outcome_id).with_for_update()
        return self.session.execute(query).first() is not None

    def agenda(self, outcome_id: int) -> Agenda | None:
        """The agenda the outcome was made from; None when there is none or it cannot be read.

        Apart from `get`: an item's save reads the draft every time and never needs the agenda.
        """
        kept = self.session.execute(select(OutcomeRow.agenda).where(OutcomeRow.id == outcome_id)).scalar()
        return agenda_format.agenda_from_json(kept)

    def row(self, outcome_id: int) -> OutcomeRow | None:
        return self.session.get(OutcomeRow, outcome_id)

    def item_row(self, outcome_id: int, item_id: int) -> ItemRow | None:
        row = self.session.get(ItemRow, item_id)
        return row if row is not None and row.outcome_id == outcome_id else None

    def item_rows(self, outcome_id: int) -> dict[int, ItemRow]:
        """Every item row of the outcome by id, read at once (item_row then finds them in the session)."""
        query = select(ItemRow).where(ItemRow.outcome_id == outcome_id)
        return {row.id: row for row in self.session.scalars(query)}

    def summaries(
        self,
        *,
        body: str | None = None,
        year: int | None = None,
        status: str | None = None,
        words: str | None = None,
        bodies: frozenset[str] | None = None,
    ) -> list[Summary]:
        query = select(OutcomeRow)
        if bodies is not None:
            query = query.where(OutcomeRow.body.in_(sorted(bodies)))
        if body:
            query = query.where(OutcomeRow.body == body)
        if year:
            query = query.where(OutcomeRow.year == year)
        if status:
            query = query.where(OutcomeRow.status == status)
        if words:
            for word in words.split():
                pattern = f"%{escape_like(word.lower())}%"
                query = query.where(
                    or_(
                        func.lower(OutcomeRow.search_text).like(pattern, escape="\\"),
                        func.lower(OutcomeRow.document_number).like(pattern, escape="\\"),
                    )
                )
        query = query.order_by(OutcomeRow.meeting_date.desc().nulls_last(), OutcomeRow.id.desc())
        return [summary_of(row) for row in self.session.scalars(query)]

    def bodies(self) -> list[str]:
        query = select(OutcomeRow.body).distinct().where(OutcomeRow.body != "").order_by(OutcomeRow.body)
        return list(self.session.scalars(query))

    def years(self) -> list[int]:
        query = select(OutcomeRow.year).distinct().where(OutcomeRow.year.is_not(None))
        return sorted(self.session.scalars(query), reverse=True)

    def exports(self, outcome_id: int) -> list[ExportRow]:
        query = select(ExportRow).where(ExportRow.outcome_id == outcome_id).order_by(ExportRow.number)
        return list(self.session.scalars(query))

    def export(self, outcome_id: int, number: int) -> ExportRow | None:
        query = select(ExportRow).where(ExportRow.outcome_id == outcome_id, ExportRow.number == number)
        return self.session.scalars(query).first()

    # ------------------------------------------------------------------ writing

    def add(self, outcome: Outcome, status: str = "draft", agenda: Agenda | None = None) -> int:
        kept = agenda_format.agenda_json(agenda) if agenda is not None else None
        row = OutcomeRow(header=header_json(outcome), status=status, agenda=kept)
        row.items = [
            ItemRow(position=i, content=json_format.item_json(item)) for i, item in enumerate(outcome.items)
        ]
        self.session.add(row)
        self.session.flush()
        return row.id

    def save_header(self, outcome_id: int, expected_version: int, outcome: Outcome) -> bool:
        """Write the header if nobody changed it since `expected_version`; False when someone did."""
        done = self.session.execute(
            update(OutcomeRow)
            .where(OutcomeRow.id == outcome_id, OutcomeRow.version == expected_version)
            .values(header=header_json(outcome), version=OutcomeRow.version + 1, updated_at=now())
        )
        return done.rowcount == 1

    def save_item(self, outcome_id: int, item_id: int, expected_version: int, item: Item) -> bool:
        done = self.session.execute(
            update(ItemRow)
            .where(
                ItemRow.id == item_id, ItemRow.outcome_id == outcome_id, ItemRow.version == expected_version
            )
            .values(content=json_format.item_json(item), version=ItemRow.version + 1, updated_at=now())
        )
        return done.rowcount == 1

    def claim_order(self, outcome_id: int, expected_order_version: int) -> bool:
        """Take the right to add, delete or move items: only one structural change per version."""
        done = self.session.execute(
            update(OutcomeRow)
            .where(OutcomeRow.id == outcome_id, OutcomeRow.order_version == expected_order_version)
            .values(order_version=OutcomeRow.order_version + 1, updated_at=now())
        )
        return done.rowcount == 1

    def refresh_summary(self, outcome_id: int, summary: dict[str, object]) -> None:
        self.session.execute(update(OutcomeRow).where(OutcomeRow.id == outcome_id).values(**summary))

    def add_export(self, export: ExportRow) -> ExportRow:
        self.session.add(export)
        self.session.flush()
        return export

    def next_export_number(self, outcome_id: int) -> int:
        query = select(func.max(ExportRow.number)).where(ExportRow.outcome_id == outcome_id)
        return (self.session.scalar(query) or 0) + 1


def header_json(outcome: Outcome) -> dict:
    data = json_format.to_json(outcome)
    data.pop("items", None)
    return data


def draft_of(header: Row, items: Sequence[Row]) -> Draft:
    """A draft from the outcome's row and its items' rows, in their order."""
    data = dict(header.header)
    data["items"] = [item.content for item in items]
    return Draft(
        id=header.id,
        outcome=json_format.from_json(data),
        version=header.version,
        order_version=header.order_version,
        item_ids=[item.id for item in items],
        item_versions=[item.version for item in items],
        item_reviews=[item.review for item in items],
        status=header.status,
        updated_at=header.updated_at,
    )


def summary_of(row: OutcomeRow) -> Summary:
    return Summary(
        id=row.id,
        body=row.body,
        document_number=row.document_number,
        subject=row.subject,
        meeting_date=row.meeting_date,
        year=row.year,
        status=row.status,
        updated_at=row.updated_at,
    )


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
