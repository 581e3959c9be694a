"""Review: comments on items, each item's review status, and the outcome made final or reopened.

Every change here locks its outcome first (services.locked_draft) and writes a history row, so
the live updates see comments and review steps in the order they commit, as they see edits.
Who may do what is asked of drafting.domain.access, with the role rules of the review written below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import select, update

from drafting import services
from drafting.domain.access import Action, Person, Role, allowed
from drafting.domain.characters import describe_character, unholdable_characters
from drafting.domain.checks import check
from drafting.domain.model import body_name
from drafting.domain.problems import Location, Problem, Severity
from drafting.persistence.repository import Draft
from drafting.persistence.tables import CommentRow, ItemRow, OutcomeRow, UserRow
from drafting.persistence.unit_of_work import UnitOfWork

LONGEST_COMMENT = 5000
LONGEST_REASON = 1000
REVIEW_STATUSES = ("drafting", "ready", "cleared")
# Who moves an item from one review status to another: the drafter submits it and may take it
# back; the reviewer clears it or sends it back, even once cleared. An admin may do either.
MOVES: dict[Action, frozenset[tuple[str, str]]] = {
    Action.SUBMIT: frozenset({("drafting", "ready"), ("ready", "drafting")}),
    Action.CLEAR: frozenset({("ready", "cleared"), ("ready", "drafting"), ("cleared", "drafting")}),
}
# What the history calls each move, by the action that made it.
MOVE_NAMES = {
    (Action.SUBMIT, "ready"): "submit",
    (Action.SUBMIT, "drafting"): "withdraw",
    (Action.CLEAR, "cleared"): "clear",
    (Action.CLEAR, "drafting"): "send-back",
}
# "@name" as account names are written (drafting.accounts.NAME); a full stop or hyphen ending a
# sentence is not part of the name.
MENTION = re.compile(r"(?<![\w@])@([A-Za-z][A-Za-z0-9._-]{0,59})")
OPEN_COMMENT = "open-comment"


class Unreadable(ValueError):
    """A comment or a reason that cannot be accepted as sent; the message says why."""


@dataclass(frozen=True)
class Comment:
    id: int
    item_id: int
    parent_id: int | None
    author: str
    text: str
    mentions: tuple[str, ...]
    created_at: datetime
    resolved_at: datetime | None = None
    resolved_by: str | None = None

    @property
    def resolved(self) -> bool:
        return self.resolved_at is not None


@dataclass(frozen=True)
class Thread:
    """A comment and its replies, resolved (or reopened) as one."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.comment.resolved


@dataclass(frozen=True)
class Added:
    comment: Comment
    unknown: tuple[str, ...]  # names after @ that name nobody: the page says "nobody called @x"


# ---------------------------------------------------------------------- comments


def add_comment(
    uow: UnitOfWork,
    outcome_id: int,
    item_id: int,
    text: str,
    by: Person | None,
    parent_id: int | None = None,
) -> Added:
    """A comment on an item, or a reply within a thread (a reply to a reply joins the same thread)."""
    text = (text or "").strip()
    if not text:
        raise Unreadable("write the comment first: it is empty")
    if len(text) > LONGEST_COMMENT:
        raise Unreadable(f"a comment holds at most {LONGEST_COMMENT} characters; this one has {len(text)}")
    unholdable = unholdable_characters(text)  # the database cannot hold them either (U+0000)
    if unholdable:
        character = describe_character(unholdable[0][1])
        raise Unreadable(
            f"the comment contains a control character ({character}): remove it and send it again"
        )
    draft = for_change(uow, outcome_id, Action.COMMENT, by)
    if draft.position_of(item_id) is None:
        raise services.NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    root = None
    if parent_id is not None:
        parent = comment_row(uow, outcome_id, parent_id)
        if parent.item_id != item_id:
            raise Unreadable("a reply belongs to a comment on the same item")
        root = parent if parent.parent_id is None else comment_row(uow, outcome_id, parent.parent_id)
    named, unknown = mentioned(uow, text)
    row = CommentRow(
        outcome_id=outcome_id,
        item_id=item_id,
        parent_id=root.id if root is not None else None,
        user_id=by.id if by is not None else None,
        text=text,
        mentions="".join(f"|{name}|" for name in named),
    )
    uow.session.add(row)
    reopened = root is not None and root.resolved_at is not None
    if reopened:  # answering a resolved thread means it is not settled after all
        root.resolved_at = root.resolved_by = None
    uow.session.flush()
    services.record(
        uow,
        outcome_id,
        "comment",
        "reply" if root is not None else "comment",
        by,
        item_id=item_id,
        after={"comment_id": row.id, "parent_id": row.parent_id, "text": text, "reopened": reopened},
    )
    added = Added(comment_of(row, names_of(uow, {row.user_id})), tuple(unknown))
    uow.commit()
    return added


