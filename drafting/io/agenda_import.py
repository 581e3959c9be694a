"""Reading a meeting's provisional agenda (text, markdown or .docx) and starting its outcome from it.

An agenda is read line by line: its heading block ("Council of the European Union", "Brussels,
14 November 2017", "CM 4921/17", subject codes, "NOTICE OF MEETING AND PROVISIONAL AGENDA",
"Meeting:", "Date:", "Time:", "Venue:"), then numbered items "N. heading" (a heading may run to the
next lines), lettered "a)" or dashed sub-items, the documents cited under each ("14260/17 JAI 1032
COSI 231", "doc. 14260/17"), marker lines ("(poss.) I/A item", "(*)", "– Endorsement"), section lines
("COMIX", "MIXED COMMITTEE") and the footnotes closing the agenda ("(*) Item on which the Mixed
Committee will meet"), which give the stars their meaning. Lines that fit none of these are listed
in Agenda.unread with their numbers, never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from drafting.domain.agenda import (
    MIXED_COMMITTEE,
    Agenda,
    AgendaItem,
    AgendaSubItem,
    Markers,
    UnreadAgendaLine,
    informant,
    read_markers,
)
from drafting.domain.characters import describe_character, unholdable_characters
from drafting.domain.model import (
    Action,
    Block,
    Decision,
    Item,
    NextStep,
    Numbering,
    Outcome,
    SubItem,
    SubItemStyle,
    SubjectCode,
    text,
    with_schengen_footnote,
)
from drafting.domain.references import scan_references
from drafting.io import FormatError
from drafting.io.files import MAX_BYTES, decode_text, file_bytes
from drafting.io.json_format import item as item_from_json
from drafting.io.text_import import (
    COUNCIL,
    PLACE_AND_DATE,
    SUBJECT_CODE,
    parse_day,
    parse_days,
    source_lines,
    unmarked,
)
from drafting.reuse.standard import AGENDA
from drafting.reuse.templates import fill

READABLE = (".txt", ".md", ".docx")

ITEM = re.compile(r"(?:#{1,6}\s+)?(?P<number>\d{1,3})\s*[.)][ \t]+(?P<heading>\S.*)")
LETTERED = re.compile(r"\(?(?P<letter>[a-z])\)[ \t]+(?P<heading>\S.*)")
DASHED = re.compile(r"[-–—•][ \t]+(?P<heading>\S.*)")
FOOTNOTE = re.compile(r"\(?(?P<stars>\*{1,3})\)?[ \t]*(?P<text>[^\s*].*)")
SEPARATOR = re.compile(r"[_\-=*–—]{3,}")
CLOSING_REMARK = re.compile(r"(?:N\.?\s?B\.?|Note)\s*:", re.IGNORECASE)
LABEL = re.compile(
    r"(?P<label>From|To|Subject|Meeting|Date and time|Dates?|Time|Venue|Place|Location)\s*:\s*(?P<value>.*)",
    re.IGNORECASE,
)
TITLE_LINES = re.compile(
    r"COMMUNICATION|(?:REVISED\s+)?(?:NOTICE OF MEETING(?: AND)?\s*)?(?:PROVISIONAL\s+)?AGENDA"
    r"|NOTICE OF MEETING|\(OR\.\s*[a-z]{2}\)|LIMITE",
    re.IGNORECASE,
)
DAYS = re.compile(r"\d{1,2}(?:\s*(?:-|–|and|to|,)\s*\d{1,2}(?:\s+[A-Za-z]+)?)*\s+[A-Za-z]+\s+\d{4}")
# What may stand beside references on a line that only lists documents.
DOCUMENT_WORDS = re.compile(r"\b(?:docs?|documents?|ST|WK|see|and)\b\.?|[+,;:()\[\]]", re.IGNORECASE)
# Subject codes printed after a document number, some naming two bodies: "COSI 228", "CSDP/PSDC 627".
FILING_CODE = re.compile(r"\b[A-Z][A-Z-]*(?:/[A-Z][A-Z-]*)? \d{1,6}\b")
PURPOSE_ALONE = re.compile(
    r"(?:endorsement|approval|agreement|adoption|exchange of views|discussion|policy debate|information"
    r"|presentation|state of play)",
    re.IGNORECASE,
)
NON_MIXED = re.compile(r"\bNON[- ]?(?:COMIX|MIXED)\b|\bEU\s+ONLY\b", re.IGNORECASE)


# ---------------------------------------------------------------- reading


def read_agenda_text(text: str) -> Agenda:
    """The agenda a text (or markdown) holds; FormatError when it lists no numbered item."""
    return read_lines(enumerate(source_lines(text), start=1))


def read_agenda_docx(data: bytes) -> Agenda:
    """The agenda a Word document holds, read paragraph by paragraph (tables cell by cell)."""
    return read_lines(docx_lines(data))


def read_agenda_bytes(data: bytes, suffix: str) -> Agenda:
    suffix = suffix.lower()
    if len(data) > MAX_BYTES:
        raise FormatError(f"the file is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if suffix == ".docx":
        return read_agenda_docx(data)
    if suffix in (".txt", ".md"):
        return read_agenda_text(decode_text(data))
    raise FormatError(
        f"cannot read an agenda from '{suffix or 'no extension'}' files; use {', '.join(READABLE)}"
    )


def read_agenda_file(path: str | Path) -> Agenda:
    path = Path(path)
    return read_agenda_bytes(file_bytes(path), path.suffix)


def read_lines(lines: Iterable[tuple[int, str]]) -> Agenda:
    reader = AgendaReader()
    for number, line in lines:
        reader.read(number, line)
    return reader.finish()


def docx_lines(data: bytes) -> list[tuple[int, str]]:
    """The paragraphs of a .docx in reading order, numbered; Word's automatic numbering written out.

    An agenda typed with automatic numbering holds no "1." in its text: the number a list paragraph
    shows is counted here (top level 1, 2, ...; the level below a), b), ...).
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph as WordParagraph

    from drafting.io.docx_import import one_line, open_document

    document = open_document(data)
    lines: list[tuple[int, str]] = []
    counters = [0, 0]
    try:
        for position, block in enumerate(document.iter_inner_content(), start=1):
            paragraphs = (
                [p for row in block.rows for cell in row.cells for p in cell.paragraphs]
                if isinstance(block, Table)
                else [block]
            )
            for paragraph in paragraphs:
                assert isinstance(paragraph, WordParagraph)
                lines.append((position, numbered(paragraph, counters)))
    except Exception as error:  # a hand-made package can break the reader in ways no check foresees
        raise FormatError(f"this .docx cannot be read as an agenda ({one_line(error)})") from error
    return lines


