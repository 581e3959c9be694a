"""The library of templates and meeting skeletons: see them all, and manage those that are one's own.

Everyone signed in sees the templates they may use, with a preview of each; who may change which
one is drafting.templates_service's to say (changeable_by), and every change asks it again on the
server. A template the person may not use is not found (404), as if it did not exist. Forms refused
for what was typed come back with the typed values and the messages beside their fields.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from drafting import services, templates_service
from drafting.domain.access import Action, Role
from drafting.domain.characters import unholdable_problem
from drafting.domain.problems import Location, Problem
from drafting.reuse.templates import Kind
from drafting.templates_service import PERSONAL, STANDARD, TEAM, Invalid, StoredTemplate
from drafting.web import htmx, library_text, unit_of_work
from drafting.web.guard import person, requires

blueprint = Blueprint("template_library", __name__, url_prefix="/templates")

PAGE = "pages/template_library.html"
NUMBER = re.compile(r"\d{1,9}")
LONGEST_LABEL = 200
SPARE_ROWS = 4  # empty rows a skeleton's form offers for more templates
KINDS = [kind.value for kind in Kind]


# ---------------------------------------------------------------- shared pieces


def page(fragment: str, status: int = 200, **context):
    return render_template(PAGE, fragment=fragment, **context), status


def refused_status(plain: int) -> int:
    """A boosted form swaps only a successful answer: htmx is told 200, a plain browser the real status."""
    return 200 if htmx else plain


def template_of(uow, template_id: int) -> StoredTemplate:
    try:
        return templates_service.get_template(uow, template_id, person())
    except services.NotFound:
        abort(404)


def row_to_change(uow, template_id: int):
    """The template's row, if this person may change it: 404 when not theirs to see, 403 not to change."""
    try:
        row = templates_service.template_row(uow, template_id, person())
    except services.NotFound:
        abort(404)
    templates_service.may_change(person(), row)  # Refused: answered 403 with its reason
    return row


def teams_of(uow) -> list[str]:
    """The teams the person keeps templates and skeletons for: their own; an admin, every team."""
    who = person()
    if who.role is Role.ADMIN:
        return [row.body for row in uow.people.teams()]
    return sorted(who.teams)


def form_text(name: str, default: str = "") -> str:
    value = request.form.get(name, default)
    return value if isinstance(value, str) else default


def ids_posted(name: str) -> list[int]:
    """Template ids a form posts (empty rows left out); anything else is a form that cannot be read."""
    ids = []
    for value in request.form.getlist(name):
        value = value.strip()
        if not value:
            continue
        if not NUMBER.fullmatch(value):
            abort(400, description="The form could not be read (a template is not one of the list).")
        ids.append(int(value))
    return ids


def messages_by_field(problems: list[Problem], fields: set[str]) -> tuple[dict[str, list[str]], list[str]]:
    located: dict[str, list[str]] = {}
    general: list[str] = []
    for problem in problems:
        name = problem.location.field if problem.location else None
        if name in fields:
            located.setdefault(name, []).append(problem.message)
        else:
            general.append(problem.message)
    return located, general


# ---------------------------------------------------------------- the library


@blueprint.get("")
@requires(Action.READ)
def index():
    who = person()
    # A writing unit: the first list ever asked for writes the shipped templates into the database.
    with unit_of_work(reading=False) as uow:
        templates = templates_service.list_templates(uow, who)
        skeletons = templates_service.list_skeletons(uow, who)
    teams: dict[str, list[StoredTemplate]] = {team: [] for team in sorted(who.teams)}
    for stored in templates:
        if stored.scope == TEAM:
            teams.setdefault(stored.team or "", []).append(stored)
    groups = {
        "standard": [t for t in templates if t.scope == STANDARD],
        "teams": dict(sorted(teams.items())),
        "personal": [t for t in templates if t.scope == PERSONAL],
    }
    return page("partials/library_index.html", groups=groups, skeletons=skeletons, shown=library_text.shown)


# ---------------------------------------------------------------- one template


