"""Two drafters editing the same item in their browsers: merged when they touch different parts,
otherwise the second sees both versions, who changed it and when, and chooses."""

from __future__ import annotations

import re

import pytest

from drafting import services
from drafting.domain.model import Footnote, Item, Paragraph, plain_text, text
from drafting.web import unit_of_work
from tests.conftest import make_person, sign_in
from tests.web.item_forms import HTMX, draft_of, form_fields, posted, small_outcome

INDEX = 2  # the added item is the third


@pytest.fixture
def people(app):
    """Two signed-in browsers, anna's and ben's."""
    browsers = {}
    for name in ("anna", "ben"):
        make_person(app, name, "admin")
        browser = app.test_client()
        sign_in(app, browser, name)
        browsers[name] = browser
    return browsers["anna"], browsers["ben"]


@pytest.fixture
def item(app) -> tuple[int, int]:
    """An item added to an outcome, so the history holds the version both drafters open."""
    outcome_id = small_outcome(app, ["Roadmap", "Cybercrime"])
    added = Item(
        number=3,
        heading=text("Any other business"),
        blocks=[Paragraph(text("The Presidency informed.")), Paragraph(text("Noted."))],
        footnotes=[Footnote("1", text("A note."))],
    )
    with app.app_context(), unit_of_work() as uow:
        _, item_id = services.add_item(uow, outcome_id, 1, added)
    return outcome_id, item_id


def open_form(browser, outcome_id: int, item_id: int):
    """The item's form as the browser shows it, taking the item over when someone else holds it."""
    page = browser.get(f"/outcomes/{outcome_id}/items/{item_id}/edit", headers=HTMX).get_data(as_text=True)
    if f'<form id="item-{INDEX}"' not in page:  # asked first: someone else is editing it
        action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        page = browser.post(action, data={"csrf_token": token, "take_over": "yes"}, headers=HTMX)
        page = page.get_data(as_text=True)
    return form_fields(page, f"item-{INDEX}")


def save(browser, outcome_id: int, item_id: int, data, htmx: bool = True):
    return browser.post(f"/outcomes/{outcome_id}/items/{item_id}", data=data, headers=HTMX if htmx else {})


def stored(app, outcome_id: int) -> tuple[Item, int]:
    draft = draft_of(app, outcome_id)
    return draft.outcome.items[INDEX], draft.item_versions[INDEX]


def field(name: str) -> str:
    return f"items-{INDEX}-{name}"


def test_saves_of_different_parts_of_an_item_are_merged(app, people, item):
    anna, ben = people
    outcome_id, item_id = item
    annas, bens = open_form(anna, outcome_id, item_id), open_form(ben, outcome_id, item_id)
    assert (
        save(anna, outcome_id, item_id, posted(annas, {field("heading"): "Anna's heading"})).status_code
        == 200
    )
    answer = save(ben, outcome_id, item_id, posted(bens, {field("notes-0-text"): "Ben's note."}))
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert re.search(r"Changed by anna at \d\d:\d\d \(UTC\)\. Your changes were merged", html)
    saved, version = stored(app, outcome_id)
    assert version == 3
    assert plain_text(saved.heading) == "Anna's heading"
    assert saved.footnotes == [Footnote("1", text("Ben's note."))]


def overlapping(app, people, item):
    """Both change the heading; ben saves second and gets the conflict view."""
    anna, ben = people
    outcome_id, item_id = item
    annas, bens = open_form(anna, outcome_id, item_id), open_form(ben, outcome_id, item_id)
    save(anna, outcome_id, item_id, posted(annas, {field("heading"): "Anna's heading"}))
    mine = posted(bens, {field("heading"): "Ben's heading", field("blocks-1-text"): "Noted by Ben."})
    return save(ben, outcome_id, item_id, mine)


def test_a_save_of_the_same_part_shows_both_versions_with_who_and_when(app, people, item):
    answer = overlapping(app, people, item)
    outcome_id, _ = item
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert re.search(r"Changed by anna at \d\d:\d\d \(UTC\)", html)
    fields = form_fields(html, f"item-{INDEX}")
    assert fields[field("heading")] == "Ben's heading" and fields["theirs"] == "2"
    theirs = html[html.index('class="theirs conflict"') :]
    # their text beside mine, the differing units marked with mine under theirs
    assert "3. Anna&#39;s heading" in theirs or "3. Anna's heading" in theirs
    assert "Number, heading and classification: differs from yours" in theirs
    assert "Text, block 2: differs from yours" in theirs and "Noted by Ben." in theirs
    assert "Text, block 1: differs" not in theirs
    for choice in ("Keep theirs (drop mine)", "Take mine (save over theirs)", "Edit a merge"):
        assert choice in html
    saved, version = stored(app, outcome_id)
    assert version == 2 and plain_text(saved.heading) == "Anna's heading"


def test_without_javascript_the_conflict_is_a_409_page(app, people, item):
    anna, ben = people
    outcome_id, item_id = item
    annas, bens = open_form(anna, outcome_id, item_id), open_form(ben, outcome_id, item_id)
    save(anna, outcome_id, item_id, posted(annas, {field("heading"): "Anna's heading"}))
    answer = save(ben, outcome_id, item_id, posted(bens, {field("heading"): "Ben's"}), htmx=False)
    assert answer.status_code == 409 and "Changed by anna at" in answer.get_data(as_text=True)


