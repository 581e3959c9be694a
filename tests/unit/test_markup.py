"""The inline markup: what each mark reads as, the escapes, and the exact round trip."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.domain.model import DelegationList, FootnoteMark, ReferenceLink, Text
from drafting.io.markup import KNOWN_CODES, canonical_inline, format_inline, parse_inline

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.txt"
LINE_PREFIX = re.compile(r"^(?:\d+\.|-|[a-z]\)|[¹²³⁴⁵⁶⁷⁸⁹⁰]+)\s+")

# Text that leans on the characters the markup gives a meaning to, so the escapes are exercised.
tricky_text = st.lists(
    st.sampled_from(list("ab *\\[]()^¹²⁰#,") + [" and ", "DE", "EL", "(FR)", "(DE and SI)", "\n"]),
    max_size=12,
).map("".join)
any_text = st.one_of(tricky_text, st.text(max_size=12))
labels = st.one_of(
    st.text(alphabet="0123456789", min_size=1, max_size=3), st.text(min_size=1, max_size=4), tricky_text
)
spans = st.one_of(
    st.builds(Text, any_text, st.booleans()),
    st.builds(ReferenceLink, st.one_of(tricky_text, st.text(max_size=20))),
    st.builds(FootnoteMark, labels),
    st.builds(
        DelegationList, st.lists(st.sampled_from(sorted(KNOWN_CODES)), min_size=1, max_size=5).map(tuple)
    ),
)
inlines = st.lists(spans, max_size=8).map(tuple)


def test_bold_is_read_between_double_asterisks():
    assert parse_inline("**Counter-terrorism:** noted") == (Text("Counter-terrorism:", True), Text(" noted"))


def test_a_link_with_any_target_reads_as_a_reference_and_is_written_with_a_hash():
    content = parse_inline("as set out in [12583/5/17 REV 5](https://example.org/doc), which")
    assert content == (Text("as set out in "), ReferenceLink("12583/5/17 REV 5"), Text(", which"))
    assert format_inline(content) == "as set out in [12583/5/17 REV 5](#), which"


def test_superscript_digits_are_one_footnote_mark_whatever_their_number():
    assert parse_inline("area¹") == (Text("area"), FootnoteMark("1"))
    assert parse_inline("area¹²") == (Text("area"), FootnoteMark("12"))


def test_two_marks_in_a_row_are_written_so_they_stay_two():
    content = (Text("area"), FootnoteMark("1"), FootnoteMark("2"))
    assert format_inline(content) == "area¹[^2]"
    assert parse_inline(format_inline(content)) == content


def test_a_footnote_label_that_is_not_a_number_is_written_in_brackets():
    assert format_inline((FootnoteMark("a"),)) == "[^a]"
    assert parse_inline("[^a]") == (FootnoteMark("a"),)


def test_a_list_of_known_codes_ending_with_and_is_a_delegation_list():
    assert parse_inline("(DE, DK, FR, HR, NL, PL, SE and SI)") == (
        DelegationList(("DE", "DK", "FR", "HR", "NL", "PL", "SE", "SI")),
    )
    assert parse_inline("supported by (EL)") == (Text("supported by "), DelegationList(("EL",)))


def test_the_mistaken_codes_are_read_so_the_checks_can_name_them():
    assert parse_inline("(GR and GB)") == (DelegationList(("GR", "GB")),)


@pytest.mark.parametrize("typed", ["(COSI)", "(DE, FR)", "(DE, FR, and SI)", "(XX and DE)", "(de)", "(TERR)"])
def test_brackets_that_are_not_a_delegation_list_stay_text(typed):
    assert parse_inline(typed) == (Text(typed),)


def test_an_unmatched_double_asterisk_is_literal_text():
    assert parse_inline("5 ** 2") == (Text("5 ** 2"),)


def test_a_backslash_before_an_ordinary_character_is_kept():
    assert parse_inline("C:\\Users") == (Text("C:\\Users"),)
    assert format_inline((Text("C:\\Users"),)) == "C:\\Users"


@pytest.mark.parametrize(
    ("content", "markup"),
    [
        ((Text("a ** b"),), "a \\*\\* b"),
        ((Text("[in] 123"),), "\\[in] 123"),
        ((Text("m¹"),), "m\\¹"),
        ((Text("(DE and FR)"),), "\\(DE and FR)"),
        ((Text("5*"), Text("x", True)), "5\\***x**"),
        ((ReferenceLink("a]b"),), "[a\\]b](#)"),
        ((ReferenceLink("^1"),), "[\\^1](#)"),
    ],
)
def test_literal_markup_characters_are_escaped_with_a_backslash(content, markup):
    assert format_inline(content) == markup
    assert parse_inline(markup) == content


def test_adjacent_runs_of_the_same_weight_are_merged():
    assert canonical_inline((Text("a"), Text("b"), Text(""), Text("c", True))) == (
        Text("ab"),
        Text("c", True),
    )
    assert parse_inline("**a****b**") == (Text("ab", True),)


def test_every_line_of_the_sample_is_written_back_exactly_as_it_was_typed():
    lines = [line for line in SAMPLE.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(lines) > 50
    for line in lines:
        body = LINE_PREFIX.sub("", line)
        assert format_inline(parse_inline(body)) == body


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(inlines)
def test_reading_what_was_written_gives_the_canonical_content_back(content):
    assert parse_inline(format_inline(content)) == canonical_inline(content)


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(inlines)
def test_writing_is_stable_on_its_own_output(content):
    markup = format_inline(content)
    assert format_inline(parse_inline(markup)) == markup


@settings(deadline=None)  # speed is measured by the benchmark, never asserted
@given(st.one_of(tricky_text, st.text()))
def test_any_typed_text_settles_after_one_reading(typed):
    content = parse_inline(typed)
    assert parse_inline(format_inline(content)) == content
    assert canonical_inline(content) == content
