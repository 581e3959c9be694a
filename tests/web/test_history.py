"""The history pages: listing, comparing word by word, restoring (after asking), and who may do what."""

from __future__ import annotations

from dataclasses import replace

import pytest

from drafting import history, services
from drafting.domain.model import plain_text, text
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in
from tests.web.item_forms import draft_of, headings, small_outcome


def edit_heading(app, outcome_id: int, position: int, heading: str) -> None:
    draft = draft_of(app, outcome_id)
    item = replace(draft.outcome.items[position], heading=text(heading))
    with app.app_context(), unit_of_work() as uow:
        services.update_item(uow, outcome_id, draft.item_ids[position], draft.item_versions[position], item)


def item_changes(app, outcome_id: int, item_id: int) -> list[history.Change]:
    with app.app_context(), unit_of_work() as uow:
        return history.item_changes(uow, outcome_id, item_id)


@pytest.fixture
def edited(app):
    """An outcome whose second item's heading was changed once: (outcome id, item id, change id)."""
    outcome_id = small_outcome(app, ["Agenda", "Roadmap on information exchange", "Any other business"])
    edit_heading(app, outcome_id, 1, "Roadmap on data exchange")
    item_id = draft_of(app, outcome_id).item_ids[1]
    (change,) = item_changes(app, outcome_id, item_id)
    return outcome_id, item_id, change.id


def test_the_outcome_history_lists_each_change_with_who_and_links(client, edited):
    outcome_id, item_id, change_id = edited
    page = client.get(f"/outcomes/{outcome_id}/history")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and "<html" in body
    assert f'id="change-{change_id}"' in body and "Item 2 edited" in body
    assert f"/outcomes/{outcome_id}/items/{item_id}/history" in body
    assert f"/outcomes/{outcome_id}/history/diff?to={change_id}" in body
    assert "history.css" in body


def test_the_editor_and_each_item_link_to_their_history(client, edited):
    outcome_id, item_id, _ = edited
    assert f'href="/outcomes/{outcome_id}/history"' in client.get(f"/outcomes/{outcome_id}").get_data(
        as_text=True
    )
    item_page = client.get(f"/outcomes/{outcome_id}/items/{item_id}").get_data(as_text=True)
    assert f'href="/outcomes/{outcome_id}/items/{item_id}/history"' in item_page


def test_the_diff_shows_removed_and_added_words(client, edited):
    outcome_id, item_id, change_id = edited
    for url in (
        f"/outcomes/{outcome_id}/items/{item_id}/history/diff?to={change_id}",
        f"/outcomes/{outcome_id}/items/{item_id}/history/diff",  # the newest change by default
        f"/outcomes/{outcome_id}/history/diff?to={change_id}",
    ):
        page = client.get(url)
        body = page.get_data(as_text=True)
        assert page.status_code == 200, url
        assert "<del>information</del>" in body and "<ins>data</ins>" in body


def test_the_diff_escapes_what_was_typed(app, client):
    outcome_id = small_outcome(app, ["Agenda"])
    edit_heading(app, outcome_id, 0, "Agenda <script>alert(1)</script>")
    item_id = draft_of(app, outcome_id).item_ids[0]
    body = client.get(f"/outcomes/{outcome_id}/items/{item_id}/history/diff").get_data(as_text=True)
    assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


def test_restoring_an_edited_item_asks_first_then_brings_back_the_old_text(app, client, csrf_token, edited):
    outcome_id, item_id, change_id = edited
    url = f"/outcomes/{outcome_id}/items/{item_id}/history/{change_id}/restore"
    asked = client.post(url, data={"csrf_token": csrf_token, "side": "before"})
    body = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Restore the item to this version?" in body
    assert "<del>data</del>" in body and "<ins>information</ins>" in body
    assert headings(app, outcome_id)[1] == (2, "Roadmap on data exchange")  # nothing changed yet

    done = client.post(url, data={"csrf_token": csrf_token, "side": "before", "confirmed": "yes"})
    assert done.status_code == 303 and f"/outcomes/{outcome_id}/items#item-1" in done.headers["Location"]
    assert headings(app, outcome_id)[1] == (2, "Roadmap on information exchange")
    newest = item_changes(app, outcome_id, item_id)[0]
    assert newest.action == "restore" and newest.by == "tester" and newest.id > change_id
    assert "Item 2 was restored from the history." in client.get(done.headers["Location"]).get_data(
        as_text=True
    )


