"""Starting an outcome from a provisional agenda: preview side by side, then create; bad input explained."""

from __future__ import annotations

import html
import io
import re
from pathlib import Path

import pytest
from docx import Document

from drafting import services
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "agenda-cosi-4921-17.txt"
AGENDA = FIXTURE.read_text(encoding="utf-8")
UNREAD_LINE = 42  # "%%% page 2 of 3 -- scanner noise ###" in the fixture
URL = "/outcomes/from-agenda"
HTMX = {"HX-Request": "true"}


def outcomes(app) -> list[services.Draft]:
    with app.app_context(), unit_of_work() as uow:
        return [services.open_draft(uow, summary.id) for summary in services.list_outcomes(uow)]


def token_of(client) -> str:
    page = client.get(URL).get_data(as_text=True)
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
    assert found
    return found.group(1)


def post(client, token: str | None, action: str = "preview", headers: dict | None = None, **fields):
    data = {"action": action, **fields}
    if token is not None:
        data["csrf_token"] = token
    return client.post(URL, data=data, headers=headers or {}, content_type="multipart/form-data")


def section(page: str, css_class: str) -> str:
    """The <ol> of one side of the preview."""
    found = re.search(rf'<ol class="{css_class}"[^>]*>.*?</ol>', page, re.DOTALL)
    assert found, f"no {css_class} list in the page"
    return found.group(0)


def numbers(listing: str, css_class: str) -> list[int]:
    return [int(n) for n in re.findall(rf'<li class="{css_class}" value="\d+" data-number="(\d+)"', listing)]


def agenda_docx() -> bytes:
    document = Document()
    for line in (
        "Council of the European Union",
        "Brussels, 14 November 2017",
        "CM 4921/17",
        "Meeting: Standing Committee on Operational Cooperation on Internal Security (COSI)",
        "Date: 21 November 2017",
        "1. Adoption of the agenda",
        "2. Information from the Presidency",
        "3. Draft Council conclusions on the ATLAS Network – Approval",
        "12583/5/17 REV 5",
    ):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_page_has_a_labelled_text_area_and_upload_and_the_nav_links_to_it(client):
    page = client.get(URL).get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert '<label for="text">Text of the provisional agenda</label>' in page
    assert 'type="file"' in page and 'accept=".docx,.txt,.md"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="csrf_token"' in page
    assert f'<a href="{URL}">From an agenda</a>' in client.get("/").get_data(as_text=True)


def test_the_preview_shows_every_item_on_both_sides_and_the_unread_line_and_creates_nothing(client, app):
    response = post(client, token_of(client), text=AGENDA)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    left, right = section(page, "agenda-items"), section(page, "outcome-items")
    assert numbers(left, "agenda-item") == list(range(1, 12))
    assert numbers(right, "outcome-item") == list(range(1, 12))
    # Markers and documents on the left; the sentences the outcome will start from on the right.
    assert "Mixed Committee" in left and "I/A" in left and "12223/3/17 REV 3" in left
    assert "The agenda set out in CM 4921/17 was adopted." in right
    assert "The Committee took note of the information provided by the Presidency." in right
    assert "a) Draft Council conclusions on the strengthening of the ATLAS Network" in html.unescape(right)
    # The line that could not be read is shown with its number, and the text stays in the form.
    assert AGENDA.splitlines()[UNREAD_LINE - 1].strip() == "%%% page 2 of 3 -- scanner noise ###"
    unread = re.search(r'<table class="list unread">.*?</table>', page, re.DOTALL).group(0)
    assert f'<td class="line-number">{UNREAD_LINE}</td>' in unread
    assert "%%% page 2 of 3 -- scanner noise ###" in unread
    assert "1 line could not be read" in page
    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.DOTALL).group(1)
    assert html.unescape(textarea).strip() == AGENDA.strip()
    assert 'value="create"' in page and "Create the outcome" in page
    assert outcomes(app) == []


def test_create_makes_the_outcome_with_every_agenda_item_and_opens_the_editor(client, app):
    response = post(client, token_of(client), "create", text=AGENDA)
    [draft] = outcomes(app)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/outcomes/{draft.id}"
    assert [item.number for item in draft.outcome.items] == list(range(1, 12))
    assert draft.outcome.subject.endswith("(COSI)")
    editor = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "with 11 items" in editor and f"(line {UNREAD_LINE})" in editor


