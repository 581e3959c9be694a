"""An outcome started from an agenda keeps it, and its problems say where the outcome leaves it."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from sqlalchemy import select, update

from drafting.domain.agenda import HEADING_DIFFERS, MISSING, NOT_ON_AGENDA
from drafting.io.agenda_format import agenda_from_json
from drafting.io.agenda_import import read_agenda_text
from drafting.persistence.tables import ExportRow, OutcomeRow
from drafting.web import unit_of_work
from tests.conftest import api_client_for
from tests.web.item_forms import HTMX, draft_of, form_fields, posted, sample_outcome

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "agenda-cosi-4921-17.txt"
AGENDA = FIXTURE.read_text(encoding="utf-8")
AGENDA_CODES = (MISSING, HEADING_DIFFERS, NOT_ON_AGENDA)


@pytest.fixture
def from_agenda(app, client, csrf_token) -> int:
    """An outcome started in the browser from the pasted agenda, as a drafter does it."""
    answer = client.post(
        "/outcomes/from-agenda",
        data={"action": "create", "text": AGENDA, "csrf_token": csrf_token},
        content_type="multipart/form-data",
    )
    assert answer.status_code == 303
    found = re.fullmatch(r"/outcomes/(\d+)", answer.headers["Location"])
    assert found, answer.headers["Location"]
    return int(found.group(1))


def kept(app, outcome_id: int) -> object:
    with app.app_context(), unit_of_work(reading=True) as uow:
        return uow.session.scalar(select(OutcomeRow.agenda).where(OutcomeRow.id == outcome_id))


def panel(client, outcome_id: int) -> str:
    """The problems panel's messages, as plain text."""
    answer = client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX)
    assert answer.status_code == 200
    found = answer.get_data(as_text=True)
    assert '<h2 id="problems-title">Problems</h2>' in found
    return html.unescape(found)


def agenda_warnings(page: str) -> list[str]:
    """The panel's lines that compare the outcome with its agenda."""
    messages = re.findall(r'<li class="problem warning">.*?<p>(.*?)</p>', page, re.DOTALL)
    return [m for m in messages if "agenda" in m and ("not on the" in m or "of the agenda" in m)]


def add_item(client, app, outcome_id: int, csrf_token: str) -> int:
    """A new item at the end, through the editor's Add item."""
    draft = draft_of(app, outcome_id)
    answer = client.post(
        f"/outcomes/{outcome_id}/items",
        data={"csrf_token": csrf_token, "order_version": draft.order_version},
        headers=HTMX,
    )
    assert answer.status_code == 200
    return draft_of(app, outcome_id).item_ids[-1]


def set_heading(client, app, outcome_id: int, item_id: int, heading: str) -> None:
    """Type the heading in the item's form and save it, as the editor does."""
    index = draft_of(app, outcome_id).item_ids.index(item_id)
    form = client.get(f"/outcomes/{outcome_id}/items/{item_id}/edit", headers=HTMX).get_data(as_text=True)
    fields = form_fields(form, f"item-{index}")
    answer = client.post(
        f"/outcomes/{outcome_id}/items/{item_id}",
        data=posted(fields, {f"items-{index}-heading": heading}),
        headers=HTMX,
    )
    assert answer.status_code == 200 and answer.headers.get("HX-Trigger") == "outcome-changed"


# ---------------------------------------------------------------------- kept


def test_the_outcome_keeps_the_agenda_it_was_started_from(app, from_agenda):
    stored = kept(app, from_agenda)
    assert isinstance(stored, dict) and stored["document_number"] == "CM 4921/17"
    assert agenda_from_json(stored) == read_agenda_text(AGENDA)


def test_an_outcome_not_started_from_an_agenda_keeps_none(app):
    assert kept(app, sample_outcome(app)) is None


# ---------------------------------------------------------------------- checked in the problems panel


def test_as_started_the_outcome_follows_its_agenda(client, from_agenda):
    page = panel(client, from_agenda)
    assert agenda_warnings(page) == []


def test_an_item_added_that_is_not_on_the_agenda_is_named_in_the_panel(app, client, csrf_token, from_agenda):
    item_id = add_item(client, app, from_agenda, csrf_token)
    set_heading(client, app, from_agenda, item_id, "Visit of the Europol Director")
    assert agenda_warnings(panel(client, from_agenda)) == [
        'item 12, "Visit of the Europol Director", is not on the agenda'
    ]
    # The whole editor page shows the same panel.
    page = html.unescape(client.get(f"/outcomes/{from_agenda}").get_data(as_text=True))
    assert 'item 12, "Visit of the Europol Director", is not on the agenda' in page


