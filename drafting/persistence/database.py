"""The database: an engine for a URL, sessions, and the schema brought up to date by the migrations."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    # WAL lets readers go on while someone saves; foreign keys are off in SQLite unless asked for.
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    # Transactions are begun by _sqlite_begin, not by the driver, so a writer can ask for its lock first.
    connection.isolation_level = None


def _sqlite_begin(connection) -> None:
    # A writer that begins by reading and upgrades to writing later fails at once (it cannot wait)
    # when another process committed in between; taking the write lock at BEGIN makes it wait its
    # turn instead. Readers begin deferred and never block anyone.
    if connection.get_execution_options().get(WRITES):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


WRITES = "drafting_writes"


def session_factory(engine: Engine, *, writes: bool = True) -> sessionmaker[Session]:
    """Sessions for use cases that change things (the default) or that only read."""
    return sessionmaker(engine.execution_options(**{WRITES: writes}), expire_on_commit=False)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (creating it in an empty database)."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