def numbered(paragraph, counters: list[int]) -> str:
    """The paragraph's text, with the label automatic numbering shows in front of it."""
    value = paragraph.text.replace("\t", " ").strip()
    properties = paragraph._p.pPr
    level = None
    if properties is not None and properties.numPr is not None:
        ilvl = properties.numPr.ilvl
        level = ilvl.val if ilvl is not None else 0
    elif paragraph.style is not None and (paragraph.style.name or "").startswith("List Number"):
        level = 1 if (paragraph.style.name or "").rstrip().endswith(("2", "3")) else 0
    if level is None or not value or ITEM.fullmatch(value) or LETTERED.fullmatch(value):
        return value
    if level == 0:
        counters[0] += 1
        counters[1] = 0
        return f"{counters[0]}. {value}"
    counters[1] += 1
    return f"{chr(ord('a') + (counters[1] - 1) % 26)}) {value}"


@dataclass
class Open:
    """An item or sub-item being read: its heading as printed, markers added by the lines under it."""

    heading: str
    line: int
    letter: str | None = None
    documents: list[str] = field(default_factory=list)
    markers: Markers = Markers()
    purpose: str | None = None
    in_mixed_section: bool = False
    heading_open: bool = True  # the next line may continue the heading
    sub_items: list[Open] = field(default_factory=list)
    number: int = 0


