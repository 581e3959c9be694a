"""The preview mirrors the Word layout; the export checks first, downloads the .docx and archives it."""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import replace
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from drafting import services
from drafting.domain.model import (
    Action,
    DashList,
    Decision,
    DelegationList,
    Footnote,
    FootnoteMark,
    Item,
    NextStep,
    Outcome,
    Paragraph,
    Recipient,
    ReferenceLink,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
    text,
)
from drafting.io.json_format import loads
from drafting.web import exports_folder, unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}
SCRIPT = "<script>alert(1)</script>"


def create(app, outcome: Outcome) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, outcome)


@pytest.fixture
def sample(app) -> int:
    return create(app, loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def with_an_error(app) -> int:
    """The sample with a document number of the wrong year: one error."""
    return create(app, replace(loads(SAMPLE.read_text(encoding="utf-8")), document_number="15754/16"))


def exports(app, outcome_id: int) -> list[services.Export]:
    with app.app_context(), unit_of_work() as uow:
        return services.list_exports(uow, outcome_id, exports_folder())


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def in_order(said: str, *pieces: str) -> bool:
    positions = [said.find(piece) for piece in pieces]
    return -1 not in positions and positions == sorted(positions)


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph.text for paragraph in Document(BytesIO(data)).paragraphs)


# ---------------------------------------------------------------------- preview


def test_the_preview_is_a_page_normally_and_the_document_alone_for_htmx(client, sample):
    page = client.get(f"/outcomes/{sample}/preview").get_data(as_text=True)
    fragment = client.get(f"/outcomes/{sample}/preview", headers=HTMX).get_data(as_text=True)

    assert "<html" in page and 'id="preview-document"' in page
    assert "<html" not in fragment and 'id="preview-document"' in fragment
    assert f'href="/outcomes/{sample}"' in page


def test_the_preview_prints_the_header_block_in_the_order_of_the_document(client, sample):
    fragment = client.get(f"/outcomes/{sample}/preview", headers=HTMX).get_data(as_text=True)

    said = text_of(fragment)
    assert in_order(
        said,
        "Council of the European Union",
        "Brussels, 19 December 2017",
        "(OR. en)",
        "15754/17",
        "COSI 334",
        "OUTCOME OF PROCEEDINGS",
        "From: General Secretariat of the Council",
        "On: 21 November 2017",
        "To: Delegations",
        "Subject: Standing Committee",
        "1. Adoption of the agenda",
        "11. Any other business:",
    )
    assert "COSI 334<br>JAI 1207<br>COMIX 852" in fragment  # one code per line
    assert "Internal Security<br>(COSI)" in fragment  # the subject's second line


def test_the_samples_footnote_is_marked_in_its_heading_and_printed_at_the_end(client, sample):
    fragment = client.get(f"/outcomes/{sample}/preview", headers=HTMX).get_data(as_text=True)

    assert re.search(
        r'Justice and Home Affairs area<sup class="note-mark"><a href="#note-1"[^>]*>1</a></sup>', fragment
    )
    assert re.search(
        r'<li id="note-1"[^>]*><sup>1</sup> Exceptionally in the presence of the Schengen', fragment
    )


def test_footnotes_are_numbered_in_order_of_appearance_across_the_document(app, client):
    first = Item(
        1,
        heading=(Text("Heading"), FootnoteMark("x")),
        blocks=[
            Paragraph((Text("Called again"), FootnoteMark("x"), Text(" and lost"), FootnoteMark("none")))
        ],
        footnotes=[Footnote("x", text("Note of item 1."))],
    )
    second = Item(
        2, heading=(Text("Other"), FootnoteMark("1")), footnotes=[Footnote("1", text("Note of item 2."))]
    )
    outcome_id = create(app, Outcome(document_number="1234/17", items=[first, second]))

    fragment = client.get(f"/outcomes/{outcome_id}/preview", headers=HTMX).get_data(as_text=True)

    notes = re.findall(r'<li id="note-(\d+)"[^>]*><sup>\d+</sup> ([^<]*)</li>', fragment)
    assert notes == [("1", "Note of item 1."), ("2", "Note of item 2.")]
    marks = re.findall(r'<sup class="note-mark"><a [^>]*>(\d+)</a></sup>', fragment)
    assert marks == ["1", "1", "2"]  # called twice, numbered once; a mark calling no footnote prints nothing


def test_sub_items_dash_lists_decisions_links_and_delegations_are_laid_out_as_in_word(app, client):
    lettered = Item(
        1,
        heading=text("Counter-terrorism"),
        sub_items=[
            SubItem(
                heading=(Text("ATLAS", bold=True),), blocks=[DashList([text("first point"), text("second")])]
            ),
            SubItem(heading=text("Threat assessment")),
        ],
    )
    decided = Item(
        2,
        heading=text("Conclusions"),
        blocks=[
            Decision(
                action=Action.AGREED_ON,
                subject="the draft Council conclusions",
                documents=("13272/3/17 REV 3",),
                next_step=NextStep(Recipient.COREPER, coreper_date=date(2017, 11, 29)),
            ),
            Paragraph(
                (
                    Text("See "),
                    ReferenceLink("12583/5/17 REV 5"),
                    Text(" with "),
                    DelegationList(("DE", "FR", "NL")),
                )
            ),
        ],
        sub_item_style=SubItemStyle.LETTERED,
    )
    dashed = Item(
        3, heading=text("Other"), sub_items=[SubItem(heading=text("One"))], sub_item_style=SubItemStyle.DASHED
    )
    outcome_id = create(app, Outcome(document_number="1234/17", items=[lettered, decided, dashed]))

    fragment = client.get(f"/outcomes/{outcome_id}/preview", headers=HTMX).get_data(as_text=True)

    said = text_of(fragment)
    assert in_order(
        said, "1. Counter-terrorism", "a) ATLAS", "- first point", "b) Threat assessment", "2. Conclusions"
    )
    assert "<strong>ATLAS</strong>" in fragment
    assert '<ul class="dashes"><li><span class="dash">-</span>first point</li>' in fragment
    assert (
        "The Committee agreed on the draft Council conclusions as set out in 13272/3/17 REV 3, "
        "which would be submitted as an I/A item to COREPER on 29 November 2017." in said
    )
    assert '<a href="https://data.consilium.europa.eu/doc/document/ST-12583-2017-REV-5/en/pdf"' in fragment
    assert "with (DE, FR and NL)" in said
    assert in_order(said, "3. Other", "- One")


