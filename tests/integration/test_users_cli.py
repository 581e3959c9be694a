"""`flask --app app users …` and `demo-users`: the fixed contract of the accounts' command line."""

from __future__ import annotations

import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from drafting.web import unit_of_work

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def run(app, tmp_path):
    """The command line of this app, its instance folder a temporary one."""
    app.instance_path = str(tmp_path / "instance")
    runner = app.test_cli_runner()

    def invoke(*args: str):
        return runner.invoke(args=list(args))

    return invoke


def who(app, name: str):
    from drafting.accounts import person_of

    with app.app_context(), unit_of_work(reading=True) as uow:
        row = uow.people.by_name(name)
        return (person_of(row), row.active) if row is not None else (None, None)


def signs_in(app, name: str, password: str) -> bool:
    browser = app.test_client()
    page = browser.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answer = browser.post("/login", data={"csrf_token": token, "name": name, "password": password})
    assert answer.status_code in (303, 401), answer.status_code
    return answer.status_code == 303


def test_create_with_a_password_makes_the_account(app, run):
    done = run(
        "users", "create", "Anna", "--role", "drafter", "--team", "COSI", "--password", "long enough pw"
    )
    assert done.exit_code == 0, done.output
    assert done.output.strip() == "created anna (drafter, COSI)"  # names are kept in lower case
    assert "long enough pw" not in done.output
    person, active = who(app, "anna")
    assert person.role.value == "drafter" and person.teams == {"COSI"} and active
    assert signs_in(app, "anna", "long enough pw")


def test_create_without_a_password_prints_the_one_it_made(app, run):
    done = run("users", "create", "bert", "--role", "reviewer", "--team", "COSI", "--team", "CATS")
    assert done.exit_code == 0, done.output
    made = re.search(r"^password: (\S+)$", done.output, re.M)
    assert made and len(made.group(1)) >= 10
    assert who(app, "bert")[0].teams == {"COSI", "CATS"}
    assert signs_in(app, "bert", made.group(1))


def test_a_team_named_twice_is_one_membership(app, run):
    done = run("users", "create", "carl", "--role", "drafter", "--team", "COSI", "--team", "COSI")
    assert done.exit_code == 0, done.output
    assert who(app, "carl")[0].teams == {"COSI"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--password", "short"], "at least 10 characters"),
        (["--team", "not a body!"], "is not the name of a body"),
    ],
)
def test_create_refuses_bad_input_with_a_message_and_exit_1(app, run, args, message):
    base = {"--role": "drafter", "--team": "COSI"}
    for option, value in zip(args[::2], args[1::2], strict=True):
        base[option] = value
    done = run("users", "create", "dora", *[part for pair in base.items() for part in pair])
    assert done.exit_code == 1 and message in done.output
    assert who(app, "dora") == (None, None)


def test_a_name_taken_already_exits_1_with_a_message(app, run):
    assert run("users", "create", "erik", "--role", "drafter", "--team", "COSI").exit_code == 0
    again = run("users", "create", "ERIK", "--role", "admin", "--team", "CATS")
    assert again.exit_code == 1
    assert "there is already someone called erik" in again.output
    assert who(app, "erik")[0].role.value == "drafter"


def test_a_role_not_known_is_a_usage_error(app, run):
    done = run("users", "create", "fred", "--role", "boss", "--team", "COSI")
    assert done.exit_code == 2 and "boss" in done.output
    assert who(app, "fred") == (None, None)
    assert run("users", "create", "fred", "--team", "COSI").exit_code == 2  # the role is required


