"""References as plain data, and the forms each is written in: printed, register identifier, link."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.domain.references_grammar import (
    FOUR_DIGIT_COMMISSION_YEARS_FROM,
    INITIAL,
    MIDDLE_NUMBER_SERIES,
    REGISTER_SERIES,
)

# Two-digit years from 50 are read as 19xx, below 50 as 20xx. Cited documents reach back to the
# 1990s (the Commission printed two-digit years until 1997, "COM(97) 558 final"; SN 4438/7/01 and
# CONV 459/02 are from 2001 and 2002) and nothing citable predates 1950, so this pivot reads every
# such year right and keeps doing so until 2049.
CENTURY_PIVOT = 50

REGISTER_LINK = "https://data.consilium.europa.eu/doc/document/{slug}/{language}/pdf"


def full_year(digits: str) -> int:
    """ "17" -> 2017, "97" -> 1997, "2017" -> 2017."""
    year = int(digits)
    if len(digits) > 2:
        return year
    return year + (1900 if year >= CENTURY_PIVOT else 2000)


def short_year(year: int) -> str:
    return f"{year % 100:02d}"


@dataclass(frozen=True)
class Suffix:
    """One step after the number: "REV 1", "ADD 2", "COR 1 (de)", "EXT 1", "DCL 1"."""

    kind: str
    number: int
    language: str | None = None  # a corrigendum of this language version only

    def __str__(self) -> str:
        language = f" ({self.language})" if self.language else ""
        return f"{self.kind} {self.number}{language}"

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.number)


Chain = tuple[Suffix, ...]


def chain_text(chain: Chain) -> str:
    return " ".join(str(suffix) for suffix in chain)


@dataclass(frozen=True)
class CouncilReference:
    """A Council document: "14260/1/17 REV 1", "CM 1995/16", "WK 12538/2018 INIT".

    `suffixes` belong to the base document; each companion ("+ ADD 1") is a chain of its own on the
    same number. Two printing choices do not change the document and take no part in equality:
    INIT printed on an initial version, and a working paper's four-digit year.
    """

    series: str
    number: int
    year: int
    suffixes: Chain = ()
    companions: tuple[Chain, ...] = ()
    initial_marked: bool = field(default=False, compare=False)
    long_year: bool = field(default=False, compare=False)

    @property
    def revision(self) -> int | None:
        """The revision the number itself names, printed between number and year."""
        if self.suffixes and self.suffixes[0].kind == "REV":
            return self.suffixes[0].number
        return None

    @property
    def documents(self) -> tuple[CouncilReference, ...]:
        """The base document and each companion as a document of its own ("11213/20 ADD 1 COR 1")."""
        return tuple(
            CouncilReference(
                self.series, self.number, self.year, chain, (), self.initial_marked, self.long_year
            )
            for chain in (self.suffixes, *self.companions)
        )

    @property
    def printed(self) -> str:
        prefix = "" if self.series == "ST" else f"{self.series} "
        year = str(self.year) if self.series == "WK" and self.long_year else short_year(self.year)
        revision = self.revision
        middle = f"{revision}/" if revision is not None and self.series in MIDDLE_NUMBER_SERIES else ""
        text = f"{prefix}{self.number}/{middle}{year}"
        if self.suffixes:
            text += " " + chain_text(self.suffixes)
        elif self.initial_marked:
            text += " " + INITIAL
        for companion in self.companions:
            text += " + " + chain_text(companion)
        return text

    @property
    def register(self) -> str:
        """The register's identifier of the base document: series, number, 4-digit year, suffixes."""
        series = REGISTER_SERIES.get(self.series, self.series)
        # The register names a corrigendum without its language; the language is in the link.
        chain = " ".join(f"{s.kind} {s.number}" for s in self.suffixes) or INITIAL
        return f"{series} {self.number} {self.year} {chain}"

    @property
    def slug(self) -> str:
        return self.register.replace(" ", "-")

    def link(self, language: str | None = None) -> str:
        """The register's link; a language corrigendum links to its own language version."""
        corrected = self.suffixes[-1].language if self.suffixes else None
        return REGISTER_LINK.format(slug=self.slug, language=language or corrected or "en")

    @property
    def identity(self) -> tuple[object, ...]:
        # Built from lists, not generators (faster): a check asks it of every citation in the outcome.
        return (
            "council",
            self.series,
            self.number,
            self.year,
            tuple([s.key for s in self.suffixes]),
            tuple([tuple([s.key for s in companion]) for companion in self.companions]),
        )


@dataclass(frozen=True)
class CommissionReference:
    """A Commission document: "COM(2016) 476 final", "SWD(2016) 242 final", "COM(97) 558 final"."""

    series: str
    year: int
    number: int
    final: bool = field(default=False, compare=False)
    version: int | None = None  # "final/2", a corrected version

    @property
    def printed(self) -> str:
        year = str(self.year) if self.year >= FOUR_DIGIT_COMMISSION_YEARS_FROM else short_year(self.year)
        text = f"{self.series}({year}) {self.number}"
        if self.final or self.version is not None:
            text += " final"
        if self.version is not None:
            text += f"/{self.version}"
        return text

    @property
    def identity(self) -> tuple[object, ...]:
        return ("commission", self.series, self.year, self.number, self.version or 1)


@dataclass(frozen=True)
class ProcedureReference:
    """An interinstitutional file: "2017/0144 (COD)"."""

    year: int
    number: int
    code: str

    @property
    def printed(self) -> str:
        return f"{self.year}/{self.number:04d} ({self.code})"

    @property
    def identity(self) -> tuple[object, ...]:
        return ("procedure", self.year, self.number, self.code)


Reference = CouncilReference | CommissionReference | ProcedureReference
