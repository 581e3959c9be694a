"""The agenda an outcome was made from, as JSON: kept beside the outcome so the outcome can be checked
against it (drafting.domain.agenda.agenda_check) long after the agenda's text is gone.

Lossless for everything the reader found: the notice's heading, every item and sub-item with its
documents and markers, the footnotes and the lines that could not be read. Written like the outcome's
format (drafting.io.json_format): a field only when it differs from its default, in a fixed order.
Reading is strict (`read_agenda_json`, a FormatError naming the place), or forgiving
(`agenda_from_json`, None for anything unreadable: a page showing an outcome never fails on it).
"""

from __future__ import annotations

from typing import Any

from drafting.domain.agenda import Agenda, AgendaItem, AgendaSubItem, UnreadAgendaLine
from drafting.io import FormatError
from drafting.io.json_format import (
    Fields,
    boolean,
    fail,
    integer,
    iso,
    iso_date,
    kind_of,
    list_of,
    non_default,
    nullable,
    subject_code,
)

FORMAT = "council-agenda"
VERSION = 1

DEFAULT_AGENDA = Agenda()
DEFAULT_ITEM = AgendaItem(number=0, heading="")
DEFAULT_SUB_ITEM = AgendaSubItem(heading="")
# The markers and purpose an item and a sub-item both carry, in the order they are written.
MARKED = ("documents", "mixed_committee", "ia_item", "for_information", "purpose", "line")

# ---------------------------------------------------------------- writing


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    put = non_default(data, agenda, DEFAULT_AGENDA)
    put("document_number")
    put("place")
    put("issue_date", iso)
    put("meeting")
    put("meeting_dates", lambda days: [iso(day) for day in days])
    put("time")
    put("venue")
    put("subject_codes", lambda codes: [{"code": c.code, "number": c.number} for c in codes])
    put("items", lambda items: [item_json(item) for item in items])
    put("notes")
    put("unread", lambda lines: [{"line": u.line, "text": u.text, "reason": u.reason} for u in lines])
    return data


def item_json(item: AgendaItem) -> dict[str, Any]:
    data: dict[str, Any] = {"number": item.number, "heading": item.heading}
    put = non_default(data, item, DEFAULT_ITEM)
    for name in MARKED:
        put(name)
    put("sub_items", lambda subs: [sub_item_json(sub) for sub in subs])
    return data


def sub_item_json(sub: AgendaSubItem) -> dict[str, Any]:
    data: dict[str, Any] = {"heading": sub.heading}
    put = non_default(data, sub, DEFAULT_SUB_ITEM)
    put("letter")
    for name in MARKED:
        put(name)
    return data


# ---------------------------------------------------------------- reading


def agenda_from_json(data: object) -> Agenda | None:
    """The agenda, or None when there is none or what is kept cannot be read as one."""
    if data is None:
        return None
    try:
        return read_agenda_json(data)
    except FormatError:
        return None


def read_agenda_json(data: object) -> Agenda:
    """The agenda from parsed JSON; FormatError (one line, naming the place) if it is not one."""
    root = Fields(data, "agenda")
    kind = root.required("format", plain)
    if kind != FORMAT:
        raise fail("agenda.format", f"expected '{FORMAT}', found '{kind}'")
    version = root.required("version", integer)
    if version != VERSION:
        raise fail("agenda.version", f"version {version} is not the one this program reads ({VERSION})")
    get = root.optional_getter(DEFAULT_AGENDA)
    agenda = Agenda(
        document_number=get("document_number", plain),
        place=get("place", plain),
        issue_date=get("issue_date", nullable(iso_date)),
        meeting=get("meeting", plain),
        meeting_dates=get("meeting_dates", list_of(iso_date)),
        time=get("time", plain),
        venue=get("venue", plain),
        subject_codes=get("subject_codes", list_of(subject_code)),
        items=get("items", list_of(item)),
        notes=get("notes", list_of(plain)),
        unread=get("unread", list_of(unread_line)),
    )
    root.finish()
    return agenda


def item(value: object, path: str) -> AgendaItem:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_ITEM)
    read = AgendaItem(
        number=fields.required("number", integer),
        heading=fields.required("heading", plain),
        sub_items=get("sub_items", list_of(sub_item)),
        **marked(get),
    )
    fields.finish()
    return read


def sub_item(value: object, path: str) -> AgendaSubItem:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_SUB_ITEM)
    read = AgendaSubItem(
        heading=fields.required("heading", plain), letter=get("letter", nullable(plain)), **marked(get)
    )
    fields.finish()
    return read


def marked(get) -> dict[str, Any]:
    """The documents, markers, purpose and source line an item or a sub-item carries."""
    return {
        "documents": get("documents", list_of(plain)),
        "mixed_committee": get("mixed_committee", boolean),
        "ia_item": get("ia_item", boolean),
        "for_information": get("for_information", boolean),
        "purpose": get("purpose", nullable(plain)),
        "line": get("line", integer),
    }


def unread_line(value: object, path: str) -> UnreadAgendaLine:
    fields = Fields(value, path)
    read = UnreadAgendaLine(
        fields.required("line", integer), fields.required("text", plain), fields.required("reason", plain)
    )
    fields.finish()
    return read


def plain(value: object, path: str) -> str:
    # Any text: an agenda is read and compared, never written into a Word document, so the
    # characters Word cannot hold are not refused here (the outcome's own format refuses them).
    if not isinstance(value, str):
        raise fail(path, f"expected text, found {kind_of(value)}")
    return value
