"""The outcome as JSON: a documented, versioned, lossless format (docs/json-format.md).

A field is written only when it differs from its default, in a fixed order, so the JSON written
for an outcome is the one canonical text for it: json → outcome → json gives the same text back.
Reading is strict: anything the format does not define is a FormatError naming its JSON path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from drafting.domain.characters import (
    UnholdableText,
    describe_character,
    refuse_unholdable,
    unholdable_characters,
)
from drafting.domain.model import (
    Action,
    Block,
    DashList,
    Decision,
    DelegationList,
    Footer,
    Footnote,
    FootnoteMark,
    Inline,
    Item,
    NextStep,
    Numbering,
    Outcome,
    Paragraph,
    Purpose,
    Recipient,
    ReferenceLink,
    Span,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
)
from drafting.io import FormatError

FORMAT = "council-outcome"
VERSION = 1

DEFAULT_OUTCOME = Outcome()
DEFAULT_FOOTER = Footer()
DEFAULT_ITEM = Item(number=0)
DEFAULT_SUB_ITEM = SubItem()
DEFAULT_DECISION = Decision()
DEFAULT_NEXT_STEP = NextStep()

SPAN_KINDS = ("text", "reference", "footnote", "delegations")
BLOCK_KINDS = ("paragraph", "dash_list", "decision")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

T = TypeVar("T")
E = TypeVar("E", bound=StrEnum)

# ---------------------------------------------------------------- writing


def dumps(outcome: Outcome) -> str:
    """The canonical JSON text of an outcome: indented by 2, UTF-8 characters as they are."""
    return json.dumps(to_json(outcome), indent=2, ensure_ascii=False) + "\n"


def to_json(outcome: Outcome) -> dict[str, Any]:
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    put = non_default(data, outcome, DEFAULT_OUTCOME)
    put("document_number")
    put("issue_date", iso)
    put("place")
    put("original_language")
    put("interinstitutional_file")
    put("marking")
    put("subject_codes", lambda codes: [{"code": c.code, "number": c.number} for c in codes])
    put("document_type")
    put("sender")
    put("meeting_dates", lambda days: [iso(day) for day in days])
    put("recipient")
    put("previous_documents")
    put("commission_documents")
    put("subject")
    if outcome.footer != DEFAULT_FOOTER:
        footer: dict[str, Any] = {}
        put_footer = non_default(footer, outcome.footer, DEFAULT_FOOTER)
        for name in ("initials", "unit", "language"):
            put_footer(name)
        data["footer"] = footer
    put("numbering", str)
    put("items", lambda items: [item_json(item) for item in items])
    return data


def non_default(data: dict[str, Any], thing: object, default: object) -> Callable[..., None]:
    """A writer of `thing`'s fields into `data` that skips every field holding its default."""

    def put(name: str, convert: Callable[[Any], Any] = lambda value: value) -> None:
        value = getattr(thing, name)
        if value != getattr(default, name):
            data[name] = convert(value)

    return put


def iso(day: date) -> str:
    return day.isoformat()


def item_json(item: Item) -> dict[str, Any]:
    data: dict[str, Any] = {"number": item.number}
    put = non_default(data, item, DEFAULT_ITEM)
    put("heading", spans_json)
    put("classification")
    put("mixed_committee")
    put("blocks", blocks_json)
    put("sub_item_style", str)
    put("sub_items", lambda subs: [sub_item_json(sub) for sub in subs])
    put("footnotes", lambda notes: [footnote_json(note) for note in notes])
    return data


def sub_item_json(sub: SubItem) -> dict[str, Any]:
    data: dict[str, Any] = {}
    put = non_default(data, sub, DEFAULT_SUB_ITEM)
    put("letter")
    put("heading", spans_json)
    put("blocks", blocks_json)
    return data


def footnote_json(note: Footnote) -> dict[str, Any]:
    data: dict[str, Any] = {"label": note.label}
    if note.content:
        data["content"] = spans_json(note.content)
    return data


def blocks_json(blocks: list[Block]) -> list[dict[str, Any]]:
    return [block_json(block) for block in blocks]


def block_json(block: Block) -> dict[str, Any]:
    match block:
        case Paragraph(content=content):
            return {"paragraph": spans_json(content)}
        case DashList(entries=entries):
            return {"dash_list": [spans_json(entry) for entry in entries]}
        case Decision():
            return {"decision": decision_json(block)}
    raise TypeError(f"not a block: {block!r}")


def decision_json(decision: Decision) -> dict[str, Any]:
    data: dict[str, Any] = {}
    put = non_default(data, decision, DEFAULT_DECISION)
    put("actor")
    put("action", str)
    put("subject")
    put("documents", list)
    if decision.next_step is not None:
        step: dict[str, Any] = {}
        put_step = non_default(step, decision.next_step, DEFAULT_NEXT_STEP)
        put_step("recipient", str)
        put_step("as_ia_item")
        put_step("coreper_date", iso)
        put_step("council_date", iso)
        put_step("purpose", str)
        data["next_step"] = step
    put("wording", spans_json)
    return data


