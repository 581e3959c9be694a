"""Item templates: an item with typed placeholders ("The agenda set out in {agenda} was adopted.").

A template holds its item in the project's JSON format (drafting.io.json_format), with placeholders
written `{name}` in its text. JSON is what keeps every slot a placeholder can stand in lossless and
simple: a reference in running text, a document of a decision, a Coreper date of its next step.
Filling a template checks each value with the checks the rest of the product applies to that kind of
value, then reads the item back as an ordinary item, which is edited like any other afterwards.
Only the placeholders a template declares are filled: any other text in braces stays as it is.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from drafting.domain import dates
from drafting.domain.characters import unholdable_problem
from drafting.domain.checks import RULES, UNUSUAL_NUMBER, Registry, check
from drafting.domain.dates import format_date
from drafting.domain.model import DelegationList, Item, Outcome, Paragraph, delegation_text
from drafting.domain.problems import Location, Problem, Severity
from drafting.domain.references import parse_reference, scan_references
from drafting.domain.rules.placeholders import PLACEHOLDER
from drafting.io import FormatError
from drafting.io.json_format import item as item_from_json
from drafting.io.json_format import item_json

SPAN_KINDS = ("text", "reference", "footnote", "delegations")
DATE_FIELDS = ("coreper_date", "council_date")  # fields holding a day itself, written YYYY-MM-DD
LONGEST_VALUE = 20_000  # longer is no value of one item: refused rather than scanned
CODE = re.compile(r"[A-Z]{2}")


class Kind(StrEnum):
    """What a placeholder stands for, and so how its value is checked and inserted."""

    REFERENCE = "reference"  # a document, inserted as a link in its printed form
    DATE = "date"  # a day, printed "7 December 2017"
    BODY = "body"  # who acted or presented: "Europol", "the Commission"
    DELEGATIONS = "delegations"  # "DE, FR and SI", printed "(DE, FR and SI)"
    TEXT = "text"  # free text; one dash per line where it fills a dash list entry on its own


@dataclass(frozen=True)
class Placeholder:
    name: str  # as written in the item's text, without the braces
    kind: Kind = Kind.TEXT
    label: str = ""  # what the drafter is asked for
    required: bool = True

    @property
    def asked(self) -> str:
        return self.label or self.name.replace("_", " ")


@dataclass(frozen=True)
class ItemTemplate:
    key: str
    name: str
    description: str
    item: dict[str, Any]  # the item in the JSON format, placeholders in its text
    placeholders: tuple[Placeholder, ...] = ()

    def placeholder(self, name: str) -> Placeholder | None:
        return next((p for p in self.placeholders if p.name == name), None)


@dataclass(frozen=True)
class Skeleton:
    """A body's usual meeting: item templates in the order the agenda takes them."""

    key: str
    name: str
    body: str
    templates: tuple[str, ...] = field(default_factory=tuple)  # template keys, in order


# ---------------------------------------------------------------- finding placeholders


def placeholders_in(data: object) -> list[str]:
    """The names written `{name}` anywhere in an item's JSON (or an Item), each once, in order."""
    if isinstance(data, Item):
        data = item_json(data)
    return list(dict.fromkeys(name for value in strings(data) for name in PLACEHOLDER.findall(value)))


def strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from strings(value)


# ---------------------------------------------------------------- checking values


@dataclass(frozen=True)
class Value:
    """A checked value in the forms it is inserted in."""

    kind: Kind
    text: str  # as printed in running text
    reference: str | None = None
    day: date | None = None
    codes: tuple[str, ...] = ()


def at(placeholder: str) -> Location:
    return Location(field=placeholder)


def problem(code: str, message: str, placeholder: str, suggestion: str | None = None) -> Problem:
    return Problem(Severity.ERROR, code, message, at(placeholder), suggestion)


def check_value(
    spec: Placeholder, raw: str, *, citing_year: int | None, meeting_day: date | None, mixed: bool
) -> tuple[Value | None, list[Problem]]:
    """The value for one placeholder, and what the checks say of it (errors leave no value)."""
    name = spec.name
    if len(raw) > LONGEST_VALUE:
        return None, [problem("text.too-long", f"longer than the {LONGEST_VALUE} characters allowed", name)]
    unholdable = unholdable_problem(raw, at(name))
    if unholdable is not None:
        return None, [unholdable]
    if spec.kind is Kind.REFERENCE:
        return reference_value(name, raw, citing_year)
    if spec.kind is Kind.DATE:
        day = read_day(raw)
        if day is None:
            return None, [problem("dates.unreadable", day_message(raw), name)]
        return Value(Kind.DATE, format_date(day), day=day), []
    if spec.kind is Kind.DELEGATIONS:
        return delegations_value(name, raw, meeting_day, mixed)
    if spec.kind is Kind.BODY:
        words = " ".join(raw.split())
        return Value(Kind.BODY, words), []
    return Value(Kind.TEXT, raw.strip()), []


