"""Reading and writing outcomes: the JSON format, plain-text/markdown import, .docx import."""

from __future__ import annotations

from dataclasses import dataclass, field

from drafting.domain.model import Outcome


class FormatError(ValueError):
    """A file or payload that cannot be read as an outcome; the message says why, in one line."""


@dataclass(frozen=True)
class UnreadLine:
    """A line an importer could not place, shown to the drafter rather than dropped."""

    line: int  # 1-based line (or paragraph) number in the source
    text: str
    reason: str


@dataclass
class ImportResult:
    outcome: Outcome
    unread: list[UnreadLine] = field(default_factory=list)
