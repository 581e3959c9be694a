"""The whole archive as JSON files, for backup and for moving between databases (docs/archive-format.md).

An archive is a folder: manifest.json, people.json, templates.json (item templates and meeting
skeletons), and outcomes/<id>.json, one per outcome, each
holding the outcome in the project's JSON format (drafting.io.json_format) with what its rows keep
beside it: ids, versions, review statuses, status, history and comments. Ids are kept, so every
reference between rows (history to items, comments to replies, anything to people) stays true;
that is why an archive is imported only into an empty database. The circulated .docx files stay in
the exports folder: the manifest lists each with its SHA-256, so a restore can tell which are there.

Sign-in attempts, presence and edit claims are not kept: they are only true for a few minutes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.exc import DataError, IntegrityError

from drafting import services
from drafting.io import FormatError
from drafting.io.agenda_format import agenda_from_json, agenda_json, read_agenda_json
from drafting.io.json_format import from_json, item_json, to_json
from drafting.persistence.repository import header_json
from drafting.persistence.tables import (
    ChangeRow,
    CommentRow,
    ExportRow,
    ItemRow,
    ItemTemplateRow,
    MembershipRow,
    OutcomeRow,
    SkeletonRow,
    TeamRow,
    TokenRow,
    UserRow,
)
from drafting.persistence.unit_of_work import UnitOfWork
from drafting.reuse.templates import template_from_json

FORMAT = "drafting-archive"
VERSION = 1
MANIFEST = "manifest.json"
PEOPLE = "people.json"
TEMPLATES = "templates.json"
SCOPES = ("personal", "team", "standard")
OUTCOMES = "outcomes"
SENSITIVE = (
    "people.json holds every account's password hash and API token digests: "
    "keep this archive as safe as the database itself"
)
STATUSES = ("draft", "final")
REVIEWS = ("drafting", "ready", "cleared")
ROLES = ("drafter", "reviewer", "admin")
LARGEST_ID = 2**31 - 1  # an Integer column on PostgreSQL
# Every table an import fills, in an order that inserts each row after the rows it refers to.
TABLES = (
    TeamRow,
    UserRow,
    MembershipRow,
    TokenRow,
    ItemTemplateRow,
    SkeletonRow,
    OutcomeRow,
    ItemRow,
    ExportRow,
    ChangeRow,
    CommentRow,
)


class ArchiveError(ValueError):
    """An archive that cannot be written or read as asked; the message is one line and says why."""


@dataclass(frozen=True)
class Exported:
    folder: Path
    outcomes: int
    people: int
    exports: int
    docx_missing: list[str] = field(default_factory=list)  # recorded, but not in the exports folder
    docx_differing: list[str] = field(default_factory=list)  # there, but not the file circulated


@dataclass(frozen=True)
class Imported:
    outcomes: int
    items: int
    changes: int
    comments: int
    exports: int
    people: int
    teams: int
    tokens: int
    templates: int = 0
    skeletons: int = 0
    docx_missing: list[str] = field(default_factory=list)
    docx_differing: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------- writing an archive


def export_archive(uow: UnitOfWork, folder: Path, exports_folder: Path | None = None) -> Exported:
    """Write the whole archive into `folder` (new or empty), read in one consistent snapshot.

    The manifest is written last: a folder without one is an export that did not finish.
    """
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ArchiveError(f"{folder} is not an empty folder: an archive is written into a new or empty one")
    consistent_snapshot(uow)
    session = uow.session
    exports = [export_record(row) for row in session.scalars(select(ExportRow).order_by(ExportRow.id))]
    people = people_record(uow)
    templates = templates_record(uow)
    outcome_files = [
        outcome_record(uow, row) for row in session.scalars(select(OutcomeRow).order_by(OutcomeRow.id))
    ]

    (folder / OUTCOMES).mkdir(parents=True, exist_ok=True)
    listed = []
    for record in outcome_files:
        name = f"{OUTCOMES}/{record['id']}.json"
        listed.append(
            {
                "id": record["id"],
                "file": name,
                "document_number": record["outcome"].get("document_number", ""),
                "sha256": write_json(folder / name, record),
            }
        )
    people_sha256 = write_json(folder / PEOPLE, people)
    templates_sha256 = write_json(folder / TEMPLATES, templates)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": stamp(datetime.now(UTC)),
        "database": session.get_bind().dialect.name,
        "sensitive": SENSITIVE,
        "people": {
            "file": PEOPLE,
            "sha256": people_sha256,
            "users": len(people["users"]),
            "teams": len(people["teams"]),
            "tokens": len(people["tokens"]),
        },
        "templates": {
            "file": TEMPLATES,
            "sha256": templates_sha256,
            "templates": len(templates["templates"]),
            "skeletons": len(templates["skeletons"]),
        },
        "outcomes": listed,
        "exports": exports,
    }
    write_json(folder / MANIFEST, manifest)
    missing, differing = docx_check(exports, exports_folder)
    return Exported(folder, len(listed), len(people["users"]), len(exports), missing, differing)


def consistent_snapshot(uow: UnitOfWork) -> None:
    """Every table read as of one moment. SQLite's read transaction is one snapshot already;
    PostgreSQL's default gives each statement its own, so a change committed between two reads
    could be half in the archive."""
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def outcome_record(uow: UnitOfWork, row: OutcomeRow) -> dict[str, Any]:
    session = uow.session
    items = list(
        session.scalars(select(ItemRow).where(ItemRow.outcome_id == row.id).order_by(ItemRow.position))
    )
    data = dict(row.header)
    data["items"] = [item.content for item in items]
    agenda = agenda_from_json(row.agenda)
    changes = session.scalars(select(ChangeRow).where(ChangeRow.outcome_id == row.id).order_by(ChangeRow.id))
    comments = session.scalars(
        select(CommentRow).where(CommentRow.outcome_id == row.id).order_by(CommentRow.id)
    )
    record = {
        "id": row.id,
        "status": row.status,
        "version": row.version,
        "order_version": row.order_version,
        "created_at": stamp(row.created_at),
        "updated_at": stamp(row.updated_at),
        # Read and written again: the canonical JSON of the outcome, checked on the way out too.
        "outcome": to_json(from_json(data)),
        "items": [
            {"id": i.id, "version": i.version, "review": i.review, "updated_at": stamp(i.updated_at)}
            for i in items
        ],
        "changes": [
            {
                "id": c.id,
                "unit": c.unit,
                "item_id": c.item_id,
                "action": c.action,
                "version": c.version,
                "before": c.before,
                "after": c.after,
                "user_id": c.user_id,
                "at": stamp(c.at),
            }
            for c in changes
        ],
        "comments": [
            {
                "id": c.id,
                "item_id": c.item_id,
                "parent_id": c.parent_id,
                "user_id": c.user_id,
                "text": c.text,
                "mentions": c.mentions,
                "created_at": stamp(c.created_at),
                "resolved_at": stamp(c.resolved_at),
                "resolved_by": c.resolved_by,
            }
            for c in comments
        ],
    }
    # Only for an outcome made from an agenda; one kept that cannot be read counts as none, as in the
    # editor, rather than stopping the backup of everything else.
    if agenda is not None:
        record["agenda"] = agenda_json(agenda)
    return record


def people_record(uow: UnitOfWork) -> dict[str, Any]:
    session = uow.session
    users = session.scalars(select(UserRow).order_by(UserRow.id))
    return {
        "sensitive": SENSITIVE,
        "teams": [
            {"id": t.id, "body": t.body} for t in session.scalars(select(TeamRow).order_by(TeamRow.id))
        ],
        "users": [
            {
                "id": u.id,
                "name": u.name,
                "role": u.role,
                "active": bool(u.active),
                "created_at": stamp(u.created_at),
                "teams": sorted(team.body for team in u.teams),
                "password_hash": u.password_hash,
            }
            for u in users
        ],
        "tokens": [
            {"id": t.id, "user_id": t.user_id, "digest": t.digest, "created_at": stamp(t.created_at)}
            for t in session.scalars(select(TokenRow).order_by(TokenRow.id))
        ],
    }


def templates_record(uow: UnitOfWork) -> dict[str, Any]:
    """Every item template and meeting skeleton, the standard ones too: skeletons name templates by id."""
    session = uow.session
    return {
        "templates": [
            {
                "id": t.id,
                "key": t.key,
                "name": t.name,
                "description": t.description,
                "scope": t.scope,
                "owner_id": t.owner_id,
                "team": t.team,
                "content": t.content,
                "usage_count": t.usage_count,
                "created_by": t.created_by,
                "created_at": stamp(t.created_at),
                "updated_at": stamp(t.updated_at),
            }
            for t in session.scalars(select(ItemTemplateRow).order_by(ItemTemplateRow.id))
        ],
        "skeletons": [
            {
                "id": k.id,
                "key": k.key,
                "name": k.name,
                "body": k.body,
                "scope": k.scope,
                "owner_id": k.owner_id,
                "team": k.team,
                "template_ids": list(k.template_ids),
                "created_by": k.created_by,
                "created_at": stamp(k.created_at),
                "updated_at": stamp(k.updated_at),
            }
            for k in session.scalars(select(SkeletonRow).order_by(SkeletonRow.id))
        ],
    }


def export_record(row: ExportRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "outcome_id": row.outcome_id,
        "number": row.number,
        "filename": row.filename,
        "sha256": row.sha256,
        "size": row.size,
        "problem_count": row.problem_count,
        "error_count": row.error_count,
        "final": bool(row.final),
        "user_id": row.user_id,
        "created_at": stamp(row.created_at),
    }


def write_json(path: Path, data: object) -> str:
    """Written as UTF-8 text, indented; returns the SHA-256 of the bytes written."""
    content = (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    path.write_bytes(content)
    return hashlib.sha256(content).hexdigest()


def stamp(moment: datetime | None) -> str | None:
    """A time in UTC, ISO 8601 with its offset. SQLite gives times back without one: they are UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def docx_check(exports: list[dict], exports_folder: Path | None) -> tuple[list[str], list[str]]:
    """The recorded .docx files not in the exports folder, and those there with other content."""
    if exports_folder is None:
        return [], []
    missing, differing = [], []
    for export in exports:
        path = Path(exports_folder) / export["filename"]
        if not path.is_file():
            missing.append(export["filename"])
        elif hashlib.sha256(path.read_bytes()).hexdigest() != export["sha256"]:
            differing.append(export["filename"])
    return missing, differing


