"""Review in the browser: comments, review status by role, the final outcome and its reopening."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import select

from drafting import review, services
from drafting.io.json_format import loads
from drafting.persistence.tables import ChangeRow
from drafting.web import exports_folder, unit_of_work
from tests.conftest import make_person, sign_in

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def outcome_id(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def item_ids(app, outcome_id) -> list[int]:
    return opened(app, outcome_id).item_ids


def opened(app, outcome_id):
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id)


def browser(app, name: str, role: str):
    """A browser signed in as a new person of the sample's team, and the CSRF token its pages carry."""
    make_person(app, name, role, ("COSI",))
    client = app.test_client()
    sign_in(app, client, name)
    return client, token_of(client)


def token_of(client) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', client.get("/").get_data(as_text=True))
    assert found
    return found.group(1)


def post(client, url: str, token: str, htmx: bool = False, **data: str):
    headers = {"X-CSRFToken": token, **(HTMX if htmx else {})}
    return client.post(url, data={"csrf_token": token, **data}, headers=headers)


def item_url(outcome_id: int, item_id: int, rest: str = "") -> str:
    return f"/outcomes/{outcome_id}/items/{item_id}{rest}"


def clear_everything(app, outcome_id: int) -> None:
    with app.app_context():
        for item_id in opened(app, outcome_id).item_ids:
            for status in ("ready", "cleared"):
                with unit_of_work() as uow:
                    review.set_review(uow, outcome_id, item_id, status, None)


def make_final(app, outcome_id: int) -> None:
    clear_everything(app, outcome_id)
    with app.app_context(), unit_of_work() as uow:
        review.mark_final(uow, outcome_id, None)


# ---------------------------------------------------------------------- roles


def test_a_reviewer_comments_and_clears_but_cannot_save_an_item(app, outcome_id, item_ids):
    drafter, drafter_token = browser(app, "dora", "drafter")
    reviewer, token = browser(app, "rex", "reviewer")
    item_id = item_ids[0]

    said = post(reviewer, item_url(outcome_id, item_id, "/comments"), token, htmx=True, text="Check the date")
    assert said.status_code == 200 and "Check the date" in said.get_data(as_text=True)

    submitted = post(
        drafter, item_url(outcome_id, item_id, "/review"), drafter_token, htmx=True, status="ready"
    )
    assert submitted.status_code == 200 and "Item 1 is ready for review." in submitted.get_data(as_text=True)
    cleared = post(reviewer, item_url(outcome_id, item_id, "/review"), token, htmx=True, status="cleared")
    assert cleared.status_code == 200 and cleared.headers["HX-Trigger"] == "outcome-changed"
    assert "Item 1 is cleared." in cleared.get_data(as_text=True)
    assert opened(app, outcome_id).item_reviews[0] == "cleared"

    saved = post(reviewer, item_url(outcome_id, item_id), token, form_prefix="items-0")
    assert saved.status_code == 403


def test_a_drafter_cannot_clear_an_item_403_with_the_reason(app, outcome_id, item_ids):
    drafter, token = browser(app, "dora", "drafter")
    url = item_url(outcome_id, item_ids[0], "/review")
    post(drafter, url, token, status="ready")

    plain = post(drafter, url, token, status="cleared")
    assert plain.status_code == 403
    assert "a drafter cannot move an item from ready for review to cleared" in plain.get_data(as_text=True)
    # htmx swaps no 4xx: it gets the item again, saying why (and the status it still has).
    swapped = post(drafter, url, token, htmx=True, status="cleared")
    page = swapped.get_data(as_text=True)
    assert swapped.status_code == 200 and "Not allowed: a drafter cannot move" in page
    assert "Ready for review" in page
    assert opened(app, outcome_id).item_reviews[0] == "ready"


def test_the_item_shows_the_buttons_the_person_may_use(app, outcome_id, item_ids):
    drafter, token = browser(app, "dora", "drafter")
    reviewer, _ = browser(app, "rex", "reviewer")
    url = item_url(outcome_id, item_ids[0])

    drafting = drafter.get(url, headers=HTMX).get_data(as_text=True)
    assert 'value="ready"' in drafting and 'value="cleared"' not in drafting and ">Edit</a>" in drafting
    post(drafter, url + "/review", token, status="ready")
    seen_by_reviewer = reviewer.get(url, headers=HTMX).get_data(as_text=True)
    assert 'value="cleared"' in seen_by_reviewer and 'value="drafting"' in seen_by_reviewer
    assert ">Edit</a>" not in seen_by_reviewer  # a reviewer never changes the text
    assert "Comments (<span" in seen_by_reviewer


