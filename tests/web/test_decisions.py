"""The decision composer: structured choices make the standard sentence, which the drafter may reword."""

from __future__ import annotations

import re
from datetime import date

from drafting.domain.model import Action, Decision, DelegationList, NextStep, Purpose, Recipient, Text
from tests.web.item_forms import HTMX, draft_of, form_fields, posted, small_outcome

ROADMAP = {
    "items-0-blocks-1-actor": "The Committee",
    "items-0-blocks-1-action": "endorsed",
    "items-0-blocks-1-subject": "the updated Roadmap",
    "items-0-blocks-1-documents": "12223/3/17 REV 3",
    "items-0-blocks-1-next_step": "coreper and council",
    "items-0-blocks-1-as_ia_item": "y",
}
ROADMAP_SENTENCE = (
    "The Committee endorsed the updated Roadmap as set out in 12223/3/17 REV 3, "
    "which will be submitted to Coreper and the Council as an I/A item."
)


def composer(app, client):
    """An item's form with a decision just added as its second block (nothing saved yet)."""
    outcome_id = small_outcome(app, ["Updated Roadmap"])
    item_id = draft_of(app, outcome_id).item_ids[0]
    url = f"/outcomes/{outcome_id}/items/{item_id}"
    fields = form_fields(client.get(f"{url}/edit", headers=HTMX).get_data(as_text=True), "item-0")
    added = client.post(url, data=posted(fields, {"add": "items-0-blocks:decision"}), headers=HTMX)
    html = added.get_data(as_text=True)
    assert 'id="items-0-blocks-1"' in html and 'id="items-0-blocks-1-sentence"' in html
    return outcome_id, url, form_fields(html, "item-0")


def test_the_composer_shows_the_standard_sentence_as_the_choices_change(app, client):
    outcome_id, _, fields = composer(app, client)
    data = posted(fields, {**ROADMAP, "block": "items-0-blocks-1"})
    answer = client.post(f"/outcomes/{outcome_id}/items/decision-sentence", data=data, headers=HTMX)
    assert answer.status_code == 200 and "HX-Trigger" not in answer.headers
    html = answer.get_data(as_text=True)
    assert html.lstrip().startswith('<div class="decision-sentence" id="items-0-blocks-1-sentence"')
    assert f'<q class="sentence">{ROADMAP_SENTENCE}</q>' in html


def test_a_saved_decision_keeps_its_choices_and_prints_the_standard_sentence(app, client):
    outcome_id, url, fields = composer(app, client)
    saved = client.post(url, data=posted(fields, ROADMAP), headers=HTMX)
    assert saved.status_code == 200 and saved.headers["HX-Trigger"] == "outcome-changed"
    assert f'<p class="decision">{ROADMAP_SENTENCE}</p>' in saved.get_data(as_text=True)
    assert draft_of(app, outcome_id).outcome.items[0].blocks[1] == Decision(
        actor="The Committee",
        action=Action.ENDORSED,
        subject="the updated Roadmap",
        documents=("12223/3/17 REV 3",),
        next_step=NextStep(Recipient.COREPER_AND_COUNCIL, as_ia_item=True),
    )


def test_a_dated_next_step_for_adoption_makes_the_dated_sentence(app, client):
    outcome_id, url, fields = composer(app, client)
    choices = {
        "items-0-blocks-1-action": "agreed on",
        "items-0-blocks-1-subject": "the draft Council conclusions",
        "items-0-blocks-1-documents": "13272/3/17 REV 3",
        "items-0-blocks-1-next_step": "coreper and council",
        "items-0-blocks-1-coreper_date": "2017-11-29",
        "items-0-blocks-1-council_date": "2017-12-07",
        "items-0-blocks-1-purpose": "adoption",
    }
    html = client.post(url, data=posted(fields, choices), headers=HTMX).get_data(as_text=True)
    assert (
        "The Committee agreed on the draft Council conclusions as set out in 13272/3/17 REV 3, which "
        "would be submitted as an I/A item to COREPER on 29 November 2017 and to the Council on "
        "7 December 2017 for adoption."
    ) in html
    step = draft_of(app, outcome_id).outcome.items[0].blocks[1].next_step
    assert step == NextStep(
        Recipient.COREPER_AND_COUNCIL, True, date(2017, 11, 29), date(2017, 12, 7), Purpose.ADOPTION
    )


def test_a_hand_edited_wording_is_kept_and_printed_instead_of_the_standard_sentence(app, client):
    outcome_id, url, fields = composer(app, client)
    wording = "The Committee endorsed the Roadmap; two delegations (DE and FR) abstained."
    html = client.post(
        url, data=posted(fields, {**ROADMAP, "items-0-blocks-1-wording": wording}), headers=HTMX
    )
    printed = 'the Roadmap; two delegations <span class="delegations">(DE and FR)</span> abstained.'
    assert printed in html.get_data(as_text=True)
    decision = draft_of(app, outcome_id).outcome.items[0].blocks[1]
    assert decision.action is Action.ENDORSED and decision.subject == "the updated Roadmap"
    assert decision.wording == (
        Text("The Committee endorsed the Roadmap; two delegations "),
        DelegationList(("DE", "FR")),
        Text(" abstained."),
    )

    reopened = form_fields(client.get(f"{url}/edit", headers=HTMX).get_data(as_text=True), "item-0")
    assert reopened["items-0-blocks-1-wording"] == wording


