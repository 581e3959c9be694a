"""The sentences of an outcome, and which of them a search is after: by words or by a cited document.

A sentence ends at ".", "!" or "?" followed by a space and a capital, a digit or an opening mark,
unless the word before the point is an abbreviation ("e.g.", "doc.", "No.") or a single letter; a
point inside a reference ("https://data.consilium.europa.eu/…", "COM(97) 558") never ends one.
References are matched as documents, not as strings: "14260/1/17 REV 1" in the text is found by
"ST 14260 2017 REV 1" and by "st 14260/1/17 rev1", whether typed as plain text or as a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from drafting.domain.model import (
    DelegationList,
    FootnoteMark,
    Inline,
    Item,
    Outcome,
    ReferenceLink,
    Span,
    Text,
    item_passages,
    passages,
    span_text,
)
from drafting.domain.problems import Location
from drafting.domain.references import (
    CommissionReference,
    CouncilReference,
    ProcedureReference,
    Reference,
    parse_reference,
)
from drafting.domain.rules.document import references_in

# Words whose point is not the end of a sentence, lower case and without their last point.
ABBREVIATIONS = frozenset(
    {
        "e.g",
        "i.e",
        "cf",
        "doc",
        "docs",
        "no",
        "nos",
        "art",
        "arts",
        "para",
        "paras",
        "p",
        "pp",
        "vol",
        "ref",
        "incl",
        "approx",
        "viz",
        "vs",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "fig",
        "ca",
        "op",
        "cit",
        "ibid",
        "resp",
    }
)
ENDS = frozenset(".!?")
CLOSING = frozenset("\"'”’)]»")
OPENING = frozenset("\"'“‘([«–-")
# The number or letter opening a paragraph ("1.", "(b).", "iv."): it ends no sentence.
ENUMERATOR = re.compile(r"\(?(?:[0-9]{1,3}|[ivxIVX]{1,5}|[A-Za-z])[.)]")


@dataclass(frozen=True)
class Cited:
    """A document cited in a sentence; `start` and `end` index the sentence's text."""

    start: int
    end: int
    reference: Reference


@dataclass(frozen=True)
class Sentence:
    """One sentence as the reader sees it, where it stands, and the documents it cites.

    `item` is the position of its item in the outcome (None in the header); `content` is the
    sentence as inline content (references stay links), without footnote marks, whose notes
    belong to the item it was taken from.
    """

    location: Location
    text: str
    content: Inline
    cited: tuple[Cited, ...] = ()

    @property
    def item(self) -> int | None:
        return self.location.item

    @property
    def where(self) -> str:
        return self.location.describe()


@dataclass(frozen=True)
class Match:
    """A sentence a search found, and the parts of its text to mark (start, end), in order."""

    sentence: Sentence
    marks: tuple[tuple[int, int], ...]


# ---------------------------------------------------------------- splitting text into sentences


