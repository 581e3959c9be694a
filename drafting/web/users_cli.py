"""`flask --app app users …`: accounts from the command line; `demo-users` for `make run`."""

from __future__ import annotations

import os
import re
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from werkzeug.security import check_password_hash

from drafting import accounts
from drafting.domain.access import Role

ROLES = click.Choice([role.value for role in Role])
# The demo accounts `make run` makes: a drafter and a reviewer of COSI, and an admin.
DEMO = (("drafter", "drafter", "COSI"), ("reviewer", "reviewer", "COSI"), ("admin", "admin", "COSI"))


def uow():
    from drafting.web import unit_of_work

    return unit_of_work(reading=False)


def failing(action):
    """Run `action`; an AccountError ends the command with its message and exit status 1."""
    try:
        return action()
    except accounts.AccountError as error:
        raise click.ClickException(str(error)) from None


@click.group("users")
def users() -> None:
    """People: create them, give them roles, teams, passwords and API tokens."""


@users.command("create")
@click.argument("name")
@click.option("--role", type=ROLES, required=True)
@click.option("--team", "teams", multiple=True, required=True, help="A body: COSI, CATS … (repeatable)")
@click.option("--password", help="At least 10 characters; one is generated and printed when left out.")
@with_appcontext
def create(name: str, role: str, teams: tuple[str, ...], password: str | None) -> None:
    """Create an account."""
    with uow() as work:
        created = failing(lambda: accounts.create_user(work, name, role, list(teams), password))
    click.echo(f"created {created.person.name} ({role}, {', '.join(sorted(created.person.teams))})")
    if password is None:
        click.echo(f"password: {created.password}")


@users.command("token")
@click.argument("name")
@with_appcontext
def token(name: str) -> None:
    """Print a new personal API token (shown once: keep it)."""
    with uow() as work:
        click.echo(failing(lambda: accounts.issue_token(work, name)))


@users.command("revoke-tokens")
@click.argument("name")
@with_appcontext
def revoke_tokens(name: str) -> None:
    """Stop every API token of someone working (a password reset leaves them working)."""
    with uow() as work:
        count = failing(lambda: accounts.revoke_tokens(work, name))
    click.echo(f"{count} token{'s' if count != 1 else ''} of {name.strip().lower()} revoked")


@users.command("role")
@click.argument("name")
@click.argument("role", type=ROLES)
@with_appcontext
def role(name: str, role: str) -> None:
    """Change someone's role."""
    with uow() as work:
        person = failing(lambda: accounts.set_role(work, name, role))
    click.echo(f"{person.name} is now {person.role.value}")


@users.command("password")
@click.argument("name")
@click.option("--password", help="The new password; one is generated and printed when left out.")
@with_appcontext
def password(name: str, password: str | None) -> None:
    """Reset someone's password (their open sessions end)."""
    with uow() as work:
        new = failing(lambda: accounts.set_password(work, name, password))
    click.echo(f"password of {name.strip().lower()} reset" + ("" if password else f": {new}"))


@users.command("teams")
@click.argument("name")
@click.option("--add", multiple=True, help="A body to join (repeatable)")
@click.option("--remove", multiple=True, help="A body to leave (repeatable)")
@with_appcontext
def teams(name: str, add: tuple[str, ...], remove: tuple[str, ...]) -> None:
    """Add someone to teams, or take them out."""
    with uow() as work:
        person = failing(lambda: accounts.set_teams(work, name, add=list(add), remove=list(remove)))
    click.echo(f"{person.name}: {', '.join(sorted(person.teams)) or 'no team'}")


@users.command("deactivate")
@click.argument("name")
@with_appcontext
def deactivate(name: str) -> None:
    """Stop someone signing in or using their tokens (nothing of theirs is deleted)."""
    with uow() as work:
        failing(lambda: accounts.set_active(work, name, False))
    click.echo(f"{name.strip().lower()} can no longer sign in")


@users.command("activate")
@click.argument("name")
@with_appcontext
def activate(name: str) -> None:
    with uow() as work:
        failing(lambda: accounts.set_active(work, name, True))
    click.echo(f"{name.strip().lower()} can sign in again")


@users.command("list")
@with_appcontext
def listing() -> None:
    """Everyone, with role and teams."""
    with uow() as work:
        people = accounts.everyone(work)
    for person, active in people:
        state = "" if active else "  (deactivated)"
        click.echo(f"{person.name}\t{person.role.value}\t{', '.join(sorted(person.teams))}{state}")


@click.command("demo-users")
@with_appcontext
def demo_users_command() -> None:
    """Make the demo accounts the first time, and print their names and passwords every time.

    The passwords made are kept in the instance folder (readable by its owner only), so a second
    run prints the same ones. Each is printed only while it still signs in: after a reset, or
    against another database, the account is named with how to give it a password instead.
    """
    kept_in = Path(current_app.instance_path) / "demo-accounts.txt"
    kept = read_kept(kept_in)
    lines = []
    with uow() as work:
        for name, role, body in DEMO:
            row = work.people.by_name(name)
            if row is None:
                created = accounts.create_user(work, name, role, [body])
                kept[name], person = created.password, created.person
            elif name in kept and check_password_hash(row.password_hash, kept[name]):
                person = accounts.person_of(row)
            else:
                kept.pop(name, None)
                lines.append(
                    f"{name}: exists already, its password is not known here "
                    f"(flask --app app users password {name} gives it a new one)"
                )
                continue
            teams = ", ".join(sorted(person.teams)) or "no team"
            lines.append(f"{name} ({person.role.value}, {teams}): password {kept[name]}")
    write_kept(kept_in, kept)
    click.echo("demo accounts (sign in at http://127.0.0.1:5000/login):")
    click.echo("\n".join(lines))


KEPT_LINE = re.compile(r"(?P<name>\S+) \(.*\): password (?P<password>\S+)")


def read_kept(path: Path) -> dict[str, str]:
    """The demo passwords made earlier, by name."""
    if not path.exists():
        return {}
    found = (KEPT_LINE.fullmatch(line.strip()) for line in path.read_text(encoding="utf-8").splitlines())
    return {match["name"]: match["password"] for match in found if match}


def write_kept(path: Path, kept: dict[str, str]) -> None:
    """Written readable by the owner only from the start: no moment where others could read it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"{name} (demo): password {password}\n" for name, password in kept.items())
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(text)
    path.chmod(0o600)  # a file left by an older version may have been readable by others
