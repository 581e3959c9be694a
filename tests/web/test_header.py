"""The header form: saved through the services with the version it was opened at, every message beside
its field, everything typed kept, conflicts shown side by side, rows of lists added and removed."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from drafting import services
from drafting.io.json_format import loads
from drafting.web import unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}
HEADER_IDS = (
    *("place", "issue_date", "original_language", "document_number", "marking", "subject_codes-0"),
    *("document_type", "sender", "meeting_dates-0", "recipient", "previous_documents"),
    *("commission_documents", "subject", "initials", "unit", "language"),
)
TYPED_IDS = (
    *("place", "issue_date", "document_number", "interinstitutional_file", "recipient", "initials"),
    *("subject_codes-0", "subject_codes-1", "subject_codes-2", "meeting_dates-0"),
)


@pytest.fixture
def outcome_id(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


def saved(app, outcome_id: int) -> services.Draft:
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id)


def sample_form(csrf_token: str, version: int = 1, **changes: str) -> dict[str, str]:
    """The header form as the editor renders it for the sample, with some fields changed."""
    form = {
        "csrf_token": csrf_token,
        "version": str(version),
        "place": "Brussels",
        "issue_date": "2017-12-19",
        "original_language": "en",
        "interinstitutional_file": "",
        "document_number": "15754/17",
        "marking": "",
        "subject_codes-0": "COSI 334",
        "subject_codes-1": "JAI 1207",
        "subject_codes-2": "COMIX 852",
        "document_type": "OUTCOME OF PROCEEDINGS",
        "sender": "General Secretariat of the Council",
        "meeting_dates-0": "2017-11-21",
        "recipient": "Delegations",
        "previous_documents": "",
        "commission_documents": "",
        "subject": "Standing Committee on Operational Cooperation on Internal Security\r\n(COSI)",
        "initials": "",
        "unit": "",
        "language": "EN",
        "numbering": "consecutive",
    }
    form.update(changes)
    return form


def messages(page: str, area_id: str) -> str:
    """The text of one area of messages."""
    found = re.search(rf'<div class="field-errors" id="{re.escape(area_id)}"[^>]*>(.*?)</div>', page, re.S)
    assert found, f"no messages area {area_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip()


def field_errors(page: str, field_id: str) -> str:
    """The form's messages under one field."""
    return messages(page, f"{field_id}-errors")


def input_value(page: str, field_id: str) -> str:
    found = re.search(rf'<input [^>]*id="{re.escape(field_id)}"[^>]*>', page)
    assert found, f"no input {field_id}"
    value = re.search(r'value="([^"]*)"', found.group())
    return html.unescape(value.group(1)) if value else ""


# ---------------------------------------------------------------------- reading


def test_the_header_url_serves_the_editor_page_normally_and_the_form_alone_to_htmx(client, outcome_id):
    page = client.get(f"/outcomes/{outcome_id}/header").get_data(as_text=True)
    fragment = client.get(f"/outcomes/{outcome_id}/header", headers=HTMX).get_data(as_text=True)

    assert "<html" in page and 'id="header-form"' in page
    assert "<html" not in fragment and fragment.count('id="header-form"') == 1
    assert input_value(fragment, "document_number") == "15754/17"
    assert [input_value(fragment, f"subject_codes-{i}") for i in range(3)] == [
        "COSI 334",
        "JAI 1207",
        "COMIX 852",
    ]
    assert input_value(fragment, "meeting_dates-0") == "2017-11-21"
    assert 'name="version" type="hidden" value="1"' in fragment


def test_every_header_field_has_a_label_and_the_id_the_problems_panel_links_to(client, outcome_id):
    fragment = client.get(f"/outcomes/{outcome_id}/header", headers=HTMX).get_data(as_text=True)

    for field_id in HEADER_IDS:
        assert f'<label for="{field_id}">' in fragment
        assert f'id="{field_id}"' in fragment
    assert 'id="subject_codes"' in fragment and 'id="meeting_dates"' in fragment
    assert 'type="date"' in fragment


