"""The JSON API: outcomes in the project's JSON format, versions named on every change, errors as JSON."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import quote

import pytest

from drafting import services
from drafting.io.json_format import loads, to_json
from drafting.web import create_app, unit_of_work
from tests.conftest import api_client_for, make_person

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"


@pytest.fixture
def client(api_client):
    """Every request here is a script's, with a personal API token."""
    return api_client


@pytest.fixture
def sample() -> dict:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def outcome_id(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


def error_of(response, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) >= {"error", "message"} and body["message"]
    return body["message"]


# ---------------------------------------------------------------- reading


def test_the_list_gives_a_summary_of_each_outcome(client, outcome_id):
    response = client.get("/api/outcomes")
    [summary] = response.get_json()["outcomes"]
    assert response.status_code == 200
    assert summary["id"] == outcome_id and summary["document_number"] == "15754/17"
    assert summary["body"] == "COSI" and summary["meeting_date"] == "2017-11-21" and summary["year"] == 2017
    assert summary["url"] == f"/api/outcomes/{outcome_id}"
    assert summary["updated_at"].endswith("+00:00")


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("q=" + quote("ST 14260 2017 REV 1"), True),
        ("q=" + quote("https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf"), True),
        ("q=roadmap", True),
        ("q=hawala+zebra", False),
        ("body=COSI&year=2017&status=draft", True),
        ("year=2018", False),
    ],
)
def test_the_list_takes_the_filters_of_the_page(client, outcome_id, query, found):
    ids = [summary["id"] for summary in client.get(f"/api/outcomes?{query}").get_json()["outcomes"]]
    assert ids == ([outcome_id] if found else [])


def test_a_bad_filter_is_refused_with_400_rather_than_ignored(client, outcome_id):
    assert "year" in error_of(client.get("/api/outcomes?year=abc"), 400)


def test_an_outcome_comes_with_its_versions_and_its_content_in_the_json_format(client, outcome_id):
    body = client.get(f"/api/outcomes/{outcome_id}").get_json()
    assert set(body) == {"id", "version", "order_version", "status", "item_ids", "item_versions", "outcome"}
    assert body["version"] == 1 and body["order_version"] == 1 and body["status"] == "draft"
    assert len(body["item_ids"]) == len(body["item_versions"]) == 11
    assert loads(json.dumps(body["outcome"])) == loads(SAMPLE.read_text(encoding="utf-8"))


def test_the_outcome_keeps_the_key_order_of_the_json_format(client, outcome_id):
    text = client.get(f"/api/outcomes/{outcome_id}").get_data(as_text=True)
    outcome = json.loads(text)["outcome"]
    assert list(outcome)[:3] == ["format", "version", "document_number"]
    assert json.dumps(outcome, indent=2, ensure_ascii=False) + "\n" == SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", ["/api/outcomes/999", f"/api/outcomes/{2**31}", f"/api/outcomes/{10**30}"])
def test_an_outcome_that_does_not_exist_is_a_json_404(client, url):
    error_of(client.get(url), 404)


# ---------------------------------------------------------------- creating


def test_posting_an_outcome_stores_it_and_answers_201_with_its_location(client, app, sample):
    response = client.post("/api/outcomes", json=sample)
    body = response.get_json()
    assert response.status_code == 201
    assert response.headers["Location"] == f"/api/outcomes/{body['id']}"
    assert body["outcome"] == sample and body["version"] == 1
    assert client.get(response.headers["Location"]).get_json() == body


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"format": "council-outcome"}, "document: missing required field 'version'"),
        ({"format": "council-outcome", "version": 1, "colour": "red"}, "document: unknown field 'colour'"),
        (
            {
                "format": "council-outcome",
                "version": 1,
                "items": [{"number": 1, "heading": [{"italic": "x"}]}],
            },
            "items[0].heading[0]: unknown span kind 'italic'",
        ),
        (
            {"format": "council-outcome", "version": 1, "subject": "Bell\u0007"},
            "subject: contains a control character",
        ),
        ([1, 2], "document: expected an object, found a list"),
    ],
)
def test_an_outcome_that_is_not_in_the_format_is_refused_naming_the_json_path(client, app, payload, message):
    assert message in error_of(client.post("/api/outcomes", json=payload), 400)
    assert client.get("/api/outcomes").get_json()["outcomes"] == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("{not json", "not JSON: Expecting property name enclosed in double quotes at line 1, column 2"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        (b"\xff\xfe\xfa", "not JSON"),
        ("1" * 5000, "not JSON"),
        ("", "not JSON"),
    ],
)
def test_malformed_json_is_a_400(client, data, message):
    assert message in error_of(client.post("/api/outcomes", data=data, content_type="application/json"), 400)


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_not_sent_as_json_is_a_415(client, sample, content_type):
    headers = {"Content-Type": content_type} if content_type else {}
    error_of(client.post("/api/outcomes", data=json.dumps(sample), headers=headers), 415)