# ---------------------------------------------------------------------- reading an archive


@dataclass
class Archive:
    """An archive read and checked, as the rows to insert, table by table."""

    rows: dict[type, list[dict[str, Any]]]
    outcomes: dict[int, Any]  # the domain outcomes, by id, for the list's summary columns
    exports: list[dict[str, Any]]


def import_archive(uow: UnitOfWork, folder: Path, exports_folder: Path | None = None) -> Imported:
    """Restore the archive in `folder` into this (empty) database, in one transaction: all or nothing."""
    archive = read_archive(Path(folder))
    refuse_unless_empty(uow)
    try:
        if archive.rows[ItemTemplateRow]:
            # The standard set the database may have written for itself gives way to the archive's,
            # whose ids its skeletons name; the standard rows are kept as the code says on next use.
            uow.session.execute(delete(SkeletonRow))
            uow.session.execute(delete(ItemTemplateRow))
        for table in TABLES:
            if archive.rows[table]:
                uow.session.execute(insert(table), archive.rows[table])
        updated = {row["id"]: row["updated_at"] for row in archive.rows[OutcomeRow]}
        for outcome_id, outcome in archive.outcomes.items():
            # The columns lists and searches read are derived from the content, as on every save;
            # deriving them sets the time of the last change, which is the archive's to give back.
            services.refresh_summary(uow, outcome_id, outcome)
            uow.session.execute(
                update(OutcomeRow).where(OutcomeRow.id == outcome_id).values(updated_at=updated[outcome_id])
            )
        reset_sequences(uow)
        uow.commit()
    except (IntegrityError, DataError) as error:
        reason = str(error.orig).strip().splitlines()[0] if error.orig is not None else "a constraint"
        raise ArchiveError(
            f"the archive does not fit the database ({reason}); nothing was imported"
        ) from None
    rows = archive.rows
    missing, differing = docx_check(archive.exports, exports_folder)
    return Imported(
        outcomes=len(rows[OutcomeRow]),
        items=len(rows[ItemRow]),
        changes=len(rows[ChangeRow]),
        comments=len(rows[CommentRow]),
        exports=len(rows[ExportRow]),
        people=len(rows[UserRow]),
        teams=len(rows[TeamRow]),
        tokens=len(rows[TokenRow]),
        templates=len(rows[ItemTemplateRow]),
        skeletons=len(rows[SkeletonRow]),
        docx_missing=missing,
        docx_differing=differing,
    )


