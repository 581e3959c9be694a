"""The tables. An outcome is a header row plus one row per item, so an item is a unit of its own.

The outcome's content is kept in the project's JSON format (drafting.io.json_format): the header
(everything but the items) on the outcome row, each item on its row. Each row carries a version
number, bumped on every change, so a save made against an older version is noticed rather than
applied over someone else's work.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
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
    # The agenda the outcome was made from (drafting.io.agenda_format), to check the outcome against;
    # SQL NULL when it was not made from one. Read only where the problems are listed, never on a save.
    agenda: Mapped[dict | None] = mapped_column(JSON(none_as_null=True), nullable=True)
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
    # An id is never given twice, even on SQLite after the newest item is deleted: the history and
    # the comments of a deleted item go on naming it, and must not be taken for a new item's.
    __table_args__ = (
        Index("ix_items_outcome_position", "outcome_id", "position"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    content: Mapped[dict] = mapped_column(JSON)  # the item in the JSON format
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    # drafting -> ready (for review) -> cleared; the outcome is final only when every item is cleared.
    review: Mapped[str] = mapped_column(String(20), default="drafting")

    outcome: Mapped[OutcomeRow] = relationship(back_populates="items")


class ExportRow(Base):
    """One circulated .docx, kept as it was written."""

    __tablename__ = "exports"
    __table_args__ = (UniqueConstraint("outcome_id", "number", name="uq_exports_outcome_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, 3 … per outcome
    filename: Mapped[str] = mapped_column(String(255))  # under the exports folder
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    problem_count: Mapped[int] = mapped_column(Integer, default=0)
    error_count: Mapped[int] = mapped_column(Integer, default=0)
    final: Mapped[bool] = mapped_column(Boolean, default=False)  # circulated as the final outcome
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    outcome: Mapped[OutcomeRow] = relationship(back_populates="exports")


# ---------------------------------------------------------------------- people and teams


class UserRow(Base):
    """A person who signs in: a drafter, a reviewer or an admin."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)  # what they sign in with
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))  # drafter | reviewer | admin
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    teams: Mapped[list[TeamRow]] = relationship(secondary="memberships", order_by="TeamRow.body")


class TeamRow(Base):
    """The people who draft the outcomes of one body (COSI, CATS …)."""

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    body: Mapped[str] = mapped_column(String(40), unique=True)


class MembershipRow(Base):
    __tablename__ = "memberships"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)


class TokenRow(Base):
    """A personal API token, kept only as its SHA-256: the token itself is shown once."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class LoginAttemptRow(Base):
    """Every sign-in attempt: failures are counted across all server processes to slow guessing."""

    __tablename__ = "login_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True)
    succeeded: Mapped[bool] = mapped_column(Boolean, default=False)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


# ---------------------------------------------------------------------- working together


class ChangeRow(Base):
    """One accepted change, kept for ever: who, when, which unit, before and after.

    The history views read it; so do the live updates, by id: every change locks its outcome
    before its row is written, so within one outcome ids are given in the order changes commit,
    and "every change after id N" misses none.
    """

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_outcome_id", "outcome_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"))
    unit: Mapped[str] = mapped_column(String(20))  # header | item | order | comment | outcome
    item_id: Mapped[int | None] = mapped_column(Integer, nullable=True, index=True)
    action: Mapped[str] = mapped_column(String(20))  # edit | add | delete | move | renumber | restore …
    version: Mapped[int | None] = mapped_column(Integer, nullable=True)  # of the unit, after
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class PresenceRow(Base):
    """Who has an outcome open, and the item they are editing; gone when not seen for a while."""

    __tablename__ = "presence"

    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    item_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class ClaimRow(Base):
    """An item someone is editing: a soft claim that others see, which expires, and can be taken over."""

    __tablename__ = "claims"

    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class CommentRow(Base):
    """A comment on an item, or a reply to one; resolvable; it may mention colleagues (@name)."""

    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_id: Mapped[int] = mapped_column(ForeignKey("outcomes.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int] = mapped_column(Integer, index=True)  # kept when the item is deleted
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("comments.id", ondelete="CASCADE"), nullable=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    text: Mapped[str] = mapped_column(Text)
    mentions: Mapped[str] = mapped_column(Text, default="")  # "|name|name|": the people named
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )


# ---------------------------------------------------------------------- item templates


class ItemTemplateRow(Base):
    """An item template: the shipped ones (scope standard, with their key), a drafter's own, a team's."""

    __tablename__ = "item_templates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(60), unique=True, nullable=True)  # standard ones only
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    scope: Mapped[str] = mapped_column(String(20), index=True)  # personal | team | standard
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    team: Mapped[str | None] = mapped_column(String(40), nullable=True, index=True)  # the team's body
    content: Mapped[dict] = mapped_column(JSON)  # the item with its placeholders (templates.template_json)
    usage_count: Mapped[int] = mapped_column(Integer, default=0)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class SkeletonRow(Base):
    """A body's usual meeting: item templates in agenda order."""

    __tablename__ = "skeletons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(60), unique=True, nullable=True)  # standard ones only
    name: Mapped[str] = mapped_column(String(120))
    body: Mapped[str] = mapped_column(String(40), default="")
    scope: Mapped[str] = mapped_column(String(20))  # personal | team | standard
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), nullable=True)
    team: Mapped[str | None] = mapped_column(String(40), nullable=True)
    template_ids: Mapped[list] = mapped_column(JSON)  # item_templates ids, in order
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
