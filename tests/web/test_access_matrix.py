"""Who may use which address: every route × every role × own team or another team, allowed or refused.

The table below names every endpoint of the application, what it does (the action its view must
declare) and how to make a request to it. A route added without a row here fails
`test_every_route_is_in_the_table`: whoever adds it must say who may use it.

What each role may do is written out here again, on purpose, rather than imported from
drafting.domain.access: the test states the rules, the code has to keep them.

"Allowed" means the gate let the request through to the view: not 401 or 403 and no redirect to
the sign-in page (the view may still answer 400, 404 or 409 to the minimal request made here).
"Refused" means 403 for someone signed in, and for nobody signed in a redirect to the sign-in page
(401 for htmx and for the API).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, update

from drafting import review, services
from drafting.io.json_format import loads
from drafting.persistence.tables import ChangeRow, OutcomeRow
from drafting.web import exports_folder, unit_of_work
from tests.conftest import api_client_for, make_person, sign_in

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
OWN, OTHER = "COSI", "CATS"  # the sample's body, and a body whose team is not the sample's
OPEN_TO_ALL = {"static", "auth.login"}

# ---------------------------------------------------------------- the rules, stated independently

MAY = {
    "drafter": {"READ", "EDIT", "COMMENT", "SUBMIT", "EXPORT", "FINALIZE", "CREATE"},
    "reviewer": {"READ", "COMMENT", "CLEAR", "EXPORT"},
    "admin": {
        "READ",
        "EDIT",
        "COMMENT",
        "SUBMIT",
        "CLEAR",
        "EXPORT",
        "FINALIZE",
        "REOPEN",
        "CREATE",
        "MANAGE_PEOPLE",
    },
}
# A final outcome is read-only: it can still be read, exported, reopened by an admin, and copied
# into a new draft (a copy leaves it as it is).
STILL_OPEN_WHEN_FINAL = {"READ", "EXPORT", "REOPEN", "MANAGE_PEOPLE", "CREATE"}
SIGNED_IN = None  # the action of routes about the person themself (signing out): anyone signed in


def expected(role: str, action: str | None, *, own_team: bool, final: bool, about_outcome: bool) -> bool:
    if action is SIGNED_IN:
        return True
    if action not in MAY[role]:
        return False
    if about_outcome and not own_team and role != "admin":  # an admin sees every body
        return False
    return not (about_outcome and final and action not in STILL_OPEN_WHEN_FINAL)


# ---------------------------------------------------------------- the routes


@dataclass(frozen=True)
class Sample:
    outcome: int
    item: int
    export: int
    comment: int
    change: int  # a change to the item, in the history


@dataclass(frozen=True)
class Route:
    action: str | None  # the Action's name the view declares; None: anyone signed in
    method: str
    url: Callable[[Sample], str]
    data: dict | None = None  # form fields (browser) or JSON (API)

    def about_outcome(self, sample: Sample) -> bool:
        return f"/outcomes/{sample.outcome}" in self.url(sample)


def at(template: str) -> Callable[[Sample], str]:
    return lambda s: template.format(o=s.outcome, i=s.item, n=s.export, c=s.comment, h=s.change)


ROUTES: dict[str, Route] = {
    # the list, new outcomes, imports
    "outcomes.index": Route("READ", "GET", at("/")),
    "outcomes.new": Route("CREATE", "GET", at("/outcomes/new")),
    "outcomes.import_form": Route("CREATE", "GET", at("/import")),
    "agenda.form": Route("CREATE", "GET", at("/outcomes/from-agenda")),
    "agenda.submit": Route("CREATE", "POST", at("/outcomes/from-agenda"), {"action": "preview"}),
    "outcomes.duplicate": Route("CREATE", "POST", at("/outcomes/{o}/duplicate")),
    "outcomes.copy_for_new_meeting": Route("CREATE", "POST", at("/outcomes/{o}/copy-for-new-meeting")),
    "outcomes.exports": Route("READ", "GET", at("/outcomes/{o}/exports")),
    "outcomes.download": Route("READ", "GET", at("/outcomes/{o}/exports/{n}")),
    # the editor
    "editor.edit": Route("READ", "GET", at("/outcomes/{o}")),
    "editor.header": Route("READ", "GET", at("/outcomes/{o}/header")),
    "editor.save_header": Route(
        "EDIT", "POST", at("/outcomes/{o}/header"), {"version": "1", "original_language": "en", "marking": ""}
    ),
    "editor.check_field": Route(
        "READ", "POST", at("/outcomes/{o}/check"), {"field": "subject", "subject": "x"}
    ),
    "editor.problems": Route("READ", "GET", at("/outcomes/{o}/problems")),
    "editor.preview": Route("READ", "GET", at("/outcomes/{o}/preview")),
    "editor.export": Route("EXPORT", "POST", at("/outcomes/{o}/export")),
    # the items
    "items.index": Route("READ", "GET", at("/outcomes/{o}/items")),
    "items.add": Route("EDIT", "POST", at("/outcomes/{o}/items"), {"order_version": "1"}),
    "items.view": Route("READ", "GET", at("/outcomes/{o}/items/{i}")),
    "items.edit": Route("EDIT", "GET", at("/outcomes/{o}/items/{i}/edit")),
    "items.save": Route("EDIT", "POST", at("/outcomes/{o}/items/{i}")),
    "items.delete": Route("EDIT", "POST", at("/outcomes/{o}/items/{i}/delete"), {"order_version": "1"}),
    "items.move": Route("EDIT", "POST", at("/outcomes/{o}/items/{i}/move"), {"order_version": "1"}),
    "items.sentence": Route("EDIT", "POST", at("/outcomes/{o}/items/decision-sentence"), {"block": "x"}),
    "item_templates.index": Route("EDIT", "GET", at("/outcomes/{o}/templates")),
    "item_templates.fill_form": Route("EDIT", "GET", at("/outcomes/{o}/templates/1")),
    "item_templates.fill": Route("EDIT", "POST", at("/outcomes/{o}/templates/1"), {"order_version": "1"}),
    "item_templates.save_as_template": Route(
        "EDIT", "POST", at("/outcomes/{o}/items/{i}/save-as-template"), {"name": "x", "scope": "personal"}
    ),
    # the library of templates and skeletons: no outcome in the address. Changes are asked of a
    # template or skeleton that does not exist (404 once through the gate): the shipped ones are
    # changed by nobody, which the view answers 403 (tests/web/test_template_library.py).
    "template_library.index": Route("READ", "GET", at("/templates")),
    "template_library.show": Route("READ", "GET", at("/templates/1")),
    "template_library.rename": Route("EDIT", "POST", at("/templates/999999/naming"), {"name": "x"}),
    "template_library.save_text": Route("EDIT", "POST", at("/templates/999999/text")),
    "template_library.confirm_delete": Route("EDIT", "GET", at("/templates/999999/delete")),
    "template_library.delete": Route("EDIT", "POST", at("/templates/999999/delete")),
    "template_library.copy": Route("EDIT", "POST", at("/templates/1/copy"), {"scope": "personal"}),
    "template_library.share": Route("EDIT", "POST", at("/templates/999999/share"), {"team": "COSI"}),
    "template_library.new_skeleton": Route("EDIT", "GET", at("/templates/skeletons/new")),
    "template_library.create_skeleton": Route("EDIT", "POST", at("/templates/skeletons"), {"name": "x"}),
    "template_library.skeleton": Route("READ", "GET", at("/templates/skeletons/1")),
    "template_library.save_skeleton": Route("EDIT", "POST", at("/templates/skeletons/999999"), {"name": "x"}),
    "template_library.confirm_delete_skeleton": Route(
        "EDIT", "GET", at("/templates/skeletons/999999/delete")
    ),
    "template_library.delete_skeleton": Route("EDIT", "POST", at("/templates/skeletons/999999/delete")),
    # history
    "history.outcome": Route("READ", "GET", at("/outcomes/{o}/history")),
    "history.outcome_diff": Route("READ", "GET", at("/outcomes/{o}/history/diff")),
    "history.outcome_restore": Route("EDIT", "POST", at("/outcomes/{o}/history/{h}/restore")),
    "history.item": Route("READ", "GET", at("/outcomes/{o}/items/{i}/history")),
    "history.item_diff": Route("READ", "GET", at("/outcomes/{o}/items/{i}/history/diff")),
    "history.item_restore": Route("EDIT", "POST", at("/outcomes/{o}/items/{i}/history/{h}/restore")),
    # the archive: search, and where an item's documents were discussed before
    "search.index": Route("READ", "GET", at("/search")),
    "search.discussed_before": Route("READ", "GET", at("/outcomes/{o}/items/{i}/discussed-before")),
    # who else is in the outcome, and who is editing which item
    "live.poll": Route("READ", "GET", at("/outcomes/{o}/live")),
    "live.heartbeat": Route("READ", "POST", at("/outcomes/{o}/presence")),
    "live.leave": Route("READ", "POST", at("/outcomes/{o}/leave")),
    "live.claim": Route("EDIT", "POST", at("/outcomes/{o}/items/{i}/claim")),
    # review: comments, the items' review status, final and reopened
    "review.thread": Route("READ", "GET", at("/outcomes/{o}/items/{i}/comments")),
    "review.comment": Route(
        "COMMENT", "POST", at("/outcomes/{o}/items/{i}/comments"), {"text": "A comment."}
    ),
    "review.resolve": Route("COMMENT", "POST", at("/outcomes/{o}/items/{i}/comments/{c}/resolve")),
    "review.reopen_thread": Route("COMMENT", "POST", at("/outcomes/{o}/items/{i}/comments/{c}/reopen")),
    # The gate lets commenters in; which move each role may make is the view's (see
    # test_the_review_moves_follow_the_roles). Moving to the status it has is a move anyone may ask.
    "review.set_review": Route(
        "COMMENT", "POST", at("/outcomes/{o}/items/{i}/review"), {"status": "drafting"}
    ),
    "review.final": Route("FINALIZE", "POST", at("/outcomes/{o}/final")),
    "review.reopen": Route("REOPEN", "POST", at("/outcomes/{o}/reopen"), {"reason": "A mistake in item 2."}),
    # signing out
    "auth.logout": Route(SIGNED_IN, "POST", at("/logout")),
    # the JSON API
    "api.outcomes": Route("READ", "GET", at("/api/outcomes")),
    "api.create": Route("CREATE", "POST", at("/api/outcomes"), {}),
    "api.outcome": Route("READ", "GET", at("/api/outcomes/{o}")),
    "api.header": Route("EDIT", "PUT", at("/api/outcomes/{o}/header"), {}),
    "api.item_change": Route("EDIT", "PUT", at("/api/outcomes/{o}/items/{i}"), {}),
    "api.header_read": Route("READ", "GET", at("/api/outcomes/{o}/header")),
    "api.order": Route("READ", "GET", at("/api/outcomes/{o}/order")),
    "api.item_read": Route("READ", "GET", at("/api/outcomes/{o}/items/{i}")),
    "api.item_add": Route("EDIT", "POST", at("/api/outcomes/{o}/items"), {}),
    "api.item_delete": Route("EDIT", "DELETE", at("/api/outcomes/{o}/items/{i}")),
    "api.item_move": Route("EDIT", "POST", at("/api/outcomes/{o}/items/{i}/move"), {}),
    "api.problems": Route("READ", "POST", at("/api/outcomes/{o}/check")),
    "api.export": Route("EXPORT", "POST", at("/api/outcomes/{o}/export")),
    "api.exports": Route("READ", "GET", at("/api/outcomes/{o}/exports")),
    "api.download": Route("READ", "GET", at("/api/outcomes/{o}/exports/{n}")),
}

# People: each role in the sample's team and in another team; the admin is in another team only,
# and still sees the sample (an admin sees every body).
PEOPLE = {
    ("drafter", True): ("drafter-own", OWN),
    ("drafter", False): ("drafter-other", OTHER),
    ("reviewer", True): ("reviewer-own", OWN),
    ("reviewer", False): ("reviewer-other", OTHER),
    ("admin", False): ("admin-other", OTHER),
}
HTMX = {"HX-Request": "true"}
ANY = Sample(outcome=1, item=2, export=3, comment=4, change=5)  # for the routes' shapes alone


# ---------------------------------------------------------------- the table covers every route


def test_every_route_is_in_the_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - OPEN_TO_ALL
    missing = sorted(endpoints - set(ROUTES))
    assert not missing, f"say who may use these routes (add them to ROUTES): {missing}"
    gone = sorted(set(ROUTES) - endpoints)
    assert not gone, f"these routes no longer exist: {gone}"


def test_every_view_declares_the_action_the_table_expects(app):
    declared = {}
    for endpoint in ROUTES:
        view = app.view_functions.get(endpoint)
        assert view is not None and hasattr(view, "required_action"), f"{endpoint} declares nothing"
        declared[endpoint] = view.required_action.name if view.required_action is not None else None
    assert declared == {endpoint: route.action for endpoint, route in ROUTES.items()}


def test_every_table_request_reaches_its_endpoint(app):
    """The recipes name the route they are meant for (method and URL), not a neighbour."""
    sample = ANY
    adapter = app.url_map.bind("localhost")
    for endpoint, route in ROUTES.items():
        found, _ = adapter.match(route.url(sample), method=route.method)
        assert found == endpoint


# ---------------------------------------------------------------- the matrix


@pytest.fixture
def sample(app) -> Sample:
    with app.app_context(), unit_of_work(reading=False) as uow:
        outcome_id = services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))
        record, _ = services.export_outcome(uow, outcome_id, exports_folder())
        draft = services.open_draft(uow, outcome_id)
        item_id = draft.item_ids[0]
        services.update_item(uow, outcome_id, item_id, 1, draft.outcome.items[0], by=None)
        comment = review.add_comment(uow, outcome_id, item_id, "Is this right?", None)
        change_id = uow.session.scalars(
            select(ChangeRow.id).where(ChangeRow.outcome_id == outcome_id, ChangeRow.item_id == item_id)
        ).first()
    for (role, _own), (name, body) in PEOPLE.items():
        make_person(app, name, role, (body,))
    return Sample(outcome_id, item_id, record.number, comment.comment.id, change_id)


def csrf_of(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf[-_]token"[^>]*(?:content|value)="([^"]+)"', page)
    assert found, f"{path} hands out no CSRF token"
    return found.group(1)


def browser_for(app, name: str):
    browser = app.test_client()
    sign_in(app, browser, name)
    return browser, csrf_of(browser, "/")


def ask(app, name: str | None, route: Route, sample: Sample, htmx: bool = False):
    """The route's request, as `name` would make it (None: nobody signed in)."""
    return asking(app, name, route, sample, htmx)[1]


