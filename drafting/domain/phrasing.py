"""The standard decision sentences of an outcome, composed from a Decision's choices."""

from __future__ import annotations

from drafting.domain.dates import format_date
from drafting.domain.model import Action, Decision, Inline, NextStep, Recipient, Text


def join_words(words: list[str] | tuple[str, ...]) -> str:
    """ "A", "A and B", "A, B and C" — the Council lists with a final "and", no serial comma."""
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


def next_step_clause(step: NextStep) -> str:
    """ ", which will be submitted to Coreper and the Council as an I/A item" and its dated form."""
    dated = step.coreper_date is not None or step.council_date is not None
    if not dated:
        where = {
            Recipient.COREPER: "Coreper",
            Recipient.COUNCIL: "the Council",
            Recipient.COREPER_AND_COUNCIL: "Coreper and the Council",
        }[step.recipient]
        clause = f", which will be submitted to {where}"
        if step.as_ia_item:
            clause += " as an I/A item"
    else:
        stops: list[str] = []
        if step.recipient in (Recipient.COREPER, Recipient.COREPER_AND_COUNCIL):
            when = f" on {format_date(step.coreper_date)}" if step.coreper_date else ""
            stops.append("to COREPER" + when)
        if step.recipient in (Recipient.COUNCIL, Recipient.COREPER_AND_COUNCIL):
            when = f" on {format_date(step.council_date)}" if step.council_date else ""
            stops.append("to the Council" + when)
        clause = ", which would be submitted"
        if step.as_ia_item:
            clause += " as an I/A item"
        clause += " " + " and ".join(stops)
    if step.purpose is not None:
        clause += f" for {step.purpose}"
    return clause


def composed_sentence(decision: Decision) -> str:
    """The standard sentence for the decision's choices (conventions, standard phrasing)."""
    if decision.action is Action.NO_ITEMS:
        return "No items were raised."
    actor = decision.actor.strip() or "The Committee"
    subject = decision.subject.strip()
    if decision.action is Action.CONCLUDED:
        sentence = f"{actor} concluded that {subject}" if subject else f"{actor} concluded"
    else:
        sentence = f"{actor} {decision.action}" + (f" {subject}" if subject else "")
    if decision.documents:
        sentence += f" as set out in {join_words(decision.documents)}"
    if decision.next_step is not None:
        sentence += next_step_clause(decision.next_step)
    return sentence.rstrip(".") + "."


def decision_sentence(decision: Decision) -> Inline:
    """What is printed for a decision: the drafter's wording, else the composed sentence."""
    if decision.wording:
        return decision.wording
    return (Text(composed_sentence(decision)),)
