"""From a matched form to a reference and its problems: the rules a pattern cannot express."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from drafting.domain.problems import Problem, Severity
from drafting.domain.references_forms import (
    Chain,
    CommissionReference,
    CouncilReference,
    ProcedureReference,
    Reference,
    Suffix,
    full_year,
)
from drafting.domain.references_grammar import (
    FOUR_DIGIT_COMMISSION_YEARS_FROM,
    INITIAL,
    LANGUAGES,
    MIDDLE_NUMBER_SERIES,
    PROCEDURE_CODES,
    SUFFIX_READER,
)

# ST numbers start near 5000 each January and reach about 17000 in December (observed, not a rule
# of the Council): a number outside this range earns an information note only, never more.
# Set to None to switch the note off.
USUAL_ST_NUMBERS: range | None = range(5000, 17501)

# Forms a drafter types into an outcome; the register's and the law database's forms are pasted
# from elsewhere and are shown in printed form without complaint.
TYPED_FORMS = frozenset({"printed", "commission", "procedure"})


@dataclass(frozen=True)
class Finding:
    """A problem before the corrected text is known; a `fixable` one suggests the corrected reference."""

    severity: Severity
    code: str
    message: str
    fixable: bool


def error(code: str, message: str, fixable: bool = False) -> Finding:
    return Finding(Severity.ERROR, f"reference.{code}", message, fixable)


def warning(code: str, message: str) -> Finding:
    return Finding(Severity.WARNING, f"reference.{code}", message, True)


def info(code: str, message: str, fixable: bool = False) -> Finding:
    return Finding(Severity.INFO, f"reference.{code}", message, fixable)


def unreadable(text: str) -> Problem:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return Problem(
        Severity.ERROR,
        "reference.unreadable",
        f'"{shown}" is not a document reference: write it as printed, e.g. "14260/1/17 REV 1", '
        '"CM 1995/16", "COM(2016) 476 final" or "2017/0144 (COD)"',
    )


def read_form(
    form: str,
    groups: dict[str, str | None],
    written: str,
    citing_year: int | None,
    usual_numbers: range | None,
) -> tuple[Reference, tuple[Problem, ...]]:
    """A reference from the groups of its form, with every problem found on the way."""
    findings: list[Finding] = []
    reference: Reference
    if form in ("commission", "database"):
        reference = read_commission(form, groups, findings)
    elif form == "procedure":
        reference = read_procedure(groups, findings)
    else:
        reference = read_council(form, groups, findings)
    findings += dating_findings(reference, citing_year, usual_numbers)
    canonical = reference.printed
    if form in TYPED_FORMS and written != canonical and not any(f.fixable for f in findings):
        findings.append(warning("non-canonical", f'Council documents print it as "{canonical}"'))
    if not findings:
        return reference, ()  # most references are written right: no generator is started for them
    return reference, tuple(
        Problem(f.severity, f.code, f"{written}: {f.message}", suggestion=canonical if f.fixable else None)
        for f in findings
    )


# ---------------------------------------------------------------- Council documents


def read_council(form: str, groups: dict[str, str | None], findings: list[Finding]) -> CouncilReference:
    series = series_of(groups["series"])
    number = read_count(groups["number"] or "0", "the document number", findings)
    year_digits = groups["year"] or "00"
    long_year = len(year_digits) == 4
    if form == "printed":
        if long_year and series != "WK":
            findings.append(warning("long-year", "only working papers (WK) print a four-digit year"))
        if groups["series"] and series == "ST":
            findings.append(info("st-prefix", 'ST documents are cited without "ST"', fixable=True))
    else:
        long_year = series == "WK"  # as a working paper prints its own number
    suffixes, initial = read_chain(groups["chain"] or "", findings)
    companions: list[Chain] = []
    for part in (groups.get("companions") or "").split("+")[1:]:
        companion, companion_initial = read_chain(part, findings)
        initial = initial or companion_initial
        if companion:
            companions.append(companion)
    if initial and (suffixes or companions):
        findings.append(error("init-combined", "INIT only ever stands alone; remove it", fixable=True))
    suffixes = read_middle_number(form, series, groups.get("middle"), suffixes, findings)
    marked = initial and not suffixes and not companions and (form == "printed" or series == "WK")
    return CouncilReference(
        series, number, full_year(year_digits), suffixes, tuple(companions), marked, long_year
    )


def series_of(written: str | None) -> str:
    if written is None:
        return "ST"
    upper = written.upper()
    return "PE-CONS" if upper.startswith("PE") else upper


def read_count(digits: str, what: str, findings: list[Finding]) -> int:
    """A number as written; a zero or a leading zero is named."""
    value = int(digits)
    if value == 0:
        findings.append(error("number-zero", f"{what} cannot be 0"))
    elif digits.startswith("0"):
        findings.append(warning("leading-zero", f"{what} is printed without leading zeros"))
    return value


def read_chain(text: str, findings: list[Finding]) -> tuple[Chain, bool]:
    """The suffixes of one chain, and whether INIT was among them."""
    suffixes, initial, found = chain_reading(text)
    findings += found
    return suffixes, initial


# The same few chains ("REV 1", "ADD 1", "INIT") follow many numbers of an outcome: each is read once
# (what is read is immutable); drafting.domain.references.forget_parses drops them with the parses.
@lru_cache(maxsize=1024)
def chain_reading(text: str) -> tuple[Chain, bool, tuple[Finding, ...]]:
    """The suffixes of a chain, whether INIT was among them, and the problems found on the way."""
    if not text:
        return (), False, ()
    findings: list[Finding] = []
    suffixes: list[Suffix] = []
    initial = False
    for match in SUFFIX_READER.finditer(text.replace("-", " ")):
        kind = match["kind"].upper()
        if kind == INITIAL:
            initial = True
            continue
        number = read_count(match["number"], f"the number after {kind}", findings)
        language = read_language(kind, match["language"], findings)
        if suffixes and suffixes[-1].kind == kind:
            findings.append(error("repeated-suffix", f"{kind} stands twice in a row; keep the one meant"))
        suffixes.append(Suffix(kind, number, language))
    return tuple(suffixes), initial, tuple(findings)


def read_language(kind: str, written: str | None, findings: list[Finding]) -> str | None:
    """The language of a corrigendum ("COR 1 (de)"): an official language, in lower case."""
    if written is None:
        return None
    if kind != "COR":
        findings.append(
            warning(
                "language-without-corrigendum",
                f"only a corrigendum (COR) names a language version; remove the language after {kind}",
            )
        )
        return None
    code = written.lower()
    if code not in LANGUAGES:
        findings.append(
            error(
                "unknown-language",
                f'"{written}" is not the code of an official language of the Union (bg, cs, da, de, ...)',
            )
        )
    elif written != code:
        findings.append(warning("language-case", f'a language code is written in lower case, "({code})"'))
    return code


def read_middle_number(
    form: str, series: str, middle_digits: str | None, suffixes: Chain, findings: list[Finding]
) -> Chain:
    """Rules 1 and 2: the revision number printed between number and year, and after REV."""
    revision = suffixes[0].number if suffixes and suffixes[0].kind == "REV" else None
    if middle_digits is None:
        if form == "printed" and revision is not None and series in MIDDLE_NUMBER_SERIES:
            findings.append(
                warning(
                    "rev-without-middle",
                    f"a revision prints its number twice, between the number and the year as well "
                    f"as after REV ({revision}/ ... REV {revision})",
                )
            )
        return suffixes
    middle = read_count(middle_digits, "the revision number", findings)
    if revision is None:
        findings.append(
            warning(
                "middle-without-rev",
                f"the revision number {middle} between the number and the year is repeated after "
                f"it as REV {middle}",
            )
        )
        suffixes = (Suffix("REV", middle), *suffixes)
    elif revision != middle:
        # The number after REV wins: it is the one the register and the footer show.
        findings.append(
            error(
                "rev-mismatch",
                f"the revision number stands twice and must be the same, but it is {middle} between "
                f"the number and the year and {revision} after REV",
                fixable=True,
            )
        )
    if series == "WK":
        findings.append(
            warning(
                "middle-in-working-paper", "a working paper (WK) prints its revision number only after REV"
            )
        )
    return suffixes


# ---------------------------------------------------------------- Commission documents and procedures


def read_commission(form: str, groups: dict[str, str | None], findings: list[Finding]) -> CommissionReference:
    year_digits = groups["year"] or "00"
    year = full_year(year_digits)
    if form == "database":
        # The law database pads numbers with zeros ("COM/2016/0476 final"): no slip of the drafter.
        number = int(groups["number"] or "0")
        if number == 0:
            findings.append(error("number-zero", "the Commission document number cannot be 0"))
    else:
        number = read_count(groups["number"] or "0", "the Commission document number", findings)
        if len(year_digits) == 2 and year >= FOUR_DIGIT_COMMISSION_YEARS_FROM:
            findings.append(
                warning("commission-year", "Commission documents since 1998 print a four-digit year")
            )
        elif len(year_digits) == 4 and year < FOUR_DIGIT_COMMISSION_YEARS_FROM:
            findings.append(
                warning("commission-year", "Commission documents before 1998 print a two-digit year")
            )
    version = int(groups["version"]) if groups.get("version") else None
    return CommissionReference(
        (groups["series"] or "").upper(), year, number, bool(groups.get("final")), version
    )


def read_procedure(groups: dict[str, str | None], findings: list[Finding]) -> ProcedureReference:
    number = int(groups["number"] or "0")
    if number == 0:
        findings.append(error("number-zero", "the number of an interinstitutional file cannot be 0"))
    code = (groups["code"] or "").upper()
    if code not in PROCEDURE_CODES:
        findings.append(
            error("unknown-procedure-code", f'"{code}" is not a procedure code (COD, CNS, NLE, APP, ...)')
        )
    return ProcedureReference(int(groups["year"] or "0"), number, code)


# ---------------------------------------------------------------- dates


def dating_findings(
    reference: Reference, citing_year: int | None, usual_numbers: range | None
) -> list[Finding]:
    """Rules 4 and 6: nothing cited before it exists; ST numbers outside the usual range noted."""
    findings: list[Finding] = []
    if citing_year is not None and reference.year > citing_year:
        findings.append(
            error(
                "after-citing",
                f"this document dates from {reference.year}, after the outcome citing it ({citing_year})",
            )
        )
    if (
        usual_numbers is not None
        and isinstance(reference, CouncilReference)
        and reference.series == "ST"
        and reference.number > 0
        and reference.number not in usual_numbers
    ):
        findings.append(
            info(
                "unusual-number",
                f"ST numbers usually run from about {usual_numbers.start} to {usual_numbers.stop - 1} "
                f"in a year; check the number",
            )
        )
    return findings
