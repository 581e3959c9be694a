"""The exports archive of an outcome: every circulated version listed and downloadable as it was."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import Path

import pytest

from drafting import services
from drafting.io.json_format import loads
from drafting.persistence.tables import ExportRow
from drafting.web import exports_folder, unit_of_work

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}


@pytest.fixture
def outcome_id(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))


@pytest.fixture
def two_exports(app, outcome_id) -> list[services.Export]:
    """Version 1 of the sample, then version 2 after its subject changed."""
    with app.app_context():
        with unit_of_work() as uow:
            first, _ = services.export_outcome(uow, outcome_id, exports_folder())
        with unit_of_work() as uow:
            draft = services.open_draft(uow, outcome_id)
            changed = replace(draft.outcome, subject="Standing Committee on Internal Security (COSI)")
            services.update_header(uow, outcome_id, draft.version, changed)
        with unit_of_work() as uow:
            second, _ = services.export_outcome(uow, outcome_id, exports_folder())
    return [first, second]


def download(client, url: str) -> tuple[int, dict, bytes]:
    response = client.get(url)
    try:
        return response.status_code, dict(response.headers), response.get_data()
    finally:
        response.close()  # the archived file stays open until the response is closed


def test_the_exports_page_is_a_whole_page_listing_every_version(client, outcome_id, two_exports):
    page = client.get(f"/outcomes/{outcome_id}/exports").get_data(as_text=True)
    assert page.startswith("<!doctype html>")
    assert "Exports of 15754/17" in page
    assert re.findall(r'<tr id="export-(\d+)">', page) == ["2", "1"]


def test_an_htmx_request_gets_only_the_exports_fragment(client, outcome_id, two_exports):
    fragment = client.get(f"/outcomes/{outcome_id}/exports", headers=HTMX).get_data(as_text=True)
    assert "<html" not in fragment and fragment.strip().startswith('<section id="exports"')
    assert 'hx-trigger="outcome-exported from:body"' in fragment


def test_each_version_shows_its_size_short_checksum_with_the_full_one_and_its_problems(
    client, outcome_id, two_exports
):
    page = client.get(f"/outcomes/{outcome_id}/exports").get_data(as_text=True)
    for export in two_exports:
        row = re.search(rf'<tr id="export-{export.number}">(.*?)</tr>', page, re.S).group(1)
        assert f'<code class="checksum" title="{export.sha256}">{export.sha256[:12]}…</code>' in row
        assert f"{export.size / 1024:.1f} KB" in row
        cells = re.findall(r"<td[^>]*>(\d+)</td>", row)
        assert cells == [str(export.number), str(export.problem_count), str(export.error_count)]
        download_link = f'href="/outcomes/{outcome_id}/exports/{export.number}" hx-boost="false"'
        assert download_link in row


def test_an_outcome_never_exported_says_so(client, outcome_id):
    page = client.get(f"/outcomes/{outcome_id}/exports").get_data(as_text=True)
    assert "Not exported yet" in page and "<table" not in page


@pytest.mark.parametrize(
    "url", ["/outcomes/999/exports", f"/outcomes/{2**31}/exports", f"/outcomes/{10**30}/exports"]
)
def test_the_exports_of_an_outcome_that_does_not_exist_are_a_404(client, url):
    assert client.get(url).status_code == 404


def test_an_earlier_version_downloads_byte_for_byte_as_archived(client, outcome_id, two_exports):
    first = two_exports[0]
    status, headers, data = download(client, f"/outcomes/{outcome_id}/exports/1")
    assert status == 200
    assert data == first.path.read_bytes()
    assert hashlib.sha256(data).hexdigest() == first.sha256
    assert len(data) == first.size
    assert (
        headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    assert headers["Content-Disposition"] == "attachment; filename=15754-17-v1.docx"


def test_the_two_versions_differ_as_their_outcomes_did(client, outcome_id, two_exports):
    first = download(client, f"/outcomes/{outcome_id}/exports/1")[2]
    second = download(client, f"/outcomes/{outcome_id}/exports/2")[2]
    assert first != second
    assert hashlib.sha256(second).hexdigest() == two_exports[1].sha256


@pytest.mark.parametrize("number", [3, 0, 2**31, 10**30])
def test_a_version_never_exported_is_a_404(client, outcome_id, two_exports, number):
    assert download(client, f"/outcomes/{outcome_id}/exports/{number}")[0] == 404


def test_a_version_whose_file_is_missing_is_a_clear_404(client, outcome_id, two_exports):
    two_exports[0].path.unlink()
    status, _, data = download(client, f"/outcomes/{outcome_id}/exports/1")
    page = data.decode()
    assert status == 404
    assert "Archived file missing" in page and f"SHA-256 {two_exports[0].sha256[:12]}" in page


def test_a_record_naming_a_file_outside_the_exports_folder_is_never_served(
    client, app, outcome_id, two_exports
):
    outside = Path(app.config["EXPORTS_FOLDER"]).parent / "secret.docx"
    outside.write_bytes(b"not for download")
    with app.app_context(), unit_of_work() as uow:
        row = uow.session.query(ExportRow).filter_by(outcome_id=outcome_id, number=1).one()
        row.filename = "../secret.docx"
        uow.commit()
    status, _, data = download(client, f"/outcomes/{outcome_id}/exports/1")
    assert status == 404 and b"not for download" not in data
