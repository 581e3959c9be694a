"""The suite runs on every database it is given: SQLite always, PostgreSQL when TEST_DATABASE_URL is set."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from drafting import services
from drafting.domain.model import ReferenceLink, Text
from drafting.domain.references import parse_reference
from drafting.io.json_format import loads, to_json
from drafting.web import unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"


def sample():
    return loads(SAMPLE.read_text(encoding="utf-8"))


def database_of(request: pytest.FixtureRequest) -> str:
    return request.node.callspec.params["database_url"]


def test_the_application_runs_on_the_database_the_test_is_parametrised_with(app, request):
    assert app.extensions["drafting.engine"].dialect.name == database_of(request)


def test_the_database_tests_run_on_postgresql_exactly_when_test_database_url_is_set(request):
    databases = {
        item.callspec.params["database_url"]
        for item in request.session.items
        if hasattr(item, "callspec") and "database_url" in item.callspec.params
    }
    expected = {"sqlite", "postgresql"} if os.environ.get("TEST_DATABASE_URL") else {"sqlite"}
    assert databases == expected


def test_the_tables_are_made_where_the_database_url_points(app, database_url, request):
    engine = app.extensions["drafting.engine"]
    with engine.connect() as connection:
        if database_of(request) == "postgresql":
            schema = connection.execute(text("SELECT current_schema()")).scalar_one()
            assert f"search_path%3D{schema}" in database_url  # a schema of this test's own
        else:
            schema = None
            assert Path(make_url(database_url).database).is_file()
        assert "outcomes" in inspect(connection).get_table_names(schema=schema)


def test_an_outcome_round_trips_through_the_services_and_is_found_by_what_it_cites(app):
    outcome = sample()
    cited = next(
        span.reference
        for item in outcome.items
        for block in item.blocks + [b for sub in item.sub_items for b in sub.blocks]
        for span in getattr(block, "content", ())
        if isinstance(span, ReferenceLink)
    )
    register_form = parse_reference(cited).register
    assert register_form and register_form != cited

    with app.app_context(), unit_of_work() as uow:
        outcome_id = services.create_outcome(uow, sample())
    with app.app_context(), unit_of_work() as uow:
        stored = services.open_draft(uow, outcome_id)
        found = services.list_outcomes(uow, services.Filters(query=register_form))

    assert to_json(stored.outcome) == to_json(outcome)
    assert [summary.id for summary in found] == [outcome_id]


def test_a_save_against_an_old_version_is_refused_and_the_first_save_kept(app):
    with app.app_context(), unit_of_work() as uow:
        outcome_id = services.create_outcome(uow, sample())
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
    item_id, seen_version, item = draft.item_ids[0], draft.item_versions[0], draft.outcome.items[0]
    first = replace(item, heading=(Text("Adoption of the agenda, as amended"),))
    second = replace(item, heading=(Text("A heading typed by someone else"),))

    with app.app_context(), unit_of_work() as uow:
        saved = services.update_item(uow, outcome_id, item_id, seen_version, first)
    with app.app_context(), unit_of_work() as uow, pytest.raises(services.Conflict) as refused:
        services.update_item(uow, outcome_id, item_id, seen_version, second)

    assert saved.item_versions[0] == seen_version + 1
    assert refused.value.current.outcome.items[0].heading == first.heading
    with app.app_context(), unit_of_work() as uow:
        assert services.open_draft(uow, outcome_id).outcome.items[0].heading == first.heading