def asking(app, name: str | None, route: Route, sample: Sample, htmx: bool = False):
    """The client that made the route's request as `name` would (None: nobody signed in), and the answer."""
    url = route.url(sample)
    if url.startswith("/api/"):
        client = api_client_for(app, name) if name else app.test_client(use_cookies=False)
        return client, client.open(url, method=route.method, json=route.data)
    if name is None:
        client = app.test_client()
        token = csrf_of(client, "/login")
    else:
        client, token = browser_for(app, name)
    headers = {"X-CSRFToken": token, **(HTMX if htmx else {})}
    data = route.data if route.method == "GET" else {"csrf_token": token, **(route.data or {})}
    return client, client.open(url, method=route.method, data=data, headers=headers)


def outcome_of(response, client, route: Route) -> str:
    """What the gate made of a request: allowed, refused, or sent to sign in."""
    if route.action is SIGNED_IN and response.status_code == 303:
        # Signing out also ends at the sign-in page: it went through when the page says so and
        # the session is gone.
        said = "You are signed out." in client.get("/login").get_data(as_text=True)
        return "allowed" if said and client.get("/").status_code == 303 else "sign in"
    if response.status_code == 403:
        return "refused"
    if response.status_code == 401 or "/login" in response.headers.get("Location", ""):
        return "sign in"
    assert response.status_code < 500, response.get_data(as_text=True)[:500]
    return "allowed"


