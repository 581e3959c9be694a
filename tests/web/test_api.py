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


# ---------------------------------------------------------------- entity tags


def etag_of(response) -> str:
    """The ETag as sent, quotes and all: what If-Match and If-None-Match name."""
    tag = response.headers.get("ETag")
    assert tag and tag.startswith('"') and tag.endswith('"'), tag
    return tag


def test_every_reading_comes_with_a_strong_etag_naming_its_version(client, outcome_id):
    whole = client.get(f"/api/outcomes/{outcome_id}")
    assert etag_of(whole).startswith(f'"outcome-{outcome_id}-')
    assert etag_of(client.get(f"/api/outcomes/{outcome_id}/header")) == '"header-1"'
    item_id = whole.get_json()["item_ids"][2]
    assert etag_of(client.get(f"/api/outcomes/{outcome_id}/items/{item_id}")) == f'"item-{item_id}-1"'
    assert etag_of(client.get(f"/api/outcomes/{outcome_id}/order")) == '"order-1"'


def test_the_header_item_and_order_representations(client, outcome_id):
    whole = client.get(f"/api/outcomes/{outcome_id}").get_json()
    header = client.get(f"/api/outcomes/{outcome_id}/header").get_json()
    assert header["version"] == 1 and "items" not in header["outcome"]
    assert header["outcome"]["document_number"] == "15754/17"
    item_id = whole["item_ids"][6]
    one = client.get(f"/api/outcomes/{outcome_id}/items/{item_id}").get_json()
    assert one["id"] == item_id and one["position"] == 6 and one["version"] == 1
    assert one["item"] == whole["outcome"]["items"][6]
    units = one["units"]
    assert units["head"] and len(units["head"]) == 16
    assert {label.split("/")[0] for label in units} <= {"head", "blocks", "sub-items", "footnotes"}
    assert "sub-items/1" in units  # item 7 of the sample has sub-items
    order = client.get(f"/api/outcomes/{outcome_id}/order").get_json()
    assert [entry["id"] for entry in order["items"]] == whole["item_ids"]
    assert order["items"][0] == {"id": whole["item_ids"][0], "number": 1, "version": 1}


def test_a_unit_fingerprint_changes_with_that_unit_only(client, outcome_id):
    item_id = client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"][6]
    url = f"/api/outcomes/{outcome_id}/items/{item_id}"
    before = client.get(url)
    changed = before.get_json()["item"]
    changed["heading"] = [{"text": "A new heading"}]
    client.put(url, json={"item": changed}, headers={"If-Match": etag_of(before)})
    after = client.get(url).get_json()["units"]
    units = before.get_json()["units"]
    assert after["head"] != units["head"]
    assert {k: v for k, v in after.items() if k != "head"} == {k: v for k, v in units.items() if k != "head"}


def test_a_reader_holding_the_current_etag_gets_304(client, outcome_id):
    for url in (f"/api/outcomes/{outcome_id}", f"/api/outcomes/{outcome_id}/header"):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": etag_of(first)})
        assert again.status_code == 304 and again.get_data() == b"" and etag_of(again) == etag_of(first)
        assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


def test_the_outcome_etag_changes_with_any_part(client, outcome_id):
    first = client.get(f"/api/outcomes/{outcome_id}")
    item_id = first.get_json()["item_ids"][0]
    url = f"/api/outcomes/{outcome_id}/items/{item_id}"
    client.put(url, json={"item": {"number": 1}}, headers={"If-Match": f'"item-{item_id}-1"'})
    second = client.get(f"/api/outcomes/{outcome_id}", headers={"If-None-Match": etag_of(first)})
    assert second.status_code == 200 and etag_of(second) != etag_of(first)


# ---------------------------------------------------------------- changing the header