def resolve(
    uow: UnitOfWork, outcome_id: int, comment_id: int, by: Person | None, item_id: int | None = None
) -> Comment:
    """Mark the thread the comment belongs to as settled (`item_id`, when given, must be its item)."""
    return settle(uow, outcome_id, comment_id, by, resolved=True, item_id=item_id)


def reopen_thread(
    uow: UnitOfWork, outcome_id: int, comment_id: int, by: Person | None, item_id: int | None = None
) -> Comment:
    """The thread the comment belongs to is open again."""
    return settle(uow, outcome_id, comment_id, by, resolved=False, item_id=item_id)


def settle(
    uow: UnitOfWork,
    outcome_id: int,
    comment_id: int,
    by: Person | None,
    resolved: bool,
    item_id: int | None = None,
) -> Comment:
    for_change(uow, outcome_id, Action.COMMENT, by)
    row = comment_row(uow, outcome_id, comment_id)
    if item_id is not None and row.item_id != item_id:
        raise services.NotFound(f"there is no comment {comment_id} on item {item_id}")
    if row.parent_id is not None:
        row = comment_row(uow, outcome_id, row.parent_id)
    if (row.resolved_at is not None) != resolved:
        row.resolved_at = datetime.now(UTC) if resolved else None
        row.resolved_by = by.id if resolved and by is not None else None
        uow.session.flush()
        services.record(
            uow,
            outcome_id,
            "comment",
            "resolve" if resolved else "reopen",
            by,
            item_id=row.item_id,
            after={"comment_id": row.id},
        )
    settled = comment_of(row, names_of(uow, {row.user_id, row.resolved_by}))
    uow.commit()
    return settled


def comments(uow: UnitOfWork, outcome_id: int, item_id: int | None = None) -> list[Thread]:
    """The threads of the outcome (or of one item), oldest first, each with its replies in order."""
    query = select(CommentRow).where(CommentRow.outcome_id == outcome_id).order_by(CommentRow.id)
    if item_id is not None:
        query = query.where(CommentRow.item_id == item_id)
    rows = list(uow.session.scalars(query))
    names = names_of(uow, {row.user_id for row in rows} | {row.resolved_by for row in rows})
    threads: dict[int, Thread] = {}
    for row in rows:
        if row.parent_id is None:
            threads[row.id] = Thread(comment_of(row, names))
        elif row.parent_id in threads:
            threads[row.parent_id].replies.append(comment_of(row, names))
    return list(threads.values())


def unresolved(uow: UnitOfWork, outcome_id: int) -> list[Comment]:
    """The comments opening a thread not yet resolved, oldest first."""
    query = (
        select(CommentRow)
        .where(
            CommentRow.outcome_id == outcome_id,
            CommentRow.parent_id.is_(None),
            CommentRow.resolved_at.is_(None),
        )
        .order_by(CommentRow.id)
    )
    rows = list(uow.session.scalars(query))
    names = names_of(uow, {row.user_id for row in rows})
    return [comment_of(row, names) for row in rows]


def open_comment_notes(uow: UnitOfWork, draft: Draft) -> list[Problem]:
    """The open threads as information for the problems panel, in the order of the items."""
    notes: list[tuple[int, int, Problem]] = []
    for comment in unresolved(uow, draft.id):
        index = draft.position_of(comment.item_id)
        if index is None:
            continue  # the item was deleted: its comments stay in the history only
        number = draft.outcome.items[index].number
        gist = " ".join(comment.text.split())
        gist = gist if len(gist) <= 80 else gist[:79] + "…"
        message = f"open comment by {comment.author}: {gist}"
        location = Location(item=index, item_number=str(number))
        notes.append((index, comment.id, Problem(Severity.INFO, OPEN_COMMENT, message, location)))
    return [note for _, _, note in sorted(notes, key=lambda n: (n[0], n[1]))]


