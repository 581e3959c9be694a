"""Use cases: what a drafter does to outcomes, each inside one unit of work.

Every change names the version it was made against; a change against an older version is
refused with Conflict (carrying what is there now) and never applied over someone else's work.
"""

from __future__ import annotations

import copy
import hashlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import update

from drafting.conflicts import last_change
from drafting.domain.access import Person
from drafting.domain.agenda import Agenda, agenda_check
from drafting.domain.checks import check
from drafting.domain.merge import merge_item
from drafting.domain.model import Item, Numbering, Outcome, body_name, passages, plain_text
from drafting.domain.passages import candidate_words, cites
from drafting.domain.problems import Problem
from drafting.domain.reentry import Cleared, for_new_meeting
from drafting.domain.references import Parsed, Reference, parse_reference
from drafting.domain.rules.document import references_in
from drafting.io import ImportResult
from drafting.io.files import read_outcome_bytes
from drafting.io.json_format import item_json
from drafting.persistence.repository import Draft, Summary, header_json
from drafting.persistence.tables import ChangeRow, ExportRow, ItemRow
from drafting.persistence.unit_of_work import UnitOfWork


class NotFound(LookupError):
    """The outcome, item or export asked for does not exist (or no longer does)."""


class Conflict(Exception):
    """Someone else changed the same thing since the drafter opened it."""

    def __init__(
        self,
        message: str,
        current: Draft | None,
        changed_by: str | None = None,
        changed_at: datetime | None = None,
    ):
        super().__init__(message)
        self.current = current
        # The newest recorded change of the unit: who (None when not known) and when, in UTC.
        self.changed_by, self.changed_at = changed_by, changed_at


class Refused(PermissionError):
    """A change this person may not make to this outcome (another team's body, a final outcome)."""


@dataclass(frozen=True)
class Filters:
    body: str | None = None
    year: int | None = None
    status: str | None = None
    query: str | None = None  # words, a document number, or a reference in any form
    bodies: frozenset[str] | None = None  # the bodies the reader may see; None: every body


# ---------------------------------------------------------------------- reading


def open_draft(uow: UnitOfWork, outcome_id: int) -> Draft:
    draft = uow.outcomes.get(outcome_id)
    if draft is None:
        raise NotFound(f"there is no outcome {outcome_id}")
    return draft


def outcome_problems(uow: UnitOfWork, draft: Draft) -> list[Problem]:
    """Every problem of the outcome: the checks, then how it differs from the agenda it was made
    from (warnings), when it was made from one. The one list the editor's panel, the export's
    confirmation and the API's check all show."""
    agenda = uow.outcomes.agenda(draft.id)
    if agenda is None:
        return check(draft.outcome)
    return [*check(draft.outcome), *agenda_check(draft.outcome, agenda)]


def list_outcomes(uow: UnitOfWork, filters: Filters = Filters()) -> list[Summary]:
    words = (filters.query or "").strip() or None
    # A query that is one reference, in any of its forms, finds the outcomes citing that document:
    # narrowed by the words each of them holds, then read, as the archive search does
    # (drafting.domain.passages), so "COM(2016) 476" finds "COM(2016) 476 final" and
    # "ST 11213 2020 ADD 1" finds "11213/20 + ADD 1".
    reference = parse_reference(words).reference if words else None
    summaries = uow.outcomes.summaries(
        body=filters.body,
        year=filters.year,
        status=filters.status,
        words=candidate_words(reference) if reference is not None else words,
        bodies=filters.bodies,
    )
    if reference is None:
        return summaries
    return [summary for summary in summaries if citing(uow, summary.id, reference)]


def citing(uow: UnitOfWork, outcome_id: int, reference: Reference) -> bool:
    draft = uow.outcomes.get(outcome_id)
    return draft is not None and cites(draft.outcome, reference)


def citation_key(parsed: Parsed) -> str:
    """How a cited document is filed for search: its register identifier, else its printed form."""
    return parsed.register or parsed.canonical or parsed.text


# ---------------------------------------------------------------------- creating