def refuse_unless_empty(uow: UnitOfWork) -> None:
    """Ids are kept, so they must all be free: only an empty database takes an archive."""
    held = []
    for table, noun in (
        (OutcomeRow, "outcome"),
        (UserRow, "account"),
        (TeamRow, "team"),
        (ItemRow, "item"),
        (ChangeRow, "history row"),
        (CommentRow, "comment"),
        (ExportRow, "export record"),
        (TokenRow, "API token"),
    ):
        count = uow.session.scalar(select(func.count()).select_from(table)) or 0
        if count:
            held.append(f"{count} {noun}{'s' if count != 1 else ''}")
    # The standard templates and skeletons a new database writes for itself do not count: they are
    # the product's, not anyone's work.
    for table, noun in ((ItemTemplateRow, "template"), (SkeletonRow, "skeleton")):
        query = select(func.count()).select_from(table).where(table.scope != "standard")
        count = uow.session.scalar(query) or 0
        if count:
            held.append(f"{count} {noun}{'s' if count != 1 else ''}")
    if held:
        raise ArchiveError(
            f"the database is not empty (it holds {', '.join(held)}): an archive is imported only "
            "into an empty database; set DATABASE_URL to a new one"
        )


HIGHEST_ITEM_NAMED = (
    "SELECT MAX(id) FROM (SELECT MAX(id) AS id FROM items UNION ALL "
    "SELECT MAX(item_id) FROM changes UNION ALL SELECT MAX(item_id) FROM comments) AS named"
)


