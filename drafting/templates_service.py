"""Use cases of item templates: list those a person may use, save an item as one, fill one into an outcome.

Who may do what with templates:
- everyone signed in uses the standard templates, their own, and their teams' (an admin: every team's);
- drafters and admins make templates; a reviewer never changes the text, so makes none;
- a personal template is changed or deleted by its owner, a team template by any drafter of that team;
  an admin changes any of them; the standard templates ship with the product and are changed in code.
Inserting copies the filled item into the outcome: later edits of the template never reach it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime

from sqlalchemy import or_, select, true
from sqlalchemy.exc import IntegrityError

from drafting import services
from drafting.domain.access import Action, Person, Role, allowed
from drafting.domain.characters import unholdable_problem
from drafting.domain.model import Outcome
from drafting.domain.problems import Location, Problem, Severity
from drafting.persistence.repository import Draft
from drafting.persistence.tables import ItemTemplateRow, SkeletonRow, now
from drafting.persistence.unit_of_work import UnitOfWork
from drafting.reuse.skeletons import skeleton_items
from drafting.reuse.standard import STANDARD_SKELETONS, STANDARD_TEMPLATES
from drafting.reuse.templates import (
    ItemTemplate,
    after_footnotes,
    fill,
    from_item,
    template_from_json,
    template_json,
    template_problems,
)
from drafting.services import NotFound, Refused

PERSONAL, TEAM, STANDARD = "personal", "team", "standard"
SCOPES = (PERSONAL, TEAM, STANDARD)
LONGEST_NAME, LONGEST_DESCRIPTION = 120, 2000


class Invalid(ValueError):
    """A template or its name that cannot be kept; the problems say why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class StoredTemplate:
    id: int
    scope: str
    owner_id: int | None
    team: str | None
    usage_count: int
    updated_at: datetime
    template: ItemTemplate

    @property
    def name(self) -> str:
        return self.template.name


@dataclass
class Insertion:
    """What filling a template into an outcome gave: the new item, or the problems that stopped it."""

    problems: list[Problem] = field(default_factory=list)
    item_id: int | None = None
    draft: Draft | None = None

    @property
    def inserted(self) -> bool:
        return self.item_id is not None


# ---------------------------------------------------------------------- reading


def stored(row: ItemTemplateRow) -> StoredTemplate:
    template = template_from_json(row.key or str(row.id), row.name, row.description, row.content)
    return StoredTemplate(
        row.id, row.scope, row.owner_id, row.team, row.usage_count, row.updated_at, template
    )


def ensure_standard(uow: UnitOfWork) -> None:
    """The shipped templates and skeletons as rows, kept as the code says (their usage counts kept)."""
    session = uow.session
    rows = {
        row.key: row
        for row in session.scalars(select(ItemTemplateRow).where(ItemTemplateRow.key.is_not(None)))
    }
    changed = False
    for template in STANDARD_TEMPLATES:
        content = template_json(template)
        row = rows.get(template.key)
        if row is None:
            row = ItemTemplateRow(key=template.key, scope=STANDARD, usage_count=0, content=content)
            session.add(row)
            rows[template.key] = row
        elif (row.name, row.description, row.content) == (template.name, template.description, content):
            continue
        row.name, row.description, row.content, row.updated_at = (
            template.name,
            template.description,
            content,
            now(),
        )
        changed = True
    session.flush()
    kept = {row.key: row for row in session.scalars(select(SkeletonRow).where(SkeletonRow.key.is_not(None)))}
    for skeleton in STANDARD_SKELETONS:
        ids = [rows[key].id for key in skeleton.templates]
        row = kept.get(skeleton.key)
        if row is None:
            row = SkeletonRow(key=skeleton.key, scope=STANDARD, template_ids=ids)
            session.add(row)
        elif (row.name, row.body, row.template_ids) == (skeleton.name, skeleton.body, ids):
            continue
        row.name, row.body, row.template_ids, row.updated_at = skeleton.name, skeleton.body, ids, now()
        changed = True
    if not changed:
        return
    try:
        uow.commit()
    except IntegrityError:
        # Another process wrote the same standard rows first: theirs are the same, so they stand.
        session.rollback()


