"""Fixtures shared by every test folder: a fresh database per test, on SQLite and, when
TEST_DATABASE_URL is set (CI sets it), on PostgreSQL too."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text

POSTGRES = os.environ.get("TEST_DATABASE_URL", "")
DATABASES = ["sqlite"] + (["postgresql"] if POSTGRES else [])


@pytest.fixture(params=DATABASES)
def database_url(request, tmp_path) -> Iterator[str]:
    """An empty database: a temporary SQLite file, or a schema of its own in the test PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'drafting.sqlite'}"
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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def csrf_token(client) -> str:
    """The token a page hands the browser (CSRF protection stays on in tests)."""
    page = client.get("/").get_data(as_text=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert found, "the page carries no CSRF token"
    return found.group(1)