def test_any_other_business_added_is_no_warning(app, client, csrf_token, from_agenda):
    item_id = add_item(client, app, from_agenda, csrf_token)
    set_heading(client, app, from_agenda, item_id, "Any other business")
    assert agenda_warnings(panel(client, from_agenda)) == []


def test_a_heading_renamed_away_from_the_agenda_is_a_warning_at_the_item(app, client, from_agenda):
    item_id = draft_of(app, from_agenda).item_ids[1]
    set_heading(client, app, from_agenda, item_id, "Roadmap on information exchange")
    page = panel(client, from_agenda)
    wanted = read_agenda_text(AGENDA).item(2).heading
    assert agenda_warnings(page) == [
        f'the heading differs from item 2 of the agenda, "{wanted}" — did you mean <code>{wanted}</code>?'
    ]
    # The warning links to the item it is about.
    assert re.search(r'<a href="#item-1" data-field="items-1-heading">item 2, heading</a>', page)


def test_an_item_deleted_shows_where_the_outcome_now_leaves_its_agenda(app, client, csrf_token, from_agenda):
    item_id = draft_of(app, from_agenda).item_ids[4]
    answer = client.post(
        f"/outcomes/{from_agenda}/items/{item_id}/delete",
        data={
            "csrf_token": csrf_token,
            "order_version": draft_of(app, from_agenda).order_version,
            "confirmed": "yes",
        },
        headers=HTMX,
    )
    assert answer.status_code == 200
    warnings = agenda_warnings(panel(client, from_agenda))
    # The items after it moved up a number: items 5 to 10 now differ from the agenda's, and the
    # agenda's last item has no item of its number any more.
    differing = [w for w in warnings if w.startswith("the heading differs")]
    assert [re.search(r"item (\d+) of", w).group(1) for w in differing] == ["5", "6", "7", "8", "9", "10"]
    assert warnings[-1] == 'item 11 of the agenda, "Any other business", has no item in the outcome'
    assert len(warnings) == 7


def test_an_outcome_not_started_from_an_agenda_shows_no_agenda_warnings(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    item_id = add_item(client, app, outcome_id, csrf_token)
    set_heading(client, app, outcome_id, item_id, "Visit of the Europol Director")
    page = panel(client, outcome_id)
    assert agenda_warnings(page) == []
    assert "Visit of the Europol Director" not in page


def test_an_agenda_kept_that_cannot_be_read_is_no_agenda_and_no_failure(app, client, csrf_token, from_agenda):
    with app.app_context(), unit_of_work(reading=False) as uow:
        garbage = {"format": "council-agenda", "version": 1, "items": "none"}
        uow.session.execute(update(OutcomeRow).where(OutcomeRow.id == from_agenda).values(agenda=garbage))
        uow.commit()
    item_id = add_item(client, app, from_agenda, csrf_token)
    set_heading(client, app, from_agenda, item_id, "Visit of the Europol Director")
    assert agenda_warnings(panel(client, from_agenda)) == []
    assert client.get(f"/outcomes/{from_agenda}").status_code == 200


# ---------------------------------------------------------------------- the same list elsewhere


def test_the_api_check_and_the_export_record_count_the_agenda_warnings(app, client, csrf_token, from_agenda):
    item_id = add_item(client, app, from_agenda, csrf_token)
    set_heading(client, app, from_agenda, item_id, "Visit of the Europol Director")
    script = api_client_for(app, "tester")
    checked = script.post(f"/api/outcomes/{from_agenda}/check")
    assert checked.status_code == 200
    problems = checked.get_json()["problems"]
    assert [p["message"] for p in problems if p["code"] in AGENDA_CODES] == [
        'item 12, "Visit of the Europol Director", is not on the agenda'
    ]

    exported = client.post(
        f"/outcomes/{from_agenda}/export", data={"csrf_token": csrf_token, "confirm": "yes"}
    )
    assert exported.status_code == 200
    with app.app_context(), unit_of_work(reading=True) as uow:
        query = select(ExportRow.problem_count).where(ExportRow.outcome_id == from_agenda)
        counted = uow.session.scalars(query).one()
    assert counted == len(problems)