def test_an_unknown_outcome_has_no_header(client):
    assert client.get("/outcomes/999/header").status_code == 404
    assert client.get("/outcomes/not-a-number/header").status_code == 404


# ---------------------------------------------------------------------- saving


def test_an_htmx_save_answers_the_saved_form_and_announces_the_change(app, client, outcome_id, csrf_token):
    form = sample_form(
        csrf_token, place="Luxembourg", **{"subject_codes-3": "CATS 12", "meeting_dates-1": "2017-11-22"}
    )

    response = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX)

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "outcome-changed"
    page = response.get_data(as_text=True)
    assert "<html" not in page and "Saved." in page
    assert 'name="version" type="hidden" value="2"' in page
    header = saved(app, outcome_id)
    assert header.version == 2
    assert header.outcome.place == "Luxembourg"
    assert [str(code) for code in header.outcome.subject_codes] == [
        "COSI 334",
        "JAI 1207",
        "COMIX 852",
        "CATS 12",
    ]
    assert header.outcome.meeting_dates == [date(2017, 11, 21), date(2017, 11, 22)]
    assert (
        header.outcome.subject == "Standing Committee on Operational Cooperation on Internal Security\n(COSI)"
    )
    assert len(header.outcome.items) == 11  # a header save keeps the items


def test_a_plain_save_redirects_to_the_editor(app, client, outcome_id, csrf_token):
    form = sample_form(csrf_token, marking="LIMITE", initials="MP/mj", unit="DG D 1C", numbering="agenda")

    response = client.post(f"/outcomes/{outcome_id}/header", data=form)

    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/outcomes/{outcome_id}")
    outcome = saved(app, outcome_id).outcome
    assert outcome.marking == "LIMITE"
    assert (outcome.footer.initials, outcome.footer.unit) == ("MP/mj", "DG D 1C")
    assert str(outcome.numbering) == "agenda"


def test_a_save_without_the_csrf_token_is_refused_and_changes_nothing(app, client, outcome_id):
    form = sample_form("", place="Luxembourg")
    del form["csrf_token"]

    response = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX)

    assert response.status_code == 400
    assert saved(app, outcome_id).outcome.place == "Brussels"
    assert saved(app, outcome_id).version == 1


# ---------------------------------------------------------------------- refusing


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("document_number", "not a number", "is not a document reference"),
        ("document_number", "COM(2016) 476 final", "is not a Council document number"),
        ("interinstitutional_file", "15754/17", "is not a procedure number"),
        ("issue_date", "2017-11-31", "2017-11-31 is not a day of the calendar"),
        ("meeting_dates-0", "2017-02-30", "2017-02-30 is not a day of the calendar"),
        ("issue_date", "19.12.2017", "is not a date"),
        ("subject_codes-1", "JAI", "is not a subject code and its running number"),
        ("place", "", "the place is missing"),
        ("place", "B" * 61, "at most 60 characters (this is 61)"),
        ("document_number", "1" * 121, "at most 120 characters"),
        ("subject", "x" * 401, "at most 400 characters"),
        ("subject", "one\ntwo\nthree", "a subject runs to two lines at most"),
        ("recipient", "Delegations\x07", "a control character a Word document cannot hold (U+0007)"),
        ("subject", "COSI\x00", "U+0000"),
        ("original_language", "xx", "Not a valid choice"),
        ("language", "ZZ", "is not the code of an official language"),
    ],
)
def test_an_invalid_header_comes_back_with_the_message_beside_its_field(
    app, client, outcome_id, csrf_token, field, typed, message
):
    response = client.post(
        f"/outcomes/{outcome_id}/header", data=sample_form(csrf_token, **{field: typed}), headers=HTMX
    )

    assert response.status_code == 200  # htmx swaps no 4xx: the form comes back to be corrected
    page = response.get_data(as_text=True)
    assert message in field_errors(page, field)
    assert "HX-Trigger" not in response.headers
    assert saved(app, outcome_id).version == 1


