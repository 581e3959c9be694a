"""Fixtures shared by every test folder: a fresh database per test, on SQLite and, when
TEST_DATABASE_URL is set (CI sets it), on PostgreSQL too."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from werkzeug.security import generate_password_hash

from drafting.domain.access import Person

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")
DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES else [])


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database: a temporary SQLite file, or a schema of its own in the test PostgreSQL."""
    with empty_database(request.param, tmp_path / "drafting.sqlite") as url:
        yield url


@contextmanager
def empty_database(kind: str, sqlite_file: Path) -> Iterator[str]:
    """The URL of an empty database of that kind: the SQLite file named, or a schema of its own in the
    test PostgreSQL, dropped with everything in it on the way out."""
    if kind == "sqlite":
        yield f"sqlite:///{sqlite_file}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES else "?"
    try:
        yield f"{POSTGRES}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def app(database_url, tmp_path):
    from drafting.web import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "a key for tests only",
            "DATABASE_URL": database_url,
            "EXPORTS_FOLDER": str(tmp_path / "exports"),
        }
    )
    yield app
    app.extensions["drafting.engine"].dispose()


# A cheap hash for the people tests make (the real one takes a tenth of a second, on purpose).
PASSWORD = "a password for tests"
PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_person(app, name: str, role: str = "admin", teams: tuple[str, ...] = ()) -> Person:
    """Someone who can sign in with PASSWORD."""
    from drafting.accounts import person_of
    from drafting.persistence.tables import UserRow
    from drafting.web import unit_of_work

    with app.app_context(), unit_of_work(reading=False) as uow:
        row = UserRow(name=name, password_hash=PASSWORD_HASH, role=role)
        row.teams = [uow.people.team(body) for body in teams]
        uow.people.add(row)
        made = person_of(row)
        uow.commit()
    return made


def sign_in(app, client, name: str) -> None:
    """The test client's browser session signed in as `name`, as the sign-in page would leave it."""
    from drafting.accounts import session_key
    from drafting.web import unit_of_work

    with app.app_context(), unit_of_work(reading=True) as uow:
        key = session_key(uow.people.by_name(name))
    with client.session_transaction() as session:
        session["_user_id"] = key
        session["_fresh"] = True


@pytest.fixture
def client(app):
    """A browser signed in as an admin, who sees every body (access itself is tested apart)."""
    make_person(app, "tester", "admin")
    browser = app.test_client()
    sign_in(app, browser, "tester")
    return browser


def api_client_for(app, name: str):
    """A script's client: every request carries `name`'s personal API token, and no browser session."""
    from drafting.accounts import issue_token
    from drafting.web import unit_of_work

    with app.app_context(), unit_of_work(reading=False) as uow:
        token = issue_token(uow, name)
    script = app.test_client(use_cookies=False)
    script.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return script


@pytest.fixture
def api_client(app):
    """A script with an admin's token."""
    make_person(app, "script", "admin")
    return api_client_for(app, "script")


@pytest.fixture
def anonymous(app):
    """A browser nobody has signed in with."""
    return app.test_client()


@pytest.fixture
def csrf_token(client) -> str:
    """The token a page hands the browser (CSRF protection stays on in tests)."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert found, "the page carries no CSRF token"
    return found.group(1)
