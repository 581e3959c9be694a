"""Many drafters saving the same few items at once while others move items, through real servers.

Twenty drafters save four items of the sample 25 times each, every save made from the item's form
as just opened, so that most saves race others on the same item; meanwhile three drafters move
items up and down. Afterwards the database is read directly and held to what the drafters were
told: every acknowledged save is in the history and the last one is what the item says, no
refused save left a trace, the history holds exactly the accepted changes, each building on the
one before, and the numbering is still 1, 2, 3 … in the order of the items.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from drafting import services
from drafting.bench_server import SAMPLE
from drafting.domain.model import Numbering
from drafting.io.json_format import item_json, loads
from drafting.persistence.repository import Draft
from drafting.persistence.tables import ChangeRow
from tests.conftest import PASSWORD, make_person
from tests.integration.serving import Tab, Tally, Work, Writing, move, run_together, servers, write

WRITERS, EDITS = 20, 25
MOVERS, MOVES = 3, 20
# Items 3 to 6 of the sample (their ids in a fresh database): no footnote in the heading, not
# in Mixed Committee format, so a heading replaced by a marker is a valid item.
EDITED = (3, 4, 5, 6)
SECONDS = 240  # every drafter is done by then, or the test fails


def prepared(app) -> tuple[int, dict[str, int]]:
    """The sample, and the drafters of its body (COSI) who will work on it: name to person id."""
    from drafting.web import unit_of_work

    with app.app_context(), unit_of_work(reading=False) as uow:
        outcome_id = services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))
    names = [f"writer-{n:02d}" for n in range(WRITERS)] + [f"mover-{n}" for n in range(MOVERS)]
    return outcome_id, {name: make_person(app, name, "drafter", ("COSI",)).id for name in names}


def state(app, outcome_id: int):
    """The draft, its history rows in id order, and its items' positions, read from the database."""
    from drafting.web import unit_of_work

    with app.app_context(), unit_of_work(reading=True) as uow:
        draft = services.open_draft(uow, outcome_id)
        query = select(ChangeRow).where(ChangeRow.outcome_id == outcome_id).order_by(ChangeRow.id)
        changes = [
            (row.id, row.unit, row.action, row.item_id, row.version, row.before, row.after, row.user_id)
            for row in uow.session.scalars(query)
        ]
        positions = {row.id: row.position for row in uow.outcomes.item_rows(outcome_id).values()}
    return draft, changes, positions


def heading_text(content: dict) -> str:
    return "".join(span.get("text", "") for span in content.get("heading", []))


@dataclass
class Run:
    """What one run left: the outcome before and after, the history rows it added, the items'
    positions, who worked (name: person id), what they were told, and the servers' logs."""

    first: Draft
    final: Draft
    changes: list[tuple]
    positions: dict[int, int]
    people: dict[str, int]
    tally: Tally
    logs: str


def run(app, database_url: str, folder: Path, server_count: int) -> Run:
    outcome_id, people = prepared(app)
    first, history_before, _ = state(app, outcome_id)
    seen = max((change[0] for change in history_before), default=0)
    tally = Tally()
    with servers(database_url, folder, server_count) as ports:
        # Each drafter signs in through the sign-in page of one of the servers, spread evenly.
        clients = {name: Tab(ports[n % len(ports)], name, PASSWORD) for n, name in enumerate(people)}
        for client in clients.values():
            client.get(f"/outcomes/{outcome_id}")  # the page's CSRF token, as a browser holds it
        work = Work(outcome_id, tally, time.monotonic() + SECONDS, Writing(WRITERS))
        jobs = {}
        for number, name in enumerate(people):
            if name.startswith("writer-"):
                jobs[name] = (write, clients[name], name, number, EDITED, EDITS, work)
            else:
                jobs[name] = (move, clients[name], name, MOVES, number, work)
        began = time.monotonic()
        still_running = run_together(jobs, tally, SECONDS + 30)
        took = time.monotonic() - began
        for client in clients.values():
            client.close()
        assert not still_running, f"still running after {SECONDS + 30} s: {still_running}"
    print(
        f"{server_count} server(s), {took:.1f} s: "
        f"{sum(t.done for t in tally.saves)} of {len(tally.saves)} saves and "
        f"{sum(t.done for t in tally.moves)} of {len(tally.moves)} moves acknowledged, "
        f"{sum(client.requests for client in clients.values())} requests"
    )
    final, history, positions = state(app, outcome_id)
    logs = "".join(log.read_text() for log in sorted(folder.glob("server-*/server.log")))
    changes = [change for change in history if change[0] > seen]
    return Run(first, final, changes, positions, people, tally, logs)