def test_take_mine_saves_mine_over_theirs(app, people, item):
    _, ben = people
    outcome_id, item_id = item
    conflict = form_fields(overlapping(app, people, item).get_data(as_text=True), f"item-{INDEX}")
    kept = save(ben, outcome_id, item_id, posted(conflict, {"resolve": "mine"}))
    assert kept.status_code == 200 and kept.headers["HX-Trigger"] == "outcome-changed"
    saved, version = stored(app, outcome_id)
    assert version == 3 and plain_text(saved.heading) == "Ben's heading"
    assert saved.blocks[1] == Paragraph(text("Noted by Ben."))


def test_keep_theirs_drops_mine_and_shows_the_item_as_saved(app, people, item):
    _, ben = people
    outcome_id, item_id = item
    html = overlapping(app, people, item).get_data(as_text=True)
    link = re.search(r'<a class="button secondary" href="([^"]+)"[^>]*>Keep theirs', html).group(1)
    shown = ben.get(link, headers=HTMX)
    assert shown.status_code == 200 and "Anna&#39;s heading" in shown.get_data(as_text=True)
    saved, version = stored(app, outcome_id)
    assert version == 2 and plain_text(saved.heading) == "Anna's heading"


def test_edit_a_merge_opens_mine_beside_theirs_and_saves_the_merge_over_theirs(app, people, item):
    _, ben = people
    outcome_id, item_id = item
    conflict = form_fields(overlapping(app, people, item).get_data(as_text=True), f"item-{INDEX}")
    editing = save(ben, outcome_id, item_id, posted(conflict, {"resolve": "merge"}))
    html = editing.get_data(as_text=True)
    assert editing.status_code == 200 and "Save the merge" in html and "Changed by anna at" in html
    assert stored(app, outcome_id)[1] == 2  # opening the merge saves nothing
    merge = form_fields(html, f"item-{INDEX}")
    assert merge[field("heading")] == "Ben's heading" and merge["theirs"] == "2"
    # a row added while merging keeps theirs beside the form
    added = save(ben, outcome_id, item_id, posted(merge, {"add": f"{field('blocks')}:paragraph"}))
    assert "Save the merge" in added.get_data(as_text=True)
    merge = form_fields(added.get_data(as_text=True), f"item-{INDEX}")
    done = save(
        ben,
        outcome_id,
        item_id,
        posted(merge, {field("heading"): "Anna's and Ben's heading", "resolve": "mine"}),
    )
    assert done.status_code == 200
    saved, version = stored(app, outcome_id)
    assert version == 3 and plain_text(saved.heading) == "Anna's and Ben's heading"
    assert saved.blocks[1] == Paragraph(text("Noted by Ben."))


def test_an_item_that_came_with_the_outcome_gets_the_conflict_view_not_a_merge(app, people, item):
    anna, ben = people
    outcome_id, _ = item
    first_id = draft_of(app, outcome_id).item_ids[0]
    pages = []
    for browser in (anna, ben):
        page = browser.get(f"/outcomes/{outcome_id}/items/{first_id}/edit", headers=HTMX).get_data(
            as_text=True
        )
        if '<form id="item-0"' not in page:
            action = re.search(r'<form method="post" action="([^"]+)"', page).group(1)
            token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
            page = browser.post(action, data={"csrf_token": token, "take_over": "yes"}, headers=HTMX)
            page = page.get_data(as_text=True)
        pages.append(form_fields(page, "item-0"))
    url = f"/outcomes/{outcome_id}/items/{first_id}"
    anna.post(url, data=posted(pages[0], {"items-0-heading": "Anna's"}), headers=HTMX)
    answer = ben.post(url, data=posted(pages[1], {"items-0-blocks-0-text": "Ben's."}), headers=HTMX)
    assert "Changed by anna at" in answer.get_data(as_text=True)
    assert "Take mine (save over theirs)" in answer.get_data(as_text=True)


def test_an_order_conflict_names_who_changed_the_list_and_when(app, people, item):
    anna, ben = people
    outcome_id, item_id = item
    draft = draft_of(app, outcome_id)
    tokens = {}
    for name, browser in (("anna", anna), ("ben", ben)):
        page = browser.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True)
        tokens[name] = re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)
    move = f"/outcomes/{outcome_id}/items/{item_id}/move"
    order = str(draft.order_version)
    assert (
        anna.post(move, data={"csrf_token": tokens["anna"], "order_version": order, "to": "0"}).status_code
        == 303
    )
    late = ben.post(move, data={"csrf_token": tokens["ben"], "order_version": order, "to": "1"}, headers=HTMX)
    assert re.search(r"Changed by anna at \d\d:\d\d \(UTC\)\.", late.get_data(as_text=True))


def test_a_header_conflict_names_who_changed_it_and_when(app, people, item):
    anna, ben = people
    outcome_id, _ = item
    forms = [
        form_fields(b.get(f"/outcomes/{outcome_id}").get_data(as_text=True), "header-form") for b in people
    ]
    anna.post(f"/outcomes/{outcome_id}/header", data=posted(forms[0], {"subject": "Anna's subject"}))
    late = ben.post(f"/outcomes/{outcome_id}/header", data=posted(forms[1], {"subject": "Ben's subject"}))
    assert late.status_code == 409
    assert re.search(r"Changed by anna at \d\d:\d\d \(UTC\)\.", late.get_data(as_text=True))