def visible(by: Person | None):
    """The templates (or skeletons) a person may use, as a condition on either table."""

    def condition(table):
        if by is None or by.role is Role.ADMIN:
            return true()
        return or_(
            table.scope == STANDARD,
            (table.scope == PERSONAL) & (table.owner_id == by.id),
            (table.scope == TEAM) & table.team.in_(sorted(by.teams)),
        )

    return condition


def list_templates(uow: UnitOfWork, by: Person | None) -> list[StoredTemplate]:
    """Standard, then the person's own, then their teams' templates; the most used first within each."""
    ensure_standard(uow)
    query = select(ItemTemplateRow).where(visible(by)(ItemTemplateRow))
    if by is not None and by.role is Role.ADMIN:
        # An admin sees every team's templates, but nobody else's personal ones.
        query = query.where((ItemTemplateRow.scope != PERSONAL) | (ItemTemplateRow.owner_id == by.id))
    rows = uow.session.scalars(query).all()
    order = {STANDARD: 0, PERSONAL: 1, TEAM: 2}
    rows = sorted(rows, key=lambda r: (order.get(r.scope, 3), -r.usage_count, r.name.casefold(), r.id))
    return [stored(row) for row in rows]


def template_row(uow: UnitOfWork, template_id: int, by: Person | None) -> ItemTemplateRow:
    """The template, if this person may use it; NotFound otherwise (others' templates are not shown)."""
    row = uow.session.get(ItemTemplateRow, template_id)
    if row is None or not may_use(by, row):
        raise NotFound(f"there is no template {template_id}")
    return row


def get_template(uow: UnitOfWork, template_id: int, by: Person | None) -> StoredTemplate:
    return stored(template_row(uow, template_id, by))


def may_use(by: Person | None, row: ItemTemplateRow | SkeletonRow) -> bool:
    if by is None or row.scope == STANDARD:
        return True
    if row.scope == PERSONAL:
        return row.owner_id == by.id
    return by.role is Role.ADMIN or row.team in by.teams


# ---------------------------------------------------------------------- who may change them


def may_make(by: Person | None, scope: str, team: str | None) -> None:
    if scope not in (PERSONAL, TEAM):
        raise Refused("the standard templates ship with the product: save yours as personal or for a team")
    if by is None:
        return
    if by.role is Role.REVIEWER:
        raise Refused("a reviewer never changes the text, so makes no templates")
    if scope == TEAM and by.role is not Role.ADMIN and team not in by.teams:
        raise Refused(
            f"you make team templates for your own teams only ({', '.join(sorted(by.teams)) or 'none'})"
        )


def may_change(by: Person | None, row: ItemTemplateRow | SkeletonRow) -> None:
    if row.scope == STANDARD:
        raise Refused("the standard templates ship with the product and are not changed here")
    if by is None or by.role is Role.ADMIN:
        return
    if by.role is Role.REVIEWER:
        raise Refused("a reviewer never changes the text, so changes no templates")
    if row.scope == PERSONAL and row.owner_id != by.id:
        raise Refused("a personal template is changed by its owner only")
    if row.scope == TEAM and row.team not in by.teams:
        raise Refused(f"the templates of the {row.team} team are changed by its drafters")


def changeable_by(by: Person | None, row: ItemTemplateRow) -> bool:
    try:
        may_change(by, row)
    except Refused:
        return False
    return True


# ---------------------------------------------------------------------- making and changing


def naming_problems(name: str, description: str) -> list[Problem]:
    problems = []
    if not name.strip():
        problems.append(
            Problem(Severity.ERROR, "templates.name", "a template needs a name", Location(field="name"))
        )
    elif len(name) > LONGEST_NAME:
        message = f"a name has at most {LONGEST_NAME} characters"
        problems.append(Problem(Severity.ERROR, "templates.name", message, Location(field="name")))
    if len(description) > LONGEST_DESCRIPTION:
        message = f"a description has at most {LONGEST_DESCRIPTION} characters"
        problems.append(
            Problem(Severity.ERROR, "templates.description", message, Location(field="description"))
        )
    for field_name, value in (("name", name), ("description", description)):
        found = unholdable_problem(value, Location(field=field_name))
        if found is not None:
            problems.append(found)
    return problems


