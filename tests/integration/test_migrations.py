"""The migrations build exactly the tables the code maps: nothing missing, nothing extra."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from drafting.persistence.database import engine_for, upgrade
from drafting.persistence.tables import Base


def test_the_migrated_schema_is_the_mapped_one(database_url):
    engine = engine_for(database_url)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            differences = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    # SQLite cannot name foreign keys added after the fact the way the mapping does not name them:
    # only differences in tables, columns, types and indexes count here.
    kept = [d for d in differences if not (isinstance(d, tuple) and d[0] in ("add_fk", "remove_fk"))]
    assert kept == []


def test_an_item_id_is_never_given_twice_even_after_the_newest_item_is_deleted(app):
    from drafting import services
    from drafting.domain.model import Item, text
    from drafting.io.json_format import loads
    from drafting.web import unit_of_work

    SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"

    with app.app_context(), unit_of_work(reading=False) as uow:
        outcome_id = services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))
    with app.app_context(), unit_of_work(reading=False) as uow:
        draft = services.open_draft(uow, outcome_id)
        newest = max(draft.item_ids)
        services.delete_item(uow, outcome_id, newest, draft.order_version)
    with app.app_context(), unit_of_work(reading=False) as uow:
        draft = services.open_draft(uow, outcome_id)
        _, added = services.add_item(
            uow, outcome_id, draft.order_version, Item(number=1, heading=text("New"))
        )
    assert added > newest
