"""The plain-text and markdown importer: the sample item by item, then each form it accepts."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.domain.dates import format_days
from drafting.domain.model import (
    DashList,
    DelegationList,
    Footnote,
    FootnoteMark,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItemStyle,
    SubjectCode,
    Text,
    plain_text,
)
from drafting.io import FormatError, ImportResult
from drafting.io.json_format import dumps
from drafting.io.text_import import import_text

SAMPLES = Path(__file__).parents[2] / "drafting" / "samples"
SAMPLE_TEXT = (SAMPLES / "15754-17.txt").read_text(encoding="utf-8")
SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

HEADER = """\
Brussels, 19 December 2017
15754/17
OUTCOME OF PROCEEDINGS
From: General Secretariat of the Council
On: 21 November 2017
To: Delegations
Subject: Standing Committee on Operational Cooperation on Internal Security

"""


@pytest.fixture(scope="module")
def sample() -> ImportResult:
    return import_text(SAMPLE_TEXT)


def body(text: str) -> Outcome:
    """An outcome read from the standard header followed by `text`, with nothing left unread."""
    result = import_text(HEADER + text)
    assert result.unread == []
    return result.outcome


# ---------------------------------------------------------------- the sample, item by item


def test_the_sample_is_read_whole(sample):
    assert sample.unread == []
    assert [item.number for item in sample.outcome.items] == list(range(1, 12))


def test_the_samples_header(sample):
    outcome = sample.outcome
    assert outcome.document_number == "15754/17"
    assert outcome.issue_date == date(2017, 12, 19)
    assert outcome.place == "Brussels"
    assert outcome.subject_codes == [
        SubjectCode("COSI", 334),
        SubjectCode("JAI", 1207),
        SubjectCode("COMIX", 852),
    ]
    assert outcome.document_type == "OUTCOME OF PROCEEDINGS"
    assert outcome.sender == "General Secretariat of the Council"
    assert outcome.meeting_dates == [date(2017, 11, 21)]
    assert outcome.recipient == "Delegations"
    assert outcome.subject == "Standing Committee on Operational Cooperation on Internal Security\n(COSI)"
    assert outcome.marking is None and outcome.interinstitutional_file is None
    assert outcome.footer == Outcome().footer


def test_the_samples_item_1_adopts_the_agenda(sample):
    item = sample.outcome.items[0]
    assert item.heading == (Text("Adoption of the agenda"),)
    assert item.blocks == [Paragraph((Text("The agenda set out in 14260/1/17 REV 1 was adopted."),))]


def test_the_samples_item_2_carries_the_mixed_committee_footnote_on_its_heading(sample):
    item = sample.outcome.items[1]
    assert item.heading[-1] == FootnoteMark("1")
    assert plain_text(item.heading).endswith("in the Justice and Home Affairs area")
    assert item.mixed_committee is True
    assert item.footnotes == [
        Footnote("1", (Text("Exceptionally in the presence of the Schengen Associated States."),))
    ]
    assert [block.kind for block in item.blocks] == ["paragraph"]
    assert plain_text(item.blocks[0].content).endswith("to Coreper and the Council as an I/A-item.")


def test_the_samples_item_3_is_a_paragraph_then_four_dashed_entries(sample):
    item = sample.outcome.items[2]
    assert item.heading == (Text("Information from the Presidency:"),)
    assert item.blocks[0] == Paragraph((Text("The Committee took note of"),))
    assert isinstance(item.blocks[1], DashList)
    assert len(item.blocks[1].entries) == 4
    assert plain_text(item.blocks[1].entries[2]).startswith("the outcome of the EU-US Justice")
    assert len(item.blocks) == 2


def test_the_samples_items_4_and_5_are_paragraphs_only(sample):
    four, five = sample.outcome.items[3:5]
    assert [block.kind for block in four.blocks] == ["paragraph"]
    assert [block.kind for block in five.blocks] == ["paragraph"] * 3
    assert plain_text(four.heading).startswith("Draft Council conclusions on strengthening")


def test_the_samples_item_6_list_runs_on_across_its_blank_line(sample):
    item = sample.outcome.items[5]
    assert [block.kind for block in item.blocks] == [
        "paragraph",
        "paragraph",
        "paragraph",
        "dash_list",
        "paragraph",
    ]
    entries = item.blocks[3].entries
    assert len(entries) == 4
    assert plain_text(entries[2]).startswith("to task Europol/EC3")


def test_the_samples_item_7_has_six_dashed_sub_items_with_bold_headings(sample):
    item = sample.outcome.items[6]
    assert item.heading == (Text("Counter-terrorism:"),)
    assert item.blocks == []
    assert item.sub_item_style is SubItemStyle.DASHED
    assert len(item.sub_items) == 6
    assert all(sub.letter is None for sub in item.sub_items)
    assert all(len(sub.heading) == 1 and sub.heading[0].bold for sub in item.sub_items)
    assert item.sub_items[0].heading == (
        Text("Draft Council conclusions on the strengthening of the ATLAS Network", True),
    )
    first = item.sub_items[0].blocks
    assert len(first) == 1
    assert ReferenceLink("12583/5/17 REV 5") in first[0].content
    assert ReferenceLink("13414/1/17 REV 1") in item.sub_items[1].blocks[0].content
    assert all(len(sub.blocks) == 1 for sub in item.sub_items)


def test_the_samples_items_8_to_11(sample):
    eight, nine, ten, eleven = sample.outcome.items[7:]
    assert len(eight.blocks) == 3
    assert ReferenceLink("10544/1/17 REV 1") in eight.blocks[1].content
    assert "criminal “Hawala” and" in plain_text(nine.heading)
    assert "terrorism financing – recommendations" in plain_text(nine.heading)
    assert plain_text(ten.heading).endswith("January 2016 - June 2017")
    assert "January 2015 - June 2016" in plain_text(ten.blocks[0].content)
    assert eleven.heading == (Text("Any other business:"),)
    assert eleven.blocks == [Paragraph((Text("No items were raised."),))]
    assert not any(item.mixed_committee for item in sample.outcome.items if item.number != 2)


def sample_lines_without_marks() -> list[str]:
    lines = []
    for raw in SAMPLE_TEXT.splitlines():
        line = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", raw.replace("**", "")).strip()
        if line:
            lines.append(line)
    return lines


def outcome_lines(outcome: Outcome) -> list[str]:
    """The outcome read out line by line as the sample prints it (what an export shows)."""
    lines = [f"{outcome.place}, {format_days([outcome.issue_date])}", f"(OR. {outcome.original_language})"]
    lines.append(outcome.document_number)
    lines += [str(code) for code in outcome.subject_codes]
    lines += [outcome.document_type, f"From: {outcome.sender}", f"On: {format_days(outcome.meeting_dates)}"]
    lines += [f"To: {outcome.recipient}", *f"Subject: {outcome.subject}".split("\n")]

    def read(content) -> str:
        return "".join(
            span.label.translate(SUPERSCRIPTS) if isinstance(span, FootnoteMark) else plain_text((span,))
            for span in content
        )

    def blocks(items) -> list[str]:
        out = []
        for block in items:
            if isinstance(block, Paragraph):
                out.append(read(block.content))
            else:
                out += [f"- {read(entry)}" for entry in block.entries]
        return out

    for item in outcome.items:
        lines.append(f"{item.number}. {read(item.heading)}")
        lines += blocks(item.blocks)
        for sub in item.sub_items:
            lines.append(f"- {read(sub.heading)}")
            lines += blocks(sub.blocks)
        lines += [f"{note.label.translate(SUPERSCRIPTS)} {read(note.content)}" for note in item.footnotes]
    return lines


def test_every_character_of_the_sample_is_kept(sample):
    assert outcome_lines(sample.outcome) == sample_lines_without_marks()


def test_the_shipped_sample_json_is_what_the_importer_makes_of_the_sample(sample):
    assert (SAMPLES / "15754-17.json").read_text(encoding="utf-8") == dumps(sample.outcome)


def test_windows_line_ends_and_a_byte_order_mark_change_nothing(sample):
    windows = "\ufeff" + SAMPLE_TEXT.replace("\n", "\r\n")
    again = import_text(windows)
    assert again.unread == []
    assert again.outcome == sample.outcome


# ---------------------------------------------------------------- the header


def test_every_header_line_of_a_full_header_is_read():
    text = """\