def test_an_htmx_create_is_sent_to_the_editor_by_header(client, app):
    response = post(client, token_of(client), "create", headers=HTMX, text=AGENDA)
    [draft] = outcomes(app)
    assert response.status_code == 204 and response.headers["HX-Redirect"] == f"/outcomes/{draft.id}"


def test_a_docx_upload_is_previewed_and_its_text_is_carried_for_create(client, app):
    token = token_of(client)
    response = post(client, token, file=(io.BytesIO(agenda_docx()), "agenda.docx"))
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert numbers(section(page, "agenda-items"), "agenda-item") == [1, 2, 3]
    assert numbers(section(page, "outcome-items"), "outcome-item") == [1, 2, 3]
    assert "The Committee agreed on the draft Council conclusions on the ATLAS Network" in page
    carried = re.search(r'<input[^>]*name="uploaded"[^>]*value="([^"]*)"', page, re.DOTALL)
    assert carried and "3. Draft Council conclusions on the ATLAS Network" in html.unescape(carried.group(1))
    assert outcomes(app) == []
    # "Create" with the carried text alone: no file sent again.
    created = post(
        client, token, "create", uploaded=html.unescape(carried.group(1)), uploaded_name="agenda.docx"
    )
    [draft] = outcomes(app)
    assert created.status_code == 303 and len(draft.outcome.items) == 3


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Paste the text of the provisional agenda"),
        ("Just some <b>words</b>\nand no numbered item", "no numbered agenda item was found"),
        ("1. Adoption\x07 of the agenda", "control character"),
    ],
)
def test_empty_or_garbage_input_is_explained_and_the_text_kept(client, app, typed, message):
    response = post(client, token_of(client), text=typed)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html.unescape(page)
    assert "Nothing was created" in page
    if typed.strip():
        assert html.escape(typed.split("\n")[0], quote=False) in page  # kept, and escaped
        assert "<b>words</b>" not in page
    assert outcomes(app) == []
    swapped = post(client, token_of(client), headers=HTMX, text=typed)
    assert swapped.status_code == 200 and message in html.unescape(swapped.get_data(as_text=True))


def test_an_unreadable_or_wrong_kind_of_file_is_explained(client, app):
    token = token_of(client)
    broken = post(client, token, file=(io.BytesIO(b"not a zip"), "agenda.docx"))
    assert broken.status_code == 400 and "The file could not be read" in broken.get_data(as_text=True)
    wrong = post(client, token, file=(io.BytesIO(b"%PDF-1.4"), "agenda.pdf"))
    assert wrong.status_code == 400 and "Upload a .txt, .md, .docx file" in wrong.get_data(as_text=True)
    both = post(client, token, text=AGENDA, file=(io.BytesIO(AGENDA.encode()), "agenda.txt"))
    assert both.status_code == 400 and "not both" in both.get_data(as_text=True)
    assert outcomes(app) == []


def test_a_reviewer_may_not_start_an_outcome_from_an_agenda(app):
    make_person(app, "rev", "reviewer", ("COSI",))
    browser = app.test_client()
    sign_in(app, browser, "rev")
    assert browser.get(URL).status_code == 403
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', browser.get("/").get_data(as_text=True))
    assert post(browser, token.group(1), "create", text=AGENDA).status_code == 403
    assert outcomes(app) == []


def test_a_drafter_of_another_team_is_refused_on_the_form_and_nothing_is_created(app):
    make_person(app, "cats-drafter", "drafter", ("CATS",))
    browser = app.test_client()
    sign_in(app, browser, "cats-drafter")
    response = post(browser, token_of(browser), "create", text=AGENDA)
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Not created:" in page and "COSI" in page
    textarea = re.search(r'<textarea[^>]*name="text"[^>]*>(.*?)</textarea>', page, re.DOTALL).group(1)
    assert html.unescape(textarea).strip() == AGENDA.strip()
    assert outcomes(app) == []


def test_a_post_without_its_csrf_token_is_refused(client, app):
    response = post(client, None, "create", text=AGENDA)
    assert response.status_code == 400
    assert outcomes(app) == []
