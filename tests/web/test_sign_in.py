"""Signing in and out, the limit on failed attempts, the session cookie, tokens for scripts, and the
teams: a person sees and makes only the outcomes of their own teams."""

from __future__ import annotations

import json
import re
import stat
from pathlib import Path

import pytest

from drafting import accounts, services
from drafting.io.json_format import loads
from drafting.persistence.tables import OutcomeRow
from drafting.web import create_app, unit_of_work
from tests.conftest import PASSWORD, api_client_for, make_person, sign_in

SAMPLE = Path(__file__).resolve().parents[2] / "drafting" / "samples" / "15754-17.json"
CATS_SUBJECT = "Coordinating Committee in the area of police and judicial cooperation (CATS)"


def csrf_of(client, path: str = "/login") -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf[-_]token"[^>]*(?:content|value)="([^"]+)"', page)
    assert found, f"{path} hands out no CSRF token"
    return found.group(1)


def log_in(client, name: str, password: str = PASSWORD, next_page: str = ""):
    token = csrf_of(client)
    return client.post(
        "/login", data={"csrf_token": token, "name": name, "password": password, "next": next_page}
    )


def signed_in(client) -> bool:
    answer = client.get("/")
    assert answer.status_code in (200, 303)
    return answer.status_code == 200


@pytest.fixture
def drafter(app) -> str:
    make_person(app, "drafter", "drafter", ("COSI",))
    return "drafter"


def sample(body: str = "COSI", number: str = "15754/17") -> object:
    outcome = loads(SAMPLE.read_text(encoding="utf-8"))
    outcome.document_number = number
    if body != "COSI":
        outcome.subject = CATS_SUBJECT
        outcome.subject_codes = [code for code in outcome.subject_codes if code.code != "COSI"]
    return outcome


def add_outcome(app, body: str = "COSI", number: str = "15754/17") -> int:
    with app.app_context(), unit_of_work(reading=False) as uow:
        return services.create_outcome(uow, sample(body, number), by=None)


def outcome_count(app) -> int:
    with app.app_context(), unit_of_work(reading=True) as uow:
        return len(uow.session.query(OutcomeRow).all())


# ---------------------------------------------------------------- the sign-in page


def test_the_sign_in_page_signs_in_and_goes_to_the_list(anonymous, drafter):
    page = anonymous.get("/login")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert 'name="name"' in text and 'name="password"' in text and 'type="password"' in text
    assert not signed_in(anonymous)
    answer = log_in(anonymous, drafter)
    assert answer.status_code == 303 and answer.headers["Location"] == "/"
    assert signed_in(anonymous)


def test_a_wrong_password_is_refused_and_the_form_keeps_the_name(anonymous, drafter):
    answer = log_in(anonymous, drafter, "not the password")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 401
    assert "The name or the password is not right." in text
    assert re.search(r'name="name"[^>]*value="drafter"', text) or re.search(
        r'value="drafter"[^>]*name="name"', text
    )
    assert "not the password" not in text  # a password is never sent back
    assert not signed_in(anonymous)


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(anonymous, drafter):
    answer = log_in(anonymous, "nobody-here", PASSWORD)
    assert answer.status_code == 401
    assert "The name or the password is not right." in answer.get_data(as_text=True)


def test_a_sign_in_without_its_csrf_token_is_refused(anonymous, drafter):
    answer = anonymous.post("/login", data={"name": drafter, "password": PASSWORD})
    assert answer.status_code == 400
    assert not signed_in(anonymous)


def test_five_failures_for_a_name_stop_even_the_right_password(anonymous, drafter):
    for _ in range(accounts.FAILURES_PER_NAME):
        assert log_in(anonymous, drafter, "not the password").status_code == 401
    refused = log_in(anonymous, drafter)
    assert refused.status_code == 429
    assert "Too many failed attempts" in refused.get_data(as_text=True)
    assert not signed_in(anonymous)
    # Another name is not held back by this one's failures.
    make_person(anonymous.application, "reviewer", "reviewer", ("COSI",))
    assert log_in(anonymous, "reviewer").status_code == 303


def test_the_failures_are_counted_across_server_processes(app, drafter):
    """Two application instances on one database (two server processes) share the count."""
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": app.config["SECRET_KEY"],
            "DATABASE_URL": app.config["DATABASE_URL"],
            "EXPORTS_FOLDER": app.config["EXPORTS_FOLDER"],
        }
    )
    try:
        first, second = app.test_client(), other.test_client()
        for _ in range(3):
            assert log_in(first, drafter, "not the password").status_code == 401
        for _ in range(2):
            assert log_in(second, drafter, "not the password").status_code == 401
        assert log_in(first, drafter).status_code == 429
        assert log_in(second, drafter).status_code == 429
    finally:
        other.extensions["drafting.engine"].dispose()


