"""A copy of a previous outcome for a new meeting: number, dates and references cleared, wording kept."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from sqlalchemy import select

from drafting import services
from drafting.domain.model import Text
from drafting.io.json_format import loads
from drafting.persistence.tables import ChangeRow
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
HTMX = {"HX-Request": "true"}


def sample() -> object:
    return loads(SAMPLE.read_text(encoding="utf-8"))


def store(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return services.create_outcome(uow, sample())


def stored(app, outcome_id: int):
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id).outcome


def outcome_ids(app) -> list[int]:
    with app.app_context(), unit_of_work() as uow:
        return sorted(summary.id for summary in services.list_outcomes(uow))


def browser(app, name: str, role: str, teams: tuple[str, ...]):
    made = make_person(app, name, role, teams)
    client = app.test_client()
    sign_in(app, client, name)
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    return client, token, made


def copy_of(client, token: str, outcome_id: int, **headers: str):
    return client.post(
        f"/outcomes/{outcome_id}/copy-for-new-meeting", data={"csrf_token": token}, headers=headers
    )


def new_id(response) -> int:
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def test_the_list_offers_the_copy_beside_duplicate_as_a_form_with_its_token(app, client):
    original = store(app)
    page = client.get("/").get_data(as_text=True)
    found = re.search(
        rf'<form method="post" action="/outcomes/{original}/copy-for-new-meeting">\s*'
        r'<input type="hidden" name="csrf_token" value="[^"]+">',
        page,
    )
    assert found
    assert "Copy 15754/17 for a new meeting" in page
    assert page.index(f"/outcomes/{original}/duplicate") < page.index(f"/outcomes/{original}/copy-for")


def test_the_copy_has_its_number_dates_and_references_cleared_and_its_wording_kept(app):
    original = store(app)
    drafter, token, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    response = copy_of(drafter, token, original)
    assert response.status_code == 303
    copied = stored(app, new_id(response))
    before = sample()
    assert copied.document_number == "" and copied.issue_date is None and copied.meeting_dates == []
    assert [(code.code, code.number) for code in copied.subject_codes] == [
        ("COSI", 0),
        ("JAI", 0),
        ("COMIX", 0),
    ]
    assert copied.subject == before.subject
    # Structure, headings, footnotes kept; references and dates of the old meeting are blanks now.
    assert [item.heading for item in copied.items][:4] == [item.heading for item in before.items][:4]
    assert [item.footnotes for item in copied.items] == [item.footnotes for item in before.items]
    assert [len(item.sub_items) for item in copied.items] == [len(item.sub_items) for item in before.items]
    assert copied.items[0].blocks[0].content == (Text("The agenda set out in {reference_1} was adopted."),)
    conclusions = copied.items[3].blocks[0].content[0].text
    assert conclusions == (
        "The Committee agreed on the draft Council conclusions as set out in {reference_5}, which would be "
        "submitted as an I/A item to COREPER on {date_6} and to the Council on {date_7} for adoption."
    )
    everything = " ".join(str(item) for item in copied.items)
    for old in ("14260/1/17 REV 1", "13272/3/17 REV 3", "29 November 2017", "21 November"):
        assert old not in everything


def test_the_original_is_untouched(app):
    original = store(app)
    drafter, token, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    assert copy_of(drafter, token, original).status_code == 303
    assert stored(app, original) == sample()
    with app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, original)
    assert draft.version == 1 and draft.order_version == 1 and set(draft.item_versions) == {1}


def test_the_history_records_the_creation_by_the_drafter(app):
    original = store(app)
    drafter, token, person = browser(app, "cosi-drafter", "drafter", ("COSI",))
    copy_id = new_id(copy_of(drafter, token, original))
    with app.app_context(), unit_of_work() as uow:
        changes = [
            (change.unit, change.action, change.user_id)
            for change in uow.session.scalars(select(ChangeRow).where(ChangeRow.outcome_id == copy_id))
        ]
    assert changes == [("outcome", "create", person.id)]
    history = drafter.get(f"/outcomes/{copy_id}/history").get_data(as_text=True)
    assert "cosi-drafter" in history


def test_the_editor_opens_saying_what_was_cleared_and_the_problems_panel_lists_each_blank(app):
    original = store(app)
    drafter, token, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    response = copy_of(drafter, token, original)
    editor = unescape(drafter.get(response.headers["Location"]).get_data(as_text=True))
    assert "This is a copy of 15754/17 for a new meeting." in editor
    assert "Cleared: the document number, the meeting date, the date of issue" in editor
    assert "12 document references (now {reference_1} to {reference_12})" in editor
    assert "The problems panel lists each blank to fill in" in editor
    panel = unescape(
        drafter.get(f"/outcomes/{new_id(response)}/problems", headers=HTMX).get_data(as_text=True)
    )
    assert "the document number is missing" in panel
    assert "{reference_1} is still to be filled in" in panel and "{date_19} is still to be filled in" in panel


def test_the_copy_without_a_number_is_listed_and_exported_like_any_draft(app):
    original = store(app)
    drafter, token, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    copy_id = new_id(copy_of(drafter, token, original))
    listed = drafter.get("/").get_data(as_text=True)
    assert f'<a href="/outcomes/{copy_id}">(no number yet)</a>' in listed
    assert drafter.get(f"/outcomes/{copy_id}").status_code == 200


def test_htmx_is_told_where_the_copy_opens(app):
    original = store(app)
    drafter, token, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    response = copy_of(drafter, token, original, **HTMX)
    assert response.status_code == 204
    assert re.fullmatch(r"/outcomes/\d+", response.headers["HX-Redirect"])


def test_another_teams_outcome_is_refused_and_nothing_is_made(app):
    original = store(app)
    outsider, token, _ = browser(app, "cats-drafter", "drafter", ("CATS",))
    response = copy_of(outsider, token, original)
    assert response.status_code == 403
    assert outcome_ids(app) == [original]


def test_a_reviewer_makes_no_copy(app):
    original = store(app)
    reviewer, token, _ = browser(app, "cosi-reviewer", "reviewer", ("COSI",))
    assert copy_of(reviewer, token, original).status_code == 403
    assert outcome_ids(app) == [original]


def test_without_the_csrf_token_nothing_is_made(app, client):
    original = store(app)
    response = client.post(f"/outcomes/{original}/copy-for-new-meeting")
    assert response.status_code == 400 and outcome_ids(app) == [original]


def test_a_copy_is_a_post_only_and_an_unknown_outcome_is_not_found(app, client, csrf_token):
    original = store(app)
    assert client.get(f"/outcomes/{original}/copy-for-new-meeting").status_code == 405
    assert copy_of(client, csrf_token, 9999).status_code == 404
    assert copy_of(client, csrf_token, 2**40).status_code == 404
    assert outcome_ids(app) == [original]
