"""The items of an outcome in the browser: list, add, edit, delete, reorder, sub-items, footnotes, checks."""

from __future__ import annotations

import re

import pytest

from drafting.domain.model import (
    DashList,
    DelegationList,
    Footnote,
    FootnoteMark,
    Numbering,
    Paragraph,
    SubItemStyle,
    Text,
    plain_text,
)
from tests.web.item_forms import HTMX, draft_of, form_fields, headings, posted, sample_outcome, small_outcome


def edit_form(client, outcome_id: int, item_id: int, index: int):
    page = client.get(f"/outcomes/{outcome_id}/items/{item_id}/edit", headers=HTMX)
    assert page.status_code == 200
    return form_fields(page.get_data(as_text=True), f"item-{index}")


def save(client, outcome_id: int, item_id: int, data, htmx: bool = True):
    return client.post(f"/outcomes/{outcome_id}/items/{item_id}", data=data, headers=HTMX if htmx else {})


# ---------------------------------------------------------------- pages and fragments


def test_the_list_of_items_is_a_whole_page_and_for_htmx_only_its_fragment(app, client):
    outcome_id = sample_outcome(app)
    page = client.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True)
    fragment = client.get(f"/outcomes/{outcome_id}/items", headers=HTMX).get_data(as_text=True)
    assert "<html" in page and '<section id="items"' in page
    assert "<html" not in fragment and fragment.lstrip().startswith('<section id="items"')
    for index in range(11):
        assert f'id="item-{index}"' in fragment
    assert "Counter-terrorism:" in fragment and "Add item" in fragment


