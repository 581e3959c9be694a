"""A placeholder filling a dash list (the Presidency's topics) is typed one entry per line, in a text area.

A one-line field cannot hold a line break: every topic after the first would be lost.
"""

from __future__ import annotations

import re
from html import unescape

from drafting.domain.model import DashList, Paragraph, plain_text
from drafting.reuse.standard import ENDORSEMENT, PRESIDENCY_INFORMATION
from drafting.web.item_templates import one_per_line
from tests.web.item_forms import draft_of, sample_outcome
from tests.web.test_item_templates import field_errors, template_id, templates_page

PRESIDENCY = "Information from the Presidency"
TOPICS = "the state of play of the Schengen evaluation\nthe fight against terrorism"


def fill_form(client, outcome_id: int, name: str) -> str:
    chosen = template_id(templates_page(client, outcome_id), name)
    response = client.get(f"/outcomes/{outcome_id}/templates/{chosen}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def post(client, outcome_id: int, topics: str, token: str):
    chosen = template_id(templates_page(client, outcome_id), PRESIDENCY)
    data = {
        "csrf_token": token,
        "order_version": str(draft_of(client.application, outcome_id).order_version),
        "placeholder-topics": topics,
    }
    return client.post(f"/outcomes/{outcome_id}/templates/{chosen}", data=data)


def test_only_a_text_placeholder_standing_alone_in_a_dash_list_is_typed_one_per_line():
    assert one_per_line(PRESIDENCY_INFORMATION) == {"topics"}
    assert one_per_line(ENDORSEMENT) == set()


def test_the_topics_field_is_a_labelled_text_area_saying_one_per_line(app, client):
    outcome_id = sample_outcome(app)
    form = fill_form(client, outcome_id, PRESIDENCY)
    area = re.search(r'<textarea id="placeholder-topics" name="placeholder-topics"[^>]*>', form)
    assert area, "the topics are typed in a text area"
    assert 'aria-describedby="placeholder-topics-errors placeholder-topics-hint"' in area.group(0)
    assert '<label for="placeholder-topics">Topics, one per line' in form
    assert re.search(r'id="placeholder-topics-hint">One per line: each line becomes a dash', form)
    assert '<input type="text" id="placeholder-topics"' not in form
    # Other text placeholders stay one-line fields.
    endorsement = fill_form(client, outcome_id, "Endorsement for an I/A item")
    assert '<input type="text" id="placeholder-title" name="placeholder-title"' in endorsement
    assert "<textarea" not in endorsement


def test_two_lines_typed_become_two_dashes_of_the_inserted_item(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    response = post(client, outcome_id, TOPICS.replace("\n", "\r\n"), csrf_token)
    assert response.status_code == 303
    inserted = draft_of(app, outcome_id).outcome.items[-1]
    said, dashes = inserted.blocks
    assert isinstance(said, Paragraph) and isinstance(dashes, DashList)
    assert [plain_text(entry) for entry in dashes.entries] == TOPICS.splitlines()


def test_refused_lines_come_back_in_the_text_area_as_typed(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    before = draft_of(app, outcome_id).item_ids
    typed = "first <topic>\nsecond\x0bthird"  # a control character Word cannot hold
    response = post(client, outcome_id, typed, csrf_token)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert field_errors(page, "topics").strip()
    area = re.search(r'<textarea id="placeholder-topics"[^>]*>(.*?)</textarea>', page, re.S)
    assert area and unescape(area.group(1)) == typed
    assert "first &lt;topic&gt;" in area.group(1)  # escaped, never markup
    assert draft_of(app, outcome_id).item_ids == before


def test_a_date_field_is_a_date_picker_whose_hint_does_not_ask_to_type_the_printed_form(app, client):
    outcome_id = sample_outcome(app)
    form = fill_form(client, outcome_id, "Approval of the outcome of the previous meeting")
    assert '<input type="date" id="placeholder-meeting_date"' in form
    hint = re.search(r'id="placeholder-meeting_date-hint">([^<]*)<', form)
    assert hint and hint.group(1) == "Pick the day; it is printed like 7 December 2017."