def open_counts(uow: UnitOfWork, outcome_id: int) -> dict[int, int]:
    """How many open threads each item has, by item id."""
    counts: dict[int, int] = {}
    for comment in unresolved(uow, outcome_id):
        counts[comment.item_id] = counts.get(comment.item_id, 0) + 1
    return counts


def mentioned(uow: UnitOfWork, text: str) -> tuple[list[str], list[str]]:
    """The people named with @name who exist, and the names that name nobody, each once, in order."""
    wanted: list[str] = []
    for found in MENTION.finditer(text):
        name = found.group(1).rstrip(".-_").lower()
        if name and name not in wanted:
            wanted.append(name)
    if not wanted:
        return [], []
    known = set(uow.session.scalars(select(UserRow.name).where(UserRow.name.in_(wanted))))
    return [n for n in wanted if n in known], [n for n in wanted if n not in known]


def comment_row(uow: UnitOfWork, outcome_id: int, comment_id: int) -> CommentRow:
    row = uow.session.get(CommentRow, comment_id)
    if row is None or row.outcome_id != outcome_id:
        raise services.NotFound(f"there is no comment {comment_id} on outcome {outcome_id}")
    return row


def names_of(uow: UnitOfWork, user_ids: set[int | None]) -> dict[int, str]:
    return uow.people.names({user_id for user_id in user_ids if user_id is not None})


def comment_of(row: CommentRow, names: dict[int, str]) -> Comment:
    return Comment(
        id=row.id,
        item_id=row.item_id,
        parent_id=row.parent_id,
        author=names.get(row.user_id, "someone no longer here") if row.user_id else "the system",
        text=row.text,
        mentions=tuple(name for name in row.mentions.split("|") if name),
        created_at=row.created_at,
        resolved_at=row.resolved_at,
        resolved_by=names.get(row.resolved_by) if row.resolved_by else None,
    )


# ---------------------------------------------------------------------- review status


def moves(by: Person | None, current: str) -> list[str]:
    """The statuses `by` may move an item from `current` to, in the order the buttons show them."""
    targets = []
    for target in ("ready", "cleared", "drafting"):
        if target != current and move_action(by, current, target) is not None:
            targets.append(target)
    return targets


def move_action(by: Person | None, current: str, target: str) -> Action | None:
    """The action that allows the move for this person (SUBMIT before CLEAR), None when none does."""
    for action, allowed_moves in MOVES.items():
        if (current, target) in allowed_moves and (by is None or allowed(by, action)):
            return action
    return None


def set_review(
    uow: UnitOfWork,
    outcome_id: int,
    item_id: int,
    status: str,
    by: Person | None,
    expected_version: int | None = None,
) -> Draft:
    """Move an item to `status`; `expected_version`, when given, is the item's version the person
    reviewed: if the text changed since, nothing is done (Conflict), as the new text was not read."""
    if status not in REVIEW_STATUSES:
        raise Unreadable(f"a review status is one of {', '.join(REVIEW_STATUSES)}, not {status!r}")
    draft = for_change(uow, outcome_id, Action.READ, by)
    position = draft.position_of(item_id)
    if position is None:
        raise services.NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    if expected_version is not None and draft.item_versions[position] != expected_version:
        raise services.Conflict("the item's text was changed since you read it: read it again first", draft)
    current = draft.item_reviews[position]
    if current == status:
        return draft  # already there (a second click): nothing to record
    action = move_action(by, current, status)
    if action is None:
        raise services.Refused(refusal(by, current, status))
    for_change(uow, outcome_id, action, by)  # the team and the outcome's status, for this action
    set_item_review(uow, draft, position, status)
    record_review(uow, draft, position, MOVE_NAMES[(action, status)], by, current)
    return services.finish(uow, draft)


def set_item_review(uow: UnitOfWork, draft: Draft, position: int, status: str) -> None:
    item_id = draft.item_ids[position]
    uow.session.execute(update(ItemRow).where(ItemRow.id == item_id).values(review=status))
    draft.item_reviews[position] = status