def sentence_bounds(text: str, kept_whole: Iterable[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without the spaces around it.

    Nothing inside a range of `kept_whole` (the references found in the text) ends a sentence.
    """
    inside = sorted(kept_whole)
    bounds: list[tuple[int, int]] = []
    start = 0
    for end in ends(text, inside):
        # "1." or "(a)." opening a paragraph is its number, not a sentence of its own.
        if not ENUMERATOR.fullmatch(text[start:end].strip()) or text[end - 1] == "\n":
            bounds.append((start, end))
            start = end
    if start < len(text):
        bounds.append((start, len(text)))
    return [trimmed for bound in bounds if (trimmed := trim(text, *bound)) is not None]


def ends(text: str, kept_whole: list[tuple[int, int]]) -> Iterator[int]:
    """Where a sentence may end: after its closing point (and any quote or bracket closing it)."""
    for index, char in enumerate(text):
        if char == "\n":
            yield index + 1
            continue
        if char not in ENDS or any(start <= index < end for start, end in kept_whole):
            continue
        after = index + 1
        while after < len(text) and text[after] in CLOSING:
            after += 1
        if after == len(text):
            yield after
            continue
        if not text[after].isspace():
            continue  # "1.2", "www.consilium", "I/A-item.It"
        following = text[after:].lstrip(" \t\u00a0\u202f")
        if following and not starts_sentence(following[0]):
            continue
        if char == "." and is_abbreviation(text, index):
            continue
        yield after


def starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in OPENING or char == "\n"


def is_abbreviation(text: str, point: int) -> bool:
    start = point
    while start > 0 and not text[start - 1].isspace() and text[start - 1] not in "([":
        start -= 1
    word = text[start:point].lower()
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if start < end else None


# ---------------------------------------------------------------- sentences of inline content


def laid_out(content: Inline) -> tuple[str, list[tuple[int, int, Span]]]:
    """The text a reader sees, and where each span stands in it."""
    placed: list[tuple[int, int, Span]] = []
    pieces: list[str] = []
    at = 0
    for span in content:
        shown = span_text(span)
        placed.append((at, at + len(shown), span))
        pieces.append(shown)
        at += len(shown)
    return "".join(pieces), placed


def citations(text: str, placed: list[tuple[int, int, Span]]) -> list[Cited]:
    """Every document cited: links by what they name, plain text by what it reads as."""
    found: list[Cited] = []
    links = [(start, end) for start, end, span in placed if isinstance(span, ReferenceLink)]
    for start, end, span in placed:
        if isinstance(span, ReferenceLink):
            parsed = parse_reference(span.reference)
            if parsed.reference is not None:
                found.append(Cited(start, end, parsed.reference))
    for scanned in references_in(text, None):
        overlaps = any(scanned.start < end and start < scanned.end for start, end in links)
        if scanned.parsed.reference is not None and not overlaps:
            found.append(Cited(scanned.start, scanned.end, scanned.parsed.reference))
    return sorted(found, key=lambda cited: cited.start)


def cut(placed: list[tuple[int, int, Span]], start: int, end: int) -> Inline:
    """The inline content between two points of its text; footnote marks left out."""
    spans: list[Span] = []
    for at, until, span in placed:
        if isinstance(span, FootnoteMark) or until <= start or at >= end:
            continue
        if isinstance(span, Text):
            spans.append(Text(span.text[max(start - at, 0) : min(end, until) - at], span.bold))
        elif isinstance(span, ReferenceLink | DelegationList):
            spans.append(span)  # never cut: a sentence does not end inside one
    return tuple(spans)


def content_sentences(content: Inline, location: Location) -> list[Sentence]:
    text, placed = laid_out(content)
    if not text.strip():
        return []
    cited = citations(text, placed)
    whole = [(c.start, c.end) for c in cited] + [
        (start, end) for start, end, span in placed if isinstance(span, ReferenceLink | DelegationList)
    ]
    sentences = []
    for start, end in sentence_bounds(text, whole):
        within = tuple(
            Cited(c.start - start, c.end - start, c.reference) for c in cited if start <= c.start < end
        )
        sentences.append(Sentence(location, text[start:end], cut(placed, start, end), within))
    return sentences


def outcome_sentences(outcome: Outcome, header: bool = True) -> list[Sentence]:
    """Every sentence of the outcome in reading order: the header's fields first (unless left out)."""
    found: list[Sentence] = []
    for passage in passages(outcome):
        if passage.location.item is None and not header:
            continue
        found.extend(content_sentences(passage.content, passage.location))
    return found


def item_sentences(item: Item, index: int) -> list[Sentence]:
    found: list[Sentence] = []
    for passage in item_passages(item, index):
        found.extend(content_sentences(passage.content, passage.location))
    return found


# ---------------------------------------------------------------- which sentences a search is after


def search_words(query: str) -> list[str]:
    """The words of a query, each once, as the search looks for them (anywhere, in any case)."""
    words: list[str] = []
    for word in query.split():
        if word.lower() not in (w.lower() for w in words):
            words.append(word)
    return words


def word_matches(sentences: Iterable[Sentence], words: list[str]) -> list[Match]:
    """The sentences holding every word; when none holds them all, those holding any of them."""
    if not words:
        return []
    patterns = [re.compile(re.escape(word), re.IGNORECASE) for word in words]
    every: list[Match] = []
    some: list[Match] = []
    for sentence in sentences:
        found = [[m.span() for m in pattern.finditer(sentence.text)] for pattern in patterns]
        if not any(found):
            continue
        match = Match(sentence, merged(span for spans in found for span in spans))
        (every if all(found) else some).append(match)
    return every or some


def documents(reference: Reference) -> frozenset[object]:
    """The documents a reference names: a Council number with companions names each of them."""
    if isinstance(reference, CouncilReference):
        return frozenset(document.identity for document in reference.documents)
    return frozenset({reference.identity})


def same_document(one: Reference, other: Reference) -> bool:
    """Whether two references name a document in common, however each is written."""
    return not documents(one).isdisjoint(documents(other))


def citation_matches(sentences: Iterable[Sentence], reference: Reference) -> list[Match]:
    """The sentences citing the document, each with the reference marked as it is written there."""
    matches = []
    for sentence in sentences:
        marks = [(c.start, c.end) for c in sentence.cited if same_document(c.reference, reference)]
        if marks:
            matches.append(Match(sentence, merged(marks)))
    return matches


def cites(outcome: Outcome, reference: Reference) -> bool:
    """Whether the outcome is the document (its own number) or cites it anywhere, however written."""
    own = parse_reference(outcome.document_number).reference if outcome.document_number.strip() else None
    if own is not None and same_document(own, reference):
        return True
    return bool(citation_matches(outcome_sentences(outcome), reference))


def candidate_words(reference: Reference) -> str:
    """Words every outcome citing the document holds in its search text, whatever the form written:
    a first narrowing before its sentences are read (drafting.services files each reference found
    in the text under its register or printed form, beside the text itself)."""
    match reference:
        case CouncilReference(number=number, year=year):
            return f"{number} {year}"  # "ST 14260 2017 REV 1"
        case CommissionReference(number=number):
            return f"{reference.printed.split(')')[0]}) {number}"  # "COM(2016) 476 final"
        case ProcedureReference(year=year, number=number):
            return f"{year}/{number:04d}"  # "2017/0144 (COD)"
    raise TypeError(f"not a reference: {reference!r}")


def cited_documents(sentences: Iterable[Sentence]) -> list[Reference]:
    """The documents the sentences cite, each once, in the order they are first cited."""
    found: list[Reference] = []
    for sentence in sentences:
        for cited in sentence.cited:
            if not any(same_document(cited.reference, known) for known in found):
                found.append(cited.reference)
    return found


# ---------------------------------------------------------------- marking


def merged(spans: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Ranges sorted, with those that touch or overlap made one."""
    result: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(end, result[-1][1]))
        else:
            result.append((start, end))
    return tuple(result)


def pieces(text: str, marks: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """The text in runs, each saying whether it is marked: what a page draws with <mark>."""
    runs: list[tuple[str, bool]] = []
    at = 0
    for start, end in merged(marks):
        start, end = max(start, at), min(end, len(text))
        if start >= end:
            continue
        if start > at:
            runs.append((text[at:start], False))
        runs.append((text[start:end], True))
        at = end
    if at < len(text):
        runs.append((text[at:], False))
    return runs
