"""The JSON format: lossless and canonical both ways, strict and one-line-precise when reading."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.domain.characters import UNHOLDABLE
from drafting.domain.model import (
    Action,
    DashList,
    Decision,
    DelegationList,
    Footer,
    Footnote,
    FootnoteMark,
    Item,
    NextStep,
    Numbering,
    Outcome,
    Paragraph,
    Purpose,
    Recipient,
    ReferenceLink,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
)
from drafting.io import FormatError
from drafting.io.json_format import dumps, from_json, loads, to_json

holdable = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)).filter(lambda char: not UNHOLDABLE.match(char)),
    max_size=10,
)
maybe_text = st.none() | holdable
days = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
spans = st.one_of(
    st.builds(Text, holdable, st.booleans()),
    st.builds(ReferenceLink, holdable),
    st.builds(FootnoteMark, holdable),
    st.builds(DelegationList, st.lists(holdable, max_size=3).map(tuple)),
)
inlines = st.lists(spans, max_size=4).map(tuple)
next_steps = st.builds(
    NextStep,
    recipient=st.sampled_from(Recipient),
    as_ia_item=st.booleans(),
    coreper_date=st.none() | days,
    council_date=st.none() | days,
    purpose=st.none() | st.sampled_from(Purpose),
)
decisions = st.builds(
    Decision,
    actor=holdable,
    action=st.sampled_from(Action),
    subject=holdable,
    documents=st.lists(holdable, max_size=3).map(tuple),
    next_step=st.none() | next_steps,
    wording=inlines,
)
blocks = st.one_of(
    st.builds(Paragraph, inlines),
    st.builds(DashList, st.lists(inlines, max_size=3)),
    decisions,
)
sub_items = st.builds(
    SubItem, heading=inlines, blocks=st.lists(blocks, max_size=3), letter=st.none() | holdable
)
items = st.builds(
    Item,
    number=st.integers(),
    heading=inlines,
    blocks=st.lists(blocks, max_size=3),
    sub_items=st.lists(sub_items, max_size=2),
    sub_item_style=st.sampled_from(SubItemStyle),
    classification=maybe_text,
    mixed_committee=st.booleans(),
    footnotes=st.lists(st.builds(Footnote, holdable, inlines), max_size=2),
)
outcomes = st.builds(
    Outcome,
    document_number=holdable,
    issue_date=st.none() | days,
    place=holdable,
    original_language=holdable,
    interinstitutional_file=maybe_text,
    marking=maybe_text,
    subject_codes=st.lists(st.builds(SubjectCode, holdable, st.integers()), max_size=3),
    document_type=holdable,
    sender=holdable,
    meeting_dates=st.lists(days, max_size=3),
    recipient=holdable,
    previous_documents=maybe_text,
    commission_documents=maybe_text,
    subject=holdable,
    footer=st.builds(Footer, holdable, holdable, holdable),
    items=st.lists(items, max_size=3),
    numbering=st.sampled_from(Numbering),
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=12,
)


def valid() -> dict:
    """A small outcome in the format, to be broken one field at a time."""
    outcome = Outcome(
        document_number="15754/17",
        issue_date=date(2017, 12, 19),
        items=[
            Item(1, (Text("Adoption of the agenda"),), [Paragraph((Text("Adopted."),))]),
            Item(
                2, (Text("Roadmap"), FootnoteMark("1")), footnotes=[Footnote("1", (Text("Exceptionally."),))]
            ),
            Item(3, (Text("Conclusions"),), [Decision(next_step=NextStep())]),
            Item(4, (Text("AOB"),), [DashList([(Text("a"),)])]),
        ],
    )
    return to_json(outcome)


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(outcomes)
def test_any_outcome_comes_back_from_its_json_unchanged(outcome):
    assert loads(dumps(outcome)) == outcome


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(outcomes)
def test_json_read_and_written_again_is_the_same_text(outcome):
    text = dumps(outcome)
    assert dumps(loads(text)) == text


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(json_values)
def test_arbitrary_json_is_either_an_outcome_or_a_format_error(value):
    for data in (value, {"format": "council-outcome", "version": 1, "items": [value]}):
        try:
            assert isinstance(from_json(data), Outcome)
        except FormatError as error:
            assert "\n" not in str(error)


def test_an_empty_outcome_is_only_the_format_and_version():
    assert to_json(Outcome()) == {"format": "council-outcome", "version": 1}


def test_fields_holding_their_defaults_are_left_out():
    data = to_json(Outcome(items=[Item(3, blocks=[Decision(next_step=NextStep())])]))
    assert data["items"] == [{"number": 3, "blocks": [{"decision": {"next_step": {}}}]}]


def test_dates_are_written_in_iso_form_and_spans_by_their_kind():
    outcome = Outcome(
        issue_date=date(2017, 12, 19),
        meeting_dates=[date(2017, 11, 21)],
        items=[
            Item(
                1,
                (Text("a", bold=True), ReferenceLink("12583/5/17 REV 5"), FootnoteMark("1")),
                [Paragraph((DelegationList(("DE", "DK")), Text("b")))],
            )
        ],
    )
    data = json.loads(dumps(outcome))
    assert data["issue_date"] == "2017-12-19"
    assert data["meeting_dates"] == ["2017-11-21"]
    assert data["items"][0]["heading"] == [
        {"text": "a", "bold": True},
        {"reference": "12583/5/17 REV 5"},
        {"footnote": "1"},
    ]
    assert data["items"][0]["blocks"] == [{"paragraph": [{"delegations": ["DE", "DK"]}, {"text": "b"}]}]


def test_the_text_is_indented_by_two_and_keeps_its_characters():
    text = dumps(Outcome(subject="“Hawala” – I/A-item"))
    assert '\n  "subject": "“Hawala” – I/A-item"' in text
    assert text.index('"format"') < text.index('"version"') < text.index('"subject"')


def test_explicit_defaults_and_nulls_are_read_as_the_defaults():
    data = valid()
    data["marking"] = None
    data["items"][0]["mixed_committee"] = False
    data["items"][0]["heading"][0]["bold"] = False
    assert loads(json.dumps(data)) == loads(json.dumps(valid()))


def broken(change) -> dict:
    data = copy.deepcopy(valid())
    change(data)
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "document: expected an object, found a list"),
        ({"version": 1}, "document: missing required field 'format'"),
        (
            {"format": "something else", "version": 1},
            "format: expected 'council-outcome', found 'something else'",
        ),
        ({"format": "council-outcome", "version": 2}, "version: version 2 is newer than this program reads"),
        ({"format": "council-outcome", "version": "1"}, "version: expected a whole number, found text"),
        ({"format": "council-outcome"}, "document: missing required field 'version'"),
        (
            broken(lambda d: d.update(issue_date="2017-02-30")),
            "issue_date: not a date in the form YYYY-MM-DD",
        ),
        (broken(lambda d: d.update(issue_date="20171219")), "issue_date: not a date in the form YYYY-MM-DD"),
        (broken(lambda d: d.update(subject=None)), "subject: expected text, found null"),
        (
            broken(lambda d: d.update(meeting_dates="2017-11-21")),
            "meeting_dates: expected a list, found text",
        ),
        (broken(lambda d: d.update(numbering="random")), "numbering: unknown numbering 'random'"),
        (broken(lambda d: d.update(colour="blue")), "document: unknown field 'colour'"),
        (broken(lambda d: d["items"][1].pop("number")), "items[1]: missing required field 'number'"),
        (broken(lambda d: d["items"][1].update(number=True)), "items[1].number: expected a whole number"),
        (broken(lambda d: d["items"][1].update(number=2.0)), "items[1].number: expected a whole number"),
        (
            broken(lambda d: d["items"][3]["blocks"].__setitem__(0, {"x": []})),
            "items[3].blocks[0]: unknown block kind 'x'",
        ),
        (
            broken(lambda d: d["items"][3]["blocks"][0].update(paragraph=[])),
            "items[3].blocks[0]: a block has one kind, found paragraph and dash_list",
        ),
        (
            broken(lambda d: d["items"][0]["heading"][0].update(italic=True)),
            "items[0].heading[0]: unknown span key 'italic'",
        ),
        (broken(lambda d: d["items"][0]["heading"].append({})), "items[0].heading[1]: empty span"),
        (
            broken(lambda d: d["items"][0]["heading"].append({"reference": "1/17", "bold": True})),
            "unknown span key 'bold'",
        ),
        (
            broken(lambda d: d["items"][0]["heading"].append({"delegations": "DE"})),
            "delegations: expected a list",
        ),
        (
            broken(lambda d: d["items"][0]["heading"][0].update(bold="yes")),
            "heading[0].bold: expected true or false",
        ),
        (
            broken(lambda d: d["items"][2]["blocks"][0]["decision"].update(action="vetoed")),
            "items[2].blocks[0].decision.action: unknown action 'vetoed'",
        ),
        (
            broken(lambda d: d["items"][2]["blocks"][0]["decision"]["next_step"].update(purpose="fun")),
            "items[2].blocks[0].decision.next_step.purpose: unknown purpose 'fun'",
        ),
        (
            broken(
                lambda d: d["items"][2]["blocks"][0]["decision"]["next_step"].update(council_date="7 Dec")
            ),
            "decision.next_step.council_date: not a date",
        ),
        (
            broken(lambda d: d["items"][1]["footnotes"][0].pop("label")),
            "items[1].footnotes[0]: missing required",
        ),
        (broken(lambda d: d["items"][1].update(sub_item_style="roman")), "unknown sub-item style 'roman'"),
        (
            broken(lambda d: d.update(subject_codes=[{"code": "COSI"}])),
            "subject_codes[0]: missing required field 'number'",
        ),
        (
            broken(lambda d: d.update(footer={"initials": 7})),
            "footer.initials: expected text, found a whole number",
        ),
    ],
)
def test_input_that_is_not_the_format_is_refused_naming_where(data, message):
    with pytest.raises(FormatError) as refused:
        from_json(data)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


def test_a_control_character_is_refused_where_it_stands():
    data = valid()
    data["items"][1]["footnotes"][0]["content"][0]["text"] = "bell\u0007"
    with pytest.raises(
        FormatError, match=r"items\[1\]\.footnotes\[0\]\.content\[0\]\.text: .*control character"
    ):
        from_json(data)


def test_a_control_character_in_a_field_no_passage_covers_is_refused_too():
    data = valid()
    data["items"][0]["classification"] = "RESTREINT\u0000"
    with pytest.raises(FormatError, match=r"items\[0\]\.classification: .*U\+0000"):
        from_json(data)


def test_text_that_is_not_json_is_a_format_error_with_its_position():
    with pytest.raises(FormatError, match="not JSON: .* line 1, column 2"):
        loads("{not json")


def test_the_format_error_is_a_value_error_so_callers_may_catch_either():
    with pytest.raises(ValueError):
        loads('{"format": "council-outcome", "version": 1, "items": [{"number": "one"}]}')
