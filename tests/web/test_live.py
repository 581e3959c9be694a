"""Working at the same time through the browser routes: presence, claims and the live JSON."""

from __future__ import annotations

import re

from sqlalchemy import select

from drafting.persistence.tables import ClaimRow
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in
from tests.web.item_forms import HTMX, draft_of, form_fields, posted, sample_outcome


def browser_of(app, name: str, role: str = "drafter", teams: tuple[str, ...] = ("COSI",)):
    """A second browser, signed in as a new person of the sample's team."""
    make_person(app, name, role, teams)
    browser = app.test_client()
    sign_in(app, browser, name)
    return browser


def token_of(browser) -> str:
    page = browser.get("/").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def beat(browser, outcome_id: int, item_id: int | str = ""):
    headers = HTMX | {"X-CSRFToken": token_of(browser)}
    return browser.post(f"/outcomes/{outcome_id}/presence", data={"item_id": item_id}, headers=headers)


def live(browser, outcome_id: int, since: int | str = 0):
    return browser.get(f"/outcomes/{outcome_id}/live?since={since}")


def claims_table(app) -> list[tuple[int, int, int, object]]:
    with app.app_context(), unit_of_work(reading=True) as uow:
        rows = uow.session.execute(
            select(ClaimRow.item_id, ClaimRow.outcome_id, ClaimRow.user_id, ClaimRow.expires_at)
        )
        return sorted(tuple(row) for row in rows)


def open_and_claim(browser, outcome_id: int, item_id: int) -> str:
    """Open the item's form as the page does: the form (a GET), then the heartbeat naming it."""
    html = browser.get(f"/outcomes/{outcome_id}/items/{item_id}/edit", headers=HTMX).get_data(as_text=True)
    assert beat(browser, outcome_id, item_id).status_code == 204
    return html


def test_a_heartbeat_without_its_csrf_token_is_refused(app, client):
    outcome_id = sample_outcome(app)
    refused = client.post(f"/outcomes/{outcome_id}/presence", data={"item_id": ""}, headers=HTMX)
    assert refused.status_code == 400
    assert live(client, outcome_id).get_json()["people"] == []
    anna = browser_of(app, "anna")
    assert live(anna, outcome_id).get_json()["people"] == []  # the refused heartbeat left no trace


