"""The editor page, the live check of one field as typed, and the problems panel."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import pytest

from drafting import services
from drafting.io.json_format import loads
from drafting.web import unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def outcome_id(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def live_check(client, outcome_id: int, csrf_token: str, name: str, value: str, **also: str):
    """A check as the field macro sends it: the field alone, or with its form and htmx naming it."""
    headers = {"X-CSRFToken": csrf_token}
    if also:
        headers |= {**HTMX, "HX-Trigger": name, "HX-Trigger-Name": name}
    return client.post(f"/outcomes/{outcome_id}/check", data={name: value, **also}, headers=headers)


# ---------------------------------------------------------------------- the page


def test_the_editor_page_holds_the_header_form_the_items_and_the_problems_panel(client, outcome_id):
    response = client.get(f"/outcomes/{outcome_id}")

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert 'id="header-form"' in page
    assert 'id="items-section"' in page
    assert re.search(r'<aside id="problems"[^>]*hx-trigger="load, outcome-changed from:body"', page)
    assert f'href="/outcomes/{outcome_id}/preview"' in page
    assert f'href="/outcomes/{outcome_id}/exports"' in page
    assert re.search(rf'<form method="post" action="/outcomes/{outcome_id}/export" hx-boost="false">', page)


def test_a_boosted_navigation_gets_the_whole_page(client, outcome_id):
    page = client.get(f"/outcomes/{outcome_id}", headers={**HTMX, "HX-Boosted": "true"}).get_data(
        as_text=True
    )

    assert "<html" in page and 'id="header-form"' in page


@pytest.mark.parametrize(
    "address", ["/outcomes/999", "/outcomes/abc", "/outcomes/999/problems", "/outcomes/999/preview"]
)
def test_an_outcome_that_does_not_exist_is_a_404_page(client, address):
    response = client.get(address)

    assert response.status_code == 404
    assert "Not found" in response.get_data(as_text=True)


# ---------------------------------------------------------------------- live checks


def test_a_revision_without_its_middle_number_is_answered_with_the_suggestion(client, outcome_id, csrf_token):
    response = live_check(client, outcome_id, csrf_token, "document_number", "14260/17 REV 1")

    fragment = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in fragment
    assert 'id="document_number-errors"' in fragment
    assert 'class="warning"' in fragment
    assert "did you mean <code>14260/1/17 REV 1</code>" in fragment


def test_the_checked_field_is_the_one_htmx_names_when_the_whole_form_is_posted(
    client, outcome_id, csrf_token
):
    response = live_check(
        client,
        outcome_id,
        csrf_token,
        "subject_codes-1",
        "cosi 334",
        place="Brussels",
        issue_date="2017-12-19",
    )

    fragment = response.get_data(as_text=True)
    assert 'id="subject_codes-1-errors"' in fragment
    assert "did you mean <code>COSI 334</code>" in fragment
    # the note left under the field by the last save is cleared as the drafter types
    assert '<div class="field-errors" id="subject_codes-1-notes" hx-swap-oob="true"></div>' in fragment


def test_the_document_number_is_judged_against_the_issue_date_typed_in_the_form(
    client, outcome_id, csrf_token
):
    typed = live_check(client, outcome_id, csrf_token, "document_number", "15754/17", issue_date="2018-01-10")
    saved = live_check(client, outcome_id, csrf_token, "document_number", "15754/16")

    assert "the document number is of 2017 but the document is issued in 2018" in text_of(
        typed.get_data(as_text=True)
    )
    assert "the document number is of 2016 but the document is issued in 2017" in text_of(
        saved.get_data(as_text=True)
    )


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("document_number", "not a number", "is not a document reference"),
        ("document_number", "", "the document number is missing"),
        ("issue_date", "2017-11-31", "2017-11-31 is not a day of the calendar"),
        ("meeting_dates-0", "2017-12-20", "the meeting on 20 December 2017 is after the date of issue"),
        ("subject_codes-0", "COSI", "is not a subject code and its running number"),
        ("subject_codes-0", "SCH EVAL 91", "did you mean SCH-EVAL 91"),
        ("original_language", "EN", 'the language code is written "en"'),
        ("marking", "limite", 'the marking is printed "LIMITE"'),
        ("interinstitutional_file", "15754/17", "is not a procedure number"),
        ("recipient", "Delegations\x0b", "a control character a Word document cannot hold (U+000B)"),
        ("subject", "Follow-up of 15754/2017", "did you mean 15754/17"),
        ("previous_documents", "none", "holds no document reference"),
    ],
)
def test_a_header_field_is_checked_as_typed(client, outcome_id, csrf_token, name, value, message):
    response = live_check(client, outcome_id, csrf_token, name, value)

    assert response.status_code == 200
    assert message in text_of(response.get_data(as_text=True))


def test_any_other_field_is_checked_as_running_text(client, outcome_id, csrf_token):
    response = client.post(
        f"/outcomes/{outcome_id}/check",
        data={
            "heading": "As set out 14260/17 REV 1 on 31 November 2017 (DE, GR and FR)",
            "item_version": "1",
        },
        headers={
            **HTMX,
            "X-CSRFToken": csrf_token,
            "HX-Trigger": "items-3-heading",
            "HX-Trigger-Name": "heading",
        },
    )

    fragment = response.get_data(as_text=True)
    said = text_of(fragment)
    assert 'id="items-3-heading-errors"' in fragment
    assert "did you mean 14260/1/17 REV 1" in said
    assert "31 November 2017 is not a date" in said
    assert "write EL" in said
    assert "hx-swap-oob" not in fragment  # no note of the header's to clear


def test_a_blank_left_from_a_template_or_a_copy_is_named_as_it_is_typed(client, outcome_id, csrf_token):
    def said(value: str) -> str:
        response = client.post(
            f"/outcomes/{outcome_id}/check",
            data={"text": value, "item_version": "1"},
            headers={
                **HTMX,
                "X-CSRFToken": csrf_token,
                "HX-Trigger": "items-0-blocks-0-text",
                "HX-Trigger-Name": "text",
            },
        )
        return text_of(response.get_data(as_text=True))

    assert "{reference_1} is still to be filled in" in said(
        "The agenda set out in {reference_1} was adopted."
    )
    assert "still to be filled in" not in said("The agenda set out in CM 4921/17 was adopted.")


def test_an_item_field_named_like_a_header_field_is_not_judged_as_the_header(client, outcome_id, csrf_token):
    response = client.post(
        f"/outcomes/{outcome_id}/check",
        data={"subject": "", "actor": "The Committee"},
        headers={
            **HTMX,
            "X-CSRFToken": csrf_token,
            "HX-Trigger": "items-3-blocks-0-subject",
            "HX-Trigger-Name": "subject",
        },
    )

    assert "the subject is missing" not in response.get_data(as_text=True)


def test_a_clean_value_gets_an_empty_message_area(client, outcome_id, csrf_token):
    fragment = live_check(client, outcome_id, csrf_token, "document_number", "15754/17").get_data(
        as_text=True
    )

    assert 'id="document_number-errors"' in fragment
    assert text_of(fragment) == ""


def test_a_check_names_one_field(client, outcome_id, csrf_token):
    response = client.post(
        f"/outcomes/{outcome_id}/check", data={"place": "x", "unit": "y"}, headers={"X-CSRFToken": csrf_token}
    )

    assert response.status_code == 400


def test_a_check_without_the_csrf_token_is_refused(client, outcome_id):
    assert (
        client.post(f"/outcomes/{outcome_id}/check", data={"document_number": "15754/17"}).status_code == 400
    )


def test_a_check_for_an_unknown_outcome_is_a_404(client, csrf_token):
    response = client.post(
        "/outcomes/999/check", data={"document_number": "1/17"}, headers={"X-CSRFToken": csrf_token}
    )

    assert response.status_code == 404


def test_a_huge_value_is_refused_rather_than_scanned(client, outcome_id, csrf_token):
    response = live_check(client, outcome_id, csrf_token, "paragraph", "14260/17 " * 5000)

    assert "longer than the 20000 characters allowed" in text_of(response.get_data(as_text=True))


# ---------------------------------------------------------------------- the problems panel


def test_the_problems_panel_lists_the_samples_two_warnings_with_links_to_their_fields(client, outcome_id):
    fragment = client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True)

    assert "<html" not in fragment
    assert (
        "0 errors" in text_of(fragment)
        and "2 warnings" in text_of(fragment)
        and "0 notes" in text_of(fragment)
    )
    links = re.findall(r'<a href="([^"]+)" data-field="([^"]+)">([^<]+)</a>', fragment)
    assert links == [
        ("#item-6", "items-6-sub_items-0-blocks-0", "item 7, sub-item 1, paragraph 1"),
        ("#item-9", "items-9-blocks-0", "item 10, paragraph 1"),
    ]
    assert '"in" is missing' in html.unescape(fragment)
    assert "did you mean <code>January 2016 - June 2017</code>" in fragment


def test_the_problems_url_serves_the_editor_page_to_a_normal_request(client, outcome_id):
    page = client.get(f"/outcomes/{outcome_id}/problems").get_data(as_text=True)

    assert "<html" in page and 'id="problems-title"' in page and 'id="header-form"' in page


def test_a_header_problem_links_to_the_header_field_itself(app, client, outcome_id):
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        services.update_header(
            uow, outcome_id, draft.version, replace(draft.outcome, document_number="15754/16")
        )

    fragment = client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True)

    assert "1 error" in text_of(fragment)
    assert '<a href="#document_number" data-field="document_number">document number</a>' in fragment


def test_the_panel_refreshes_after_a_change_and_counts_what_is_there_now(app, client, outcome_id, csrf_token):
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        codes = [*draft.outcome.subject_codes, *draft.outcome.subject_codes[:1]]  # COSI twice
        services.update_header(uow, outcome_id, draft.version, replace(draft.outcome, subject_codes=codes))

    said = text_of(client.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True))

    assert "1 error" in said and "the subject code COSI is given twice" in said
