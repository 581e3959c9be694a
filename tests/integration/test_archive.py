"""The whole archive exported as JSON and imported into an empty database gives the same archive back,
on SQLite and PostgreSQL, and from one to the other."""

from __future__ import annotations

import json
import shutil
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from drafting import accounts, archive, review, services, templates_service
from drafting.archive import ArchiveError, export_archive, import_archive
from drafting.domain.model import text as words
from drafting.io.agenda_format import agenda_from_json, agenda_json
from drafting.io.agenda_import import read_agenda_text
from drafting.io.json_format import loads, to_json
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
from drafting.web import create_app, unit_of_work
from tests.conftest import POSTGRES, empty_database, make_person

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
AGENDA = Path(__file__).resolve().parents[1] / "fixtures" / "agenda-cosi-4921-17.txt"
TABLES = (
    OutcomeRow,
    ItemRow,
    ExportRow,
    UserRow,
    TeamRow,
    MembershipRow,
    TokenRow,
    ChangeRow,
    CommentRow,
    ItemTemplateRow,
    SkeletonRow,
)


# ---------------------------------------------------------------------- databases and apps


@contextmanager
def app_on(kind: str, folder: Path, name: str):
    with empty_database(kind, folder / f"{name}.sqlite") as url:
        made = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "a key for tests only",
                "DATABASE_URL": url,
                "EXPORTS_FOLDER": str(folder / f"{name}-exports"),
            }
        )
        try:
            yield made
        finally:
            made.extensions["drafting.engine"].dispose()


def kind_of(app) -> str:
    return "sqlite" if app.config["DATABASE_URL"].startswith("sqlite") else "postgresql"


@pytest.fixture
def target(app, tmp_path):
    """An empty database of the same kind as the app's."""
    with app_on(kind_of(app), tmp_path, "target") as made:
        yield made


def exports_of(app) -> Path:
    return Path(app.config["EXPORTS_FOLDER"])


# ---------------------------------------------------------------------- an archive worth keeping


def seed(app) -> None:
    """Two outcomes worked on by two people: edits, a move, deletions, comments and a reply,
    review steps, one outcome final, exports of both, an API token; the first keeps the agenda it
    was made from."""
    anna = make_person(app, "anna", "drafter", ("COSI",))
    rita = make_person(app, "rita", "reviewer", ("COSI", "CATS"))
    with app.app_context():

        def work():
            return unit_of_work(reading=False)

        def draft(outcome_id):
            with unit_of_work(reading=True) as uow:
                return services.open_draft(uow, outcome_id)

        with work() as uow:
            accounts.issue_token(uow, "anna")
        with work() as uow:
            sample = loads(SAMPLE.read_text(encoding="utf-8"))
            first = services.create_outcome(uow, sample, by=anna, agenda=the_agenda())
        for n in range(3):
            now = draft(first)
            heading = words(f"Adoption of the agenda, as amended ({n})")
            with work() as uow:
                changed = replace(now.outcome.items[0], heading=heading)
                services.update_item(uow, first, now.item_ids[0], now.item_versions[0], changed, by=anna)
        now = draft(first)
        with work() as uow:
            services.move_item(uow, first, now.item_ids[4], 1, now.order_version, by=anna)
        now = draft(first)
        doomed = now.item_ids[-1]
        with work() as uow:  # a comment on an item deleted afterwards stays with the history
            review.add_comment(uow, first, doomed, "Is this item still needed?", rita)
        with work() as uow:
            services.delete_item(uow, first, doomed, now.order_version, by=anna)
        now = draft(first)
        with work() as uow:
            asked = review.add_comment(uow, first, now.item_ids[0], "Check the reference, @anna.", rita)
        with work() as uow:
            review.add_comment(uow, first, now.item_ids[0], "Done: “ST 14260”.", anna, asked.comment.id)
        with work() as uow:
            review.resolve(uow, first, asked.comment.id, rita)
        with work() as uow:
            review.add_comment(uow, first, now.item_ids[2], "Still open.", rita)
        with work() as uow:
            review.set_review(uow, first, now.item_ids[0], "ready", anna)
        with work() as uow:
            review.set_review(uow, first, now.item_ids[0], "cleared", rita)
        with work() as uow:
            review.set_review(uow, first, now.item_ids[1], "ready", anna)
        with work() as uow:
            services.export_outcome(uow, first, exports_of(app), by=anna)
        # Templates: the team's and one's own (saved from items), one used, and a skeleton
        # naming a standard template and the team's by their ids.
        now = draft(first)
        with work() as uow:
            ours = templates_service.save_item_as_template(
                uow, first, now.item_ids[2], "Our roadmap item", "For COSI", "team", anna
            )
        with work() as uow:
            templates_service.save_item_as_template(
                uow, first, now.item_ids[3], "Anna's own", "", "personal", anna
            )
        with work() as uow:
            agenda_template = next(
                t.id for t in templates_service.list_templates(uow, anna) if t.template.key == "agenda"
            )
            # Used three times (counted as inserting does; inserting here would change the items).
            uow.session.execute(
                update(ItemTemplateRow).where(ItemTemplateRow.id == ours).values(usage_count=3)
            )
            uow.commit()
        with work() as uow:
            templates_service.save_skeleton(
                uow, "COSI with the roadmap", "COSI", [agenda_template, ours], "team", anna
            )

        with work() as uow:
            second = services.duplicate_outcome(uow, first, by=anna)
        now = draft(second)
        with work() as uow:  # the highest item id of all, kept only by the history
            services.delete_item(uow, second, now.item_ids[-1], now.order_version, by=anna)
        for item_id in draft(second).item_ids:
            with work() as uow:
                review.set_review(uow, second, item_id, "ready", anna)
            with work() as uow:
                review.set_review(uow, second, item_id, "cleared", rita)
        with work() as uow:
            review.mark_final(uow, second, anna)
        with work() as uow:
            services.export_outcome(uow, second, exports_of(app), by=rita)