def reset_sequences(uow: UnitOfWork) -> None:
    """PostgreSQL hands out ids from a sequence that rows inserted with their own id do not move:
    set each past the highest id, or the next outcome made would take an id already used.
    The items' also passes the ids that only the history and comments still name (deleted items),
    so a new item never takes the id of one whose history is kept; on SQLite, whose other tables
    take the highest id plus one, the items' table (AUTOINCREMENT) is moved past them the same way."""
    dialect = uow.session.get_bind().dialect.name
    if dialect == "sqlite":
        highest = uow.session.scalar(text(HIGHEST_ITEM_NAMED))
        if highest:
            uow.session.execute(text("DELETE FROM sqlite_sequence WHERE name = 'items'"))
            uow.session.execute(
                text("INSERT INTO sqlite_sequence (name, seq) VALUES ('items', :seq)"), {"seq": highest}
            )
        return
    if dialect != "postgresql":
        return
    for table in (
        OutcomeRow,
        ExportRow,
        UserRow,
        TeamRow,
        TokenRow,
        ChangeRow,
        CommentRow,
        ItemTemplateRow,
        SkeletonRow,
    ):
        name = table.__tablename__
        uow.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), COALESCE(MAX(id), 1), "
                f"MAX(id) IS NOT NULL) FROM {name}"
            )
        )
    highest = uow.session.scalar(text(HIGHEST_ITEM_NAMED))
    uow.session.execute(
        text("SELECT setval(pg_get_serial_sequence('items', 'id'), :value, :called)"),
        {"value": highest or 1, "called": highest is not None},
    )


