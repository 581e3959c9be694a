"""Whatever a drafter types either exports to a .docx that readers re-open, or is refused with a message."""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx2python import docx2python
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafting.domain.characters import UnholdableText, unholdable_characters
from drafting.domain.model import (
    DashList,
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    SubItem,
    SubjectCode,
    Text,
)
from drafting.render import render

typed = st.text(max_size=60)


def outcome_with(heading: str, paragraph: str, entry: str, note: str, subject: str) -> Outcome:
    return Outcome(
        document_number="15754/17",
        issue_date=date(2017, 12, 19),
        meeting_dates=[date(2017, 11, 21)],
        subject_codes=[SubjectCode("COSI", 334)],
        subject=subject,
        items=[
            Item(
                1,
                (Text(heading), FootnoteMark("1")),
                blocks=[Paragraph((Text(paragraph, bold=True),)), DashList([(Text(entry),)])],
                sub_items=[SubItem((Text(heading),), [Paragraph((Text(paragraph),))], letter="a")],
                footnotes=[Footnote("1", (Text(note),))],
            )
        ],
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(heading=typed, paragraph=typed, entry=typed, note=typed, subject=typed)
def test_any_typed_text_exports_to_a_docx_that_readers_reopen_or_is_refused_with_a_message(
    heading, paragraph, entry, note, subject
):
    outcome = outcome_with(heading, paragraph, entry, note, subject)
    unholdable = any(unholdable_characters(t) for t in (heading, paragraph, entry, note, subject))
    try:
        data = render(outcome)
    except UnholdableText as refused:
        assert unholdable
        assert "cannot hold" in str(refused)
        return
    assert not unholdable
    document = Document(io.BytesIO(data))
    assert document.paragraphs
    with docx2python(io.BytesIO(data)) as read:
        assert "15754/17" in read.text
        if heading.strip():
            assert heading.strip().split()[0] in read.text
