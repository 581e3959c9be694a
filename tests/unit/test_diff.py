"""Word-level comparison of two texts, and the readable text of items and headers it compares."""

from __future__ import annotations

from datetime import date

import pytest

from drafting.domain.diff import Kind, Piece, header_text, item_text, unchanged, word_diff
from drafting.domain.model import (
    DashList,
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
    text,
)


def joined(pieces: list[Piece], *kinds: Kind) -> str:
    return "".join(piece.text for piece in pieces if piece.kind in kinds)


def test_one_word_replaced_is_one_removal_and_one_addition():
    pieces = word_diff("The Committee took note of the report.", "The Committee endorsed the report.")
    assert pieces == [
        Piece(Kind.SAME, "The Committee "),
        Piece(Kind.REMOVED, "took note of"),
        Piece(Kind.ADDED, "endorsed"),
        Piece(Kind.SAME, " the report."),
    ]


def test_a_punctuation_mark_changes_alone_not_the_whole_word():
    pieces = word_diff("was adopted.", "was adopted;")
    assert pieces == [Piece(Kind.SAME, "was adopted"), Piece(Kind.REMOVED, "."), Piece(Kind.ADDED, ";")]


def test_identical_texts_are_one_unchanged_piece():
    pieces = word_diff("Any other business", "Any other business")
    assert pieces == [Piece(Kind.SAME, "Any other business")] and unchanged(pieces)


def test_everything_added_to_an_empty_text_and_everything_removed_from_it():
    assert word_diff("", "New item") == [Piece(Kind.ADDED, "New item")]
    assert word_diff("Old item", "") == [Piece(Kind.REMOVED, "Old item")]
    assert word_diff("", "") == []


def test_line_breaks_are_kept_where_they_are():
    pieces = word_diff("1. Agenda\nIt was adopted.", "1. Agenda\nIt was not adopted.")
    assert pieces == [
        Piece(Kind.SAME, "1. Agenda\nIt was "),
        Piece(Kind.ADDED, "not "),
        Piece(Kind.SAME, "adopted."),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("a b c d", "a x y d"),
        ("The   spaced  text", "The spaced text\nwith a line"),
        ("COM(2017) 352 final", "COM(2018) 353 final, and more"),
        ("delegations (DE, FR and SI)", "delegations (DE and SI)"),
    ],
)
def test_the_pieces_give_both_texts_back(old, new):
    pieces = word_diff(old, new)
    assert joined(pieces, Kind.SAME, Kind.REMOVED) == old
    assert joined(pieces, Kind.SAME, Kind.ADDED) == new
    assert all(piece.text for piece in pieces)


def test_neighbouring_changed_words_read_as_one_change():
    pieces = word_diff("a b c d", "a x y d")
    assert Piece(Kind.REMOVED, "b c") in pieces and Piece(Kind.ADDED, "x y") in pieces


def test_an_item_reads_number_heading_passages_and_footnotes_last():
    item = Item(
        number=3,
        heading=(Text("Roadmap"), FootnoteMark("1")),
        blocks=[
            Paragraph(text("The Committee took note of")),
            DashList([text("the report,"), text("the plan.")]),
        ],
        sub_items=[SubItem(text("Next steps"), [Paragraph(text("Noted."))], letter="a")],
        classification="LIMITE",
        footnotes=[Footnote("1", text("Exceptionally in the presence of the Schengen Associated States."))],
        mixed_committee=True,
    )
    assert item_text(item).splitlines() == [
        "3. Roadmap [LIMITE]",
        "(Mixed Committee)",
        "The Committee took note of",
        "– the report,",
        "– the plan.",
        "a) Next steps",
        "Noted.",
        "[1] Exceptionally in the presence of the Schengen Associated States.",
    ]


def test_dashed_sub_items_read_with_a_dash():
    item = Item(
        2, text("Counter-terrorism:"), sub_item_style=SubItemStyle.DASHED, sub_items=[SubItem(text("ATLAS"))]
    )
    assert item_text(item) == "2. Counter-terrorism:\n– ATLAS"


def test_the_header_reads_field_by_field():
    outcome = Outcome(
        document_number="15754/17",
        subject="Standing Committee (COSI)",
        subject_codes=[SubjectCode("COSI", 264)],
        meeting_dates=[date(2017, 11, 30)],
    )
    lines = header_text(outcome).splitlines()
    assert "Document number: 15754/17" in lines
    assert "Subject: Standing Committee (COSI)" in lines
    assert "Subject codes: COSI 264" in lines and "Meeting dates: 2017-11-30" in lines
    assert not any(line.startswith("Marking") for line in lines)  # an empty field is left out