def test_a_review_status_posted_as_a_form_redirects_with_a_message(client, csrf_token, outcome_id, item_ids):
    answer = post(
        client, item_url(outcome_id, item_ids[1], "/review"), csrf_token, status="ready", version="1"
    )
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/outcomes/{outcome_id}#item-1")
    assert "Item 2 is ready for review." in client.get(answer.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("data", [{"status": "done"}, {"status": "ready", "version": "x"}, {}])
def test_an_unreadable_review_status_is_a_400(client, csrf_token, outcome_id, item_ids, data):
    answer = post(client, item_url(outcome_id, item_ids[0], "/review"), csrf_token, **data)
    assert answer.status_code == 400


def test_clearing_an_item_changed_since_it_was_shown_is_refused_in_place(
    client, csrf_token, outcome_id, item_ids
):
    url = item_url(outcome_id, item_ids[0], "/review")
    post(client, url, csrf_token, status="ready")
    answer = post(client, url, csrf_token, htmx=True, status="cleared", version="7")
    assert "Nothing was done: the item&#39;s text was changed since you read it" in answer.get_data(
        as_text=True
    )
    assert opened(client.application, outcome_id).item_reviews[0] == "ready"


# ---------------------------------------------------------------------- comments


def test_comments_thread_replies_resolve_and_the_problems_panel(client, csrf_token, outcome_id, item_ids):
    url = item_url(outcome_id, item_ids[6], "/comments")
    first = post(client, url, csrf_token, htmx=True, text="Who presented this? @tester @ghost")
    fragment = first.get_data(as_text=True)
    assert fragment.strip().startswith(f'<section id="comments-{item_ids[6]}"')
    assert "Nobody is called @ghost" in fragment
    assert '<mark class="mention">@tester</mark>' in fragment and "@ghost" in fragment
    assert re.search(rf'id="comment-count-{item_ids[6]}" hx-swap-oob="true">1 open', fragment)

    problems = client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True)
    assert "open comment by tester: Who presented this?" in problems
    assert 'href="#item-6"' in problems

    comment_id = int(re.search(r'name="parent_id" value="(\d+)"', fragment).group(1))
    replied = post(client, url, csrf_token, htmx=True, text="The Presidency.", parent_id=str(comment_id))
    assert "Reply added." in replied.get_data(as_text=True)
    resolved = post(client, f"{url}/{comment_id}/resolve", csrf_token, htmx=True)
    assert "Resolved by tester." in resolved.get_data(as_text=True)
    assert "Reopen the thread" in resolved.get_data(as_text=True)
    problems = client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True)
    assert "open comment" not in problems
    reopened = post(client, f"{url}/{comment_id}/reopen", csrf_token, htmx=True)
    assert "Thread reopened." in reopened.get_data(as_text=True)


def test_the_item_says_how_many_threads_are_open(client, csrf_token, outcome_id, item_ids):
    for text in ("One", "Two"):
        post(client, item_url(outcome_id, item_ids[0], "/comments"), csrf_token, text=text)
    view = client.get(item_url(outcome_id, item_ids[0]), headers=HTMX).get_data(as_text=True)
    assert f'<span id="comment-count-{item_ids[0]}">2 open</span>' in view


def test_comment_text_is_escaped(client, csrf_token, outcome_id, item_ids):
    url = item_url(outcome_id, item_ids[0], "/comments")
    post(client, url, csrf_token, text="<script>alert(1)</script> @tester<b>")
    for page in (
        client.get(url).get_data(as_text=True),
        client.get(url, headers=HTMX).get_data(as_text=True),
    ):
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert '<mark class="mention">@tester</mark>&lt;b&gt;' in page
    problems = client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True)
    assert "<script>alert" not in problems and "&lt;script&gt;" in problems


def test_an_empty_comment_keeps_the_form_and_says_why(client, csrf_token, outcome_id, item_ids):
    url = item_url(outcome_id, item_ids[0], "/comments")
    plain = post(client, url, csrf_token, text="   ")
    assert plain.status_code == 400 and "Not saved: write the comment first" in plain.get_data(as_text=True)
    long = "a" * 5001
    swapped = post(client, url, csrf_token, htmx=True, text=long)
    page = swapped.get_data(as_text=True)
    assert swapped.status_code == 200 and "at most 5000 characters" in page and long in page


def test_a_comment_posted_without_javascript_comes_back_to_its_page(client, csrf_token, outcome_id, item_ids):
    url = item_url(outcome_id, item_ids[0], "/comments")
    answer = post(client, url, csrf_token, text="Plain form")
    assert answer.status_code == 303 and answer.headers["Location"] == url
    page = client.get(url).get_data(as_text=True)
    assert page.startswith("<!doctype html>") and "Comment added." in page and "Plain form" in page


@pytest.mark.parametrize("parent", ["abc", "999999"])
def test_a_reply_to_no_comment_is_refused_without_a_500(client, csrf_token, outcome_id, item_ids, parent):
    answer = post(
        client, item_url(outcome_id, item_ids[0], "/comments"), csrf_token, text="x", parent_id=parent
    )
    assert answer.status_code in (400, 404)


def test_resolving_a_comment_through_another_item_is_not_found(client, csrf_token, outcome_id, item_ids):
    post(client, item_url(outcome_id, item_ids[0], "/comments"), csrf_token, text="On item 1")
    thread = client.get(item_url(outcome_id, item_ids[0], "/comments")).get_data(as_text=True)
    comment_id = re.search(r'name="parent_id" value="(\d+)"', thread).group(1)
    answer = post(client, item_url(outcome_id, item_ids[1], f"/comments/{comment_id}/resolve"), csrf_token)
    assert answer.status_code == 404