def test_the_token_printed_works_on_the_api(app, run):
    run("users", "create", "gina", "--role", "reviewer", "--team", "COSI")
    done = run("users", "token", "gina")
    assert done.exit_code == 0
    token = done.output.strip()
    assert token.startswith("dra_") and "\n" not in token
    script = app.test_client(use_cookies=False)
    answer = script.get("/api/outcomes", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.get_json() == {"outcomes": []}
    assert run("users", "token", "nobody").exit_code == 1


def test_revoked_tokens_stop_working_and_a_password_reset_leaves_them_working(app, run):
    run("users", "create", "gwen", "--role", "drafter", "--team", "COSI")
    token = run("users", "token", "gwen").output.strip()
    script = app.test_client(use_cookies=False)
    headers = {"Authorization": f"Bearer {token}"}
    run("users", "password", "gwen")
    assert script.get("/api/outcomes", headers=headers).status_code == 200
    done = run("users", "revoke-tokens", "gwen")
    assert done.exit_code == 0 and done.output.strip() == "1 token of gwen revoked"
    assert script.get("/api/outcomes", headers=headers).status_code == 401
    assert run("users", "revoke-tokens", "nobody").exit_code == 1


def test_the_role_changes(app, run):
    run("users", "create", "hans", "--role", "reviewer", "--team", "COSI")
    done = run("users", "role", "hans", "drafter")
    assert done.exit_code == 0 and done.output.strip() == "hans is now drafter"
    assert who(app, "hans")[0].role.value == "drafter"
    assert run("users", "role", "hans", "boss").exit_code == 2
    missing = run("users", "role", "nobody", "admin")
    assert missing.exit_code == 1 and "there is nobody called nobody" in missing.output


def test_a_new_password_replaces_the_old_one(app, run):
    run("users", "create", "ines", "--role", "drafter", "--team", "COSI", "--password", "the first password")
    given = run("users", "password", "ines", "--password", "the second password")
    assert given.exit_code == 0 and "the second password" not in given.output
    assert not signs_in(app, "ines", "the first password")
    assert signs_in(app, "ines", "the second password")
    made = run("users", "password", "ines")
    assert made.exit_code == 0
    new = made.output.strip().rsplit(": ", 1)[1]
    assert signs_in(app, "ines", new) and not signs_in(app, "ines", "the second password")
    assert run("users", "password", "ines", "--password", "short").exit_code == 1


def test_teams_are_joined_and_left(app, run):
    run("users", "create", "jan", "--role", "drafter", "--team", "COSI")
    joined = run("users", "teams", "jan", "--add", "CATS", "--add", "SCIFA")
    assert joined.exit_code == 0 and joined.output.strip() == "jan: CATS, COSI, SCIFA"
    left = run("users", "teams", "jan", "--remove", "COSI")
    assert left.exit_code == 0 and left.output.strip() == "jan: CATS, SCIFA"
    assert who(app, "jan")[0].teams == {"CATS", "SCIFA"}
    not_in = run("users", "teams", "jan", "--remove", "COSI")
    assert not_in.exit_code == 1 and "not in the team of COSI" in not_in.output
    assert run("users", "teams", "jan", "--add", "CATS").output.strip() == "jan: CATS, SCIFA"
    twice = run("users", "teams", "jan", "--add", "EUCO", "--add", "EUCO")
    assert twice.exit_code == 0 and twice.output.strip() == "jan: CATS, EUCO, SCIFA"
    assert run("users", "teams", "jan", "--remove", "EUCO").exit_code == 0
    both = run("users", "teams", "jan", "--add", "COSI", "--remove", "COSI")
    assert both.exit_code == 1 and who(app, "jan")[0].teams == {"CATS", "SCIFA"}


def test_deactivated_people_stay_listed_and_can_be_activated_again(app, run):
    run("users", "create", "kim", "--role", "drafter", "--team", "COSI", "--password", "kims password")
    run("users", "create", "lea", "--role", "admin", "--team", "CATS")
    done = run("users", "deactivate", "kim")
    assert done.exit_code == 0 and who(app, "kim")[1] is False
    assert not signs_in(app, "kim", "kims password")
    listing = run("users", "list")
    assert listing.exit_code == 0
    assert listing.output.splitlines() == ["kim\tdrafter\tCOSI  (deactivated)", "lea\tadmin\tCATS"]
    assert run("users", "activate", "kim").exit_code == 0
    assert who(app, "kim")[1] is True and signs_in(app, "kim", "kims password")
    assert run("users", "deactivate", "nobody").exit_code == 1


def passwords_in(output: str) -> dict[str, str]:
    return dict(re.findall(r"^(\w+) \([^)]*\): password (\S+)$", output, re.M))


def test_demo_users_are_made_once_and_printed_the_same_every_time(app, run):
    first = run("demo-users")
    assert first.exit_code == 0, first.output
    made = passwords_in(first.output)
    assert set(made) == {"drafter", "reviewer", "admin"}
    assert "drafter (drafter, COSI)" in first.output and "reviewer (reviewer, COSI)" in first.output
    assert {name: who(app, name)[0].role.value for name in made} == {n: n for n in made}
    kept = Path(app.instance_path) / "demo-accounts.txt"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    second = run("demo-users")
    assert second.exit_code == 0 and passwords_in(second.output) == made
    assert signs_in(app, "reviewer", made["reviewer"])


def test_demo_users_never_print_a_password_that_no_longer_works(app, run):
    made = passwords_in(run("demo-users").output)
    run("users", "password", "drafter", "--password", "changed by hand")
    again = run("demo-users").output
    assert "drafter: exists already" in again and made["drafter"] not in again
    assert passwords_in(again) == {name: made[name] for name in ("reviewer", "admin")}


def test_demo_users_made_anew_for_an_empty_database(app, run, tmp_path):
    """The instance folder remembers passwords of a database since deleted: they are made again."""
    kept = Path(app.instance_path) / "demo-accounts.txt"
    kept.parent.mkdir(parents=True)
    kept.write_text("drafter (drafter, COSI): password from-a-database-gone\n", encoding="utf-8")
    made = passwords_in(run("demo-users").output)
    assert set(made) == {"drafter", "reviewer", "admin"} and made["drafter"] != "from-a-database-gone"
    assert signs_in(app, "drafter", made["drafter"])


def test_the_commands_run_through_flask_as_documented(tmp_path):
    """The very command line of the README, on a temporary SQLite database (a new process is slow:
    the rest of the contract is tested in this process)."""
    env = {
        "PATH": str(Path(sys.executable).parent),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'drafting.sqlite'}",
        "SECRET_KEY": "a key for this test",
        "HOME": str(tmp_path),
    }
    flask = [str(Path(sys.executable).parent / "flask"), "--app", "app"]

    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([*flask, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)

    created = call("users", "create", "mona", "--role", "drafter", "--team", "COSI")
    assert created.returncode == 0, created.stderr
    assert "created mona (drafter, COSI)" in created.stdout and "password: " in created.stdout
    again = call("users", "create", "mona", "--role", "drafter", "--team", "COSI")
    assert again.returncode == 1 and "there is already someone called mona" in again.stderr
