"""Every request is someone's, and asks leave first: the one gate in front of every route.

Each view declares what it does with `@requires(Action…)`; before any view runs, `check_request`
finds who is asking (the browser session, or a bearer token on the JSON API), reads the body and
status of the outcome the URL names, and asks drafting.domain.access whether that is allowed. A
view that declares nothing is refused to everyone: a route forgotten here is closed, not open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Flask, abort, current_app, g, jsonify, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from drafting import accounts
from drafting.domain.access import Action, Person, Role, allowed
from drafting.persistence.tables import OutcomeRow

View = TypeVar("View", bound=Callable)
# Reached by anyone: the sign-in page and the files every page loads.
OPEN_ENDPOINTS = frozenset({"static", "auth.login"})
LARGEST_ID = 2**31 - 1


def requires(action: Action) -> Callable[[View], View]:
    def declare(view: View) -> View:
        view.required_action = action
        return view

    return declare


def signed_in(view: View) -> View:
    """For routes about the person themself (signing out): anyone signed in."""
    view.required_action = None
    return view


def person() -> Person:
    """Who is asking (set by the gate before the view runs)."""
    return g.person


def visible_bodies() -> frozenset[str] | None:
    """The bodies whose outcomes the person asking may see; None: every body (an admin)."""
    who = person()
    return None if who.role is Role.ADMIN else who.teams


def check_request():
    endpoint = request.endpoint
    if endpoint is None or endpoint in OPEN_ENDPOINTS:
        return None  # nothing there (404), or open to all
    from drafting.web import unit_of_work

    # One reading session for the whole gate: who is asking and the outcome's facts. Every request
    # passes here, and a session of its own for each question cost a third of a live check.
    with unit_of_work(reading=True) as uow:
        g.gate_reading = uow
        try:
            return decide(endpoint, uow)
        finally:
            del g.gate_reading


def gate_reading():
    """The gate's reading unit of work while the gate runs (the sign-in loader reads in it); else None."""
    return g.get("gate_reading")


def decide(endpoint: str, uow):
    who = api_person(uow) if endpoint.startswith("api.") else browser_person()
    if who is None:
        return not_signed_in(endpoint.startswith("api."))
    g.person = who
    view = current_app.view_functions[endpoint]
    if not hasattr(view, "required_action"):
        return refuse("this address is not open to anyone")
    action = view.required_action
    if action is None:
        return None
    outcome_id = (request.view_args or {}).get("outcome_id")
    if outcome_id is None:
        decision = allowed(who, action)
    else:
        found = outcome_facts(uow, outcome_id)
        if found is None:
            abort(404)
        g.outcome_facts = found
        body, status = found
        decision = allowed(who, action, body, final=status == "final")
    if not decision:
        return refuse(decision.reason)
    return None


def asked_outcome() -> tuple[str, str] | None:
    """The body and status of the outcome the URL names, as the gate read them before the view."""
    return g.get("outcome_facts")


def outcome_facts(uow, outcome_id: int) -> tuple[str, str] | None:
    if outcome_id > LARGEST_ID:
        return None
    row = uow.session.execute(
        select(OutcomeRow.body, OutcomeRow.status).where(OutcomeRow.id == outcome_id)
    ).first()
    return (row.body, row.status) if row is not None else None


def api_person(uow) -> Person | None:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return accounts.person_for_token(uow, token.strip())


def browser_person() -> Person | None:
    return current_user.person if current_user.is_authenticated else None


def not_signed_in(api: bool):
    if api:
        response = jsonify(
            error="Unauthorized",
            message="Send a personal API token: Authorization: Bearer TOKEN "
            "(flask --app app users token NAME prints one).",
        )
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="drafting"'
        return response
    target = url_for("auth.login", next=request.full_path.rstrip("?") if request.method == "GET" else None)
    if request.headers.get("HX-Request"):
        # htmx follows no redirect into a fragment: it is told to load the sign-in page instead.
        return "", 401, {"HX-Redirect": target}
    return redirect(target, 303)


def refuse(reason: str):
    from drafting.web.responses import wants_json

    message = f"Not allowed: {reason}."
    if wants_json():
        return jsonify(error="Forbidden", message=message), 403
    if request.headers.get("HX-Request"):
        # Shown in the page's alert area (drafting/web/static/drafting.js), the page left as it is.
        return render_template("partials/refused.html", message=message), 403
    return render_template("pages/error.html", title="Not allowed", message=message), 403


def install(app: Flask) -> None:
    app.before_request(check_request)