Council of the European Union
Luxembourg, 9 June 2017
(OR. fr)
Interinstitutional File:
2013/0256 (COD)
14260/1/17 REV 1
LIMITE
SCH-EVAL 91
COMIX 400
**OUTCOME OF PROCEEDINGS**
From:\tGeneral Secretariat of the Council
On:\t9 and 10 October 2017
To:\tSchengen Evaluation Working Party
No. prev. doc.:\t9726/17
No. Cion doc.:\tCOM(2016) 476 final
Subject:
Draft Council implementing decision
setting out a recommendation

1. Adoption of the agenda
"""
    result = import_text(text)
    assert result.unread == []
    outcome = result.outcome
    assert (outcome.place, outcome.issue_date, outcome.original_language) == (
        "Luxembourg",
        date(2017, 6, 9),
        "fr",
    )
    assert outcome.interinstitutional_file == "2013/0256 (COD)"
    assert outcome.document_number == "14260/1/17 REV 1"
    assert outcome.marking == "LIMITE"
    assert outcome.subject_codes == [SubjectCode("SCH-EVAL", 91), SubjectCode("COMIX", 400)]
    assert outcome.meeting_dates == [date(2017, 10, 9), date(2017, 10, 10)]
    assert outcome.recipient == "Schengen Evaluation Working Party"
    assert outcome.previous_documents == "9726/17"
    assert outcome.commission_documents == "COM(2016) 476 final"
    assert outcome.subject == "Draft Council implementing decision\nsetting out a recommendation"


@pytest.mark.parametrize(
    ("written", "days"),
    [
        ("20-21 November 2017", [date(2017, 11, 20), date(2017, 11, 21)]),
        ("9 and 10 October 2017", [date(2017, 10, 9), date(2017, 10, 10)]),
        ("30 November and 1 December 2017", [date(2017, 11, 30), date(2017, 12, 1)]),
        ("30 November – 2 December 2017", [date(2017, 11, 30), date(2017, 12, 1), date(2017, 12, 2)]),
        ("29 December 2017 and 2 January 2018", [date(2017, 12, 29), date(2018, 1, 2)]),
    ],
)
def test_a_meeting_over_several_days_is_read_day_by_day(written, days):
    outcome = import_text(HEADER.replace("21 November 2017", written)).outcome
    assert outcome.meeting_dates == days


@pytest.mark.parametrize(
    "written", ["31 November 2017", "21 November", "21 - 20 November 2017", "sometime in 2017"]
)
def test_a_meeting_date_that_cannot_be_understood_is_reported_not_guessed(written):
    result = import_text(HEADER.replace("21 November 2017", written))
    assert result.outcome.meeting_dates == []
    assert [(u.line, u.reason) for u in result.unread] == [(5, "meeting date not understood")]


def test_a_line_the_header_does_not_know_is_reported_with_its_number_and_reason():
    result = import_text("Brussels, 19 December 2017\nDraft for discussion\nOUTCOME OF PROCEEDINGS\n1. AOB\n")
    assert [(u.line, u.text, u.reason) for u in result.unread] == [
        (2, "Draft for discussion", "not a line of the header")
    ]


def test_text_between_the_subject_and_the_first_item_is_reported():
    result = import_text(HEADER + "The meeting was chaired by the Presidency.\n\n1. AOB\n")
    assert [u.reason for u in result.unread] == ["text before the first item"]
    assert len(result.outcome.items) == 1


@pytest.mark.parametrize("text", ["", "\n\n", "Dear colleagues,\nplease find attached the minutes.\n"])
def test_text_without_any_outcome_structure_is_refused(text):
    with pytest.raises(FormatError, match="no outcome found"):
        import_text(text)


def test_a_control_character_is_refused_naming_its_line():
    with pytest.raises(FormatError, match=r"line 9: .*control character.*U\+0007"):
        import_text(HEADER + "1. Adoption\u0007 of the agenda\n")


def test_a_page_break_in_extracted_text_is_only_a_line_end():
    outcome = body("1. Adoption of the agenda\f\nAdopted.\n")
    assert outcome.items[0].blocks == [Paragraph((Text("Adopted."),))]


# ---------------------------------------------------------------- the body


def test_items_keep_the_numbers_written_even_when_they_drift():
    outcome = body("1. Agenda\n\n3. Conclusions\n\n3. AOB\n")
    assert [item.number for item in outcome.items] == [1, 3, 3]


def test_an_item_heading_wholly_in_bold_is_a_plain_heading_but_partial_bold_is_kept():
    outcome = body("1. **Agenda**¹\n\n2. Conclusions on **Ukraine**\n\n¹ Mixed Committee.\n")
    assert outcome.items[0].heading == (Text("Agenda"), FootnoteMark("1"))
    assert outcome.items[1].heading == (Text("Conclusions on "), Text("Ukraine", True))


def test_lines_of_one_paragraph_or_entry_are_joined_by_a_space():
    outcome = body(
        "1. Agenda\n\nThe agenda set out in\n14260/1/17 REV 1 was adopted.\n\n- first\n  on\n- second\n"
    )
    paragraph, dash_list = outcome.items[0].blocks
    assert paragraph == Paragraph((Text("The agenda set out in 14260/1/17 REV 1 was adopted."),))
    assert dash_list == DashList([(Text("first on"),), (Text("second"),)])


def test_a_paragraph_between_two_lists_separates_them():
    outcome = body("1. Agenda\n\n- a\n\nNoted.\n\n- b\n")
    assert [block.kind for block in outcome.items[0].blocks] == ["dash_list", "paragraph", "dash_list"]


def test_lettered_sub_items_take_their_letters_and_their_own_paragraphs():
    outcome = body("1. Counter-terrorism\n\na) **ATLAS**\n\nAgreed.\n\nb) Threat assessment\n\n- noted\n")
    item = outcome.items[0]
    assert item.sub_item_style is SubItemStyle.LETTERED
    assert [sub.letter for sub in item.sub_items] == ["a", "b"]
    assert item.sub_items[0].heading == (Text("ATLAS", True),)
    assert item.sub_items[0].blocks == [Paragraph((Text("Agreed."),))]
    assert item.sub_items[1].blocks == [DashList([(Text("noted"),)])]


def test_a_dash_entry_only_partly_bold_is_an_entry_not_a_sub_item():
    outcome = body("1. Information\n\n- **Europol** presented its report\n")
    item = outcome.items[0]
    assert item.sub_items == []
    assert item.blocks == [DashList([(Text("Europol", True), Text(" presented its report"))])]


@pytest.mark.parametrize(
    "text",
    [
        "1. Terrorism [CONFIDENTIEL UE/EU CONFIDENTIAL]\n\nNoted.\n",
        "1. Terrorism\n\n[CONFIDENTIEL UE/EU CONFIDENTIAL]\n\nNoted.\n",
    ],
)
def test_a_classification_in_brackets_after_a_heading_is_the_items_classification(text):
    item = body(text).items[0]
    assert item.heading == (Text("Terrorism"),)
    assert item.classification == "CONFIDENTIEL UE/EU CONFIDENTIAL"
    assert item.blocks == [Paragraph((Text("Noted."),))]


def test_a_bracketed_line_later_in_an_item_is_running_text():
    item = body("1. Terrorism\n\nNoted.\n\n[DELETED]\n").items[0]
    assert item.classification is None
    assert item.blocks[-1] == Paragraph((Text("[DELETED]"),))


def test_footnotes_at_the_end_go_to_the_items_that_call_them():
    outcome = body(
        "1. Agenda¹\n\n2. Conclusions\n\nAs set out in 1/17² (DE and FR).\n\n"
        "¹ Held in Mixed Committee format.\n² 7371/16.\n"
    )
    first, second = outcome.items
    assert first.footnotes == [Footnote("1", (Text("Held in Mixed Committee format."),))]
    assert first.mixed_committee is True
    assert second.footnotes == [Footnote("2", (Text("7371/16."),))]
    assert second.mixed_committee is False
    assert second.blocks[0].content[-2:] == (DelegationList(("DE", "FR")), Text("."))


def test_a_footnote_called_nowhere_is_reported():
    result = import_text(HEADER + "1. Agenda\n\n³ A stray note.\n")
    assert [(u.line, u.text, u.reason) for u in result.unread] == [
        (11, "A stray note.", "no item calls footnote 3")
    ]
    assert result.outcome.items[0].footnotes == []


def test_a_markdown_footnote_is_read_like_a_superscript_one():
    item = body("1. Agenda[^a]\n\n[^a]: See the agenda.\n").items[0]
    assert item.footnotes == [Footnote("a", (Text("See the agenda."),))]


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(st.lists(st.sampled_from(list("1.-a)¹[]*( \n\t:") + ["On: ", "Subject: ", "x", "DE"]), max_size=60))
def test_any_text_gives_an_outcome_or_a_format_error(pieces):
    text = "".join(pieces)
    try:
        result = import_text(text)
    except FormatError as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(result.outcome, Outcome)
        assert all(u.line >= 1 for u in result.unread)
