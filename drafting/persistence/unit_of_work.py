"""The unit of work: one transaction per use case, rolled back unless the use case commits."""

from __future__ import annotations

from sqlalchemy.orm import Session, sessionmaker

from drafting.persistence.people import People
from drafting.persistence.repository import Draft, Outcomes


class UnitOfWork:
    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions
        self.session: Session | None = None
        # The drafts read after locking their outcome, by id: current until the transaction ends,
        # so a change reuses the draft its caller read instead of reading it again.
        self.locked: dict[int, Draft] = {}

    def __enter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.outcomes = Outcomes(self.session)
        self.people = People(self.session)
        return self

    def __exit__(self, *exc_info: object) -> None:
        assert self.session is not None
        self.locked.clear()
        self.session.rollback()  # nothing is kept that was not committed
        self.session.close()
        self.session = None

    def commit(self) -> None:
        assert self.session is not None
        self.locked.clear()  # committing ends the transaction, and with it every lock
        self.session.commit()
