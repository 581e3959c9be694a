"""What changed between two versions of a text, word by word, as a reader of the history sees it.

Two texts are cut into words, punctuation and the spaces between them; the spans that stayed, that
were added and that were removed come back in reading order. The readable text of an item or of a
header is built here too, one passage a line, so a history compares what the drafter typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from enum import StrEnum

from drafting.domain.model import (
    HEADER_TEXT_FIELDS,
    DashList,
    Item,
    Outcome,
    SubItemStyle,
    item_passages,
    plain_text,
)

# A word, a run of punctuation, or a run of spaces: punctuation apart, so "adopted." and "adopted;"
# differ by one mark rather than by the whole word.
TOKEN = re.compile(r"\w+|[^\w\s]+|\s+")


class Kind(StrEnum):
    SAME = "same"
    ADDED = "added"
    REMOVED = "removed"


@dataclass(frozen=True)
class Piece:
    """A run of text that stayed, was added or was removed."""

    kind: Kind
    text: str


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text)


def word_diff(old: str, new: str) -> list[Piece]:
    """The pieces that turn `old` into `new`; joining the same and removed ones gives `old` back,
    the same and added ones `new`."""
    before, after = tokens(old), tokens(new)
    pieces: list[Piece] = []
    matcher = SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pieces.append(Piece(Kind.SAME, "".join(before[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(Kind.REMOVED, "".join(before[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(Kind.ADDED, "".join(after[j1:j2])))
    return merged(absorb_lone_spaces(pieces))


def absorb_lone_spaces(pieces: list[Piece]) -> list[Piece]:
    """A single space kept between two changes reads better inside them: "<del>a b</del><ins>x y</ins>"
    rather than "<del>a</del><ins>x</ins> <del>b</del><ins>y</ins>". A line break stays where it is."""
    result: list[Piece] = []
    for index, piece in enumerate(pieces):
        between_changes = (
            piece.kind is Kind.SAME
            and piece.text.isspace()
            and "\n" not in piece.text
            and 0 < index < len(pieces) - 1
            and pieces[index - 1].kind is not Kind.SAME
            and pieces[index + 1].kind is not Kind.SAME
        )
        if between_changes:
            result += [Piece(Kind.REMOVED, piece.text), Piece(Kind.ADDED, piece.text)]
        else:
            result.append(piece)
    # Removed before added within each run of changes, so each reads as one deletion and one insertion.
    ordered: list[Piece] = []
    run: list[Piece] = []
    for piece in [*result, Piece(Kind.SAME, "")]:
        if piece.kind is Kind.SAME:
            ordered += [p for p in run if p.kind is Kind.REMOVED] + [p for p in run if p.kind is Kind.ADDED]
            run = []
            if piece.text:
                ordered.append(piece)
        else:
            run.append(piece)
    return ordered


def merged(pieces: list[Piece]) -> list[Piece]:
    result: list[Piece] = []
    for piece in pieces:
        if result and result[-1].kind is piece.kind:
            result[-1] = Piece(piece.kind, result[-1].text + piece.text)
        elif piece.text:
            result.append(piece)
    return result


def unchanged(pieces: list[Piece]) -> bool:
    return all(piece.kind is Kind.SAME for piece in pieces)


# ---------------------------------------------------------------- the texts compared


def item_text(item: Item) -> str:
    """An item as lines: its number and heading, each paragraph, entry and sub-item, footnotes last."""
    lines: list[str] = []
    letter = ""
    for passage in item_passages(item, 0):
        where, words = passage.location, plain_text(passage.content)
        if where.footnote is not None:
            lines.append(f"[{where.footnote}] {words}")
        elif where.field == "heading" and where.sub_item is None:
            lines.append(f"{item.number}. {words}".rstrip())
            if item.mixed_committee:
                lines.append("(Mixed Committee)")
        elif where.field == "classification":
            lines[0] += f" [{words}]"
        elif where.field == "letter":
            letter = f"{words}) "
        elif where.field == "heading":
            mark = letter if item.sub_item_style is SubItemStyle.LETTERED else "– "
            lines.append(f"{mark}{words}")
            letter = ""
        elif where.block_kind == DashList.kind:
            lines.append(f"– {words}")
        else:
            lines.append(words)
    return "\n".join(lines)


def header_text(outcome: Outcome) -> str:
    """The header as lines "Field: value", in the order of the form; the items are not part of it."""
    lines: list[str] = []

    def put(name: str, value: object) -> None:
        if value not in (None, "", []):
            lines.append(f"{name.replace('_', ' ').capitalize()}: {value}")

    for name in HEADER_TEXT_FIELDS:
        put(name, getattr(outcome, name))
    put("issue_date", outcome.issue_date.isoformat() if outcome.issue_date else None)
    put("meeting_dates", ", ".join(day.isoformat() for day in outcome.meeting_dates))
    put("subject_codes", ", ".join(str(code) for code in outcome.subject_codes))
    put("initials", outcome.footer.initials)
    put("unit", outcome.footer.unit)
    put("language", outcome.footer.language)
    put("numbering", outcome.numbering.value)
    return "\n".join(lines)
