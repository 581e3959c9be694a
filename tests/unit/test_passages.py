"""Sentences of an outcome, and which of them a search by words or by a cited document finds."""

from __future__ import annotations

import pytest

from drafting.domain.model import (
    DashList,
    DelegationList,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    Text,
    text,
)
from drafting.domain.passages import (
    citation_matches,
    cited_documents,
    content_sentences,
    item_sentences,
    merged,
    outcome_sentences,
    pieces,
    search_words,
    sentence_bounds,
    word_matches,
)
from drafting.domain.problems import Location
from drafting.domain.references import parse_reference


def split(value: str) -> list[str]:
    return [value[start:end] for start, end in sentence_bounds(value)]


def sentences_of(value: str):
    return content_sentences(text(value), Location(item=0, item_number="1", block=0, block_kind="paragraph"))


def found(value: str, query: str) -> list[str]:
    """The sentences of `value` citing the document `query` names, with the marked part in brackets."""
    reference = parse_reference(query).reference
    assert reference is not None, query
    return [
        "".join(f"[{run}]" if marked else run for run, marked in pieces(m.sentence.text, m.marks))
        for m in citation_matches(sentences_of(value), reference)
    ]


# ---------------------------------------------------------------- sentences


def test_sentences_end_at_a_point_followed_by_a_capital():
    assert split("The agenda was adopted.  The Committee took note! Was it agreed? Yes.") == [
        "The agenda was adopted.",
        "The Committee took note!",
        "Was it agreed?",
        "Yes.",
    ]


@pytest.mark.parametrize(
    "value",
    [
        "Several agencies, e.g. Europol and Eurojust, took part.",
        "Delegations, i.e. DE and FR, agreed.",
        "As set out in doc. 14260/17 the text was agreed.",
        "See Regulation (EU) No. 1234/2016 on this.",
        "The chair, Mr. Jones, opened the meeting.",
        "Point 2 of Art. 5 applies.",
        "The note, cf. Annex I, was presented.",
        "Agreed on 7.12.2017 by the Committee.",
    ],
)
def test_abbreviations_and_dotted_numbers_do_not_end_a_sentence(value):
    assert split(value) == [value]


def test_a_point_inside_a_reference_does_not_end_a_sentence_but_one_after_it_does():
    link = "https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf"
    value = f"The text is at {link}. The Committee took note of COM(2016) 476 final. It agreed."
    assert split(value) == [
        f"The text is at {link}.",
        "The Committee took note of COM(2016) 476 final.",
        "It agreed.",
    ]


def test_a_number_opening_a_paragraph_is_not_a_sentence_of_its_own():
    assert split("1. The Committee agreed. 2. It noted.") == ["1. The Committee agreed.", "2. It noted."]


def test_a_point_before_a_small_letter_or_a_closing_quote_is_handled():
    assert split("It was approx. ten. They said “agreed.” Then left.") == [
        "It was approx. ten.",
        "They said “agreed.”",
        "Then left.",
    ]


def test_a_line_break_ends_a_sentence():
    assert split("Standing Committee on Internal Security\n(COSI)") == [
        "Standing Committee on Internal Security",
        "(COSI)",
    ]


def test_a_sentence_keeps_its_links_and_delegations_but_not_its_footnote_marks():
    content = (
        Text("The agenda set out in "),
        ReferenceLink("14260/1/17 REV 1"),
        Text(" was adopted"),
        FootnoteMark("1"),
        Text(". Some delegations "),
        DelegationList(("DE", "FR")),
        Text(" abstained."),
    )
    first, second = content_sentences(content, Location(item=0))
    assert first.text == "The agenda set out in 14260/1/17 REV 1 was adopted."
    assert first.content == (
        Text("The agenda set out in "),
        ReferenceLink("14260/1/17 REV 1"),
        Text(" was adopted"),
        Text("."),
    )
    assert [c.reference.printed for c in first.cited] == ["14260/1/17 REV 1"]
    assert second.text == "Some delegations (DE and FR) abstained."
    assert second.content == (Text("Some delegations "), DelegationList(("DE", "FR")), Text(" abstained."))


def test_the_sentences_of_an_outcome_say_where_they_stand():
    outcome = Outcome(
        document_number="15754/17",
        subject="Meeting of the Committee",
        items=[
            Item(1, heading=text("Adoption of the agenda"), blocks=[Paragraph(text("Adopted. In full."))]),
            Item(2, heading=text("AOB"), blocks=[DashList([text("first entry"), text("second entry")])]),
        ],
    )
    sentences = outcome_sentences(outcome)
    where = [(s.where, s.text) for s in sentences]
    assert ("document number", "15754/17") in where
    assert ("item 1, paragraph 1", "In full.") in where
    assert ("item 2, dash list 1, entry 2", "second entry") in where
    assert [s.item for s in sentences if s.text == "second entry"] == [1]
    assert all(s.item is not None for s in outcome_sentences(outcome, header=False))


# ---------------------------------------------------------------- words


def test_words_are_found_in_any_case_and_marked_each_time():
    matches = word_matches(
        sentences_of("Data retention was discussed. RETENTION of data. Nothing else."), ["data", "Retention"]
    )
    assert [m.sentence.text for m in matches] == ["Data retention was discussed.", "RETENTION of data."]
    assert matches[0].marks == ((0, 4), (5, 14))