def create_outcome(
    uow: UnitOfWork, outcome: Outcome, by: Person | None = None, agenda: Agenda | None = None
) -> int:
    """A new draft; `by` (None for the command line) must belong to the team of its body.

    `agenda`, when the outcome is made from one, is kept with it: its problems then include how the
    outcome differs from the agenda (outcome_problems).
    """
    may_hold(by, outcome)
    renumber(outcome)
    outcome_id = uow.outcomes.add(outcome, agenda=agenda)
    refresh_summary(uow, outcome_id, outcome)
    record(uow, outcome_id, "outcome", "create", by, version=1)
    uow.commit()
    return outcome_id


def duplicate_outcome(uow: UnitOfWork, outcome_id: int, by: Person | None = None) -> int:
    """A new draft with the same content, to start from a previous outcome."""
    copy_of = copy.deepcopy(open_draft(uow, outcome_id).outcome)
    return create_outcome(uow, copy_of, by)


def copy_for_new_meeting(uow: UnitOfWork, outcome_id: int, by: Person | None = None) -> tuple[int, Cleared]:
    """A new draft from a previous outcome, its number, dates and references cleared for re-entry
    (drafting.domain.reentry); the previous outcome stays as it is. The copy has no document number
    yet: nothing requires one before the drafter enters it, and the checks report it missing."""
    copy_of, cleared = for_new_meeting(open_draft(uow, outcome_id).outcome)
    return create_outcome(uow, copy_of, by), cleared


def import_outcome(
    uow: UnitOfWork, data: bytes, filename: str, by: Person | None = None
) -> tuple[int, ImportResult]:
    """A new draft from an uploaded .txt, .md, .docx or .json; FormatError when it cannot be read."""
    result = read_outcome_bytes(data, Path(filename).suffix)
    return create_outcome(uow, result.outcome, by), result


def may_hold(by: Person | None, outcome: Outcome) -> None:
    """An outcome belongs to the team of its body: nobody makes one for a team not theirs."""
    body = body_name(outcome)[:40]
    if by is not None and not by.sees(body):
        teams = ", ".join(sorted(by.teams)) or "none"
        named = f"is {body}" if body else "cannot be told from its subject"
        raise Refused(
            f"this outcome's body (read from the subject's brackets or codes) {named}; "
            f"you draft for your teams only ({teams})"
        )


# ---------------------------------------------------------------------- changing
#
# Each change locks its outcome first and reads it once: what it then holds is current until it
# commits, so the draft it returns (or hands to Conflict) is built in memory, not read again. A
# caller that read the draft with locked_draft in the same unit of work has it read for the change.


def update_header(
    uow: UnitOfWork,
    outcome_id: int,
    expected_version: int,
    header: Outcome,
    by: Person | None = None,
    *,
    action: str = "edit",  # "restore" when brought back from the history
) -> Draft:
    """Replace the header (everything but the items) with `header`'s."""
    draft = changeable(uow, outcome_id)
    changed = replace(header, items=draft.outcome.items)
    may_hold(by, changed)
    if not uow.outcomes.save_header(outcome_id, expected_version, changed):
        raise conflict(uow, "the header was changed by someone else", draft, "header")
    numbering_changed = changed.numbering != draft.outcome.numbering
    before = header_json(draft.outcome)
    draft.outcome, draft.version = changed, draft.version + 1
    record(
        uow,
        outcome_id,
        "header",
        action,
        by,
        version=draft.version,
        before=before,
        after=header_json(changed),
    )
    if numbering_changed:
        apply_numbering(uow, draft, by)
    return finish(uow, draft)


