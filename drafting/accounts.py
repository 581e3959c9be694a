"""People: accounts, roles, teams, personal API tokens and signing in.

Passwords are kept only as salted hashes (scrypt, through Werkzeug), API tokens only as their
SHA-256. Failed sign-ins are counted in the database, so the limit holds across server processes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from drafting.domain.access import Person, Role
from drafting.domain.characters import UNHOLDABLE
from drafting.persistence.tables import TokenRow, UserRow
from drafting.persistence.unit_of_work import UnitOfWork

NAME = re.compile(r"[a-z][a-z0-9._-]{1,59}")
BODY = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ()./&-]{0,39}")
SHORTEST_PASSWORD = 10
# Sign-in attempts: this many failures for one name, or from one address, within the window,
# and further attempts are refused until the window has passed.
WINDOW = timedelta(minutes=15)
FAILURES_PER_NAME = 5
FAILURES_PER_ADDRESS = 20
# Sign-in attempts are kept this long (a record of who tried), then forgotten at the next sign-in.
KEPT = timedelta(days=30)
TOKEN_PREFIX = "dra_"
# Checked against when the name is unknown, so an unknown name takes as long as a wrong password.
_NOBODY = generate_password_hash(secrets.token_hex(16))


class AccountError(ValueError):
    """A request about people that cannot be carried out; the message says why."""


class TooManyAttempts(Exception):
    def __init__(self, minutes: int):
        super().__init__(f"too many failed sign-ins: try again in {minutes} minutes")
        self.minutes = minutes


@dataclass(frozen=True)
class Created:
    person: Person
    password: str  # as given, or generated: shown once, never stored


def person_of(row: UserRow) -> Person:
    return Person(
        id=row.id, name=row.name, role=Role(row.role), teams=frozenset(team.body for team in row.teams)
    )


def session_key(row: UserRow) -> str:
    """What a browser session names its person by: changes with the password, so a reset signs
    everyone out of that account."""
    return key_of(row.id, row.password_hash)


def key_of(user_id: int, password_hash: str) -> str:
    return f"{user_id}.{hashlib.sha256(password_hash.encode()).hexdigest()[:12]}"


# ---------------------------------------------------------------------- managing people


def create_user(
    uow: UnitOfWork, name: str, role: str, teams: list[str], password: str | None = None
) -> Created:
    name = checked_name(name)
    if uow.people.by_name(name) is not None:
        raise AccountError(f"there is already someone called {name}")
    password = checked_password(password) if password is not None else new_password()
    row = UserRow(name=name, password_hash=generate_password_hash(password), role=checked_role(role))
    row.teams = [uow.people.team(body) for body in checked_bodies(teams)]
    uow.people.add(row)
    person = person_of(row)
    uow.commit()
    return Created(person, password)


def set_role(uow: UnitOfWork, name: str, role: str) -> Person:
    row = existing(uow, name)
    row.role = checked_role(role)
    person = person_of(row)
    uow.commit()
    return person


def set_teams(uow: UnitOfWork, name: str, *, add: list[str] = (), remove: list[str] = ()) -> Person:
    row = existing(uow, name)
    add, remove = checked_bodies(add), checked_bodies(remove)
    bodies = {team.body for team in row.teams}
    unknown = [body for body in remove if body not in bodies]
    if unknown:
        raise AccountError(f"{row.name} is not in the team of {', '.join(unknown)}")
    both = [body for body in add if body in remove]
    if both:
        raise AccountError(f"{', '.join(both)}: either join a team or leave it, not both at once")
    kept = [team for team in row.teams if team.body not in remove]
    kept += [uow.people.team(body) for body in add if body not in bodies]
    row.teams = kept
    uow.session.flush()
    person = person_of(row)
    uow.commit()
    return person


def set_password(uow: UnitOfWork, name: str, password: str | None = None) -> str:
    """A new password (generated when none is given); every session of the account ends."""
    row = existing(uow, name)
    password = checked_password(password) if password is not None else new_password()
    row.password_hash = generate_password_hash(password)
    uow.commit()
    return password


def set_active(uow: UnitOfWork, name: str, active: bool) -> None:
    existing(uow, name).active = active
    uow.commit()


def issue_token(uow: UnitOfWork, name: str) -> str:
    """A personal API token for scripts: printed once, kept only as its SHA-256."""
    row = existing(uow, name)
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    uow.people.add_token(TokenRow(user_id=row.id, digest=token_digest(token)))
    uow.commit()
    return token


def revoke_tokens(uow: UnitOfWork, name: str) -> int:
    """Every API token of the person stops working; returns how many there were."""
    row = existing(uow, name)
    count = uow.people.delete_tokens(row.id)
    uow.commit()
    return count


def everyone(uow: UnitOfWork) -> list[tuple[Person, bool]]:
    return [(person_of(row), row.active) for row in uow.people.everyone()]


# ---------------------------------------------------------------------- signing in


def sign_in(uow: UnitOfWork, name: str, password: str, address: str) -> tuple[Person, str] | None:
    """The person and their session key, or None for a wrong name or password; TooManyAttempts
    when this name or this address failed too often lately (the attempt is then not even tried)."""
    # Control characters can name nobody, and some cannot even be stored (U+0000): dropped.
    name = UNHOLDABLE.sub("", name).strip().lower()[:60]
    # The attempt is recorded as failed and committed BEFORE failures are counted: of attempts made
    # at the same moment, each counts every one committed before it, so no more than the limit are
    # ever tried, on PostgreSQL as on SQLite, in one server process or several.
    attempt = uow.people.record_attempt(name, address, False)
    uow.commit()
    since = datetime.now(UTC) - WINDOW
    if (
        uow.people.failures_since(since, name=name) > FAILURES_PER_NAME
        or uow.people.failures_since(since, address=address) > FAILURES_PER_ADDRESS
    ):
        uow.people.forget_attempt(attempt)  # not tried: it does not count against the person
        uow.commit()
        raise TooManyAttempts(int(WINDOW.total_seconds() // 60))
    row = uow.people.by_name(name)
    good = check_password_hash(row.password_hash if row else _NOBODY, password) and row is not None
    good = good and row.active
    if good:
        uow.people.attempt_succeeded(attempt)
    uow.people.forget_attempts_before(datetime.now(UTC) - KEPT)
    uow.commit()
    return (person_of(row), session_key(row)) if good else None


def person_for_session(uow: UnitOfWork, key: str) -> Person | None:
    user_id, _, _digest = key.partition(".")
    if not user_id.isdigit() or len(user_id) > 9:
        return None
    found = uow.people.signed_in(int(user_id))
    if found is None:
        return None
    row, teams = found
    if not row.active or not hmac.compare_digest(key_of(row.id, row.password_hash), key):
        return None
    return Person(id=row.id, name=row.name, role=Role(row.role), teams=frozenset(teams))


def person_for_token(uow: UnitOfWork, token: str) -> Person | None:
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = uow.people.by_token(token_digest(token))
    return person_of(row) if row is not None and row.active else None


# ---------------------------------------------------------------------- checks and helpers


def existing(uow: UnitOfWork, name: str) -> UserRow:
    row = uow.people.by_name(name.strip().lower())
    if row is None:
        raise AccountError(f"there is nobody called {name}")
    return row


def checked_name(name: str) -> str:
    name = name.strip().lower()
    if not NAME.fullmatch(name):
        raise AccountError(
            "a name is 2 to 60 characters: lower-case letters, digits, '.', '_' or '-', "
            "starting with a letter"
        )
    return name


def checked_role(role: str) -> str:
    try:
        return Role(role).value
    except ValueError:
        raise AccountError(f"a role is one of {', '.join(r.value for r in Role)}, not {role!r}") from None


def checked_body(body: str) -> str:
    body = body.strip()
    if not BODY.fullmatch(body):
        raise AccountError(f"{body!r} is not the name of a body (COSI, CATS, …)")
    return body


def checked_bodies(bodies) -> list[str]:
    """Each body once, in the order given: a team named twice is still one membership."""
    return list(dict.fromkeys(checked_body(body) for body in bodies))


def checked_password(password: str) -> str:
    if len(password) < SHORTEST_PASSWORD:
        raise AccountError(f"a password has at least {SHORTEST_PASSWORD} characters")
    return password


def new_password() -> str:
    return secrets.token_urlsafe(12)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