def template_page(uow, stored: StoredTemplate, status: int = 200, **context):
    who = person()
    changeable = templates_service.changeable_by(who, stored)
    skeletons = [
        s for s in templates_service.list_skeletons(uow, who) if stored.id in {t.id for t in s.templates}
    ]
    context.setdefault("naming", {"name": stored.name, "description": stored.template.description})
    context.setdefault("text", None)
    return page(
        "partials/library_template.html",
        status,
        stored=stored,
        changeable=changeable,
        preview=library_text.shown(stored.template),
        slots=library_text.slots(stored.template.item),
        version=library_text.version_of(stored.template),
        teams=teams_of(uow),
        kinds=KINDS,
        skeletons=skeletons,
        **context,
    )


@blueprint.get("/<int:template_id>")
@requires(Action.READ)
def show(template_id: int):
    with unit_of_work(reading=False) as uow:
        templates_service.ensure_standard(uow)
        stored = template_of(uow, template_id)
        return template_page(uow, stored)


@blueprint.post("/<int:template_id>/naming")
@requires(Action.EDIT)
def rename(template_id: int):
    name, description = form_text("name"), form_text("description")
    with unit_of_work() as uow:
        row_to_change(uow, template_id)
        try:
            stored = templates_service.update_template(
                uow, template_id, person(), name=name, description=description
            )
        except Invalid as invalid:
            located, general = messages_by_field(invalid.problems, {"name", "description"})
            stored = template_of(uow, template_id)
            return template_page(
                uow,
                stored,
                refused_status(400),
                naming={"name": name, "description": description},
                naming_errors=located,
                naming_message=general or ["Nothing was changed: correct what is marked below."],
            )
    flash(f"The template is now called \u201c{stored.name}\u201d.")
    return redirect(url_for(".show", template_id=template_id), 303)


@blueprint.post("/<int:template_id>/text")
@requires(Action.EDIT)
def save_text(template_id: int):
    with unit_of_work() as uow:
        row_to_change(uow, template_id)
        stored = template_of(uow, template_id)
        template = stored.template
        slots = library_text.slots(template.item)
        typed = {
            index: value
            for index, slot in enumerate(slots)
            if (value := request.form.get(f"slot-{index}")) is not None
        }
        new_paragraph = form_text("slot-new")
        text = {"typed": typed, "new": new_paragraph, "kinds": {}, "labels": {}, "errors": {}, "general": []}
        if form_text("version") != library_text.version_of(template):
            text["general"].append(
                "The template was changed by someone else meanwhile, so your change was not saved. "
                "The text below is the current one: make your change again."
            )
            text["typed"], text["new"] = {}, ""
            return template_page(uow, stored, refused_status(409), text=text)
        read_placeholder_choices(text)
        for index, value in typed.items():
            found = library_text.slot_problems(slots[index], value)
            if found:
                text["errors"][str(index)] = found
        found = library_text.slot_problems(
            library_text.Slot(("blocks",), "", library_text.INLINE, ""), new_paragraph
        )
        if found:
            text["errors"]["new"] = found
        if text["errors"] or text["general"]:
            text["general"] = text["general"] or ["Nothing was saved: correct what is marked below."]
            return template_page(uow, stored, refused_status(400), text=text)
        item = library_text.with_text(template.item, typed, new_paragraph)
        kinds = {name: Kind(kind) for name, kind in text["kinds"].items()}
        placeholders = library_text.placeholders_for(item, template.placeholders, kinds, text["labels"])
        changed = replace(template, item=item, placeholders=placeholders)
        try:
            templates_service.update_template(uow, template_id, person(), template=changed)
        except Invalid as invalid:
            located, general = messages_by_field(invalid.problems, {p.name for p in template.placeholders})
            text["placeholder_errors"] = located
            text["general"] = general or ["Nothing was saved: correct what is marked below."]
            return template_page(uow, stored, refused_status(400), text=text)
    flash(f"The text of \u201c{stored.name}\u201d was saved. Items made from it before stay as they are.")
    before = {p.name for p in template.placeholders}
    for placeholder in placeholders:
        if placeholder.name not in before and placeholder.name not in text["kinds"]:
            flash(
                f"The new placeholder {{{placeholder.name}}} is free text: "
                "choose another kind below if it is one.",
                "info",
            )
    return redirect(url_for(".show", template_id=template_id, _anchor="text"), 303)


