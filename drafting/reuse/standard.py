"""The item templates every drafter starts with, after the standard phrasing of real outcomes.

Decisions are stored as decisions (action, subject, documents, next step), not as sentences: the
sentence printed is composed by drafting.domain.phrasing, the one place each standard sentence is
written, and the drafter can still change any choice in the composer after inserting the item.
"""

from __future__ import annotations

from typing import Any

from drafting.domain.model import SCHENGEN_FOOTNOTE, Action, Purpose, Recipient
from drafting.reuse.templates import ItemTemplate, Kind, Placeholder, Skeleton

TITLE = Placeholder("title", Kind.TEXT, "Heading of the item")


def text(value: str) -> list[dict[str, Any]]:
    return [{"text": value}]


def decision(**choices: Any) -> dict[str, Any]:
    return {"decision": choices}


AGENDA = ItemTemplate(
    "agenda",
    "Adoption of the agenda",
    "Item 1 of every outcome: the agenda adopted as set out in its CM or ST document.",
    {
        "number": 1,
        "heading": text("Adoption of the agenda"),
        "blocks": [{"paragraph": text("The agenda set out in {agenda} was adopted.")}],
    },
    (Placeholder("agenda", Kind.REFERENCE, "The agenda (its CM or ST number)"),),
)

PREVIOUS_OUTCOME = ItemTemplate(
    "previous-outcome",
    "Approval of the outcome of the previous meeting",
    "The outcome of proceedings of the body's previous meeting, approved as set out in its document.",
    {
        "number": 1,
        "heading": text("Approval of the outcome of proceedings of the previous meeting"),
        "blocks": [
            {
                "paragraph": text(
                    "The Committee approved the outcome of proceedings of its meeting on {meeting_date}, "
                    "as set out in {document}."
                )
            }
        ],
    },
    (
        Placeholder("meeting_date", Kind.DATE, "Date of the previous meeting"),
        Placeholder("document", Kind.REFERENCE, "The outcome of proceedings of that meeting"),
    ),
)

PRESIDENCY_INFORMATION = ItemTemplate(
    "presidency-information",
    "Information from the Presidency",
    'The Committee took note of what the Presidency reported: one dash per topic ("took note of").',
    {
        "number": 1,
        "heading": text("Information from the Presidency"),
        "blocks": [
            {"paragraph": text("The Committee took note of the information provided by the Presidency on:")},
            {"dash_list": [text("{topics}")]},
        ],
    },
    (Placeholder("topics", Kind.TEXT, "Topics, one per line"),),
)

PRESENTATION = ItemTemplate(
    "presentation",
    "Presentation taken note of",
    "Delegations took note of a presentation made by an agency, the Commission or another body.",
    {
        "number": 1,
        "heading": text("{title}"),
        "blocks": [
            decision(
                actor="Delegations",
                action=str(Action.TOOK_NOTE),
                subject="the presentation made by {presenter}",
            )
        ],
    },
    (TITLE, Placeholder("presenter", Kind.BODY, "Who presented (e.g. Europol, the Commission)")),
)

ENDORSEMENT = ItemTemplate(
    "endorsement",
    "Endorsement for an I/A item",
    "The Committee endorsed a text, which goes to Coreper and the Council as an I/A item.",
    {
        "number": 1,
        "heading": text("{title}"),
        "blocks": [
            decision(
                action=str(Action.ENDORSED),
                subject="{subject}",
                documents=["{document}"],
                next_step={},  # to Coreper and the Council as an I/A item: the defaults of a next step
            )
        ],
    },
    (
        TITLE,
        Placeholder("subject", Kind.TEXT, "What was endorsed (e.g. the draft Council conclusions on …)"),
        Placeholder("document", Kind.REFERENCE, "The document setting it out"),
    ),
)

CONCLUSIONS_AGREED = ItemTemplate(
    "conclusions-agreed",
    "Agreement on draft Council conclusions",
    "The Committee agreed on draft Council conclusions, submitted as an I/A item to Coreper and the "
    "Council on the dates given, for adoption.",
    {
        "number": 1,
        "heading": text("{title}"),
        "blocks": [
            decision(
                action=str(Action.AGREED_ON),
                subject="the draft Council conclusions",
                documents=["{document}"],
                next_step={
                    "recipient": str(Recipient.COREPER_AND_COUNCIL),
                    "coreper_date": "{coreper_date}",
                    "council_date": "{council_date}",
                    "purpose": str(Purpose.ADOPTION),
                },
            )
        ],
    },
    (
        TITLE,
        Placeholder("document", Kind.REFERENCE, "The draft conclusions"),
        Placeholder("coreper_date", Kind.DATE, "Coreper date"),
        Placeholder("council_date", Kind.DATE, "Council date"),
    ),
)

DISCUSSION = ItemTemplate(
    "discussion",
    "Discussion with delegations taking the floor",
    "The Committee discussed a document; the delegations that spoke are named by their codes.",
    {
        "number": 1,
        "heading": text("{title}"),
        "blocks": [
            decision(action=str(Action.DISCUSSED), subject="{subject}", documents=["{document}"]),
            {"paragraph": text("Delegations {speakers} took the floor.")},
        ],
    },
    (
        TITLE,
        Placeholder("subject", Kind.TEXT, "What was discussed"),
        Placeholder("document", Kind.REFERENCE, "The document discussed"),
        Placeholder("speakers", Kind.DELEGATIONS, "Delegations that took the floor (e.g. DE, FR and SI)"),
    ),
)

MIXED_COMMITTEE = ItemTemplate(
    "mixed-committee",
    "Item held in Mixed Committee format",
    "An item held with the Schengen associated states: the Mixed Committee mark and its standard footnote.",
    {
        "number": 1,
        "heading": [{"text": "{title}"}, {"footnote": "1"}],
        "mixed_committee": True,
        "blocks": [decision(action=str(Action.TOOK_NOTE), subject="{subject}")],
        "footnotes": [{"label": "1", "content": text(SCHENGEN_FOOTNOTE)}],
    },
    (TITLE, Placeholder("subject", Kind.TEXT, "What the Committee took note of")),
)

ANY_OTHER_BUSINESS = ItemTemplate(
    "any-other-business",
    "Any other business",
    'The last item of every outcome; "No items were raised." when nothing was.',
    {
        "number": 1,
        "heading": text("Any other business"),
        "blocks": [decision(action=str(Action.NO_ITEMS))],
    },
)

STANDARD_TEMPLATES: tuple[ItemTemplate, ...] = (
    AGENDA,
    PREVIOUS_OUTCOME,
    PRESIDENCY_INFORMATION,
    PRESENTATION,
    ENDORSEMENT,
    CONCLUSIONS_AGREED,
    DISCUSSION,
    MIXED_COMMITTEE,
    ANY_OTHER_BUSINESS,
)

COSI_MEETING = Skeleton(
    "cosi-meeting",
    "COSI meeting",
    "COSI",
    (AGENDA.key, PRESIDENCY_INFORMATION.key, ANY_OTHER_BUSINESS.key),
)

STANDARD_SKELETONS: tuple[Skeleton, ...] = (COSI_MEETING,)


def standard_template(key: str) -> ItemTemplate | None:
    return next((t for t in STANDARD_TEMPLATES if t.key == key), None)
