"""A meeting's provisional agenda, and how an outcome compares with it.

An agenda (a CM meeting notice, sometimes an ST document) lists the items an outcome then records,
with the documents cited under each and the markers agendas carry: items taken in Mixed Committee
format (with the Schengen associated states), "I/A" items and items for information. The reading of
an agenda's text is in drafting.io.agenda_import; this module holds what was read and the check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from drafting.domain.model import Outcome, SubjectCode, plain_text
from drafting.domain.problems import Location, Problem, Severity
from drafting.domain.rules.agenda import is_any_other_business

# ---------------------------------------------------------------- markers as agendas print them

# "(*)" or "(**)" after a heading, called by a footnote at the end of the agenda.
STAR_MARK = re.compile(r"\s*\((\*{1,3})\)")
MIXED_COMMITTEE = re.compile(
    r"Mixed\s+Committee|\bCOMIX\b|Schengen\s+Associated\s+States|\bEU\s*\+\s*(?:NO|IS|CH|LI)\b", re.IGNORECASE
)
# "(poss.) I/A item", "(I/A item)", "possible I/A item", "I/A"; the bracketed marker is removed from the
# heading with its brackets.
IA_ITEM = re.compile(
    r"\s*[–—-]?\s*\(?\s*(?:\(?poss(?:ible|\.)\)?\s*)?\bI/A(?:[\s-]+items?)?\b\s*\)?"
    r"|\s*\(poss(?:ible|\.)\)",
    re.IGNORECASE,
)
FOR_INFORMATION = re.compile(r"\s*\(\s*for\s+information\s*\)", re.IGNORECASE)
INFORMATION = re.compile(
    r"^\s*information\s+(?:from|by)\b|[:–—-]\s*information\s+(?:from|by)\b|\bfor\s+information\b"
    r"|[–—-]\s*information\s*$",
    re.IGNORECASE,
)
# Who gives the information: "Information from the Presidency", "information from the Commission".
INFORMANT = re.compile(r"information\s+(?:from|by)\s+(?P<who>the\s+[\w-]+(?:\s+[A-Z][\w-]*)*)", re.IGNORECASE)
# What the meeting is asked to do, printed after a dash at the end of a heading: "– Endorsement".
PURPOSES = {
    "endorsement": "endorsement",
    "approval": "approval",
    "agreement": "approval",
    "adoption": "adoption",
    "exchange of views": "discussion",
    "discussion": "discussion",
    "policy debate": "discussion",
    "information": "information",
    "presentation": "information",
    "state of play": "information",
}
PURPOSE = re.compile(
    r"\s+[–—-]\s*(?P<purpose>" + "|".join(re.escape(p) for p in PURPOSES) + r")(?P<rest>\b[^–—]*)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Markers:
    mixed_committee: bool = False
    ia_item: bool = False
    for_information: bool = False
    stars: str = ""  # "*" or "**": a mark whose meaning a footnote of the agenda gives

    def __or__(self, other: Markers) -> Markers:
        return Markers(
            self.mixed_committee or other.mixed_committee,
            self.ia_item or other.ia_item,
            self.for_information or other.for_information,
            self.stars or other.stars,
        )


def read_markers(heading: str) -> tuple[str, Markers, str | None]:
    """The heading without its markers, the markers, and the purpose ("endorsement") if one is printed."""
    stars = "".join(m.group(1) for m in STAR_MARK.finditer(heading))
    cleaned = STAR_MARK.sub("", heading)
    mixed = MIXED_COMMITTEE.search(cleaned) is not None
    ia_item = IA_ITEM.search(cleaned) is not None
    cleaned = IA_ITEM.sub("", cleaned)
    informing = FOR_INFORMATION.search(cleaned) is not None
    cleaned = FOR_INFORMATION.sub("", cleaned)
    purpose = None
    found = PURPOSE.search(cleaned)
    if found:
        purpose = PURPOSES[found["purpose"].lower()]
        cleaned = cleaned[: found.start()]
    informing = informing or purpose == "information" or INFORMATION.search(heading) is not None
    cleaned = " ".join(cleaned.split()).rstrip(" –—-")
    return cleaned, Markers(mixed, ia_item, informing, stars[:3]), purpose


def informant(heading: str) -> str:
    """Who informs the meeting, as an outcome names them ("the Presidency" when the agenda does not say)."""
    found = INFORMANT.search(heading)
    if not found:
        return "the Presidency"
    who = found["who"].strip()
    return "the " + who[4:] if who[:4].lower() == "the " else who


# ---------------------------------------------------------------- what an agenda holds


@dataclass(frozen=True)
class UnreadAgendaLine:
    """A line of the agenda that could not be placed: shown to the drafter, never dropped."""

    line: int  # 1-based line (or paragraph) number in the source
    text: str
    reason: str


@dataclass
class AgendaSubItem:
    heading: str
    letter: str | None = None  # "a" for "a)"; None for a dashed sub-item
    documents: list[str] = field(default_factory=list)  # printed (canonical) forms
    mixed_committee: bool = False
    ia_item: bool = False
    for_information: bool = False
    purpose: str | None = None
    line: int = 0


@dataclass
class AgendaItem:
    number: int
    heading: str
    documents: list[str] = field(default_factory=list)  # printed (canonical) forms, in order, once each
    sub_items: list[AgendaSubItem] = field(default_factory=list)
    mixed_committee: bool = False
    ia_item: bool = False
    for_information: bool = False
    purpose: str | None = None  # "endorsement", "approval", "adoption", "discussion", "information"
    line: int = 0

    @property
    def informant(self) -> str:
        return informant(self.heading)


@dataclass
class Agenda:
    document_number: str = ""  # "CM 4921/17"
    place: str = ""
    issue_date: date | None = None
    meeting: str = ""  # the body that meets, as printed: "Standing Committee ... (COSI)"
    meeting_dates: list[date] = field(default_factory=list)
    time: str = ""
    venue: str = ""
    subject_codes: list[SubjectCode] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # the agenda's footnotes and closing remarks
    unread: list[UnreadAgendaLine] = field(default_factory=list)

    @property
    def body(self) -> str:
        """The body's short name, from the brackets closing the meeting's name ("COSI")."""
        found = re.search(r"\(([^()]{1,40})\)\s*$", self.meeting)
        return found.group(1).strip() if found else ""

    def item(self, number: int) -> AgendaItem | None:
        return next((item for item in self.items if item.number == number), None)


# ---------------------------------------------------------------- the outcome against its agenda

MISSING = "agenda.missing-item"
HEADING_DIFFERS = "agenda.heading-differs"
NOT_ON_AGENDA = "agenda.not-on-agenda"

DASHES = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"'})


def comparable(heading: str) -> str:
    """A heading as compared: markers, purpose, case, spacing, dashes and closing punctuation aside."""
    cleaned, _, _ = read_markers(heading)
    cleaned = " ".join(cleaned.translate(DASHES).split()).casefold()
    return cleaned.rstrip(" :.;")


def agenda_check(outcome: Outcome, agenda: Agenda) -> list[Problem]:
    """Every agenda item has an outcome item of the same number and heading; nothing else is added.

    "Any other business" may be added without being on the agenda. All findings are warnings: an
    outcome may have good reasons to differ (an item withdrawn, a heading shortened).
    """
    problems: list[Problem] = []
    by_number = {item.number: (index, item) for index, item in enumerate(outcome.items)}
    for wanted in agenda.items:
        found = by_number.get(wanted.number)
        if found is None:
            message = f'item {wanted.number} of the agenda, "{wanted.heading}", has no item in the outcome'
            problems.append(Problem(Severity.WARNING, MISSING, message, Location(field="items")))
            continue
        index, item = found
        heading = plain_text(item.heading)
        if comparable(heading) != comparable(wanted.heading):
            at = Location(item=index, item_number=str(item.number), field="heading")
            message = f'the heading differs from item {wanted.number} of the agenda, "{wanted.heading}"'
            problems.append(Problem(Severity.WARNING, HEADING_DIFFERS, message, at, wanted.heading))
    listed = {item.number for item in agenda.items}
    for index, item in enumerate(outcome.items):
        heading = plain_text(item.heading)
        if item.number in listed or is_any_other_business(heading):
            continue
        at = Location(item=index, item_number=str(item.number))
        message = f'item {item.number}, "{" ".join(heading.split())}", is not on the agenda'
        problems.append(Problem(Severity.WARNING, NOT_ON_AGENDA, message, at))
    return problems