def set_status(app, outcome_id: int, status: str) -> None:
    """Straight into the table: the matrix tests the gate, not the way to make an outcome final."""
    with app.app_context(), unit_of_work(reading=False) as uow:
        uow.session.execute(update(OutcomeRow).where(OutcomeRow.id == outcome_id).values(status=status))
        uow.commit()


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_who_may_use_the_route(app, sample, endpoint):
    route = ROUTES[endpoint]
    about_outcome = route.about_outcome(sample)
    wrong = []

    def compare(name: str | None, role: str | None, own: bool, final: bool, htmx: bool = False) -> None:
        # Set before each request: one allowed before it may have marked the outcome final or reopened it.
        set_status(app, sample.outcome, "final" if final else "draft")
        client, response = asking(app, name, route, sample, htmx)
        got = outcome_of(response, client, route)
        response.close()  # a download's file stays open until its answer is closed
        if role is None:
            want = "sign in"
        else:
            allow = expected(role, route.action, own_team=own, final=final, about_outcome=about_outcome)
            want = "allowed" if allow else "refused"
        if got != want:
            team = "own team" if own else "other team"
            wrong.append(
                f"{name or 'nobody'} ({team}{', final' if final else ''}): expected {want}, "
                f"got {response.status_code} {response.headers.get('Location', '')}"
            )

    for (role, own), (name, _body) in PEOPLE.items():
        compare(name, role, own, final=False)
    compare(None, None, False, final=False)
    if about_outcome:
        for (role, own), (name, _body) in PEOPLE.items():
            compare(name, role, own, final=True)
    assert not wrong, f"{endpoint}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    "endpoint", sorted(e for e, r in ROUTES.items() if not r.url(ANY).startswith("/api/"))
)
def test_nobody_signed_in_is_sent_to_sign_in_and_htmx_is_told_so(app, sample, endpoint):
    route = ROUTES[endpoint]
    plain = ask(app, None, route, sample)
    assert plain.status_code == 303 and plain.headers["Location"].startswith("/login")
    swap = ask(app, None, route, sample, htmx=True)
    assert swap.status_code == 401 and swap.headers["HX-Redirect"].startswith("/login")