def test_the_footer_lines_close_the_preview(app, client):
    outcome = Outcome(document_number="15754/17", marking="LIMITE", subject_codes=[SubjectCode("COSI", 3)])
    outcome.footer.initials, outcome.footer.unit = "MP/mj", "DG D 1C"
    outcome_id = create(app, outcome)

    fragment = client.get(f"/outcomes/{outcome_id}/preview", headers=HTMX).get_data(as_text=True)

    footer = text_of(fragment[fragment.index('<footer class="document-footer">') :])
    assert footer == "15754/17 MP/mj 1 DG D 1C LIMITE EN"


def test_a_script_typed_into_the_outcome_is_shown_as_text_in_the_preview(app, client):
    outcome_id = create(
        app, Outcome(document_number="1234/17", subject=SCRIPT, items=[Item(1, heading=text(SCRIPT))])
    )

    page = client.get(f"/outcomes/{outcome_id}/preview").get_data(as_text=True)

    assert SCRIPT not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 2


# ---------------------------------------------------------------------- export


def test_an_outcome_without_errors_downloads_at_once_and_is_archived_with_its_checksum(
    app, client, sample, csrf_token
):
    response = client.post(f"/outcomes/{sample}/export", data={"csrf_token": csrf_token})

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response.headers["Content-Disposition"] == "attachment; filename=15754-17-v1.docx"
    data = response.get_data()
    [archived] = exports(app, sample)
    assert archived.path.is_relative_to(Path(app.config["EXPORTS_FOLDER"]))
    assert archived.path.read_bytes() == data
    assert archived.sha256 == hashlib.sha256(data).hexdigest()
    assert (archived.problem_count, archived.error_count) == (2, 0)
    assert "The agenda set out in 14260/1/17 REV 1 was adopted." in docx_text(data)


def test_an_outcome_with_errors_asks_before_exporting(app, client, with_an_error, csrf_token):
    response = client.post(f"/outcomes/{with_an_error}/export", data={"csrf_token": csrf_token})

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" in page
    assert "1 error — export anyway?" in text_of(page)
    assert "the document number is of 2016 but the document is issued in 2017" in text_of(page)
    assert '<input type="hidden" name="confirm" value="yes">' in page
    assert exports(app, with_an_error) == []


def test_confirming_exports_despite_the_errors(app, client, with_an_error, csrf_token):
    response = client.post(
        f"/outcomes/{with_an_error}/export", data={"csrf_token": csrf_token, "confirm": "yes"}
    )

    assert response.headers["Content-Disposition"] == "attachment; filename=15754-16-v1.docx"
    [archived] = exports(app, with_an_error)
    assert archived.error_count == 1
    assert archived.sha256 == hashlib.sha256(response.get_data()).hexdigest()


def test_each_export_is_a_new_version(app, client, sample, csrf_token):
    client.post(f"/outcomes/{sample}/export", data={"csrf_token": csrf_token})
    second = client.post(f"/outcomes/{sample}/export", data={"csrf_token": csrf_token})

    assert second.headers["Content-Disposition"] == "attachment; filename=15754-17-v2.docx"
    assert [export.number for export in exports(app, sample)] == [1, 2]


def test_an_htmx_export_with_errors_answers_the_confirmation_alone(client, with_an_error, csrf_token):
    response = client.post(f"/outcomes/{with_an_error}/export", data={"csrf_token": csrf_token}, headers=HTMX)

    fragment = response.get_data(as_text=True)
    assert "<html" not in fragment and 'id="export-confirm"' in fragment
    assert 'hx-boost="false"' in fragment


def test_an_export_without_the_csrf_token_is_refused(app, client, sample):
    response = client.post(f"/outcomes/{sample}/export", data={"confirm": "yes"})

    assert response.status_code == 400
    assert exports(app, sample) == []


def test_an_unknown_outcome_cannot_be_exported(client, csrf_token):
    assert client.post("/outcomes/999/export", data={"csrf_token": csrf_token}).status_code == 404


def test_a_script_in_the_subject_is_plain_text_in_the_docx(app, client, csrf_token):
    outcome = replace(loads(SAMPLE.read_text(encoding="utf-8")), subject=SCRIPT)
    outcome_id = create(app, outcome)

    response = client.post(
        f"/outcomes/{outcome_id}/export", data={"csrf_token": csrf_token, "confirm": "yes"}
    )

    assert f"Subject:\t{SCRIPT}" in docx_text(response.get_data())
