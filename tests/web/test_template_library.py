"""The library of templates and skeletons in the browser: what it lists, who changes what, what it refuses."""

from __future__ import annotations

import re
from html import unescape

import pytest
from sqlalchemy import select

from drafting import templates_service
from drafting.io.json_format import item_json
from drafting.persistence.tables import ItemTemplateRow, SkeletonRow
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in
from tests.web.item_forms import HTMX, draft_of, form_fields, posted, sample_outcome

# ---------------------------------------------------------------- helpers


def browser(app, name: str, role: str, teams: tuple[str, ...] = ()):
    """A browser signed in as a new person, and the CSRF token its pages hand out."""
    make_person(app, name, role, teams)
    client = app.test_client()
    sign_in(app, client, name)
    page = client.get("/").get_data(as_text=True)
    token = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    return client, token


def standard_id(app, key: str) -> int:
    with app.app_context(), unit_of_work(reading=False) as uow:
        templates_service.ensure_standard(uow)
        return uow.session.scalars(select(ItemTemplateRow.id).where(ItemTemplateRow.key == key)).one()


def row_of(app, template_id: int) -> ItemTemplateRow | None:
    with app.app_context(), unit_of_work(reading=True) as uow:
        row = uow.session.get(ItemTemplateRow, template_id)
        if row is not None:
            uow.session.expunge(row)
        return row


def copied(client, token: str, template_id: int, scope: str = "team", team: str = "COSI") -> int:
    response = client.post(
        f"/templates/{template_id}/copy", data={"csrf_token": token, "scope": scope, "team": team}
    )
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    return int(re.search(r"/templates/(\d+)$", response.headers["Location"]).group(1))