def update_item(
    uow: UnitOfWork,
    outcome_id: int,
    item_id: int,
    expected_version: int,
    item: Item,
    by: Person | None = None,
    base: Item | None = None,
    *,
    action: str = "edit",  # "restore" when brought back from the history
) -> Draft:
    """Replace the item. Against an older version, with `base` (the item at that version), the
    drafter's changes are merged with those made since when they touch different parts."""
    draft = changeable(uow, outcome_id)
    position = draft.position_of(item_id)
    if position is None:
        raise NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    if draft.outcome.numbering is Numbering.CONSECUTIVE:
        item = replace(item, number=position + 1)  # the number follows the position
    if base is not None and expected_version != draft.item_versions[position]:
        merged = merged_item(draft, position, base, item)
        if merged is not None:
            item, expected_version = merged, draft.item_versions[position]
    if not uow.outcomes.save_item(outcome_id, item_id, expected_version, item):
        raise conflict(uow, "the item was changed by someone else", draft, "item", item_id)
    before = item_json(draft.outcome.items[position])
    draft.outcome.items[position] = item
    draft.item_versions[position] += 1
    record(
        uow,
        outcome_id,
        "item",
        action,
        by,
        item_id=item_id,
        version=draft.item_versions[position],
        before=before,
        after=item_json(item),
    )
    if draft.item_reviews[position] == "cleared":
        # What was cleared is not what it says now: the new text must be reviewed again.
        uow.session.execute(update(ItemRow).where(ItemRow.id == item_id).values(review="drafting"))
        draft.item_reviews[position] = "drafting"
        record(
            uow,
            outcome_id,
            "review",
            "reopened-by-edit",
            by,
            item_id=item_id,
            version=draft.item_versions[position],
            before={"review": "cleared"},
            after={"review": "drafting"},
        )
    return finish(uow, draft)


def add_item(
    uow: UnitOfWork,
    outcome_id: int,
    expected_order_version: int,
    item: Item,
    position: int | None = None,
    by: Person | None = None,
    *,
    action: str = "add",  # "restore" when a deleted item is brought back from the history
) -> tuple[Draft, int]:
    """Insert an item (at the end by default); returns the draft and the new item's id."""
    draft = claim_order(uow, outcome_id, expected_order_version)
    position = len(draft.item_ids) if position is None else max(0, min(position, len(draft.item_ids)))
    if draft.outcome.numbering is Numbering.AGENDA and position == len(draft.item_ids):
        item = replace(item, number=max((i.number for i in draft.outcome.items), default=0) + 1)
    row = uow.outcomes.row(outcome_id)
    new = ItemRow(position=position, content=item_json(item))
    for other in row.items[position:]:
        other.position += 1
    row.items.insert(position, new)
    uow.session.flush()
    draft.item_ids.insert(position, new.id)
    draft.item_versions.insert(position, 1)
    draft.item_reviews.insert(position, "drafting")
    draft.outcome.items.insert(position, item)
    record(
        uow,
        outcome_id,
        "order",
        action,
        by,
        item_id=new.id,
        version=draft.order_version,
        after={"position": position, "item": item_json(item)},
    )
    apply_numbering(uow, draft, by)
    return finish(uow, draft), new.id


def delete_item(
    uow: UnitOfWork, outcome_id: int, item_id: int, expected_order_version: int, by: Person | None = None
) -> Draft:
    """Take the item out of the outcome; its last state stays in the history, to be restored."""
    draft = claim_order(uow, outcome_id, expected_order_version)
    row = uow.outcomes.item_row(outcome_id, item_id)
    if row is None:
        raise NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    position = draft.position_of(item_id)
    record(
        uow,
        outcome_id,
        "order",
        "delete",
        by,
        item_id=item_id,
        version=draft.order_version,
        before={"position": position, "item": row.content, "version": row.version, "review": row.review},
    )
    uow.session.delete(row)
    uow.session.flush()
    del draft.item_ids[position], draft.item_versions[position], draft.outcome.items[position]
    del draft.item_reviews[position]
    reposition(uow, outcome_id, draft.item_ids)
    apply_numbering(uow, draft, by)
    return finish(uow, draft)


def move_item(
    uow: UnitOfWork,
    outcome_id: int,
    item_id: int,
    to_position: int,
    expected_order_version: int,
    by: Person | None = None,
) -> Draft:
    draft = claim_order(uow, outcome_id, expected_order_version)
    position = draft.position_of(item_id)
    if position is None:
        raise NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    to_position = max(0, min(to_position, len(draft.item_ids) - 1))
    for ids in (draft.item_ids, draft.item_versions, draft.item_reviews, draft.outcome.items):
        ids.insert(to_position, ids.pop(position))
    record(
        uow,
        outcome_id,
        "order",
        "move",
        by,
        item_id=item_id,
        version=draft.order_version,
        before={"position": position},
        after={"position": to_position},
    )
    reposition(uow, outcome_id, draft.item_ids)
    apply_numbering(uow, draft, by)
    return finish(uow, draft)


