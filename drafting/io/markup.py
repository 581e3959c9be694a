"""The inline markup a drafter types for a paragraph, and the form the sample outcome is written in.

    **bold**                        bold running text (the sub-item headings of the sample)
    [12583/5/17 REV 5](#)           a reference linked to the register; any target is read, "#" written
    ¹ ²³                            a footnote mark; a run of superscript digits is one label ("²³" → "23")
    [^a]                            a footnote mark whose label is not all digits, or that directly
                                    follows another mark (so "¹[^2]" are two marks, "¹²" one)
    (DE, DK, FR and SI)  (EL)       a delegation list: known two-letter codes, the last joined by "and"

A backslash makes the next character literal when it is one of  \\ * [ ] ( ^ ⁰¹²³⁴⁵⁶⁷⁸⁹ ; before any other
character it is itself literal ("C:\\Users" needs no escape). `format_inline` writes the fewest escapes
it safely can: every literal "[" and superscript digit, every "*" of a run of two or more (and a single
one that touches a bold mark), a "(" only where a delegation list would otherwise be read, and a
backslash only before an escapable character or at the end of a run. An unmatched "**" is literal.

`parse_inline(format_inline(i)) == canonical_inline(i)` for any inline content whose delegation lists
hold known codes, and `format_inline(parse_inline(s)) == s` for any `s` that `format_inline` wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from drafting.domain.delegations import MEMBER_STATES, MISTAKEN_CODES, SCHENGEN_ASSOCIATED, UNITED_KINGDOM
from drafting.domain.model import (
    DelegationList,
    FootnoteMark,
    Inline,
    ReferenceLink,
    Span,
    Text,
    delegation_text,
)

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPT_DIGITS)
ESCAPABLE = frozenset("\\*[](^" + SUPERSCRIPT_DIGITS)

# GR and GB are read as delegations too, so that the checks can say EL and UK instead.
KNOWN_CODES = frozenset(MEMBER_STATES + (UNITED_KINGDOM,) + SCHENGEN_ASSOCIATED + tuple(MISTAKEN_CODES))

LINK = re.compile(r"\[((?:\\.|[^\\\[\]])+)\]\(([^()\s]*)\)", re.DOTALL)
NOTE = re.compile(r"\[\^((?:\\.|[^\\\[\]])+)\]", re.DOTALL)
SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
DELEGATIONS = re.compile(r"\(([A-Z]{2}(?:, [A-Z]{2})* and [A-Z]{2}|[A-Z]{2})\)")
ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# A run of characters none of which can start markup: read as text in one step, not one by one.
PLAIN = re.compile(f"[^\\\\*\\[({SUPERSCRIPT_DIGITS}]+")

BOLD_MARK = object()  # a "**" token, before it is known to open, close or stand for itself


def delegation_codes_at(value: str, position: int) -> tuple[str, ...] | None:
    """The codes of a delegation list starting at `position`, if every code is a known one."""
    match = DELEGATIONS.match(value, position)
    if not match:
        return None
    codes = tuple(re.split(r", | and ", match.group(1)))
    return codes if all(code in KNOWN_CODES for code in codes) else None


def unescape(value: str) -> str:
    return ESCAPE.sub(lambda m: m.group(1) if m.group(1) in ESCAPABLE else m.group(0), value)


# ---------------------------------------------------------------- reading


def tokens(value: str) -> Iterator[str | Span | object]:
    """Literal text, finished spans and bold marks, left to right."""
    position = 0
    while position < len(value):
        if plain := PLAIN.match(value, position):
            yield plain.group()
            position = plain.end()
            continue
        char = value[position]
        if char == "\\" and position + 1 < len(value) and value[position + 1] in ESCAPABLE:
            yield value[position + 1]
            position += 2
        elif value.startswith("**", position):
            yield BOLD_MARK
            position += 2
        elif char == "[" and (match := NOTE.match(value, position) or LINK.match(value, position)):
            label = unescape(match.group(1))
            yield FootnoteMark(label) if match.re is NOTE else ReferenceLink(label)
            position = match.end()
        elif match := SUPERSCRIPTS.match(value, position):
            yield FootnoteMark(match.group().translate(FROM_SUPERSCRIPT))
            position = match.end()
        elif char == "(" and (codes := delegation_codes_at(value, position)):
            yield DelegationList(codes)
            position = value.index(")", position) + 1
        else:
            yield char
            position += 1


def parse_inline(value: str) -> Inline:
    """Inline content from its markup; never fails, since anything unrecognised is text."""
    found = list(tokens(value))
    marks_after = [0] * (len(found) + 1)
    for index in range(len(found) - 1, -1, -1):
        marks_after[index] = marks_after[index + 1] + (found[index] is BOLD_MARK)
    spans: list[Span] = []
    bold = False
    for index, token in enumerate(found):
        if token is BOLD_MARK:
            # A "**" opens bold only if a later one can close it; otherwise it is literal text.
            if bold or marks_after[index + 1]:
                bold = not bold
            else:
                spans.append(Text("**"))
        elif isinstance(token, str):
            spans.append(Text(token, bold))
        else:
            spans.append(token)  # type: ignore[arg-type]
    return canonical_inline(spans)


def canonical_inline(spans: Iterable[Span]) -> Inline:
    """Adjacent runs of the same weight merged; empty runs, references and labels dropped."""
    merged: list[Span] = []
    # The pieces of the run being merged, joined once when it ends: merging piece by piece
    # would copy the run again for every piece.
    pieces: list[str] = []
    bold = False
    for span in spans:
        if isinstance(span, Text):
            if not span.text:
                continue
            if pieces and span.bold != bold:
                merged.append(Text("".join(pieces), bold))
                pieces = []
            pieces.append(span.text)
            bold = span.bold
            continue
        if isinstance(span, ReferenceLink | FootnoteMark) and not span_label(span):
            continue
        if pieces:
            merged.append(Text("".join(pieces), bold))
            pieces = []
        merged.append(span)
    if pieces:
        merged.append(Text("".join(pieces), bold))
    return tuple(merged)


def span_label(span: ReferenceLink | FootnoteMark) -> str:
    return span.reference if isinstance(span, ReferenceLink) else span.label


# ---------------------------------------------------------------- writing


def format_inline(content: Iterable[Span]) -> str:
    """The markup for inline content, escaped so that `parse_inline` reads it back exactly."""
    spans = canonical_inline(content)
    pieces: list[str] = []
    for index, span in enumerate(spans):
        before = spans[index - 1] if index else None
        after = spans[index + 1] if index + 1 < len(spans) else None
        match span:
            case Text(text=value, bold=bold):
                star_before = bold or (isinstance(before, Text) and before.bold)
                star_after = bold or (isinstance(after, Text) and after.bold)
                escaped = escape_text(value, star_before, star_after)
                pieces.append(f"**{escaped}**" if bold else escaped)
            case ReferenceLink(reference=reference):
                pieces.append(f"[{escape_label(reference)}](#)")
            case FootnoteMark(label=label):
                follows_mark = isinstance(before, FootnoteMark) and is_superscript_label(before.label)
                if is_superscript_label(label) and not follows_mark:
                    pieces.append(label.translate(TO_SUPERSCRIPT))
                else:
                    pieces.append(f"[^{escape_label(label)}]")
            case DelegationList(codes=codes):
                pieces.append(delegation_text(codes))
    return "".join(pieces)


def is_superscript_label(label: str) -> bool:
    return label.isascii() and label.isdigit()


def escape_label(value: str) -> str:
    """A reference or footnote label inside brackets: backslashes, brackets and a leading caret escaped."""
    escaped = re.sub(r"([\\\[\]])", r"\\\1", value)
    # "[^" would start a footnote mark rather than a reference.
    return "\\" + escaped if escaped.startswith("^") else escaped


def escape_text(value: str, star_before: bool, star_after: bool) -> str:
    """Running text escaped where the reader would otherwise see markup."""
    out: list[str] = []
    last = len(value) - 1
    for index, char in enumerate(value):
        following = value[index + 1] if index < last else ""
        if char == "\\":
            needs = index == last or following in ESCAPABLE
        elif char == "*":
            previous = value[index - 1] if index else ""
            needs = (
                following == "*"
                or previous == "*"
                or (index == 0 and star_before)
                or (index == last and star_after)
            )
        elif char == "(":
            needs = delegation_codes_at(value, index) is not None
        else:
            needs = char == "[" or char in SUPERSCRIPT_DIGITS
        out.append("\\" + char if needs else char)
    return "".join(out)
