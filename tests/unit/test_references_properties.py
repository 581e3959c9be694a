"""Properties of the reference grammar over generated references and arbitrary text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from drafting.domain import references, references_rules
from drafting.domain.references import (
    CommissionReference,
    CouncilReference,
    ProcedureReference,
    Suffix,
    parse_reference,
    scan_references,
)
from drafting.domain.references_grammar import LANGUAGES, PROCEDURE_CODES, SERIES

# Kept modest so the whole file runs in a few seconds.
FEW = settings(max_examples=150, deadline=None)

# Characters references are made of, so that arbitrary text often comes close to one.
NEAR_REFERENCE = st.text(
    alphabet="0123456789/ +-()\n\u00a0REVADDCORINTEXDLSCMWKPUOJNfinalde.:htps",
    max_size=80,
)


def suffix(kind: str) -> st.SearchStrategy[Suffix]:
    number = st.integers(1, 12)
    if kind == "COR":
        language = st.none() | st.sampled_from(sorted(LANGUAGES))
        return st.builds(Suffix, st.just(kind), number, language)
    return st.builds(Suffix, st.just(kind), number)


@st.composite
def chains(draw: st.DrawFn, max_size: int = 3) -> tuple[Suffix, ...]:
    """A chain of suffixes with no kind twice in a row."""
    kinds: list[str] = []
    for _ in range(draw(st.integers(0, max_size))):
        kinds.append(
            draw(st.sampled_from([k for k in ("REV", "ADD", "COR", "EXT", "DCL") if kinds[-1:] != [k]]))
        )
    return tuple(draw(suffix(kind)) for kind in kinds)


@st.composite
def council_references(draw: st.DrawFn) -> CouncilReference:
    series = draw(st.sampled_from(SERIES))
    usual = references_rules.USUAL_ST_NUMBERS or range(1, 100000)
    number = draw(st.integers(usual.start, usual.stop - 1) if series == "ST" else st.integers(1, 99999))
    suffixes = draw(chains())
    companions = tuple(draw(st.lists(chains(2).filter(bool), max_size=2)))
    initial_marked = not suffixes and not companions and draw(st.booleans())
    return CouncilReference(
        series,
        number,
        draw(st.integers(1990, 2026)),
        suffixes,
        companions,
        initial_marked,
        long_year=series == "WK" and draw(st.booleans()),
    )


commission_references = st.builds(
    CommissionReference,
    st.sampled_from(["COM", "SWD", "JOIN", "SEC", "C"]),
    st.integers(1970, 2026),
    st.integers(1, 9999),
    st.booleans(),
    st.none() | st.integers(2, 5),
)
procedure_references = st.builds(
    ProcedureReference,
    st.integers(1990, 2026),
    st.integers(1, 9999),
    st.sampled_from(sorted(PROCEDURE_CODES)),
)
any_reference = council_references() | commission_references | procedure_references


@FEW
@given(st.text(max_size=200))
def test_reading_any_text_never_raises(text):
    parsed = parse_reference(text, citing_year=2017)
    assert parsed.reference is not None or not parsed.ok


@FEW
@given(NEAR_REFERENCE)
def test_reading_text_close_to_a_reference_never_raises(text):
    parsed = parse_reference(text)
    assert parsed.ok == (parsed.reference is not None and not any(p.is_error for p in parsed.problems))


@FEW
@given(st.text(max_size=300) | NEAR_REFERENCE)
def test_scanning_any_text_never_raises_and_finds_spans_of_it(text):
    found = scan_references(text, citing_year=2017)
    assert all(text[f.start : f.end] == f.text for f in found)
    assert all(earlier.end <= later.start for earlier, later in zip(found, found[1:], strict=False))


@FEW
@given(any_reference)
def test_a_printed_reference_reads_back_as_itself_without_problems(reference):
    parsed = parse_reference(reference.printed, citing_year=2026)
    assert parsed.problems == ()
    assert parsed.canonical == reference.printed
    assert parsed.identity == reference.identity


@FEW
@given(council_references())
def test_a_printed_reference_and_its_register_forms_are_the_same_document(reference):
    base = reference.documents[0]
    printed = parse_reference(reference.printed)
    assert parse_reference(printed.register).identity == base.identity
    assert parse_reference(base.slug).identity == base.identity
    assert parse_reference(printed.link).identity == base.identity


@FEW
@given(
    any_reference,
    st.sampled_from(["as set out in ", "(", "see ", ""]),
    st.sampled_from([".", ")", ", which", ""]),
)
def test_a_reference_in_running_text_is_found_whole(reference, before, after):
    text = f"The Committee agreed {before}{reference.printed}{after} today"
    (found,) = scan_references(text, citing_year=2026)
    assert found.text == reference.printed
    assert found.start == text.index(reference.printed)
    assert found.parsed.identity == reference.identity


def exhaustive_scan(text: str) -> list[tuple[int, int]]:
    """The finder tried at every position: what the quick scan must equal."""
    usual = references_rules.USUAL_ST_NUMBERS
    spans: list[tuple[int, int]] = []
    position = 0
    while (match := references.FINDER.search(text, position)) is not None:
        start, end = match.span()
        if references.stands_alone(text, start, end):
            parsed = references.read(match.group(), None, usual)
            if parsed.reference is not None and references.is_cited(text, start, match.group(), parsed):
                spans.append((start, end))
                position = end
                continue
        position = start + 1
    return spans


@FEW
@given(st.lists(any_reference.map(lambda r: r.printed) | NEAR_REFERENCE, max_size=6).map(" ".join))
def test_the_quick_scan_finds_what_trying_every_position_finds(text):
    assert [(f.start, f.end) for f in scan_references(text)] == exhaustive_scan(text)