@pytest.mark.parametrize("version", [None, "", "abc", "99999999999999999999", "-1", "²"])
def test_a_form_that_lost_its_version_asks_for_a_reload(app, client, outcome_id, csrf_token, version):
    form = sample_form(csrf_token, place="Luxembourg")
    if version is None:
        del form["version"]
    else:
        form["version"] = version

    page = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX).get_data(as_text=True)

    assert "the form lost track of the version it was opened at: reload the page" in page
    assert saved(app, outcome_id).outcome.place == "Brussels"


def test_an_invalid_plain_post_answers_400_with_the_whole_page(client, outcome_id, csrf_token):
    response = client.post(
        f"/outcomes/{outcome_id}/header", data=sample_form(csrf_token, issue_date="2017-11-31")
    )

    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<html" in page and "2017-11-31 is not a day of the calendar" in field_errors(page, "issue_date")


def test_everything_typed_is_kept_when_the_form_is_refused(client, outcome_id, csrf_token):
    typed = sample_form(
        csrf_token,
        place="Luxembourg",
        issue_date="2017-11-31",
        document_number="14260/1/17 REV 1",
        interinstitutional_file="2017/0144 (COD)",
        recipient="CATS",
        initials="ACA/jg",
        **{"subject_codes-1": "JAI", "meeting_dates-0": "2017-11-20"},
    )

    page = client.post(f"/outcomes/{outcome_id}/header", data=typed, headers=HTMX).get_data(as_text=True)

    for field_id in TYPED_IDS:
        assert input_value(page, field_id) == typed[field_id]
    assert "(COSI)</textarea>" in page


def test_a_document_number_with_a_slip_is_saved_and_its_warning_shown_beside_it(
    app, client, outcome_id, csrf_token
):
    form = sample_form(csrf_token, document_number="15754/17 REV 1")

    page = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX).get_data(as_text=True)

    assert saved(app, outcome_id).outcome.document_number == "15754/17 REV 1"
    assert "did you mean 15754/1/17 REV 1" in messages(page, "document_number-notes")


def test_a_document_number_of_another_year_is_saved_and_noted(app, client, outcome_id, csrf_token):
    form = sample_form(csrf_token, document_number="15754/16")

    page = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX).get_data(as_text=True)

    assert saved(app, outcome_id).version == 2
    noted = messages(page, "document_number-notes")
    assert "the document number is of 2016 but the document is issued in 2017" in noted


def test_a_script_in_the_subject_is_kept_as_text_and_shown_escaped(app, client, outcome_id, csrf_token):
    script = "<script>alert(1)</script>"
    client.post(f"/outcomes/{outcome_id}/header", data=sample_form(csrf_token, subject=script), headers=HTMX)

    page = client.get(f"/outcomes/{outcome_id}").get_data(as_text=True)

    assert saved(app, outcome_id).outcome.subject == script
    assert script not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_form_post_with_a_row_key_that_is_no_position_is_read_without_failing(
    client, outcome_id, csrf_token
):
    form = sample_form(csrf_token, **{"subject_codes-²": "CATS 1", "meeting_dates-x": "2017-11-22"})

    response = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX)

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "outcome-changed"


# ---------------------------------------------------------------------- conflicts


