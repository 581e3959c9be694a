"""Filling item templates: valid values make ordinary items, invalid ones name their placeholder."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

import pytest

from drafting.domain.checks import check
from drafting.domain.model import (
    SCHENGEN_FOOTNOTE,
    DelegationList,
    FootnoteMark,
    Item,
    Paragraph,
    ReferenceLink,
    Text,
    plain_text,
)
from drafting.domain.phrasing import decision_sentence
from drafting.io.json_format import item, item_json, loads
from drafting.reuse.standard import (
    AGENDA,
    CONCLUSIONS_AGREED,
    DISCUSSION,
    ENDORSEMENT,
    MIXED_COMMITTEE,
    PRESIDENCY_INFORMATION,
    STANDARD_SKELETONS,
    STANDARD_TEMPLATES,
    standard_template,
)
from drafting.reuse.templates import (
    Kind,
    Placeholder,
    after_footnotes,
    fill,
    from_item,
    placeholders_in,
    template_from_json,
    template_json,
    template_problems,
)

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.json"
SAMPLE_VALUES = {
    "agenda": "CM 4945/17",
    "meeting_date": "2017-10-10",
    "document": "13272/3/17 REV 3",
    "topics": "the state of play of the Schengen evaluation\nthe fight against terrorism",
    "title": "Draft Council conclusions on internal security",
    "presenter": "Europol",
    "subject": "the draft Council conclusions on internal security",
    "coreper_date": "2017-11-29",
    "council_date": "7 December 2017",
    "speakers": "DE, FR and SI",
}


def values_for(template):
    return {p.name: SAMPLE_VALUES[p.name] for p in template.placeholders}


def errors(problems):
    return [p for p in problems if p.is_error]


# ---------------------------------------------------------------- valid values


def test_the_agenda_template_reads_the_standard_sentence_with_the_agenda_linked():
    filled, problems = fill(AGENDA, {"agenda": "CM 4945/17"}, citing_year=2017)

    assert problems == []
    assert plain_text(filled.heading) == "Adoption of the agenda"
    assert filled.blocks == [
        Paragraph((Text("The agenda set out in "), ReferenceLink("CM 4945/17"), Text(" was adopted.")))
    ]


def test_a_reference_in_another_form_is_inserted_in_its_printed_form_with_a_warning():
    filled, problems = fill(AGENDA, {"agenda": "ST 14260 2017 REV 1"}, citing_year=2017)

    assert ReferenceLink("14260/1/17 REV 1") in filled.blocks[0].content
    assert errors(problems) == []

    filled, problems = fill(AGENDA, {"agenda": "14260/17 REV 1"}, citing_year=2017)
    assert ReferenceLink("14260/1/17 REV 1") in filled.blocks[0].content
    assert [(p.code, p.location.field, p.suggestion) for p in problems] == [
        ("reference.rev-without-middle", "agenda", "14260/1/17 REV 1")
    ]


def test_the_agreement_template_composes_the_standard_sentence_with_both_dates():
    filled, problems = fill(CONCLUSIONS_AGREED, values_for(CONCLUSIONS_AGREED), citing_year=2017)

    assert problems == []
    step = filled.blocks[0].next_step
    assert (step.coreper_date, step.council_date) == (date(2017, 11, 29), date(2017, 12, 7))
    assert plain_text(decision_sentence(filled.blocks[0])) == (
        "The Committee agreed on the draft Council conclusions as set out in 13272/3/17 REV 3, which would "
        "be submitted as an I/A item to COREPER on 29 November 2017 and to the Council on 7 December 2017 "
        "for adoption."
    )


def test_the_endorsement_template_says_it_goes_to_coreper_and_the_council_as_an_ia_item():
    filled, _ = fill(ENDORSEMENT, values_for(ENDORSEMENT), citing_year=2017)

    assert plain_text(decision_sentence(filled.blocks[0])) == (
        "The Committee endorsed the draft Council conclusions on internal security as set out in "
        "13272/3/17 REV 3, which will be submitted to Coreper and the Council as an I/A item."
    )


def test_topics_one_per_line_become_one_dash_each():
    filled, _ = fill(PRESIDENCY_INFORMATION, {"topics": "first\n\n  second  \n"})

    assert [plain_text(entry) for entry in filled.blocks[1].entries] == ["first", "second"]


def test_delegations_become_a_delegation_list():
    filled, problems = fill(
        DISCUSSION, values_for(DISCUSSION) | {"speakers": "(EL and PL)"}, citing_year=2017
    )

    assert problems == []
    assert DelegationList(("EL", "PL")) in filled.blocks[1].content


def test_the_mixed_committee_template_sets_the_flag_and_the_standard_footnote():
    filled, _ = fill(MIXED_COMMITTEE, values_for(MIXED_COMMITTEE))

    assert filled.mixed_committee
    assert filled.heading[-1] == FootnoteMark("1")
    assert plain_text(filled.footnotes[0].content) == SCHENGEN_FOOTNOTE

    moved = after_footnotes(filled, 2)
    assert moved.heading[-1] == FootnoteMark("3") and moved.footnotes[0].label == "3"


@pytest.mark.parametrize("template", STANDARD_TEMPLATES, ids=lambda t: t.key)
def test_every_shipped_template_fills_and_makes_an_ordinary_item(template):
    """Filled with sample values, each reads back from JSON unchanged and adds no error to an outcome."""
    assert template_problems(template) == []
    filled, problems = fill(template, values_for(template), citing_year=2017)
    assert errors(problems) == [] and filled is not None

    assert item(item_json(filled), "item") == filled

    outcome = loads(SAMPLE.read_text(encoding="utf-8"))
    before = {(p.code, p.message) for p in check(outcome) if p.is_error}
    outcome.items.insert(1, after_footnotes(filled, sum(len(i.footnotes) for i in outcome.items[:1])))
    for number, one in enumerate(outcome.items, start=1):
        one.number = number
    after = {(p.code, p.message) for p in check(outcome) if p.is_error}
    assert after - before == set()


def test_the_cosi_skeleton_names_shipped_templates_from_agenda_to_any_other_business():
    (skeleton,) = STANDARD_SKELETONS
    assert skeleton.body == "COSI"
    keys = list(skeleton.templates)
    assert keys[0] == "agenda" and keys[-1] == "any-other-business"
    assert all(standard_template(key) is not None for key in keys)


# ---------------------------------------------------------------- invalid values


def test_an_impossible_revision_is_refused_naming_the_placeholder_and_the_fix():
    filled, problems = fill(ENDORSEMENT, values_for(ENDORSEMENT) | {"document": "12223/2/17 REV 3"})

    assert filled is None
    (problem,) = problems
    assert problem.code == "reference.rev-mismatch"
    assert problem.location.field == "document"
    assert "the revision number stands twice and must be the same" in problem.message
    assert problem.suggestion == "12223/3/17 REV 3"


def test_a_document_later_than_the_outcome_is_refused():
    filled, problems = fill(AGENDA, {"agenda": "CM 1995/19"}, citing_year=2017)

    assert filled is None
    assert [p.code for p in problems] == ["reference.after-citing"]


@pytest.mark.parametrize("typed", ["2017-02-30", "next Tuesday", "31 November 2017", "3017-01-01"])
def test_a_date_that_is_no_day_is_refused(typed):
    filled, problems = fill(CONCLUSIONS_AGREED, values_for(CONCLUSIONS_AGREED) | {"coreper_date": typed})

    assert filled is None
    assert [(p.code, p.location.field) for p in problems] == [("dates.unreadable", "coreper_date")]


def test_a_missing_required_value_is_named():
    values = values_for(CONCLUSIONS_AGREED)
    del values["council_date"]
    values["document"] = "  "

    filled, problems = fill(CONCLUSIONS_AGREED, values)

    assert filled is None
    assert sorted((p.code, p.location.field) for p in problems) == [
        ("templates.missing-value", "council_date"),
        ("templates.missing-value", "document"),
    ]
    assert "Council date" in problems[-1].message or "Council date" in problems[0].message


def test_a_value_for_no_placeholder_is_named():
    filled, problems = fill(AGENDA, {"agenda": "CM 4945/17", "agneda": "x"})

    assert filled is None
    assert [(p.code, p.location.field) for p in problems] == [("templates.unknown-placeholder", "agneda")]


def test_a_control_character_is_refused():
    filled, problems = fill(PRESIDENCY_INFORMATION, {"topics": "first\x0bsecond"})

    assert filled is None
    assert [(p.code, p.location.field) for p in problems] == [("text.unholdable-character", "topics")]
    assert "U+000B" in problems[0].message


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("DE, GR and FR", "delegations.code"),
        ("DE and DE", "delegations.duplicate"),
        ("de, fr", "delegations.unreadable"),
    ],
)
def test_delegations_are_checked_as_in_an_outcome(typed, code):
    filled, problems = fill(DISCUSSION, values_for(DISCUSSION) | {"speakers": typed}, citing_year=2017)

    assert filled is None
    assert [(p.code, p.location.field) for p in problems] == [(code, "speakers")]


def test_the_united_kingdom_is_refused_after_it_left():
    values = values_for(DISCUSSION) | {"speakers": "DE and UK", "document": "5000/21"}
    filled, problems = fill(DISCUSSION, values, meeting_day=date(2021, 3, 1), citing_year=2021)
    assert filled is None and [p.code for p in problems] == ["delegations.code"]

    filled, _ = fill(DISCUSSION, values | {"document": "15754/17"}, meeting_day=date(2017, 11, 21))
    assert filled is not None


# ---------------------------------------------------------------- saving an item as a template


def test_an_item_saved_as_a_template_gives_the_same_item_back():
    sample = loads(SAMPLE.read_text(encoding="utf-8"))
    original = sample.items[2]

    template = from_item(original, "mine", "Mine")
    filled, problems = fill(template, {})

    assert problems == [] and template.placeholders == ()
    assert item_json(filled) == item_json(original) | {"number": 1}


def test_an_item_saved_with_its_references_asked_for_again():
    original = Item(
        4,
        (Text("Report"),),
        [
            Paragraph(
                (Text("As set out in "), ReferenceLink("14108/1/17 REV 1"), Text(" {not a placeholder}."))
            )
        ],
    )

    template = from_item(original, "mine", "Mine", references_as_placeholders=True)

    assert [(p.name, p.kind) for p in template.placeholders] == [("document", Kind.REFERENCE)]
    assert placeholders_in(template.item) == ["document"]
    filled, problems = fill(template, {"document": "14108/2/17 REV 2"}, citing_year=2017)
    assert problems == []
    assert filled.blocks[0].content == (
        Text("As set out in "),
        ReferenceLink("14108/2/17 REV 2"),
        Text(" {not a placeholder}."),
    )


def test_references_typed_as_plain_text_are_asked_for_again_too():
    sample = loads(SAMPLE.read_text(encoding="utf-8"))  # its item 1 cites 14260/1/17 REV 1 as plain text

    template = from_item(sample.items[0], "agenda", "Agenda", references_as_placeholders=True)
    filled, problems = fill(template, {"document": "CM 4945/17"}, citing_year=2017)

    assert [p.name for p in template.placeholders] == ["document"]
    assert "14260/1/17 REV 1" in template.placeholders[0].label
    assert problems == []
    assert filled.blocks[0].content == (
        Text("The agenda set out in "),
        ReferenceLink("CM 4945/17"),
        Text(" was adopted."),
    )


def test_undeclared_braces_stay_as_typed():
    template = copy.deepcopy(AGENDA)
    template.item["blocks"][0]["paragraph"][0]["text"] += " {note}"

    filled, _ = fill(template, {"agenda": "CM 4945/17"})

    assert plain_text(filled.blocks[0].content).endswith("was adopted. {note}")


def test_a_template_survives_its_json():
    for template in STANDARD_TEMPLATES:
        data = template_json(template)
        assert template_from_json(template.key, template.name, template.description, data) == template


def test_a_template_declaring_a_placeholder_it_never_uses_is_flagged():
    broken = template_from_json("x", "X", "", template_json(AGENDA) | {"placeholders": []})
    broken = type(broken)(
        "x", "X", "", broken.item, (Placeholder("agenda", Kind.REFERENCE), Placeholder("unused"))
    )

    assert [(p.code, p.location.field) for p in template_problems(broken)] == [
        ("templates.unused-placeholder", "unused")
    ]