def read_archive(folder: Path) -> Archive:
    """Every file read and checked against the manifest and against each other; nothing written."""
    if not (folder / MANIFEST).is_file():
        raise ArchiveError(
            f"{folder} holds no {MANIFEST}: it is not an archive (or its export did not finish)"
        )
    manifest = Fields(load(folder, MANIFEST), MANIFEST)
    kind = manifest.text("format")
    if kind != FORMAT:
        raise ArchiveError(f"{MANIFEST}: format: expected '{FORMAT}', found '{kind}'")
    version = manifest.integer("version")
    if version != VERSION:
        newer = "is newer than this program reads" if version > VERSION else "is unknown"
        raise ArchiveError(f"{MANIFEST}: version: version {version} {newer} (it reads version {VERSION})")
    manifest.stamp("created_at")
    manifest.optional("database")
    manifest.optional("sensitive")
    people_entry = manifest.fields("people")
    if people_entry.text("file") != PEOPLE:
        raise ArchiveError(f"{people_entry.where}: file: expected '{PEOPLE}'")
    people = Fields(checked_file(folder, PEOPLE, people_entry.text("sha256")), PEOPLE)
    for count in ("users", "teams", "tokens"):
        people_entry.optional(count)
    people_entry.finish()

    rows: dict[type, list[dict[str, Any]]] = {table: [] for table in TABLES}
    read_people(people, rows)
    user_ids = {row["id"] for row in rows[UserRow]}
    # Archives written before templates were kept have no entry: their import keeps the standard set.
    templates_entry = manifest.optional("templates")
    if templates_entry is not None:
        entry = Fields(templates_entry, f"{MANIFEST}: templates")
        if entry.text("file") != TEMPLATES:
            raise ArchiveError(f"{entry.where}: file: expected '{TEMPLATES}'")
        kept = Fields(checked_file(folder, TEMPLATES, entry.text("sha256")), TEMPLATES)
        entry.optional("templates")
        entry.optional("skeletons")
        entry.finish()
        read_templates(kept, user_ids, rows)

    outcomes: dict[int, Any] = {}
    listed = set()
    for index, entry in enumerate(manifest.list_of("outcomes")):
        entry = Fields(entry, f"{MANIFEST}: outcomes[{index}]")
        outcome_id = entry.id("id")
        name = entry.text("file")
        if name != f"{OUTCOMES}/{outcome_id}.json":
            raise ArchiveError(
                f"{entry.where}: file: expected '{OUTCOMES}/{outcome_id}.json', found '{name}'"
            )
        if outcome_id in outcomes:
            raise ArchiveError(f"{entry.where}: outcome {outcome_id} is listed twice")
        entry.optional("document_number")
        data = Fields(checked_file(folder, name, entry.text("sha256")), name)
        entry.finish()
        outcomes[outcome_id] = read_outcome(data, outcome_id, user_ids, rows)
        listed.add(name)
    for name in sorted(f"{OUTCOMES}/{path.name}" for path in (folder / OUTCOMES).glob("*.json")):
        if name not in listed:
            raise ArchiveError(
                f"{name} is in the folder but not in {MANIFEST}: the archive is not as exported"
            )

    exports = [
        read_export(Fields(entry, f"{MANIFEST}: exports[{index}]"), outcomes, user_ids)
        for index, entry in enumerate(manifest.list_of("exports"))
    ]
    manifest.finish()
    rows[ExportRow] = exports
    unique(rows[ItemRow], "id", "item")
    unique(rows[ChangeRow], "id", "history row")
    unique(rows[CommentRow], "id", "comment")
    unique(exports, "id", "export")
    unique(exports, ("outcome_id", "number"), "export number")
    return Archive(rows, outcomes, [dict(e) for e in exports])


