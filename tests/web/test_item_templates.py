"""Item templates in the browser: the list, filling one in with the usual checks, saving an item as one."""

from __future__ import annotations

import re
from html import unescape

from sqlalchemy import select

from drafting.io.json_format import item_json
from drafting.persistence.tables import ChangeRow
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in
from tests.web.item_forms import HTMX, draft_of, sample_outcome


def csrf_of(client) -> str:
    page = client.get("/").get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def templates_page(client, outcome_id: int) -> str:
    response = client.get(f"/outcomes/{outcome_id}/templates")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def template_id(page: str, name: str) -> int:
    """The id behind the "Use" link of the template named `name` in the list."""
    found = re.search(rf'<tr id="template-(\d+)">\s*<th scope="row">{re.escape(name)}</th>', page)
    assert found, f"no template {name!r} in the list"
    return int(found.group(1))


def fill(client, outcome_id: int, name: str, values: dict[str, str], token: str, **extra):
    chosen = template_id(templates_page(client, outcome_id), name)
    data = {
        "csrf_token": token,
        "order_version": str(draft_of(client.application, outcome_id).order_version),
        **{f"placeholder-{key}": value for key, value in values.items()},
        **extra,
    }
    return client.post(f"/outcomes/{outcome_id}/templates/{chosen}", data=data)


def field_errors(page: str, placeholder: str) -> str:
    found = re.search(
        rf'<div class="field-errors" id="placeholder-{placeholder}-errors"[^>]*>(.*?)</div>', page, re.S
    )
    assert found, f"no messages under the field of {placeholder}"
    return unescape(found.group(1))


def test_the_list_shows_the_standard_templates_each_with_a_use_link(app, client):
    outcome_id = sample_outcome(app)
    page = templates_page(client, outcome_id)
    agenda = template_id(page, "Adoption of the agenda")
    assert f'href="/outcomes/{outcome_id}/templates/{agenda}"' in page
    template_id(page, "Approval of the outcome of the previous meeting")
    assert ">standard<" in page
    form = client.get(f"/outcomes/{outcome_id}/templates/{agenda}").get_data(as_text=True)
    assert 'name="placeholder-agenda"' in form and "The agenda (its CM or ST number)" in form
    assert f'name="order_version" value="{draft_of(app, outcome_id).order_version}"' in form


def test_the_items_list_links_to_the_templates(app, client):
    outcome_id = sample_outcome(app)
    page = client.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True)
    assert f'href="/outcomes/{outcome_id}/templates"' in page and "Add from a template" in page


def test_filling_the_agenda_inserts_an_ordinary_item_at_the_end_in_canonical_form(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id)
    response = fill(client, outcome_id, "Adoption of the agenda", {"agenda": "cm 5432/17"}, csrf_token)
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/outcomes/{outcome_id}#item-{len(before.item_ids)}")
    after = draft_of(app, outcome_id)
    assert len(after.item_ids) == len(before.item_ids) + 1
    inserted = item_json(after.outcome.items[-1])
    assert inserted["number"] == len(after.item_ids)
    assert inserted["blocks"] == [
        {
            "paragraph": [
                {"text": "The agenda set out in "},
                {"reference": "CM 5432/17"},
                {"text": " was adopted."},
            ]
        }
    ]
    with app.app_context(), unit_of_work(reading=True) as uow:
        actions = uow.session.scalars(
            select(ChangeRow.action).where(
                ChangeRow.outcome_id == outcome_id, ChangeRow.item_id == after.item_ids[-1]
            )
        ).all()
    assert "add" in actions
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "added from the template" in unescape(editor)
    # The item is an ordinary one: its edit form opens like any other's.
    assert client.get(f"/outcomes/{outcome_id}/items/{after.item_ids[-1]}/edit").status_code == 200


def test_a_wrong_reference_is_said_beside_its_field_kept_and_nothing_is_inserted(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id)
    typed = "12223/2/17 REV 3"
    response = fill(client, outcome_id, "Adoption of the agenda", {"agenda": typed}, csrf_token)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    said = field_errors(page, "agenda")
    assert "the revision number stands twice" in said and "12223/3/17 REV 3" in said
    assert f'value="{typed}"' in page
    assert draft_of(app, outcome_id).item_ids == before.item_ids
    # For htmx (a boosted form) the same answer comes with 200, or it would not be shown.
    chosen = template_id(templates_page(client, outcome_id), "Adoption of the agenda")
    boosted = client.post(
        f"/outcomes/{outcome_id}/templates/{chosen}",
        data={
            "csrf_token": csrf_token,
            "order_version": str(before.order_version),
            "placeholder-agenda": typed,
        },
        headers={**HTMX, "HX-Boosted": "true"},
    )
    assert boosted.status_code == 200 and "the revision number stands twice" in unescape(
        boosted.get_data(as_text=True)
    )


def test_a_boosted_form_is_sent_to_the_new_item_itself_not_to_the_top_of_the_editor(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id)
    chosen = template_id(templates_page(client, outcome_id), "Adoption of the agenda")

    response = client.post(
        f"/outcomes/{outcome_id}/templates/{chosen}",
        data={
            "csrf_token": csrf_token,
            "order_version": str(before.order_version),
            "placeholder-agenda": "CM 5432/17",
        },
        headers={**HTMX, "HX-Boosted": "true"},
    )

    # htmx drops the #item-N of a redirect it follows; told to go there, the browser keeps it.
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == f"/outcomes/{outcome_id}#item-{len(before.item_ids)}"
    assert len(draft_of(app, outcome_id).item_ids) == len(before.item_ids) + 1