def read_placeholder_choices(text: dict) -> None:
    """The kinds and labels chosen for placeholders; one that cannot be kept is said beside its field."""
    for key, value in request.form.items(multi=True):
        name = key.partition("-")[2]
        if key.startswith("kind-"):
            if value not in KINDS:
                text["errors"][key] = [f"Choose one of the kinds of value: {', '.join(KINDS)}."]
            else:
                text["kinds"][name] = value
        elif key.startswith("label-"):
            text["labels"][name] = " ".join(value.split())
            problem = unholdable_problem(value, Location())
            if len(value) > LONGEST_LABEL:
                text["errors"][key] = [f"Keep this to {LONGEST_LABEL} characters or fewer."]
            elif problem is not None:
                text["errors"][key] = ["This text " + problem.message + "."]


@blueprint.get("/<int:template_id>/delete")
@requires(Action.EDIT)
def confirm_delete(template_id: int):
    with unit_of_work() as uow:
        row_to_change(uow, template_id)
        stored = template_of(uow, template_id)
        skeletons = [
            s
            for s in templates_service.list_skeletons(uow, person())
            if stored.id in {t.id for t in s.templates}
        ]
    return page("partials/library_delete.html", stored=stored, skeletons=skeletons)


@blueprint.post("/<int:template_id>/delete")
@requires(Action.EDIT)
def delete(template_id: int):
    with unit_of_work() as uow:
        row = row_to_change(uow, template_id)
        name = row.name
        templates_service.delete_template(uow, template_id, person())
    flash(f"The template \u201c{name}\u201d was deleted. Items made from it stay as they are.")
    return redirect(url_for(".index"), 303)


@blueprint.post("/<int:template_id>/copy")
@requires(Action.EDIT)
def copy(template_id: int):
    scope = form_text("scope")
    if scope not in (PERSONAL, TEAM):
        abort(400, description="The form could not be read (copy it as yours or your team's).")
    with unit_of_work() as uow:
        stored = template_of(uow, template_id)
        copy_id = templates_service.copy_template(
            uow, template_id, person(), scope, form_text("team") or None
        )  # Refused (a team not the person's): answered 403 with its reason
    kept = f"for the {form_text('team')} team" if scope == TEAM else "as your own"
    flash(f"\u201c{stored.name}\u201d copied {kept}: change it as you need.")
    return redirect(url_for(".show", template_id=copy_id), 303)


@blueprint.post("/<int:template_id>/share")
@requires(Action.EDIT)
def share(template_id: int):
    with unit_of_work() as uow:
        row_to_change(uow, template_id)
        stored = templates_service.share_template(uow, template_id, person(), form_text("team") or None)
    flash(
        f"\u201c{stored.name}\u201d is now the {stored.team} team's: any drafter of the team may change it."
    )
    return redirect(url_for(".show", template_id=template_id), 303)


# ---------------------------------------------------------------- meeting skeletons


def skeleton_of(uow, skeleton_id: int):
    try:
        row = templates_service.skeleton_row(uow, skeleton_id, person())
    except services.NotFound:
        abort(404)
    return row


def skeleton_form(uow, status: int = 200, *, skeleton=None, row=None, **context):
    who = person()
    templates = templates_service.list_templates(uow, who)
    chosen = context.pop("chosen", None)
    if chosen is None:
        chosen = [t.id for t in skeleton.templates] if skeleton is not None else []
    rows = min(templates_service.LONGEST_SKELETON, len(chosen) + SPARE_ROWS)
    changeable = row is None or templates_service.changeable_by(who, row)
    return page(
        "partials/library_skeleton.html",
        status,
        skeleton=skeleton,
        row=row,
        changeable=changeable,
        templates=templates,
        chosen=chosen + [None] * (rows - len(chosen)),
        teams=teams_of(uow),
        errors=context.pop("errors", {}),
        message=context.pop("message", []),
        **context,
    )


@blueprint.get("/skeletons/new")
@requires(Action.EDIT)
def new_skeleton():
    with unit_of_work(reading=False) as uow:
        templates_service.ensure_standard(uow)
        return skeleton_form(uow, values={"name": "", "scope": TEAM, "body": ""})


