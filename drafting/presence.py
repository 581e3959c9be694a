"""Working at the same time: who has an outcome open, which item each is editing, and what changed.

Everything lives in the database (presence, claims, the history of changes), never in a server
process's memory, so every process serving the same database tells every person the same thing.

A claim is soft: it tells the others that someone is editing an item, it expires unless the page
keeps naming the item, and it can be taken over (after a confirmation in the browser). Saving is
still guarded by the item's version, whatever the claims say. Only posted requests write claims
(the page's heartbeat, a take-over): opening an item's form merely reads them.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from drafting.domain.access import Person
from drafting.persistence.tables import ChangeRow, ClaimRow, ItemRow, PresenceRow, UserRow
from drafting.persistence.unit_of_work import UnitOfWork

# A page says it is there every few seconds; missing two of those, its person has gone.
PRESENCE_TTL = timedelta(seconds=6)
# Long enough to outlast a slow network, short enough that a forgotten tab frees the item soon.
CLAIM_TTL = timedelta(seconds=90)
# Changes handed out at most per poll: a page far behind catches up over a few polls.
CHANGES_PER_POLL = 200


class NotFound(LookupError):
    """The item is not one of this outcome's."""


class Claimed(Exception):
    """Someone else is editing the item; their claim has not expired."""

    def __init__(self, holder: str, until: datetime):
        super().__init__(f"{holder} is editing this item")
        self.holder = holder
        self.until = until

    @property
    def seen(self) -> datetime:
        """When the holder's page last said it was editing the item (each renewal runs CLAIM_TTL)."""
        return self.until - CLAIM_TTL


@dataclass(frozen=True)
class Here:
    """Someone who has the outcome open, and the item they are editing (None: none)."""

    user_id: int
    name: str
    item_id: int | None
    item_number: int | None


@dataclass(frozen=True)
class Claim:
    item_id: int
    user_id: int
    name: str
    until: datetime

    @property
    def seen(self) -> datetime:
        """When the holder's page last said it was editing the item (each renewal runs CLAIM_TTL)."""
        return self.until - CLAIM_TTL


@dataclass(frozen=True)
class Change:
    id: int
    unit: str  # header | item | order | outcome | comment | review
    item_id: int | None
    action: str
    by: str | None  # the person's name; None for changes made from the command line
    at: datetime


def utc_now() -> datetime:
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite gives back times without their zone; they were written in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


# ---------------------------------------------------------------------- presence


# PostgreSQL codes for a transaction it gave up to let others go on: a deadlock, a serialization clash.
GIVEN_UP = {"40P01", "40001"}


def retried(action):
    """Run the presence write again, from the start, when PostgreSQL gave its transaction up.

    Presence and claims are written beside changes that hold their outcome's lock; in rare orders
    PostgreSQL breaks the wait by giving one transaction up. Nothing of it was kept, and a
    heartbeat or a claim is safe to make again.
    """

    @functools.wraps(action)
    def again(uow: UnitOfWork, *args, **kwargs):
        for attempt in range(3):
            try:
                return action(uow, *args, **kwargs)
            except OperationalError as error:
                if getattr(error.orig, "sqlstate", None) not in GIVEN_UP or attempt == 2:
                    raise
                uow.session.rollback()
        raise AssertionError("unreachable")

    return again


@retried
def heartbeat(
    uow: UnitOfWork,
    outcome_id: int,
    person: Person,
    item_id: int | None,
    now: datetime | None = None,
    claiming: bool = True,
) -> bool:
    """`person` has the outcome open, editing `item_id` (or nothing). It runs every few seconds for
    everyone present, so it costs two statements as a rule.

    Naming an item claims it (when `claiming`: the person may edit the outcome) if it is free, its
    claim has expired or it is already theirs; an unexpired claim of someone else's is never taken
    here: that asks for the confirmation of a take-over. True: the item named is the person's."""
    now = now or utc_now()
    values = {"item_id": item_id, "seen_at": now}
    if not _update_presence(uow, outcome_id, person.id, values):
        try:
            # In a savepoint: on PostgreSQL a failed statement spoils the whole transaction otherwise.
            with uow.session.begin_nested():
                uow.session.execute(
                    insert(PresenceRow).values(outcome_id=outcome_id, user_id=person.id, **values)
                )
        except IntegrityError:
            # The person's other tab (or a retried request) inserted the row first: update it instead.
            # When the outcome itself is gone the update finds nothing, which is all there is to do.
            _update_presence(uow, outcome_id, person.id, values)
    mine = (ClaimRow.outcome_id == outcome_id) & (ClaimRow.user_id == person.id)
    held = False
    if item_id is None:
        # Editing nothing any more: the person's items are free for the others at once.
        uow.session.execute(delete(ClaimRow).where(mine))
    elif claiming:
        held = _keep_claim(uow, outcome_id, item_id, person, now)
    uow.commit()
    return held