def spans_json(content: Inline) -> list[dict[str, Any]]:
    return [span_json(span) for span in content]


def span_json(span: Span) -> dict[str, Any]:
    match span:
        case Text(text=value, bold=bold):
            return {"text": value, "bold": True} if bold else {"text": value}
        case ReferenceLink(reference=reference):
            return {"reference": reference}
        case FootnoteMark(label=label):
            return {"footnote": label}
        case DelegationList(codes=codes):
            return {"delegations": list(codes)}
    raise TypeError(f"not a span: {span!r}")


# ---------------------------------------------------------------- reading


def loads(text: str) -> Outcome:
    """An outcome from its JSON text; FormatError (one line, naming the place) if it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise FormatError(f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}") from error
    except RecursionError as error:
        raise FormatError("not an outcome: the JSON is nested too deeply") from error
    return from_json(data)


def from_json(data: object) -> Outcome:
    """An outcome from parsed JSON. Control characters Word cannot hold are refused as FormatError."""
    root = Fields(data, "")
    kind = root.required("format", text_value)
    if kind != FORMAT:
        raise FormatError(f"format: expected '{FORMAT}', found '{kind}'")
    version = root.required("version", integer)
    if version != VERSION:
        newer = " is newer than this program reads" if version > VERSION else " is unknown"
        raise FormatError(f"version: version {version}{newer} (it reads version {VERSION})")
    get = root.optional_getter(DEFAULT_OUTCOME)
    outcome = Outcome(
        document_number=get("document_number", text_value),
        issue_date=get("issue_date", nullable(iso_date)),
        place=get("place", text_value),
        original_language=get("original_language", text_value),
        interinstitutional_file=get("interinstitutional_file", nullable(text_value)),
        marking=get("marking", nullable(text_value)),
        subject_codes=get("subject_codes", list_of(subject_code)),
        document_type=get("document_type", text_value),
        sender=get("sender", text_value),
        meeting_dates=get("meeting_dates", list_of(iso_date)),
        recipient=get("recipient", text_value),
        previous_documents=get("previous_documents", nullable(text_value)),
        commission_documents=get("commission_documents", nullable(text_value)),
        subject=get("subject", text_value),
        footer=root.optional("footer", footer, Footer()),
        items=get("items", list_of(item)),
        numbering=get("numbering", enum_value(Numbering, "numbering")),
    )
    root.finish()
    try:
        return refuse_unholdable(outcome)
    except UnholdableText as refused:
        raise FormatError(str(refused)) from refused


def fail(path: str, message: str) -> FormatError:
    return FormatError(f"{path or 'document'}: {message}")


def kind_of(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


class Fields:
    """A JSON object being read: each field is taken once, and whatever is left over is an error."""

    def __init__(self, value: object, path: str):
        if not isinstance(value, dict):
            raise fail(path, f"expected an object, found {kind_of(value)}")
        self.value: dict[str, Any] = value
        self.path = path
        self.taken: set[str] = set()

    def at(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def required(self, key: str, read: Callable[[Any, str], T]) -> T:
        self.taken.add(key)
        if key not in self.value:
            raise fail(self.path, f"missing required field '{key}'")
        return read(self.value[key], self.at(key))

    def optional(self, key: str, read: Callable[[Any, str], T], default: T) -> T:
        self.taken.add(key)
        if key not in self.value:
            return default
        return read(self.value[key], self.at(key))

    def optional_getter(self, defaults: object) -> Callable[[str, Callable[[Any, str], Any]], Any]:
        """`optional` with each field's default taken from a default instance (fresh lists, not shared)."""

        def get(key: str, read: Callable[[Any, str], Any]) -> Any:
            default = getattr(defaults, key)
            return self.optional(key, read, list(default) if isinstance(default, list) else default)

        return get

    def finish(self) -> None:
        unknown = sorted(set(self.value) - self.taken)
        if unknown:
            raise fail(self.path, f"unknown field '{unknown[0]}'")


def text_value(value: object, path: str) -> str:
    if not isinstance(value, str):
        raise fail(path, f"expected text, found {kind_of(value)}")
    found = unholdable_characters(value)
    if found:
        names = ", ".join(sorted({describe_character(char) for _, char in found}))
        raise fail(path, f"contains a control character a Word document cannot hold ({names})")
    return value