def reference_value(name: str, raw: str, citing_year: int | None) -> tuple[Value | None, list[Problem]]:
    """The reference check of every other place: its messages and suggestions, located at the placeholder."""
    parsed = parse_reference(raw.strip(), citing_year=citing_year)
    found = [p.at(at(name)) for p in parsed.problems if p.code != UNUSUAL_NUMBER]
    if not parsed.ok or parsed.canonical is None:
        return None, found
    return Value(Kind.REFERENCE, parsed.canonical, reference=parsed.canonical), found


DELEGATION_RULES = Registry()
for _code in ("delegations.code", "delegations.duplicate"):
    DELEGATION_RULES.rule(RULES[_code].code, RULES[_code].severity, RULES[_code].description)(
        RULES[_code].find
    )


def read_codes(raw: str) -> list[str]:
    """ "DE, FR and SI", "(DE, FR and SI)" or "DE FR SI": the codes as typed."""
    inner = raw.strip()
    if inner.startswith("(") and inner.endswith(")"):
        inner = inner[1:-1]
    return [code for code in re.split(r"\s*,\s*|\s+and\s+|\s+", inner.strip()) if code]


def delegations_value(
    name: str, raw: str, meeting_day: date | None, mixed: bool
) -> tuple[Value | None, list[Problem]]:
    codes = read_codes(raw)
    unreadable = [code for code in codes if not CODE.fullmatch(code)]
    if unreadable:
        shown = ", ".join(f'"{code[:20]}"' for code in unreadable)
        message = f"{shown}: a delegation is named by its two-letter code in capitals, like DE or EL"
        return None, [problem("delegations.unreadable", message, name)]
    listed = DelegationList(tuple(codes))
    # The same rules as in an outcome: one paragraph naming the delegations, on the meeting's day.
    trial = Outcome(
        meeting_dates=[meeting_day] if meeting_day else [],
        items=[Item(1, mixed_committee=mixed, blocks=[Paragraph((listed,))])],
    )
    found = [p.at(at(name)) for p in check(trial, rules=DELEGATION_RULES)]
    if any(p.is_error for p in found):
        return None, found
    return Value(Kind.DELEGATIONS, delegation_text(listed.codes), codes=listed.codes), found


def read_day(raw: str) -> date | None:
    return dates.read_day(raw, printed=True)


def day_message(raw: str) -> str:
    return dates.day_message(raw, printed=True)


# ---------------------------------------------------------------- filling


def fill(
    template: ItemTemplate,
    values: Mapping[str, str],
    *,
    citing_year: int | None = None,
    meeting_day: date | None = None,
) -> tuple[Item | None, list[Problem]]:
    """The item the template makes with these values, or None and the problems that stop it.

    Warnings (a reference written in a form that has one correction) come with the item: the
    corrected, printed form is what is inserted.
    """
    problems: list[Problem] = []
    for name in values:
        if template.placeholder(name) is None:
            message = f'the template "{template.name}" has no placeholder "{name}"'
            problems.append(problem("templates.unknown-placeholder", message, name))
    mixed = bool(template.item.get("mixed_committee"))
    checked: dict[str, Value | None] = {}
    for spec in template.placeholders:
        raw = values.get(spec.name, "")
        if not raw.strip():
            if spec.required:
                problems.append(
                    problem("templates.missing-value", f"{spec.asked}: a value is needed", spec.name)
                )
            checked[spec.name] = None
            continue
        value, found = check_value(spec, raw, citing_year=citing_year, meeting_day=meeting_day, mixed=mixed)
        problems += found
        checked[spec.name] = value
    if any(p.is_error for p in problems):
        return None, problems
    try:
        item = item_from_json(substituted(template.item, checked), "item")
    except FormatError as error:
        return None, [
            Problem(Severity.ERROR, "templates.malformed", f"the template cannot be filled: {error}")
        ]
    return item, problems