def text_of(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def errors_under(page: str, field_id: str) -> str:
    found = re.search(rf'<div class="field-errors" id="{field_id}-errors"[^>]*>(.*?)</div>', page, re.S)
    assert found, f"no messages under {field_id}"
    return text_of(found.group(1))


def text_form(client, template_id: int):
    page = client.get(f"/templates/{template_id}").get_data(as_text=True)
    return form_fields(page, "text-form")


@pytest.fixture
def cosi(app):
    """A COSI drafter's browser and token."""
    return browser(app, "cosi-drafter", "drafter", ("COSI",))


# ---------------------------------------------------------------- the list


def test_the_navigation_leads_to_the_library(app, cosi):
    client, _ = cosi
    assert 'href="/templates"' in client.get("/").get_data(as_text=True)
    assert client.get("/templates").status_code == 200


def test_the_library_groups_templates_and_shows_what_each_is(app, cosi):
    client, token = cosi
    agenda = standard_id(app, "agenda")
    team_copy = copied(client, token, standard_id(app, "presidency-information"), "team")
    mine = copied(client, token, standard_id(app, "any-other-business"), "personal")
    page = client.get("/templates").get_data(as_text=True)
    standard = page[page.index('id="standard"') : page.index('id="teams"')]
    teams = page[page.index('id="teams"') : page.index('id="personal"')]
    personal = page[page.index('id="personal"') : page.index('id="skeletons"')]
    assert f'id="template-{agenda}"' in standard and "Standard — ships with the product" in standard
    assert f'id="template-{team_copy}"' in teams and "The COSI team" in teams
    assert f'id="template-{mine}"' in personal
    card = page[page.index(f'id="template-{agenda}"') :]
    card = card[: card.index("</article>")]
    said = text_of(card)
    assert "Adoption of the agenda" in said and "Item 1 of every outcome" in said
    assert "{agenda} reference" in said and "used 0 times" in said and "last changed" in said
    # The preview is the item as the editor shows it, its placeholder written {agenda}.
    assert '<p class="paragraph">The agenda set out in {agenda} was adopted.</p>' in card


def test_a_preview_says_the_days_its_placeholders_give(app, cosi):
    client, _ = cosi
    page = client.get(f"/templates/{standard_id(app, 'conclusions-agreed')}").get_data(as_text=True)
    said = text_of(page)
    assert "Coreper date: {coreper_date}" in said and "Council date: {council_date}" in said


def test_the_usage_count_follows_the_items_made(app, client, csrf_token):
    outcome_id = sample_outcome(app)
    agenda = standard_id(app, "agenda")
    data = {
        "csrf_token": csrf_token,
        "order_version": str(draft_of(app, outcome_id).order_version),
        "placeholder-agenda": "CM 5432/17",
    }
    assert client.post(f"/outcomes/{outcome_id}/templates/{agenda}", data=data).status_code == 303
    page = client.get("/templates").get_data(as_text=True)
    card = page[page.index(f'id="template-{agenda}"') :]
    assert "used 1 time<" in card[: card.index("</article>")]
    assert "used 1 time<" in client.get(f"/templates/{agenda}").get_data(as_text=True)


def test_names_are_escaped(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    fields = form_fields(client.get(f"/templates/{template_id}").get_data(as_text=True), "naming-form")
    response = client.post(
        f"/templates/{template_id}/naming", data=posted(fields, {"name": "<script>alert(1)</script>"})
    )
    assert response.status_code == 303
    for page in (client.get("/templates"), client.get(f"/templates/{template_id}")):
        html = page.get_data(as_text=True)
        assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# ---------------------------------------------------------------- standard templates


def test_a_standard_template_is_not_changed_but_copied(app, cosi):
    client, token = cosi
    agenda = standard_id(app, "agenda")
    page = client.get(f"/templates/{agenda}").get_data(as_text=True)
    assert "Standard — ships with the product" in page
    assert 'id="naming-form"' not in page and 'id="text-form"' not in page and "/delete" not in page
    assert "Copy to my team (COSI)" in page and "Copy to mine" in page
    # Posting directly changes nothing either.
    refused = client.post(f"/templates/{agenda}/naming", data={"csrf_token": token, "name": "Mine now"})
    assert refused.status_code == 403 and "ship with the product" in unescape(refused.get_data(as_text=True))
    assert client.post(f"/templates/{agenda}/delete", data={"csrf_token": token}).status_code == 403
    assert row_of(app, agenda).name == "Adoption of the agenda"

    team_copy = copied(client, token, agenda, "team")
    row = row_of(app, team_copy)
    assert (row.scope, row.team, row.usage_count, row.name) == ("team", "COSI", 0, "Adoption of the agenda")
    assert 'id="text-form"' in client.get(f"/templates/{team_copy}").get_data(as_text=True)
    mine = copied(client, token, agenda, "personal")
    assert (row_of(app, mine).scope, row_of(app, mine).owner_id) == ("personal", row_of(app, mine).created_by)


def test_a_copy_for_a_team_not_ones_own_is_refused(app, cosi):
    client, token = cosi
    make_person(app, "somebody-of-cats", "drafter", ("CATS",))  # the CATS team exists
    agenda = standard_id(app, "agenda")
    data = {"csrf_token": token, "scope": "team", "team": "CATS"}
    assert client.post(f"/templates/{agenda}/copy", data=data).status_code == 403
    assert client.post(f"/templates/{agenda}/copy", data={**data, "team": "NOWHERE"}).status_code == 403
    assert client.post(f"/templates/{agenda}/copy", data={**data, "scope": "standard"}).status_code == 400
    with app.app_context(), unit_of_work(reading=True) as uow:
        assert (
            uow.session.scalars(select(ItemTemplateRow).where(ItemTemplateRow.scope != "standard")).all()
            == []
        )


# ---------------------------------------------------------------- naming


def test_renaming_and_describing(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    fields = form_fields(client.get(f"/templates/{template_id}").get_data(as_text=True), "naming-form")
    changes = {"name": "  COSI agenda  ", "description": "Ours, with the CM number."}
    response = client.post(f"/templates/{template_id}/naming", data=posted(fields, changes))
    assert response.status_code == 303
    row = row_of(app, template_id)
    assert (row.name, row.description) == ("COSI agenda", "Ours, with the CM number.")
    assert "The template is now called “COSI agenda”." in unescape(
        client.get(response.headers["Location"]).get_data(as_text=True)
    )


@pytest.mark.parametrize(
    ("name", "description", "field", "said"),
    [
        ("   ", "kept description", "template-name", "a template needs a name"),
        ("x" * 121, "kept description", "template-name", "at most 120 characters"),
        ("Bell\x07", "kept description", "template-name", "control character"),
        ("Fine", "y" * 2001, "template-description", "at most 2000 characters"),
    ],
)
def test_a_refused_name_keeps_what_was_typed_and_says_why_beside_it(
    app, cosi, name, description, field, said
):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    data = {"csrf_token": token, "name": name, "description": description}
    response = client.post(f"/templates/{template_id}/naming", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert said in errors_under(page, field)
    kept = form_fields(page, "naming-form")
    assert kept["description"] == description and kept["name"] == name
    assert row_of(app, template_id).name == "Adoption of the agenda"
    # A boosted form swaps only a successful answer: htmx is told 200, with the same messages.
    swapped = client.post(f"/templates/{template_id}/naming", data=data, headers=HTMX)
    assert swapped.status_code == 200 and said in errors_under(swapped.get_data(as_text=True), field)


# ---------------------------------------------------------------- the text


def test_editing_the_text_rederives_the_placeholders(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    fields = text_form(client, template_id)
    assert fields["slot-0"] == "Adoption of the agenda"
    assert fields["slot-1"] == "The agenda set out in {agenda} was adopted."
    changes = {
        "slot-1": "The agenda set out in {agenda} was adopted with **{change}**.",
        "slot-new": "Chaired by {chair} on {day}.",
        "kind-day": "date",  # a new placeholder whose kind is chosen at once
    }
    response = client.post(f"/templates/{template_id}/text", data=posted(fields, changes))
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    stored = templates_service.stored(row_of(app, template_id)).template
    assert [(p.name, p.kind.value) for p in stored.placeholders] == [
        ("agenda", "reference"),
        ("change", "text"),
        ("chair", "text"),
        ("day", "date"),
    ]
    assert stored.placeholder("agenda").label == "The agenda (its CM or ST number)"  # kept as it was
    blocks = stored.item["blocks"]
    assert blocks[0]["paragraph"][1] == {"text": "{change}", "bold": True}
    assert blocks[1] == {"paragraph": [{"text": "Chaired by {chair} on {day}."}]}
    said = unescape(client.get(response.headers["Location"]).get_data(as_text=True))
    assert "The new placeholder {change} is free text" in said and "{day} is free text" not in said

    # A placeholder no longer written is gone; an emptied paragraph goes with it.
    fields = text_form(client, template_id)
    changes = {"slot-1": "The agenda was adopted.", "slot-2": "", "kind-agenda": "reference"}
    assert client.post(f"/templates/{template_id}/text", data=posted(fields, changes)).status_code == 303
    stored = templates_service.stored(row_of(app, template_id)).template
    assert stored.placeholders == () and len(stored.item["blocks"]) == 1


def test_editing_a_template_never_changes_the_items_made_from_it(app, cosi):
    client, token = cosi
    outcome_id = sample_outcome(app)
    template_id = copied(client, token, standard_id(app, "agenda"))
    data = {
        "csrf_token": token,
        "order_version": str(draft_of(app, outcome_id).order_version),
        "placeholder-agenda": "CM 5432/17",
    }
    assert client.post(f"/outcomes/{outcome_id}/templates/{template_id}", data=data).status_code == 303
    made = item_json(draft_of(app, outcome_id).outcome.items[-1])
    assert made["blocks"][0]["paragraph"][1] == {"reference": "CM 5432/17"}
    fields = text_form(client, template_id)
    changes = {"slot-0": "Agenda", "slot-1": "The Committee adopted the agenda ({agenda})."}
    assert client.post(f"/templates/{template_id}/text", data=posted(fields, changes)).status_code == 303
    assert templates_service.stored(row_of(app, template_id)).template.item["heading"] == [{"text": "Agenda"}]
    assert item_json(draft_of(app, outcome_id).outcome.items[-1]) == made
    assert row_of(app, template_id).usage_count == 1


def test_a_text_the_markup_cannot_read_is_refused_beside_its_field_and_kept(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    before = row_of(app, template_id).content
    fields = text_form(client, template_id)
    typed = "The agenda set out in {agenda} was [adopted."
    response = client.post(f"/templates/{template_id}/text", data=posted(fields, {"slot-1": typed}))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "opens neither a linked reference" in errors_under(page, "slot-1")
    assert form_fields(page, "text-form")["slot-1"] == typed
    bell = client.post(f"/templates/{template_id}/text", data=posted(fields, {"slot-0": "Agenda\x07"}))
    assert bell.status_code == 400 and "control character" in errors_under(
        bell.get_data(as_text=True), "slot-0"
    )
    unknown = client.post(f"/templates/{template_id}/text", data=posted(fields, {"kind-agenda": "colour"}))
    assert unknown.status_code == 400
    assert "Choose one of the kinds" in errors_under(unknown.get_data(as_text=True), "kind-agenda")
    assert row_of(app, template_id).content == before


def test_a_template_the_checks_refuse_is_not_saved(app, cosi):
    """A day of a next step given by a placeholder made free text: the item could not be made."""
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "conclusions-agreed"))
    before = row_of(app, template_id).content
    fields = text_form(client, template_id)
    assert fields["slot-2"] == "{document}"  # a decision's pieces are fields of their own
    response = client.post(
        f"/templates/{template_id}/text", data=posted(fields, {"kind-coreper_date": "text"})
    )
    assert response.status_code == 400
    said = text_of(response.get_data(as_text=True))
    assert "cannot be filled" in said
    assert row_of(app, template_id).content == before


def test_a_text_changed_meanwhile_is_not_overwritten(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    stale = text_form(client, template_id)
    fresh = text_form(client, template_id)
    assert (
        client.post(f"/templates/{template_id}/text", data=posted(fresh, {"slot-0": "First"})).status_code
        == 303
    )
    response = client.post(f"/templates/{template_id}/text", data=posted(stale, {"slot-0": "Second"}))
    assert response.status_code == 409 and "changed by someone else meanwhile" in response.get_data(
        as_text=True
    )
    assert templates_service.stored(row_of(app, template_id)).template.item["heading"] == [{"text": "First"}]


def test_handing_a_personal_template_to_the_team(app, cosi):
    client, token = cosi
    mine = copied(client, token, standard_id(app, "agenda"), "personal")
    response = client.post(f"/templates/{mine}/share", data={"csrf_token": token, "team": "COSI"})
    assert response.status_code == 303
    row = row_of(app, mine)
    assert (row.scope, row.team, row.owner_id) == ("team", "COSI", None)
    # Now another drafter of the team changes it.
    other, other_token = browser(app, "cosi-other", "drafter", ("COSI",))
    data = {"csrf_token": other_token, "name": "Shared agenda", "description": ""}
    assert other.post(f"/templates/{mine}/naming", data=data).status_code == 303


# ---------------------------------------------------------------- deleting


def test_deleting_asks_first_and_leaves_the_items_made(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    confirm = client.get(f"/templates/{template_id}/delete")
    assert confirm.status_code == 200 and "Delete “Adoption of the agenda”?" in confirm.get_data(as_text=True)
    assert row_of(app, template_id) is not None  # asking deletes nothing
    response = client.post(f"/templates/{template_id}/delete", data={"csrf_token": token})
    assert response.status_code == 303 and row_of(app, template_id) is None
    assert client.get(f"/templates/{template_id}").status_code == 404


# ---------------------------------------------------------------- who may do what, posted directly


def test_another_team_neither_sees_nor_changes_a_team_template(app, cosi):
    client, token = cosi
    team_template = copied(client, token, standard_id(app, "agenda"))
    cats, cats_token = browser(app, "cats-drafter", "drafter", ("CATS",))
    assert cats.get(f"/templates/{team_template}").status_code == 404
    assert f'id="template-{team_template}"' not in cats.get("/templates").get_data(as_text=True)
    fields = text_form(client, team_template)
    for path, data in [
        ("naming", {"name": "Taken over", "description": ""}),
        ("text", posted(fields, {"slot-0": "Taken over"})),
        ("delete", {}),
        ("copy", {"scope": "personal"}),
        ("share", {"team": "CATS"}),
    ]:
        response = cats.post(f"/templates/{team_template}/{path}", data={**data, "csrf_token": cats_token})
        assert response.status_code == 404, path
    assert row_of(app, team_template).name == "Adoption of the agenda"
    assert cats.get(f"/templates/{team_template}/delete").status_code == 404


def test_a_personal_template_is_its_owners(app, cosi):
    client, token = cosi
    mine = copied(client, token, standard_id(app, "agenda"), "personal")
    other, other_token = browser(app, "cosi-other", "drafter", ("COSI",))
    assert other.get(f"/templates/{mine}").status_code == 404
    data = {"csrf_token": other_token, "name": "Not mine", "description": ""}
    assert other.post(f"/templates/{mine}/naming", data=data).status_code == 404
    assert other.post(f"/templates/{mine}/delete", data={"csrf_token": other_token}).status_code == 404
    assert row_of(app, mine).name == "Adoption of the agenda"


def test_a_reviewer_sees_the_library_and_changes_nothing(app, cosi):
    client, token = cosi
    team_template = copied(client, token, standard_id(app, "agenda"))
    reviewer, reviewer_token = browser(app, "cosi-reviewer", "reviewer", ("COSI",))
    assert reviewer.get("/templates").status_code == 200
    page = reviewer.get(f"/templates/{team_template}").get_data(as_text=True)
    assert page.count("<form") == 1  # signing out only
    assert "New skeleton" not in reviewer.get("/templates").get_data(as_text=True)
    fields = text_form(client, team_template)
    for path, data in [
        ("naming", {"name": "Reviewed", "description": ""}),
        ("text", posted(fields, {"slot-0": "Reviewed"})),
        ("delete", {}),
        ("copy", {"scope": "personal"}),
    ]:
        response = reviewer.post(
            f"/templates/{team_template}/{path}", data={**data, "csrf_token": reviewer_token}
        )
        assert response.status_code == 403, path
    assert row_of(app, team_template).name == "Adoption of the agenda"


def test_an_admin_changes_any_team_template(app, cosi, client, csrf_token):
    cosi_client, cosi_token = cosi
    team_template = copied(cosi_client, cosi_token, standard_id(app, "agenda"))
    data = {"csrf_token": csrf_token, "name": "Checked by the admin", "description": ""}
    assert client.post(f"/templates/{team_template}/naming", data=data).status_code == 303
    assert row_of(app, team_template).name == "Checked by the admin"


def test_every_change_needs_its_csrf_token(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    for path, data in [
        ("naming", {"name": "No token", "description": ""}),
        ("text", posted(text_form(client, template_id), {"csrf_token": None, "slot-0": "No token"})),
        ("delete", {}),
        ("copy", {"scope": "personal"}),
    ]:
        response = client.post(f"/templates/{template_id}/{path}", data=data)
        assert response.status_code == 400 and "Form expired" in response.get_data(as_text=True), path
    assert row_of(app, template_id).name == "Adoption of the agenda"
    assert client.post("/templates/skeletons", data={"name": "No token"}).status_code == 400


@pytest.mark.parametrize(
    "path", ["/templates/0", "/templates/99999", "/templates/99999999999", "/templates/skeletons/99999"]
)
def test_addresses_of_nothing_are_not_found(app, cosi, path):
    client, token = cosi
    assert client.get(path).status_code == 404
    answer = client.post(path + "/delete", data={"csrf_token": token}).status_code
    # An id beyond what the database holds matches no route; the router may then say 405 rather than 404.
    assert answer == 404 or (answer == 405 and len(path) > 20)


def test_garbled_posts_are_told_so(app, cosi):
    client, token = cosi
    template_id = copied(client, token, standard_id(app, "agenda"))
    # Only the token: every piece of text stays as it is, and nothing breaks.
    response = client.post(f"/templates/{template_id}/text", data={"csrf_token": token})
    assert response.status_code == 409
    bad = client.post("/templates/skeletons", data={"csrf_token": token, "name": "x", "template": "one"})
    assert bad.status_code == 400 and "could not be read" in bad.get_data(as_text=True)
    assert client.post(f"/templates/{template_id}/copy", data={"csrf_token": token}).status_code == 400


# ---------------------------------------------------------------- skeletons


def skeleton_rows(app) -> list[SkeletonRow]:
    with app.app_context(), unit_of_work(reading=True) as uow:
        rows = uow.session.scalars(select(SkeletonRow).where(SkeletonRow.key.is_(None))).all()
        for row in rows:
            uow.session.expunge(row)
        return rows


def test_making_renaming_reordering_and_deleting_a_skeleton(app, cosi):
    client, token = cosi
    agenda, aob = standard_id(app, "agenda"), standard_id(app, "any-other-business")
    team_agenda = copied(client, token, agenda)
    fields = form_fields(client.get("/templates/skeletons/new").get_data(as_text=True), "skeleton-form")
    data = posted(fields, {"name": "COSI with our agenda", "scope": "team", "body": "COSI"})
    data["template"] = [str(team_agenda), "", str(aob), ""]
    response = client.post("/templates/skeletons", data=data)
    assert response.status_code == 303, response.get_data(as_text=True)[:2000]
    [row] = skeleton_rows(app)
    assert (row.name, row.body, row.scope, row.team, row.template_ids) == (
        "COSI with our agenda",
        "COSI",
        "team",
        "COSI",
        [team_agenda, aob],
    )
    listed = client.get("/templates").get_data(as_text=True)
    entry = listed[listed.index(f'id="skeleton-{row.id}"') :]
    assert re.search(r"<li>Adoption of the agenda</li><li>Any other business</li>", entry)

    page = client.get(f"/templates/skeletons/{row.id}").get_data(as_text=True)
    fields = form_fields(page, "skeleton-form")
    assert fields.getlist("template")[:2] == [str(team_agenda), str(aob)]
    data = posted(fields, {"name": "COSI usual meeting"})
    data["template"] = [str(aob), str(team_agenda), str(aob)]  # reordered, one used twice
    assert client.post(f"/templates/skeletons/{row.id}", data=data).status_code == 303
    [row] = skeleton_rows(app)
    assert (row.name, row.template_ids) == ("COSI usual meeting", [aob, team_agenda, aob])

    confirm = client.get(f"/templates/skeletons/{row.id}/delete")
    assert confirm.status_code == 200 and "Delete the skeleton “COSI usual meeting”?" in confirm.get_data(
        as_text=True
    )
    assert client.post(f"/templates/skeletons/{row.id}/delete", data={"csrf_token": token}).status_code == 303
    assert skeleton_rows(app) == [] and row_of(app, team_agenda) is not None  # its templates stay


def test_a_refused_skeleton_keeps_what_was_chosen_and_says_why(app, cosi):
    client, token = cosi
    mine = copied(client, token, standard_id(app, "agenda"), "personal")
    aob = standard_id(app, "any-other-business")
    data = {"csrf_token": token, "name": "", "scope": "team", "body": "COSI", "template": [str(aob)]}
    response = client.post("/templates/skeletons", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "a template needs a name" in errors_under(page, "skeleton-name")
    assert form_fields(page, "skeleton-form").getlist("template")[0] == str(aob)
    # A team skeleton holds no personal template: the others of the team could not use it.
    data.update(name="Ours", template=[str(mine), str(aob)])
    response = client.post("/templates/skeletons", data=data)
    assert response.status_code == 400
    assert "is not the COSI team's" in errors_under(response.get_data(as_text=True), "skeleton-template")
    data.update(template=[])
    response = client.post("/templates/skeletons", data=data)
    assert "at least one template" in errors_under(response.get_data(as_text=True), "skeleton-template")
    data.update(template=[str(aob)], body="CATS")
    response = client.post("/templates/skeletons", data=data)
    assert "Choose the body" in errors_under(response.get_data(as_text=True), "skeleton-body")
    assert skeleton_rows(app) == []
    # For oneself, one's own templates are fine.
    data.update(body="COSI", scope="personal", template=[str(mine), str(aob)])
    assert client.post("/templates/skeletons", data=data).status_code == 303


def test_skeletons_follow_the_rules_of_templates(app, cosi):
    client, token = cosi
    aob = standard_id(app, "any-other-business")
    data = {
        "csrf_token": token,
        "name": "COSI short",
        "scope": "team",
        "body": "COSI",
        "template": [str(aob)],
    }
    assert client.post("/templates/skeletons", data=data).status_code == 303
    [row] = skeleton_rows(app)
    cats, cats_token = browser(app, "cats-drafter", "drafter", ("CATS",))
    assert cats.get(f"/templates/skeletons/{row.id}").status_code == 404
    change = {"csrf_token": cats_token, "name": "Taken", "template": [str(aob)]}
    assert cats.post(f"/templates/skeletons/{row.id}", data=change).status_code == 404
    assert (
        cats.post(f"/templates/skeletons/{row.id}/delete", data={"csrf_token": cats_token}).status_code == 404
    )
    reviewer, reviewer_token = browser(app, "cosi-reviewer", "reviewer", ("COSI",))
    assert reviewer.get(f"/templates/skeletons/{row.id}").status_code == 200
    change["csrf_token"] = reviewer_token
    assert reviewer.post(f"/templates/skeletons/{row.id}", data=change).status_code == 403
    assert (
        reviewer.post("/templates/skeletons", data={**data, "csrf_token": reviewer_token}).status_code == 403
    )
    assert [r.name for r in skeleton_rows(app)] == ["COSI short"]
    # The standard skeleton is seen by all, changed by none.
    with app.app_context(), unit_of_work(reading=True) as uow:
        standard = uow.session.scalars(select(SkeletonRow.id).where(SkeletonRow.key == "cosi-meeting")).one()
    page = client.get(f"/templates/skeletons/{standard}").get_data(as_text=True)
    assert "Standard — ships with the product" in page and 'id="skeleton-form"' not in page
    change["csrf_token"] = token
    assert client.post(f"/templates/skeletons/{standard}", data=change).status_code == 403
    assert (
        client.post(f"/templates/skeletons/{standard}/delete", data={"csrf_token": token}).status_code == 403
    )