@pytest.mark.parametrize("endpoint", sorted(e for e, r in ROUTES.items() if r.url(ANY).startswith("/api/")))
def test_the_api_without_a_token_answers_401(app, sample, endpoint):
    response = ask(app, None, ROUTES[endpoint], sample)
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    assert response.get_json()["error"] == "Unauthorized"


# ---------------------------------------------------------------- moves of review, by role


def review_of(app, sample: Sample) -> str:
    with app.app_context(), unit_of_work(reading=True) as uow:
        draft = services.open_draft(uow, sample.outcome)
    return draft.item_reviews[draft.item_ids.index(sample.item)]


def test_the_review_moves_follow_the_roles(app, sample):
    """A drafter submits an item and a reviewer clears it, never the other way round; nobody
    outside the team does either."""
    url = f"/outcomes/{sample.outcome}/items/{sample.item}/review"

    def move(name: str, status: str) -> int:
        browser, token = browser_for(app, name)
        return browser.post(url, data={"csrf_token": token, "status": status}).status_code

    assert move("reviewer-own", "ready") == 403 and review_of(app, sample) == "drafting"
    assert move("drafter-other", "ready") == 403 and review_of(app, sample) == "drafting"
    assert move("drafter-own", "ready") == 303 and review_of(app, sample) == "ready"
    assert move("drafter-own", "cleared") == 403 and review_of(app, sample) == "ready"
    assert move("reviewer-other", "cleared") == 403 and review_of(app, sample) == "ready"
    assert move("reviewer-own", "cleared") == 303 and review_of(app, sample) == "cleared"
    assert move("drafter-own", "drafting") == 403 and review_of(app, sample) == "cleared"
    set_status(app, sample.outcome, "final")
    assert move("reviewer-own", "drafting") == 403 and review_of(app, sample) == "cleared"
    set_status(app, sample.outcome, "draft")
    assert move("reviewer-own", "drafting") == 303 and review_of(app, sample) == "drafting"