def test_a_change_without_the_csrf_token_is_refused(client, outcome_id, item_ids):
    for rest, data in (("/comments", {"text": "x"}), ("/review", {"status": "ready"})):
        answer = client.post(item_url(outcome_id, item_ids[0], rest), data=data)
        assert answer.status_code == 400 and "Form expired" in answer.get_data(as_text=True)
    assert client.post(f"/outcomes/{outcome_id}/final").status_code == 400
    assert opened(client.application, outcome_id).item_reviews[0] == "drafting"


# ---------------------------------------------------------------------- final and reopened


def test_mark_final_is_refused_with_what_is_missing(client, csrf_token, outcome_id):
    answer = post(client, f"/outcomes/{outcome_id}/final", csrf_token)
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Not marked final: items 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 not cleared." in page
    assert opened(client.application, outcome_id).status == "draft"


def test_a_final_outcome_is_read_only_and_an_admin_reopens_it(app, client, csrf_token, outcome_id, item_ids):
    drafter, token = browser(app, "dora", "drafter")
    clear_everything(app, outcome_id)
    marked = post(drafter, f"/outcomes/{outcome_id}/final", token)
    assert marked.status_code == 303
    page = drafter.get(f"/outcomes/{outcome_id}").get_data(as_text=True)
    assert "Final — read-only." in page and "The outcome is final" in page
    assert "Mark final" not in page and ">Edit</a>" not in page and "Reopen…" not in page

    saved = post(drafter, item_url(outcome_id, item_ids[0]), token, form_prefix="items-0")
    assert saved.status_code == 403
    assert post(drafter, f"/outcomes/{outcome_id}/reopen", token, reason="Mine").status_code == 403

    admin_page = client.get(f"/outcomes/{outcome_id}").get_data(as_text=True)
    assert "Reopen…" in admin_page and 'name="reason"' in admin_page
    missing = post(client, f"/outcomes/{outcome_id}/reopen", csrf_token, reason="  ")
    assert missing.status_code == 400 and "say why the outcome is reopened" in missing.get_data(as_text=True)
    boosted = client.post(
        f"/outcomes/{outcome_id}/reopen",
        data={"csrf_token": csrf_token, "reason": " \n "},
        headers={**HTMX, "HX-Boosted": "true"},
    )  # htmx swaps no 4xx: a boosted form is answered 200, with what was typed kept
    assert boosted.status_code == 200 and 'aria-invalid="true"' in boosted.get_data(as_text=True)
    reopened = post(
        client, f"/outcomes/{outcome_id}/reopen", csrf_token, reason="Item 3 misquotes a document"
    )
    assert reopened.status_code == 303
    assert opened(app, outcome_id).status == "draft"
    with app.app_context(), unit_of_work() as uow:
        last = uow.session.scalars(select(ChangeRow).order_by(ChangeRow.id.desc())).first()
        assert (last.unit, last.action, last.after["reason"]) == (
            "outcome",
            "reopen",
            "Item 3 misquotes a document",
        )
    assert "Mark final" in drafter.get(f"/outcomes/{outcome_id}").get_data(as_text=True)


def test_exports_of_a_final_outcome_are_marked_in_the_list_and_the_api(app, client, csrf_token, outcome_id):
    from tests.conftest import api_client_for

    with app.app_context(), unit_of_work() as uow:
        services.export_outcome(uow, outcome_id, exports_folder())
    make_final(app, outcome_id)
    exported = post(client, f"/outcomes/{outcome_id}/export", csrf_token)
    assert exported.status_code == 200
    exported.close()

    listing = client.get(f"/outcomes/{outcome_id}/exports", headers=HTMX).get_data(as_text=True)
    rows = re.findall(r'<tr id="export-(\d+)">(.*?)</tr>', listing, re.S)
    assert [(number, "Final — circulated" in row) for number, row in rows] == [("2", True), ("1", False)]
    make_person(app, "script", "admin")
    api = api_client_for(app, "script")
    made = api.post(f"/api/outcomes/{outcome_id}/export").get_json()
    assert made["final"] is True and made["number"] == 3
    assert [e["final"] for e in api.get(f"/api/outcomes/{outcome_id}/exports").get_json()["exports"]] == [
        False,
        True,
        True,
    ]


def test_a_comment_with_a_control_character_is_refused_with_a_message_and_kept_in_the_form(
    client, csrf_token, outcome_id, item_ids
):
    url = item_url(outcome_id, item_ids[0], "/comments")
    answer = post(client, url, csrf_token, text="Fine\x00 text")
    page = answer.get_data(as_text=True)
    assert answer.status_code in (200, 400)
    assert "control character (U+0000)" in page
    assert "Fine" in page  # what was typed is still there
    assert "0 open" in client.get(item_url(outcome_id, item_ids[0]), headers=HTMX).get_data(as_text=True)
