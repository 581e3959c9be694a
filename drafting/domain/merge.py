"""Two drafters' changes to one item, put together where they do not touch the same part.

An item is read as units: its head (number, heading, classification, flags: everything but the
body), each top-level block (paragraph, decision, dash list), each sub-item and each footnote. A
unit changed on one side only takes that side; changed on both sides alike, it is the same change;
changed on both sides differently, it is a conflict the drafter resolves. Lists whose length
changed (a block, sub-item or footnote added or removed) merge whole: the side that reshaped a
list wins only when the other left every unit of that list alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from drafting.domain.model import Block, DashList, Decision, Footnote, Item, Paragraph, SubItem, plain_text

# The lists of an item, by the name their units' labels start with, and the Item field holding each.
LISTS = (("blocks", "blocks"), ("sub-items", "sub_items"), ("footnotes", "footnotes"))


def head(item: Item) -> Item:
    """The item without its body: what the head unit compares."""
    return replace(item, blocks=[], sub_items=[], footnotes=[])


def units(item: Item) -> dict[str, object]:
    """Every unit of the item by its label ("head", "blocks/1", "sub-items/2", "footnotes/1")."""
    found: dict[str, object] = {"head": head(item)}
    for name, attribute in LISTS:
        for number, piece in enumerate(getattr(item, attribute), start=1):
            found[f"{name}/{number}"] = piece
    return found


def fingerprint(piece: object) -> str:
    """A short hash of a unit: equal units have equal fingerprints, whichever process made them."""
    # The dataclasses' repr names every field in a fixed order, enums and dates included.
    return hashlib.sha256(repr(piece).encode("utf-8")).hexdigest()[:16]


def versions(item: Item) -> dict[str, str]:
    """Each unit's fingerprint: what a reader compares to see which parts of an item changed."""
    return {label: fingerprint(piece) for label, piece in units(item).items()}


def merge_item(base: Item, mine: Item, theirs: Item) -> tuple[Item | None, list[str]]:
    """`mine` and `theirs`, both made from `base`, as one item; None and the clashing units if not.

    The labels name units ("head", "blocks/2"), or a whole list ("blocks") when its length
    changed on one side while the other changed it too.
    """
    clashes: list[str] = []
    merged_head = merge_unit(head(base), head(mine), head(theirs))
    if merged_head is None:
        clashes.append("head")
    merged_lists: dict[str, list] = {}
    for name, attribute in LISTS:
        lists = getattr(base, attribute), getattr(mine, attribute), getattr(theirs, attribute)
        merged, clashing = merge_list(name, *lists)
        merged_lists[attribute] = merged
        clashes.extend(clashing)
    if clashes or merged_head is None:
        return None, clashes
    return replace(merged_head, **merged_lists), []


def merge_unit(base: object, mine: object, theirs: object) -> object | None:
    """The unit after both changes; None when each side changed it differently."""
    if mine == theirs or theirs == base:
        return mine
    if mine == base:
        return theirs
    return None


def merge_list(name: str, base: list, mine: list, theirs: list) -> tuple[list, list[str]]:
    if len(base) == len(mine) == len(theirs):
        merged, clashes = [], []
        for number, pieces in enumerate(zip(base, mine, theirs, strict=True), start=1):
            piece = merge_unit(*pieces)
            if piece is None:
                clashes.append(f"{name}/{number}")
            merged.append(piece)
        return merged, clashes
    # A list grew or shrank: it is taken whole from the side that changed it, if only one did.
    whole = merge_unit(base, mine, theirs)
    return (list(whole), []) if whole is not None else ([], [name])


# ---------------------------------------------------------------- units as a reader sees them


def unit_title(label: str) -> str:
    """ "blocks/2" -> "Text, block 2": how the conflict view names a unit."""
    if label == "head":
        return "Number, heading and classification"
    name, _, number = label.partition("/")
    titles = {"blocks": "Text, block", "sub-items": "Sub-item", "footnotes": "Footnote"}
    return f"{titles.get(name, name)} {number}".strip()


def unit_text(piece: object) -> str:
    """A unit as plain readable text (markup and footnote marks left out)."""
    match piece:
        case Item():
            text = f"{piece.number}. {plain_text(piece.heading)}"
            if piece.classification:
                text += f" [{piece.classification}]"
            if piece.mixed_committee:
                text += " (Mixed Committee)"
            return text
        case SubItem():
            mark = f"{piece.letter}) " if piece.letter else "– "
            return "\n".join([mark + plain_text(piece.heading), *(block_text(b) for b in piece.blocks)])
        case Footnote():
            return f"{piece.label}: {plain_text(piece.content)}"
        case Paragraph() | DashList() | Decision():
            return block_text(piece)
    return repr(piece)


def block_text(block: Block) -> str:
    match block:
        case Paragraph(content=content):
            return plain_text(content)
        case DashList(entries=entries):
            return "\n".join(f"– {plain_text(entry)}" for entry in entries)
        case Decision():
            from drafting.domain.phrasing import decision_sentence

            return plain_text(decision_sentence(block))
    return repr(block)


def compared(mine: Item, theirs: Item) -> list[tuple[str, str, str | None, str | None]]:
    """(label, title, their text, my text) for every unit of either, theirs' order first;
    a unit one side lacks has None for that side."""
    their_units, my_units = units(theirs), units(mine)
    labels = list(their_units) + [label for label in my_units if label not in their_units]
    return [
        (
            label,
            unit_title(label),
            unit_text(their_units[label]) if label in their_units else None,
            unit_text(my_units[label]) if label in my_units else None,
        )
        for label in labels
    ]
