"""The "Discussed before" panel beside an item's form: earlier outcomes citing the same documents, and
"Use this wording", which appends the sentence to the item being edited without saving anything."""

from __future__ import annotations

import html
import re
from datetime import date

from drafting import services
from drafting.domain.model import Item, Outcome, Paragraph, ReferenceLink, Text, text
from drafting.io.json_format import item_json
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in
from tests.web.item_forms import form_fields, posted

HTMX = {"HX-Request": "true"}
CITED = "The agenda set out in 14260/1/17 REV 1 was adopted."


def add_outcome(app, number: str, body: str, day: date | None, *paragraphs) -> int:
    blocks = [Paragraph(p if isinstance(p, tuple) else text(p)) for p in paragraphs]
    outcome = Outcome(
        document_number=number,
        subject=f"Meeting of the committee ({body})",
        meeting_dates=[day] if day else [],
        items=[
            Item(1, heading=text("Adoption of the agenda"), blocks=blocks),
            Item(2, heading=text("Any other business"), blocks=[Paragraph(text("None."))]),
        ],
    )
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, outcome)


def item_ids(app, outcome_id: int) -> list[int]:
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id).item_ids


def panel(client, outcome_id: int, item_id: int) -> str:
    response = client.get(f"/outcomes/{outcome_id}/items/{item_id}/discussed-before", headers=HTMX)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def archive(app) -> dict[str, int]:
    """The outcome being drafted (COSI, 21 November 2017) and others citing its document or not."""
    return {
        "now": add_outcome(app, "15754/17", "COSI", date(2017, 11, 21), CITED),
        "earlier": add_outcome(
            app, "13000/17", "COSI", date(2017, 10, 2), "Delegations examined ST 14260 2017 REV 1 in detail."
        ),
        "much earlier": add_outcome(
            app,
            "9000/17",
            "COSI",
            date(2017, 5, 4),
            (Text("The Committee took note of "), ReferenceLink("14260/1/17 REV 1"), Text(".")),
        ),
        "later": add_outcome(app, "16000/17", "COSI", date(2017, 12, 5), "Later: 14260/1/17 REV 1 again."),
        "other team": add_outcome(app, "12000/17", "CATS", date(2017, 9, 1), "CATS noted 14260/1/17 REV 1."),
        "other version": add_outcome(app, "11000/17", "COSI", date(2017, 9, 9), "Noted 14260/10/17 REV 10."),
    }


def test_the_form_loads_the_panel_once_open(app, client):
    outcome = add_outcome(app, "15754/17", "COSI", date(2017, 11, 21), CITED)
    first = item_ids(app, outcome)[0]
    form = client.get(f"/outcomes/{outcome}/items/{first}/edit", headers=HTMX).get_data(as_text=True)
    assert f'hx-get="/outcomes/{outcome}/items/{first}/discussed-before"' in form
    assert 'hx-trigger="load"' in form and 'hx-target="this"' in form


def test_the_panel_lists_earlier_outcomes_citing_the_document_newest_first(app):
    outcomes = archive(app)
    make_person(app, "cosi-drafter", "drafter", ("COSI",))
    browser = app.test_client()
    sign_in(app, browser, "cosi-drafter")
    first = item_ids(app, outcomes["now"])[0]
    page = panel(browser, outcomes["now"], first)
    assert "<h5>14260/1/17 REV 1</h5>" in page
    shown = re.findall(r'<a href="/outcomes/(\d+)">([^<]+)</a>', page)
    assert shown == [(str(outcomes["earlier"]), "13000/17"), (str(outcomes["much earlier"]), "9000/17")]
    assert "Delegations examined <mark>ST 14260 2017 REV 1</mark> in detail." in page
    assert "The Committee took note of <mark>14260/1/17 REV 1</mark>." in page
    earlier_item = item_ids(app, outcomes["earlier"])[0]
    assert f'href="/outcomes/{outcomes["earlier"]}/items/{earlier_item}">Item 1, paragraph 1</a>' in page
    for absent in ("16000/17", "Later:", "12000/17", "CATS noted", "11000/17", "15754/17"):
        assert absent not in page
    # The wording of each sentence, ready to post with the item's form; a link stays a link.
    buttons = re.findall(r'<button type="submit" form="item-0" name="reuse" value="([^"]*)"', page)
    assert [html.unescape(value) for value in buttons] == [
        "Delegations examined ST 14260 2017 REV 1 in detail.",
        "The Committee took note of [14260/1/17 REV 1](#).",
    ]