def test_a_header_change_without_if_match_is_a_428_and_saves_nothing(client, outcome_id, sample):
    changed = {**sample, "subject": "Other (COSI)"}
    response = client.put(f"/api/outcomes/{outcome_id}/header", json={"version": 1, "outcome": changed})
    assert "If-Match" in error_of(response, 428)
    assert client.get(f"/api/outcomes/{outcome_id}").get_json()["version"] == 1


def test_a_header_change_against_the_current_etag_is_saved_with_its_new_etag(client, outcome_id, sample):
    changed = {**sample, "subject": "Standing Committee on Internal Security (COSI)", "items": []}
    response = client.put(
        f"/api/outcomes/{outcome_id}/header", json={"outcome": changed}, headers={"If-Match": '"header-1"'}
    )
    body = response.get_json()
    assert response.status_code == 200
    assert etag_of(response) == '"header-2"'
    assert body["version"] == 2
    assert body["outcome"]["subject"] == "Standing Committee on Internal Security (COSI)"
    assert len(body["outcome"]["items"]) == 11  # only the header is taken from the request


def test_a_version_in_the_body_that_agrees_with_if_match_is_accepted(client, outcome_id, sample):
    response = client.put(
        f"/api/outcomes/{outcome_id}/header",
        json={"version": 1, "outcome": sample},
        headers={"If-Match": '"header-1"'},
    )
    assert response.status_code == 200 and response.get_json()["version"] == 2


def test_a_header_change_against_a_stale_etag_is_a_412_with_what_is_there_now(client, outcome_id, sample):
    url = f"/api/outcomes/{outcome_id}/header"
    first = {**sample, "subject": "First (COSI)"}
    assert client.put(url, json={"outcome": first}, headers={"If-Match": '"header-1"'}).status_code == 200
    late = {**sample, "subject": "Late (COSI)"}
    response = client.put(url, json={"outcome": late}, headers={"If-Match": '"header-1"'})
    assert "If-Match" in error_of(response, 412)
    assert etag_of(response) == '"header-2"'
    body = response.get_json()
    assert body["current"]["version"] == 2 and body["current"]["outcome"]["subject"] == "First (COSI)"
    assert body["changed_by"] == "script" and body["changed_at"].endswith("+00:00")
    assert client.get(f"/api/outcomes/{outcome_id}").get_json()["outcome"]["subject"] == "First (COSI)"
    # the ETag the 412 gave makes the change go through
    again = client.put(url, json={"outcome": late}, headers={"If-Match": etag_of(response)})
    assert again.status_code == 200 and again.get_json()["outcome"]["subject"] == "Late (COSI)"


def test_a_stale_version_in_the_body_is_a_412_even_with_a_current_if_match(client, outcome_id, sample):
    url = f"/api/outcomes/{outcome_id}/header"
    client.put(url, json={"outcome": sample}, headers={"If-Match": '"header-1"'})
    response = client.put(url, json={"version": 1, "outcome": sample}, headers={"If-Match": '"header-2"'})
    assert "version 1" in error_of(response, 412)
    assert client.get(url).get_json()["version"] == 2


def test_if_match_star_takes_whatever_is_current(client, outcome_id, sample):
    url = f"/api/outcomes/{outcome_id}/header"
    client.put(url, json={"outcome": sample}, headers={"If-Match": '"header-1"'})
    response = client.put(url, json={"outcome": sample}, headers={"If-Match": "*"})
    assert response.status_code == 200 and etag_of(response) == '"header-3"'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"outcome": {}}, "outcome: missing required field 'format'"),  # the version is optional
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
    response = client.put(f"/api/outcomes/{outcome_id}/header", json=body, headers={"If-Match": '"header-1"'})
    assert message in error_of(response, 400)
    assert client.get(f"/api/outcomes/{outcome_id}").get_json()["version"] == 1


def test_the_header_of_an_outcome_that_does_not_exist_is_a_404(client, sample):
    response = client.put("/api/outcomes/999/header", json={"outcome": sample}, headers={"If-Match": "*"})
    error_of(response, 404)
    error_of(client.get("/api/outcomes/999/header"), 404)


