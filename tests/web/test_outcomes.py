"""The list of outcomes: filters, search by any form of a reference, new outcomes and duplicates."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from drafting import services
from drafting.domain.model import Item, Outcome, Paragraph, SubjectCode, text
from drafting.io.json_format import loads
from drafting.web import unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}


def store(app, outcome: Outcome) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, outcome)


def stored(app, outcome_id: int) -> Outcome:
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id).outcome


def count(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return len(services.list_outcomes(uow))


def cats_outcome() -> Outcome:
    """A second outcome, of another body and year, citing a different revision of the same document."""
    return Outcome(
        document_number="5120/18",
        issue_date=date(2018, 2, 2),
        meeting_dates=[date(2018, 1, 30)],
        subject="Coordinating Committee in the area of police and judicial cooperation (CATS)",
        subject_codes=[SubjectCode("CATS", 12)],
        items=[
            Item(
                1,
                text("Adoption of the agenda"),
                [Paragraph(text("Adopted as set out in 14260/1/17 REV 10."))],
            )
        ],
    )


@pytest.fixture
def two_outcomes(app) -> tuple[int, int]:
    return store(app, loads(SAMPLE.read_text(encoding="utf-8"))), store(app, cats_outcome())


def listed_ids(page: str) -> list[int]:
    return [int(found) for found in re.findall(r'<tr id="outcome-(\d+)"', page)]


# ---------------------------------------------------------------- the list


def test_the_list_is_a_whole_page_with_each_outcomes_number_body_meeting_and_subject(client, two_outcomes):
    response = client.get("/")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert page.startswith("<!doctype html>")
    assert sorted(listed_ids(page)) == sorted(two_outcomes)
    assert "15754/17" in page and "5120/18" in page
    assert '<time datetime="2017-11-21">21 November 2017</time>' in page
    assert "Standing Committee on Operational Cooperation on Internal Security (COSI)" in page
    assert f'href="/outcomes/{two_outcomes[0]}"' in page


def test_the_latest_meeting_comes_first(client, two_outcomes):
    sample, cats = two_outcomes
    assert listed_ids(client.get("/").get_data(as_text=True)) == [cats, sample]


def test_an_htmx_request_for_the_list_gets_only_the_rows(client, two_outcomes):
    fragment = client.get("/?q=COSI", headers=HTMX).get_data(as_text=True)
    assert "<html" not in fragment and 'id="outcome-rows"' in fragment
    assert listed_ids(fragment) == [two_outcomes[0]]


@pytest.mark.parametrize("header", ["HX-Boosted", "HX-History-Restore-Request"])
def test_a_boosted_navigation_or_a_history_restore_gets_the_whole_page(client, two_outcomes, header):
    page = client.get("/?q=COSI", headers={**HTMX, header: "true"}).get_data(as_text=True)
    assert "<html" in page and 'role="search"' in page


def test_the_search_box_works_without_javascript_as_a_get_form(client, two_outcomes):
    page = client.get("/").get_data(as_text=True)
    form = re.search(r'<form class="card filters" method="get" action="/"[^>]*>', page)
    assert form and 'hx-push-url="true"' in form.group(0)
    assert re.search(r'<input[^>]*hx-trigger="keyup changed delay:300ms, search"[^>]*name="q"', page)
    assert '<label for="q">Search</label>' in page


@pytest.mark.parametrize(
    "reference",
    [
        "14260/1/17 REV 1",
        "ST 14260 2017 REV 1",
        "ST-14260-2017-REV-1",
        "https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf",
    ],
)
def test_a_reference_in_any_form_finds_the_outcomes_citing_it(client, two_outcomes, reference):
    page = client.get(f"/?q={quote(reference)}").get_data(as_text=True)
    assert listed_ids(page) == [two_outcomes[0]]
    assert "1 outcome found" in page


def test_a_search_for_rev_1_does_not_find_rev_10(client, two_outcomes):
    page = client.get("/?q=ST-14260-2017-REV-10").get_data(as_text=True)
    assert listed_ids(page) == [two_outcomes[1]]


def test_a_word_finds_the_outcomes_whose_text_holds_it(client, two_outcomes):
    page = client.get("/?q=roadmap").get_data(as_text=True)
    assert listed_ids(page) == [two_outcomes[0]]


def test_a_document_number_finds_the_outcome(client, two_outcomes):
    assert listed_ids(client.get("/?q=5120%2F18").get_data(as_text=True)) == [two_outcomes[1]]


def test_a_search_that_finds_nothing_says_so(client, two_outcomes):
    page = client.get("/?q=hawala+zebra").get_data(as_text=True)
    assert listed_ids(page) == [] and "No outcome matches" in page


@pytest.mark.parametrize(
    ("query", "which"),
    [("body=CATS", 1), ("body=COSI", 0), ("year=2017", 0), ("year=2018", 1), ("body=COSI&year=2018", None)],
)
def test_the_filters_narrow_the_list(client, two_outcomes, query, which):
    expected = [] if which is None else [two_outcomes[which]]
    assert listed_ids(client.get(f"/?{query}").get_data(as_text=True)) == expected


def test_the_filters_offer_the_bodies_years_and_statuses_found_in_the_data(client, two_outcomes):
    page = client.get("/?year=2018").get_data(as_text=True)
    assert '<option value="CATS">CATS</option>' in page and '<option value="COSI">COSI</option>' in page
    assert '<option selected value="2018">2018</option>' in page
    assert '<option value="draft">draft</option>' in page


def test_a_status_filter_keeps_the_outcomes_of_that_status(client, two_outcomes):
    assert sorted(listed_ids(client.get("/?status=draft").get_data(as_text=True))) == sorted(two_outcomes)
    assert listed_ids(client.get("/?status=circulated").get_data(as_text=True)) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=abc", "&#34;abc&#34; is not a year. The year filter was ignored."),
        ("year=99999", "is not a year. The year filter was ignored."),
        ("year=1066", "1066 is not a year between 1950 and 2100. The year filter was ignored."),
        ("body=" + "X" * 300, "No body is called that. The body filter was ignored."),
        ("status=%01", "No status is called that. The status filter was ignored."),
        ("q=" + "w" * 201, "Search for at most 200 characters. The search was ignored."),
        ("q=abc%00def", "control character a Word document cannot hold (U+0000)"),
    ],
)
def test_a_bad_filter_is_ignored_with_a_message(client, two_outcomes, query, message):
    for headers in ({}, HTMX):
        response = client.get(f"/?{query}", headers=headers)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert message in page
        assert sorted(listed_ids(page)) == sorted(two_outcomes)


def test_an_empty_list_invites_a_new_outcome_or_an_import(client):
    page = client.get("/").get_data(as_text=True)
    assert "No outcome yet" in page and 'href="/import"' in page


def test_text_in_the_list_is_escaped(client, app):
    store(app, Outcome(document_number="<b>1/17</b>", subject="<script>alert(1)</script> (COSI)"))
    page = client.get("/").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and "<b>1/17</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (COSI)" in page


# ---------------------------------------------------------------- duplicating


def test_duplicating_an_outcome_opens_the_copy_in_the_editor_with_a_message(
    client, app, csrf_token, two_outcomes
):
    response = client.post(f"/outcomes/{two_outcomes[0]}/duplicate", data={"csrf_token": csrf_token})
    assert response.status_code == 303
    copy_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    assert copy_id not in two_outcomes
    assert stored(app, copy_id) == stored(app, two_outcomes[0])
    with client.session_transaction() as session:
        assert any("new copy of 15754/17" in message for _, message in session["_flashes"])


def test_an_htmx_duplicate_is_answered_with_a_navigation_to_the_copy(client, app, csrf_token, two_outcomes):
    response = client.post(
        f"/outcomes/{two_outcomes[1]}/duplicate", headers={**HTMX, "X-CSRFToken": csrf_token}
    )
    assert response.status_code == 204
    assert re.fullmatch(r"/outcomes/\d+", response.headers["HX-Redirect"])
    assert count(app) == 3


@pytest.mark.parametrize("outcome_id", [404, 2**31, 10**30])
def test_duplicating_an_outcome_that_does_not_exist_is_a_404(client, app, csrf_token, outcome_id):
    assert (
        client.post(f"/outcomes/{outcome_id}/duplicate", data={"csrf_token": csrf_token}).status_code == 404
    )
    assert count(app) == 0


def test_a_duplicate_without_the_csrf_token_is_refused_and_nothing_is_copied(client, app, two_outcomes):
    response = client.post(f"/outcomes/{two_outcomes[0]}/duplicate")
    assert response.status_code == 400
    assert "Form expired" in response.get_data(as_text=True)
    assert count(app) == 2


def test_duplicating_is_a_post_only(client, two_outcomes):
    assert client.get(f"/outcomes/{two_outcomes[0]}/duplicate").status_code == 405


# ---------------------------------------------------------------- a new outcome


def test_the_new_outcome_page_has_a_labelled_field_for_each_starting_fact(client):
    page = client.get("/outcomes/new").get_data(as_text=True)
    for name in ("document_number", "subject", "meeting_date", "issue_date", "subject_codes"):
        assert f'<label for="{name}">' in page and f'name="{name}"' in page
    assert 'type="date"' in page and 'name="csrf_token"' in page


def test_a_new_outcome_is_created_and_opened_in_the_editor(client, app, csrf_token):
    form = {
        "csrf_token": csrf_token,
        "document_number": "15754/17",
        "subject": "Standing Committee on Operational Cooperation on Internal Security (COSI)",
        "meeting_date": "2017-11-21",
        "issue_date": "2017-12-19",
        "subject_codes": "COSI 334, jai 1207 COMIX 852",
    }
    response = client.post("/outcomes/new", data=form)
    assert response.status_code == 303
    outcome = stored(app, int(response.headers["Location"].rsplit("/", 1)[-1]))
    assert outcome.document_number == "15754/17"
    assert outcome.meeting_dates == [date(2017, 11, 21)] and outcome.issue_date == date(2017, 12, 19)
    assert [str(code) for code in outcome.subject_codes] == ["COSI 334", "JAI 1207", "COMIX 852"]
    assert outcome.items == []


def test_a_document_number_typed_in_register_form_is_kept_as_printed(client, app, csrf_token):
    form = {"csrf_token": csrf_token, "document_number": "ST 14260 2017 REV 1", "subject": "COSI"}
    response = client.post("/outcomes/new", data=form)
    assert (
        stored(app, int(response.headers["Location"].rsplit("/", 1)[-1])).document_number
        == "14260/1/17 REV 1"
    )
    with client.session_transaction() as session:
        assert any("written as printed: 14260/1/17 REV 1" in message for _, message in session["_flashes"])


WRONG = {
    "document_number": "14260/2/17 REV 1",
    "subject": "Standing <Committee>",
    "meeting_date": "2017-02-30",
    "issue_date": "2017-12-19",
    "subject_codes": "COSI 334, JAI",
}


def test_a_wrong_new_outcome_comes_back_with_each_message_beside_its_field_and_everything_kept(
    client, app, csrf_token
):
    response = client.post("/outcomes/new", data={"csrf_token": csrf_token, **WRONG})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert count(app) == 0

    def errors_of(name: str) -> str:
        found = re.search(rf'<div class="field-errors" id="{name}-errors"[^>]*>(.*?)</div>', page, re.S)
        assert found, name
        return found.group(1)

    assert "did you mean 14260/1/17 REV 1?" in errors_of("document_number")
    assert "Enter a real date as YYYY-MM-DD" in errors_of("meeting_date")
    assert "&#34;JAI&#34; is not a subject code with its number" in errors_of("subject_codes")
    assert errors_of("issue_date").strip() == ""
    assert 'value="14260/2/17 REV 1"' in page and 'value="2017-02-30"' in page
    assert 'value="COSI 334, JAI"' in page and "Standing &lt;Committee&gt;</textarea>" in page


def test_a_wrong_new_outcome_sent_by_htmx_comes_back_with_200_so_that_it_is_shown(client, csrf_token):
    response = client.post(
        "/outcomes/new", data={"csrf_token": csrf_token, **WRONG}, headers={**HTMX, "HX-Boosted": "true"}
    )
    assert response.status_code == 200
    assert "did you mean 14260/1/17 REV 1?" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("document_number", "", "Enter the document number, e.g. 15754/17."),
        ("document_number", "COM(2016) 476 final", "is not a Council document number, like 15754/17."),
        ("document_number", "1" * 121, "Field cannot be longer than 120 characters."),
        ("subject", "", "Enter the subject: the body that met."),
        ("subject", "COSI\x07", "control character a Word document cannot hold (U+0007)"),
        ("issue_date", "2017-11-20", "The date of issue comes after the meeting, not before it."),
        ("issue_date", "0017-11-21", "Enter a year between 1950 and 2100."),
        ("meeting_date", "yesterday", "Enter a real date as YYYY-MM-DD"),
        ("subject_codes", "COSI 334 JAI 1207 COMIX", "&#34;COMIX&#34; is not a subject code"),
    ],
)
def test_each_wrong_field_of_a_new_outcome_is_named(client, app, csrf_token, field, value, message):
    form = {
        "csrf_token": csrf_token,
        "document_number": "15754/17",
        "subject": "COSI",
        "meeting_date": "2017-11-21",
    }
    response = client.post("/outcomes/new", data={**form, field: value})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert count(app) == 0


def test_a_new_outcome_without_the_csrf_token_is_refused(client, app):
    response = client.post("/outcomes/new", data={"document_number": "15754/17", "subject": "COSI"})
    assert response.status_code == 400
    assert count(app) == 0