def save_item_as_template(
    uow: UnitOfWork,
    outcome_id: int,
    item_id: int,
    name: str,
    description: str,
    scope: str,
    by: Person | None,
    *,
    team: str | None = None,
    references_as_placeholders: bool = False,
) -> int:
    """Keep an item of an outcome as a template (a copy: the item itself is not tied to it)."""
    draft = services.open_draft(uow, outcome_id)
    body = uow.outcomes.row(outcome_id).body
    if by is not None and not allowed(by, Action.READ, body):
        raise NotFound(f"there is no outcome {outcome_id}")
    team = (team or body) if scope == TEAM else None
    may_make(by, scope, team)
    problems = naming_problems(name, description)
    if problems:
        raise Invalid(problems)
    position = draft.position_of(item_id)
    if position is None:
        raise NotFound(f"there is no item {item_id} in outcome {outcome_id}")
    template = from_item(
        draft.outcome.items[position],
        "",
        name.strip(),
        description.strip(),
        references_as_placeholders=references_as_placeholders,
    )
    return keep_new_template(uow, template, scope, team, by)


def keep_new_template(
    uow: UnitOfWork, template: ItemTemplate, scope: str, team: str | None, by: Person | None
) -> int:
    """A new template row, unused yet, personal (owned by `by`) or the team's; committed, its id returned."""
    row = ItemTemplateRow(
        name=template.name,
        description=template.description,
        scope=scope,
        owner_id=by.id if by is not None and scope == PERSONAL else None,
        team=team,
        content=template_json(template),
        usage_count=0,
        created_by=by.id if by is not None else None,
    )
    uow.session.add(row)
    uow.session.flush()
    template_id = row.id
    uow.commit()
    return template_id


def update_template(
    uow: UnitOfWork,
    template_id: int,
    by: Person | None,
    *,
    name: str | None = None,
    description: str | None = None,
    template: ItemTemplate | None = None,
) -> StoredTemplate:
    """Rename, describe or change a template; items already made from it stay as they are."""
    row = template_row(uow, template_id, by)
    may_change(by, row)
    current = stored(row).template
    name = current.name if name is None else name.strip()
    description = current.description if description is None else description.strip()
    problems = naming_problems(name, description)
    if template is not None:
        problems += template_problems(template)
    if problems:
        raise Invalid(problems)
    row.name, row.description, row.updated_at = name, description, now()
    if template is not None:
        row.content = template_json(template)
    uow.session.flush()
    result = stored(row)
    uow.commit()
    return result


def delete_template(uow: UnitOfWork, template_id: int, by: Person | None) -> None:
    row = template_row(uow, template_id, by)
    may_change(by, row)
    uow.session.delete(row)
    uow.commit()


# ---------------------------------------------------------------------- filling into an outcome


def citing_year(draft: Draft) -> int | None:
    outcome = draft.outcome
    if outcome.issue_date:
        return outcome.issue_date.year
    return min(outcome.meeting_dates).year if outcome.meeting_dates else None


def fill_and_insert(
    uow: UnitOfWork,
    outcome_id: int,
    template_id: int,
    values: Mapping[str, str],
    position: int | None,
    expected_order_version: int,
    by: Person | None,
) -> Insertion:
    """Fill the template and insert the item as any added item is (history, versions, numbering).

    Values the checks refuse insert nothing: the problems come back, each naming its placeholder.
    """
    draft = services.changeable(uow, outcome_id)
    body = uow.outcomes.row(outcome_id).body
    if by is not None and not (decision := allowed(by, Action.EDIT, body)):
        raise Refused(decision.reason)
    row = template_row(uow, template_id, by)
    meeting_day = min(draft.outcome.meeting_dates) if draft.outcome.meeting_dates else None
    item, problems = fill(
        stored(row).template, values, citing_year=citing_year(draft), meeting_day=meeting_day
    )
    if item is None:
        return Insertion(problems)
    at = len(draft.item_ids) if position is None else max(0, min(position, len(draft.item_ids)))
    notes_before = sum(len(other.footnotes) for other in draft.outcome.items[:at])
    item = replace(after_footnotes(item, notes_before), number=at + 1)
    row.usage_count += 1  # committed with the item by add_item, or not at all
    draft, item_id = services.add_item(uow, outcome_id, expected_order_version, item, at, by)
    return Insertion(problems, item_id, draft)


