"""`flask --app app users …`: accounts from the command line; `demo-users` for `make run`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

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
    """Make the demo accounts once, and print their names and passwords (kept in the instance folder)."""
    kept = Path(current_app.instance_path) / "demo-accounts.txt"
    if not kept.exists():
        lines = []
        with uow() as work:
            for name, role, body in DEMO:
                if work.people.by_name(name) is None:
                    created = accounts.create_user(work, name, role, [body])
                    lines.append(f"{name} ({role}, {body}): password {created.password}")
        kept.parent.mkdir(parents=True, exist_ok=True)
        kept.write_text("\n".join(lines) + "\n", encoding="utf-8")
        kept.chmod(0o600)
    click.echo("demo accounts (sign in at http://127.0.0.1:5000/login):")
    click.echo(kept.read_text(encoding="utf-8").rstrip())