def test_an_admin_sees_every_team_and_an_outcome_without_a_date_is_not_left_out(app, client):
    outcomes = archive(app)
    undated = add_outcome(app, "8000/17", "COSI", None, "Undated mention of 14260/1/17 REV 1.")
    page = panel(client, outcomes["now"], item_ids(app, outcomes["now"])[0])
    numbers = re.findall(r'<a href="/outcomes/\d+">([^<]+)</a>', page)
    assert numbers == ["13000/17", "12000/17", "9000/17", "8000/17"]
    assert str(undated) in page


def test_an_item_citing_nothing_or_nothing_found_says_so_in_one_line(app, client):
    outcome = add_outcome(app, "15754/17", "COSI", date(2017, 11, 21), CITED)
    first, second = item_ids(app, outcome)
    assert "This item cites no document yet." in panel(client, outcome, second)
    assert "None of the documents this item cites was discussed" in panel(client, outcome, first)


def test_an_unknown_item_is_not_found(app, client):
    outcome = add_outcome(app, "15754/17", "COSI", date(2017, 11, 21), CITED)
    other = add_outcome(app, "13000/17", "COSI", date(2017, 10, 2), CITED)
    foreign = item_ids(app, other)[0]
    assert client.get(f"/outcomes/{outcome}/items/{foreign}/discussed-before").status_code == 404
    assert client.get(f"/outcomes/{outcome}/items/99999/discussed-before").status_code == 404


def test_use_this_wording_appends_the_paragraph_keeps_what_was_typed_and_saves_nothing(app, client):
    outcomes = archive(app)
    outcome, first = outcomes["now"], item_ids(app, outcomes["now"])[0]
    with app.app_context(), unit_of_work() as uow:
        before = services.open_draft(uow, outcome)
    page = client.get(f"/outcomes/{outcome}/items/{first}/edit", headers=HTMX).get_data(as_text=True)
    fields = form_fields(page, "item-0")
    wording = "The Committee took note of [14260/1/17 REV 1](#)."
    data = posted(fields, {"items-0-heading": "Adoption of the agenda, as typed", "reuse": wording})
    response = client.post(f"/outcomes/{outcome}/items/{first}", data=data, headers=HTMX)
    assert response.status_code == 200
    form = response.get_data(as_text=True)
    assert form.lstrip().startswith('<form id="item-0"')
    after = form_fields(form, "item-0")
    assert after["items-0-heading"] == "Adoption of the agenda, as typed"
    assert after["items-0-blocks-0-text"] == CITED
    assert after["items-0-blocks-1-kind"] == "paragraph" and after["items-0-blocks-1-text"] == wording
    assert "The wording was added as a new paragraph (not saved yet)." in form
    assert "reuse" not in after
    with app.app_context(), unit_of_work() as uow:
        now = services.open_draft(uow, outcome)
    assert now.item_versions == before.item_versions
    assert [item_json(item) for item in now.outcome.items] == [
        item_json(item) for item in before.outcome.items
    ]
    # Saved afterwards, the paragraph is the item's, its reference still a link.
    saved = client.post(f"/outcomes/{outcome}/items/{first}", data=posted(after, {"save": "1"}), headers=HTMX)
    assert saved.status_code == 200
    with app.app_context(), unit_of_work() as uow:
        item = services.open_draft(uow, outcome).outcome.items[0]
    assert item.blocks[1] == Paragraph(
        (Text("The Committee took note of "), ReferenceLink("14260/1/17 REV 1"), Text("."))
    )


def test_use_this_wording_needs_the_right_to_edit_and_a_valid_form(app, client, csrf_token):
    outcome = add_outcome(app, "15754/17", "COSI", date(2017, 11, 21), CITED)
    first = item_ids(app, outcome)[0]
    make_person(app, "cosi-reviewer", "reviewer", ("COSI",))
    reviewer = app.test_client()
    sign_in(app, reviewer, "cosi-reviewer")
    token = re.search(r'name="csrf-token" content="([^"]+)"', reviewer.get("/").get_data(as_text=True))[1]
    refused = reviewer.post(
        f"/outcomes/{outcome}/items/{first}",
        data={"csrf_token": token, "form_prefix": "items-0", "reuse": "Words."},
        headers=HTMX,
    )
    assert refused.status_code == 403
    url = f"/outcomes/{outcome}/items/{first}"
    no_token = client.post(url, data={"form_prefix": "items-0", "reuse": "Words."})
    assert no_token.status_code == 400 and "Form expired" in no_token.get_data(as_text=True)
    broken = client.post(url, data={"csrf_token": csrf_token, "form_prefix": "nonsense", "reuse": "Words."})
    assert broken.status_code == 400 and "could not be read" in broken.get_data(as_text=True)
    with app.app_context(), unit_of_work() as uow:
        assert services.open_draft(uow, outcome).item_versions == [1, 1]
