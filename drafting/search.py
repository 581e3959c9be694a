"""The archive: search the outcomes a person may see, and find where a document was discussed before.

The repository narrows the outcomes first with the list's own filters (drafting.services.Filters);
each outcome found is then read sentence by sentence (drafting.domain.passages) to show where the
words or the document stand. A document is looked for as a document, in whatever form it is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from drafting.domain.passages import (
    Match,
    Sentence,
    candidate_words,
    citation_matches,
    cited_documents,
    item_sentences,
    outcome_sentences,
    search_words,
    word_matches,
)
from drafting.domain.references import (
    Reference,
    parse_reference,
)
from drafting.persistence.repository import Draft, Summary
from drafting.persistence.unit_of_work import UnitOfWork

MOST_OUTCOMES = 50  # shown for one search
MOST_READ = 200  # outcomes read sentence by sentence for one search, at most
MOST_SENTENCES = 5  # shown for one outcome
MOST_EARLIER = 5  # earlier outcomes shown for one document cited
MOST_EARLIER_READ = 40  # outcomes read to find them


@dataclass(frozen=True)
class Query:
    text: str = ""  # words, or one reference in any form
    body: str | None = None
    held_from: date | None = None  # meeting date, inclusive
    held_to: date | None = None
    bodies: frozenset[str] | None = None  # the bodies the reader may see; None: every body

    @property
    def asks(self) -> bool:
        return bool(self.text.strip() or self.body or self.held_from or self.held_to)


@dataclass(frozen=True)
class Shown:
    """A sentence found, and the item it stands in (None: in the header)."""

    match: Match
    item_id: int | None

    @property
    def sentence(self) -> Sentence:
        return self.match.sentence


@dataclass(frozen=True)
class Hit:
    """An outcome found, with the sentences that made it found."""

    summary: Summary
    shown: tuple[Shown, ...] = ()
    more: int = 0  # sentences found and not shown


@dataclass
class Results:
    hits: list[Hit] = field(default_factory=list)
    reference: Reference | None = None  # the document asked for, when the query is one
    words: list[str] = field(default_factory=list)
    capped: bool = False  # more outcomes match than are shown


def reference_asked(text: str) -> Reference | None:
    """The document a query names, when the whole query is one reference."""
    text = text.strip()
    return parse_reference(text).reference if text else None


def search(uow: UnitOfWork, query: Query) -> Results:
    reference = reference_asked(query.text)
    words = [] if reference is not None else search_words(query.text)
    results = Results(reference=reference, words=words)
    # The list's own filters narrow the outcomes first. A reference is looked up by the words every
    # outcome citing it holds, whatever the form written; its sentences then say whether it does.
    asked = candidate_words(reference) if reference is not None else " ".join(words)
    summaries = uow.outcomes.summaries(body=query.body, words=asked or None, bodies=query.bodies)
    read = 0
    for summary in summaries:
        if not held_within(summary.meeting_date, query.held_from, query.held_to):
            continue
        if len(results.hits) == MOST_OUTCOMES or read == MOST_READ:
            results.capped = True
            break
        if reference is None and not words:
            results.hits.append(Hit(summary))
            continue
        read += 1
        draft = uow.outcomes.get(summary.id)
        if draft is None:
            continue
        sentences = outcome_sentences(draft.outcome)
        found = citation_matches(sentences, reference) if reference else word_matches(sentences, words)
        if reference is not None and not found:
            continue  # the number stands there, but not as this document
        results.hits.append(hit(summary, draft, found, MOST_SENTENCES))
    return results


def held_within(day: date | None, start: date | None, end: date | None) -> bool:
    """Whether a meeting falls in the range; a meeting of no known date falls in no range."""
    if start is None and end is None:
        return True
    if day is None:
        return False
    return (start is None or day >= start) and (end is None or day <= end)


def hit(summary: Summary, draft: Draft, found: list[Match], most: int) -> Hit:
    shown = tuple(
        Shown(match, draft.item_ids[match.sentence.item] if match.sentence.item is not None else None)
        for match in found[:most]
    )
    return Hit(summary, shown, max(len(found) - most, 0))


# ---------------------------------------------------------------- discussed before


@dataclass(frozen=True)
class Discussed:
    """One document an item cites, and the earlier outcomes that cite it too, newest first."""

    reference: Reference
    hits: tuple[Hit, ...] = ()
    capped: bool = False


def discussed_before(
    uow: UnitOfWork, draft: Draft, index: int, bodies: frozenset[str] | None
) -> list[Discussed]:
    """For each document item `index` of the draft cites: the other outcomes the reader may see that
    cite it, held before this one when both dates are known, with the sentences citing it."""
    held = min(draft.outcome.meeting_dates) if draft.outcome.meeting_dates else None
    documents = cited_documents(item_sentences(draft.outcome.items[index], index))
    read: dict[int, Draft | None] = {}
    answer = []
    for reference in documents:
        hits: list[Hit] = []
        capped = False
        summaries = uow.outcomes.summaries(words=candidate_words(reference), bodies=bodies)
        looked = 0
        for summary in summaries:
            if summary.id == draft.id:
                continue
            if held is not None and summary.meeting_date is not None and summary.meeting_date >= held:
                continue
            if len(hits) == MOST_EARLIER or looked == MOST_EARLIER_READ:
                capped = True
                break
            looked += 1
            if summary.id not in read:
                read[summary.id] = uow.outcomes.get(summary.id)
            other = read[summary.id]
            if other is None:
                continue
            found = citation_matches(outcome_sentences(other.outcome, header=False), reference)
            if found:
                hits.append(hit(summary, other, found, MOST_SENTENCES))
        answer.append(Discussed(reference, tuple(hits), capped))
    return answer
