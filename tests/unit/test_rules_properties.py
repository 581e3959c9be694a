"""Properties of the check on outcomes no one would write: it never fails, and dates are found in place."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.domain.checks import check
from drafting.domain.dates import MONTHS, scan_dates
from drafting.domain.model import (
    DashList,
    Decision,
    DelegationList,
    Footnote,
    FootnoteMark,
    Item,
    NextStep,
    Numbering,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
)

WORDS = [
    *MONTHS,
    "2017",
    "1999",
    "2014-2017",
    "31",
    "9",
    "0",
    "17",
    "and",
    "-",
    "–",
    "to",
    ",",
    "from",
    "between",
    "early",
    "would be submitted on",
    "was held on",
    "as set out",
    "in",
    "14260/1/17 REV 1",
    "CM 1995/16",
    "12583/5/17",
    "COM(2016) 476 final",
    "2017/0144 (COD)",
    "(",
    ")",
    "/",
    ".",
    "\x0b",
]
# Words that come close to dates and references ("Mune", "3O", "2017/") as well as ones that are.
near_misses = st.one_of(
    st.text(alphabet="JFMASONDanuryebchpilgstov0123456789 -–/(),.", max_size=8),
    st.tuples(st.sampled_from("JFMASOND"), st.sampled_from([m[1:] for m in MONTHS])).map("".join),
)
prose = st.lists(st.one_of(st.sampled_from(WORDS), near_misses), max_size=12).map(" ".join)
days = st.one_of(st.none(), st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)))
spans = st.one_of(
    prose.map(Text),
    st.sampled_from(["14260/1/17 REV 1", "12583/5/17", "nonsense"]).map(ReferenceLink),
    st.sampled_from(["1", "2", "a", ""]).map(FootnoteMark),
    st.lists(st.sampled_from(["DE", "FR", "EL", "GR", "UK", "NO", "XX", ""]), max_size=4).map(
        lambda codes: DelegationList(tuple(codes))
    ),
)
inline = st.lists(spans, max_size=4).map(tuple)
blocks = st.one_of(
    inline.map(Paragraph),
    st.lists(inline, max_size=3).map(DashList),
    st.builds(
        Decision, next_step=st.one_of(st.none(), st.builds(NextStep, coreper_date=days, council_date=days))
    ),
)
items = st.builds(
    Item,
    number=st.integers(-2, 12),
    heading=inline,
    blocks=st.lists(blocks, max_size=3),
    sub_items=st.lists(
        st.builds(
            SubItem,
            heading=inline,
            blocks=st.lists(blocks, max_size=2),
            letter=st.sampled_from([None, "a", "b", ""]),
        ),
        max_size=3,
    ),
    sub_item_style=st.sampled_from(SubItemStyle),
    classification=st.sampled_from([None, "", "LIMITE", "SECRET UE/EU SECRET", "odd"]),
    mixed_committee=st.booleans(),
    footnotes=st.lists(
        st.builds(Footnote, label=st.sampled_from(["1", "2", "a"]), content=inline), max_size=2
    ),
)
outcomes = st.builds(
    Outcome,
    document_number=st.sampled_from(["", "15754/17", "15754/2/17 REV 1", "COM(2016) 476", "nonsense"]),
    issue_date=days,
    original_language=st.sampled_from(["en", "EN", "", "xx"]),
    interinstitutional_file=st.sampled_from([None, "", "2017/0144 (COD)", "15754/17", "junk"]),
    marking=st.sampled_from([None, "", "LIMITE", "limite", "EU TOP SECRET"]),
    subject_codes=st.lists(
        st.builds(
            SubjectCode,
            code=st.sampled_from(["COSI", "COMIX", "cosi", "", "SCH-EVAL", "-"]),
            number=st.integers(-1, 5),
        ),
        max_size=3,
    ),
    meeting_dates=st.lists(st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)), max_size=2),
    previous_documents=st.sampled_from([None, "", "14260/17 REV 1", "words"]),
    subject=prose,
    items=st.lists(items, max_size=5),
    numbering=st.sampled_from(Numbering),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(outcomes)
def test_no_rule_fails_on_any_outcome(outcome):
    problems = check(outcome)
    assert [p.message for p in problems if p.code == "check.internal"] == []


@settings(max_examples=500, deadline=None)
@given(prose, days)
def test_every_date_found_is_where_it_says_and_in_order(text, around):
    mentions = scan_dates(text, around=around)
    ends = [0]
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.text
        assert mention.start >= ends[-1]
        ends.append(mention.end)
        if mention.sound:
            assert mention.first <= mention.last
