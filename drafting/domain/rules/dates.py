"""Dates named in the text and in decisions: real days, ranges the right way round, future steps later."""

from __future__ import annotations

import re
from collections.abc import Iterator

from drafting.domain.checks import Finding, rule
from drafting.domain.dates import DateKind, format_date
from drafting.domain.problems import Severity
from drafting.domain.rules.document import Dated, Document

# Words that put what follows in the future ("would be submitted … on", "with a view to adoption on")
# or in the past ("was held on"), and the end of a sentence. The last of them before a date decides,
# which the greedy start of the pattern finds in one match; "be held" is future, "was held" past.
_LAST_TENSE = re.compile(
    r"(?s:.*)(?:"
    r"(?P<end>[.;:!?](?=\s)|\n)"
    r"|\b(?P<future>will|would|shall|should|be\s+\w+|with\s+a\s+view\s+to|next\s+meeting|forthcoming|upcoming)\b"
    r"|\b(?P<past>was|were|had|has|have|been|(?<!be\s)held|met|took\s+place)\b"
    r")"
)
_CONTEXT = 200  # characters looked back for the tense of a date


def in_future_context(text: str, start: int) -> bool:
    """Whether the sentence before `start` speaks of something still to come."""
    before = text[max(0, start - _CONTEXT) : start].lower()  # lower case: faster than ignoring case
    last = _LAST_TENSE.match(before)
    return last is not None and last["future"] is not None


@rule("dates.impossible", Severity.ERROR, 'Every date named exists ("31 November" does not).')
def impossible(document: Document) -> Iterator[Finding]:
    for dated in document.mentions:
        if dated.mention.impossible:
            yield _at(dated, f"{dated.mention.impossible} is not a date")


@rule("dates.reversed", Severity.ERROR, "A period or range of days ends after it begins.")
def reversed_ranges(document: Document) -> Iterator[Finding]:
    for dated in document.mentions:
        if dated.mention.reversed:
            yield _at(dated, f"{dated.mention.text} ends before it begins")


@rule("dates.future-step", Severity.WARNING, "A date of a step still to come is after the meeting.")
def future_steps(document: Document) -> Iterator[Finding]:
    meeting = document.last_meeting_day
    if meeting is None:
        return
    for dated in document.mentions:
        mention, reading = dated.mention, dated.reading
        if reading.composed or not mention.sound or mention.last > meeting:
            continue
        if in_future_context(reading.text, mention.start):
            message = (
                f"{mention.text} is given for a step still to come, but it is not after the meeting "
                f"of {format_date(meeting)}"
            )
            yield _at(dated, message)


@rule(
    "dates.next-step",
    Severity.ERROR,
    "A decision sends its text to Coreper or the Council after the meeting.",
)
def next_step_after_meeting(document: Document) -> Iterator[Finding]:
    meeting = document.last_meeting_day
    if meeting is None:
        return
    for found in document.decisions:
        step = found.decision.next_step
        if step is None:
            continue
        for name, body, day in (
            ("coreper_date", "Coreper", step.coreper_date),
            ("council_date", "the Council", step.council_date),
        ):
            if day is not None and day < meeting:
                when, held = format_date(day), format_date(meeting)
                message = f"the text goes to {body} on {when}, before the meeting of {held}"
                yield Finding(found.location.within(field=name), message)


@rule("dates.council-before-coreper", Severity.WARNING, "A text reaches the Council no earlier than Coreper.")
def council_after_coreper(document: Document) -> Iterator[Finding]:
    for found in document.decisions:
        step = found.decision.next_step
        if step is None or step.coreper_date is None or step.council_date is None:
            continue
        if step.council_date < step.coreper_date:
            message = (
                f"the Council date, {format_date(step.council_date)}, is before the Coreper date, "
                f"{format_date(step.coreper_date)}"
            )
            yield Finding(found.location.within(field="council_date"), message)


@rule("dates.period-mismatch", Severity.WARNING, "The text names the period its heading names.")
def period_mismatch(document: Document) -> Iterator[Finding]:
    periods: dict[tuple[int, int | None], list[Dated]] = {}  # (item, sub-item) -> periods in its heading
    for dated in document.mentions:
        at = dated.reading.location
        if at.field == "heading" and dated.mention.kind is DateKind.PERIOD and dated.mention.sound:
            periods.setdefault((at.item, at.sub_item), []).append(dated)
    if not periods:
        return
    for dated in document.mentions:
        at, mention = dated.reading.location, dated.mention
        if at.field == "heading" or mention.kind is not DateKind.PERIOD or not mention.sound:
            continue
        named = periods.get((at.item, at.sub_item)) or periods.get((at.item, None))
        if named and all((h.mention.first, h.mention.last) != (mention.first, mention.last) for h in named):
            heading = named[0].mention.text
            message = f"the text names the period {mention.text}, but the heading names {heading}"
            yield _at(dated, message, heading)


def _at(dated: Dated, message: str, suggestion: str | None = None) -> Finding:
    return Finding(dated.reading.location, message, suggestion, offset=dated.mention.start)
