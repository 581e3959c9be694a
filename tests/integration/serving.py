"""The application under real servers, and drafters working on it at once from threads.

The servers are gunicorn processes as deployed (drafting.bench_server.served); the drafters are
browser tabs (drafting.bench_server.Client) saving and moving through the forms as they work
without JavaScript: a save or a move answers 303 when it is done and 409, with the page saying why,
when it is refused. Every answer is kept, so that the test can compare what the drafters were told
with what the database holds.
"""

from __future__ import annotations

import http.client
import random
import re
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from drafting.bench_server import (
    Answer,
    Client,
    FormReader,
    ItemEditing,
    htmx_headers,
    item_editing,
    item_form_in,
    served,
)

# What a refused save and a refused move must say (the page may add who changed it, and when).
SAVE_REFUSED = re.compile(
    r"changed by someone else since you opened it\..*Nothing (of yours )?was saved", re.S
)
MOVE_REFUSED = re.compile(r"added, deleted or moved by someone else meanwhile, so nothing was done")
# Several writers share each item: a writer may find it taken back before it could open it again.
TAKE_OVERS = 20


@contextmanager
def servers(database_url: str, folder: Path, count: int) -> Iterator[list[int]]:
    """`count` gunicorn servers on one database, each its own process group; yields their ports.

    Their logs are printed when they stop, so a failing test shows what the servers said.
    """
    folders = [folder / f"server-{number}" for number in range(1, count + 1)]
    try:
        with ExitStack() as stack:
            ports = []
            for place in folders:
                place.mkdir(parents=True)
                ports.append(stack.enter_context(served(database_url, place)))
            yield ports
    finally:
        for place in folders:
            log = place / "server.log"
            if log.exists():
                print(f"---- {log.parent.name} log ----\n{log.read_text()[-20000:]}")


class Tab(Client):
    """A browser tab that remembers the last answer it had, to say what went wrong."""

    last: Answer | None = None
    requests = 0

    def send(self, method: str, path: str, body: str | None, headers: dict[str, str]) -> Answer:
        self.requests += 1
        self.last = super().send(method, path, body, headers)
        return self.last


@dataclass(frozen=True)
class Told:
    """One answer to a save or a move: who asked, what, and what the server said."""

    by: str
    item_id: int
    status: int
    marker: str = ""  # the heading a save carried
    base: int = 0  # the item's version in the form a save was made from
    to: int = -1  # the position a move asked for

    @property
    def done(self) -> bool:
        return self.status == 303


@dataclass
class Tally:
    """Everything the drafters were told, and everything that went wrong on their side."""

    saves: list[Told] = field(default_factory=list)
    moves: list[Told] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def keep(self, told: Told, kind: str) -> None:
        with self.lock:
            (self.saves if kind == "save" else self.moves).append(told)

    def fail(self, message: str) -> None:
        with self.lock:
            self.failures.append(message)


def marker(writer: int, edit: int) -> str:
    """The heading a writer's edit gives its item: unique to the edit, so the history can be matched."""
    return f"w{writer:02d}-e{edit:02d}"


class Writing:
    """How many writers are still at work: the movers keep moving while any is."""

    def __init__(self, writers: int):
        self.writers = writers
        self.lock = threading.Lock()

    def done(self) -> None:
        with self.lock:
            self.writers -= 1

    def __bool__(self) -> bool:
        return self.writers > 0


@dataclass(frozen=True)
class Work:
    """What every drafter shares: the outcome, the tally, the time all must be done by, the writers."""

    outcome_id: int
    tally: Tally
    until: float  # time.monotonic()
    writing: Writing


def write(client: Tab, name: str, writer: int, items: tuple[int, ...], edits: int, work: Work) -> None:
    """`edits` saves, each opening the item's form afresh and posting it with the heading replaced."""
    try:
        saves(client, name, writer, items, edits, work)
    finally:
        work.writing.done()


def saves(client: Tab, name: str, writer: int, items: tuple[int, ...], edits: int, work: Work) -> None:
    outcome_id, tally = work.outcome_id, work.tally
    for edit in range(edits):
        if time.monotonic() > work.until:
            tally.fail(f"{name}: out of time after {edit} of {edits} saves")
            return
        item_id = items[(writer + edit) % len(items)]
        heading = marker(writer, edit)
        editing = opened(client, f"/outcomes/{outcome_id}/items/{item_id}/edit", item_id)
        if editing is None:
            last = client.last
            tally.fail(f"{name}: the form of item {item_id} did not open ({last.status}: {last.text[-300:]})")
            continue
        answer = client.post(editing.form.target, editing.form.with_value(editing.text_field, heading))
        base = int(editing.version)
        tally.keep(Told(name, item_id, answer.status, marker=heading, base=base), "save")
        if answer.status == 409 and not SAVE_REFUSED.search(answer.text):
            tally.fail(f"{name}: save {heading} of item {item_id} refused without saying so")
        elif answer.status not in (303, 409):
            tally.fail(f"{name}: save {heading} of item {item_id} answered {answer.status}")


