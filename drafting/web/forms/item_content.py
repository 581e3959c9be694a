"""Between an item and its form: the fields a stored item fills, and the item a filled form makes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from string import ascii_lowercase
from typing import TypeVar

from werkzeug.datastructures import MultiDict

from drafting.domain.model import (
    Action,
    Block,
    DashList,
    Decision,
    Footnote,
    FootnoteMark,
    Inline,
    Item,
    NextStep,
    Paragraph,
    Purpose,
    Recipient,
    SubItem,
    SubItemStyle,
    plain_text,
)
from drafting.domain.phrasing import composed_sentence
from drafting.domain.problems import Problem
from drafting.domain.references import parse_reference
from drafting.io.markup import format_inline, parse_inline
from drafting.web.forms.items import ACTORS, OTHER_ACTOR, BlockForm, ItemForm, document_lines

E = TypeVar("E", bound=StrEnum)
D = TypeVar("D")

# ---------------------------------------------------------------- a stored item as form fields


def item_formdata(item: Item, prefix: str, version: int) -> MultiDict:
    """What the browser would post for `item` unchanged: the one way a form is filled."""
    data: MultiDict = MultiDict()
    data[f"{prefix}-version"] = str(version)
    data[f"{prefix}-number"] = str(item.number)
    data[f"{prefix}-heading"] = format_inline(item.heading)
    data[f"{prefix}-classification"] = item.classification or ""
    if item.mixed_committee:
        data[f"{prefix}-mixed_committee"] = "y"
    data[f"{prefix}-sub_item_style"] = item.sub_item_style.value
    put_blocks(data, f"{prefix}-blocks", item.blocks)
    for s, sub in enumerate(item.sub_items):
        data[f"{prefix}-sub_items-{s}-heading"] = format_inline(sub.heading)
        put_blocks(data, f"{prefix}-sub_items-{s}-blocks", sub.blocks)
    for n, note in enumerate(item.footnotes):
        data[f"{prefix}-notes-{n}-label"] = note.label
        data[f"{prefix}-notes-{n}-text"] = format_inline(note.content)
    return data


def put_blocks(data: MultiDict, name: str, blocks: list[Block]) -> None:
    for b, block in enumerate(blocks):
        row = f"{name}-{b}"
        data[f"{row}-kind"] = block.kind
        match block:
            case Paragraph(content=content):
                data[f"{row}-text"] = format_inline(content)
            case DashList(entries=entries):
                for e, entry in enumerate(entries):
                    data[f"{row}-entries-{e}"] = format_inline(entry)
            case Decision():
                put_decision(data, row, block)


def put_decision(data: MultiDict, row: str, decision: Decision) -> None:
    standard = decision.actor in ACTORS
    data[f"{row}-actor"] = decision.actor if standard else OTHER_ACTOR
    data[f"{row}-actor_other"] = "" if standard else decision.actor
    data[f"{row}-action"] = decision.action.value
    data[f"{row}-subject"] = decision.subject
    data[f"{row}-documents"] = "\n".join(decision.documents)
    step = decision.next_step
    data[f"{row}-next_step"] = step.recipient.value if step else ""
    if step is None or step.as_ia_item:
        data[f"{row}-as_ia_item"] = "y"  # a new next step is most often an I/A item
    data[f"{row}-coreper_date"] = step.coreper_date.isoformat() if step and step.coreper_date else ""
    data[f"{row}-council_date"] = step.council_date.isoformat() if step and step.council_date else ""
    data[f"{row}-purpose"] = step.purpose.value if step and step.purpose else ""
    data[f"{row}-wording"] = format_inline(decision.wording)


# ---------------------------------------------------------------- a filled form as an item


def item_of(form: ItemForm, number: int) -> Item:
    """The item a valid form describes; empty paragraphs, lists and entries are left out."""
    style = SubItemStyle(form.sub_item_style.data)
    sub_items = []
    for s, entry in enumerate(form.sub_items):
        sub = entry.form
        letter = ascii_lowercase[s] if style is SubItemStyle.LETTERED else None
        sub_items.append(SubItem(read(sub.heading.data), blocks_of(sub.blocks), letter))
    return Item(
        number=number,
        heading=read(form.heading.data),
        blocks=blocks_of(form.blocks),
        sub_items=sub_items,
        sub_item_style=style,
        classification=form.classification.data or None,
        mixed_committee=bool(form.mixed_committee.data),
        footnotes=[Footnote(note.form.label.data.strip(), read(note.form.text.data)) for note in form.notes],
    )


def read(markup: str | None) -> Inline:
    """Inline content from a field's markup; the spaces and line breaks around it are not text."""
    # Browsers send a textarea's line breaks as CR LF; the document keeps plain line feeds.
    return parse_inline((markup or "").replace("\r\n", "\n").strip())


