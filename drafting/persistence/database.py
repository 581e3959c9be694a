"""The database: an engine for a URL, sessions, and the schema brought up to date by the migrations."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from drafting.persistence.turnstile import Turnstile, turnstile_for

MIGRATIONS = Path(__file__).with_name("migrations")


def engine_for(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        turnstile = turnstile_for(engine.url.database)
        event.listen(engine, "begin", partial(_sqlite_begin, turnstile))
        if turnstile is not None:
            # A writer's turn ends when its connection is back in the pool, its transaction over,
            # or when the connection is thrown away.
            for ending in ("checkin", "invalidate", "close", "close_detached"):
                event.listen(engine, ending, partial(_leave, turnstile))
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


def _sqlite_begin(turnstile: Turnstile | None, connection) -> None:
    # A writer that begins by reading and upgrades to writing later fails at once (it cannot wait)
    # when another process committed in between; taking the write lock at BEGIN makes it wait its
    # turn instead, in the turnstile, so that writers go in the order they came. Readers begin
    # deferred and never block anyone.
    if not connection.get_execution_options().get(WRITES):
        connection.exec_driver_sql("BEGIN")
        return
    if turnstile is None:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
        return
    driver_connection = connection.connection.dbapi_connection
    turnstile.enter(driver_connection)
    try:
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    except BaseException:
        turnstile.leave(driver_connection)
        raise


def _leave(turnstile: Turnstile, driver_connection, *_details) -> None:
    if driver_connection is not None:
        turnstile.leave(driver_connection)


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