def test_only_the_sentences_holding_every_word_when_some_do():
    sentences = sentences_of("Europol reported. Europol and Eurojust agreed. Eurojust left.")
    assert [m.sentence.text for m in word_matches(sentences, ["europol", "eurojust"])] == [
        "Europol and Eurojust agreed."
    ]
    assert [m.sentence.text for m in word_matches(sentences, ["europol", "frontex"])] == [
        "Europol reported.",
        "Europol and Eurojust agreed.",
    ]


def test_search_words_are_each_kept_once():
    assert search_words("  data Data  retention ") == ["data", "retention"]


def test_marks_that_touch_are_one_and_pieces_cover_the_text():
    assert merged([(5, 9), (0, 3), (2, 4), (9, 10)]) == ((0, 4), (5, 10))
    assert pieces("abcdefgh", [(2, 4)]) == [("ab", False), ("cd", True), ("efgh", False)]
    assert pieces("abc", []) == [("abc", False)]


# ---------------------------------------------------------------- references in any form


PRINTED = "The agenda set out in 14260/1/17 REV 1 was adopted. Nothing else was said."


@pytest.mark.parametrize(
    "query",
    [
        "14260/1/17 REV 1",
        "ST 14260 2017 REV 1",
        "st 14260/1/17 rev1",
        "ST-14260-2017-REV-1",
        "https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf",
        "14260/17 REV 1",  # the middle number left out: the same document
    ],
)
def test_a_printed_council_number_is_found_by_every_form_of_it(query):
    assert found(PRINTED, query) == ["The agenda set out in [14260/1/17 REV 1] was adopted."]


@pytest.mark.parametrize(
    "query", ["ST 14260 2017 REV 10", "14260/17", "ST 14260 2017 ADD 1", "14260/1/16 REV 1"]
)
def test_another_version_or_year_of_the_document_is_not_found(query):
    assert found(PRINTED, query) == []


@pytest.mark.parametrize(
    ("written", "query"),
    [
        ("the register form ST 14260 2017 REV 1", "14260/1/17 REV 1"),
        ("the meeting notice CM 1995/16", "CM 1995 2016 INIT"),
        ("the revised notice CM 5125/1/19 REV 1", "cm 5125 2019 rev 1"),
        ("the working paper WK 12538/2018 INIT", "WK 12538/18"),
        ("the working paper WK 12538/18", "WK 12538 2018 INIT"),
        ("the addendum 14956/15 ADD 1", "ST 14956 2015 ADD 1"),
        ("the corrigendum 14948/17 COR 1", "ST-14948-2017-COR-1"),
        ("the German corrigendum 14423/16 COR 1 (de)", "ST 14423 2016 COR 1"),
        ("the revised addendum 10728/4/16 REV 4 ADD 1", "ST 10728 2016 REV 4 ADD 1"),
        ("the documents 11213/20 + ADD 1", "ST 11213 2020 ADD 1"),
        ("the documents 11213/20 + ADD 1", "11213/20"),
        ("the initial version 15575/17 INIT", "15575/17"),
        ("the Commission proposal COM(2016) 476 final", "COM (2016) 476"),
        ("the Commission proposal COM(2016) 476 final", "COM/2016/0476 final"),
        ("the staff working document SWD(2016) 242 final", "swd(2016) 242"),
        ("the old proposal COM(97) 558 final", "COM(97) 558"),
        ("the file 2017/0144 (COD)", "COD 2017/0144"),
        ("the file 2017/0144(COD)", "2017/0144/COD"),
    ],
)
def test_every_reference_form_is_found_as_the_same_document(written, query):
    value = f"The Committee took note of {written}. Nothing else."
    result = found(value, query)
    assert len(result) == 1 and result[0].startswith("The Committee took note of ")
    marked = result[0][result[0].index("[") + 1 : result[0].index("]")]
    assert parse_reference(marked).identity is not None and marked in written


def test_a_reference_typed_as_a_link_is_found_by_its_register_form():
    content = (Text("As set out in "), ReferenceLink("12223/3/17 REV 3"), Text(", endorsed."))
    sentences = content_sentences(content, Location(item=0))
    reference = parse_reference("ST 12223 2017 REV 3").reference
    (match,) = citation_matches(sentences, reference)
    assert match.sentence.text[slice(*match.marks[0])] == "12223/3/17 REV 3"


def test_a_legal_act_or_a_fraction_is_not_a_document():
    assert found("Regulation (EU) No 1408/71 applies, 24/7.", "1408/71") == []


def test_the_documents_an_item_cites_are_listed_once_in_order():
    item = Item(
        3,
        heading=text("Roadmap"),
        blocks=[
            Paragraph(text("As set out in 12223/3/17 REV 3 and COM(2016) 476 final.")),
            Paragraph((Text("See "), ReferenceLink("ST 12223 2017 REV 3"), Text(" again."))),
            DashList([text("the file 2017/0144 (COD),")]),
        ],
    )
    cited = cited_documents(item_sentences(item, 2))
    assert [reference.printed for reference in cited] == [
        "12223/3/17 REV 3",
        "COM(2016) 476 final",
        "2017/0144 (COD)",
    ]
