"""The tables. An outcome is a header row plus one row per item, so an item is a unit of its own.

The outcome's content is kept in the project's JSON format (drafting.io.json_format): the header
(everything but the items) on the outcome row, each item on its row. Each row carries a version
number, bumped on every change, so a save made against an older version is noticed rather than
applied over someone else's work.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class OutcomeRow(Base):
    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Kept apart from the JSON so lists filter and sort without reading every document.
    body: Mapped[str] = mapped_column(String(40), default="", index=True)  # "COSI", "CATS"
    document_number: Mapped[str] = mapped_column(String(120), default="")
    meeting_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    subject: Mapped[str] = mapped_column(Text, default="")
    header: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer, default=1)  # of the header
    order_version: Mapped[int] = mapped_column(Integer, default=1)  # of the items' order and count
    # Every word and every reference (printed and register forms): what the search looks in.
    search_text: Mapped[str] = mapped_column(Text, default="")
    # The documents cited, each as "|ST 14260 2017 REV 1|": a search by reference in any form
    # matches whole identifiers, so REV 1 never finds REV 10.
    citations: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    items: Mapped[list[ItemRow]] = relationship(
        back_populates="outcome", order_by="ItemRow.position", cascade="all, delete-orphan"
    )
    exports: Mapped[list[ExportRow]] = relationship(
        back_populates="outcome", order_by="ExportRow.number", cascade="all, delete-orphan"
    )


class ItemRow(Base):
    __tablename__ = "items"
    __table_args__ = (Index("ix_items_outcome_position", "outcome_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)  # the item in the JSON format
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    outcome: Mapped[OutcomeRow] = relationship(back_populates="items")


class ExportRow(Base):
    """One circulated .docx, kept as it was written."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … per outcome
    filename: Mapped[str] = mapped_column(String(255))  # under the exports folder
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    outcome: Mapped[OutcomeRow] = relationship(back_populates="exports")
