"""People, teams, tokens and sign-in attempts in and out of their rows."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Row, delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from drafting.persistence.tables import LoginAttemptRow, MembershipRow, TeamRow, TokenRow, UserRow


class People:
    def __init__(self, session: Session):
        self.session = session

    def by_id(self, user_id: int) -> UserRow | None:
        query = select(UserRow).where(UserRow.id == user_id).options(selectinload(UserRow.teams))
        return self.session.scalars(query).first()

    def signed_in(self, user_id: int) -> tuple[Row, list[str]] | None:
        """The columns a request needs to know who is asking, and their teams, in one query.

        Every request asks this; plain rows, not mapped objects, keep it cheap.
        """
        rows = self.session.execute(
            select(
                UserRow.id, UserRow.name, UserRow.role, UserRow.active, UserRow.password_hash, TeamRow.body
            )
            .outerjoin(MembershipRow, MembershipRow.user_id == UserRow.id)
            .outerjoin(TeamRow, TeamRow.id == MembershipRow.team_id)
            .where(UserRow.id == user_id)
        ).all()
        if not rows:
            return None
        return rows[0], [row.body for row in rows if row.body is not None]

    def by_name(self, name: str) -> UserRow | None:
        query = select(UserRow).where(UserRow.name == name).options(selectinload(UserRow.teams))
        return self.session.scalars(query).first()

    def by_token(self, digest: str) -> UserRow | None:
        query = (
            select(UserRow)
            .join(TokenRow, TokenRow.user_id == UserRow.id)
            .where(TokenRow.digest == digest)
            .options(selectinload(UserRow.teams))
        )
        return self.session.scalars(query).first()

    def everyone(self) -> list[UserRow]:
        query = select(UserRow).order_by(UserRow.name).options(selectinload(UserRow.teams))
        return list(self.session.scalars(query))

    def names(self, user_ids: set[int]) -> dict[int, str]:
        if not user_ids:
            return {}
        query = select(UserRow.id, UserRow.name).where(UserRow.id.in_(user_ids))
        return {row.id: row.name for row in self.session.execute(query)}

    def team(self, body: str) -> TeamRow:
        """The team of `body`, made when it is the first person in it."""
        team = self.session.scalars(select(TeamRow).where(TeamRow.body == body)).first()
        if team is None:
            team = TeamRow(body=body)
            self.session.add(team)
            self.session.flush()
        return team

    def teams(self) -> list[TeamRow]:
        return list(self.session.scalars(select(TeamRow).order_by(TeamRow.body)))

    def add(self, row: UserRow) -> UserRow:
        self.session.add(row)
        self.session.flush()
        return row

    def delete_tokens(self, user_id: int) -> int:
        return self.session.execute(delete(TokenRow).where(TokenRow.user_id == user_id)).rowcount

    def add_token(self, row: TokenRow) -> None:
        self.session.add(row)
        self.session.flush()

    def failures_since(self, since: datetime, *, name: str | None = None, address: str | None = None) -> int:
        query = (
            select(func.count())
            .select_from(LoginAttemptRow)
            .where(LoginAttemptRow.at >= since, LoginAttemptRow.succeeded.is_(False))
        )
        if name is not None:
            query = query.where(LoginAttemptRow.name == name)
        if address is not None:
            query = query.where(LoginAttemptRow.address == address)
        return self.session.scalar(query) or 0

    def forget_attempts_before(self, moment: datetime) -> None:
        self.session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.at < moment))

    def record_attempt(self, name: str, address: str, succeeded: bool) -> int:
        row = LoginAttemptRow(name=name[:60], address=address[:64], succeeded=succeeded)
        self.session.add(row)
        self.session.flush()
        return row.id

    def attempt_succeeded(self, attempt_id: int) -> None:
        self.session.execute(
            update(LoginAttemptRow).where(LoginAttemptRow.id == attempt_id).values(succeeded=True)
        )

    def forget_attempt(self, attempt_id: int) -> None:
        self.session.execute(delete(LoginAttemptRow).where(LoginAttemptRow.id == attempt_id))
