"""Who may do what: the one place the rules of access are written.

A person has one role and belongs to teams, one per body (COSI, CATS …). They see and work on the
outcomes of their teams' bodies only; an admin sees every outcome. Every page, fragment and API
route asks `allowed` before it does anything (drafting.web.guard).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Role(Enum):
    DRAFTER = "drafter"  # writes and edits the text
    REVIEWER = "reviewer"  # reads, comments, clears items; never changes the text
    ADMIN = "admin"  # manages people and teams, reopens a final outcome; sees every body


class Action(Enum):
    READ = "read"  # pages, previews, exports already made, history
    EDIT = "edit"  # the text, the items and their order; restoring from history
    COMMENT = "comment"  # write, reply to and resolve comments
    SUBMIT = "submit"  # mark an item ready for review, or take it back to drafting
    CLEAR = "clear"  # clear an item after review, or send it back
    EXPORT = "export"  # write a new .docx into the archive
    FINALIZE = "finalize"  # mark the outcome final
    REOPEN = "reopen"  # make a final outcome a draft again
    CREATE = "create"  # start an outcome of a body
    MANAGE_PEOPLE = "manage-people"  # accounts, roles, teams


ROLE_ACTIONS: dict[Role, frozenset[Action]] = {
    Role.DRAFTER: frozenset(
        {
            Action.READ,
            Action.EDIT,
            Action.COMMENT,
            Action.SUBMIT,
            Action.EXPORT,
            Action.FINALIZE,
            Action.CREATE,
        }
    ),
    Role.REVIEWER: frozenset({Action.READ, Action.COMMENT, Action.CLEAR, Action.EXPORT}),
    Role.ADMIN: frozenset(Action),
}

# What a final outcome still allows: it is read-only, apart from reopening it. Copying it into a
# new draft (CREATE) leaves it as it is: starting from the last final outcome is what copies are for.
FINAL_ACTIONS = frozenset({Action.READ, Action.EXPORT, Action.REOPEN, Action.MANAGE_PEOPLE, Action.CREATE})


@dataclass(frozen=True)
class Person:
    id: int
    name: str
    role: Role
    teams: frozenset[str] = field(default_factory=frozenset)  # the bodies they work for

    def sees(self, body: str) -> bool:
        return self.role is Role.ADMIN or body in self.teams


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""  # for the person refused, in their words

    def __bool__(self) -> bool:
        return self.allowed


def allowed(person: Person, action: Action, body: str | None = None, final: bool = False) -> Decision:
    """May `person` do `action` to an outcome of `body` (None: no outcome in particular)?"""
    if action not in ROLE_ACTIONS[person.role]:
        return Decision(False, f"a {person.role.value} cannot {describe(action)}")
    if body is not None and not person.sees(body):
        return Decision(False, f"the outcomes of {body or 'no named body'} belong to another team")
    if final and action not in FINAL_ACTIONS:
        return Decision(False, "the outcome is final: an admin must reopen it before it can change")
    return Decision(True)


def describe(action: Action) -> str:
    return {
        Action.READ: "read outcomes",
        Action.EDIT: "change the text of an outcome",
        Action.COMMENT: "comment",
        Action.SUBMIT: "submit items for review",
        Action.CLEAR: "clear items after review",
        Action.EXPORT: "export outcomes",
        Action.FINALIZE: "mark an outcome final",
        Action.REOPEN: "reopen a final outcome",
        Action.CREATE: "start outcomes",
        Action.MANAGE_PEOPLE: "manage people and teams",
    }[action]