def test_the_live_answer_names_another_person_and_the_item_they_edit(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[6]
    anna = browser_of(app, "anna")
    assert beat(anna, outcome_id, item_id).status_code == 204
    news = live(client, outcome_id).get_json()
    assert news["people"] == [{"name": "anna", "item_id": item_id, "item_number": 7}]
    assert news["you"] == "tester"
    # Anna does not see herself among the others.
    assert live(anna, outcome_id).get_json()["people"] == []
    # A reviewer is present too, editing nothing.
    reviewer = browser_of(app, "rita", "reviewer")
    assert beat(reviewer, outcome_id).status_code == 204
    names = [someone["name"] for someone in live(client, outcome_id).get_json()["people"]]
    assert names == ["anna", "rita"]


def test_leaving_takes_the_person_off_at_once(app, client):
    outcome_id = sample_outcome(app)
    anna = browser_of(app, "anna")
    beat(anna, outcome_id)
    assert [p["name"] for p in live(client, outcome_id).get_json()["people"]] == ["anna"]
    left = anna.post(f"/outcomes/{outcome_id}/leave", data={"csrf_token": token_of(anna)})
    assert left.status_code == 204
    assert live(client, outcome_id).get_json()["people"] == []


def test_opening_an_items_form_changes_nothing(app, client):
    """A GET may come from a link on another site or a prefetch: it must not claim in anyone's name."""
    outcome_id = sample_outcome(app)
    first, second = draft_of(app, outcome_id).item_ids[:2]
    anna = browser_of(app, "anna")
    open_and_claim(anna, outcome_id, first)
    before = claims_table(app)
    assert [(row[0], row[1]) for row in before] == [(first, outcome_id)]
    for item_id in (first, second):
        edit_url = f"/outcomes/{outcome_id}/items/{item_id}/edit"
        for headers in (HTMX, {}):
            assert client.get(edit_url, headers=headers).status_code == 200
            assert anna.get(edit_url, headers=headers).status_code == 200
    assert claims_table(app) == before  # not a claim more, none renewed, none taken over
    assert live(client, outcome_id).get_json()["people"] == [
        {"name": "anna", "item_id": first, "item_number": 1}
    ]


def test_the_heartbeat_claims_a_free_item_but_never_takes_it_from_someone_else(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[1]
    anna = browser_of(app, "anna")
    # Both open the form while the item is free; Anna's page names it first and claims it.
    edit_url = f"/outcomes/{outcome_id}/items/{item_id}/edit"
    for browser in (anna, client):
        assert (
            browser.get(edit_url, headers=HTMX)
            .get_data(as_text=True)
            .lstrip()
            .startswith('<form id="item-1"')
        )
    first, second = beat(anna, outcome_id, item_id), beat(client, outcome_id, item_id)
    assert (first.status_code, first.headers["X-Claimed"]) == (204, "yes")
    # The other page is told it could not claim the item: an untouched form asks to take it over.
    assert (second.status_code, second.headers["X-Claimed"]) == (204, "no")
    news = live(client, outcome_id).get_json()
    assert [(c["item_id"], c["name"]) for c in news["claims"]] == [(item_id, "anna")]
    # The other page still says it is there, with the item open: the editor shows who holds it.
    assert news["people"] == [{"name": "anna", "item_id": item_id, "item_number": 2}]
    assert "anna is editing this item" in client.get(edit_url, headers=HTMX).get_data(as_text=True)
    # Anna's page naming nothing frees it, and the next beat of the other page claims it.
    assert "X-Claimed" not in beat(anna, outcome_id).headers  # naming no item: nothing to say
    assert beat(client, outcome_id, item_id).headers["X-Claimed"] == "yes"
    assert [c["name"] for c in live(anna, outcome_id).get_json()["claims"]] == ["tester"]


def test_a_reviewers_heartbeat_claims_nothing(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    rita = browser_of(app, "rita", "reviewer")
    answer = beat(rita, outcome_id, item_id)
    assert (answer.status_code, answer.headers["X-Claimed"]) == (204, "no")
    assert live(client, outcome_id).get_json()["claims"] == []
    assert claims_table(app) == []


def test_opening_an_item_someone_else_edits_asks_first_then_takes_it_over(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[2]
    anna = browser_of(app, "anna")
    edit_url = f"/outcomes/{outcome_id}/items/{item_id}/edit"
    opened = open_and_claim(anna, outcome_id, item_id)
    assert opened.lstrip().startswith('<form id="item-2"')
    claims = live(client, outcome_id).get_json()["claims"]
    assert [(c["item_id"], c["name"]) for c in claims] == [(item_id, "anna")]

    asked = client.get(edit_url, headers=HTMX).get_data(as_text=True)
    assert "anna is editing this item" in asked and "Take it over?" in asked
    assert '<form id="item-2"' not in asked
    claim_url = f"/outcomes/{outcome_id}/items/{item_id}/claim"
    assert f'action="{claim_url}"' in asked

    # Without the confirmation nothing is taken.
    headers = HTMX | {"X-CSRFToken": token_of(client)}
    again = client.post(claim_url, data={}, headers=headers).get_data(as_text=True)
    assert "anna is editing this item" in again
    taken = client.post(claim_url, data={"take_over": "yes"}, headers=headers).get_data(as_text=True)
    assert taken.lstrip().startswith('<form id="item-2"')
    claims = live(anna, outcome_id).get_json()["claims"]
    assert [(c["item_id"], c["name"]) for c in claims] == [(item_id, "tester")]
    # Anna, opening it again, is asked in her turn; without JavaScript the page asks the same.
    assert "tester is editing this item" in anna.get(edit_url, headers=HTMX).get_data(as_text=True)
    asked_page = anna.get(edit_url).get_data(as_text=True)
    assert "<html" in asked_page and "tester is editing this item" in asked_page
    taken_back = anna.post(claim_url, data={"take_over": "yes", "csrf_token": token_of(anna)})
    assert taken_back.status_code == 303 and taken_back.headers["Location"].endswith(edit_url)
    assert '<form id="item-2"' in anna.get(edit_url).get_data(as_text=True)


def test_taking_over_without_its_csrf_token_is_refused(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    anna = browser_of(app, "anna")
    open_and_claim(anna, outcome_id, item_id)
    refused = client.post(f"/outcomes/{outcome_id}/items/{item_id}/claim", data={"take_over": "yes"})
    assert refused.status_code == 400
    assert [c["name"] for c in live(client, outcome_id).get_json()["claims"]] == ["anna"]


def test_saving_an_item_frees_it_and_shows_in_the_others_changes(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    anna = browser_of(app, "anna")
    since = live(client, outcome_id).get_json()["since"]
    html = open_and_claim(anna, outcome_id, item_id)
    assert [c["name"] for c in live(client, outcome_id).get_json()["claims"]] == ["anna"]
    fields = form_fields(html, "item-0")
    saved = anna.post(
        f"/outcomes/{outcome_id}/items/{item_id}",
        data=posted(fields, {"items-0-heading": "Adoption of the agenda, as amended"}),
        headers=HTMX | {"X-CSRFToken": token_of(anna)},
    )
    assert saved.status_code == 200 and "as amended" in saved.get_data(as_text=True)
    news = live(client, outcome_id, since).get_json()
    assert news["claims"] == []
    assert [(c["unit"], c["item_id"], c["action"], c["by"]) for c in news["changes"]] == [
        ("item", item_id, "edit", "anna")
    ]
    assert news["since"] == news["changes"][-1]["id"] > since
    assert live(client, outcome_id, news["since"]).get_json()["changes"] == []
    # The answer to the save names the change it made: the tab that saved leaves it out of its news.
    assert saved.headers["X-Change-Ids"] == str(news["changes"][0]["id"])


def test_only_answers_to_changes_name_changes(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    headers = HTMX | {"X-CSRFToken": token_of(client)}
    assert (
        "X-Change-Ids" not in client.get(f"/outcomes/{outcome_id}/items/{item_id}/edit", headers=HTMX).headers
    )
    assert "X-Change-Ids" not in beat(client, outcome_id, item_id).headers
    # A move refused as stale changes nothing, and names nothing.
    stale = client.post(
        f"/outcomes/{outcome_id}/items/{item_id}/move",
        data={"order_version": "0", "to": "1"},
        headers=headers,
    )
    assert "moved by someone else meanwhile" in stale.get_data(as_text=True)
    assert "X-Change-Ids" not in stale.headers
    since = live(client, outcome_id).get_json()["since"]
    order_version = draft_of(app, outcome_id).order_version
    moved = client.post(
        f"/outcomes/{outcome_id}/items/{item_id}/move",
        data={"order_version": str(order_version), "to": "1"},
        headers=headers,
    )
    assert moved.status_code == 200
    # The move and the renumbering it brought: every change since, and only those.
    made = [change["id"] for change in live(client, outcome_id, since).get_json()["changes"]]
    assert len(made) >= 2
    assert moved.headers["X-Change-Ids"] == ",".join(str(change_id) for change_id in made)


def test_a_person_of_another_team_is_refused_every_live_route(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    carl = browser_of(app, "carl", teams=("CATS",))
    token = token_of(carl)
    headers = HTMX | {"X-CSRFToken": token}
    assert live(carl, outcome_id).status_code == 403
    assert beat(carl, outcome_id).status_code == 403
    assert carl.post(f"/outcomes/{outcome_id}/leave", data={"csrf_token": token}).status_code == 403
    claim = carl.post(
        f"/outcomes/{outcome_id}/items/{item_id}/claim", data={"take_over": "yes"}, headers=headers
    )
    assert claim.status_code == 403
    assert live(client, outcome_id).get_json()["people"] == []


def test_a_reviewer_cannot_claim_an_item(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    rita = browser_of(app, "rita", "reviewer")
    headers = HTMX | {"X-CSRFToken": token_of(rita)}
    claim = rita.post(
        f"/outcomes/{outcome_id}/items/{item_id}/claim", data={"take_over": "yes"}, headers=headers
    )
    assert claim.status_code == 403
    assert live(client, outcome_id).get_json()["claims"] == []


def test_a_bad_since_or_item_is_a_clear_400(app, client):
    outcome_id = sample_outcome(app)
    for since in ["abc", "-1", "1.5", "9" * 40, ""]:
        answer = live(client, outcome_id, since)
        assert answer.status_code == 400, since
        assert "since must be a change id" in answer.get_json()["message"]
    assert live(client, outcome_id, "99999999999").status_code == 200  # beyond any id: simply nothing new
    for item_id in ["seven", "-3", "99999999999"]:
        assert beat(client, outcome_id, item_id).status_code == 400, item_id


def test_an_unknown_outcome_or_item_is_not_found(app, client):
    outcome_id = sample_outcome(app)
    headers = HTMX | {"X-CSRFToken": token_of(client)}
    assert live(client, 999).status_code == 404
    assert client.post(f"/outcomes/{outcome_id}/items/999/claim", data={}, headers=headers).status_code == 404
    other = sample_outcome(app)
    foreign = draft_of(app, other).item_ids[0]
    assert client.post(f"/outcomes/{outcome_id}/items/{foreign}/claim", headers=headers).status_code == 404


def test_the_editor_page_carries_the_presence_bar_and_its_script(app, client):
    outcome_id = sample_outcome(app)
    page = client.get(f"/outcomes/{outcome_id}").get_data(as_text=True)
    since = live(client, outcome_id).get_json()["since"]
    assert 'id="presence-bar"' in page and f'data-since="{since}"' in page
    assert f'data-live-url="/outcomes/{outcome_id}/live"' in page
    assert "/static/live.js" in page