def test_the_api_needs_no_csrf_token_and_sets_no_session_cookie(client, sample):
    response = client.post("/api/outcomes", json=sample)
    assert response.status_code == 201
    assert "Set-Cookie" not in response.headers


# ---------------------------------------------------------------- changing the header


def test_a_header_change_against_the_current_version_is_saved(client, outcome_id, sample):
    changed = {**sample, "subject": "Standing Committee on Internal Security (COSI)", "items": []}
    response = client.put(f"/api/outcomes/{outcome_id}/header", json={"version": 1, "outcome": changed})
    body = response.get_json()
    assert response.status_code == 200
    assert body["version"] == 2
    assert body["outcome"]["subject"] == "Standing Committee on Internal Security (COSI)"
    assert len(body["outcome"]["items"]) == 11  # only the header is taken from the request


def test_a_header_change_against_a_stale_version_is_a_409_with_what_is_there_now(client, outcome_id, sample):
    first = {**sample, "subject": "First (COSI)"}
    client.put(f"/api/outcomes/{outcome_id}/header", json={"version": 1, "outcome": first})
    late = {**sample, "subject": "Late (COSI)"}
    response = client.put(f"/api/outcomes/{outcome_id}/header", json={"version": 1, "outcome": late})
    assert "changed by someone else" in error_of(response, 409)
    current = response.get_json()["current"]
    assert current["version"] == 2 and current["outcome"]["subject"] == "First (COSI)"
    assert client.get(f"/api/outcomes/{outcome_id}").get_json()["outcome"]["subject"] == "First (COSI)"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"outcome": {}}, "document: missing required field 'version'"),
        ({"version": "1", "outcome": {}}, "version: expected a whole number, found text"),
        ({"version": 0, "outcome": {}}, "version: a version counts from 1, found 0"),
        ({"version": 10**30, "outcome": {}}, "version: a version counts from 1"),
        ({"version": 1}, "document: missing required field 'outcome'"),
        (
            {"version": 1, "outcome": {"format": "council-outcome"}},
            "outcome: missing required field 'version'",
        ),
        (
            {
                "version": 1,
                "outcome": {"format": "council-outcome", "version": 1, "issue_date": "2017-02-30"},
            },
            "outcome.issue_date: not a date in the form YYYY-MM-DD: '2017-02-30'",
        ),
        (
            {"version": 1, "outcome": {"format": "council-outcome", "version": 1}, "why": "x"},
            "unknown field 'why'",
        ),
    ],
)
def test_a_wrong_header_request_is_a_400_naming_the_json_path(client, outcome_id, body, message):
    assert message in error_of(client.put(f"/api/outcomes/{outcome_id}/header", json=body), 400)
    assert client.get(f"/api/outcomes/{outcome_id}").get_json()["version"] == 1


def test_the_header_of_an_outcome_that_does_not_exist_is_a_404(client, sample):
    error_of(client.put("/api/outcomes/999/header", json={"version": 1, "outcome": sample}), 404)


# ---------------------------------------------------------------- changing an item


def test_an_item_change_against_its_current_version_is_saved(client, outcome_id):
    before = client.get(f"/api/outcomes/{outcome_id}").get_json()
    item_id = before["item_ids"][10]
    item = {
        "number": 11,
        "heading": [{"text": "Any other business"}],
        "blocks": [{"paragraph": [{"text": "None."}]}],
    }
    response = client.put(f"/api/outcomes/{outcome_id}/items/{item_id}", json={"version": 1, "item": item})
    body = response.get_json()
    assert response.status_code == 200
    assert body["item_versions"][10] == 2 and body["item_versions"][:10] == before["item_versions"][:10]
    assert body["outcome"]["items"][10] == item


def test_an_item_change_against_a_stale_version_is_a_409_with_what_is_there_now(client, outcome_id):
    item_id = client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"][0]
    url = f"/api/outcomes/{outcome_id}/items/{item_id}"
    client.put(url, json={"version": 1, "item": {"number": 1, "heading": [{"text": "First"}]}})
    response = client.put(url, json={"version": 1, "item": {"number": 1, "heading": [{"text": "Late"}]}})
    error_of(response, 409)
    current = response.get_json()["current"]
    assert current["item_versions"][0] == 2
    assert current["outcome"]["items"][0]["heading"] == [{"text": "First"}]