class AgendaReader:
    def __init__(self) -> None:
        self.agenda = Agenda()
        self.items: list[Open] = []
        self.label: str | None = None  # the heading label whose value the next lines continue
        self.values: dict[str, str] = {}
        self.in_notes = False
        self.mixed_section = False
        self.star_meanings: dict[str, Markers] = {}

    @property
    def target(self) -> Open | None:
        """Where a document or marker line belongs: the last sub-item, else the last item."""
        if not self.items:
            return None
        item = self.items[-1]
        return item.sub_items[-1] if item.sub_items else item

    def skip(self, number: int, line: str, reason: str) -> None:
        self.agenda.unread.append(UnreadAgendaLine(number, line, reason))

    def read(self, number: int, raw: str) -> None:
        found = unholdable_characters(raw)
        if found:
            names = ", ".join(sorted({describe_character(char) for _, char in found}))
            raise FormatError(
                f"line {number}: contains a control character a Word document cannot hold ({names})"
            )
        line = unmarked(raw)
        if not line:
            self.label = None
            if self.target is not None:
                self.target.heading_open = False
            return
        if (item := ITEM.fullmatch(line)) and not self.is_document_line(line):
            self.in_notes = False
            self.label = None
            opened = Open(item["heading"], number, in_mixed_section=self.mixed_section)
            opened.number = int(item["number"])
            self.items.append(opened)
            return
        if not self.items:
            self.read_heading_block(number, line)
        elif self.in_notes:
            self.read_note(line)
        else:
            self.read_under_item(number, line)

    # ------------------------------------------------------------ the heading block

    def read_heading_block(self, number: int, line: str) -> None:
        agenda = self.agenda
        label = LABEL.fullmatch(line)
        if label:
            name = label["label"].lower()
            self.label = name
            self.values[name] = label["value"].strip()
            return
        if self.label is not None:  # a value running to the next line, or standing there alone
            self.values[self.label] = (self.values[self.label] + " " + line).strip()
            return
        if COUNCIL.fullmatch(line) or TITLE_LINES.fullmatch(line):
            return
        if (dated := PLACE_AND_DATE.fullmatch(line)) and not agenda.place:
            agenda.place = dated["place"].strip()
            agenda.issue_date = parse_day(dated["day"])
            return
        found = scan_references(line)
        if len(found) == 1 and found[0].text == line.strip() and not agenda.document_number:
            agenda.document_number = found[0].parsed.canonical or found[0].text
            return
        codes = list(SUBJECT_CODE.finditer(line))
        if codes and not SUBJECT_CODE.sub("", line).strip(" ,;"):
            agenda.subject_codes += [SubjectCode(c["code"], int(c["number"])) for c in codes]
            return
        if self.read_section(line):
            return
        self.skip(number, line, "not part of an agenda's heading")

    # ------------------------------------------------------------ under an item

    def read_under_item(self, number: int, line: str) -> None:
        target = self.target
        assert target is not None
        if self.is_document_line(line):
            self.add_documents(target, line)
            target.heading_open = False
            return
        if self.read_marker_line(target, line):
            return
        if SEPARATOR.fullmatch(line) or CLOSING_REMARK.match(line):
            self.in_notes = True
            self.read_note(line)
            return
        if (footnote := FOOTNOTE.fullmatch(line)) and line.lstrip().startswith(("(*", "*")):
            self.in_notes = True
            self.read_note(line, footnote)
            return
        if self.read_section(line):
            return
        item = self.items[-1]
        if sub := LETTERED.fullmatch(line):
            item.heading_open = False
            item.sub_items.append(Open(sub["heading"], number, letter=sub["letter"]))
            return
        if sub := DASHED.fullmatch(line):
            item.heading_open = False
            item.sub_items.append(Open(sub["heading"], number))
            return
        if target.heading_open:
            target.heading += " " + line
            return
        self.skip(number, line, "neither an item, a sub-item, a document nor a marker")

    def is_document_line(self, line: str) -> bool:
        found = scan_references(line)
        if not found:
            return False
        rest = line
        for one in reversed(found):
            rest = rest[: one.start] + " " + rest[one.end :]
        rest = FILING_CODE.sub(" ", rest)
        rest = DOCUMENT_WORDS.sub(" ", rest)
        return not rest.strip(" .-–")

    def add_documents(self, target: Open, line: str) -> None:
        for one in scan_references(line):
            printed = one.parsed.canonical or one.text
            if printed not in target.documents:
                target.documents.append(printed)

    def read_marker_line(self, target: Open, line: str) -> bool:
        """A line only of markers ("(poss.) I/A item", "(*)", "– Endorsement") marks the item above it."""
        bare = line.lstrip("-–—• \t")
        if PURPOSE_ALONE.fullmatch(bare.rstrip(" .")):
            cleaned, markers, purpose = read_markers(" – " + bare.rstrip(" ."))
        else:
            cleaned, markers, purpose = read_markers(line)
        if cleaned.strip(" -–—•:.") or markers == Markers() and purpose is None:
            return False
        target.markers |= markers
        target.purpose = target.purpose or purpose
        return True

    def read_section(self, line: str) -> bool:
        """A line opening the part of the agenda taken in Mixed Committee format ("COMIX"), or ending it."""
        if NON_MIXED.search(line) and len(line) <= 60:
            self.mixed_section = False
            return True
        if MIXED_COMMITTEE.match(line) and len(line) <= 60:
            self.mixed_section = True
            return True
        return False

    # ------------------------------------------------------------ notes closing the agenda

    def read_note(self, line: str, footnote: re.Match[str] | None = None) -> None:
        if SEPARATOR.fullmatch(line):
            return
        self.agenda.notes.append(line)
        footnote = footnote or FOOTNOTE.fullmatch(line)
        if footnote and line.lstrip().startswith(("(*", "*")):
            _, markers, _ = read_markers(footnote["text"])
            informs = re.search(r"\binformation\b", footnote["text"], re.IGNORECASE) is not None
            meaning = Markers(markers.mixed_committee, markers.ia_item, markers.for_information or informs)
            self.star_meanings[footnote["stars"]] = meaning

    # ------------------------------------------------------------ the agenda read

    def finish(self) -> Agenda:
        agenda = self.agenda
        if not self.items:
            raise FormatError(
                'no numbered agenda item was found (items are written "1. Adoption of the agenda")'
            )
        values = self.values
        agenda.meeting = values.get("meeting") or values.get("subject") or values.get("to", "")
        agenda.time = values.get("time", "")
        agenda.venue = values.get("venue") or values.get("place") or values.get("location", "")
        when = values.get("date") or values.get("dates") or values.get("date and time", "")
        if days := DAYS.search(when):
            agenda.meeting_dates = parse_days(days.group()) or []
        agenda.items = [self.item_of(opened) for opened in self.items]
        return agenda

    def marked(self, opened: Open) -> tuple[str, Markers, str | None]:
        heading, markers, purpose = read_markers(opened.heading)
        markers |= opened.markers
        if markers.stars:
            markers |= self.star_meanings.get(markers.stars, Markers())
        if opened.in_mixed_section:
            markers |= Markers(mixed_committee=True)
        found = scan_references(opened.heading)
        documents = [f.parsed.canonical or f.text for f in found]
        opened.documents[:0] = [d for d in documents if d not in opened.documents]
        return heading, markers, opened.purpose or purpose

    def item_of(self, opened: Open) -> AgendaItem:
        heading, markers, purpose = self.marked(opened)
        subs: list[AgendaSubItem] = []
        for sub in opened.sub_items:
            sub.in_mixed_section = sub.in_mixed_section or opened.in_mixed_section
            sub_heading, sub_markers, sub_purpose = self.marked(sub)
            subs.append(
                AgendaSubItem(
                    sub_heading,
                    sub.letter,
                    sub.documents,
                    sub_markers.mixed_committee,
                    sub_markers.ia_item,
                    sub_markers.for_information,
                    sub_purpose,
                    sub.line,
                )
            )
        return AgendaItem(
            opened.number,
            heading,
            opened.documents,
            subs,
            markers.mixed_committee or any(s.mixed_committee for s in subs),
            markers.ia_item,
            markers.for_information,
            purpose,
            opened.line,
        )


