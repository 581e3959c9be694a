"""Whole-document consistency checks: a registry of rules, each finding problems in an outcome.

A rule is a function of the checked `Document` registered with `@rule(code, severity, description)`
in its family's module under drafting.domain.rules; adding one touches no other rule.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from drafting.domain.model import Outcome
from drafting.domain.problems import DOCUMENT, Location, Problem, Severity
from drafting.domain.rules.document import Document

# The references' note on an ST number outside the range observed for its year.
UNUSUAL_NUMBER = "reference.unusual-number"


class DelegationOrder(StrEnum):
    """The two orders in which an outcome may list delegations."""

    ALPHABETICAL = "alphabetical"  # "(DE, DK, FR, HR, NL, PL, SE and SI)"
    PROTOCOL = "protocol"  # drafting.domain.delegations.MEMBER_STATES


@dataclass(frozen=True)
class CheckSettings:
    """What the secretariat may tune, and the conventions still open or only observed."""

    disabled: frozenset[str] = frozenset()  # rule or problem codes, or their dotted prefixes ("dates")
    severities: Mapping[str, Severity] = field(default_factory=dict)  # code (or prefix) -> severity
    extra_subject_codes: frozenset[str] = frozenset()  # known beyond the conventions' list
    delegation_order: DelegationOrder | None = None  # None: the order the document's lists mostly use
    aob_wording: str = "No items were raised."
    # ST numbers start near 5000 each January and reach ~17000 in December (observed): a note at most.
    number_range_note: bool = False

    def switched_off(self, *codes: str) -> bool:
        if not self.number_range_note and UNUSUAL_NUMBER in codes:
            return True
        return any(name in self.disabled for code in codes for name in _names(code))

    def severity_for(self, *codes: str) -> Severity | None:
        for code in codes:
            for name in _names(code):
                if name in self.severities:
                    return Severity(self.severities[name])
        return None


def _names(code: str) -> Iterator[str]:
    """A code and its dotted prefixes, most precise first: "dates.reversed", "dates"."""
    parts = code.split(".")
    for end in range(len(parts), 0, -1):
        yield ".".join(parts[:end])


@dataclass(frozen=True)
class Finding:
    """What a rule reports; the rule's code and severity apply unless the finding names its own."""

    location: Location
    message: str
    suggestion: str | None = None
    severity: Severity | None = None
    code: str | None = None
    offset: int = 0  # where in the passage's text, so findings in one paragraph read in order

    @classmethod
    def relay(
        cls, problem: Problem, location: Location, offset: int = 0, about: str | None = None
    ) -> Finding:
        """A problem found by another part of the domain, placed where it was found (and naming `about`)."""
        named = about is None or problem.message.startswith(" ".join(about.split()))
        message = problem.message if named else f"{about}: {problem.message}"
        return cls(location, message, problem.suggestion, problem.severity, problem.code, offset)


FindProblems = Callable[[Document], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    description: str
    find: FindProblems


class Registry:
    """The rules, in the order they were registered."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}

    def rule(self, code: str, severity: Severity, description: str) -> Callable[[FindProblems], FindProblems]:
        """Register the decorated function as the rule `code`."""

        def register(find: FindProblems) -> FindProblems:
            if code in self._rules:
                raise ValueError(f"a rule {code!r} is already registered")
            self._rules[code] = Rule(code, severity, description, find)
            return find

        return register

    def remove(self, code: str) -> None:
        del self._rules[code]

    def __iter__(self) -> Iterator[Rule]:
        return iter(list(self._rules.values()))

    def __contains__(self, code: object) -> bool:
        return code in self._rules

    def __getitem__(self, code: str) -> Rule:
        return self._rules[code]


RULES = Registry()
rule = RULES.rule

INTERNAL = "check.internal"


def check(
    outcome: Outcome, settings: CheckSettings | None = None, *, rules: Registry | None = None
) -> list[Problem]:
    """Every problem the rules find in the outcome, in document order (header first, then items)."""
    settings = settings or CheckSettings()
    document = Document(outcome, settings)
    found: list[tuple[tuple[int, ...], int, Problem]] = []
    for one in rules if rules is not None else RULES:
        if settings.switched_off(one.code):
            continue
        try:
            findings = list(one.find(document))
        except Exception as error:  # one faulty rule must not hide what the others find
            message = f"the check {one.code} failed ({type(error).__name__}: {error}); the other checks ran"
            found.append(((), 0, Problem(Severity.ERROR, INTERNAL, message, DOCUMENT)))
            continue
        for finding in findings:
            code = finding.code or one.code
            if settings.switched_off(code):
                continue
            severity = settings.severity_for(code, one.code) or finding.severity or one.severity
            problem = Problem(severity, code, finding.message, finding.location, finding.suggestion)
            found.append((document.order(finding.location), finding.offset, problem))
    found.sort(key=lambda entry: (entry[0], entry[1]))
    return [problem for _, _, problem in found]


# Registering the rule families; each imports `rule` and `Finding` from this module.
import drafting.domain.rules.agenda  # noqa: E402, F401
import drafting.domain.rules.codes  # noqa: E402, F401
import drafting.domain.rules.dates  # noqa: E402, F401
import drafting.domain.rules.delegations  # noqa: E402, F401
import drafting.domain.rules.footnotes  # noqa: E402, F401
import drafting.domain.rules.header  # noqa: E402, F401
import drafting.domain.rules.numbering  # noqa: E402, F401
import drafting.domain.rules.placeholders  # noqa: E402, F401
import drafting.domain.rules.references  # noqa: E402, F401
import drafting.domain.rules.text  # noqa: E402, F401
import drafting.domain.rules.wording  # noqa: E402, F401
