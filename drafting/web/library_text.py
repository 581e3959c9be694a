"""A template's text as the drafter edits it: every piece of text of its item, written in the inline markup.

A template holds its item in the JSON format with `{name}` placeholders anywhere, the fields of a
decision's next step included ("{coreper_date}"). The item form of the editor reads those fields as
dates and references and would refuse a placeholder there, so a template's text is edited here
instead: each heading, paragraph, dash list, decision subject, wording and document list and each
footnote is one field in the markup of drafting.io.markup, and the item's structure (its blocks,
the choices of its decisions) is kept as it is. Its placeholders are found again in the new text.
"""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from drafting.domain.characters import unholdable_problem
from drafting.domain.model import plain_text
from drafting.domain.problems import Location
from drafting.io import FormatError
from drafting.io.json_format import item as item_from_json
from drafting.io.json_format import spans, spans_json
from drafting.io.markup import format_inline, parse_inline
from drafting.reuse.templates import (
    DATE_FIELDS,
    ItemTemplate,
    Kind,
    Placeholder,
    Value,
    placeholders_in,
    substituted,
)
from drafting.web.forms.items import MAX_HEADING, MAX_TEXT, markup_problem

INLINE, ENTRIES, PLAIN, DOCUMENTS = "inline", "entries", "plain", "documents"
NEW_PARAGRAPH = "new"  # the field of a paragraph added at the end of the item


@dataclass(frozen=True)
class Slot:
    """One piece of text of the item: where it sits in the JSON, how it is written, what it holds."""

    path: tuple[str | int, ...]
    label: str
    kind: str  # INLINE markup, ENTRIES (one dash a line), PLAIN text, DOCUMENTS (one a line)
    value: str
    longest: int = MAX_TEXT

    @property
    def lines(self) -> int:
        return 2 if self.longest == MAX_HEADING else max(3, min(12, self.value.count("\n") + 2))