def read_templates(kept: Fields, user_ids: set[int], rows: dict[type, list[dict[str, Any]]]) -> None:
    for index, data in enumerate(kept.list_of("templates")):
        entry = Fields(data, f"{TEMPLATES}: templates[{index}]")
        row = {
            "id": entry.id("id"),
            "key": entry.checked(
                "key", lambda v: isinstance(v, str) and len(v) <= 60, "a key", nullable=True
            ),
            "name": entry.text("name", longest=120),
            "description": entry.text("description"),
            "scope": entry.choice("scope", SCOPES),
            "owner_id": entry.reference("owner_id", user_ids, "account"),
            "team": entry.checked(
                "team", lambda v: isinstance(v, str) and len(v) <= 40, "a body", nullable=True
            ),
            "content": entry.json_object("content"),
            "usage_count": entry.integer("usage_count"),
            "created_by": entry.reference("created_by", user_ids, "account"),
            "created_at": entry.stamp("created_at"),
            "updated_at": entry.stamp("updated_at"),
        }
        entry.finish()
        try:
            template_from_json(row["key"] or str(row["id"]), row["name"], row["description"], row["content"])
        except ValueError as error:  # FormatError among them
            raise ArchiveError(f"{entry.where}: content: not a template ({error})") from None
        rows[ItemTemplateRow].append(row)
    unique(rows[ItemTemplateRow], "id", "template")
    template_ids = {row["id"] for row in rows[ItemTemplateRow]}
    for index, data in enumerate(kept.list_of("skeletons")):
        entry = Fields(data, f"{TEMPLATES}: skeletons[{index}]")
        row = {
            "id": entry.id("id"),
            "key": entry.checked(
                "key", lambda v: isinstance(v, str) and len(v) <= 60, "a key", nullable=True
            ),
            "name": entry.text("name", longest=120),
            "body": entry.text("body", longest=40),
            "scope": entry.choice("scope", SCOPES),
            "owner_id": entry.reference("owner_id", user_ids, "account"),
            "team": entry.checked(
                "team", lambda v: isinstance(v, str) and len(v) <= 40, "a body", nullable=True
            ),
            "template_ids": entry.list_of("template_ids"),
            "created_by": entry.reference("created_by", user_ids, "account"),
            "created_at": entry.stamp("created_at"),
            "updated_at": entry.stamp("updated_at"),
        }
        entry.finish()
        for named in row["template_ids"]:
            if named not in template_ids:
                raise ArchiveError(f"{entry.where}: template_ids: {json.dumps(named)[:20]} is no template")
        rows[SkeletonRow].append(row)
    unique(rows[SkeletonRow], "id", "skeleton")
    kept.finish()


def read_people(people: Fields, rows: dict[type, list[dict[str, Any]]]) -> None:
    people.optional("sensitive")
    teams: dict[str, int] = {}
    for index, entry in enumerate(people.list_of("teams")):
        team = Fields(entry, f"{PEOPLE}: teams[{index}]")
        row = {"id": team.id("id"), "body": team.text("body", longest=40)}
        team.finish()
        if row["body"] in teams:
            raise ArchiveError(f"{team.where}: the team {row['body']} is there twice")
        teams[row["body"]] = row["id"]
        rows[TeamRow].append(row)
    unique(rows[TeamRow], "id", "team")
    for index, entry in enumerate(people.list_of("users")):
        user = Fields(entry, f"{PEOPLE}: users[{index}]")
        row = {
            "id": user.id("id"),
            "name": user.text("name", longest=60),
            "role": user.choice("role", ROLES),
            "active": user.boolean("active"),
            "created_at": user.stamp("created_at"),
            "password_hash": user.text("password_hash", longest=255),
        }
        for body in user.list_of("teams"):
            if body not in teams:
                raise ArchiveError(f"{user.where}: teams: {body!r} is not one of the archive's teams")
            rows[MembershipRow].append({"user_id": row["id"], "team_id": teams[body]})
        user.finish()
        rows[UserRow].append(row)
    unique(rows[UserRow], "id", "account")
    unique(rows[UserRow], "name", "account name")
    user_ids = {row["id"] for row in rows[UserRow]}
    for index, entry in enumerate(people.list_of("tokens")):
        token = Fields(entry, f"{PEOPLE}: tokens[{index}]")
        row = {
            "id": token.id("id"),
            "user_id": token.reference("user_id", user_ids, "account", nullable=False),
            "digest": token.text("digest", longest=64),
            "created_at": token.stamp("created_at"),
        }
        token.finish()
        rows[TokenRow].append(row)
    unique(rows[TokenRow], "id", "token")
    unique(rows[TokenRow], "digest", "token digest")
    people.finish()


