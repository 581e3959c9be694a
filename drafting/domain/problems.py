"""The one error currency: a Problem, found by a check, shown by every front end."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# Block kinds as a drafter names them in a location ("item 3, dash list 2, entry 1").
BLOCK_NAMES = {"paragraph": "paragraph", "dash_list": "dash list", "decision": "decision"}

# Header and footer fields as a drafter names them.
FIELD_NAMES = {
    "place": "place",
    "issue_date": "date of issue",
    "original_language": "original language",
    "interinstitutional_file": "interinstitutional file",
    "document_number": "document number",
    "marking": "marking",
    "subject_codes": "subject codes",
    "document_type": "document type",
    "sender": "From",
    "meeting_dates": "On (meeting date)",
    "recipient": "To",
    "previous_documents": "No. prev. doc.",
    "commission_documents": "No. Cion doc.",
    "subject": "Subject",
    "initials": "drafter initials",
    "unit": "unit",
    "language": "footer language",
    "heading": "heading",
    "classification": "classification",
    "number": "number",
    "letter": "letter",
    "coreper_date": "Coreper date",
    "council_date": "Council date",
}


@dataclass(frozen=True)
class Location:
    """Where a problem sits. Indexes are 0-based positions; `describe` speaks as a drafter does.

    `item_number` is the number printed on the item, so messages name items the way the
    drafter sees them even when the numbering itself is what is wrong.
    """

    field: str | None = None
    item: int | None = None
    item_number: str | None = None
    sub_item: int | None = None
    block: int | None = None
    block_kind: str | None = None
    entry: int | None = None
    footnote: str | None = None
    index: int | None = None  # position within a list field, e.g. the 2nd subject code

    def describe(self) -> str:
        parts: list[str] = []
        if self.item is not None:
            parts.append(f"item {self.item_number or self.item + 1}")
        if self.sub_item is not None:
            parts.append(f"sub-item {self.sub_item + 1}")
        if self.footnote is not None:
            parts.append(f"footnote {self.footnote}")
        if self.block is not None:
            parts.append(f"{BLOCK_NAMES.get(self.block_kind or '', 'block')} {self.block + 1}")
        if self.entry is not None:
            parts.append(f"entry {self.entry + 1}")
        if self.field is not None:
            name = FIELD_NAMES.get(self.field, self.field.replace("_", " "))
            if self.index is not None:
                name += f" {self.index + 1}"
            parts.append(name)
        return ", ".join(parts) or "document"

    def key(self) -> str:
        """A stable path for machines (the web editor jumps to the field it names)."""
        bits: list[str] = []
        if self.item is not None:
            bits += ["items", str(self.item)]
        if self.sub_item is not None:
            bits += ["sub_items", str(self.sub_item)]
        if self.footnote is not None:
            bits += ["footnotes", self.footnote]
        if self.block is not None:
            bits += ["blocks", str(self.block)]
        if self.entry is not None:
            bits += ["entries", str(self.entry)]
        if self.field is not None:
            bits.append(self.field)
        if self.index is not None:
            bits.append(str(self.index))
        return "/".join(bits)

    def within(self, **changes: object) -> Location:
        """The same place, narrowed (or moved) by the given attributes."""
        # Called for every passage of every check: copying the instance dict is the cheap way.
        return Location(**{**self.__dict__, **changes})  # type: ignore[arg-type]


DOCUMENT = Location()


@dataclass(frozen=True)
class Problem:
    severity: Severity
    code: str
    message: str
    location: Location = field(default=DOCUMENT)
    suggestion: str | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def at(self, location: Location) -> Problem:
        return Problem(self.severity, self.code, self.message, location, self.suggestion)

    def to_dict(self) -> dict[str, object]:
        return {
            "severity": str(self.severity),
            "code": self.code,
            "message": self.message,
            "location": self.location.describe(),
            "path": self.location.key(),
            "suggestion": self.suggestion,
        }

    def __str__(self) -> str:
        text = f"{self.severity}: {self.location.describe()}: {self.message}"
        if self.suggestion:
            text += f" (did you mean {self.suggestion}?)"
        return text


def has_errors(problems: list[Problem]) -> bool:
    return any(p.is_error for p in problems)