@blueprint.post("/skeletons")
@requires(Action.EDIT)
def create_skeleton():
    name, scope, body = form_text("name"), form_text("scope"), form_text("body")
    chosen = ids_posted("template")
    values = {"name": name, "scope": scope, "body": body}
    with unit_of_work() as uow:
        errors: dict[str, list[str]] = {}
        if scope not in (PERSONAL, TEAM):
            errors["scope"] = ["Keep it for your team or for yourself."]
        if body not in teams_of(uow):
            errors["body"] = ["Choose the body whose meetings it is for."]
        for problem in templates_service.naming_problems(name, ""):
            errors.setdefault(problem.location.field, []).append(problem.message)
        try:
            if not errors:
                team = body if scope == TEAM else None
                templates_service.skeleton_templates(uow, chosen, scope, team, person())
        except services.NotFound:
            errors["template"] = ["One of the templates chosen is no longer there: choose again."]
        except services.Refused as refused:
            errors["template"] = [f"{str(refused)[:1].upper()}{str(refused)[1:]}."]
        if errors:
            message = ["Nothing was made: correct what is marked below."]
            return skeleton_form(
                uow, refused_status(400), values=values, chosen=chosen, errors=errors, message=message
            )
        skeleton_id = templates_service.save_skeleton(uow, name, body, chosen, scope, person())
    flash(f"The skeleton \u201c{name.strip()}\u201d was made.")
    return redirect(url_for(".skeleton", skeleton_id=skeleton_id), 303)


@blueprint.get("/skeletons/<int:skeleton_id>")
@requires(Action.READ)
def skeleton(skeleton_id: int):
    with unit_of_work(reading=False) as uow:
        row = skeleton_of(uow, skeleton_id)
        stored = next(s for s in templates_service.list_skeletons(uow, person()) if s.id == row.id)
        return skeleton_form(uow, skeleton=stored, row=row, values={"name": row.name})


@blueprint.post("/skeletons/<int:skeleton_id>")
@requires(Action.EDIT)
def save_skeleton(skeleton_id: int):
    name, chosen = form_text("name"), ids_posted("template")
    with unit_of_work() as uow:
        row = skeleton_of(uow, skeleton_id)
        templates_service.may_change_skeleton(person(), row)  # Refused: answered 403 with its reason
        errors: dict[str, list[str]] = {}
        try:
            templates_service.update_skeleton(uow, skeleton_id, person(), name=name, template_ids=chosen)
        except Invalid as invalid:
            for problem in invalid.problems:
                errors.setdefault(problem.location.field, []).append(problem.message)
        except services.NotFound:
            errors["template"] = ["One of the templates chosen is no longer there: choose again."]
        except services.Refused as refused:
            errors["template"] = [f"{str(refused)[:1].upper()}{str(refused)[1:]}."]
        if errors:
            uow.session.rollback()
            row = skeleton_of(uow, skeleton_id)
            stored = next(s for s in templates_service.list_skeletons(uow, person()) if s.id == row.id)
            message = ["Nothing was changed: correct what is marked below."]
            return skeleton_form(
                uow,
                refused_status(400),
                skeleton=stored,
                row=row,
                values={"name": name},
                chosen=chosen,
                errors=errors,
                message=message,
            )
    flash(f"The skeleton \u201c{name.strip()}\u201d was saved.")
    return redirect(url_for(".skeleton", skeleton_id=skeleton_id), 303)


@blueprint.get("/skeletons/<int:skeleton_id>/delete")
@requires(Action.EDIT)
def confirm_delete_skeleton(skeleton_id: int):
    with unit_of_work() as uow:
        row = skeleton_of(uow, skeleton_id)
        templates_service.may_change_skeleton(person(), row)
        name = row.name
    return page("partials/library_skeleton_delete.html", skeleton_id=skeleton_id, name=name)


@blueprint.post("/skeletons/<int:skeleton_id>/delete")
@requires(Action.EDIT)
def delete_skeleton(skeleton_id: int):
    with unit_of_work() as uow:
        name = skeleton_of(uow, skeleton_id).name
        templates_service.delete_skeleton(uow, skeleton_id, person())
    flash(f"The skeleton \u201c{name}\u201d was deleted. Its templates stay.")
    return redirect(url_for(".index", _anchor="skeletons"), 303)