def test_restoring_a_deleted_item_brings_it_back_with_its_content(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap", "Any other business"])
    draft = draft_of(app, outcome_id)
    gone = draft.item_ids[1]
    with app.app_context(), unit_of_work() as uow:
        services.delete_item(uow, outcome_id, gone, draft.order_version)
    page = client.get(f"/outcomes/{outcome_id}/history").get_data(as_text=True)
    assert f'id="deleted-{gone}"' in page and "Roadmap" in page
    (delete,) = item_changes(app, outcome_id, gone)
    url = f"/outcomes/{outcome_id}/history/{delete.id}/restore"
    assert f'action="{url}"' in page
    assert "Bring the deleted item back?" in client.post(url, data={"csrf_token": csrf_token}).get_data(
        as_text=True
    )

    done = client.post(url, data={"csrf_token": csrf_token, "confirmed": "yes"})
    assert done.status_code == 303
    back = draft_of(app, outcome_id)
    assert [plain_text(i.heading) for i in back.outcome.items] == ["Agenda", "Roadmap", "Any other business"]
    assert back.outcome.items[1] == draft.outcome.items[1]  # the same content, paragraphs and all
    page = client.get(f"/outcomes/{outcome_id}/history").get_data(as_text=True)
    assert f'id="deleted-{gone}"' not in page
    # The deleted item's own history now points to the item it came back as.
    old = client.get(f"/outcomes/{outcome_id}/items/{gone}/history").get_data(as_text=True)
    assert f"/outcomes/{outcome_id}/items/{back.item_ids[1]}/history" in old
    again = client.post(url, data={"csrf_token": csrf_token, "confirmed": "yes"})
    assert again.status_code == 303 and len(draft_of(app, outcome_id).item_ids) == 3  # not twice


def test_a_deleted_items_history_page_offers_to_bring_it_back(app, client):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap"])
    draft = draft_of(app, outcome_id)
    with app.app_context(), unit_of_work() as uow:
        services.delete_item(uow, outcome_id, draft.item_ids[0], draft.order_version)
    page = client.get(f"/outcomes/{outcome_id}/items/{draft.item_ids[0]}/history")
    assert page.status_code == 200 and "Restore the deleted item" in page.get_data(as_text=True)


def test_a_restore_without_the_csrf_token_is_refused(app, client, edited):
    outcome_id, item_id, change_id = edited
    url = f"/outcomes/{outcome_id}/items/{item_id}/history/{change_id}/restore"
    assert client.post(url, data={"side": "before", "confirmed": "yes"}).status_code == 400
    assert headings(app, outcome_id)[1] == (2, "Roadmap on data exchange")


@pytest.mark.parametrize(
    "url",
    [
        "/outcomes/999/history",
        "/outcomes/{o}/items/999/history",
        "/outcomes/{o}/items/{i}/history/diff?to=999",
        "/outcomes/{o}/history/diff?to=99999999999",
        "/outcomes/{o}/items/{i}/history/diff?to={c}&from=999",
        "/outcomes/{o}/history/diff?to=1",  # the creation: no text
    ],
)
def test_unknown_ids_are_not_found(client, edited, url):
    outcome_id, item_id, change_id = edited
    assert client.get(url.format(o=outcome_id, i=item_id, c=change_id)).status_code == 404


@pytest.mark.parametrize("query", ["to=abc", "to=-1", "", "to=1&from=x"])
def test_a_diff_asked_badly_is_a_clear_400(client, edited, query):
    outcome_id, _, _ = edited
    page = client.get(f"/outcomes/{outcome_id}/history/diff?{query}")
    assert page.status_code == 400 and "must name a change" in page.get_data(as_text=True)


def test_bad_restores_are_not_found_or_refused_never_a_server_error(client, csrf_token, edited):
    outcome_id, item_id, change_id = edited
    data = {"csrf_token": csrf_token, "confirmed": "yes"}
    assert client.post(f"/outcomes/{outcome_id}/history/999/restore", data=data).status_code == 404
    assert (
        client.post(f"/outcomes/{outcome_id}/items/999/history/{change_id}/restore", data=data).status_code
        == 404
    )
    odd_side = client.post(f"/outcomes/{outcome_id}/history/{change_id}/restore", data={**data, "side": "x"})
    assert odd_side.status_code == 400
    # The version after the edit is the text there now: nothing to do, said so.
    same = client.post(f"/outcomes/{outcome_id}/history/{change_id}/restore", data=data)
    assert same.status_code == 303
    assert "Nothing was restored" in client.get(same.headers["Location"]).get_data(as_text=True)


def test_a_reviewer_reads_the_history_but_may_not_restore(app, client, edited):
    outcome_id, item_id, change_id = edited
    make_person(app, "rev", "reviewer", ("COSI",))
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        services.update_header(
            uow, outcome_id, draft.version, replace(draft.outcome, subject="Standing Committee (COSI)")
        )
    sign_in(app, client, "rev")
    page = client.get(f"/outcomes/{outcome_id}/items/{item_id}/history")
    assert page.status_code == 200 and "Restore this version" not in page.get_data(as_text=True)
    token = client.get("/").get_data(as_text=True).split('name="csrf-token" content="')[1].split('"')[0]
    url = f"/outcomes/{outcome_id}/items/{item_id}/history/{change_id}/restore"
    refused = client.post(url, data={"csrf_token": token, "side": "before", "confirmed": "yes"})
    assert refused.status_code == 403
    assert headings(app, outcome_id)[1] == (2, "Roadmap on data exchange")


def test_another_teams_person_may_not_see_the_history(app, client, edited):
    outcome_id, item_id, _ = edited
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        services.update_header(
            uow, outcome_id, draft.version, replace(draft.outcome, subject="Standing Committee (COSI)")
        )
    make_person(app, "other", "drafter", ("CATS",))
    sign_in(app, client, "other")
    assert client.get(f"/outcomes/{outcome_id}/history").status_code == 403
    assert client.get(f"/outcomes/{outcome_id}/items/{item_id}/history").status_code == 403