def _keep_claim(uow: UnitOfWork, outcome_id: int, item_id: int, person: Person, now: datetime) -> bool:
    """Renew the person's claim on the item, or make it theirs when nobody else's claim is running."""
    until = now + CLAIM_TTL
    renewed = uow.session.execute(
        update(ClaimRow)
        .where(
            ClaimRow.item_id == item_id,
            ClaimRow.outcome_id == outcome_id,
            (ClaimRow.user_id == person.id) | (ClaimRow.expires_at <= now),
        )
        .values(user_id=person.id, expires_at=until)
    )
    if renewed.rowcount > 0:
        return True
    # Not claimed (or someone else's, running): an item of this outcome that nobody holds is claimed.
    found = uow.session.execute(
        select(ItemRow.id).where(ItemRow.id == item_id, ItemRow.outcome_id == outcome_id)
    ).first()
    if found is None:
        return False  # not an item of this outcome (deleted meanwhile, or a made-up id): nothing to claim
    try:
        with uow.session.begin_nested():
            uow.session.execute(
                insert(ClaimRow).values(
                    item_id=item_id, outcome_id=outcome_id, user_id=person.id, expires_at=until
                )
            )
    except IntegrityError:
        return False  # someone else holds it: their page shows them editing it, and this page shows who
    return True


def _update_presence(uow: UnitOfWork, outcome_id: int, user_id: int, values: dict) -> bool:
    result = uow.session.execute(
        update(PresenceRow)
        .where(PresenceRow.outcome_id == outcome_id, PresenceRow.user_id == user_id)
        .values(**values)
    )
    return result.rowcount > 0


def leave(uow: UnitOfWork, outcome_id: int, person: Person) -> None:
    """The person closed the outcome: gone from the others' view, and their claims freed."""
    uow.session.execute(
        delete(PresenceRow).where(PresenceRow.outcome_id == outcome_id, PresenceRow.user_id == person.id)
    )
    uow.session.execute(
        delete(ClaimRow).where(ClaimRow.outcome_id == outcome_id, ClaimRow.user_id == person.id)
    )
    uow.commit()


def who_is_here(uow: UnitOfWork, outcome_id: int, now: datetime | None = None) -> list[Here]:
    """Everyone seen on the outcome within PRESENCE_TTL, by name."""
    now = now or utc_now()
    rows = uow.session.execute(
        select(PresenceRow.user_id, PresenceRow.item_id, UserRow.name)
        .join(UserRow, UserRow.id == PresenceRow.user_id)
        .where(PresenceRow.outcome_id == outcome_id, PresenceRow.seen_at > now - PRESENCE_TTL)
        .order_by(UserRow.name)
    ).all()
    numbers = item_numbers(uow, outcome_id, {row.item_id for row in rows if row.item_id is not None})
    return [
        Here(row.user_id, row.name, row.item_id if row.item_id in numbers else None, numbers.get(row.item_id))
        for row in rows
    ]


def item_numbers(uow: UnitOfWork, outcome_id: int, item_ids: set[int]) -> dict[int, int]:
    """The numbers of these items as saved; an id not of this outcome (or deleted) is left out."""
    if not item_ids:
        return {}
    rows = uow.session.execute(
        select(ItemRow.id, ItemRow.content).where(ItemRow.outcome_id == outcome_id, ItemRow.id.in_(item_ids))
    )
    return {row.id: int(row.content.get("number", 0)) for row in rows}


# ---------------------------------------------------------------------- claims


@retried
def claim(
    uow: UnitOfWork,
    outcome_id: int,
    item_id: int,
    person: Person,
    take_over: bool = False,
    now: datetime | None = None,
) -> Claim:
    """`person` starts editing the item. Claimed when someone else's claim on it has not expired,
    unless `take_over`; NotFound when the item is not the outcome's."""
    now = now or utc_now()
    found = uow.session.execute(
        select(ItemRow.id).where(ItemRow.id == item_id, ItemRow.outcome_id == outcome_id)
    ).first()
    if found is None:
        raise NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    until = now + CLAIM_TTL
    for _attempt in range(2):
        held = uow.session.execute(
            select(ClaimRow.user_id, ClaimRow.expires_at, UserRow.name)
            .join(UserRow, UserRow.id == ClaimRow.user_id)
            .where(ClaimRow.item_id == item_id)
            .with_for_update(of=ClaimRow)
        ).first()
        if held is not None:
            if held.user_id != person.id and as_utc(held.expires_at) > now and not take_over:
                raise Claimed(held.name, as_utc(held.expires_at))
            uow.session.execute(
                update(ClaimRow)
                .where(ClaimRow.item_id == item_id)
                .values(outcome_id=outcome_id, user_id=person.id, expires_at=until)
            )
            break
        try:
            with uow.session.begin_nested():
                uow.session.execute(
                    insert(ClaimRow).values(
                        item_id=item_id, outcome_id=outcome_id, user_id=person.id, expires_at=until
                    )
                )
            break
        except IntegrityError:
            continue  # someone claimed it in the same instant: look again at who holds it
    else:
        raise Claimed(*_holder(uow, item_id))
    uow.commit()
    return Claim(item_id, person.id, person.name, until)


