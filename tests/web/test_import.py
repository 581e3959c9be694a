"""Importing an uploaded outcome: what was read becomes a new outcome, what was not is shown."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from drafting import services
from drafting.io.json_format import loads
from drafting.render import render
from drafting.web import create_app, unit_of_work
from tests.conftest import make_person, sign_in

SAMPLES = Path(__file__).resolve().parents[2] / "drafting" / "samples"
SAMPLE_TEXT = (SAMPLES / "15754-17.txt").read_bytes()
SAMPLE_DOCX = render(loads((SAMPLES / "15754-17.json").read_text(encoding="utf-8")))
HTMX = {"HX-Request": "true"}
# A header the text importer reads, then a line it cannot place and a footnote no item calls.
WITH_UNREAD_LINES = """\
Brussels, 19 December 2017
Draft for discussion
15754/17
OUTCOME OF PROCEEDINGS
From: General Secretariat of the Council
On: 21 November 2017
To: Delegations
Subject: Standing Committee on Operational Cooperation on Internal Security

1. Adoption of the agenda

The agenda was adopted.

³ A <stray> note.
"""


def outcomes(app) -> list[services.Draft]:
    with app.app_context(), unit_of_work() as uow:
        return [services.open_draft(uow, summary.id) for summary in services.list_outcomes(uow)]


def upload(client, token: str | None, content: bytes, filename: str, headers: dict | None = None):
    data = {"file": (io.BytesIO(content), filename)}
    if token is not None:
        data["csrf_token"] = token
    return client.post("/import", data=data, headers=headers or {}, content_type="multipart/form-data")


def test_the_import_page_is_a_whole_page_with_a_labelled_upload_field(client):
    page = client.get("/import").get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert '<label for="file">Outcome file</label>' in page
    assert 'enctype="multipart/form-data"' in page and 'accept=".txt,.md,.docx,.json"' in page


def test_an_htmx_request_for_the_import_page_gets_the_form_fragment(client):
    fragment = client.get("/import", headers=HTMX).get_data(as_text=True)
    assert "<html" not in fragment
    assert fragment.strip().startswith('<section id="import"')


def test_the_sample_text_becomes_an_outcome_of_eleven_items(client, app, csrf_token):
    response = upload(client, csrf_token, SAMPLE_TEXT, "15754-17.txt")
    page = response.get_data(as_text=True)
    [draft] = outcomes(app)
    assert response.status_code == 201
    assert len(draft.outcome.items) == 11
    assert draft.outcome.document_number == "15754/17"
    assert "Imported 15754/17" in page and "11 items read." in page
    assert f'href="/outcomes/{draft.id}"' in page
    assert "Every line of the file was read." in page


def test_lines_the_importer_could_not_read_are_shown_with_their_numbers_and_reasons(client, app, csrf_token):
    response = upload(client, csrf_token, WITH_UNREAD_LINES.encode(), "draft.md")
    page = response.get_data(as_text=True)
    assert response.status_code == 201
    assert len(outcomes(app)) == 1
    assert "2 lines could not be read" in page
    rows = re.findall(r'<td class="line-number">(\d+)</td><td><code>(.*?)</code></td><td>(.*?)</td>', page)
    assert rows == [
        ("2", "Draft for discussion", "not a line of the header"),
        ("14", "A &lt;stray&gt; note.", "no item calls footnote 3"),
    ]


def test_an_htmx_upload_gets_the_report_fragment(client, app, csrf_token):
    response = upload(client, csrf_token, WITH_UNREAD_LINES.encode(), "draft.txt", HTMX)
    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and "2 lines could not be read" in fragment
    assert len(outcomes(app)) == 1


def test_an_outcome_in_the_json_format_is_imported_as_it_is(client, app, csrf_token):
    upload(client, csrf_token, (SAMPLES / "15754-17.json").read_bytes(), "15754-17.json")
    [draft] = outcomes(app)
    assert draft.outcome == loads((SAMPLES / "15754-17.json").read_text(encoding="utf-8"))


def test_a_word_document_is_imported(client, app, csrf_token):
    response = upload(client, csrf_token, SAMPLE_DOCX, "15754-17.DOCX")
    [draft] = outcomes(app)
    assert response.status_code == 201
    assert draft.outcome.document_number == "15754/17" and len(draft.outcome.items) == 11


def a_zip_without_a_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a Word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"", "empty.txt", "The file is empty; nothing was imported."),
        (SAMPLE_TEXT, "15754-17.pdf", "Upload a .json, .txt, .md, .docx file; other kinds cannot be read."),
        (SAMPLE_TEXT, "15754-17", "Upload a .json, .txt, .md, .docx file"),
        (b"PK\x03\x04 this is no zip", "broken.docx", "not a readable Word document"),
        (a_zip_without_a_document(), "other.docx", "The file could not be read as an outcome"),
        (SAMPLE_DOCX[: len(SAMPLE_DOCX) // 2], "truncated.docx", "not a readable Word document"),
        (
            bytes(range(256)) * 4,
            "junk.txt",
            "The file could not be read as an outcome: the file is not UTF-8",
        ),
        ("Brussels, 19 December 2017".encode("utf-16"), "utf16.md", "the file is not UTF-8 text"),
        (b"Dear colleagues,\nplease find attached the minutes.\n", "letter.txt", "no outcome found"),
        (
            b'{"format": "council-outcome"}',
            "broken.json",
            "document: missing required field &#39;version&#39;",
        ),
        (b"Brussels, 19 December 2017\x07\n", "bell.txt", "control character a Word document cannot hold"),
    ],
)
def test_a_bad_upload_gets_its_message_and_creates_nothing(
    client, app, csrf_token, content, filename, message
):
    response = upload(client, csrf_token, content, filename)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert outcomes(app) == []

    fragment = upload(client, csrf_token, content, filename, HTMX)
    assert fragment.status_code == 200
    assert message in fragment.get_data(as_text=True) and "<html" not in fragment.get_data(as_text=True)
    assert outcomes(app) == []


def test_an_upload_without_a_file_asks_for_one(client, app, csrf_token):
    response = client.post("/import", data={"csrf_token": csrf_token}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Choose a file to upload." in response.get_data(as_text=True)


def test_an_upload_without_the_csrf_token_is_refused(client, app):
    response = upload(client, None, SAMPLE_TEXT, "15754-17.txt")
    assert response.status_code == 400 and "Form expired" in response.get_data(as_text=True)
    assert outcomes(app) == []


@pytest.fixture
def small_app(database_url, tmp_path):
    """The app with an upload limit of 4 KB, to see the limit at work."""
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "a key for tests only",
            "DATABASE_URL": database_url,
            "EXPORTS_FOLDER": str(tmp_path / "exports"),
            "MAX_CONTENT_LENGTH": 4 * 1024,
        }
    )
    yield app
    app.extensions["drafting.engine"].dispose()


def test_an_upload_over_the_size_limit_is_refused_with_413(small_app):
    client = small_app.test_client()
    make_person(small_app, "tester", "admin")
    sign_in(small_app, client, "tester")
    token = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/import").get_data(as_text=True))
    response = upload(client, token.group(1), SAMPLE_TEXT, "15754-17.txt")
    assert response.status_code == 413
    assert "Too large" in response.get_data(as_text=True)
    assert outcomes(small_app) == []


def test_the_upload_form_says_what_happens_when_htmx_is_refused_an_upload(client):
    page = client.get("/import").get_data(as_text=True)
    assert "hx-on::response-error=\"this.querySelector('.upload-refused').hidden = false\"" in page
    assert "larger than 8 MB cannot be imported" in page
