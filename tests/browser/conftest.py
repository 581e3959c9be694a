"""Browser tests: the application served on 127.0.0.1 and driven in Debian's Chromium.

Fixtures: `live_server` (a fresh app on an empty SQLite database, served in a thread),
`browser` (one Chromium for the session), `page` (a fresh browser context per test that fails the
test on any request leaving 127.0.0.1 and on any console error), `page_watch` (what the page did;
`allow_console_error(pattern)` accepts an error a test provokes on purpose), `screenshot(name)`
(writes test-output/<test name>/<name>.png) and `settle()` (waits until htmx has no request in flight).

Chromium comes from the system (`make test` installs it where it can); when it is missing the
browser tests fail saying so, unless DRAFTING_NO_BROWSER=1 leaves them out of the run on purpose.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from flask import Flask, url_for
from werkzeug.serving import make_server

from drafting.domain.model import Outcome
from tests.conftest import PASSWORD, make_person

CHROMIUM = Path("/usr/bin/chromium")
# Headless, sandbox-free (CI runs as root), and quiet: no update checks, sync or other calls home.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
OPT_OUT = "DRAFTING_NO_BROWSER"
HERE = Path(__file__).resolve().parent
OUTPUT = HERE.parents[1] / "test-output"
SAMPLE = HERE.parents[1] / "drafting" / "samples" / "15754-17.json"
LOCAL_HOST = "127.0.0.1"
# Playwright's own waits are long by default; a page of this app answers in milliseconds.
TIMEOUT_MS = 10_000

left_out = pytest.StashKey[int]()
failed = pytest.StashKey[bool]()


# ---------------------------------------------------------------------- opting out


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """DRAFTING_NO_BROWSER=1 deselects the browser tests: the run says so, and never counts them passed."""
    if not os.environ.get(OPT_OUT):
        return
    ours = [item for item in items if HERE in Path(item.path).resolve().parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]
        config.stash[left_out] = len(ours)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    count = config.stash.get(left_out, 0)
    if count:
        terminalreporter.write_line(
            f"BROWSER TESTS NOT RUN: {count} deselected because {OPT_OUT} is set", yellow=True, bold=True
        )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    # Judged as part of the test, so a page that misbehaved makes the test fail, not its teardown.
    result = yield
    watch = getattr(item, "funcargs", {}).get("page_watch")
    if isinstance(watch, PageWatch):
        watch.judge()
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[pytest.TestReport]:
    # The page fixture reads this to keep a picture of the page a failed test left behind.
    report = yield
    if report.when == "call":
        item.stash[failed] = report.failed
    return report


# ---------------------------------------------------------------------- the server


@dataclass
class LiveServer:
    """The application answering on 127.0.0.1 at `url`; `url_for` gives a full address for an endpoint."""

    app: Flask
    url: str

    def url_for(self, endpoint: str, **values: object) -> str:
        with self.app.test_request_context():
            return self.url + url_for(endpoint, **values)

    def add_outcome(self, outcome: Outcome | None = None) -> int:
        """Store an outcome (the sample 15754/17 by default) as if a drafter had; returns its id."""
        from drafting import services
        from drafting.web import unit_of_work

        with self.app.app_context(), unit_of_work() as uow:
            return services.create_outcome(uow, outcome or sample_outcome())

    def sign_in(self, page, name: str, password: str = PASSWORD) -> None:
        """Through the sign-in page, as a person would."""
        page.goto(self.url + "/login")
        page.get_by_label("Name").fill(name)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/login" not in url)


def sample_outcome() -> Outcome:
    from drafting.io.json_format import loads

    return loads(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """A fresh application on an empty SQLite database, served by a thread for one test."""
    from drafting.web import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "a key for browser tests only",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'drafting.sqlite'}",
            "EXPORTS_FOLDER": str(tmp_path / "exports"),
        }
    )
    server = make_server(LOCAL_HOST, 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(app, f"http://{LOCAL_HOST}:{server.port}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
        app.extensions["drafting.engine"].dispose()


# ---------------------------------------------------------------------- the browser


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright; never a browser the test library would download."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"the browser tests need Debian's Chromium at {CHROMIUM}, which is missing. Install it "
            f"(apt-get install chromium, as root: `make test` does this where it can), or set "
            f"{OPT_OUT}=1 to leave the browser tests out of the run on purpose.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class PageWatch:
    """Everything a page asked for and complained about, judged when the test ends."""

    requests: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    allowed: list[re.Pattern[str]] = field(default_factory=list)
    judged: int = 0

    def allow_console_error(self, pattern: str) -> None:
        """Accept console errors matching `pattern` (a test that provokes a 4xx on purpose, say)."""
        self.allowed.append(re.compile(pattern))

    def route(self, route) -> None:
        url = route.request.url
        self.requests.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob") or parts.hostname == LOCAL_HOST:
            route.continue_()
            return
        # Refused before it is sent: nothing a page asks for may come from outside the server.
        self.outside_requests.append(url)
        route.abort("blockedbyclient")

    def console(self, message) -> None:
        if message.type == "error":
            self.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def page_error(self, error) -> None:
        self.console_errors.append(f"uncaught: {error}")

    def complaints(self) -> list[str]:
        found = [f"request to outside the server: {url}" for url in self.outside_requests]
        for error in self.console_errors:
            if not any(pattern.search(error) for pattern in self.allowed):
                found.append(f"console error: {error}")
        return found

    def judge(self) -> None:
        """Fail the test over what the page did since the last judgement."""
        complaints = self.complaints()[self.judged :]
        self.judged += len(complaints)
        if complaints:
            pytest.fail("the page misbehaved:\n" + "\n".join(complaints), pytrace=False)


@pytest.fixture
def page_watch() -> PageWatch:
    return PageWatch()


@pytest.fixture
def page(browser, live_server: LiveServer, page_watch: PageWatch, request: pytest.FixtureRequest):
    """A page in a fresh context (own cookies), addresses relative to the live server."""
    context = browser.new_context(base_url=live_server.url, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", page_watch.route)
    opened = context.new_page()
    opened.on("console", page_watch.console)
    opened.on("pageerror", page_watch.page_error)
    # Signed in as an admin, who sees every body (what each role may do is tested apart).
    make_person(live_server.app, "tester", "admin")
    live_server.sign_in(opened, "tester")
    yield opened
    if request.node.stash.get(failed, False):
        folder = output_folder(request.node.name)
        folder.mkdir(parents=True, exist_ok=True)
        opened.screenshot(path=folder / "failure.png", full_page=True)
    context.close()
    page_watch.judge()  # what arrived after the test's last step


def output_folder(test_name: str) -> Path:
    return OUTPUT / re.sub(r"[^\w.-]+", "_", test_name)


@pytest.fixture
def screenshot(page, request: pytest.FixtureRequest) -> Callable[[str], Path]:
    """`screenshot("editor")` writes test-output/<test name>/editor.png of the whole page and returns it."""
    folder = output_folder(request.node.name)
    shutil.rmtree(folder, ignore_errors=True)  # a folder shows one run, not leftovers of earlier ones

    def take(name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def settle(page) -> Callable[[], None]:
    """`settle()` waits until no htmx request is in flight and htmx has swapped and settled."""

    def wait() -> None:
        page.wait_for_function(
            "() => window.htmx !== undefined && !document.querySelector('.htmx-request, .htmx-settling,"
            " .htmx-swapping')"
        )

    return wait