# ---------------------------------------------------------------------- meeting skeletons


@dataclass(frozen=True)
class StoredSkeleton:
    id: int
    name: str
    body: str
    scope: str
    templates: tuple[StoredTemplate, ...]  # in order; those the person may not use are left out


def list_skeletons(uow: UnitOfWork, by: Person | None, body: str | None = None) -> list[StoredSkeleton]:
    """The skeletons a person may use (of one body, when named), each with its templates in order."""
    ensure_standard(uow)
    query = select(SkeletonRow).where(visible(by)(SkeletonRow)).order_by(SkeletonRow.name, SkeletonRow.id)
    if body is not None:
        query = query.where(SkeletonRow.body == body)
    skeletons = []
    for row in uow.session.scalars(query):
        if by is not None and by.role is Role.ADMIN and row.scope == PERSONAL and row.owner_id != by.id:
            continue
        templates = []
        for template_id in row.template_ids:
            template = uow.session.get(ItemTemplateRow, template_id)
            if template is not None and may_use(by, template):
                templates.append(stored(template))
        skeletons.append(StoredSkeleton(row.id, row.name, row.body, row.scope, tuple(templates)))
    return skeletons


def save_skeleton(
    uow: UnitOfWork,
    name: str,
    body: str,
    template_ids: list[int],
    scope: str,
    by: Person | None,
) -> int:
    """A skeleton of templates the person may use, for themselves or for the team of its body."""
    team = body if scope == TEAM else None
    may_make(by, scope, team)
    problems = naming_problems(name, "")
    if problems:
        raise Invalid(problems)
    template_ids = skeleton_templates(uow, template_ids, scope, team, by)
    row = SkeletonRow(
        name=name.strip(),
        body=body,
        scope=scope,
        owner_id=by.id if by is not None and scope == PERSONAL else None,
        team=team,
        template_ids=list(template_ids),
        created_by=by.id if by is not None else None,
    )
    uow.session.add(row)
    uow.session.flush()
    skeleton_id = row.id
    uow.commit()
    return skeleton_id


def create_from_skeleton(uow: UnitOfWork, outcome: Outcome, skeleton_id: int, by: Person | None) -> int:
    """A new outcome (its header from `outcome`) holding the skeleton's items in order, each made from
    its template with the placeholders left in as {name} for the drafter to fill (the checks list each).

    The skeleton must be one the person may use, of a body they work for (a skeleton naming no body
    serves any); otherwise NotFound, as others' skeletons are not shown. The templates' usage counts go
    up in the commit that creates the outcome, which records the creation in the history like any other.
    """
    skeleton = next(
        (
            found
            for found in list_skeletons(uow, by)
            if found.id == skeleton_id and (by is None or not found.body or by.sees(found.body))
        ),
        None,
    )
    if skeleton is None:
        raise NotFound(f"there is no meeting skeleton {skeleton_id} among those you may start from")
    outcome.items = skeleton_items(stored_template.template for stored_template in skeleton.templates)
    for stored_template in skeleton.templates:
        uow.session.get(ItemTemplateRow, stored_template.id).usage_count += 1
    return services.create_outcome(uow, outcome, by)


# ---------------------------------------------------------------------- managing the library

LONGEST_SKELETON = 60  # templates in one skeleton: more than any meeting's agenda


def known_team(uow: UnitOfWork, team: str | None) -> str:
    """The team a template or skeleton is kept for: one that exists, named by its body."""
    bodies = {row.body for row in uow.people.teams()}
    if not team or team not in bodies:
        raise Refused("choose one of the teams to keep it for")
    return team