def test_use_the_standard_sentence_empties_the_wording_without_saving(app, client):
    outcome_id, url, fields = composer(app, client)
    client.post(url, data=posted(fields, {**ROADMAP, "items-0-blocks-1-wording": "By hand."}), headers=HTMX)
    version = draft_of(app, outcome_id).item_versions[0]
    fields = form_fields(client.get(f"{url}/edit", headers=HTMX).get_data(as_text=True), "item-0")
    reset = client.post(url, data=posted(fields, {"use_standard": "items-0-blocks-1"}), headers=HTMX)
    html = reset.get_data(as_text=True)
    assert form_fields(html, "item-0")["items-0-blocks-1-wording"] == ""
    wording = re.search(r'<textarea[^>]*id="items-0-blocks-1-wording"[^>]*>', html).group()
    assert "autofocus" in wording and 'placeholder="The Committee endorsed the updated Roadmap' in wording
    assert draft_of(app, outcome_id).item_versions[0] == version


def test_a_reference_in_a_non_canonical_form_is_shown_with_its_suggestion(app, client):
    outcome_id, _, fields = composer(app, client)
    data = posted(
        fields, {**ROADMAP, "items-0-blocks-1-documents": "14260/17 REV 1", "block": "items-0-blocks-1"}
    )
    html = client.post(f"/outcomes/{outcome_id}/items/decision-sentence", data=data, headers=HTMX).get_data(
        as_text=True
    )
    assert "as set out in 14260/17 REV 1," in html
    assert "did you mean <code>14260/1/17 REV 1</code>?" in html


def test_what_is_not_a_reference_or_not_a_date_is_refused_with_messages_and_kept(app, client):
    outcome_id, url, fields = composer(app, client)
    bad = {
        **ROADMAP,
        "items-0-blocks-1-documents": "the annex",
        "items-0-blocks-1-coreper_date": "2017-02-30",
        "items-0-blocks-1-actor": "other",
    }
    answer = client.post(url, data=posted(fields, bad), headers=HTMX)
    assert answer.status_code == 200 and "HX-Trigger" not in answer.headers
    html = answer.get_data(as_text=True)
    assert "&#34;the annex&#34; is not a document reference" in html
    assert "Enter a real date as YYYY-MM-DD" in html
    assert "Say who decided, or choose one of the list." in html
    kept = form_fields(html, "item-0")
    assert (
        kept["items-0-blocks-1-documents"] == "the annex"
        and kept["items-0-blocks-1-coreper_date"] == "2017-02-30"
    )
    assert len(draft_of(app, outcome_id).outcome.items[0].blocks) == 1


def test_dates_that_do_not_fit_the_next_step_are_refused(app, client):
    _, url, fields = composer(app, client)
    council_only = {
        **ROADMAP,
        "items-0-blocks-1-next_step": "council",
        "items-0-blocks-1-coreper_date": "2017-11-29",
    }
    html = client.post(url, data=posted(fields, council_only), headers=HTMX).get_data(as_text=True)
    assert "The text goes to the Council only: leave the Coreper date empty." in html


def test_another_actor_is_named_in_the_sentence(app, client):
    outcome_id, url, fields = composer(app, client)
    choices = {
        **ROADMAP,
        "items-0-blocks-1-actor": "other",
        "items-0-blocks-1-actor_other": "CATS",
        "items-0-blocks-1-next_step": "",
    }
    client.post(url, data=posted(fields, choices), headers=HTMX)
    decision = draft_of(app, outcome_id).outcome.items[0].blocks[1]
    assert decision.actor == "CATS" and decision.next_step is None
    reopened = form_fields(client.get(f"{url}/edit", headers=HTMX).get_data(as_text=True), "item-0")
    assert (
        reopened["items-0-blocks-1-actor"] == "other" and reopened["items-0-blocks-1-actor_other"] == "CATS"
    )


def test_the_sentence_endpoint_refuses_a_block_it_cannot_read_and_unknown_outcomes(app, client, csrf_token):
    outcome_id = small_outcome(app, ["A"])
    bad = client.post(
        f"/outcomes/{outcome_id}/items/decision-sentence", data={"csrf_token": csrf_token, "block": "x"}
    )
    assert bad.status_code == 400
    data = {"csrf_token": csrf_token, "block": "items-0-blocks-0"}
    missing = client.post("/outcomes/999/items/decision-sentence", data=data)
    assert missing.status_code == 404