def read_outcome(data: Fields, outcome_id: int, user_ids: set[int], rows: dict[type, list]) -> Any:
    """One outcome file into its rows; returns the domain outcome."""
    if data.id("id") != outcome_id:
        raise ArchiveError(f"{data.where}: id: the manifest lists this file as outcome {outcome_id}")
    try:
        outcome = from_json(data.take("outcome"))
    except FormatError as error:
        raise ArchiveError(f"{data.where}: outcome: {error}") from None
    created = data.stamp("created_at")
    agenda = data.optional("agenda")
    if agenda is not None:
        try:
            agenda = agenda_json(read_agenda_json(agenda))
        except FormatError as error:
            raise ArchiveError(f"{data.where}: {error}") from None
    rows[OutcomeRow].append(
        {
            "id": outcome_id,
            "status": data.choice("status", STATUSES),
            "version": data.integer("version"),
            "order_version": data.integer("order_version"),
            "header": header_json(outcome),
            "agenda": agenda,
            "created_at": created,
            "updated_at": data.stamp("updated_at"),
        }
    )
    entries = data.list_of("items")
    if len(entries) != len(outcome.items):
        raise ArchiveError(
            f"{data.where}: items: {len(entries)} entries for the outcome's {len(outcome.items)} items"
        )
    for position, (entry, item) in enumerate(zip(entries, outcome.items, strict=True)):
        fields = Fields(entry, f"{data.where}: items[{position}]")
        rows[ItemRow].append(
            {
                "id": fields.id("id"),
                "outcome_id": outcome_id,
                "position": position,
                "content": item_json(item),
                "version": fields.integer("version"),
                "review": fields.choice("review", REVIEWS),
                "updated_at": fields.stamp("updated_at"),
            }
        )
        fields.finish()
    for index, entry in enumerate(data.list_of("changes")):
        change = Fields(entry, f"{data.where}: changes[{index}]")
        rows[ChangeRow].append(
            {
                "id": change.id("id"),
                "outcome_id": outcome_id,
                "unit": change.text("unit", longest=20),
                "item_id": change.id("item_id", nullable=True),
                "action": change.text("action", longest=20),
                "version": change.integer("version", nullable=True),
                "before": change.json_object("before"),
                "after": change.json_object("after"),
                "user_id": change.reference("user_id", user_ids, "account"),
                "at": change.stamp("at"),
            }
        )
        change.finish()
    comment_ids: set[int] = set()
    for index, entry in enumerate(data.list_of("comments")):
        comment = Fields(entry, f"{data.where}: comments[{index}]")
        row = {
            "id": comment.id("id"),
            "outcome_id": outcome_id,
            "item_id": comment.id("item_id"),
            # A reply comes after the comment it answers, as it was written after it.
            "parent_id": comment.reference("parent_id", comment_ids, "earlier comment of this outcome"),
            "user_id": comment.reference("user_id", user_ids, "account"),
            "text": comment.text("text"),
            "mentions": comment.text("mentions"),
            "created_at": comment.stamp("created_at"),
            "resolved_at": comment.stamp("resolved_at", nullable=True),
            "resolved_by": comment.reference("resolved_by", user_ids, "account"),
        }
        comment.finish()
        comment_ids.add(row["id"])
        rows[CommentRow].append(row)
    data.finish()
    return outcome


def read_export(entry: Fields, outcomes: dict[int, Any], user_ids: set[int]) -> dict[str, Any]:
    filename = entry.text("filename", longest=255)
    path = PurePosixPath(filename)
    if path.is_absolute() or ".." in path.parts or "\\" in filename:
        raise ArchiveError(f"{entry.where}: filename: {filename!r} is not a path inside the exports folder")
    sha256 = entry.text("sha256", longest=64)
    row = {
        "id": entry.id("id"),
        "outcome_id": entry.reference("outcome_id", set(outcomes), "outcome of the archive", nullable=False),
        "number": entry.integer("number"),
        "filename": filename,
        "sha256": sha256,
        "size": entry.integer("size"),
        "problem_count": entry.integer("problem_count"),
        "error_count": entry.integer("error_count"),
        "final": entry.boolean("final"),
        "user_id": entry.reference("user_id", user_ids, "account"),
        "created_at": entry.stamp("created_at"),
    }
    entry.finish()
    return row