# ---------------------------------------------------------------- the outcome started from it

ACTIONS = {
    "endorsement": Action.ENDORSED,
    "approval": Action.AGREED_ON,
    "adoption": Action.ADOPTED,
    "discussion": Action.DISCUSSED,
}
AGENDA_HEADING = re.compile(r"\badoption\s+of\s+the\s+(?:provisional\s+)?agenda\b", re.IGNORECASE)


def outcome_from_agenda(agenda: Agenda) -> Outcome:
    """A new outcome with the agenda's items, each started from its standard sentence where one fits.

    The outcome's own document number and date of issue are left for the drafter. The agenda's
    subject codes are copied with the agenda's running numbers, which the drafter replaces by the
    outcome's own.
    """
    actor = actor_for(agenda.meeting)
    numbers = [item.number for item in agenda.items]
    return Outcome(
        place=agenda.place or "Brussels",
        subject_codes=[SubjectCode(c.code, c.number) for c in agenda.subject_codes],
        meeting_dates=list(agenda.meeting_dates),
        subject=" ".join(agenda.meeting.split()),
        items=with_footnotes([prefill(item, agenda.document_number, actor) for item in agenda.items]),
        numbering=Numbering.CONSECUTIVE if numbers == list(range(1, len(numbers) + 1)) else Numbering.AGENDA,
    )


