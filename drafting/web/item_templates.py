"""Item templates in the browser: pick one, fill its placeholders, insert it; save an item as one.

Filling checks each value with the checks used everywhere else (drafting.reuse.templates): a value
they refuse inserts nothing and is shown again, beside its field, with what the check said. What
is inserted is an ordinary item, edited like any other afterwards.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for

from drafting import services, templates_service
from drafting.domain.access import Action
from drafting.domain.problems import Problem
from drafting.persistence.repository import Draft
from drafting.reuse.templates import PLACEHOLDER, ItemTemplate, Kind
from drafting.web import htmx, unit_of_work
from drafting.web.guard import person, requires

blueprint = Blueprint("item_templates", __name__, url_prefix="/outcomes/<int:outcome_id>")

FIELD_PREFIX = "placeholder-"  # the form field of placeholder `name` is "placeholder-name"
NUMBER = re.compile(r"\d{1,9}")
SCOPES = {"personal": templates_service.PERSONAL, "team": templates_service.TEAM}
# What each kind of value looks like, said under its field.
HINTS = {
    Kind.REFERENCE: "A document as printed, e.g. 14260/1/17 REV 1 or CM 1995/16.",
    # The field is a date picker: the hint says how the day is printed, not how to type it.
    Kind.DATE: "Pick the day; it is printed like 7 December 2017.",
    Kind.BODY: "Who acted or presented, e.g. the Commission.",
    Kind.DELEGATIONS: "Two-letter codes, e.g. DE, FR and SI.",
    Kind.TEXT: "",
}
ONE_PER_LINE = "One per line: each line becomes a dash of its own."


def opened(uow, outcome_id: int) -> Draft:
    try:
        return services.open_draft(uow, outcome_id)
    except services.NotFound:
        abort(404)


def template_of(uow, template_id: int) -> templates_service.StoredTemplate:
    try:
        return templates_service.get_template(uow, template_id, person())
    except services.NotFound:
        abort(404)


def number(name: str, required: bool) -> int | None:
    """A whole number the form posts; a missing or garbled one is a form that cannot be read (400)."""
    value = request.form.get(name, "").strip()
    if not value and not required:
        return None
    if not NUMBER.fullmatch(value):
        abort(
            400,
            description="The form could not be read (a number is missing). Reload the page and try again.",
        )
    return int(value)


def one_per_line(template: ItemTemplate) -> set[str]:
    """The text placeholders standing alone in a dash-list entry: each line typed there becomes a dash.

    Their field is a text area, as a one-line field would drop every line but the first.
    """
    found: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "dash_list" and isinstance(value, list):
                    found.update(name for entry in value if (name := alone(entry)) is not None)
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    def alone(entry: object) -> str | None:
        if not (isinstance(entry, list) and len(entry) == 1 and isinstance(entry[0], dict)):
            return None
        match = PLACEHOLDER.fullmatch(str(entry[0].get("text", "")))
        return match.group(1) if match and set(entry[0]) <= {"text", "bold"} else None

    walk(template.item)
    return {spec.name for spec in template.placeholders if spec.kind is Kind.TEXT and spec.name in found}


def editor_at(outcome_id: int, index: int | None):
    """The editor, scrolled to the item just made or saved as a template."""
    anchor = f"item-{index}" if index is not None else None
    url = url_for("editor.edit", outcome_id=outcome_id, _anchor=anchor)
    if htmx:
        # A boosted form follows a redirect without its #item-N (the page would open at the top, the
        # new item out of sight): the browser is sent there itself, and scrolls to the item.
        return "", 204, {"HX-Redirect": url}
    return redirect(url, 303)


# ---------------------------------------------------------------- the list


@blueprint.get("/templates")
@requires(Action.EDIT)  # choosing a template is the start of inserting an item
def index(outcome_id: int):
    # A writing unit: the first list ever asked for writes the shipped templates into the database.
    with unit_of_work(reading=False) as uow:
        draft = opened(uow, outcome_id)
        templates = templates_service.list_templates(uow, person())
    return render_template(
        "pages/item_templates.html", draft=draft, outcome_id=outcome_id, templates=templates
    )


# ---------------------------------------------------------------- filling one in


def form_answer(
    draft: Draft,
    stored: templates_service.StoredTemplate,
    values: dict[str, str],
    position: str,
    problems: list[Problem] = (),
    message: str | None = None,
    status: int = 200,
):
    located: dict[str, list[Problem]] = {}
    general: list[Problem] = []
    for problem in problems:
        name = problem.location.field if problem.location else None
        if name and stored.template.placeholder(name) is not None:
            located.setdefault(name, []).append(problem)
        else:
            general.append(problem)
    context = dict(
        draft=draft,
        outcome_id=draft.id,
        stored=stored,
        values=values,
        position=position,
        located=located,
        general=general,
        message=message,
        hints=HINTS,
        one_per_line=one_per_line(stored.template),
        one_per_line_hint=ONE_PER_LINE,
        field_prefix=FIELD_PREFIX,
        kinds=Kind,
    )
    fragment = bool(htmx) and not htmx.boosted and not htmx.history_restore_request
    page = "partials/item_template_form.html" if fragment else "pages/item_templates.html"
    return render_template(page, fragment="partials/item_template_form.html", **context), status


@blueprint.get("/templates/<int:template_id>")
@requires(Action.EDIT)
def fill_form(outcome_id: int, template_id: int):
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
        stored = template_of(uow, template_id)
    return form_answer(draft, stored, {}, "")


@blueprint.post("/templates/<int:template_id>")
@requires(Action.EDIT)
def fill(outcome_id: int, template_id: int):
    order_version = number("order_version", required=True)
    at = number("position", required=False)
    position = "" if at is None else str(at)
    # A boosted form swaps only a successful answer: htmx is told 200, a plain browser 400.
    refused_status = 200 if htmx else 400
    with unit_of_work() as uow:
        stored = template_of(uow, template_id)
        values = {
            spec.name: request.form.get(FIELD_PREFIX + spec.name, "") for spec in stored.template.placeholders
        }
        try:
            insertion = templates_service.fill_and_insert(
                uow, outcome_id, template_id, values, at, order_version, person()
            )
        except services.NotFound:
            abort(404)
        except services.Conflict as conflict:
            if conflict.current is None:
                abort(404)
            message = (
                "The items were added, deleted or moved by someone else meanwhile, so nothing was inserted. "
                "Check where the item should go, then insert it again."
            )
            # The list as it is now: inserting again is against the order the drafter has now seen.
            status = 200 if htmx else 409
            return form_answer(conflict.current, stored, values, position, message=message, status=status)
        if not insertion.inserted:
            draft = opened(uow, outcome_id)
            message = "Nothing was inserted: correct the values marked below."
            return form_answer(draft, stored, values, position, insertion.problems, message, refused_status)
    draft = insertion.draft
    index = draft.position_of(insertion.item_id)
    flash(f"Item {draft.outcome.items[index].number} added from the template \u201c{stored.name}\u201d.")
    for problem in insertion.problems:
        # Warnings only (errors insert nothing): a reference written in a form with one correction.
        flash(problem.message, str(problem.severity))
    return editor_at(outcome_id, index)


# ---------------------------------------------------------------- saving an item as a template


@blueprint.post("/items/<int:item_id>/save-as-template")
@requires(Action.EDIT)
def save_as_template(outcome_id: int, item_id: int):
    name = request.form.get("name", "")
    description = request.form.get("description", "")
    scope = SCOPES.get(request.form.get("scope", "personal"))
    asked_again = request.form.get("references_as_placeholders") == "yes"
    with unit_of_work() as uow:
        draft = opened(uow, outcome_id)
        index = draft.position_of(item_id)
        if index is None:
            abort(404)
        if scope is None:
            flash("The template was not saved: choose personal or for your team.", "error")
            return editor_at(outcome_id, index)
        try:
            templates_service.save_item_as_template(
                uow,
                outcome_id,
                item_id,
                name,
                description,
                scope,
                person(),
                references_as_placeholders=asked_again,
            )
        except services.NotFound:
            abort(404)
        except services.Refused as refused:
            flash(f"The template was not saved: {refused}.", "error")
            return editor_at(outcome_id, index)
        except templates_service.Invalid as invalid:
            said = "; ".join(problem.message for problem in invalid.problems)
            flash(f"The template was not saved: {said}.", "error")
            return editor_at(outcome_id, index)
    kept = "for your team" if scope == templates_service.TEAM else "as your personal template"
    flash(f"Item {draft.outcome.items[index].number} saved {kept} \u201c{name.strip()}\u201d.")
    return editor_at(outcome_id, index)