# ---------------------------------------------------------------------- exporting


@dataclass(frozen=True)
class Export:
    number: int
    filename: str
    path: Path
    sha256: str
    size: int
    problem_count: int
    error_count: int
    created_at: datetime
    final: bool = False  # circulated as the final outcome


def export_outcome(
    uow: UnitOfWork, outcome_id: int, folder: Path, by: Person | None = None
) -> tuple[Export, list[Problem]]:
    """Write the .docx, archive it as circulated, and record it with its checksum and problem count."""
    from drafting.render import render

    # Locked, so two exports made at once get numbers of their own (and the final flag is current).
    draft = locked_draft(uow, outcome_id)
    problems = outcome_problems(uow, draft)
    data = render(draft.outcome)
    number = uow.outcomes.next_export_number(outcome_id)
    stem = safe_stem(draft.outcome.document_number) or f"outcome-{outcome_id}"
    filename = f"{outcome_id}/{stem}-v{number}.docx"
    path = folder / filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    row = uow.outcomes.add_export(
        ExportRow(
            outcome_id=outcome_id,
            number=number,
            filename=filename,
            sha256=hashlib.sha256(data).hexdigest(),
            size=len(data),
            problem_count=len(problems),
            error_count=sum(p.is_error for p in problems),
            final=draft.status == "final",
            user_id=by.id if by is not None else None,
        )
    )
    uow.commit()
    return export_of(row, folder), problems


def list_exports(uow: UnitOfWork, outcome_id: int, folder: Path) -> list[Export]:
    open_draft(uow, outcome_id)
    return [export_of(row, folder) for row in uow.outcomes.exports(outcome_id)]


def get_export(uow: UnitOfWork, outcome_id: int, number: int, folder: Path) -> Export:
    row = uow.outcomes.export(outcome_id, number)
    if row is None:
        raise NotFound(f"outcome {outcome_id} has no export {number}")
    return export_of(row, folder)


def export_of(row: ExportRow, folder: Path) -> Export:
    return Export(
        number=row.number,
        filename=row.filename,
        path=folder / row.filename,
        sha256=row.sha256,
        size=row.size,
        problem_count=row.problem_count,
        error_count=row.error_count,
        created_at=row.created_at,
        final=bool(row.final),
    )


def safe_stem(document_number: str) -> str:
    """A file name from a document number: "14260/1/17 REV 1" -> "14260-1-17-REV-1"."""
    kept = "".join(c if c.isalnum() else "-" for c in document_number.strip())
    return "-".join(part for part in kept.split("-") if part)[:80]


# ---------------------------------------------------------------------- shared steps


def locked_draft(uow: UnitOfWork, outcome_id: int) -> Draft:
    """The draft as it is now, held against other writers until the unit of work commits or ends.

    A caller about to change an outcome reads it with this; the change then builds on the same draft
    rather than reading it again. Callers read it and never change it themselves.
    """
    draft = uow.locked.get(outcome_id)
    if draft is None:
        if not uow.outcomes.lock(outcome_id):
            raise NotFound(f"there is no outcome {outcome_id}")
        draft = uow.locked[outcome_id] = open_draft(uow, outcome_id)
    return draft


def changeable(uow: UnitOfWork, outcome_id: int) -> Draft:
    """The draft, locked for a change; Refused when it is final (read-only until an admin reopens it)."""
    draft = locked_draft(uow, outcome_id)
    if draft.status == "final":
        raise Refused("the outcome is final: an admin must reopen it before it can change")
    return draft


def record(
    uow: UnitOfWork,
    outcome_id: int,
    unit: str,
    action: str,
    by: Person | None,
    *,
    item_id: int | None = None,
    version: int | None = None,
    before: dict | None = None,
    after: dict | None = None,
) -> None:
    """Keep an accepted change in the history. Written after the outcome was locked, so the
    change ids of one outcome follow the order its changes commit in (the live updates rely on it)."""
    uow.session.add(
        ChangeRow(
            outcome_id=outcome_id,
            unit=unit,
            action=action,
            item_id=item_id,
            version=version,
            before=before,
            after=after,
            user_id=by.id if by is not None else None,
        )
    )