def integer(value: object, path: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise fail(path, f"expected a whole number, found {kind_of(value)}")
    return value


def boolean(value: object, path: str) -> bool:
    if not isinstance(value, bool):
        raise fail(path, f"expected true or false, found {kind_of(value)}")
    return value


def iso_date(value: object, path: str) -> date:
    text = text_value(value, path)
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise fail(path, f"not a date in the form YYYY-MM-DD: '{text}'") from None


def nullable(read: Callable[[Any, str], T]) -> Callable[[Any, str], T | None]:
    """A reader that also accepts null, for fields whose default is "none"."""

    def read_nullable(value: object, path: str) -> T | None:
        return None if value is None else read(value, path)

    return read_nullable


def list_of(read: Callable[[Any, str], T]) -> Callable[[Any, str], list[T]]:
    def read_list(value: object, path: str) -> list[T]:
        if not isinstance(value, list):
            raise fail(path, f"expected a list, found {kind_of(value)}")
        return [read(element, f"{path}[{index}]") for index, element in enumerate(value)]

    return read_list


def enum_value(kind: type[E], noun: str) -> Callable[[Any, str], E]:
    def read_enum(value: object, path: str) -> E:
        name = text_value(value, path)
        try:
            return kind(name)
        except ValueError:
            expected = ", ".join(f"'{member}'" for member in kind)
            raise fail(path, f"unknown {noun} '{name}' (expected one of {expected})") from None

    return read_enum


def subject_code(value: object, path: str) -> SubjectCode:
    fields = Fields(value, path)
    code = SubjectCode(fields.required("code", text_value), fields.required("number", integer))
    fields.finish()
    return code


def footer(value: object, path: str) -> Footer:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_FOOTER)
    result = Footer(
        initials=get("initials", text_value),
        unit=get("unit", text_value),
        language=get("language", text_value),
    )
    fields.finish()
    return result


def item(value: object, path: str) -> Item:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_ITEM)
    result = Item(
        number=fields.required("number", integer),
        heading=get("heading", spans),
        classification=get("classification", nullable(text_value)),
        mixed_committee=get("mixed_committee", boolean),
        blocks=get("blocks", list_of(block)),
        sub_item_style=get("sub_item_style", enum_value(SubItemStyle, "sub-item style")),
        sub_items=get("sub_items", list_of(sub_item)),
        footnotes=get("footnotes", list_of(footnote)),
    )
    fields.finish()
    return result


def sub_item(value: object, path: str) -> SubItem:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_SUB_ITEM)
    result = SubItem(
        letter=get("letter", nullable(text_value)),
        heading=get("heading", spans),
        blocks=get("blocks", list_of(block)),
    )
    fields.finish()
    return result


def footnote(value: object, path: str) -> Footnote:
    fields = Fields(value, path)
    result = Footnote(fields.required("label", text_value), fields.optional("content", spans, ()))
    fields.finish()
    return result


def only_kind(fields: Fields, kinds: tuple[str, ...], noun: str) -> str:
    """The one key of `kinds` an object holds (a span or block is one thing, named by its key)."""
    present = [key for key in kinds if key in fields.value]
    if len(present) > 1:
        raise fail(fields.path, f"a {noun} has one kind, found {' and '.join(present)}")
    if not present:
        others = sorted(fields.value)
        if others:
            raise fail(fields.path, f"unknown {noun} kind '{others[0]}'")
        raise fail(fields.path, f"empty {noun} (expected one of {', '.join(kinds)})")
    return present[0]


def block(value: object, path: str) -> Block:
    fields = Fields(value, path)
    kind = only_kind(fields, BLOCK_KINDS, "block")
    result: Block
    if kind == "paragraph":
        result = Paragraph(fields.required(kind, spans))
    elif kind == "dash_list":
        result = DashList(fields.required(kind, list_of(spans)))
    else:
        result = fields.required(kind, decision)
    fields.finish()
    return result


def decision(value: object, path: str) -> Decision:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_DECISION)
    result = Decision(
        actor=get("actor", text_value),
        action=get("action", enum_value(Action, "action")),
        subject=get("subject", text_value),
        documents=tuple(get("documents", list_of(text_value))),
        next_step=get("next_step", nullable(next_step)),
        wording=get("wording", spans),
    )
    fields.finish()
    return result


def next_step(value: object, path: str) -> NextStep:
    fields = Fields(value, path)
    get = fields.optional_getter(DEFAULT_NEXT_STEP)
    result = NextStep(
        recipient=get("recipient", enum_value(Recipient, "recipient")),
        as_ia_item=get("as_ia_item", boolean),
        coreper_date=get("coreper_date", nullable(iso_date)),
        council_date=get("council_date", nullable(iso_date)),
        purpose=get("purpose", nullable(enum_value(Purpose, "purpose"))),
    )
    fields.finish()
    return result


def spans(value: object, path: str) -> Inline:
    return tuple(list_of(span)(value, path))


def span(value: object, path: str) -> Span:
    fields = Fields(value, path)
    kind = only_kind(fields, SPAN_KINDS, "span")
    result: Span
    if kind == "text":
        result = Text(fields.required("text", text_value), fields.optional("bold", boolean, False))
    elif kind == "reference":
        result = ReferenceLink(fields.required("reference", text_value))
    elif kind == "footnote":
        result = FootnoteMark(fields.required("footnote", text_value))
    else:
        result = DelegationList(tuple(fields.required("delegations", list_of(text_value))))
    unknown = sorted(set(fields.value) - fields.taken)
    if unknown:
        raise fail(path, f"unknown span key '{unknown[0]}'")
    return result