# ---------------------------------------------------------------- changing an item


def item_url(client, outcome_id: int, index: int) -> str:
    item_id = client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"][index]
    return f"/api/outcomes/{outcome_id}/items/{item_id}"


def test_an_item_change_without_if_match_is_a_428(client, outcome_id):
    url = item_url(client, outcome_id, 0)
    response = client.put(url, json={"version": 1, "item": {"number": 1}})
    assert "If-Match" in error_of(response, 428)
    assert client.get(url).get_json()["version"] == 1


def test_an_item_change_against_its_current_etag_is_saved(client, outcome_id):
    before = client.get(f"/api/outcomes/{outcome_id}").get_json()
    item_id = before["item_ids"][10]
    item = {
        "number": 11,
        "heading": [{"text": "Any other business"}],
        "blocks": [{"paragraph": [{"text": "None."}]}],
    }
    url = f"/api/outcomes/{outcome_id}/items/{item_id}"
    response = client.put(url, json={"version": 1, "item": item}, headers={"If-Match": f'"item-{item_id}-1"'})
    body = response.get_json()
    assert response.status_code == 200
    assert etag_of(response) == f'"item-{item_id}-2"'
    assert body["item_versions"][10] == 2 and body["item_versions"][:10] == before["item_versions"][:10]
    assert body["outcome"]["items"][10] == item


def test_an_item_change_against_a_stale_etag_is_a_412_with_the_item_as_it_is_now(client, outcome_id):
    url = item_url(client, outcome_id, 0)
    tag = etag_of(client.get(url))
    first = client.put(
        url, json={"item": {"number": 1, "heading": [{"text": "First"}]}}, headers={"If-Match": tag}
    )
    assert first.status_code == 200
    response = client.put(
        url, json={"item": {"number": 1, "heading": [{"text": "Late"}]}}, headers={"If-Match": tag}
    )
    error_of(response, 412)
    current = response.get_json()["current"]
    assert current["version"] == 2 and current["item"]["heading"] == [{"text": "First"}]
    assert etag_of(response) == etag_of(first) == etag_of(client.get(url))
    assert response.get_json()["changed_by"] == "script"
    assert client.get(url).get_json()["item"]["heading"] == [{"text": "First"}]


def test_a_weak_etag_never_matches_if_match(client, outcome_id):
    url = item_url(client, outcome_id, 0)
    weak = "W/" + etag_of(client.get(url))
    error_of(client.put(url, json={"item": {"number": 1}}, headers={"If-Match": weak}), 412)


def test_a_wrong_item_is_a_400_naming_its_json_path(client, outcome_id):
    url = item_url(client, outcome_id, 0)
    body = {"version": 1, "item": {"number": 1, "blocks": [{"paragraph": [{"text": 3}]}]}}
    message = error_of(client.put(url, json=body, headers={"If-Match": "*"}), 400)
    assert message == "item.blocks[0].paragraph[0].text: expected text, found a whole number"


def test_an_item_that_is_not_in_the_outcome_is_a_404(client, outcome_id):
    body = {"version": 1, "item": {"number": 1}}
    url = f"/api/outcomes/{outcome_id}/items/999"
    assert "no" in error_of(client.put(url, json=body, headers={"If-Match": "*"}), 404)
    error_of(client.get(url), 404)


@pytest.mark.parametrize("item_id", [2**31, 10**30])
def test_an_item_id_beyond_any_row_is_refused_as_json(client, outcome_id, item_id):
    """No such item: 404 on GET. The router answers other methods 405 for an id its converter refuses
    (it matches the method before converting), which still changes nothing and is still JSON."""
    url = f"/api/outcomes/{outcome_id}/items/{item_id}"
    error_of(client.get(url), 404)
    response = client.put(url, json={"item": {"number": 1}}, headers={"If-Match": "*"})
    assert response.status_code in (404, 405) and response.get_json()["error"]


