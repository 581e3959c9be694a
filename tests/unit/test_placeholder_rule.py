"""The check of blanks left to fill in: every `{name}` still in the text is an error where it stands."""

from __future__ import annotations

import inspect

import drafting.domain.rules.placeholders as placeholders
import drafting.reuse.templates as templates
from drafting.domain.checks import RULES, CheckSettings, check
from drafting.domain.model import (
    Action,
    DashList,
    Decision,
    Footnote,
    FootnoteMark,
    Item,
    Paragraph,
    ReferenceLink,
    SubItem,
    Text,
    text,
)
from drafting.domain.problems import Severity
from drafting.domain.rules.placeholders import PLACEHOLDER
from tests.unit.test_checks import clean_outcome

CODE = "placeholders.unfilled"


def found(outcome, settings=None):
    return [p for p in check(outcome, settings) if p.code == CODE]


def test_an_outcome_without_blanks_has_none_listed():
    assert found(clean_outcome()) == []


def test_a_placeholder_left_in_a_paragraph_is_an_error_naming_it_where_it_stands():
    outcome = clean_outcome()
    outcome.items[0].blocks = [Paragraph(text("The agenda set out in {agenda} was adopted."))]
    (blank,) = found(outcome)
    assert blank.severity is Severity.ERROR
    assert blank.message == "{agenda} is still to be filled in"
    assert blank.location.describe() == "item 1, paragraph 1"
    assert blank.location.key() == "items/0/blocks/0"


def test_every_blank_is_listed_in_headings_dash_entries_decisions_and_footnotes_in_reading_order():
    outcome = clean_outcome()
    outcome.items[1] = Item(
        2,
        (Text("{title}"), FootnoteMark("1")),
        [
            DashList([text("first topic"), text("{topics}")]),
            Decision(action=Action.ENDORSED, subject="{subject}", documents=("{document}",)),
        ],
        sub_items=[SubItem(text("Held on {date_1}"), [Paragraph(text("{speakers} and {reference_1}"))], "a")],
        footnotes=[Footnote("1", text("As set out in {note_reference}."))],
    )
    messages = [(p.location.describe(), p.message) for p in found(outcome)]
    assert messages == [
        ("item 2, heading", "{title} is still to be filled in"),
        ("item 2, dash list 1, entry 2", "{topics} is still to be filled in"),
        ("item 2, decision 2", "{subject} is still to be filled in"),
        ("item 2, decision 2", "{document} is still to be filled in"),
        ("item 2, sub-item 1, heading", "{date_1} is still to be filled in"),
        ("item 2, sub-item 1, paragraph 1", "{speakers} is still to be filled in"),
        ("item 2, sub-item 1, paragraph 1", "{reference_1} is still to be filled in"),
        ("item 2, footnote 1", "{note_reference} is still to be filled in"),
    ]


def test_a_decisions_own_wording_is_read_for_blanks_too():
    outcome = clean_outcome()
    outcome.items[1].blocks = [Decision(wording=text("The Committee endorsed {what}."))]
    (blank,) = found(outcome)
    assert blank.message == "{what} is still to be filled in"
    assert blank.location.describe() == "item 2, decision 1"


def test_a_blank_in_the_header_is_listed_on_its_field():
    outcome = clean_outcome()
    outcome.subject = "Standing Committee {body}"
    (blank,) = found(outcome)
    assert blank.location.describe() == "Subject" and blank.message == "{body} is still to be filled in"


def test_a_placeholder_inside_a_reference_link_is_listed():
    outcome = clean_outcome()
    outcome.items[0].blocks = [Paragraph((Text("As set out in "), ReferenceLink("{agenda}")))]
    assert [p.message for p in found(outcome)] == ["{agenda} is still to be filled in"]


def test_text_in_braces_that_is_no_placeholder_is_left_alone():
    outcome = clean_outcome()
    outcome.items[1].blocks = [Paragraph(text("Braces {} and {Capital}, {1st} and {two words} are text."))]
    assert found(outcome) == []


def test_a_blank_is_an_error_so_the_outcome_has_errors_until_it_is_filled():
    outcome = clean_outcome()
    outcome.items[2].blocks = [Paragraph(text("{aob}"))]
    assert any(p.is_error for p in check(outcome))
    outcome.items[2].blocks = [Paragraph(text("No items were raised."))]
    assert not any(p.is_error for p in check(outcome))


def test_the_rule_is_registered_and_can_be_switched_off_like_any_other():
    assert CODE in RULES and RULES[CODE].severity is Severity.ERROR
    outcome = clean_outcome()
    outcome.items[2].blocks = [Paragraph(text("{aob}"))]
    assert found(outcome, CheckSettings(disabled=frozenset({"placeholders"}))) == []


def test_the_templates_read_placeholders_with_the_one_pattern_of_the_check():
    assert templates.PLACEHOLDER is PLACEHOLDER
    assert PLACEHOLDER.fullmatch("{reference_12}") and not PLACEHOLDER.fullmatch("{Reference}")
    # The domain's check depends on no templates, files or framework.
    imported = [
        line.split()[1]
        for line in inspect.getsource(placeholders).splitlines()
        if line.startswith(("from ", "import "))
    ]
    assert imported and all(
        name in ("__future__", "re", "collections.abc") or name.startswith("drafting.domain.")
        for name in imported
    ), imported