def test_one_item_reads_as_a_page_and_as_a_fragment_and_so_does_its_form(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[2]
    views = {"": '<article id="item-2"', "/edit": '<form id="item-2"'}
    for ending, marker in views.items():
        url = f"/outcomes/{outcome_id}/items/{item_id}{ending}"
        page = client.get(url).get_data(as_text=True)
        fragment = client.get(url, headers=HTMX).get_data(as_text=True)
        assert "<html" in page and marker in page
        assert "<html" not in fragment and fragment.lstrip().startswith(marker)


def test_each_paragraph_box_is_named_with_its_number_and_its_sub_item(app, client):
    outcome_id = sample_outcome(app)
    ids = draft_of(app, outcome_id).item_ids

    def labels(index: int) -> list[str]:
        page = client.get(f"/outcomes/{outcome_id}/items/{ids[index]}/edit", headers=HTMX)
        return re.findall(r"<label for=\"[^\"]+\">(Paragraph[^<]*)</label>", page.get_data(as_text=True))

    # Item 5 has three paragraphs; item 7 one in each of its six dashed sub-items, which all print
    # the same dash: they are told apart by their place.
    assert labels(4) == ["Paragraph 1", "Paragraph 2", "Paragraph 3"]
    assert labels(6) == [f"Paragraph 1 of sub-item {n}" for n in range(1, 7)]


def test_the_editor_page_includes_the_list_of_items(app, client):
    outcome_id = sample_outcome(app)
    page = client.get(f"/outcomes/{outcome_id}").get_data(as_text=True)
    assert '<section id="items"' in page and 'id="item-10"' in page


# ---------------------------------------------------------------- adding, deleting, moving


def test_adding_an_item_puts_it_last_numbered_next_and_opens_it_for_editing(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Adoption of the agenda", "Any other business"])
    draft = draft_of(app, outcome_id)
    answer = client.post(
        f"/outcomes/{outcome_id}/items",
        data={"csrf_token": csrf_token, "order_version": draft.order_version},
        headers=HTMX,
    )
    assert answer.status_code == 200
    assert answer.headers["HX-Trigger"] == "outcome-changed"
    html = answer.get_data(as_text=True)
    assert '<form id="item-2"' in html and 'id="items-2-heading"' in html
    assert headings(app, outcome_id) == [(1, "Adoption of the agenda"), (2, "Any other business"), (3, "")]


def test_inserting_an_item_after_another_renumbers_the_items_below_it(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap", "Any other business"])
    draft = draft_of(app, outcome_id)
    answer = client.post(
        f"/outcomes/{outcome_id}/items",
        data={"csrf_token": csrf_token, "order_version": draft.order_version, "position": "1"},
    )
    new_id = draft_of(app, outcome_id).item_ids[1]
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/outcomes/{outcome_id}/items/{new_id}/edit")
    assert headings(app, outcome_id) == [(1, "Agenda"), (2, ""), (3, "Roadmap"), (4, "Any other business")]


def test_delete_asks_first_and_deletes_only_when_confirmed(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap", "Any other business"])
    draft = draft_of(app, outcome_id)
    url = f"/outcomes/{outcome_id}/items/{draft.item_ids[1]}/delete"
    asked = client.post(
        url, data={"csrf_token": csrf_token, "order_version": draft.order_version}, headers=HTMX
    )
    assert asked.status_code == 200
    assert "Delete this item with everything in it?" in asked.get_data(as_text=True)
    assert [h for _, h in headings(app, outcome_id)] == ["Agenda", "Roadmap", "Any other business"]

    confirm = form_fields(asked.get_data(as_text=True), "item-1-delete")  # in place of the item
    done = client.post(url, data=posted(confirm), headers=HTMX)
    assert done.status_code == 200 and done.headers["HX-Trigger"] == "outcome-changed"
    assert "Item 2 was deleted." in done.get_data(as_text=True)
    assert headings(app, outcome_id) == [(1, "Agenda"), (2, "Any other business")]


def test_delete_without_javascript_confirms_on_a_page_then_returns_to_the_list(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Agenda", "Any other business"])
    draft = draft_of(app, outcome_id)
    url = f"/outcomes/{outcome_id}/items/{draft.item_ids[0]}/delete"
    asked = client.post(url, data={"csrf_token": csrf_token, "order_version": draft.order_version})
    assert asked.status_code == 200 and "<html" in asked.get_data(as_text=True)
    done = client.post(
        url, data={"csrf_token": csrf_token, "order_version": draft.order_version, "confirmed": "yes"}
    )
    assert done.status_code == 303 and done.headers["Location"].endswith(f"/outcomes/{outcome_id}/items")
    assert headings(app, outcome_id) == [(1, "Any other business")]
    assert "Item 1 was deleted." in client.get(done.headers["Location"]).get_data(as_text=True)


def move(client, outcome_id, item_id, to, order_version, csrf_token, htmx=True):
    return client.post(
        f"/outcomes/{outcome_id}/items/{item_id}/move",
        data={"csrf_token": csrf_token, "order_version": str(order_version), "to": str(to)},
        headers=HTMX if htmx else {},
    )


def test_move_down_and_move_up_reorder_and_renumber_the_items(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap", "Cybercrime"])
    draft = draft_of(app, outcome_id)
    down = move(client, outcome_id, draft.item_ids[0], 1, draft.order_version, csrf_token)
    assert down.status_code == 200 and down.headers["HX-Trigger"] == "outcome-changed"
    assert headings(app, outcome_id) == [(1, "Roadmap"), (2, "Agenda"), (3, "Cybercrime")]
    # The moved item's button keeps the keyboard focus after the list is redrawn.
    assert re.search(r'aria-label="Move item 2 down"\s+autofocus', down.get_data(as_text=True))

    draft = draft_of(app, outcome_id)
    up = move(client, outcome_id, draft.item_ids[2], 1, draft.order_version, csrf_token, htmx=False)
    assert up.status_code == 303 and up.headers["Location"].endswith("#item-1")
    assert headings(app, outcome_id) == [(1, "Roadmap"), (2, "Cybercrime"), (3, "Agenda")]


def test_drag_and_drop_moves_an_item_to_any_position(app, client, csrf_token):
    outcome_id = small_outcome(app, ["A", "B", "C", "D"])
    draft = draft_of(app, outcome_id)
    answer = move(client, outcome_id, draft.item_ids[3], 0, draft.order_version, csrf_token)
    assert answer.status_code == 200
    assert headings(app, outcome_id) == [(1, "D"), (2, "A"), (3, "B"), (4, "C")]
    html = answer.get_data(as_text=True)
    assert f'data-move-url="/outcomes/{outcome_id}/items/{draft.item_ids[3]}/move"' in html
    assert 'data-position="0"' in html and "items.js" in html


def test_a_move_against_an_old_order_changes_nothing_and_shows_the_list_as_it_is(app, client, csrf_token):
    outcome_id = small_outcome(app, ["A", "B", "C"])
    draft = draft_of(app, outcome_id)
    assert move(client, outcome_id, draft.item_ids[0], 2, draft.order_version, csrf_token).status_code == 200
    stale = move(client, outcome_id, draft.item_ids[1], 0, draft.order_version, csrf_token)
    assert stale.status_code == 200
    assert "moved by someone else" in stale.get_data(as_text=True)
    assert [h for _, h in headings(app, outcome_id)] == ["B", "C", "A"]
    plain = move(client, outcome_id, draft.item_ids[1], 0, draft.order_version, csrf_token, htmx=False)
    assert plain.status_code == 409 and "<html" in plain.get_data(as_text=True)


def test_agenda_numbering_keeps_the_numbers_and_lets_the_drafter_set_them(app, client, csrf_token):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap", "AOB"], Numbering.AGENDA, numbers=[1, 4, 9])
    draft = draft_of(app, outcome_id)
    move(client, outcome_id, draft.item_ids[2], 0, draft.order_version, csrf_token)
    assert headings(app, outcome_id) == [(9, "AOB"), (1, "Agenda"), (4, "Roadmap")]

    draft = draft_of(app, outcome_id)
    fields = edit_form(client, outcome_id, draft.item_ids[2], 2)
    assert fields["items-2-number"] == "4"
    saved = save(client, outcome_id, draft.item_ids[2], posted(fields, {"items-2-number": "5"}))
    assert saved.status_code == 200
    assert headings(app, outcome_id) == [(9, "AOB"), (1, "Agenda"), (5, "Roadmap")]

    fields = edit_form(client, outcome_id, draft.item_ids[2], 2)
    refused = save(client, outcome_id, draft.item_ids[2], posted(fields, {"items-2-number": ""}))
    assert "Give the item&#39;s number as on the agenda." in refused.get_data(as_text=True)

    draft = draft_of(app, outcome_id)
    client.post(
        f"/outcomes/{outcome_id}/items",
        data={"csrf_token": csrf_token, "order_version": draft.order_version, "position": "2"},
    )
    assert [number for number, _ in headings(app, outcome_id)] == [9, 1, 2, 5]


def test_under_consecutive_numbering_the_number_is_not_a_field(app, client):
    outcome_id = small_outcome(app, ["Agenda", "AOB"])
    html = client.get(f"/outcomes/{outcome_id}/items/{draft_of(app, outcome_id).item_ids[1]}/edit").get_data(
        as_text=True
    )
    assert 'name="items-1-number"' not in html and "follows the item's place in the list" in html


# ---------------------------------------------------------------- editing an item as a whole


def test_saving_an_item_stores_heading_classification_and_announces_the_change(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[3]
    fields = edit_form(client, outcome_id, item_id, 3)
    changes = {
        "items-3-heading": "**Ukraine** conclusions",
        "items-3-classification": "RESTREINT UE/EU RESTRICTED",
    }
    answer = save(client, outcome_id, item_id, posted(fields, changes))
    assert answer.status_code == 200 and answer.headers["HX-Trigger"] == "outcome-changed"
    html = answer.get_data(as_text=True)
    assert html.lstrip().startswith('<article id="item-3"')
    assert "<strong>Ukraine</strong> conclusions" in html and "[RESTREINT UE/EU RESTRICTED]" in html
    item = draft_of(app, outcome_id).outcome.items[3]
    assert item.heading == (Text("Ukraine", bold=True), Text(" conclusions"))
    assert item.classification == "RESTREINT UE/EU RESTRICTED" and item.number == 4


def test_saving_without_javascript_returns_to_the_list_at_the_item(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[4]
    fields = edit_form(client, outcome_id, item_id, 4)
    answer = save(
        client, outcome_id, item_id, posted(fields, {"items-4-heading": "CSDP and JHA"}), htmx=False
    )
    assert answer.status_code == 303 and answer.headers["Location"].endswith("#item-4")
    assert plain_text(draft_of(app, outcome_id).outcome.items[4].heading) == "CSDP and JHA"


def test_sub_items_are_lettered_or_dashed_as_the_item_says(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[6]
    fields = edit_form(client, outcome_id, item_id, 6)
    assert fields["items-6-sub_item_style"] == "dashed"
    assert "items-6-sub_items-5-heading" in fields

    save(client, outcome_id, item_id, posted(fields, {"items-6-sub_item_style": "lettered"}))
    item = draft_of(app, outcome_id).outcome.items[6]
    assert item.sub_item_style is SubItemStyle.LETTERED
    assert [sub.letter for sub in item.sub_items] == ["a", "b", "c", "d", "e", "f"]
    assert '<span class="sub-item-mark">b)</span>' in client.get(
        f"/outcomes/{outcome_id}/items/{item_id}", headers=HTMX
    ).get_data(as_text=True)

    fields = edit_form(client, outcome_id, item_id, 6)
    save(client, outcome_id, item_id, posted(fields, {"items-6-sub_item_style": "dashed"}))
    assert [sub.letter for sub in draft_of(app, outcome_id).outcome.items[6].sub_items] == [None] * 6


def test_sub_items_are_built_with_the_form_buttons_each_with_heading_and_blocks(app, client):
    outcome_id = small_outcome(app, ["Counter-terrorism:"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    url = f"/outcomes/{outcome_id}/items/{item_id}"
    fields = edit_form(client, outcome_id, item_id, 0)
    for button in (
        "items-0-sub_items:sub_item",
        "items-0-sub_items:sub_item",
        "items-0-sub_items-1-blocks:paragraph",
    ):
        html = client.post(url, data=posted(fields, {"add": button}), headers=HTMX).get_data(as_text=True)
        fields = form_fields(html, "item-0")
    assert 'id="items-0-sub_items-1-blocks-0"' in html and 'id="items-0-sub_items-1-letter">b)' in html
    typed = {
        "items-0-sub_items-0-heading": "**ATLAS Network**",
        "items-0-sub_items-1-heading": "**Threat assessment**",
        "items-0-sub_items-1-blocks-0-text": "The way forward was endorsed.",
    }
    client.post(url, data=posted(fields, typed), headers=HTMX)
    item = draft_of(app, outcome_id).outcome.items[0]
    assert [(sub.letter, plain_text(sub.heading)) for sub in item.sub_items] == [
        ("a", "ATLAS Network"),
        ("b", "Threat assessment"),
    ]
    assert item.sub_items[0].heading == (Text("ATLAS Network", bold=True),)
    assert item.sub_items[1].blocks == [Paragraph((Text("The way forward was endorsed."),))]


def test_two_footnotes_of_an_item_cannot_share_a_label(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    data = posted(
        fields,
        {
            "items-0-notes-0-label": "1",
            "items-0-notes-0-text": "One.",
            "items-0-notes-1-label": "1",
            "items-0-notes-1-text": "Two.",
        },
    )
    html = save(client, outcome_id, item_id, data).get_data(as_text=True)
    assert "Another footnote of this item has the label 1." in html
    assert draft_of(app, outcome_id).outcome.items[0].footnotes == []


def test_a_dash_list_saves_its_entries_in_order_and_splits_pasted_lines(app, client):
    outcome_id = small_outcome(app, ["Information from the Presidency"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    added = save(client, outcome_id, item_id, posted(fields, {"add": "items-0-blocks:dash_list"}))
    fields = form_fields(added.get_data(as_text=True), "item-0")
    assert fields["items-0-blocks-1-kind"] == "dash_list" and fields["items-0-blocks-1-entries-0"] == ""
    pasted = "- the outcome of the JHA meeting,\n- the state of play of data retention."
    save(client, outcome_id, item_id, posted(fields, {"items-0-blocks-1-entries-0": pasted}))
    block = draft_of(app, outcome_id).outcome.items[0].blocks[1]
    assert block == DashList(
        [(Text("the outcome of the JHA meeting,"),), (Text("the state of play of data retention."),)]
    )


def test_a_typed_footnote_mark_and_the_footnote_text_are_saved_as_a_real_footnote(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    added = save(client, outcome_id, item_id, posted(fields, {"add": "items-0-notes:footnote"}))
    fields = form_fields(added.get_data(as_text=True), "item-0")
    assert fields["items-0-notes-0-label"] == "1"
    save(
        client,
        outcome_id,
        item_id,
        posted(fields, {"items-0-heading": "Roadmap¹", "items-0-notes-0-text": "7371/16."}),
    )
    item = draft_of(app, outcome_id).outcome.items[0]
    assert item.heading == (Text("Roadmap"), FootnoteMark("1"))
    assert item.footnotes == [Footnote("1", (Text("7371/16."),))]


def test_add_a_footnote_here_puts_a_mark_at_the_end_of_that_text_and_saves_nothing(app, client):
    outcome_id = sample_outcome(app)  # item 2 already holds the document's first footnote
    draft = draft_of(app, outcome_id)
    item_id = draft.item_ids[4]
    fields = edit_form(client, outcome_id, item_id, 4)
    answer = save(client, outcome_id, item_id, posted(fields, {"footnote": "items-4-blocks-1-text"}))
    assert answer.status_code == 200 and "HX-Trigger" not in answer.headers
    html = answer.get_data(as_text=True)
    fields = form_fields(html, "item-4")
    assert fields["items-4-blocks-1-text"].endswith(
        "notably on the mandate, data protection and the chain of command.²"
    )
    assert fields["items-4-notes-0-label"] == "2"
    assert re.search(r'<textarea[^>]*autofocus[^>]*id="items-4-footnotes-2"', html)
    assert draft_of(app, outcome_id).item_versions[4] == draft.item_versions[4]


def test_ticking_mixed_committee_adds_the_schengen_footnote_and_says_so(app, client):
    outcome_id = small_outcome(app, ["Agenda", "Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[1]
    fields = edit_form(client, outcome_id, item_id, 1)
    answer = save(client, outcome_id, item_id, posted(fields, {"items-1-mixed_committee": "y"}))
    assert "The standard footnote" in answer.get_data(as_text=True)
    item = draft_of(app, outcome_id).outcome.items[1]
    assert item.mixed_committee and item.heading[-1] == FootnoteMark("1")
    assert item.footnotes == [
        Footnote("1", (Text("Exceptionally in the presence of the Schengen Associated States."),))
    ]

    again = save(client, outcome_id, item_id, posted(edit_form(client, outcome_id, item_id, 1)))
    assert "The standard footnote" not in again.get_data(as_text=True)
    assert len(draft_of(app, outcome_id).outcome.items[1].footnotes) == 1


def test_a_delegation_list_typed_in_the_text_is_read_as_delegations(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    typed = "Some delegations (DE, FR and NL) entered scrutiny reservations."
    save(client, outcome_id, item_id, posted(fields, {"items-0-blocks-0-text": typed}))
    block = draft_of(app, outcome_id).outcome.items[0].blocks[0]
    assert block == Paragraph(
        (
            Text("Some delegations "),
            DelegationList(("DE", "FR", "NL")),
            Text(" entered scrutiny reservations."),
        )
    )


# ---------------------------------------------------------------- rows changed before saving


@pytest.mark.parametrize("htmx", [True, False])
def test_adding_a_paragraph_returns_the_form_with_a_new_row_and_saves_nothing(app, client, htmx):
    outcome_id = small_outcome(app, ["Roadmap"])
    draft = draft_of(app, outcome_id)
    fields = edit_form(client, outcome_id, draft.item_ids[0], 0)
    changes = {"items-0-heading": "Typed, not saved", "add": "items-0-blocks:paragraph"}
    answer = save(client, outcome_id, draft.item_ids[0], posted(fields, changes), htmx)
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert ("<html" in html) is not htmx
    again = form_fields(html, "item-0")
    assert again["items-0-heading"] == "Typed, not saved"
    assert again["items-0-blocks-1-kind"] == "paragraph"
    assert re.search(r'<textarea[^>]*autofocus[^>]*id="items-0-blocks-1"', html)
    assert draft_of(app, outcome_id).item_versions == draft.item_versions


def test_removing_and_moving_rows_keeps_everything_typed(app, client):
    outcome_id = sample_outcome(app)
    item_id = draft_of(app, outcome_id).item_ids[5]
    fields = edit_form(client, outcome_id, item_id, 5)
    first, third = fields["items-5-blocks-0-text"], fields["items-5-blocks-2-text"]
    answer = save(client, outcome_id, item_id, posted(fields, {"down": "items-5-blocks-0"}))
    moved = form_fields(answer.get_data(as_text=True), "item-5")
    assert moved["items-5-blocks-1-text"] == first
    answer = save(
        client,
        outcome_id,
        item_id,
        posted(moved, {"remove_row": "items-5-blocks-0", "items-5-heading": "Kept"}),
    )
    removed = form_fields(answer.get_data(as_text=True), "item-5")
    assert removed["items-5-blocks-0-text"] == first and removed["items-5-blocks-1-text"] == third
    assert removed["items-5-heading"] == "Kept"
    assert "items-5-blocks-4-kind" not in removed  # five blocks less one


# ---------------------------------------------------------------- what is refused


def test_control_characters_are_refused_with_a_message_and_the_typed_text_kept(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    data = posted(fields, {"items-0-heading": "Road\x07map", "items-0-blocks-0-text": "Noted\x0b twice."})
    answer = save(client, outcome_id, item_id, data)
    assert answer.status_code == 200 and "HX-Trigger" not in answer.headers
    html = answer.get_data(as_text=True)
    assert "a Word document cannot hold (U+0007)" in html and "(U+000B)" in html
    assert form_fields(html, "item-0")["items-0-blocks-0-text"] == "Noted\x0b twice."
    assert plain_text(draft_of(app, outcome_id).outcome.items[0].heading) == "Roadmap"

    plain = save(client, outcome_id, item_id, data, htmx=False)
    assert plain.status_code == 400 and "<html" in plain.get_data(as_text=True)


def test_an_overlong_heading_and_unreadable_markup_are_refused_with_messages(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    data = posted(fields, {"items-0-heading": "x" * 2001, "items-0-blocks-0-text": "**bold without an end"})
    html = save(client, outcome_id, item_id, data).get_data(as_text=True)
    assert "Keep this to 2000 characters or fewer." in html
    assert "is never closed" in html and "**bold without an end" in html
    bracket = save(client, outcome_id, item_id, posted(fields, {"items-0-heading": "[CONFIDENTIEL"}))
    assert "opens neither a linked reference" in bracket.get_data(as_text=True)


def test_a_heading_with_a_script_is_shown_as_text(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    fields = edit_form(client, outcome_id, item_id, 0)
    saved = save(
        client, outcome_id, item_id, posted(fields, {"items-0-heading": "<script>alert(1)</script>"})
    )
    for html in (
        saved.get_data(as_text=True),
        client.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True),
    ):
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_save_without_the_csrf_token_is_refused_and_changes_nothing(app, client):
    outcome_id = small_outcome(app, ["Roadmap"])
    draft = draft_of(app, outcome_id)
    fields = edit_form(client, outcome_id, draft.item_ids[0], 0)
    answer = save(
        client, outcome_id, draft.item_ids[0], posted(fields, {"csrf_token": None, "items-0-heading": "X"})
    )
    assert answer.status_code == 400
    moved = client.post(
        f"/outcomes/{outcome_id}/items/{draft.item_ids[0]}/move", data={"order_version": "1", "to": "0"}
    )
    assert moved.status_code == 400
    assert headings(app, outcome_id) == [(1, "Roadmap")] and draft_of(app, outcome_id).item_versions == [1]


def test_a_save_over_a_newer_version_shows_both_and_keeps_what_was_typed(app, client):
    outcome_id = small_outcome(app, ["Roadmap", "Cybercrime"])
    item_id = draft_of(app, outcome_id).item_ids[1]
    mine = edit_form(client, outcome_id, item_id, 1)
    theirs = edit_form(client, outcome_id, item_id, 1)
    save(client, outcome_id, item_id, posted(theirs, {"items-1-heading": "Their heading"}))

    answer = save(client, outcome_id, item_id, posted(mine, {"items-1-heading": "My heading"}))
    assert answer.status_code == 200
    html = answer.get_data(as_text=True)
    assert "Changed by someone else" in html and "Their heading" in html
    conflict = form_fields(html, "item-1")
    assert conflict["items-1-heading"] == "My heading" and conflict["theirs"] == "2"
    assert headings(app, outcome_id)[1] == (2, "Their heading")
    assert (
        save(client, outcome_id, item_id, posted(mine, {"items-1-heading": "Mine"}), htmx=False).status_code
        == 409
    )

    kept = save(client, outcome_id, item_id, posted(conflict, {"resolve": "mine"}))
    assert kept.status_code == 200 and kept.headers["HX-Trigger"] == "outcome-changed"
    assert headings(app, outcome_id)[1] == (2, "My heading")


def test_a_save_after_someone_moved_the_item_is_a_conflict_shown_at_its_new_place(app, client, csrf_token):
    outcome_id = small_outcome(app, ["A", "B", "C"])
    draft = draft_of(app, outcome_id)
    mine = edit_form(client, outcome_id, draft.item_ids[2], 2)
    move(client, outcome_id, draft.item_ids[2], 0, draft.order_version, csrf_token)
    html = save(client, outcome_id, draft.item_ids[2], posted(mine, {"items-2-heading": "Mine"})).get_data(
        as_text=True
    )
    assert '<form id="item-0"' in html and "Changed by someone else" in html
    assert form_fields(html, "item-0")["items-0-heading"] == "Mine"
    assert headings(app, outcome_id)[0] == (1, "C")


@pytest.mark.parametrize(
    "url",
    [
        "/outcomes/999/items",
        "/outcomes/999/items/1",
        "/outcomes/{outcome}/items/999/edit",
        "/outcomes/{outcome}/items/{other_item}",
        "/outcomes/{outcome}/items/{other_item}/edit",
        "/outcomes/{outcome}/items/abc",
        "/outcomes/{outcome}/items/99999999999999999999",
        "/outcomes/99999999999999999999/items",
    ],
)
def test_unknown_ids_and_items_of_another_outcome_are_not_found(app, client, url):
    outcome_id = small_outcome(app, ["A"])
    other_item = draft_of(app, small_outcome(app, ["B", "C"])).item_ids[1]
    assert client.get(url.format(outcome=outcome_id, other_item=other_item)).status_code == 404


def test_changes_to_an_unknown_item_are_not_found_and_unreadable_numbers_are_bad_requests(
    app, client, csrf_token
):
    outcome_id = small_outcome(app, ["A"])
    other = draft_of(app, small_outcome(app, ["B"])).item_ids[0]
    for action in ("", "/move", "/delete"):
        data = {"csrf_token": csrf_token, "order_version": "1", "to": "0", "form_prefix": "items-0"}
        answer = client.post(f"/outcomes/{outcome_id}/items/{other}{action}", data=data)
        assert answer.status_code == 404
    item_id = draft_of(app, outcome_id).item_ids[0]
    data = {"csrf_token": csrf_token, "order_version": "one", "to": "0"}
    bad = client.post(f"/outcomes/{outcome_id}/items/{item_id}/move", data=data)
    assert bad.status_code == 400
    assert headings(app, outcome_id) == [(1, "A")]


# ---------------------------------------------------------------- where the problems panel jumps


def test_field_ids_follow_the_locations_the_checks_name(app, client):
    outcome_id = sample_outcome(app)
    draft = draft_of(app, outcome_id)
    item7 = client.get(f"/outcomes/{outcome_id}/items/{draft.item_ids[6]}/edit").get_data(as_text=True)
    for element_id in ("items-6-heading", "items-6-sub_items-1-heading", "items-6-sub_items-1-blocks-0"):
        assert f'id="{element_id}"' in item7
    item2 = client.get(f"/outcomes/{outcome_id}/items/{draft.item_ids[1]}/edit").get_data(as_text=True)
    assert re.search(r'<textarea[^>]*id="items-1-footnotes-1"[^>]*name="items-1-notes-0-text"', item2)
    listing = client.get(f"/outcomes/{outcome_id}/items").get_data(as_text=True)
    assert 'id="item-6"' in listing


def test_running_text_in_the_item_form_is_checked_as_typed(app, client):
    outcome_id = sample_outcome(app)
    draft = draft_of(app, outcome_id)
    html = client.get(f"/outcomes/{outcome_id}/items/{draft.item_ids[6]}/edit").get_data(as_text=True)
    paragraph = re.search(r'<textarea[^>]*id="items-6-sub_items-0-blocks-0"[^>]*>', html).group()
    assert f'hx-post="/outcomes/{outcome_id}/check"' in paragraph
    assert 'hx-target="#items-6-sub_items-0-blocks-0-errors"' in paragraph
    fields = form_fields(html, "item-6")
    headers = {
        **HTMX,
        "HX-Trigger": "items-6-sub_items-0-blocks-0",
        "HX-Trigger-Name": "items-6-sub_items-0-blocks-0-text",
    }
    answer = client.post(f"/outcomes/{outcome_id}/check", data=posted(fields), headers=headers)
    assert answer.status_code == 200
    checked = answer.get_data(as_text=True)
    assert 'id="items-6-sub_items-0-blocks-0-errors"' in checked and "is missing" in checked