def proven(done: Run) -> None:
    """What the database holds is exactly what the drafters were told."""
    first, final, changes, tally = done.first, done.final, done.changes, done.tally
    # Nothing failed: every answer was 303 or 409, and a 409 always said what was refused; the
    # servers logged no error (a worker killed for taking too long is logged, not answered).
    assert tally.failures == [], "\n".join(tally.failures[:20])
    for sign in ("Traceback", "[ERROR]", "[CRITICAL]"):
        assert sign not in done.logs, f"the servers logged {sign}"
    assert len(tally.saves) == WRITERS * EDITS
    assert len(tally.moves) >= MOVERS * MOVES
    saved = [told for told in tally.saves if told.done]
    refused = [told for told in tally.saves if not told.done]
    moved = [told for told in tally.moves if told.done]
    # The race was real: saves and moves were both accepted and refused.
    assert saved and refused, (len(saved), len(refused))
    assert moved and len(moved) < len(tally.moves), (len(moved), len(tally.moves))

    kinds = Counter((unit, action) for _, unit, action, *_ in changes)
    assert set(kinds) <= {("item", "edit"), ("item", "renumber"), ("order", "move")}, kinds
    edits = [change for change in changes if change[2] == "edit"]
    moves = [change for change in changes if change[2] == "move"]
    assert len(edits) == len(saved), "history edits ≠ acknowledged saves"
    assert len(moves) == len(moved), "history moves ≠ acknowledged moves"

    # Every acknowledged save is in the history, by whom it was made; no refused save is.
    ids = {person_id: name for name, person_id in done.people.items()}
    in_history = Counter(
        (item_id, heading_text(after), ids[user]) for _, _, _, item_id, _, _, after, user in edits
    )
    acknowledged = Counter((told.item_id, told.marker, told.by) for told in saved)
    assert in_history == acknowledged, {
        "acknowledged, not in the history": acknowledged - in_history,
        "in the history, not acknowledged": in_history - acknowledged,
    }

    # Each item's history is a chain: every accepted change builds on the one before, its version
    # one more; the item ends as the last change left it, its heading the last acknowledged save's.
    start = {
        item_id: item_json(item) for item_id, item in zip(first.item_ids, first.outcome.items, strict=True)
    }
    now = dict(zip(final.item_ids, zip(final.item_versions, final.outcome.items, strict=True), strict=True))
    for item_id, content in start.items():
        version = first.item_versions[first.item_ids.index(item_id)]
        for change_id, unit, action, changed, at_version, before, after, _ in changes:
            if unit != "item" or changed != item_id:
                continue
            assert before == content, f"change {change_id} ({action} of item {item_id}) built on a stale item"
            assert at_version == version + 1, f"change {change_id}: version {at_version} after {version}"
            content, version = after, at_version
        final_version, final_item = now[item_id]
        assert (final_version, item_json(final_item)) == (version, content), f"item {item_id} ≠ its history"
    # A save made from an older version was accepted only over renumbering (another part of the
    # item): never over another writer's heading, which it would have overwritten unseen.
    history = {
        (item_id, version): action for _, unit, action, item_id, version, *_ in changes if unit == "item"
    }
    made = {heading_text(after): (version, before, after) for _, _, _, _, version, before, after, _ in edits}
    merged = 0
    for told in saved:
        version, before, after = made[told.marker]
        merged += version > told.base + 1
        unseen = [history[told.item_id, v] for v in range(told.base + 1, version)]
        assert set(unseen) <= {"renumber"}, f"{told.marker} saved over {unseen} it had not seen"
        assert after["number"] == before["number"], f"{told.marker} changed the item's number"
    print(f"{merged} saves made from an older version were merged over renumbering")
    for item_id in EDITED:
        last = [heading_text(after) for _, _, _, changed, _, _, after, _ in edits if changed == item_id]
        assert last, f"no save of item {item_id} was acknowledged"
        assert heading_text(item_json(now[item_id][1])) == last[-1]

    # The moves replayed in history order give the order the items are in, each by who was told so.
    order, order_version = list(first.item_ids), first.order_version
    for change_id, _, _, item_id, at_version, before, after, _ in moves:
        assert order[before["position"]] == item_id, f"move {change_id} from a stale order"
        assert at_version == order_version + 1, f"move {change_id}: order version {at_version}"
        order.insert(after["position"], order.pop(before["position"]))
        order_version = at_version
    assert (order, order_version) == (final.item_ids, final.order_version)
    in_order = Counter(
        (ids[user], item_id, after["position"]) for _, _, _, item_id, _, _, after, user in moves
    )
    assert in_order == Counter((told.by, told.item_id, told.to) for told in moved)

    # Numbering: consecutive, 1 … n in the order of the items, whose positions are 0 … n-1.
    assert final.outcome.numbering is Numbering.CONSECUTIVE
    assert [item.number for item in final.outcome.items] == list(range(1, len(final.item_ids) + 1))
    assert [done.positions[item_id] for item_id in final.item_ids] == list(range(len(final.item_ids)))


def test_many_drafters_on_one_server(app, database_url, tmp_path):
    proven(run(app, database_url, tmp_path, 1))


def test_many_drafters_on_two_servers_sharing_one_database(app, database_url, tmp_path):
    # Two servers apart are what a deployment on several machines is (PostgreSQL); on SQLite, two
    # servers on one machine share the file, and its writers' turns must hold across them too.
    proven(run(app, database_url, tmp_path, 2))
