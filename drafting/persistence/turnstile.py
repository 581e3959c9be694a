"""Writers to one SQLite database let in one at a time, in the order they came.

SQLite lets one writer in at a time. The others wait in its busy handler, which sleeps in growing
steps of up to 100 ms between tries: a writer that came first can sleep through one turn after
another while later ones, arriving just as the lock is free, go in before it (saves were seen
waiting a second under load). Here a writer waits for its turn instead, and is woken as soon as the
one before it leaves: first in a queue of the threads of its process, then on a lock on a file
beside the database, which the kernel holds for the processes sharing it.

A turnstile is taken before BEGIN IMMEDIATE and left when the connection goes back to the pool,
after its transaction has ended (drafting.persistence.database).
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections import deque
from pathlib import Path

try:
    import fcntl
except ImportError:  # not on every platform; the busy handler alone then orders the processes
    fcntl = None

# As long as SQLite's own busy timeout: past it a writer gives up the same way SQLite would.
WAIT_SECONDS = 30.0


class Queue:
    """A lock handed to the waiters in the order they asked for it (threading.Lock lets a late one in)."""

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._waiting: deque[threading.Lock] = deque()
        self._held = False

    def acquire(self, timeout: float) -> bool:
        with self._guard:
            if not self._held:
                self._held = True
                return True
            turn = threading.Lock()
            turn.acquire()
            self._waiting.append(turn)
        if turn.acquire(timeout=timeout):
            return True
        with self._guard:
            if turn in self._waiting:
                self._waiting.remove(turn)
                return False
        return True  # handed over just as the wait ran out

    def __len__(self) -> int:
        """How many wait in line."""
        with self._guard:
            return len(self._waiting)

    def release(self) -> None:
        with self._guard:
            if self._waiting:
                self._waiting.popleft().release()  # held on, by the next in line
            else:
                self._held = False


class Turnstile:
    """The turn to write to one database file, for one connection at a time across threads and processes."""

    def __init__(self, database: Path):
        self.database = database
        self.file = database.with_name(database.name + "-writers")
        self.queue = Queue()
        self.holder: object | None = None  # the DBAPI connection whose turn it is
        self.descriptor: int | None = None  # of the file, locked while a turn is held

    def enter(self, connection: object) -> None:
        if self.holder is connection:
            return  # a second transaction on the connection that holds the turn
        if not self.queue.acquire(WAIT_SECONDS):
            raise sqlite3.OperationalError("database is locked")
        self.holder = connection
        try:
            self.descriptor = locked_file(self.file)
        except BaseException:
            self.leave(connection)
            raise

    def leave(self, connection: object) -> None:
        if self.holder is not connection:
            return
        self.holder = None
        descriptor, self.descriptor = self.descriptor, None
        if descriptor is not None:
            os.close(descriptor)  # which unlocks it
        self.queue.release()

    def forget(self) -> None:
        """In a child process just forked: no connection of its own holds a turn."""
        if self.descriptor is not None:
            os.close(self.descriptor)  # the parent's copy still holds the lock until the parent leaves
        self.__init__(self.database)


def locked_file(file: Path) -> int | None:
    """The file opened and locked for this process, waiting for other processes to leave it."""
    if fcntl is None:
        return None
    try:
        descriptor = os.open(file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return None  # a folder we cannot write in: SQLite's busy handler orders the processes alone
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


_turnstiles: dict[str, Turnstile] = {}
_registry = threading.Lock()


def turnstile_for(database: str | None) -> Turnstile | None:
    """The one turnstile of this process for a database file; None for a database in memory."""
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    key = os.path.realpath(database)
    with _registry:
        if key not in _turnstiles:
            _turnstiles[key] = Turnstile(Path(key))
        return _turnstiles[key]


def _after_fork() -> None:
    global _registry
    _registry = threading.Lock()
    for turnstile in _turnstiles.values():
        turnstile.forget()


os.register_at_fork(after_in_child=_after_fork)