def substituted(data: Any, values: Mapping[str, Value | None], key: str = "") -> Any:
    """A copy of the item JSON with the declared placeholders replaced by their values."""
    if isinstance(data, str):
        if key in DATE_FIELDS:
            return date_field(data, values)
        return replaced_text(data, values)
    if isinstance(data, dict):
        return {k: substituted(v, values, k) for k, v in data.items()}
    if isinstance(data, list):
        if key == "dash_list":
            entries = [spans for entry in data for spans in dash_entries(entry, values)]
            return [entry for entry in entries if entry]
        if data and all(is_span(element) for element in data):
            return filled_spans(data, values)
        if key == "documents":
            return [text for text in (replaced_text(d, values) for d in data) if text.strip()]
        return [substituted(element, values) for element in data]
    return copy.deepcopy(data)


def is_span(data: object) -> bool:
    return isinstance(data, dict) and any(kind in data for kind in SPAN_KINDS)


def declared(name: str, values: Mapping[str, Value | None]) -> bool:
    return name in values


def replaced_text(value: str, values: Mapping[str, Value | None]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if not declared(name, values):
            return match.group()
        filled = values[name]
        return "" if filled is None else " ".join(filled.text.split())

    return PLACEHOLDER.sub(one, value)


def date_field(value: str, values: Mapping[str, Value | None]) -> str | None:
    """A day field holding one date placeholder takes the day itself (None when left out)."""
    match = PLACEHOLDER.fullmatch(value)
    if match is None or not declared(match.group(1), values):
        return value
    filled = values[match.group(1)]
    if filled is None:
        return None
    if filled.day is None:
        return filled.text  # not a day: reading the item says so, naming the field
    return filled.day.isoformat()


def dash_entries(entry: Any, values: Mapping[str, Value | None]) -> list[Any]:
    """A dash list entry that is one text placeholder and nothing else gives one entry per line."""
    if isinstance(entry, list) and len(entry) == 1 and set(entry[0]) <= {"text", "bold"}:
        match = PLACEHOLDER.fullmatch(entry[0].get("text", ""))
        if match and declared(match.group(1), values):
            filled = values[match.group(1)]
            if filled is None:
                return []
            if filled.kind is Kind.TEXT:
                lines = [" ".join(line.split()) for line in filled.text.splitlines()]
                return [[{**entry[0], "text": line}] for line in lines if line]
    return [substituted(entry, values)]


def filled_spans(spans: list[dict[str, Any]], values: Mapping[str, Value | None]) -> list[dict[str, Any]]:
    """Text spans split around their placeholders: a reference becomes a link, delegations a list."""
    result: list[dict[str, Any]] = []
    for span in spans:
        if "text" not in span:
            result.append(substituted(span, values))
            continue
        bold = {"bold": True} if span.get("bold") else {}
        text, position = span["text"], 0
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1)
            if not declared(name, values):
                continue
            add_text(result, text[position : match.start()], bold)
            position = match.end()
            filled = values[name]
            if filled is None:
                continue
            if filled.reference is not None:
                result.append({"reference": filled.reference})
            elif filled.codes:
                result.append({"delegations": list(filled.codes)})
            else:
                add_text(result, " ".join(filled.text.split()), bold)
        add_text(result, text[position:], bold)
    return result


def add_text(spans: list[dict[str, Any]], text: str, bold: dict[str, bool]) -> None:
    """Append a run of text, joined to the run before when it is printed the same way."""
    if not text:
        return
    last = spans[-1] if spans else None
    if last is not None and "text" in last and bool(last.get("bold")) == bool(bold):
        last["text"] += text
    else:
        spans.append({"text": text, **bold})


# ---------------------------------------------------------------- from an item, and footnote labels


