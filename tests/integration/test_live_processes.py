"""Presence, claims and live changes hold across server processes: two gunicorn servers, one database.

Nothing of working together may live in one process's memory: a person signed in on one server is
seen, with the item they edit, by a person on the other, and what they save shows in the other's
live changes.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, Request, build_opener

import pytest

from drafting.bench_server import HOST, wait_until_serving
from tests.conftest import PASSWORD, make_person
from tests.web.item_forms import draft_of, form_fields, posted, sample_outcome

ROOT = Path(__file__).resolve().parents[2]
# The token a page hands the browser: in its head, or in a fragment's forms.
TOKEN = re.compile(
    r'(?:<meta name="csrf-token" content|name="csrf_token"(?: type="hidden")? value)="([^"]+)"'
)


@contextmanager
def served(database_url: str, folder: Path, secret_key: str, name: str) -> Iterator[str]:
    """One gunicorn process (one worker, two threads) serving the application; yields its address."""
    # Bound here and handed over, so no other program can take the port in between.
    listener = socket.create_server((HOST, 0))
    port = listener.getsockname()[1]
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "EXPORTS_FOLDER": str(folder / "exports"),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--bind=fd://{listener.fileno()}",
        "--workers=1",
        "--threads=2",
        "--worker-class=gthread",
        "--log-level=warning",
        "app:served()",
    ]
    log_path = folder / f"{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment,
            pass_fds=[listener.fileno()],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        listener.close()
        try:
            wait_until_serving(port, process, log_path)
            yield f"http://{HOST}:{port}"
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class Browser:
    """A person's browser on one server: its cookies, and the CSRF token of the last page read."""

    def __init__(self, server: str, name: str):
        self.server = server
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()))
        self.token = ""
        self.get("/login")
        signed = self.post("/login", {"name": name, "password": PASSWORD, "csrf_token": self.token})
        assert "/login" not in signed.url, f"{name} could not sign in"

    def send(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urlencode(data, doseq=True).encode() if data is not None else None
        request = Request(
            self.server + path, data=body, headers={"X-CSRFToken": self.token, **(headers or {})}
        )
        try:
            answer = self.opener.open(request, timeout=30)
        except HTTPError as error:
            answer = error
        answer.text = answer.read().decode("utf-8")
        found = TOKEN.search(answer.text)
        if found:
            self.token = found.group(1)
        return answer

    def get(self, path: str, headers: dict | None = None):
        return self.send(path, None, headers)

    def post(self, path: str, data: dict, headers: dict | None = None):
        return self.send(path, data, headers)

    def live(self, outcome_id: int, since: int = 0) -> dict:
        answer = self.get(f"/outcomes/{outcome_id}/live?since={since}", {"Accept": "application/json"})
        assert answer.status == 200, answer.text
        return json.loads(answer.text)


@pytest.fixture
def two_servers(database_url, tmp_path) -> Iterator[tuple[str, str, int, int]]:
    """Two server processes on one database holding the sample, and Anna and Ben, drafters of COSI."""
    from drafting.web import create_app

    app = create_app({"SECRET_KEY": "only to prepare the database", "DATABASE_URL": database_url})
    outcome_id = sample_outcome(app)
    for name in ("anna", "ben"):
        make_person(app, name, "drafter", ("COSI",))
    item_id = draft_of(app, outcome_id).item_ids[4]
    app.extensions["drafting.engine"].dispose()
    secret_key = secrets.token_hex(32)
    with ExitStack() as stack:
        first = stack.enter_context(served(database_url, tmp_path, secret_key, "first"))
        second = stack.enter_context(served(database_url, tmp_path, secret_key, "second"))
        yield first, second, outcome_id, item_id


def test_presence_claims_and_changes_cross_from_one_server_process_to_the_other(two_servers):
    first, second, outcome_id, item_id = two_servers
    anna, ben = Browser(first, "anna"), Browser(second, "ben")
    ben.get(f"/outcomes/{outcome_id}")
    since = ben.live(outcome_id)["since"]

    # Anna opens item 5 on the first server, which claims it, and her page says so.
    anna.get(f"/outcomes/{outcome_id}")
    edit_url = f"/outcomes/{outcome_id}/items/{item_id}/edit"
    opened = anna.get(edit_url, {"HX-Request": "true"})
    assert opened.status == 200 and opened.text.lstrip().startswith('<form id="item-4"')
    beat = anna.post(f"/outcomes/{outcome_id}/presence", {"item_id": str(item_id)}, {"HX-Request": "true"})
    assert beat.status == 204, beat.text

    news = ben.live(outcome_id, since)
    assert news["people"] == [{"name": "anna", "item_id": item_id, "item_number": 5}]
    assert [(claim["item_id"], claim["name"]) for claim in news["claims"]] == [(item_id, "anna")]
    assert news["changes"] == []
    asked = ben.get(edit_url, {"HX-Request": "true"})
    assert "anna is editing this item" in asked.text

    # Anna saves through the first server; Ben's live changes on the second server carry it.
    fields = form_fields(opened.text, "item-4")
    saved = anna.post(
        f"/outcomes/{outcome_id}/items/{item_id}",
        posted(fields, {"items-4-heading": "Europol, as amended"}),
        {"HX-Request": "true"},
    )
    assert saved.status == 200 and "Europol, as amended" in saved.text
    news = ben.live(outcome_id, since)
    assert [(c["unit"], c["item_id"], c["action"], c["by"]) for c in news["changes"]] == [
        ("item", item_id, "edit", "anna")
    ]
    assert news["claims"] == []  # saving freed the item, seen from the other process too
    assert ben.live(outcome_id, news["since"])["changes"] == []

    # Ben leaves on the second server: Anna, on the first, no longer sees him.
    ben.post(f"/outcomes/{outcome_id}/presence", {"item_id": ""}, {"HX-Request": "true"})
    assert [p["name"] for p in anna.live(outcome_id)["people"]] == ["ben"]
    assert ben.post(f"/outcomes/{outcome_id}/leave", {"csrf_token": ben.token}).status == 204
    assert anna.live(outcome_id)["people"] == []