def version_of(template: ItemTemplate) -> str:
    """A fingerprint of the text: a form posted against another text than the one shown is not applied."""
    data = json.dumps(template.item, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


def markup_of(value: object) -> str:
    try:
        return format_inline(spans(value or [], "item"))
    except FormatError:
        return ""  # a stored piece that is no text: shown empty, and kept unless typed over


def slots(item: dict[str, Any]) -> list[Slot]:
    found = [Slot(("heading",), "Heading", INLINE, markup_of(item.get("heading")), MAX_HEADING)]
    found += block_slots(item.get("blocks") or [], ("blocks",), "")
    for s, sub in enumerate(item.get("sub_items") or []):
        where = f"Sub-item {s + 1}"
        found.append(
            Slot(
                ("sub_items", s, "heading"),
                f"{where}: heading",
                INLINE,
                markup_of(sub.get("heading")),
                MAX_HEADING,
            )
        )
        found += block_slots(sub.get("blocks") or [], ("sub_items", s, "blocks"), f"{where}, ")
    for n, note in enumerate(item.get("footnotes") or []):
        label = f"Footnote {note.get('label', n + 1)}"
        found.append(Slot(("footnotes", n, "content"), label, INLINE, markup_of(note.get("content"))))
    return found


def block_slots(blocks: list[Any], path: tuple[str | int, ...], where: str) -> list[Slot]:
    found = []
    for b, block in enumerate(blocks):
        at, named = (*path, b), f"{where}block {b + 1}".capitalize()
        if "paragraph" in block:
            found.append(
                Slot((*at, "paragraph"), f"{named}: paragraph", INLINE, markup_of(block["paragraph"]))
            )
        elif "dash_list" in block:
            entries = "\n".join(markup_of(entry) for entry in block["dash_list"])
            found.append(Slot((*at, "dash_list"), f"{named}: dash list, one entry a line", ENTRIES, entries))
        elif "decision" in block:
            decision = block["decision"]
            found += [
                Slot(
                    (*at, "decision", "subject"),
                    f"{named}: decision, what",
                    PLAIN,
                    decision.get("subject", ""),
                ),
                Slot(
                    (*at, "decision", "documents"),
                    f"{named}: decision, as set out in (one document a line)",
                    DOCUMENTS,
                    "\n".join(decision.get("documents") or []),
                    1000,
                ),
                Slot(
                    (*at, "decision", "wording"),
                    f"{named}: decision, wording (empty: the standard sentence)",
                    INLINE,
                    markup_of(decision.get("wording")),
                ),
            ]
    return found


# ---------------------------------------------------------------- reading the form back


def slot_problems(slot: Slot, value: str) -> list[str]:
    """Why a typed piece cannot be kept, in the words of the item form."""
    messages = []
    if len(value) > slot.longest:
        messages.append(f"Keep this to {slot.longest} characters or fewer.")
    unholdable = unholdable_problem(value, Location())
    if unholdable is not None:
        messages.append("This text " + unholdable.message + ".")
    if slot.kind in (INLINE, ENTRIES) and not messages:
        said = markup_problem(value)
        if said:
            messages.append(said)
    return messages


def typed(value: str) -> str:
    # Browsers send a textarea's line breaks as CR LF; the item keeps plain line feeds.
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def converted(slot: Slot, value: str) -> Any:
    """The JSON a typed piece stands for; None for a paragraph or list left empty (it is dropped)."""
    if slot.kind == PLAIN:
        return " ".join(value.split())
    if slot.kind == DOCUMENTS:
        return [" ".join(line.split()) for line in value.splitlines() if line.strip()]
    if slot.kind == ENTRIES:
        entries = [parse_inline(line.strip()) for line in value.splitlines()]
        kept = [spans_json(entry) for entry in entries if plain_text(entry).strip()]
        return kept or None
    content = parse_inline(value)
    if slot.path[-1] == "paragraph" and not plain_text(content).strip():
        return None
    return spans_json(content)


def with_text(item: dict[str, Any], typed_values: dict[int, str], new_paragraph: str) -> dict[str, Any]:
    """A copy of the item holding the typed text (slot index -> value); emptied paragraphs and lists go."""
    result = copy.deepcopy(item)
    for index, slot in enumerate(slots(item)):
        if index not in typed_values:
            continue
        *parents, key = slot.path
        node = result
        for step in parents:
            node = node[step]
        value = converted(slot, typed(typed_values[index]))
        if value is None:
            node[key] = None  # marks the block to go
        elif slot.kind == DOCUMENTS and not value or key == "wording" and not value:
            node.pop(key, None)
        else:
            node[key] = value
    added = typed(new_paragraph)
    if added and plain_text(parse_inline(added)).strip():
        result.setdefault("blocks", []).append({"paragraph": spans_json(parse_inline(added))})
    result["blocks"] = kept_blocks(result.get("blocks") or [])
    for sub in result.get("sub_items") or []:
        sub["blocks"] = kept_blocks(sub.get("blocks") or [])
    return result


def kept_blocks(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [block for block in blocks if not any(value is None for value in block.values())]


def placeholders_for(
    item: dict[str, Any], current: tuple[Placeholder, ...], kinds: dict[str, Kind], labels: dict[str, str]
) -> tuple[Placeholder, ...]:
    """The placeholders the new text holds: each keeps what it was (or becomes free text when new),
    unless another kind or label is chosen; one no longer written is gone."""
    known = {p.name: p for p in current}
    result = []
    for name in placeholders_in(item):
        before = known.get(name, Placeholder(name))
        result.append(
            Placeholder(name, kinds.get(name, before.kind), labels.get(name, before.label), before.required)
        )
    return tuple(result)


# ---------------------------------------------------------------- the preview


@dataclass(frozen=True)
class Shown:
    """The item to show for a template, its placeholders written {name}; what a preview cannot show."""

    item: Any  # drafting.domain.model.Item, or None when the stored item cannot be read
    dates: tuple[tuple[str, str], ...] = ()  # (what the day is, "{name}") of days given by placeholders
    problem: str = ""


def shown(template: ItemTemplate) -> Shown:
    data = copy.deepcopy(template.item)
    dates: list[tuple[str, str]] = []

    def without_dates(node: Any) -> None:
        """A day of a next step is printed from a real date: one given by a placeholder is said apart."""
        if isinstance(node, dict):
            for key, value in node.items():
                if key in DATE_FIELDS and isinstance(value, str) and "{" in value:
                    dates.append((key.replace("_", " ").capitalize(), value))
                    node[key] = None
                else:
                    without_dates(value)
        elif isinstance(node, list):
            for element in node:
                without_dates(element)

    without_dates(data)
    values = {p.name: Value(Kind.TEXT, "{" + p.name + "}") for p in template.placeholders}
    try:
        item = item_from_json(substituted(data, values), "item")
    except FormatError as error:
        return Shown(None, tuple(dates), f"the preview cannot be shown: {error}")
    return Shown(item, tuple(dates))