def test_a_bad_date_is_said_beside_its_field_and_nothing_is_inserted(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id)
    values = {"meeting_date": "31 February 2017", "document": "5432/17"}
    response = fill(client, outcome_id, "Approval of the outcome of the previous meeting", values, csrf_token)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '"31 February 2017" is not a date' in field_errors(page, "meeting_date")
    assert field_errors(page, "document").strip() == ""
    assert 'type="date" id="placeholder-meeting_date"' in page
    assert 'value="31 February 2017"' in page and 'value="5432/17"' in page
    assert draft_of(app, outcome_id).item_ids == before.item_ids


def test_an_order_changed_meanwhile_inserts_nothing_and_says_so(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id)
    stale = str(before.order_version - 1)
    response = fill(
        client, outcome_id, "Adoption of the agenda", {"agenda": "5432/17"}, csrf_token, order_version=stale
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "nothing was inserted" in page and 'value="5432/17"' in page
    assert draft_of(app, outcome_id).item_ids == before.item_ids


def test_a_reviewer_and_another_teams_drafter_are_refused(app, csrf_token):
    outcome_id = sample_outcome(app)  # a COSI outcome
    make_person(app, "reviewer", "reviewer", ("COSI",))
    make_person(app, "other drafter", "drafter", ("CATS",))
    for name in ("reviewer", "other drafter"):
        browser = app.test_client()
        sign_in(app, browser, name)
        token = csrf_of(browser)
        assert browser.get(f"/outcomes/{outcome_id}/templates").status_code == 403
        assert browser.get(f"/outcomes/{outcome_id}/templates/1").status_code == 403
        posted = browser.post(
            f"/outcomes/{outcome_id}/templates/1",
            data={"csrf_token": token, "order_version": "1", "placeholder-agenda": "5432/17"},
        )
        assert posted.status_code == 403
        item_id = draft_of(app, outcome_id).item_ids[0]
        saved = browser.post(
            f"/outcomes/{outcome_id}/items/{item_id}/save-as-template",
            data={"csrf_token": token, "name": "Mine", "scope": "personal"},
        )
        assert saved.status_code == 403
    item_page = app.test_client()
    sign_in(app, item_page, "reviewer")
    page = item_page.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True)
    assert "Save as template" not in page and "Add from a template" not in page


def test_a_drafter_saves_an_item_as_a_personal_template_and_finds_it_in_the_list(app):
    outcome_id = sample_outcome(app)
    make_person(app, "drafter", "drafter", ("COSI",))
    browser = app.test_client()
    sign_in(app, browser, "drafter")
    token = csrf_of(browser)
    item_id = draft_of(app, outcome_id).item_ids[2]
    assert "Save as template" in browser.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True)
    response = browser.post(
        f"/outcomes/{outcome_id}/items/{item_id}/save-as-template",
        data={
            "csrf_token": token,
            "name": "Counter-terrorism <update>",
            "description": "As in May",
            "scope": "personal",
        },
    )
    assert response.status_code == 303 and response.headers["Location"].endswith("#item-2")
    page = templates_page(browser, outcome_id)
    saved = template_id(page, "Counter-terrorism &lt;update&gt;")
    row = re.search(rf'<tr id="template-{saved}">(.*?)</tr>', page, re.S).group(1)
    assert '<td class="scope">personal</td>' in row and "As in May" in row
    # Someone else does not see a personal template.
    make_person(app, "colleague", "drafter", ("COSI",))
    other = app.test_client()
    sign_in(app, other, "colleague")
    assert "Counter-terrorism &lt;update&gt;" not in templates_page(other, outcome_id)
    assert other.get(f"/outcomes/{outcome_id}/templates/{saved}").status_code == 404


def test_a_template_without_a_name_is_not_saved_and_the_drafter_is_told(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[0]
    response = client.post(
        f"/outcomes/{outcome_id}/items/{item_id}/save-as-template",
        data={"csrf_token": csrf_token, "name": "  ", "scope": "personal"},
        follow_redirects=True,
    )
    assert response.status_code == 200
    assert "The template was not saved: a template needs a name." in response.get_data(as_text=True)


def test_missing_csrf_is_refused_and_changes_nothing(app, client):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id)
    chosen = template_id(templates_page(client, outcome_id), "Adoption of the agenda")
    posted = client.post(
        f"/outcomes/{outcome_id}/templates/{chosen}",
        data={"order_version": str(before.order_version), "placeholder-agenda": "5432/17"},
    )
    assert posted.status_code == 400
    saved = client.post(
        f"/outcomes/{outcome_id}/items/{before.item_ids[0]}/save-as-template",
        data={"name": "Mine", "scope": "personal"},
    )
    assert saved.status_code == 400
    assert draft_of(app, outcome_id).item_ids == before.item_ids


def test_garbled_forms_get_a_clear_answer_not_an_error(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    chosen = template_id(templates_page(client, outcome_id), "Adoption of the agenda")
    url = f"/outcomes/{outcome_id}/templates/{chosen}"
    assert client.post(url, data={"csrf_token": csrf_token}).status_code == 400
    assert (
        client.post(url, data={"csrf_token": csrf_token, "order_version": "1", "position": "x"}).status_code
        == 400
    )
    assert client.get(f"/outcomes/{outcome_id}/templates/999999").status_code == 404
    item_id = draft_of(app, outcome_id).item_ids[0]
    odd = client.post(
        f"/outcomes/{outcome_id}/items/{item_id}/save-as-template",
        data={"csrf_token": csrf_token, "name": "x", "scope": "standard"},
        follow_redirects=True,
    )
    assert odd.status_code == 200 and "choose personal or for your team" in odd.get_data(as_text=True)