def conflict(uow: UnitOfWork, message: str, draft: Draft, unit: str, item_id: int | None = None) -> Conflict:
    """The refusal of a stale change, naming who made the newest change of that unit and when."""
    last = last_change(uow, draft.id, unit, item_id)
    return Conflict(message, draft, last.by, last.at)


def merged_item(draft: Draft, position: int, base: Item, mine: Item) -> Item | None:
    """`mine` (made from `base`) merged with the item as saved now; None when they clash."""
    if draft.outcome.numbering is Numbering.CONSECUTIVE:
        base = replace(base, number=position + 1)  # a renumbering is no drafter's change
    merged, _ = merge_item(base, mine, draft.outcome.items[position])
    return merged


def claim_order(uow: UnitOfWork, outcome_id: int, expected_order_version: int) -> Draft:
    draft = changeable(uow, outcome_id)
    if not uow.outcomes.claim_order(outcome_id, expected_order_version):
        raise conflict(uow, "the items were added, deleted or moved by someone else", draft, "order")
    draft.order_version += 1
    return draft


def reposition(uow: UnitOfWork, outcome_id: int, item_ids: list[int]) -> None:
    rows = uow.outcomes.item_rows(outcome_id)
    for position, item_id in enumerate(item_ids):
        row = rows.get(item_id)
        if row is not None and row.position != position:
            row.position = position
    uow.session.flush()


def renumber(outcome: Outcome) -> None:
    """Under consecutive numbering, an item's number is its place: 1, 2, 3 …"""
    if outcome.numbering is Numbering.CONSECUTIVE:
        for position, item in enumerate(outcome.items):
            item.number = position + 1


def apply_numbering(uow: UnitOfWork, draft: Draft, by: Person | None = None) -> None:
    """Renumber after a structural change, saving (and versioning) only the items whose number moved."""
    if draft.outcome.numbering is not Numbering.CONSECUTIVE:
        return
    rows: dict[int, ItemRow] | None = None
    for position, (item_id, item) in enumerate(zip(draft.item_ids, draft.outcome.items, strict=True)):
        if item.number != position + 1:
            rows = rows if rows is not None else uow.outcomes.item_rows(draft.id)
            row = rows[item_id]
            before = row.content
            item.number = position + 1
            row.content = item_json(item)
            row.version += 1
            draft.item_versions[position] += 1
            record(
                uow,
                draft.id,
                "item",
                "renumber",
                by,
                item_id=item_id,
                version=row.version,
                before=before,
                after=row.content,
            )
    uow.session.flush()


def finish(uow: UnitOfWork, draft: Draft) -> Draft:
    refresh_summary(uow, draft.id, draft.outcome)
    uow.commit()
    draft.updated_at = datetime.now(UTC)
    return draft


def refresh_summary(uow: UnitOfWork, outcome_id: int, outcome: Outcome) -> None:
    """The columns lists and searches read, derived from the outcome after every change."""
    texts = [plain_text(p.content) for p in passages(outcome)]
    cited: list[str] = []
    for text in texts:
        # The checks' kept scans: an unchanged paragraph is not scanned again on every save.
        for found in references_in(text, None):
            if found.parsed.reference is not None:
                key = citation_key(found.parsed)
                if key not in cited:
                    cited.append(key)
    first_day = min(outcome.meeting_dates) if outcome.meeting_dates else None
    year = outcome.issue_date.year if outcome.issue_date else (first_day.year if first_day else None)
    uow.outcomes.refresh_summary(
        outcome_id,
        {
            "body": body_name(outcome)[:40],
            "document_number": outcome.document_number[:120],
            "subject": " ".join(outcome.subject.split()),
            "meeting_date": first_day,
            "year": year,
            "search_text": "\n".join(texts + cited),
            "citations": "".join(f"|{key}|" for key in cited),
            "updated_at": datetime.now(UTC),
        },
    )