def with_footnotes(items: list[Item]) -> list[Item]:
    """Mixed Committee items carry the standard footnote, numbered in the order of the document."""
    done: list[Item] = []
    for item in items:
        notes_before = sum(len(earlier.footnotes) for earlier in done)
        done.append(with_schengen_footnote(item, notes_before)[0])
    return done


def actor_for(meeting: str) -> str:
    """Who acts in the standard sentences: the body that met."""
    return "The Working Party" if re.search(r"working\s+party", meeting, re.IGNORECASE) else "The Committee"


def prefill(agenda_item: AgendaItem, agenda_number: str = "", actor: str = "The Committee") -> Item:
    """The outcome item for an agenda item: number, heading, markers and the standard sentence if one fits.

    The adoption of the agenda is the standard agenda template filled with the agenda's own number
    (its wording in one place, drafting.reuse.standard; left as the blank {agenda} when the agenda
    has no number); an I/A item is endorsed and goes to Coreper and the Council as an I/A item; an
    item for information is taken note of; an item asking for endorsement, approval, adoption or an
    exchange of views gets the matching sentence. Those sentences are composed by
    drafting.domain.phrasing from the Decision's choices.
    """
    blocks: list[Block] = []
    if AGENDA_HEADING.search(agenda_item.heading):
        blocks = agenda_adopted(agenda_number)
    if not blocks and not agenda_item.sub_items:
        blocks = decided(agenda_item, actor)
    subs = [
        SubItem(heading=text(sub.heading), blocks=decided(sub, actor), letter=sub.letter)
        for sub in agenda_item.sub_items
    ]
    dashed = bool(subs) and all(sub.letter is None for sub in agenda_item.sub_items)
    return Item(
        number=agenda_item.number,
        heading=text(agenda_item.heading),
        blocks=blocks,
        sub_items=subs,
        sub_item_style=SubItemStyle.DASHED if dashed else SubItemStyle.LETTERED,
        mixed_committee=agenda_item.mixed_committee,
    )


def agenda_adopted(agenda_number: str) -> list[Block]:
    """The text of the standard template "Adoption of the agenda", citing the agenda when it has a number."""
    filled, _warnings = fill(AGENDA, {"agenda": agenda_number}) if agenda_number else (None, [])
    if filled is None:  # no number, or one the template refuses: the blank stays for the drafter
        filled = item_from_json(AGENDA.item, "item")
    return filled.blocks


def decided(item: AgendaItem | AgendaSubItem, actor: str) -> list[Block]:
    """The decision skeleton an agenda item's markers and purpose call for; nothing when none fits."""
    documents = tuple(item.documents)
    if item.ia_item:
        action = ACTIONS.get(item.purpose or "", Action.ENDORSED)
        subject = subject_of(item.heading)
        return [
            Decision(actor=actor, action=action, subject=subject, documents=documents, next_step=NextStep())
        ]
    if item.for_information or item.purpose == "information":
        subject = f"the information provided by {informant(item.heading)}"
        return [Decision(actor=actor, action=Action.TOOK_NOTE, subject=subject, documents=documents)]
    if item.purpose in ACTIONS:
        return [
            Decision(
                actor=actor,
                action=ACTIONS[item.purpose],
                subject=subject_of(item.heading),
                documents=documents,
            )
        ]
    return []


def subject_of(heading: str) -> str:
    """The heading as the object of a sentence: "Draft conclusions" -> "the draft conclusions"."""
    words = heading.split(" ", 1)
    first = words[0]
    if first[:1].isupper() and first[1:].islower() and first.isalpha():
        first = first.lower()
    if first.lower() in ("the", "a", "an"):
        return " ".join([first, *words[1:]])
    return " ".join(["the", first, *words[1:]])
