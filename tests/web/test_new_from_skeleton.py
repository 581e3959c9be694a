"""A new outcome started from a meeting skeleton: the skeleton's items in order, each blank left to fill."""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from drafting import services, templates_service
from drafting.domain.model import Action, DashList, Decision, Paragraph, Text
from drafting.persistence.tables import ChangeRow, ItemTemplateRow, SkeletonRow
from drafting.reuse.skeletons import skeleton_items
from drafting.reuse.standard import CONCLUSIONS_AGREED, MIXED_COMMITTEE
from drafting.reuse.templates import ItemTemplate
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in

COSI_SUBJECT = "Standing Committee on Operational Cooperation on Internal Security (COSI)"
CATS_SUBJECT = "Coordinating Committee in the area of police and judicial cooperation (CATS)"
HTMX = {"HX-Request": "true"}


def browser(app, name: str, role: str, teams: tuple[str, ...]):
    made = make_person(app, name, role, teams)
    client = app.test_client()
    sign_in(app, client, name)
    return client, made


def csrf_of(client) -> str:
    page = client.get("/outcomes/new").get_data(as_text=True)
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def skeleton_ids(app, by=None) -> dict[str, int]:
    with app.app_context(), unit_of_work() as uow:
        return {skeleton.name: skeleton.id for skeleton in templates_service.list_skeletons(uow, by)}


def usage(app) -> dict[str, int]:
    with app.app_context(), unit_of_work() as uow:
        templates_service.ensure_standard(uow)
        return {row.key: row.usage_count for row in uow.session.scalars(select(ItemTemplateRow)) if row.key}


def outcome_count(app) -> int:
    with app.app_context(), unit_of_work() as uow:
        return len(services.list_outcomes(uow))


def stored(app, outcome_id: int):
    with app.app_context(), unit_of_work() as uow:
        return services.open_draft(uow, outcome_id).outcome


def cats_skeleton(app) -> int:
    """A skeleton the CATS team keeps for its own meetings."""
    with app.app_context(), unit_of_work() as uow:
        ids = {t.template.key: t.id for t in templates_service.list_templates(uow, None)}
        return templates_service.save_skeleton(
            uow, "CATS meeting", "CATS", [ids["agenda"], ids["any-other-business"]], "team", None
        )


def options(page: str) -> dict[str, list[str]]:
    """The choices of "Start from", by group ("" for those outside any group)."""
    select_html = re.search(r'<select[^>]*name="start_from"[^>]*>(.*?)</select>', page, re.S).group(1)
    groups: dict[str, list[str]] = {}
    group = ""
    for found in re.finditer(
        r'<optgroup label="([^"]*)">|</optgroup>|<option[^>]*>([^<]*)</option>', select_html
    ):
        if found.group(0) == "</optgroup>":
            group = ""
        elif found.group(1) is not None:
            group = unescape(found.group(1))
        else:
            groups.setdefault(group, []).append(unescape(found.group(2)))
    return groups


def form(token: str, **fields: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "document_number": "5980/18",
        "subject": COSI_SUBJECT,
        "meeting_date": "2018-01-10",
        "subject_codes": "COSI 4",
        **fields,
    }


# ---------------------------------------------------------------- what is offered


def test_the_form_offers_an_empty_outcome_first_and_the_skeletons_of_the_persons_bodies(app):
    cats_skeleton(app)
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    cats, _ = browser(app, "cats-drafter", "drafter", ("CATS",))
    admin, _ = browser(app, "an-admin", "admin", ())
    agenda_items = "COSI meeting: Adoption of the agenda, Information from the Presidency, Any other business"
    seen_by_cosi = options(cosi.get("/outcomes/new").get_data(as_text=True))
    assert seen_by_cosi == {"": ["An empty outcome"], "COSI": [agenda_items]}
    seen_by_cats = options(cats.get("/outcomes/new").get_data(as_text=True))
    assert seen_by_cats == {
        "": ["An empty outcome"],
        "CATS": ["CATS meeting: Adoption of the agenda, Any other business"],
    }
    seen_by_admin = options(admin.get("/outcomes/new").get_data(as_text=True))
    assert set(seen_by_admin) == {"", "COSI", "CATS"}


def test_the_choice_is_labelled_and_an_empty_outcome_is_the_default(app):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    page = cosi.get("/outcomes/new").get_data(as_text=True)
    assert '<label for="start_from">Start from</label>' in page
    assert re.search(r'<option selected value="">An empty outcome</option>', page)


