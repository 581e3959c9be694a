"""Outcomes shaped like the sample 15754/17, built in code, for the .docx writer and importer."""

from __future__ import annotations

from datetime import date

import pytest

from drafting.domain.model import (
    Action,
    DashList,
    Decision,
    DelegationList,
    Footer,
    Footnote,
    FootnoteMark,
    Item,
    Outcome,
    Paragraph,
    ReferenceLink,
    SubItem,
    SubItemStyle,
    SubjectCode,
    Text,
    text,
)
from drafting.domain.phrasing import decision_sentence
from drafting.persistence.database import engine_for, session_factory, upgrade
from drafting.render import render

SCHENGEN_NOTE = "Exceptionally in the presence of the Schengen Associated States."


def committee_outcome() -> Outcome:
    """A revised LIMITE outcome with every kind of block, span and sub-item."""
    return Outcome(
        document_number="14260/1/17 REV 1",
        issue_date=date(2017, 12, 19),
        interinstitutional_file="2017/0144 (COD)",
        marking="LIMITE",
        subject_codes=[
            SubjectCode("COSI", 334),
            SubjectCode("JAI", 1207),
            SubjectCode("COMIX", 852),
            SubjectCode("SCH-EVAL", 91),
        ],
        meeting_dates=[date(2017, 11, 30), date(2017, 12, 1)],
        previous_documents="13947/17",
        commission_documents="COM(2017) 352 final",
        subject="Standing Committee on Operational Cooperation on Internal Security\n(COSI)",
        footer=Footer(initials="MP/mj", unit="DG D 1C"),
        items=[
            Item(
                1,
                text("Adoption of the agenda"),
                [
                    Paragraph(
                        (
                            Text("The agenda set out in "),
                            ReferenceLink("14260/1/17 REV 1"),
                            Text(" was adopted."),
                        )
                    )
                ],
            ),
            Item(
                2,
                (Text("Updated Roadmap to enhance information exchange"), FootnoteMark("1")),
                [Paragraph(text("The Committee endorsed the updated Roadmap."))],
                mixed_committee=True,
                footnotes=[Footnote("1", text(SCHENGEN_NOTE))],
            ),
            Item(
                3,
                text("Information from the Presidency:"),
                [
                    Paragraph(text("The Committee took note of")),
                    DashList(
                        [
                            text("the outcome of the JHA Senior Officials meeting,"),
                            (
                                Text("the meeting of the Scrutiny Group, with comments from "),
                                DelegationList(("DE", "DK", "FR", "SI")),
                                Text("."),
                            ),
                        ]
                    ),
                ],
            ),
            Item(
                4,
                text("Counter-terrorism:"),
                sub_item_style=SubItemStyle.DASHED,
                sub_items=[
                    SubItem(
                        (Text("Draft Council conclusions on the ATLAS Network", bold=True),),
                        [
                            Paragraph(
                                (
                                    Text("The Committee agreed on the draft conclusions as set out in "),
                                    ReferenceLink("12583/5/17 REV 5"),
                                    Text("."),
                                )
                            )
                        ],
                    ),
                    SubItem(
                        (Text("EU threat assessment", bold=True),),
                        [
                            Decision(
                                action=Action.ENDORSED,
                                subject="the suggested way forward",
                                documents=("13414/1/17 REV 1",),
                            )
                        ],
                    ),
                ],
            ),
            Item(
                5,
                text("Europol information"),
                classification="RESTREINT UE/EU RESTRICTED",
                sub_items=[
                    SubItem(
                        (Text("Presentation", bold=True),),
                        [Paragraph(text("Europol informed delegations."))],
                        letter="a",
                    ),
                    SubItem(text("Next steps"), [DashList([text("a report in 2018")])], letter="b"),
                ],
            ),
            Item(6, text("Any other business"), [Decision(action=Action.NO_ITEMS)]),
        ],
    )


def as_printed(outcome: Outcome) -> Outcome:
    """The outcome as its .docx holds it: every Decision replaced by the paragraph printing it."""

    def printed(blocks: list) -> list:
        return [Paragraph(decision_sentence(b)) if isinstance(b, Decision) else b for b in blocks]

    for item in outcome.items:
        item.blocks = printed(item.blocks)
        for sub in item.sub_items:
            sub.blocks = printed(sub.blocks)
    return outcome


@pytest.fixture
def outcome() -> Outcome:
    return committee_outcome()


@pytest.fixture
def printed_outcome() -> Outcome:
    return as_printed(committee_outcome())


@pytest.fixture
def rendered() -> bytes:
    return render(committee_outcome())


@pytest.fixture
def sessions(database_url):
    """Sessions on a fresh database, its schema made by the migrations."""
    engine = engine_for(database_url)
    upgrade(engine)
    yield session_factory(engine)
    engine.dispose()