def test_many_failures_from_one_address_stop_it_whatever_the_name(app, anonymous):
    names = [f"person-{n}" for n in range(accounts.FAILURES_PER_ADDRESS // 4 + 1)]
    for name in names:
        make_person(app, name, "drafter", ("COSI",))
    for name in names[:-1]:
        for _ in range(4):  # below the limit for each name
            assert log_in(anonymous, name, "not the password").status_code == 401
    assert log_in(anonymous, names[-1]).status_code == 429


# ---------------------------------------------------------------- the session


def test_the_session_cookie_is_http_only_and_same_site(anonymous, drafter):
    answer = log_in(anonymous, drafter)
    assert answer.status_code == 303
    [cookie] = [c for c in answer.headers.getlist("Set-Cookie") if c.startswith("session=")]
    attributes = {part.strip().split("=")[0].lower(): part.strip() for part in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"


@pytest.mark.parametrize(
    ("asked", "sent_to"),
    [
        ("/outcomes/new", "/outcomes/new"),
        ("/?body=COSI", "/?body=COSI"),
        ("//evil.example", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\t/evil.example", "/"),
        ("/\n/evil.example", "/"),
        ("", "/"),
    ],
)
def test_after_signing_in_the_next_page_is_only_ever_on_this_site(anonymous, drafter, asked, sent_to):
    answer = log_in(anonymous, drafter, next_page=asked)
    assert answer.status_code == 303 and answer.headers["Location"] == sent_to


def test_a_page_asked_for_before_signing_in_is_where_the_sign_in_leads(anonymous, drafter):
    sent = anonymous.get("/outcomes/new")
    assert sent.status_code == 303 and sent.headers["Location"].startswith("/login?next=")
    form = anonymous.get(sent.headers["Location"]).get_data(as_text=True)
    kept = re.search(r'name="next"[^>]*value="([^"]*)"|value="([^"]*)"[^>]*name="next"', form)
    assert kept and "/outcomes/new" in (kept.group(1) or kept.group(2))
    assert log_in(anonymous, drafter, next_page="/outcomes/new").headers["Location"] == "/outcomes/new"


def test_signing_out_takes_a_post_with_its_csrf_token_and_ends_the_session(anonymous, drafter):
    log_in(anonymous, drafter)
    assert anonymous.get("/logout").status_code == 405
    assert anonymous.post("/logout").status_code == 400  # no CSRF token: a link elsewhere cannot sign out
    assert signed_in(anonymous)
    token = csrf_of(anonymous, "/")
    answer = anonymous.post("/logout", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["Location"] == "/login"
    assert not signed_in(anonymous)


def test_a_password_reset_ends_every_session_of_the_account(app, anonymous, drafter):
    log_in(anonymous, drafter)
    elsewhere = app.test_client()
    sign_in(app, elsewhere, drafter)
    assert signed_in(anonymous) and signed_in(elsewhere)
    with app.app_context(), unit_of_work(reading=False) as uow:
        accounts.set_password(uow, drafter, "a brand new password")
    assert not signed_in(anonymous) and not signed_in(elsewhere)
    assert log_in(anonymous, drafter).status_code == 401  # the old password
    assert log_in(anonymous, drafter, "a brand new password").status_code == 303


def test_someone_deactivated_can_neither_sign_in_nor_use_a_session_or_token(app, anonymous, drafter):
    log_in(anonymous, drafter)
    script = api_client_for(app, drafter)
    assert script.get("/api/outcomes").status_code == 200
    with app.app_context(), unit_of_work(reading=False) as uow:
        accounts.set_active(uow, drafter, False)
    assert not signed_in(anonymous)
    assert script.get("/api/outcomes").status_code == 401
    assert log_in(anonymous, drafter).status_code == 401
    with app.app_context(), unit_of_work(reading=False) as uow:
        accounts.set_active(uow, drafter, True)
    assert script.get("/api/outcomes").status_code == 200


def test_the_secret_key_is_made_once_in_the_instance_folder_readable_by_its_owner(tmp_path, monkeypatch):
    from drafting.web import secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    instance = tmp_path / "instance"
    made = secret_key(instance)
    kept = instance / "secret_key"
    assert len(made) >= 32 and kept.read_text().strip() == made
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert secret_key(instance) == made  # kept: sessions outlive a restart
    assert secret_key(tmp_path / "elsewhere") != made  # made at random, not written in the code


def test_the_secret_key_from_the_environment_wins_and_nothing_is_written(tmp_path, monkeypatch):
    from drafting.web import secret_key

    monkeypatch.setenv("SECRET_KEY", "from the environment")
    assert secret_key(tmp_path / "instance") == "from the environment"
    assert not (tmp_path / "instance").exists()


def test_the_application_takes_its_secret_key_from_the_environment(database_url, tmp_path, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    made = create_app({"TESTING": True, "DATABASE_URL": database_url, "EXPORTS_FOLDER": str(tmp_path)})
    try:
        assert made.config["SECRET_KEY"] == "from the environment"
    finally:
        made.extensions["drafting.engine"].dispose()


# ---------------------------------------------------------------- the API's tokens


def test_the_api_without_a_token_says_how_to_send_one(app):
    answer = app.test_client(use_cookies=False).get("/api/outcomes")
    assert answer.status_code == 401
    assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in answer.get_json()["message"]


@pytest.mark.parametrize(
    "authorization",
    [
        "Bearer dra_not-a-token-anyone-has",
        "Bearer ",
        "Bearer not-even-the-prefix",
        "Basic ZHJhZnRlcjp4",
        "dra_x",
    ],
)
def test_the_api_refuses_a_wrong_token(app, drafter, authorization):
    api_client_for(app, drafter)  # a real token exists, and is not the one sent
    answer = app.test_client(use_cookies=False).get("/api/outcomes", headers={"Authorization": authorization})
    assert answer.status_code == 401 and answer.get_json()["error"] == "Unauthorized"


def test_the_api_ignores_the_browser_session(app, anonymous, drafter):
    """A page's cookie is not a script's credential (the API takes no CSRF token)."""
    log_in(anonymous, drafter)
    assert signed_in(anonymous)
    assert anonymous.get("/api/outcomes").status_code == 401
    before = outcome_count(app)
    created = anonymous.post("/api/outcomes", json=json.loads(SAMPLE.read_text(encoding="utf-8")))
    assert created.status_code == 401 and outcome_count(app) == before


# ---------------------------------------------------------------- teams


def test_the_list_shows_only_the_outcomes_of_ones_teams(app, drafter):
    add_outcome(app, "COSI", "15754/17")
    add_outcome(app, "CATS", "9999/17")
    browser = app.test_client()
    sign_in(app, browser, drafter)
    page = browser.get("/").get_data(as_text=True)
    assert "15754/17" in page and "9999/17" not in page
    listed = api_client_for(app, drafter).get("/api/outcomes").get_json()["outcomes"]
    assert [(o["document_number"], o["body"]) for o in listed] == [("15754/17", "COSI")]
    # An admin sees every body.
    make_person(app, "admin", "admin", ())
    everything = api_client_for(app, "admin").get("/api/outcomes").get_json()["outcomes"]
    assert sorted(o["body"] for o in everything) == ["CATS", "COSI"]


def test_the_filter_offers_only_ones_own_bodies(app, drafter):
    add_outcome(app, "COSI", "15754/17")
    add_outcome(app, "CATS", "9999/17")
    browser = app.test_client()
    sign_in(app, browser, drafter)
    page = browser.get("/").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="COSI"', page)
    assert not re.search(r'<option[^>]*value="CATS"', page)
    # Asking for the other body by hand shows nothing of it.
    assert "9999/17" not in browser.get("/?body=CATS").get_data(as_text=True)


def test_a_drafter_cannot_create_an_outcome_of_another_team_in_the_browser(app, drafter):
    browser = app.test_client()
    sign_in(app, browser, drafter)
    form = {
        "csrf_token": csrf_of(browser, "/outcomes/new"),
        "document_number": "9999/17",
        "subject": CATS_SUBJECT,
        "meeting_date": "2017-11-21",
        "issue_date": "2017-12-19",
        "subject_codes": "CATS 12, JAI 1207",
    }
    refused = browser.post("/outcomes/new", data=form)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 403
    assert "Not created" in text and "CATS" in text and "your teams only (COSI)" in text
    assert "9999/17" in text  # what was typed stays in the form
    assert outcome_count(app) == 0
    form["subject"] = "Standing Committee on Operational Cooperation on Internal Security (COSI)"
    form["subject_codes"] = "COSI 334"
    assert browser.post("/outcomes/new", data=form).status_code == 303
    assert outcome_count(app) == 1


def test_a_drafter_cannot_create_an_outcome_of_another_team_through_the_api(app, drafter):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    data["subject"] = CATS_SUBJECT
    data["subject_codes"] = [code for code in data["subject_codes"] if code["code"] != "COSI"]
    refused = api_client_for(app, drafter).post("/api/outcomes", json=data)
    assert refused.status_code == 403
    assert "CATS" in refused.get_json()["message"]
    assert outcome_count(app) == 0


def test_a_drafter_cannot_move_an_outcome_to_another_team_by_its_header(app, drafter):
    outcome_id = add_outcome(app, "COSI")
    script = api_client_for(app, drafter)
    current = script.get(f"/api/outcomes/{outcome_id}/header")
    header = dict(current.get_json()["outcome"], subject=CATS_SUBJECT)
    header["subject_codes"] = [c for c in header["subject_codes"] if c["code"] != "COSI"]
    refused = script.put(
        f"/api/outcomes/{outcome_id}/header",
        json={"outcome": header},
        headers={"If-Match": current.headers["ETag"]},
    )
    assert refused.status_code == 403, refused.get_data(as_text=True)
    assert "CATS" in refused.get_json()["message"]
    with app.app_context(), unit_of_work(reading=True) as uow:
        assert uow.session.get(OutcomeRow, outcome_id).body == "COSI"


def test_sign_in_attempts_older_than_they_are_kept_are_forgotten_at_the_next_sign_in(app, anonymous):
    from datetime import UTC, datetime

    from sqlalchemy import func, select

    from drafting import accounts
    from drafting.persistence.tables import LoginAttemptRow
    from drafting.web import unit_of_work

    make_person(app, "anna", "drafter", ("COSI",))
    old = datetime.now(UTC) - accounts.KEPT - accounts.WINDOW
    with app.app_context(), unit_of_work(reading=False) as uow:
        uow.session.add(LoginAttemptRow(name="anna", address="10.0.0.1", succeeded=False, at=old))
        uow.commit()
    with app.app_context(), unit_of_work(reading=False) as uow:
        assert accounts.sign_in(uow, "anna", PASSWORD, "127.0.0.1") is not None
    with app.app_context(), unit_of_work(reading=True) as uow:
        kept = uow.session.scalar(select(func.count()).select_from(LoginAttemptRow))
    assert kept == 1  # the sign-in just made; the old failure is gone


def test_a_name_with_a_control_character_is_a_wrong_name_not_a_crash(anonymous, drafter):
    answer = log_in(anonymous, "draf\x00ter", "not the password")
    assert answer.status_code == 401
    assert "The name or the password is not right." in answer.get_data(as_text=True)
