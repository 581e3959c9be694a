"""Which typed characters a Word document can hold.

Word documents are XML, and XML 1.0 cannot carry most control characters or lone surrogates.
They are refused where text comes in, with a message naming the character, so that an
export never fails on them later.
"""

from __future__ import annotations

import re

from drafting.domain.model import Outcome, passages, plain_text
from drafting.domain.problems import Location, Problem, Severity

# Tab, line feed and carriage return are allowed by XML; everything else below U+0020 is not,
# nor are the surrogates and the two non-characters U+FFFE and U+FFFF.
UNHOLDABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def unholdable_characters(value: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in UNHOLDABLE.finditer(value)]


def describe_character(char: str) -> str:
    return f"U+{ord(char):04X}"


def unholdable_problem(value: str, location: Location) -> Problem | None:
    found = unholdable_characters(value)
    if not found:
        return None
    names = ", ".join(sorted({describe_character(c) for _, c in found}))
    return Problem(
        Severity.ERROR,
        "text.unholdable-character",
        f"contains a control character a Word document cannot hold ({names}); delete it and retype",
        location,
    )


def unholdable_problems(outcome: Outcome) -> list[Problem]:
    """Every place in the outcome holding a character that cannot be written to Word."""
    problems = []
    for passage in passages(outcome):
        problem = unholdable_problem(plain_text(passage.content), passage.location)
        if problem:
            problems.append(problem)
    return problems


class UnholdableText(ValueError):
    """Raised where text comes in (a file, a form) and carries characters Word cannot hold."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(f"{p.location.describe()}: {p.message}" for p in problems))


def refuse_unholdable(outcome: Outcome) -> Outcome:
    problems = unholdable_problems(outcome)
    if problems:
        raise UnholdableText(problems)
    return outcome