def test_a_save_against_an_old_version_shows_both_headers_and_keeps_what_was_typed(
    app, client, outcome_id, csrf_token
):
    with app.app_context(), unit_of_work() as uow:  # someone else saves first
        draft = services.open_draft(uow, outcome_id)
        services.update_header(uow, outcome_id, draft.version, replace(draft.outcome, recipient="CATS"))

    response = client.post(
        f"/outcomes/{outcome_id}/header",
        data=sample_form(csrf_token, recipient="COSI Support Group"),
        headers=HTMX,
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "changed by someone else since you opened it" in page
    row = re.search(
        r"<tr><th scope=\"row\">To</th><td class=\"lines\">(.*?)</td><td class=\"lines\">(.*?)</td></tr>",
        page,
    )
    assert row and row.groups() == ("CATS", "COSI Support Group")
    assert input_value(page, "recipient") == "COSI Support Group"
    assert 'name="version" type="hidden" value="2"' in page
    assert saved(app, outcome_id).outcome.recipient == "CATS"


def test_the_second_save_after_a_conflict_applies_deliberately(app, client, outcome_id, csrf_token):
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        services.update_header(uow, outcome_id, draft.version, replace(draft.outcome, recipient="CATS"))
    client.post(
        f"/outcomes/{outcome_id}/header", data=sample_form(csrf_token, recipient="COSI"), headers=HTMX
    )

    response = client.post(
        f"/outcomes/{outcome_id}/header",
        data=sample_form(csrf_token, version=2, recipient="COSI"),
        headers=HTMX,
    )

    assert response.headers["HX-Trigger"] == "outcome-changed"
    assert saved(app, outcome_id).outcome.recipient == "COSI"


def test_a_plain_conflicting_save_answers_409_with_the_page(app, client, outcome_id, csrf_token):
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        services.update_header(uow, outcome_id, draft.version, replace(draft.outcome, place="Luxembourg"))

    response = client.post(f"/outcomes/{outcome_id}/header", data=sample_form(csrf_token, place="Strasbourg"))

    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "<html" in page and "changed by someone else" in page
    assert saved(app, outcome_id).outcome.place == "Luxembourg"


# ---------------------------------------------------------------------- lists of rows


def test_adding_a_subject_code_row_keeps_everything_typed_and_saves_nothing(
    app, client, outcome_id, csrf_token
):
    form = sample_form(csrf_token, place="Luxembourg", add_row="subject_codes")

    response = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Trigger" not in response.headers
    assert input_value(page, "subject_codes-3") == ""
    assert input_value(page, "place") == "Luxembourg"
    assert saved(app, outcome_id).version == 1


def test_removing_a_row_without_javascript_renumbers_the_rest(client, outcome_id, csrf_token):
    form = sample_form(csrf_token, remove_row="subject_codes-1")

    response = client.post(f"/outcomes/{outcome_id}/header", data=form)

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert input_value(page, "subject_codes-0") == "COSI 334"
    assert input_value(page, "subject_codes-1") == "COMIX 852"
    assert 'id="subject_codes-2"' not in page


def test_another_meeting_day_can_be_added(client, outcome_id, csrf_token):
    page = client.post(
        f"/outcomes/{outcome_id}/header", data=sample_form(csrf_token, add_row="meeting_dates"), headers=HTMX
    ).get_data(as_text=True)

    assert input_value(page, "meeting_dates-0") == "2017-11-21"
    assert '<label for="meeting_dates-1">Meeting day 2</label>' in page


def test_removing_the_last_row_leaves_an_empty_one_to_type_in(client, outcome_id, csrf_token):
    form = sample_form(csrf_token, remove_row="meeting_dates-0")

    page = client.post(f"/outcomes/{outcome_id}/header", data=form, headers=HTMX).get_data(as_text=True)

    assert input_value(page, "meeting_dates-0") == ""


@pytest.mark.parametrize("left_out", ["original_language", "marking", "numbering"])
def test_a_header_form_missing_a_select_is_answered_not_crashed_on(client, outcome_id, csrf_token, left_out):
    # A form that leaves out a select takes its default (saved) or is refused with its message.
    form = sample_form(csrf_token)
    del form[left_out]
    response = client.post(f"/outcomes/{outcome_id}/header", data=form)
    assert response.status_code in (303, 400)
    assert "Something went wrong" not in response.get_data(as_text=True)