# ---------------------------------------------------------------- creating from a skeleton


def test_the_outcome_gets_the_skeletons_items_in_order_with_their_blanks_left_in(app):
    cosi, drafter = browser(app, "cosi-drafter", "drafter", ("COSI",))
    chosen = skeleton_ids(app)["COSI meeting"]
    before = usage(app)
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi), start_from=str(chosen)))
    assert response.status_code == 303
    outcome_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    outcome = stored(app, outcome_id)
    assert outcome.document_number == "5980/18" and outcome.meeting_dates == [date(2018, 1, 10)]
    assert [item.number for item in outcome.items] == [1, 2, 3]
    assert [item.heading for item in outcome.items] == [
        (Text("Adoption of the agenda"),),
        (Text("Information from the Presidency"),),
        (Text("Any other business"),),
    ]
    agenda, presidency, aob = outcome.items
    assert agenda.blocks == [Paragraph((Text("The agenda set out in {agenda} was adopted."),))]
    assert isinstance(presidency.blocks[1], DashList)
    assert presidency.blocks[1].entries == [(Text("{topics}"),)]
    assert isinstance(aob.blocks[0], Decision) and aob.blocks[0].action is Action.NO_ITEMS
    after = usage(app)
    for key in ("agenda", "presidency-information", "any-other-business"):
        assert after[key] == before[key] + 1, key
    assert after["endorsement"] == before["endorsement"]
    # Recorded in the history like any creation, by whom.
    with app.app_context(), unit_of_work() as uow:
        changes = [
            (change.unit, change.action, change.user_id)
            for change in uow.session.scalars(select(ChangeRow).where(ChangeRow.outcome_id == outcome_id))
        ]
    assert changes == [("outcome", "create", drafter.id)]


def test_the_problems_panel_lists_each_blank_to_fill_in(app):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    chosen = skeleton_ids(app)["COSI meeting"]
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi), start_from=str(chosen)))
    outcome_id = int(response.headers["Location"].rsplit("/", 1)[-1])
    panel = unescape(cosi.get(f"/outcomes/{outcome_id}/problems", headers=HTMX).get_data(as_text=True))
    assert "{agenda} is still to be filled in" in panel
    assert "{topics} is still to be filled in" in panel
    editor = unescape(cosi.get(response.headers["Location"]).get_data(as_text=True))
    assert "created from the skeleton \u201cCOSI meeting\u201d with 3 items" in editor


def test_an_empty_outcome_is_still_made_by_default(app):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    before = usage(app)
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi)))
    assert response.status_code == 303
    assert stored(app, int(response.headers["Location"].rsplit("/", 1)[-1])).items == []
    assert usage(app) == before


# ---------------------------------------------------------------- refused


def test_a_refused_form_keeps_what_was_typed_and_the_skeleton_chosen(app):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    chosen = skeleton_ids(app)["COSI meeting"]
    before = usage(app)
    response = cosi.post(
        "/outcomes/new", data=form(csrf_of(cosi), start_from=str(chosen), meeting_date="2018-02-30")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter a real date as YYYY-MM-DD" in page
    assert f'<option selected value="{chosen}">' in page
    assert 'value="5980/18"' in page and 'value="2018-02-30"' in page and 'value="COSI 4"' in page
    assert outcome_count(app) == 0 and usage(app) == before


def test_another_teams_skeleton_is_refused_by_the_server_and_nothing_is_made(app):
    cats_id = cats_skeleton(app)
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    before = usage(app)
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi), start_from=str(cats_id)))
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 403
    errors = re.search(r'<div class="field-errors" id="start_from-errors"[^>]*>(.*?)</div>', page, re.S)
    assert (
        errors and f"there is no meeting skeleton {cats_id} among those you may start from" in errors.group(1)
    )
    assert 'value="5980/18"' in page and COSI_SUBJECT in page
    assert outcome_count(app) == 0 and usage(app) == before