def test_an_item_of_another_outcome_is_a_404(client, app, outcome_id, sample):
    other = client.post("/api/outcomes", json=sample).get_json()
    body = {"version": 1, "item": {"number": 1}}
    url = f"/api/outcomes/{outcome_id}/items/{other['item_ids'][0]}"
    error_of(client.put(url, json=body, headers={"If-Match": "*"}), 404)
    error_of(client.get(url), 404)


# ---------------------------------------------------------------- adding, moving and deleting items


def test_adding_an_item_needs_the_order_etag_and_answers_201_with_location_and_etag(client, outcome_id):
    url = f"/api/outcomes/{outcome_id}/items"
    new = {"item": {"number": 1, "heading": [{"text": "Added"}]}, "position": 0}
    assert "If-Match" in error_of(client.post(url, json=new), 428)
    response = client.post(url, json=new, headers={"If-Match": '"order-1"'})
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert response.headers["Location"] == f"{url}/{body['id']}"
    assert etag_of(response) == f'"item-{body["id"]}-{body["version"]}"'
    assert body["position"] == 0 and body["item"]["heading"] == [{"text": "Added"}]
    order = client.get(f"/api/outcomes/{outcome_id}/order")
    assert etag_of(order) == '"order-2"'
    assert order.get_json()["items"][0]["id"] == body["id"] and len(order.get_json()["items"]) == 12
    # the same order ETag again is stale: the list changed
    late = client.post(url, json=new, headers={"If-Match": '"order-1"'})
    error_of(late, 412)
    assert etag_of(late) == '"order-2"' and len(late.get_json()["current"]["items"]) == 12


def test_moving_an_item_needs_the_order_etag(client, outcome_id):
    ids = client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"]
    url = f"/api/outcomes/{outcome_id}/items/{ids[10]}/move"
    assert "If-Match" in error_of(client.post(url, json={"to": 0}), 428)
    response = client.post(url, json={"to": 0}, headers={"If-Match": '"order-1"'})
    assert response.status_code == 200 and etag_of(response) == '"order-2"'
    assert [entry["id"] for entry in response.get_json()["items"]] == [ids[10], *ids[:10]]
    assert response.get_json()["items"][0]["number"] == 1
    error_of(client.post(url, json={"to": 3}, headers={"If-Match": '"order-1"'}), 412)
    assert "to" in error_of(client.post(url, json={"to": -1}, headers={"If-Match": '"order-2"'}), 400)
    assert "to" in error_of(client.post(url, json={}, headers={"If-Match": '"order-2"'}), 400)


def test_deleting_an_item_needs_the_order_etag_and_answers_204(client, outcome_id):
    ids = client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"]
    url = f"/api/outcomes/{outcome_id}/items/{ids[3]}"
    assert "If-Match" in error_of(client.delete(url), 428)
    error_of(
        client.delete(url, headers={"If-Match": f'"item-{ids[3]}-1"'}), 412
    )  # the order's, not the item's
    response = client.delete(url, headers={"If-Match": '"order-1"'})
    assert response.status_code == 204 and response.get_data() == b""
    assert ids[3] not in client.get(f"/api/outcomes/{outcome_id}").get_json()["item_ids"]
    error_of(client.get(url), 404)
    error_of(client.delete(url, headers={"If-Match": '"order-2"'}), 404)


def test_a_reader_may_read_but_not_change_items(app, client, outcome_id):
    make_person(app, "reader", "reviewer", ("COSI",))
    reader = api_client_for(app, "reader")
    url = item_url(client, outcome_id, 0)
    assert reader.get(url).status_code == 200
    assert reader.get(f"/api/outcomes/{outcome_id}/order").status_code == 200
    refused = reader.delete(url, headers={"If-Match": '"order-1"'})
    assert refused.status_code == 403
    assert reader.post(f"{url}/move", json={"to": 2}, headers={"If-Match": '"order-1"'}).status_code == 403


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
