"""Rows of the item form added, removed and moved before saving.

The typed form round-trips in the request and comes back changed; nothing is saved. Rows are
changed on the posted fields themselves, so whatever was typed — even what would not validate yet —
is kept exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from drafting.domain.model import next_label
from drafting.web.forms.item_content import with_mark
from drafting.web.forms.items import MAX_BLOCKS, MAX_ENTRIES, MAX_NOTES, MAX_SUB_ITEMS

PREFIX = re.compile(r"items-\d{1,6}")
# Not "remove" or "reset": a control of that name would hide the form element's own remove() and reset().
CONTROLS = ("add", "remove_row", "up", "down", "use_standard", "footnote")
ROW_NAMES = {"blocks": "block", "entries": "entry", "sub_items": "sub-item", "notes": "footnote"}
NEW_BLOCKS = {"paragraph": "Paragraph", "dash_list": "Dash list", "decision": "Decision"}


@dataclass
class FormChange:
    """The form's fields after the change, the control to focus next, and what to tell the drafter."""

    data: MultiDict
    focus: str | None = None
    message: str | None = None


def wants_change(data: MultiDict) -> bool:
    return any(control in data for control in CONTROLS)


def rebase(data: MultiDict, old: str, new: str) -> MultiDict:
    """The fields of a form posted as item `old` renamed for item `new` (items moved in between)."""
    if old == new:
        return MultiDict(data)
    renamed: MultiDict = MultiDict()
    for key, values in data.lists():
        name = new + key[len(old) :] if key.startswith(old + "-") else key
        for value in values:
            renamed.add(name, value)
    return renamed


def change_of(data: MultiDict, prefix: str, notes_before: int) -> FormChange:
    """The change a row button asks for; an unknown request leaves the form as it was."""
    patterns = Patterns(prefix)
    for control in CONTROLS:
        value = data.get(control)
        if value is None:
            continue
        data = without_controls(data)
        match control:
            case "add":
                return add_row(data, value, patterns, notes_before)
            case "remove_row" if patterns.row.fullmatch(value):
                return remove_row(data, value)
            case "up" | "down" if patterns.row.fullmatch(value):
                return move_row(data, value, -1 if control == "up" else 1, control)
            case "use_standard" if patterns.block.fullmatch(value):
                data[f"{value}-wording"] = ""
                return FormChange(data, f"{value}-wording", "The standard sentence will be printed.")
            case "footnote" if patterns.text.fullmatch(value):
                return add_footnote(data, prefix, notes_before, value)
        return FormChange(data, None, "That button does not belong to this form; nothing changed.")
    return FormChange(data)


class Patterns:
    """The names a row button may carry for one item's form."""

    def __init__(self, prefix: str):
        blocks = rf"{re.escape(prefix)}(?:-sub_items-\d+)?-blocks"
        self.block = re.compile(rf"{blocks}-\d+")
        self.row = re.compile(rf"{blocks}-\d+(?:-entries-\d+)?|{re.escape(prefix)}-(?:sub_items|notes)-\d+")
        self.text = re.compile(
            rf"{re.escape(prefix)}(?:-sub_items-\d+)?-heading|{blocks}-\d+-(?:text|entries-\d+)"
        )
        self.lists = {
            "blocks": re.compile(blocks),
            "entries": re.compile(rf"{blocks}-\d+-entries"),
            "sub_items": re.compile(rf"{re.escape(prefix)}-sub_items"),
            "notes": re.compile(rf"{re.escape(prefix)}-notes"),
        }


def without_controls(data: MultiDict) -> MultiDict:
    kept: MultiDict = MultiDict()
    for key, values in data.lists():
        if key not in CONTROLS:
            for value in values:
                kept.add(key, value)
    return kept


# ---------------------------------------------------------------- rows of a list


def row_index(key: str, list_name: str) -> tuple[int, str] | None:
    """The row of `list_name` a field belongs to, and the rest of its name."""
    if not key.startswith(list_name + "-"):
        return None
    head, dash, rest = key[len(list_name) + 1 :].partition("-")
    return (int(head), dash + rest) if head.isdigit() else None


def indices(data: MultiDict, list_name: str) -> list[int]:
    return sorted({found[0] for key in data if (found := row_index(key, list_name))})


def renumbered(data: MultiDict, list_name: str, moves: dict[int, int | None]) -> MultiDict:
    """The fields with rows of `list_name` renumbered by `moves` (None: the row is dropped)."""
    result: MultiDict = MultiDict()
    for key, values in data.lists():
        found = row_index(key, list_name)
        name = key
        if found is not None:
            index, rest = found
            target = moves.get(index, index)
            if target is None:
                continue
            name = f"{list_name}-{target}{rest}"
        for value in values:
            result.add(name, value)
    return result