def copy_template(
    uow: UnitOfWork, template_id: int, by: Person | None, scope: str, team: str | None = None
) -> int:
    """A copy of a template the person may use (a standard one most often), theirs or their team's to change.

    The copy starts unused; the original stays as it is.
    """
    row = template_row(uow, template_id, by)
    team = known_team(uow, team) if scope == TEAM else None
    may_make(by, scope, team)
    return keep_new_template(uow, stored(row).template, scope, team, by)


def share_template(uow: UnitOfWork, template_id: int, by: Person | None, team: str | None) -> StoredTemplate:
    """A personal template handed to a team: from then on any drafter of the team changes it."""
    row = template_row(uow, template_id, by)
    may_change(by, row)
    if row.scope != PERSONAL:
        raise Refused("only a personal template is handed to a team")
    team = known_team(uow, team)
    may_make(by, TEAM, team)
    row.scope, row.team, row.owner_id, row.updated_at = TEAM, team, None, now()
    uow.session.flush()
    result = stored(row)
    uow.commit()
    return result


def skeleton_row(uow: UnitOfWork, skeleton_id: int, by: Person | None) -> SkeletonRow:
    """The skeleton, if this person may use it; NotFound otherwise (others' skeletons are not shown)."""
    row = uow.session.get(SkeletonRow, skeleton_id)
    if row is None or not may_use(by, row):
        raise NotFound(f"there is no skeleton {skeleton_id}")
    return row


def may_change_skeleton(by: Person | None, row: SkeletonRow) -> None:
    """The rules of templates (may_change), said of skeletons."""
    try:
        may_change(by, row)
    except Refused as refused:
        raise Refused(str(refused).replace("template", "skeleton")) from None


def skeleton_templates(
    uow: UnitOfWork, template_ids: list[int], scope: str, team: str | None, by: Person | None
) -> list[int]:
    """The templates of a skeleton, checked: each one the person may use, and each one the team may use
    when the skeleton is the team's (a personal template in it would be missing for the others)."""
    if not template_ids:
        raise Refused("a skeleton holds at least one template")
    if len(template_ids) > LONGEST_SKELETON:
        raise Refused(f"a skeleton holds at most {LONGEST_SKELETON} templates")
    for template_id in template_ids:
        row = template_row(uow, template_id, by)
        if scope == TEAM and not (row.scope == STANDARD or (row.scope == TEAM and row.team == team)):
            raise Refused(
                f"the template \u201c{row.name}\u201d is not the {team} team's: a team skeleton holds the "
                "standard templates and the team's own"
            )
    return list(template_ids)


def update_skeleton(
    uow: UnitOfWork,
    skeleton_id: int,
    by: Person | None,
    *,
    name: str | None = None,
    template_ids: list[int] | None = None,
) -> StoredSkeleton:
    """Rename a skeleton or change its templates and their order."""
    row = skeleton_row(uow, skeleton_id, by)
    may_change_skeleton(by, row)
    name = row.name if name is None else name.strip()
    problems = naming_problems(name, "")
    if problems:
        raise Invalid(problems)
    if template_ids is not None:
        # Templates of the skeleton this person cannot see (another's personal one) stay, at the end.
        hidden = [
            kept
            for kept in row.template_ids
            if (template := uow.session.get(ItemTemplateRow, kept)) is not None and not may_use(by, template)
        ]
        row.template_ids = skeleton_templates(uow, template_ids, row.scope, row.team, by) + hidden
    row.name, row.updated_at = name, now()
    uow.session.flush()
    skeleton_id = row.id
    uow.commit()
    return next(s for s in list_skeletons(uow, by) if s.id == skeleton_id)


def delete_skeleton(uow: UnitOfWork, skeleton_id: int, by: Person | None) -> None:
    """The skeleton goes; its templates stay."""
    row = skeleton_row(uow, skeleton_id, by)
    may_change_skeleton(by, row)
    uow.session.delete(row)
    uow.commit()