def test_a_standard_skeleton_of_another_body_is_refused_too(app):
    cats, _ = browser(app, "cats-drafter", "drafter", ("CATS",))
    chosen = skeleton_ids(app)["COSI meeting"]
    data = form(csrf_of(cats), start_from=str(chosen), subject=CATS_SUBJECT, subject_codes="CATS 2")
    response = cats.post("/outcomes/new", data=data)
    assert response.status_code == 403 and outcome_count(app) == 0


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999", "1.5"])
def test_a_choice_that_is_no_skeleton_is_named_not_a_server_error(app, value):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi), start_from=value))
    assert response.status_code == 400
    assert "Choose an empty outcome or one of the meeting skeletons listed." in response.get_data(
        as_text=True
    )
    assert outcome_count(app) == 0


def test_a_skeleton_that_does_not_exist_is_refused_the_same_way(app):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi), start_from="4242"))
    assert response.status_code == 403
    assert "there is no meeting skeleton 4242" in unescape(response.get_data(as_text=True))


def test_a_refused_form_sent_by_htmx_comes_back_with_200_so_that_it_is_shown(app):
    cats_id = cats_skeleton(app)
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    response = cosi.post(
        "/outcomes/new",
        data=form(csrf_of(cosi), start_from=str(cats_id)),
        headers={**HTMX, "HX-Boosted": "true"},
    )
    assert response.status_code == 200 and "among those you may start from" in response.get_data(as_text=True)


def test_a_reviewer_cannot_start_outcomes_at_all(app):
    reviewer, _ = browser(app, "cosi-reviewer", "reviewer", ("COSI",))
    assert reviewer.get("/outcomes/new").status_code == 403


# ---------------------------------------------------------------- the items a skeleton makes


def test_dates_of_decisions_that_are_blanks_are_left_empty_and_footnotes_follow_on():
    first, second, third = skeleton_items([MIXED_COMMITTEE, CONCLUSIONS_AGREED, MIXED_COMMITTEE])
    assert [first.number, second.number, third.number] == [1, 2, 3]
    (decision,) = second.blocks
    assert decision.documents == ("{document}",)
    assert decision.next_step.coreper_date is None and decision.next_step.council_date is None
    assert second.heading == (Text("{title}"),)
    # Footnotes are numbered across the outcome, as an inserted template's are.
    assert [note.label for note in first.footnotes] == ["1"]
    assert [note.label for note in third.footnotes] == ["2"]


def test_a_reference_link_holding_a_blank_becomes_text_so_the_item_reads():
    template = ItemTemplate(
        "linked",
        "Linked",
        "",
        {
            "number": 1,
            "heading": [{"text": "Report"}],
            "blocks": [
                {"paragraph": [{"text": "As set out in "}, {"reference": "{document}"}, {"text": "."}]}
            ],
        },
    )
    (item,) = skeleton_items([template])
    assert item.blocks[0].content == (Text("As set out in "), Text("{document}"), Text("."))


def test_a_template_that_no_longer_reads_as_an_item_is_named_and_nothing_is_made(app):
    cosi, drafter = browser(app, "cosi-drafter", "drafter", ("COSI",))
    with app.app_context(), unit_of_work() as uow:
        broken = ItemTemplateRow(
            name="Broken",
            description="",
            scope="personal",
            owner_id=drafter.id,
            content={"item": {"number": 1, "blocks": [{"paragraph": 5}]}, "placeholders": []},
            usage_count=0,
        )
        uow.session.add(broken)
        uow.session.flush()
        skeleton = SkeletonRow(
            name="Mine", body="COSI", scope="personal", owner_id=drafter.id, template_ids=[broken.id]
        )
        uow.session.add(skeleton)
        uow.session.flush()
        skeleton_id = skeleton.id
        uow.commit()
    response = cosi.post("/outcomes/new", data=form(csrf_of(cosi), start_from=str(skeleton_id)))
    assert response.status_code == 400
    assert "a template of this skeleton cannot be made into an item" in unescape(
        response.get_data(as_text=True)
    )
    assert outcome_count(app) == 0


def test_export_asks_first_while_blanks_are_left(app):
    cosi, _ = browser(app, "cosi-drafter", "drafter", ("COSI",))
    chosen = skeleton_ids(app)["COSI meeting"]
    token = csrf_of(cosi)
    outcome_id = int(
        cosi.post("/outcomes/new", data=form(token, start_from=str(chosen)))
        .headers["Location"]
        .rsplit("/", 1)[-1]
    )
    answer = cosi.post(f"/outcomes/{outcome_id}/export", data={"csrf_token": token}, headers=HTMX)
    page = unescape(answer.get_data(as_text=True))
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    assert "{agenda} is still to be filled in" in page