def test_a_wrong_item_is_a_400_naming_its_json_path(client, outcome_id):
    item_id = client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"][0]
    body = {"version": 1, "item": {"number": 1, "blocks": [{"paragraph": [{"text": 3}]}]}}
    message = error_of(client.put(f"/api/outcomes/{outcome_id}/items/{item_id}", json=body), 400)
    assert message == "item.blocks[0].paragraph[0].text: expected text, found a whole number"


@pytest.mark.parametrize("item_id", [999, 2**31, 10**30])
def test_an_item_that_is_not_in_the_outcome_is_a_404(client, outcome_id, item_id):
    body = {"version": 1, "item": {"number": 1}}
    assert "no" in error_of(client.put(f"/api/outcomes/{outcome_id}/items/{item_id}", json=body), 404)


def test_an_item_of_another_outcome_is_a_404(client, app, outcome_id, sample):
    other = client.post("/api/outcomes", json=sample).get_json()
    body = {"version": 1, "item": {"number": 1}}
    error_of(client.put(f"/api/outcomes/{outcome_id}/items/{other['item_ids'][0]}", json=body), 404)


# ---------------------------------------------------------------- checking and exporting


def test_a_check_lists_every_problem_with_where_it_is(client, outcome_id):
    response = client.post(f"/api/outcomes/{outcome_id}/check")
    body = response.get_json()
    assert response.status_code == 200
    assert body["problems"], "the sample has slips a checker flags"
    for problem in body["problems"]:
        assert set(problem) == {"severity", "code", "message", "location", "path", "suggestion"}
    missing_in = [p for p in body["problems"] if p["code"] == "wording.as-set-out"]
    assert missing_in and missing_in[0]["location"] == "item 7, sub-item 1, paragraph 1"
    assert missing_in[0]["path"] == "items/6/sub_items/0/blocks/0"
    assert body["error_count"] == sum(p["severity"] == "error" for p in body["problems"])


def test_an_export_is_archived_and_described_with_its_download_address(client, app, outcome_id):
    response = client.post(f"/api/outcomes/{outcome_id}/export")
    record = response.get_json()
    assert response.status_code == 201
    assert record["number"] == 1 and record["filename"] == "15754-17-v1.docx"
    assert response.headers["Location"] == record["download_url"] == f"/api/outcomes/{outcome_id}/exports/1"
    download = client.get(record["download_url"])
    data = download.get_data()
    download.close()
    assert hashlib.sha256(data).hexdigest() == record["sha256"] and len(data) == record["size"]
    checked = client.post(f"/api/outcomes/{outcome_id}/check").get_json()
    assert record["problem_count"] == len(checked["problems"])
    assert record["error_count"] == checked["error_count"]


def test_the_exports_list_gives_every_version_in_order(client, outcome_id):
    made = [client.post(f"/api/outcomes/{outcome_id}/export").get_json() for _ in range(2)]
    listed = client.get(f"/api/outcomes/{outcome_id}/exports").get_json()["exports"]
    assert [record["number"] for record in listed] == [1, 2]
    assert listed == made


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/outcomes/999/check"),
        ("post", "/api/outcomes/999/export"),
        ("get", "/api/outcomes/999/exports"),
    ],
)
def test_checking_or_exporting_an_outcome_that_does_not_exist_is_a_404(client, method, url):
    error_of(getattr(client, method)(url), 404)


def test_a_method_the_address_does_not_take_is_a_json_405(client, outcome_id):
    error_of(client.delete(f"/api/outcomes/{outcome_id}"), 405)


def test_a_body_over_the_size_limit_is_a_json_413(database_url, tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "a key for tests only",
            "DATABASE_URL": database_url,
            "EXPORTS_FOLDER": str(tmp_path / "exports"),
            "MAX_CONTENT_LENGTH": 4 * 1024,
        }
    )
    try:
        sample = to_json(loads(SAMPLE.read_text(encoding="utf-8")))
        assert len(json.dumps(sample)) > 4 * 1024
        make_person(app, "script", "admin")
        error_of(api_client_for(app, "script").post("/api/outcomes", json=sample), 413)
    finally:
        app.extensions["drafting.engine"].dispose()