def load(folder: Path, name: str) -> object:
    try:
        return json.loads((folder / name).read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ArchiveError(f"{name}: not JSON text: {str(error).splitlines()[0]}") from None
    except RecursionError:
        raise ArchiveError(f"{name}: the JSON is nested too deeply") from None


def checked_file(folder: Path, name: str, sha256: str) -> object:
    """The file's JSON, once its bytes are those the manifest lists."""
    path = folder / name
    if not path.is_file():
        raise ArchiveError(f"{name} is listed in {MANIFEST} but is not in the folder")
    found = hashlib.sha256(path.read_bytes()).hexdigest()
    if found != sha256:
        raise ArchiveError(
            f"{name} is not the file exported: its SHA-256 is {found}, the manifest lists {sha256}; "
            "nothing was imported"
        )
    return load(folder, name)


def unique(rows: list[dict[str, Any]], key: str | tuple[str, ...], noun: str) -> None:
    seen = set()
    for row in rows:
        value = tuple(row[k] for k in key) if isinstance(key, tuple) else row[key]
        if value in seen:
            raise ArchiveError(f"the archive holds the {noun} {value} twice")
        seen.add(value)


class Fields:
    """An object of the archive read key by key: a wrong or missing value is an ArchiveError naming
    the file and the key, and a key nobody read is refused at the end (finish)."""

    def __init__(self, data: object, where: str):
        if not isinstance(data, dict):
            raise ArchiveError(f"{where}: expected an object, found {type(data).__name__}")
        self.data, self.where, self.read = data, where, set()

    def take(self, key: str) -> Any:
        if key not in self.data:
            raise ArchiveError(f"{self.where}: missing '{key}'")
        self.read.add(key)
        return self.data[key]

    def optional(self, key: str) -> Any:
        self.read.add(key)
        return self.data.get(key)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            raise ArchiveError(f"{self.where}: unknown key '{unknown[0]}'")

    def checked(self, key: str, test: Callable[[Any], bool], expected: str, nullable: bool = False) -> Any:
        value = self.take(key)
        if (value is None and nullable) or (value is not None and test(value)):
            return value
        raise ArchiveError(f"{self.where}: {key}: expected {expected}, found {json.dumps(value)[:60]}")

    def text(self, key: str, longest: int | None = None) -> str:
        expected = "text" + (f" of at most {longest} characters" if longest else "")
        return self.checked(
            key, lambda v: isinstance(v, str) and (not longest or len(v) <= longest), expected
        )

    def integer(self, key: str, nullable: bool = False) -> int | None:
        def whole(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and abs(value) <= LARGEST_ID

        return self.checked(key, whole, "a whole number", nullable)

    def id(self, key: str, nullable: bool = False) -> int | None:
        def valid(value: Any) -> bool:
            return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= LARGEST_ID

        return self.checked(key, valid, "an id (a whole number from 1)", nullable)

    def reference(self, key: str, known: Iterable[int], noun: str, nullable: bool = True) -> int | None:
        value = self.id(key, nullable)
        if value is not None and value not in known:
            raise ArchiveError(f"{self.where}: {key}: {value} is no {noun}")
        return value

    def boolean(self, key: str) -> bool:
        return self.checked(key, lambda v: isinstance(v, bool), "true or false")

    def choice(self, key: str, options: tuple[str, ...]) -> str:
        return self.checked(key, lambda v: v in options, "one of " + ", ".join(options))

    def json_object(self, key: str) -> dict | None:
        return self.checked(key, lambda v: isinstance(v, dict), "an object or null", nullable=True)

    def list_of(self, key: str) -> list:
        return self.checked(key, lambda v: isinstance(v, list), "a list")

    def fields(self, key: str) -> Fields:
        return Fields(self.take(key), f"{self.where}: {key}")

    def stamp(self, key: str, nullable: bool = False) -> datetime | None:
        value = self.checked(key, lambda v: isinstance(v, str), "a time (ISO 8601)", nullable)
        if value is None:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ArchiveError(f"{self.where}: {key}: not a time in ISO 8601: {value[:40]!r}") from None
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
