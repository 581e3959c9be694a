"""What a meeting skeleton makes: its templates' items in order, each blank left in for the drafter.

Nothing is asked before the outcome exists: each placeholder stays in the text as `{name}`, where
the drafter fills it in the editor, and the check "placeholders.unfilled" lists every one left.
Only what cannot hold text changes: a reference link whose document is a placeholder becomes text
(so the item reads, and the checks see the blank), and a Coreper or Council date that is a
placeholder is left empty (a date field holds a day or nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from drafting.domain.model import Item
from drafting.domain.rules.placeholders import PLACEHOLDER
from drafting.io.json_format import item as item_from_json
from drafting.reuse.templates import DATE_FIELDS, ItemTemplate, after_footnotes


def blank_item(template: ItemTemplate) -> Item:
    """The template's item with its placeholders left as `{name}` text; FormatError if it is malformed."""
    return item_from_json(with_blanks(template.item), "item")


def with_blanks(data: Any, key: str = "") -> Any:
    if isinstance(data, dict):
        if set(data) == {"reference"} and PLACEHOLDER.search(str(data["reference"])):
            return {"text": data["reference"]}
        return {k: with_blanks(v, k) for k, v in data.items()}
    if isinstance(data, list):
        return [with_blanks(element) for element in data]
    if key in DATE_FIELDS and isinstance(data, str) and PLACEHOLDER.search(data):
        return None
    return data


def skeleton_items(templates: Iterable[ItemTemplate]) -> list[Item]:
    """One item per template, in order, numbered 1, 2, 3 … with footnotes numbered across them."""
    items: list[Item] = []
    notes_before = 0
    for number, template in enumerate(templates, start=1):
        item = replace(after_footnotes(blank_item(template), notes_before), number=number)
        notes_before += len(item.footnotes)
        items.append(item)
    return items