def the_agenda():
    """The provisional agenda the first outcome of the seed keeps."""
    return read_agenda_text(AGENDA.read_text(encoding="utf-8"))


def normal(value):
    """Times as aware UTC (SQLite gives them back without their zone)."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC)
    return value


def timed(comment: review.Comment) -> review.Comment:
    return replace(comment, created_at=normal(comment.created_at), resolved_at=normal(comment.resolved_at))


def snapshot(app) -> dict:
    """Everything an archive keeps, read from the tables directly, plus each outcome as the app opens it."""
    with app.app_context(), unit_of_work(reading=True) as uow:
        tables = {}
        for table in TABLES:
            columns = list(table.__table__.columns)
            query = select(*columns).order_by(*table.__table__.primary_key.columns)
            tables[table.__tablename__] = [
                {column.name: normal(value) for column, value in zip(columns, row, strict=True)}
                for row in uow.session.execute(query)
            ]
        drafts = {}
        for summary in services.list_outcomes(uow):
            draft = services.open_draft(uow, summary.id)
            drafts[summary.id] = {
                "outcome": draft.outcome,
                "json": to_json(draft.outcome),
                "item_ids": draft.item_ids,
                "item_versions": draft.item_versions,
                "item_reviews": draft.item_reviews,
                "status": draft.status,
                "version": draft.version,
                "order_version": draft.order_version,
                "comments": [
                    [timed(thread.comment)] + [timed(reply) for reply in thread.replies]
                    for thread in review.comments(uow, summary.id)
                ],
            }
    return {"tables": tables, "drafts": drafts}


def table_sizes(app) -> dict[str, int]:
    return {name: len(rows) for name, rows in snapshot(app)["tables"].items()}


def export_to(app, folder: Path) -> archive.Exported:
    with app.app_context(), unit_of_work(reading=True) as uow:
        return export_archive(uow, folder, exports_of(app))


def import_into(app, folder: Path) -> archive.Imported:
    with app.app_context(), unit_of_work(reading=False) as uow:
        return import_archive(uow, folder, exports_of(app))


# ---------------------------------------------------------------------- round trips


def test_export_then_import_into_an_empty_database_gives_the_same_archive(app, target, tmp_path):
    seed(app)
    before = snapshot(app)
    sizes = {name: len(rows) for name, rows in before["tables"].items()}
    # The seed made something of every kind kept, or the comparison below would prove little.
    assert all(sizes.values()), sizes
    assert {d["status"] for d in before["drafts"].values()} == {"draft", "final"}
    assert {"drafting", "ready", "cleared"} <= {
        r for d in before["drafts"].values() for r in d["item_reviews"]
    }

    exported = export_to(app, tmp_path / "archive")
    assert (exported.outcomes, exported.people, exported.exports) == (2, 2, 2)
    assert exported.docx_missing == exported.docx_differing == []
    imported = import_into(target, tmp_path / "archive")
    assert (imported.outcomes, imported.items, imported.changes, imported.comments) == (
        2,
        sizes["items"],
        sizes["changes"],
        sizes["comments"],
    )
    # The .docx files are not in the archive: the target's exports folder does not have them yet.
    assert sorted(imported.docx_missing) == sorted(e["filename"] for e in before["tables"]["exports"])

    after = snapshot(target)
    assert after["drafts"].keys() == before["drafts"].keys()
    for outcome_id, draft in before["drafts"].items():
        assert after["drafts"][outcome_id]["outcome"] == draft["outcome"]
        assert after["drafts"][outcome_id] == draft
    for name, rows in before["tables"].items():
        assert after["tables"][name] == rows, name
    # The kept agenda came through (the tables' comparison holds it), and still reads as the agenda.
    kept = [row["agenda"] for row in after["tables"]["outcomes"]]
    assert kept[1] is None and agenda_from_json(kept[0]) == the_agenda()


def test_an_archive_exported_again_after_import_is_the_same_files(app, target, tmp_path):
    seed(app)
    export_to(app, tmp_path / "first")
    import_into(target, tmp_path / "first")
    export_to(target, tmp_path / "second")

    first, second = tmp_path / "first", tmp_path / "second"
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.json"))
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*.json"))
    assert names == ["manifest.json", "outcomes/1.json", "outcomes/2.json", "people.json", "templates.json"]
    for name in names[1:]:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    manifests = [json.loads((folder / "manifest.json").read_text()) for folder in (first, second)]
    for manifest in manifests:
        manifest.pop("created_at")
    assert manifests[0] == manifests[1]


def test_the_files_hold_what_the_format_describes(app, tmp_path):
    seed(app)
    export_to(app, tmp_path / "archive")
    manifest = json.loads((tmp_path / "archive" / "manifest.json").read_text())
    assert manifest["format"] == "drafting-archive" and manifest["version"] == 1
    assert "password hash" in manifest["sensitive"]
    assert [(o["id"], o["file"], o["document_number"]) for o in manifest["outcomes"]] == [
        (1, "outcomes/1.json", "15754/17"),
        (2, "outcomes/2.json", "15754/17"),
    ]
    assert [(e["outcome_id"], e["number"], e["final"]) for e in manifest["exports"]] == [
        (1, 1, False),
        (2, 1, True),
    ]
    for export in manifest["exports"]:
        docx = exports_of(app) / export["filename"]
        assert export["size"] == docx.stat().st_size
    one = json.loads((tmp_path / "archive" / "outcomes" / "1.json").read_text())
    assert one["outcome"]["format"] == "council-outcome"
    assert len(one["items"]) == len(one["outcome"]["items"]) == 10
    assert {c["action"] for c in one["changes"]} >= {"create", "edit", "move", "delete", "comment", "reply"}
    # The agenda the first outcome was made from, whole; the copy was made from none.
    assert one["agenda"] == agenda_json(the_agenda())
    assert "agenda" not in json.loads((tmp_path / "archive" / "outcomes" / "2.json").read_text())
    people = json.loads((tmp_path / "archive" / "people.json").read_text())
    assert [(u["name"], u["teams"]) for u in people["users"]] == [
        ("anna", ["COSI"]),
        ("rita", ["CATS", "COSI"]),
    ]
    assert all(u["password_hash"].startswith("pbkdf2:") for u in people["users"])
    assert len(people["tokens"]) == 1


def test_new_outcomes_items_and_changes_after_an_import_take_fresh_ids(app, target, tmp_path):
    seed(app)
    source = snapshot(app)["tables"]
    export_to(app, tmp_path / "archive")
    import_into(target, tmp_path / "archive")
    highest_item = max(
        [r["id"] for r in source["items"]]
        + [r["item_id"] for r in source["changes"] if r["item_id"]]
        + [r["item_id"] for r in source["comments"]]
    )
    assert highest_item not in {r["id"] for r in source["items"]}  # a deleted item's, named by history

    bea = make_person(target, "bea", "drafter", ("COSI",))
    with target.app_context():
        with unit_of_work(reading=False) as uow:
            accounts.issue_token(uow, "bea")
        with unit_of_work(reading=False) as uow:
            made = services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")), by=bea)
        with unit_of_work(reading=False) as uow:
            draft = services.open_draft(uow, 1)
            draft, item_id = services.add_item(uow, 1, draft.order_version, draft.outcome.items[0], by=bea)
        with unit_of_work(reading=False) as uow:
            added = review.add_comment(uow, 1, item_id, "A new comment.", bea)
        with unit_of_work(reading=False) as uow:
            services.export_outcome(uow, 1, exports_of(target), by=bea)
    after = snapshot(target)["tables"]
    assert made == 3
    fresh = [r["id"] for r in after["items"] if r["outcome_id"] == made] + [item_id]
    # Past the ids the history still names too (deleted items), on PostgreSQL and SQLite alike.
    assert min(fresh) == highest_item + 1
    assert added.comment.id == max(r["id"] for r in source["comments"]) + 1
    for name in ("changes", "exports", "users", "api_tokens"):
        assert max(r["id"] for r in after[name]) > max(r["id"] for r in source[name]), name
    assert [r["number"] for r in after["exports"] if r["outcome_id"] == 1] == [1, 2]


@pytest.mark.skipif(not POSTGRES, reason="TEST_DATABASE_URL is not set: no PostgreSQL to move to")
def test_moving_from_sqlite_to_postgresql_and_back_keeps_everything(tmp_path):
    with app_on("sqlite", tmp_path, "source") as source, app_on("postgresql", tmp_path, "moved") as moved:
        seed(source)
        export_to(source, tmp_path / "from-sqlite")
        import_into(moved, tmp_path / "from-sqlite")
        assert snapshot(moved) == snapshot(source)
        export_to(moved, tmp_path / "from-postgresql")
        with app_on("sqlite", tmp_path, "back") as back:
            import_into(back, tmp_path / "from-postgresql")
            assert snapshot(back) == snapshot(source)
        # PostgreSQL goes on giving ids after the imported ones.
        with moved.app_context(), unit_of_work(reading=False) as uow:
            assert services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8"))) == 3


# ---------------------------------------------------------------------- refusals


def test_a_changed_file_is_refused_and_nothing_is_imported(app, target, tmp_path):
    seed(app)
    export_to(app, tmp_path / "archive")
    path = tmp_path / "archive" / "outcomes" / "2.json"
    path.write_text(path.read_text().replace('"final"', '"draft"', 1))
    with pytest.raises(ArchiveError, match=r"^outcomes/2\.json is not the file exported: its SHA-256 is"):
        import_into(target, tmp_path / "archive")
    assert not any(table_sizes(target).values())


def test_people_changed_are_refused(app, target, tmp_path):
    seed(app)
    export_to(app, tmp_path / "archive")
    path = tmp_path / "archive" / "people.json"
    path.write_text(path.read_text().replace('"drafter"', '"admin"'))
    with pytest.raises(ArchiveError, match=r"^people\.json is not the file exported"):
        import_into(target, tmp_path / "archive")
    assert not any(table_sizes(target).values())


def test_a_database_already_in_use_is_refused(app, target, tmp_path):
    seed(app)
    export_to(app, tmp_path / "archive")
    make_person(target, "someone", "admin")
    with pytest.raises(ArchiveError, match=r"^the database is not empty \(it holds 1 account\)"):
        import_into(target, tmp_path / "archive")
    sizes = table_sizes(target)
    assert sizes["users"] == 1 and sizes["outcomes"] == sizes["changes"] == 0


def test_a_database_with_only_its_own_standard_templates_takes_the_archive_and_its_templates(
    app, target, tmp_path
):
    seed(app)
    export_to(app, tmp_path / "archive")
    with target.app_context(), unit_of_work(reading=False) as uow:
        templates_service.ensure_standard(uow)  # as a first look at the templates page writes them
    standard = table_sizes(target)["item_templates"]
    assert standard > 0

    imported = import_into(target, tmp_path / "archive")

    assert (imported.templates, imported.skeletons) == (table_sizes(app)["item_templates"], 2)
    assert snapshot(target)["tables"]["skeletons"] == snapshot(app)["tables"]["skeletons"]


def test_a_database_holding_someone_s_template_is_refused(app, target, tmp_path):
    seed(app)
    export_to(app, tmp_path / "archive")
    with target.app_context(), unit_of_work(reading=False) as uow:
        uow.session.add(ItemTemplateRow(name="Kept", scope="team", team="COSI", content={"heading": []}))
        uow.commit()
    with pytest.raises(ArchiveError, match=r"^the database is not empty \(it holds 1 template\)"):
        import_into(target, tmp_path / "archive")


def test_an_import_failing_half_way_leaves_nothing(app, target, tmp_path, monkeypatch):
    seed(app)
    export_to(app, tmp_path / "archive")

    def broken(uow):
        # Every row is inserted by now: what is tested is that they go when the import fails.
        assert uow.session.scalar(select(OutcomeRow.id).limit(1)) == 1
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(archive, "reset_sequences", broken)
    with pytest.raises(RuntimeError, match="the disk is full"):
        import_into(target, tmp_path / "archive")
    assert not any(table_sizes(target).values())
    monkeypatch.undo()
    import_into(target, tmp_path / "archive")
    assert table_sizes(target)["outcomes"] == 2


def rewrite(folder: Path, name: str, change) -> None:
    """Change a file of the archive and list its new checksum: a consistent archive, wrong inside."""
    path = folder / name
    data = json.loads(path.read_text())
    change(data)
    sha256 = archive.write_json(path, data)
    manifest = json.loads((folder / "manifest.json").read_text())
    for entry in manifest["outcomes"] + [manifest["people"], manifest["templates"]]:
        if entry["file"] == name:
            entry["sha256"] = sha256
    archive.write_json(folder / "manifest.json", manifest)


@pytest.mark.parametrize(
    ("name", "change", "message"),
    [
        (
            "outcomes/1.json",
            lambda d: d.update(status="approved"),
            "outcomes/1.json: status: expected one of",
        ),
        (
            "outcomes/1.json",
            lambda d: d["items"].pop(),
            "outcomes/1.json: items: 9 entries for the outcome's 10 items",
        ),
        (
            "outcomes/1.json",
            lambda d: d["outcome"].update(version=2),
            "outcomes/1.json: outcome: version: version 2 is newer",
        ),
        (
            "outcomes/1.json",
            lambda d: d["changes"][0].update(user_id=99),
            r"outcomes/1.json: changes\[0\]: user_id: 99 is no account",
        ),
        ("outcomes/2.json", lambda d: d.update(colour="red"), "outcomes/2.json: unknown key 'colour'"),
        (
            "outcomes/1.json",
            lambda d: d["agenda"]["items"][1].update(number="2"),
            r"outcomes/1.json: agenda.items\[1\].number: expected a whole number",
        ),
        ("outcomes/2.json", lambda d: d.update(id=1), "outcomes/2.json: id: the manifest lists this file as"),
        (
            "people.json",
            lambda d: d["users"][1].update(name="anna"),
            "the archive holds the account name anna twice",
        ),
        ("manifest.json", lambda d: d.update(version=2), "manifest.json: version: version 2 is newer"),
        (
            "templates.json",
            lambda d: d["skeletons"][-1]["template_ids"].append(999),
            r"templates.json: skeletons\[1\]: template_ids: 999 is no template",
        ),
        (
            "templates.json",
            lambda d: d["templates"][-1].update(owner_id=99),
            r"templates.json: templates\[\d+\]: owner_id: 99 is no account",
        ),
        (
            "templates.json",
            lambda d: d["templates"][-1].update(content={"heading": 7}),
            r"templates.json: templates\[\d+\]: content: not a template",
        ),
        (
            "manifest.json",
            lambda d: d["exports"][0].update(filename="../../secret.docx"),
            r"manifest.json: exports\[0\]: filename: '../../secret.docx' is not a path inside",
        ),
    ],
)
def test_an_archive_wrong_inside_is_refused_with_the_place_named(
    app, target, tmp_path, name, change, message
):
    seed(app)
    folder = tmp_path / "archive"
    export_to(app, folder)
    rewrite(folder, name, change)
    with pytest.raises(ArchiveError, match=message):
        import_into(target, folder)
    assert not any(table_sizes(target).values())


def test_a_folder_that_is_no_archive_is_refused(app, target, tmp_path):
    seed(app)
    with pytest.raises(ArchiveError, match="holds no manifest.json: it is not an archive"):
        import_into(target, tmp_path)
    folder = tmp_path / "archive"
    export_to(app, folder)
    shutil.copy(folder / "outcomes" / "1.json", folder / "outcomes" / "7.json")
    with pytest.raises(ArchiveError, match="outcomes/7.json is in the folder but not in manifest.json"):
        import_into(target, folder)
    (folder / "outcomes" / "7.json").unlink()
    (folder / "outcomes" / "2.json").unlink()
    with pytest.raises(
        ArchiveError, match="outcomes/2.json is listed in manifest.json but is not in the folder"
    ):
        import_into(target, folder)
    with pytest.raises(ArchiveError, match="is not an empty folder"):
        export_to(app, folder)


# ---------------------------------------------------------------------- the command line


def test_the_command_line_exports_and_imports(app, target, tmp_path):
    seed(app)
    folder = tmp_path / "archive"
    done = app.test_cli_runner().invoke(args=["archive", "export", str(folder)])
    assert done.exit_code == 0, done.output
    assert done.output.splitlines()[0] == f"exported 2 outcomes, 2 accounts and 2 export records to {folder}"
    assert "holds password hashes" in done.output and "note:" not in done.output

    runner = target.test_cli_runner()
    shutil.copytree(exports_of(app), exports_of(target))  # the .docx files travel beside the archive
    done = runner.invoke(args=["archive", "import", str(folder)])
    assert done.exit_code == 0, done.output
    assert done.output.startswith("imported 2 outcomes (")
    # The shipped set and the team's own, with the standard skeleton and the team's.
    assert (
        f" 1 API token, {table_sizes(app)['item_templates']} templates and 2 skeletons from " in done.output
    )
    assert "note:" not in done.output
    assert snapshot(target) == snapshot(app)

    again = runner.invoke(args=["archive", "import", str(folder)])
    assert again.exit_code == 1
    lines = again.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(
        "Error: the database is not empty (it holds 2 outcomes, 2 accounts"
    )


def test_the_command_line_names_the_docx_files_missing(app, target, tmp_path):
    seed(app)
    folder = tmp_path / "archive"
    app.test_cli_runner().invoke(args=["archive", "export", str(folder)])
    done = target.test_cli_runner().invoke(args=["archive", "import", str(folder)])
    assert done.exit_code == 0, done.output
    assert "note: 2 circulated .docx files recorded but not in" in done.output