def from_item(
    item: Item, key: str, name: str, description: str = "", *, references_as_placeholders: bool = False
) -> ItemTemplate:
    """An item saved as a template: as it is, or with each document it cites asked for again."""
    data = item_json(item)
    data["number"] = 1
    if not references_as_placeholders:
        return ItemTemplate(key, name, description, data, ())
    taken = set(placeholders_in(data))
    names: dict[str, str] = {}

    def name_for(reference: str) -> str:
        if reference not in names:
            count = len(names) + 1
            candidate = "document" if count == 1 else f"document_{count}"
            while candidate in taken:
                count += 1
                candidate = f"document_{count}"
            taken.add(candidate)
            names[reference] = candidate
        return names[reference]

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            if set(node) == {"reference"}:
                return {"text": "{" + name_for(node["reference"]) + "}"}
            if isinstance(node.get("text"), str) and set(node) <= {"text", "bold"}:
                return {**node, "text": cited_as_placeholders(node["text"])}
            return {k: walk(v, k) for k, v in node.items()}
        if isinstance(node, list):
            if key == "documents":
                return ["{" + name_for(reference) + "}" for reference in node]
            return [walk(element) for element in node]
        return node

    def cited_as_placeholders(value: str) -> str:
        """References typed as plain text are found as the checks find them, and asked for again too."""
        kept, position = [], 0
        for found in scan_references(value):
            if found.parsed.reference is None:
                continue
            kept += [
                value[position : found.start],
                "{" + name_for(found.parsed.canonical or found.text) + "}",
            ]
            position = found.end
        return "".join([*kept, value[position:]])

    data = walk(data)
    placeholders = tuple(
        Placeholder(placeholder, Kind.REFERENCE, f"Document (was {reference})")
        for reference, placeholder in names.items()
    )
    return ItemTemplate(key, name, description, data, placeholders)


def after_footnotes(item: Item, notes_before: int) -> Item:
    """The item with its numbered footnotes moved on by the footnotes before it in the outcome.

    A template numbers its footnotes from 1; in the outcome they follow the ones already there.
    """
    if notes_before <= 0 or not item.footnotes:
        return item

    def moved(label: str) -> str:
        return str(int(label) + notes_before) if label.isascii() and label.isdigit() else label

    def walk(node: Any, key: str = "") -> Any:
        if isinstance(node, dict):
            return {
                k: moved(v) if k in ("footnote", "label") and isinstance(v, str) else walk(v, k)
                for k, v in node.items()
            }
        if isinstance(node, list):
            return [walk(element) for element in node]
        return node

    return item_from_json(walk(item_json(item)), "item")


# ---------------------------------------------------------------- templates as JSON, and their soundness


def template_json(template: ItemTemplate) -> dict[str, Any]:
    return {
        "item": copy.deepcopy(template.item),
        "placeholders": [
            {"name": p.name, "kind": str(p.kind), "label": p.label, "required": p.required}
            for p in template.placeholders
        ],
    }


def template_from_json(key: str, name: str, description: str, data: object) -> ItemTemplate:
    """A template as stored; ValueError naming what is wrong when it is not one."""
    if not isinstance(data, dict) or not isinstance(data.get("item"), dict):
        raise ValueError("a template holds an item")
    placeholders = []
    for entry in data.get("placeholders", []):
        if not isinstance(entry, dict) or not PLACEHOLDER.fullmatch("{" + str(entry.get("name")) + "}"):
            raise ValueError(f"not a placeholder: {entry!r}"[:200])
        try:
            kind = Kind(entry.get("kind", "text"))
        except ValueError:
            raise ValueError(f"unknown kind of placeholder {entry.get('kind')!r}"[:200]) from None
        placeholders.append(
            Placeholder(entry["name"], kind, str(entry.get("label", "")), bool(entry.get("required", True)))
        )
    return ItemTemplate(key, name, description, copy.deepcopy(data["item"]), tuple(placeholders))


SAMPLE_VALUES = {
    Kind.REFERENCE: "15754/17",
    Kind.DATE: "2017-11-29",
    Kind.BODY: "Europol",
    Kind.DELEGATIONS: "DE and FR",
    Kind.TEXT: "sample text",
}


def template_problems(template: ItemTemplate) -> list[Problem]:
    """What is wrong with a template itself: a name declared twice or never used, an item not made."""
    problems: list[Problem] = []
    names = [p.name for p in template.placeholders]
    used = set(placeholders_in(template.item))
    for name in dict.fromkeys(names):
        if names.count(name) > 1:
            problems.append(problem("templates.duplicate-placeholder", f'"{name}" is declared twice', name))
        if name not in used:
            problems.append(problem("templates.unused-placeholder", f'"{{{name}}}" is not in the item', name))
    if problems:
        return problems
    sample = {p.name: SAMPLE_VALUES[p.kind] for p in template.placeholders}
    item, found = fill(template, sample)
    if item is None:
        return [p for p in found if p.is_error]
    return []