def split_row(row: str) -> tuple[str, int]:
    list_name, _, index = row.rpartition("-")
    return list_name, int(index)


def row_noun(list_name: str) -> str:
    return ROW_NAMES[list_name.rpartition("-")[2]]


def remove_row(data: MultiDict, row: str) -> FormChange:
    list_name, index = split_row(row)
    present = indices(data, list_name)
    if index not in present:
        return FormChange(data, None, "That row was already removed.")
    later = [i for i in present if i > index]
    moves: dict[int, int | None] = {index: None, **{i: i - 1 for i in later}}
    noun = row_noun(list_name)
    return FormChange(renumbered(data, list_name, moves), None, f"The {noun} was removed (not saved yet).")


def move_row(data: MultiDict, row: str, step: int, direction: str) -> FormChange:
    list_name, index = split_row(row)
    present = indices(data, list_name)
    if index not in present:
        return FormChange(data)
    position = present.index(index)
    other = position + step
    if not 0 <= other < len(present):
        return FormChange(data, f"{row}-{direction}", f"The {row_noun(list_name)} is already at that end.")
    target = present[other]
    moved = renumbered(data, list_name, {index: target, target: index})
    return FormChange(
        moved, f"{list_name}-{target}-{direction}", f"The {row_noun(list_name)} moved {direction}."
    )


def add_row(data: MultiDict, value: str, patterns: Patterns, notes_before: int) -> FormChange:
    list_name, _, kind = value.partition(":")
    which = next((name for name, pattern in patterns.lists.items() if pattern.fullmatch(list_name)), None)
    allowed = {
        "blocks": (tuple(NEW_BLOCKS), MAX_BLOCKS),
        "entries": (("entry",), MAX_ENTRIES),
        "sub_items": (("sub_item",), MAX_SUB_ITEMS),
        "notes": (("footnote",), MAX_NOTES),
    }
    if which is None or kind not in allowed[which][0]:
        return FormChange(data, None, "That button does not belong to this form; nothing changed.")
    present = indices(data, list_name)
    limit = allowed[which][1]
    if len(present) >= limit:
        return FormChange(data, None, f"There can be at most {limit} of these; nothing was added.")
    row = f"{list_name}-{max(present, default=-1) + 1}"
    if which == "blocks":
        data[f"{row}-kind"] = kind
        if kind == "paragraph":
            data[f"{row}-text"] = ""
            return FormChange(data, row, "Paragraph added (not saved yet).")
        if kind == "dash_list":
            data[f"{row}-entries-0"] = ""
            return FormChange(data, f"{row}-entries-0", "Dash list added (not saved yet).")
        data[f"{row}-as_ia_item"] = "y"
        return FormChange(data, f"{row}-actor", "Decision added (not saved yet).")
    if which == "entries":
        data[row] = ""
        return FormChange(data, row, "Entry added (not saved yet).")
    if which == "sub_items":
        data[f"{row}-heading"] = ""
        return FormChange(data, f"{row}-heading", "Sub-item added (not saved yet).")
    prefix = list_name.rpartition("-")[0]
    label = next_label(labels(data, prefix), notes_before)
    data[f"{row}-label"] = label
    data[f"{row}-text"] = ""
    return FormChange(data, f"{prefix}-footnotes-{label}", f"Footnote {label} added (not saved yet).")


def labels(data: MultiDict, prefix: str) -> list[str]:
    notes = f"{prefix}-notes"
    return [data.get(f"{notes}-{i}-label", "").strip() for i in indices(data, notes)]


def add_footnote(data: MultiDict, prefix: str, notes_before: int, field: str) -> FormChange:
    """A footnote mark at the end of a text, and the footnote it calls, ready for its text."""
    notes = f"{prefix}-notes"
    present = indices(data, notes)
    if len(present) >= MAX_NOTES:
        return FormChange(data, None, f"An item holds at most {MAX_NOTES} footnotes; nothing was added.")
    label = next_label(labels(data, prefix), notes_before)
    data[field] = with_mark(data.get(field, ""), label)
    row = f"{notes}-{max(present, default=-1) + 1}"
    data[f"{row}-label"] = label
    data[f"{row}-text"] = ""
    return FormChange(data, f"{prefix}-footnotes-{label}", f"Footnote {label} added: type its text below.")
