"""The reference grammar against every example of the council conventions, section 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafting.domain import references_rules
from drafting.domain.problems import Severity
from drafting.domain.references import (
    CommissionReference,
    CouncilReference,
    ProcedureReference,
    normalise_reference,
    parse_reference,
    scan_references,
)

SAMPLE = Path(__file__).parents[2] / "drafting" / "samples" / "15754-17.txt"

# ---------------------------------------------------------------- 1.1 printed Council numbers

PRINTED = [
    ("15754/17", "ST 15754 2017 INIT"),
    ("14673/17", "ST 14673 2017 INIT"),
    ("9726/17", "ST 9726 2017 INIT"),
    ("14260/1/17 REV 1", "ST 14260 2017 REV 1"),
    ("12223/3/17 REV 3", "ST 12223 2017 REV 3"),
    ("12583/5/17 REV 5", "ST 12583 2017 REV 5"),
    ("14956/15 ADD 1", "ST 14956 2015 ADD 1"),
    ("10728/4/16 REV 4 ADD 1", "ST 10728 2016 REV 4 ADD 1"),
    ("6747/12 ADD 1 REV 1", "ST 6747 2012 ADD 1 REV 1"),
    ("14948/17 COR 1", "ST 14948 2017 COR 1"),
    ("14423/16 COR 1 (de)", "ST 14423 2016 COR 1"),
    ("14074/3/17 REV 3 COR 1 (pt)", "ST 14074 2017 REV 3 COR 1"),
    ("15575/17 INIT", "ST 15575 2017 INIT"),
    ("WK 5835/2024 REV 1 DCL 1", "WK 5835 2024 REV 1 DCL 1"),
    ("10728/16 EXT 1", "ST 10728 2016 EXT 1"),
    ("11213/20 + ADD 1 + ADD 1 COR 1 + ADD 2", "ST 11213 2020 INIT"),
    ("14074/3/17 REV 3 + REV 3 COR 1 (pt)", "ST 14074 2017 REV 3"),
    ("CM 1995/16", "CM 1995 2016 INIT"),
    ("CM 5125/1/19 REV 1", "CM 5125 2019 REV 1"),
    ("SN 4438/7/01 REV 7", "SN 4438 2001 REV 7"),
    ("PE-CONS 52/17", "PE 52 2017 INIT"),
    ("PE-CONS 68/1/10 REV 1", "PE 68 2010 REV 1"),
    ("EUCO 14/17", "EUCO 14 2017 INIT"),
    ("EEE 1606/1/17 REV 1", "EEE 1606 2017 REV 1"),
    ("CONV 459/02", "CONV 459 2002 INIT"),
    ("WK 12538/2018 INIT", "WK 12538 2018 INIT"),
    ("WK 10770/19 REV 3", "WK 10770 2019 REV 3"),
    ("WK 14407/2019", "WK 14407 2019 INIT"),
    ("14260/5/17 REV 5", "ST 14260 2017 REV 5"),  # rule 5: REV 4 need not exist
]


@pytest.mark.parametrize(("text", "register"), PRINTED)
def test_a_printed_number_is_read_without_problems_and_kept_as_printed(text, register):
    parsed = parse_reference(text, citing_year=2024)
    assert parsed.problems == ()
    assert parsed.ok
    assert parsed.form == "printed"
    assert parsed.canonical == text
    assert parsed.register == register


def test_a_printed_number_gives_its_series_number_four_digit_year_and_suffixes():
    reference = parse_reference("SN 4438/7/01 REV 7").reference
    assert isinstance(reference, CouncilReference)
    assert (reference.series, reference.number, reference.year, reference.revision) == ("SN", 4438, 2001, 7)
    assert [str(suffix) for suffix in reference.suffixes] == ["REV 7"]


def test_each_companion_is_a_chain_of_its_own_on_the_base_number():
    reference = parse_reference("11213/20 + ADD 1 + ADD 1 COR 1 + ADD 2").reference
    assert isinstance(reference, CouncilReference)
    assert reference.suffixes == ()
    assert [[str(s) for s in companion] for companion in reference.companions] == [
        ["ADD 1"],
        ["ADD 1", "COR 1"],
        ["ADD 2"],
    ]


def test_a_corrigendum_keeps_the_language_version_it_corrects():
    reference = parse_reference("14074/3/17 REV 3 + REV 3 COR 1 (pt)").reference
    assert isinstance(reference, CouncilReference)
    assert reference.companions[0][-1].language == "pt"


# ---------------------------------------------------------------- 1.2 register identifiers and links

REGISTER_FORMS = [
    ("ST 14978 2016 INIT", "register", "14978/16"),
    ("ST 5653 2016 REV 1", "register", "5653/1/16 REV 1"),
    ("ST 5151 2017 COR 1", "register", "5151/17 COR 1"),
    ("CM 1006 2017 REV 1", "register", "CM 1006/1/17 REV 1"),
    ("ST 15754 2017 INIT", "register", "15754/17"),
    ("CM 1995 2016 INIT", "register", "CM 1995/16"),
    ("ST 14260 2017 REV 1", "register", "14260/1/17 REV 1"),
    ("PE-CONS 24 2024 REV 1", "register", "PE-CONS 24/1/24 REV 1"),
    ("ST-10400-2026-ADD-1", "slug", "10400/26 ADD 1"),
    ("CM-3971-2026-INIT", "slug", "CM 3971/26"),
    ("WK-12134-2025-INIT", "slug", "WK 12134/2025 INIT"),
    ("PE-24-2024-REV-1", "slug", "PE-CONS 24/1/24 REV 1"),
    ("ST-14260-2017-REV-1", "slug", "14260/1/17 REV 1"),
    ("https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf", "link", "14260/1/17 REV 1"),
    ("http://data.consilium.europa.eu/doc/document/CM-3971-2026-INIT/fr", "link", "CM 3971/26"),
]


@pytest.mark.parametrize(("text", "form", "printed"), REGISTER_FORMS)
def test_a_pasted_register_form_is_shown_in_printed_form(text, form, printed):
    parsed = parse_reference(text)
    assert parsed.problems == ()
    assert parsed.form == form
    assert parsed.canonical == printed


CONVERSIONS = [
    (
        "14260/1/17 REV 1",
        "ST 14260 2017 REV 1",
        "https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf",
    ),
    (
        "15754/17",
        "ST 15754 2017 INIT",
        "https://data.consilium.europa.eu/doc/document/ST-15754-2017-INIT/en/pdf",
    ),
    (
        "CM 1995/16",
        "CM 1995 2016 INIT",
        "https://data.consilium.europa.eu/doc/document/CM-1995-2016-INIT/en/pdf",
    ),
    (
        "14423/16 COR 1 (de)",
        "ST 14423 2016 COR 1",
        "https://data.consilium.europa.eu/doc/document/ST-14423-2016-COR-1/de/pdf",
    ),
    (
        "PE-CONS 24/1/24 REV 1",
        "PE 24 2024 REV 1",
        "https://data.consilium.europa.eu/doc/document/PE-24-2024-REV-1/en/pdf",
    ),
    (
        "WK 12134/2025 INIT",
        "WK 12134 2025 INIT",
        "https://data.consilium.europa.eu/doc/document/WK-12134-2025-INIT/en/pdf",
    ),
    (
        "11213/20 + ADD 1 + ADD 1 COR 1 + ADD 2",
        "ST 11213 2020 INIT",
        "https://data.consilium.europa.eu/doc/document/ST-11213-2020-INIT/en/pdf",
    ),
]


@pytest.mark.parametrize(("printed", "register", "link"), CONVERSIONS)
def test_a_printed_number_converts_to_its_register_identifier_and_link(printed, register, link):
    parsed = parse_reference(printed)
    assert parsed.register == register
    assert parsed.link == link
    base = parsed.reference.documents[0]
    assert parse_reference(register).identity == base.identity


def test_each_document_of_a_reference_with_companions_can_be_cited_alone():
    reference = parse_reference("14074/3/17 REV 3 + REV 3 COR 1 (pt)").reference
    assert [document.printed for document in reference.documents] == [
        "14074/3/17 REV 3",
        "14074/3/17 REV 3 COR 1 (pt)",
    ]
    assert reference.documents[1].link() == (
        "https://data.consilium.europa.eu/doc/document/ST-14074-2017-REV-3-COR-1/pt/pdf"
    )


def test_the_slug_is_the_register_identifier_with_hyphens():
    reference = parse_reference("14260/1/17 REV 1").reference
    assert isinstance(reference, CouncilReference)
    assert reference.slug == "ST-14260-2017-REV-1"


@pytest.mark.parametrize(
    "form",
    [
        "ST 14260 2017 REV 1",
        "ST-14260-2017-REV-1",
        "https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf",
        "14260/17 REV 1",
        "14260/2/17 REV 1",
        "14260 / 1 / 17 rev 1",
    ],
)
def test_the_same_document_in_another_form_has_the_same_identity(form):
    assert parse_reference(form).identity == parse_reference("14260/1/17 REV 1").identity


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("15754/17", "15754/17 INIT"),
        ("WK 10770/19 REV 3", "WK 10770/2019 REV 3"),
        ("14423/16 COR 1 (de)", "ST 14423 2016 COR 1"),
    ],
)
def test_printing_choices_do_not_change_the_document(one, other):
    assert parse_reference(one).identity == parse_reference(other).identity


@pytest.mark.parametrize(
    "other", ["14260/17", "14260/2/17 REV 2", "14260/1/16 REV 1", "CM 14260/1/17 REV 1", "14260/17 ADD 1"]
)
def test_a_different_document_has_a_different_identity(other):
    assert parse_reference(other).identity != parse_reference("14260/1/17 REV 1").identity


# ---------------------------------------------------------------- 1.3 Commission documents and procedures

COMMISSION = [
    ("COM(2016) 476 final", "COM", 2016, 476),
    ("SWD(2016) 242 final", "SWD", 2016, 242),
    ("JOIN(2012) 558 final", "JOIN", 2012, 558),
    ("SEC(2010) 357", "SEC", 2010, 357),
    ("C(2019) 37", "C", 2019, 37),
    ("COM(97) 558 final", "COM", 1997, 558),
    ("COM(2016) 476 final/2", "COM", 2016, 476),
]


@pytest.mark.parametrize(("text", "series", "year", "number"), COMMISSION)
def test_a_commission_document_is_read_as_printed(text, series, year, number):
    parsed = parse_reference(text, citing_year=2024)
    assert parsed.problems == ()
    assert parsed.canonical == text
    assert isinstance(parsed.reference, CommissionReference)
    assert (parsed.reference.series, parsed.reference.year, parsed.reference.number) == (series, year, number)
    assert parsed.register is None
    assert parsed.link is None


def test_a_commission_document_pasted_from_the_law_database_is_shown_as_printed():
    parsed = parse_reference("COM/2016/0476 final")
    assert parsed.problems == ()
    assert parsed.canonical == "COM(2016) 476 final"
    assert parsed.identity == parse_reference("COM(2016) 476 final").identity


def test_a_corrected_commission_version_is_another_document():
    assert (
        parse_reference("COM(2016) 476 final/2").identity != parse_reference("COM(2016) 476 final").identity
    )


PROCEDURES = ["2017/0144 (COD)", "2013/0256 (COD)"] + [
    f"2016/0001 ({code})" for code in ("CNS", "NLE", "APP", "ACC", "ACI", "AVC", "BUD", "INI", "SYN")
]


@pytest.mark.parametrize("text", PROCEDURES)
def test_an_interinstitutional_file_is_read_as_printed(text):
    parsed = parse_reference(text, citing_year=2024)
    assert parsed.problems == ()
    assert parsed.canonical == text
    assert isinstance(parsed.reference, ProcedureReference)
    assert parsed.register is None


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2011/0431(APP)", "2011/0431 (APP)"),
        ("COD 2010/0312", "2010/0312 (COD)"),
        ("2013/0105/COD", "2013/0105 (COD)"),
        ("2017/144 (COD)", "2017/0144 (COD)"),
        ("2017/0144 (cod)", "2017/0144 (COD)"),
    ],
)
def test_an_interinstitutional_file_written_otherwise_is_normalised_with_a_warning(text, canonical):
    parsed = parse_reference(text)
    assert parsed.canonical == canonical
    assert [(p.severity, p.code, p.suggestion) for p in parsed.problems] == [
        (Severity.WARNING, "reference.non-canonical", canonical)
    ]
    assert parsed.identity == parse_reference(canonical).identity


# ---------------------------------------------------------------- the rules beyond the pattern

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N: an information note

PROBLEMS = [
    # rule 1: the middle number equals the REV number
    ("14260/2/17 REV 1", None, {(E, "rev-mismatch")}, "14260/1/17 REV 1"),
    ("CM 5125/2/19 REV 1 ADD 1", None, {(E, "rev-mismatch")}, "CM 5125/1/19 REV 1 ADD 1"),
    # rule 2: REV without the middle number, and a middle number without REV
    ("14260/17 REV 1", None, {(W, "rev-without-middle")}, "14260/1/17 REV 1"),
    ("CM 5125/19 REV 1", None, {(W, "rev-without-middle")}, "CM 5125/1/19 REV 1"),
    ("SN 4438/01 REV 7", None, {(W, "rev-without-middle")}, "SN 4438/7/01 REV 7"),
    ("PE-CONS 68/10 REV 1", None, {(W, "rev-without-middle")}, "PE-CONS 68/1/10 REV 1"),
    ("7843/3/14", None, {(W, "middle-without-rev")}, "7843/3/14 REV 3"),
    ("7843/3/14 ADD 1", None, {(W, "middle-without-rev")}, "7843/3/14 REV 3 ADD 1"),
    ("WK 10770/3/19 REV 3", None, {(W, "middle-in-working-paper")}, "WK 10770/19 REV 3"),
    # rule 3: a four-digit year only for WK
    ("15754/2017", None, {(W, "long-year")}, "15754/17"),
    ("CM 1995/2016", None, {(W, "long-year")}, "CM 1995/16"),
    ("14260/1/2017 REV 1", None, {(W, "long-year")}, "14260/1/17 REV 1"),
    # rule 4: nothing cited before it exists
    ("15754/17", 2016, {(E, "after-citing")}, None),
    ("WK 12538/2018 INIT", 2017, {(E, "after-citing")}, None),
    ("COM(2018) 1 final", 2017, {(E, "after-citing")}, None),
    ("2018/0001 (COD)", 2017, {(E, "after-citing")}, None),
    ("ST 15754 2017 INIT", 2016, {(E, "after-citing")}, None),
    # rule 6: ST numbers outside the usual range, a note only
    ("2500/17", None, {(N, "unusual-number")}, None),
    ("19000/17", None, {(N, "unusual-number")}, None),
    # slips of form
    ("05754/17", None, {(W, "leading-zero")}, "5754/17"),
    ("14260/1/17 REV 01", None, {(W, "leading-zero")}, "14260/1/17 REV 1"),
    ("0/17", None, {(E, "number-zero")}, None),
    ("14948/17 COR 0", None, {(E, "number-zero")}, None),
    ("15575/17 INIT ADD 1", None, {(E, "init-combined")}, "15575/17 ADD 1"),
    ("15575/17 INIT + ADD 1", None, {(E, "init-combined")}, "15575/17 + ADD 1"),
    ("15575/17 ADD 1 INIT", None, {(E, "init-combined")}, "15575/17 ADD 1"),
    ("15575/17 REV 1 INIT", None, {(E, "init-combined"), (W, "rev-without-middle")}, "15575/1/17 REV 1"),
    ("14423/16 COR 1 (xx)", None, {(E, "unknown-language")}, None),
    ("14423/16 COR 1 (DE)", None, {(W, "language-case")}, "14423/16 COR 1 (de)"),
    ("14956/15 ADD 1 (de)", None, {(W, "language-without-corrigendum")}, "14956/15 ADD 1"),
    ("14956/15 ADD 1 ADD 2", None, {(E, "repeated-suffix")}, None),
    ("ST 15754/17", None, {(N, "st-prefix")}, "15754/17"),
    ("14260/1/17 rev 1", None, {(W, "non-canonical")}, "14260/1/17 REV 1"),
    ("14260/1/17REV1", None, {(W, "non-canonical")}, "14260/1/17 REV 1"),
    ("cm 1995/16", None, {(W, "non-canonical")}, "CM 1995/16"),
    ("PE CONS 52/17", None, {(W, "non-canonical")}, "PE-CONS 52/17"),
    ("COM(2016)476 final", None, {(W, "non-canonical")}, "COM(2016) 476 final"),
    ("COM (2016) 476 final", None, {(W, "non-canonical")}, "COM(2016) 476 final"),
    ("COM(16) 476 final", None, {(W, "commission-year")}, "COM(2016) 476 final"),
    ("COM(1997) 558 final", None, {(W, "commission-year")}, "COM(97) 558 final"),
    ("COM(2016) 0476 final", None, {(W, "leading-zero")}, "COM(2016) 476 final"),
    ("COM(2016) 0 final", None, {(E, "number-zero")}, None),
    ("2017/0144 (XYZ)", None, {(E, "unknown-procedure-code")}, None),
]


@pytest.mark.parametrize(("text", "citing_year", "expected", "suggestion"), PROBLEMS)
def test_a_slip_is_named_with_its_severity_and_fix(text, citing_year, expected, suggestion):
    parsed = parse_reference(text, citing_year=citing_year)
    assert {(p.severity, p.code.removeprefix("reference.")) for p in parsed.problems} == expected
    assert all(p.code.startswith("reference.") and p.message for p in parsed.problems)
    assert {p.suggestion for p in parsed.problems} == {suggestion}
    assert parsed.ok == (E not in {severity for severity, _ in expected})
    if suggestion is not None:
        assert parsed.canonical == suggestion


def test_a_suggestion_reparses_without_the_problem_it_fixes():
    for text, _, _, suggestion in PROBLEMS:
        if suggestion is not None:
            assert parse_reference(suggestion).problems == (), text


def test_a_mismatched_revision_says_both_numbers():
    (problem,) = parse_reference("14260/2/17 REV 1").problems
    assert "2" in problem.message and "REV 1" in problem.message


def test_the_citing_year_allows_a_document_of_the_same_year():
    assert parse_reference("14260/1/17 REV 1", citing_year=2017).problems == ()


def test_the_usual_number_note_can_be_switched_off(monkeypatch):
    monkeypatch.setattr(references_rules, "USUAL_ST_NUMBERS", None)
    assert parse_reference("2500/17").problems == ()
    assert scan_references("see 2500/17.")[0].parsed.problems == ()


def test_the_usual_number_note_is_only_for_st_documents():
    assert parse_reference("CM 1995/16").problems == ()
    assert parse_reference("WK 300/2019").problems == ()


@pytest.mark.parametrize(
    ("text", "year"),
    [("CONV 459/02", 2002), ("SN 4438/7/01 REV 7", 2001), ("COM(97) 558 final", 1997), ("9726/49", 2049)],
)
def test_a_two_digit_year_turns_at_fifty(text, year):
    reference = parse_reference(text).reference
    assert reference is not None and reference.year == year


def test_a_located_problem_keeps_its_code_and_suggestion():
    from drafting.domain.problems import Location

    (problem,) = parse_reference("14260/17 REV 1").problems
    moved = problem.at(Location(item=0, item_number="1"))
    assert moved.location.describe() == "item 1"
    assert moved.suggestion == "14260/1/17 REV 1"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "15754",
        "15754/1",
        "123456/17",
        "15754/17 REV",
        "REV 1",
        "COM(2016)",
        "2017/0144",
        "1/2/3/4",
        "ST 14978 2016",
        "15754/17 and 15755/17",
        "x" * 500,
    ],
)
def test_what_is_not_a_reference_is_unreadable_and_not_ok(text):
    parsed = parse_reference(text)
    assert parsed.reference is None
    assert not parsed.ok
    assert [p.code for p in parsed.problems] == ["reference.unreadable"]
    assert parsed.canonical is None and parsed.register is None and parsed.identity is None


def test_surrounding_spaces_and_non_breaking_spaces_are_not_slips():
    parsed = parse_reference("  14260/1/17\u00a0REV\u00a01 ")
    assert parsed.problems == ()
    assert parsed.text == "  14260/1/17\u00a0REV\u00a01 "
    assert parsed.canonical == "14260/1/17 REV 1"


def test_normalising_gives_the_printed_form_or_leaves_the_text():
    assert normalise_reference("ST-14260-2017-REV-1") == "14260/1/17 REV 1"
    assert normalise_reference("COD 2010/0312") == "2010/0312 (COD)"
    assert normalise_reference("not a reference") == "not a reference"


# ---------------------------------------------------------------- finding references in running text

FOUND = [
    ("as set out in 12223/3/17 REV 3, which", ["12223/3/17 REV 3"]),
    ("footnote (7371/16).", ["7371/16"]),
    ("The agenda was adopted, as set out in CM 1995/16.", ["CM 1995/16"]),
    (
        "the proposal COM(2016) 476 final and SWD(2016) 242 final",
        ["COM(2016) 476 final", "SWD(2016) 242 final"],
    ),
    ("Interinstitutional File: 2017/0144 (COD)", ["2017/0144 (COD)"]),
    (
        "files 2011/0431(APP), COD 2010/0312 and 2013/0105/COD",
        ["2011/0431(APP)", "COD 2010/0312", "2013/0105/COD"],
    ),
    ("in 11213/20 + ADD 1 + ADD 1 COR 1 + ADD 2.", ["11213/20 + ADD 1 + ADD 1 COR 1 + ADD 2"]),
    ("in 14074/3/17 REV 3 + REV 3 COR 1 (pt) and", ["14074/3/17 REV 3 + REV 3 COR 1 (pt)"]),
    ("see WK 12538/2018 INIT, WK 10770/19 REV 3", ["WK 12538/2018 INIT", "WK 10770/19 REV 3"]),
    ("PE-CONS 52/17, EUCO 14/17, EEE 1606/1/17 REV 1, CONV 459/02", None),
    ("register ST 14978 2016 INIT and CM-3971-2026-INIT", ["ST 14978 2016 INIT", "CM-3971-2026-INIT"]),
    (
        "(https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf)",
        ["https://data.consilium.europa.eu/doc/document/ST-14260-2017-REV-1/en/pdf"],
    ),
    ("as set out [12583/5/17 REV 5](#), which", ["12583/5/17 REV 5"]),
    ("7371/16\u00b9 and 14260/1/17\u00a0REV\u00a01", ["7371/16", "14260/1/17\u00a0REV\u00a01"]),
    ("set out in 14260/1/17\nREV 1 was", ["14260/1/17\nREV 1"]),
    ("14260/17, 14261/17 and 14262/17", ["14260/17", "14261/17", "14262/17"]),
    ("Council document No 15754/17", ["15754/17"]),
    ("2014-2017 EU Policy Cycle and 15754/17", ["15754/17"]),
]


@pytest.mark.parametrize(("text", "expected"), FOUND)
def test_references_are_found_in_running_text_where_they_stand(text, expected):
    found = scan_references(text)
    expected = expected or [piece.strip() for piece in text.split(",")]
    assert [f.text for f in found] == expected
    assert all(text[f.start : f.end] == f.text for f in found)
    assert all(f.parsed.ok for f in found)


@pytest.mark.parametrize(
    ("text", "reference", "code"),
    [
        ("as set out in 14260/2/17 REV 1.", "14260/2/17 REV 1", "reference.rev-mismatch"),
        ("as set out in 15754/2017.", "15754/2017", "reference.long-year"),
        ("as set out in 14260/17 REV 1.", "14260/17 REV 1", "reference.rev-without-middle"),
        ("as set out in 7843/3/14, which", "7843/3/14", "reference.middle-without-rev"),
        ("as set out in 14423/16 COR 1 (xx).", "14423/16 COR 1 (xx)", "reference.unknown-language"),
    ],
)
def test_a_mistyped_reference_is_found_so_its_slip_can_be_reported(text, reference, code):
    (found,) = scan_references(text)
    assert found.text == reference
    assert [p.code for p in found.parsed.problems] == [code]


def test_a_reference_dated_after_the_outcome_is_found_with_an_error():
    (found,) = scan_references("as set out in 15754/18.", citing_year=2017)
    assert [p.code for p in found.parsed.problems] == ["reference.after-citing"]


NOT_REFERENCES = [
    "the meeting on 16-17 November 2017",
    "held on 9-10 November",
    "the 2014-2017 EU Policy Cycle",
    "for the period January 2016 - June 2017",
    "submitted as an I/A item",
    "Europol/EC3 was tasked",
    "CSDP missions/operations",
    "behind each IPv4 address",
    "available 24/7",
    "one half, 1/2, of the budget",
    "at 10:00 and 15:30",
    "on 18/19 November",
    "on 21/11/2017",
    "in 12/2017",
    "a 50/50 split",
    "the 2016/17 season and the 2016/2017 period",
    "Regulation (EEC) No 1408/71 and Regulation (EC) No 1049/2001",
    "Regulation (EU) No 604/2013",
    "Directive 2011/95/EU and Directive 95/46/EC",
    "Regulation (EU) 2016/679 and Regulation (EU) 2017/1939",
    "Council Decision (CFSP) 2017/2315",
    "OJ C 326/47",
    "Case C-311/18",
    "version 1.2/17",
    "the COSI 334, JAI 1207 and COMIX 852 codes",
    "Criminal Finances / Money Laundering",
    "COMMISSION (2016) 476",
    "Annex C (2019) 12",
    "2017/0144 without its code",
]


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_ordinary_text_holds_no_reference(text):
    assert scan_references(text) == []


def test_the_sample_outcome_cites_exactly_its_twelve_references_after_its_own_number():
    text = SAMPLE.read_text(encoding="utf-8")
    found = scan_references(text, citing_year=2017)
    assert [f.text for f in found] == [
        "15754/17",  # the outcome's own number in its header
        "14260/1/17 REV 1",
        "12223/3/17 REV 3",
        "14673/17",
        "14068/17",
        "13272/3/17 REV 3",
        "14265/17",
        "13461/17",
        "12583/5/17 REV 5",
        "13414/1/17 REV 1",
        "10544/1/17 REV 1",
        "12005/17",
        "14108/1/17 REV 1",
    ]
    assert found[0].end < text.index("OUTCOME OF PROCEEDINGS") < found[1].start
    assert all(p.severity is Severity.INFO for f in found for p in f.parsed.problems)
    assert all(f.parsed.canonical == f.text for f in found)