def opened(client: Tab, source: str, item_id: int) -> ItemEditing | None:
    """The item's edit form, opened as the page opens it: the form (a GET, which claims nothing), then
    the heartbeat naming the item, which claims it unless another writer holds it. When another
    writer holds it, the page asks first and this writer takes it over, as htmx does it (the form
    comes back in the answer), as many times as the others take it back (bounded)."""
    editing = item_editing(client, source, str(item_id))
    for _attempt in range(TAKE_OVERS):
        if editing is not None or client.last is None or client.last.status != 200:
            return claimed(client, source, item_id, editing)
        asked = [form for form in FormReader(client.last.text).forms if form.value("take_over") == "yes"]
        if not asked:
            return None
        target = asked[0].attrs.get("hx-target", "").removeprefix("#") or None
        taken = client.post(asked[0].target, asked[0].fields, htmx_headers(source, None, target))
        if taken.status != 200:
            return None
        editing = item_form_in(taken.text, source, str(item_id))
    return editing


def claimed(client: Tab, source: str, item_id: int, editing: ItemEditing | None) -> ItemEditing | None:
    """The page's first heartbeat once the form is open (a GET claims nothing): the form, if it said so."""
    if editing is None:
        return None
    presence = source.split("/items/")[0] + "/presence"
    beat = client.post(presence, [("csrf_token", ""), ("item_id", str(item_id))], htmx_headers(source))
    return editing if beat.status == 204 else None


def move(client: Client, name: str, moves: int, seed: int, work: Work) -> None:
    """Move items up or down while the writers write, and at least `moves` times.

    Every fifth move is posted with the order version of the list read for the move before, as a tab
    left open would: it is refused whenever anything moved since (usually this mover's own move).
    """
    outcome_id, tally = work.outcome_id, work.tally
    chosen = random.Random(seed)
    earlier = ""
    made = 0
    while made < moves or work.writing:
        if time.monotonic() > work.until:
            if made < moves:
                tally.fail(f"{name}: out of time after {made} of {moves} moves")
            return
        page = client.get(f"/outcomes/{outcome_id}/items")
        if page.status != 200:
            tally.fail(f"{name}: the list of items answered {page.status}")
            return
        elements = FormReader(page.text).elements
        order_version = next(
            e.attrs["data-order-version"] for e in elements if "data-order-version" in e.attrs
        )
        places = [
            (int(e.attrs["data-item-id"]), int(e.attrs["data-position"]))
            for e in elements
            if e.tag == "article" and "data-item-id" in e.attrs
        ]
        item_id, at = chosen.choice(places)
        up = at == len(places) - 1 or (at > 0 and chosen.random() < 0.5)
        to = at - 1 if up else at + 1
        sent = earlier if made % 5 == 4 and earlier else order_version
        earlier = order_version
        answer = client.post(
            f"/outcomes/{outcome_id}/items/{item_id}/move",
            [("csrf_token", ""), ("order_version", sent), ("to", str(to))],
        )
        tally.keep(Told(name, item_id, answer.status, to=to), "move")
        if answer.status == 409 and not MOVE_REFUSED.search(answer.text):
            tally.fail(f"{name}: move of item {item_id} refused without saying so")
        elif answer.status not in (303, 409):
            tally.fail(f"{name}: move of item {item_id} to {to} answered {answer.status}")
        made += 1
        # Moves spread over the writers' whole run rather than all made in its first seconds.
        time.sleep(chosen.uniform(0.1, 0.5))


def run_together(jobs: dict[str, tuple], tally: Tally, seconds: float) -> list[str]:
    """Run every job (name: function and arguments) in a thread of its own, started together.

    A job's exception is a failure in the tally; the names of jobs still running after `seconds`
    are returned (their threads are daemons, left to end with the test's process).
    """
    start = threading.Barrier(len(jobs))

    def run(name: str, work, *arguments) -> None:
        try:
            start.wait(timeout=seconds)
            work(*arguments)
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError, RuntimeError) as error:
            tally.fail(f"{name}: {type(error).__name__}: {error}")
        except Exception:
            tally.fail(f"{name}: {traceback.format_exc()}")

    threads = {
        name: threading.Thread(target=run, args=(name, *job), name=name, daemon=True)
        for name, job in jobs.items()
    }
    for thread in threads.values():
        thread.start()
    deadline = time.monotonic() + seconds
    for thread in threads.values():
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    return [name for name, thread in threads.items() if thread.is_alive()]