def blocks_of(rows) -> list[Block]:
    blocks: list[Block] = []
    for row in rows:
        block = block_of(row.form)
        if block is not None:
            blocks.append(block)
    return blocks


def block_of(form: BlockForm) -> Block | None:
    if form.kind.data == "paragraph":
        content = read(form.text.data)
        return Paragraph(content) if plain_text(content).strip() else None
    if form.kind.data == "dash_list":
        entries = [parse_inline(entry) for value in form.entries.data for entry in split_entries(value or "")]
        entries = [entry for entry in entries if plain_text(entry).strip()]
        return DashList(entries) if entries else None
    return decision_of(form)


def split_entries(value: str) -> list[str]:
    """An entry's text; several lines each opening with "- " (pasted from a list) are several entries."""
    lines = value.strip().splitlines()
    if len(lines) > 1 and all(line.lstrip().startswith("- ") for line in lines):
        return [line.lstrip()[2:].strip() for line in lines]
    value = value.strip()
    return [value[2:].strip() if value.startswith("- ") else value]


def decision_of(form: BlockForm) -> Decision:
    """The decision the composer's choices describe (dates that cannot be read count as not given)."""
    actor = (form.actor_other.data or "").strip() if form.actor.data == OTHER_ACTOR else form.actor.data
    step = None
    if form.next_step.data:
        step = NextStep(
            recipient=chosen(Recipient, form.next_step.data, Recipient.COREPER_AND_COUNCIL),
            as_ia_item=bool(form.as_ia_item.data),
            coreper_date=form.coreper_date.data,
            council_date=form.council_date.data,
            purpose=chosen(Purpose, form.purpose.data, None),
        )
    return Decision(
        actor=actor or ACTORS[0],
        action=chosen(Action, form.action.data, Action.TOOK_NOTE),
        subject=" ".join((form.subject.data or "").split()),
        documents=tuple(document_lines(form.documents.data)),
        next_step=step,
        wording=read(form.wording.data),
    )


def chosen(kind: type[E], value: str | None, default: D) -> E | D:
    """The choice a select posted; the composer previews unvalidated choices, so a stray one is ignored."""
    try:
        return kind(value)
    except ValueError:
        return default


# ---------------------------------------------------------------- footnotes


def with_mark(value: str, label: str) -> str:
    """Markup with a footnote mark calling `label` appended at its end."""
    mark = format_inline((FootnoteMark(label),))
    # Two superscripts in a row read as one label ("¹²" is 12): the second is written [^2].
    if value and value[-1] in "⁰¹²³⁴⁵⁶⁷⁸⁹" and mark != f"[^{label}]":
        mark = f"[^{label}]"
    return value.rstrip() + mark


# ---------------------------------------------------------------- the composer's sentence


@dataclass
class DecisionPreview:
    """What the composer shows as the choices change: the standard sentence and what the references say."""

    sentence: str
    notes: list[Problem] = field(default_factory=list)


def decision_preview(form: BlockForm, citing_year: int | None = None) -> DecisionPreview:
    decision = decision_of(form)
    notes: list[Problem] = []
    for line in decision.documents:
        notes.extend(parse_reference(line, citing_year=citing_year).problems)
    return DecisionPreview(composed_sentence(decision), notes)