def record_review(
    uow: UnitOfWork, draft: Draft, position: int, action: str, by: Person | None, before: str
) -> None:
    services.record(
        uow,
        draft.id,
        "review",
        action,
        by,
        item_id=draft.item_ids[position],
        version=draft.item_versions[position],
        before={"review": before},
        after={"review": draft.item_reviews[position]},
    )


def refusal(by: Person | None, current: str, target: str) -> str:
    words = {"drafting": "drafting", "ready": "ready for review", "cleared": "cleared"}
    doers = {Action.SUBMIT: "the drafter", Action.CLEAR: "a reviewer"}
    who = [doers[action] for action, allowed_moves in MOVES.items() if (current, target) in allowed_moves]
    if not who:
        return f"an item {words[current]} cannot go to {words[target]} directly"
    role = by.role.value if by is not None else "nobody"
    return (
        f"a {role} cannot move an item from {words[current]} to {words[target]}: {' or '.join(who)} does that"
    )


# ---------------------------------------------------------------------- final and reopened


def missing_for_final(draft: Draft) -> list[str]:
    """What stands between the outcome and its final state, in the drafter's words; empty: nothing."""
    missing = []
    waiting = [
        str(item.number)
        for item, review in zip(draft.outcome.items, draft.item_reviews, strict=True)
        if review != "cleared"
    ]
    if not draft.item_ids:
        missing.append("the outcome has no items")
    if waiting:
        plural = "s" if len(waiting) > 1 else ""
        missing.append(f"item{plural} {', '.join(waiting)} not cleared")
    errors = sum(problem.is_error for problem in check(draft.outcome))
    if errors:
        missing.append(f"the check shows {errors} error{'s' if errors > 1 else ''}")
    return missing


def mark_final(uow: UnitOfWork, outcome_id: int, by: Person | None) -> Draft:
    """Final, and read-only from now on: only when every item is cleared and the check finds no error."""
    draft = for_change(uow, outcome_id, Action.FINALIZE, by)
    missing = missing_for_final(draft)
    if missing:
        raise services.Refused("the outcome cannot be marked final yet: " + "; ".join(missing))
    set_status(uow, draft, "final")
    services.record(uow, outcome_id, "outcome", "final", by, version=draft.version, after={"status": "final"})
    return services.finish(uow, draft)


def reopen(uow: UnitOfWork, outcome_id: int, by: Person | None, reason: str) -> Draft:
    """A final outcome made a draft again, by an admin, for the reason given (kept in the history)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise Unreadable("say why the outcome is reopened: the reason is kept in its history")
    if len(reason) > LONGEST_REASON:
        raise Unreadable(f"the reason holds at most {LONGEST_REASON} characters; this one has {len(reason)}")
    if by is not None and by.role is not Role.ADMIN:
        raise services.Refused(f"a {by.role.value} cannot reopen a final outcome: an admin does that")
    draft = services.locked_draft(uow, outcome_id)
    if by is not None:
        decision = allowed(by, Action.REOPEN, body_name(draft.outcome)[:40], final=True)
        if not decision:
            raise services.Refused(decision.reason)
    if draft.status != "final":
        raise services.Refused("the outcome is not final: there is nothing to reopen")
    set_status(uow, draft, "draft")
    services.record(
        uow,
        outcome_id,
        "outcome",
        "reopen",
        by,
        version=draft.version,
        before={"status": "final"},
        after={"status": "draft", "reason": reason},
    )
    return services.finish(uow, draft)


def set_status(uow: UnitOfWork, draft: Draft, status: str) -> None:
    uow.session.execute(
        update(OutcomeRow)
        .where(OutcomeRow.id == draft.id)
        .values(status=status, updated_at=datetime.now(UTC))
    )
    draft.status = status


# ---------------------------------------------------------------------- shared steps


def for_change(uow: UnitOfWork, outcome_id: int, action: Action, by: Person | None) -> Draft:
    """The draft, locked for a change; Refused when the outcome is final or `by` may not do `action`."""
    draft = services.changeable(uow, outcome_id)
    if by is not None:
        decision = allowed(by, action, body_name(draft.outcome)[:40])
        if not decision:
            raise services.Refused(decision.reason)
    return draft
