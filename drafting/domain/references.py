"""Document references: read, check, normalise, convert and find them in running text.

Forms recognised (council conventions, section 1): printed Council numbers of every series with
their suffixes and companions ("14260/1/17 REV 1", "CM 1995/16", "11213/20 + ADD 1"), the register's
identifiers, link slugs and links ("ST 14260 2017 REV 1", "ST-14260-2017-REV-1"), Commission
documents ("COM(2016) 476 final") and interinstitutional files ("2017/0144 (COD)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from drafting.domain import references_rules
from drafting.domain.problems import Problem, Severity
from drafting.domain.references_forms import (
    CommissionReference,
    CouncilReference,
    ProcedureReference,
    Reference,
    Suffix,
)
from drafting.domain.references_grammar import (
    FINDER,
    LANGUAGES,
    NUMBER_FIRST_FORMS,
    READ_FORMS,
    WORD_START,
)
from drafting.domain.references_rules import read_form, unreadable

__all__ = [
    "LANGUAGES",
    "CommissionReference",
    "CouncilReference",
    "Found",
    "Parsed",
    "ProcedureReference",
    "Reference",
    "Suffix",
    "normalise_reference",
    "parse_reference",
    "scan_references",
]


@dataclass(frozen=True)
class Parsed:
    """What a text says as a reference; problems carry the default location for callers to set."""

    text: str
    reference: Reference | None
    problems: tuple[Problem, ...] = ()
    form: str | None = None  # "printed", "register", "slug", "link", "commission", "database", "procedure"

    @property
    def ok(self) -> bool:
        return self.reference is not None and not any(p.severity is Severity.ERROR for p in self.problems)

    @property
    def canonical(self) -> str | None:
        """The printed form, corrected where the slip has one fix ("14260/17 REV 1" -> "14260/1/17 REV 1")."""
        return self.reference.printed if self.reference is not None else None

    @property
    def register(self) -> str | None:
        return self.reference.register if isinstance(self.reference, CouncilReference) else None

    @property
    def link(self) -> str | None:
        return self.reference.link() if isinstance(self.reference, CouncilReference) else None

    @property
    def identity(self) -> object | None:
        """Equal for the same document in any form ("14260/17 REV 1", "ST 14260 2017 REV 1")."""
        return self.reference.identity if self.reference is not None else None


@dataclass(frozen=True)
class Found:
    """A reference found in running text; `start` and `end` index that text."""

    start: int
    end: int
    text: str
    parsed: Parsed


def parse_reference(text: str, *, citing_year: int | None = None) -> Parsed:
    """Read one reference in any recognised form; never raises."""
    return read(text, citing_year, references_rules.USUAL_ST_NUMBERS)


def normalise_reference(text: str) -> str:
    """The printed form of a reference, or the text unchanged when it is not one."""
    return parse_reference(text).canonical or text


def read(text: str, citing_year: int | None, usual: range | None) -> Parsed:
    # Outcomes cite the same few documents again and again, so reading each once pays; long texts
    # are never references and are not kept.
    if len(text) <= 120:
        return cached_read(text, citing_year, usual)
    return read_reference(text, citing_year, usual)


def forget_parses() -> None:
    """Drop the kept readings (to measure a first reading)."""
    cached_read.cache_clear()
    references_rules.chain_reading.cache_clear()


@lru_cache(maxsize=8192)
def cached_read(text: str, citing_year: int | None, usual: range | None) -> Parsed:
    return read_reference(text, citing_year, usual)


def read_reference(text: str, citing_year: int | None, usual: range | None) -> Parsed:
    written = " ".join(text.split())
    for form, pattern in NUMBER_FIRST_FORMS if written[:1].isdigit() else READ_FORMS:
        match = pattern.fullmatch(written)
        if match is not None:
            reference, problems = read_form(form, match.groupdict(), written, citing_year, usual)
            return Parsed(text, reference, problems, form)
    return Parsed(text, None, (unreadable(written),))


# ---------------------------------------------------------------- finding references in text

# Text just before a bare number that makes it a legal act ("Regulation (EEC) No 1408/71") or an
# Official Journal page ("OJ C 326/47"), not a Council document.
# Every alternative opens on "(", "R", "D" or "O": saying so first lets the engine skip straight to
# those characters rather than try the whole pattern at each position of the text searched.
NOT_A_DOCUMENT_BEFORE = re.compile(
    r"(?=[(RDO])(?:"
    r"(?:\((?:EU|EC|EEC|Euratom|EU,\s*Euratom)\)|\b(?:Regulation|Directive|Decision))(?:\s+No\.?)?\s*$"
    r"|\bOJ\s+[LC](?:\s+[IVX]+)?,?\s*$"
    r")"
)
ASCII_WORD = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
JOINED_BEFORE = ASCII_WORD | frozenset("_/.-")  # "C-311/18" is a court case, "v1.2/17" a version
JOINED_AFTER = ASCII_WORD | frozenset("/")  # "2011/95/EU" is a directive


def scan_references(text: str, *, citing_year: int | None = None) -> list[Found]:
    """Every reference in running text with its position, including mistyped ones; never raises."""
    usual = references_rules.USUAL_ST_NUMBERS
    found: list[Found] = []
    covered = 0
    match_at = FINDER.match
    for start in candidate_starts(text):
        if start < covered:
            continue
        match = match_at(text, start)
        if match is None or not stands_alone(text, start, match.end()):
            continue
        written = match.group()
        parsed = read(written, citing_year, usual)
        if parsed.reference is not None and is_cited(text, start, written, parsed):
            found.append(Found(start, match.end(), written, parsed))
            covered = match.end()
    return found


DIGITS = frozenset("0123456789")
NUMBER_DIGITS = 5  # at most, in a document number; a longer run before a slash is read from its last five


def candidate_starts(text: str) -> list[int]:
    """Where a reference may begin: every form starts with a number before a slash, or a known word."""
    starts = [match.start() for match in WORD_START.finditer(text)]
    # Running text has many digits and few slashes: looking back from each slash is faster than
    # trying a pattern at every digit.
    slash = text.find("/")
    while slash >= 0:
        start, first = slash, max(0, slash - NUMBER_DIGITS)
        while start > first and text[start - 1] in DIGITS:
            start -= 1
        if start < slash:
            starts.append(start)
        slash = text.find("/", slash + 1)
    starts.sort()  # a word and a number never start at the same place
    return starts


def stands_alone(text: str, start: int, end: int) -> bool:
    return (start == 0 or text[start - 1] not in JOINED_BEFORE) and (
        end == len(text) or text[end] not in JOINED_AFTER
    )


def is_cited(text: str, start: int, written: str, parsed: Parsed) -> bool:
    """Whether a find is a reference rather than a fraction, a period, a legal act or an annex."""
    reference = parsed.reference
    if isinstance(reference, CommissionReference):
        return reference.series != "C" or written[1] == "("  # "Annex C (2019)"; printed "C(2019) 37"
    if not isinstance(reference, CouncilReference) or not written[0].isdigit():
        return True
    if reference.number < 100:  # "24/7", "9/11", "18/19 November", "50/50": no ST number is this small
        return False
    if 1900 <= reference.number <= 2099 and not reference.suffixes:  # "2016/17", "2017/1939", "2014/2017"
        return False
    return NOT_A_DOCUMENT_BEFORE.search(text, max(0, start - 40), start) is None