def _holder(uow: UnitOfWork, item_id: int) -> tuple[str, datetime]:
    row = uow.session.execute(
        select(UserRow.name, ClaimRow.expires_at)
        .join(UserRow, UserRow.id == ClaimRow.user_id)
        .where(ClaimRow.item_id == item_id)
    ).first()
    if row is None:  # given up in the instant since: the drafter is simply asked to try again
        return "someone else", utc_now()
    return row.name, as_utc(row.expires_at)


@retried
def release(uow: UnitOfWork, outcome_id: int, item_id: int, person: Person) -> None:
    """The person is done with the item; a claim someone took over stays theirs."""
    let_go(uow, outcome_id, item_id, person)
    uow.commit()


def let_go(uow: UnitOfWork, outcome_id: int, item_id: int, person: Person) -> None:
    """Release the person's claim inside a change under way: it is kept only if the change commits,
    and costs the change no second write (one turn on SQLite's write lock, not two)."""
    uow.session.execute(
        delete(ClaimRow).where(
            ClaimRow.item_id == item_id, ClaimRow.outcome_id == outcome_id, ClaimRow.user_id == person.id
        )
    )


def someone_else_editing(
    uow: UnitOfWork, outcome_id: int, item_id: int, person: Person, now: datetime | None = None
) -> Claim | None:
    """The unexpired claim on the item held by someone other than `person`, if any. Only reads."""
    now = now or utc_now()
    row = uow.session.execute(
        select(ClaimRow.item_id, ClaimRow.user_id, ClaimRow.expires_at, UserRow.name)
        .join(UserRow, UserRow.id == ClaimRow.user_id)
        .where(
            ClaimRow.item_id == item_id,
            ClaimRow.outcome_id == outcome_id,
            ClaimRow.user_id != person.id,
            ClaimRow.expires_at > now,
        )
    ).first()
    return Claim(row.item_id, row.user_id, row.name, as_utc(row.expires_at)) if row is not None else None


def claims(uow: UnitOfWork, outcome_id: int, now: datetime | None = None) -> list[Claim]:
    """The unexpired claims on the outcome's items."""
    now = now or utc_now()
    rows = uow.session.execute(
        select(ClaimRow.item_id, ClaimRow.user_id, ClaimRow.expires_at, UserRow.name)
        .join(UserRow, UserRow.id == ClaimRow.user_id)
        .where(ClaimRow.outcome_id == outcome_id, ClaimRow.expires_at > now)
        .order_by(ClaimRow.item_id)
    )
    return [Claim(row.item_id, row.user_id, row.name, as_utc(row.expires_at)) for row in rows]


# ---------------------------------------------------------------------- changes


def latest_change(uow: UnitOfWork, outcome_id: int) -> int:
    """The id of the outcome's newest change (0: none): where a freshly loaded page starts."""
    newest = uow.session.scalar(
        select(ChangeRow.id).where(ChangeRow.outcome_id == outcome_id).order_by(ChangeRow.id.desc()).limit(1)
    )
    return newest or 0


def changes_since(uow: UnitOfWork, outcome_id: int, change_id: int) -> tuple[list[Change], int]:
    """The outcome's changes after `change_id`, oldest first, and the id to ask from next time.

    Every change locks its outcome before its row is written, so ids within one outcome are given
    in the order the changes commit: none can appear later below an id already handed out.
    """
    rows = uow.session.execute(
        select(ChangeRow.id, ChangeRow.unit, ChangeRow.item_id, ChangeRow.action, ChangeRow.at, UserRow.name)
        .outerjoin(UserRow, UserRow.id == ChangeRow.user_id)
        .where(ChangeRow.outcome_id == outcome_id, ChangeRow.id > change_id)
        .order_by(ChangeRow.id)
        .limit(CHANGES_PER_POLL)
    ).all()
    found = [Change(row.id, row.unit, row.item_id, row.action, row.name, as_utc(row.at)) for row in rows]
    return found, found[-1].id if found else change_id
