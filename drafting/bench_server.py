"""The server benchmark: `python -m drafting.bench --server [--write]`.

Serves the application under gunicorn on 127.0.0.1 at a free port, on a temporary SQLite database
holding the sample outcome 15754/17, and measures it with a bounded load of Python threads on
keep-alive connections: the editor page, the live check of a field, and saving an item. Requests are
made as the browser makes them: the session cookie and CSRF token of a real page, the fields of the
real forms, htmx's headers. Every loop stops after a fixed count of requests or seconds.
"""

from __future__ import annotations

import http.client
import math
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

HOST = "127.0.0.1"  # the only address this benchmark ever sends to
SAMPLE = Path(__file__).parent / "samples" / "15754-17.json"
PERFORMANCE = Path(__file__).resolve().parent.parent / "docs" / "performance.md"
# Two processes for two cores: one Python process runs Python on one core at a time. gthread, as the
# sync worker closes every connection, where browsers keep theirs open. Two threads per process, so
# one request can go on while another waits for the database; more threads only queue more writers
# on SQLite's one write lock, whose waiting backs off in sleeps of up to 100 ms (save p99 measured
# 2-4 times longer with 4 threads than with 2; 1 thread was no better than 2).
WORKERS, THREADS = 2, 2
CLIENTS = 10
# Every client signs in as this drafter of COSI (the sample's body), as a browser would.
DRAFTER, PASSWORD = "bench", "a password for the benchmark only"
# A drafter's pace, for the item save measured at an offered load: one save every 1 to 2 seconds
# each, the ten drafters at once on one outcome.
PACE = (1.0, 2.0)
PACED_SECONDS = 40.0
PACED = f"{PACE[0]:g}–{PACE[1]:g} s"


# ---------------------------------------------------------------------- the server


def prepared_database(folder: Path) -> tuple[str, int]:
    """A SQLite database brought to the newest schema, holding the sample; its URL and the outcome's id."""
    from drafting import accounts, services
    from drafting.io.json_format import loads
    from drafting.web import create_app, unit_of_work

    url = f"sqlite:///{folder / 'drafting.sqlite'}"
    app = create_app({"SECRET_KEY": "only to build the database", "DATABASE_URL": url})
    with app.app_context(), unit_of_work() as uow:
        outcome_id = services.create_outcome(uow, loads(SAMPLE.read_text(encoding="utf-8")))
        accounts.create_user(uow, DRAFTER, "drafter", ["COSI"], PASSWORD)
    app.extensions["drafting.engine"].dispose()
    return url, outcome_id


@contextmanager
def served(database_url: str, folder: Path) -> Iterator[int]:
    """gunicorn serving the application on 127.0.0.1; yields its port, stops it on the way out."""
    # The socket is bound here and handed over, so no other program can take the port in between.
    listener = socket.create_server((HOST, 0))
    port = listener.getsockname()[1]
    environment = os.environ | {
        "DATABASE_URL": database_url,
        "EXPORTS_FOLDER": str(folder / "exports"),
        "SECRET_KEY": secrets.token_hex(32),
    }
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        f"--bind=fd://{listener.fileno()}",
        f"--workers={WORKERS}",
        "--worker-class=gthread",
        f"--threads={THREADS}",
        "--keep-alive=30",
        "--log-level=warning",
        "drafting.web.server_process:served()",
    ]
    log = (folder / "server.log").open("w")
    # A process group of its own, so that a server whose master does not stop in time is ended with
    # all its workers, and several servers can run side by side.
    process = subprocess.Popen(
        command,
        env=environment,
        pass_fds=[listener.fileno()],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    listener.close()
    try:
        wait_until_serving(port, process, folder / "server.log")
        yield port
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def wait_until_serving(port: int, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped at start:\n{log.read_text()[-2000:]}")
        # Any answer at all means a worker is serving; whether the page is right is measured later.
        connection = http.client.HTTPConnection(HOST, port, timeout=5)
        try:
            connection.request("GET", "/")
            connection.getresponse().read()
            return
        except (OSError, http.client.HTTPException):
            pass  # not yet: the socket takes connections before a worker is ready to answer them
        finally:
            connection.close()
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer within {seconds:.0f} s:\n{log.read_text()[-2000:]}")


# ---------------------------------------------------------------------- a browser's requests


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str
    ms: float


class Client:
    """One browser tab: a keep-alive connection, its session cookie and the page's CSRF token."""

    def __init__(self, port: int, name: str = DRAFTER, password: str = PASSWORD):
        self.port = port
        self.connection = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}
        self.token = ""
        self.get("/login")
        signed = self.post("/login", [("csrf_token", ""), ("name", name), ("password", password)])
        if signed.status != 303:
            raise RuntimeError(f"{name} could not sign in ({signed.status})")

    def get(self, path: str, headers: dict[str, str] | None = None) -> Answer:
        answer = self.send("GET", path, None, headers or {})
        found = re.search(r'<meta name="csrf-token" content="([^"]+)"', answer.text)
        if found:
            self.token = found.group(1)
        return answer

    def post(self, path: str, fields: list[tuple[str, str]], headers: dict[str, str] | None = None) -> Answer:
        sent = {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": self.token}
        # A form read by another tab carries that tab's token, which this tab's session would refuse.
        fields = [(key, self.token if key == "csrf_token" else value) for key, value in fields]
        return self.send("POST", path, urlencode(fields), sent | (headers or {}))

    def send(self, method: str, path: str, body: str | None, headers: dict[str, str]) -> Answer:
        if self.cookies:
            headers = headers | {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        for attempt in (1, 2):
            try:
                start = time.perf_counter()
                self.connection.request(method, path, body, headers)
                response = self.connection.getresponse()
                data = response.read()
                ms = (time.perf_counter() - start) * 1000
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server may close an idle keep-alive connection; a browser then opens a new one.
                self.connection.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Answer(response.status, response.headers, data.decode("utf-8", "replace"), ms)

    def close(self) -> None:
        self.connection.close()


def htmx_headers(page: str, trigger: Element | None = None, target: str | None = None) -> dict[str, str]:
    """The headers htmx 2 adds to a request it makes from `page` for `trigger`."""
    headers = {"HX-Request": "true", "HX-Current-URL": page}
    if trigger is not None:
        if trigger.attrs.get("id"):
            headers["HX-Trigger"] = trigger.attrs["id"]
        if trigger.attrs.get("name"):
            headers["HX-Trigger-Name"] = trigger.attrs["name"]
    if target:
        headers["HX-Target"] = target
    return headers


# ---------------------------------------------------------------------- reading the real forms


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    form: Form | None


@dataclass
class Form:
    """A form as the browser would submit it: its attributes and the (name, value) pairs of its fields."""

    attrs: dict[str, str]
    fields: list[tuple[str, str]] = field(default_factory=list)

    @property
    def target(self) -> str:
        """Where it posts: hx-post, else action."""
        return self.attrs.get("hx-post") or self.attrs.get("hx-put") or self.attrs.get("action") or ""

    def value(self, name: str) -> str | None:
        return next((value for key, value in self.fields if key == name), None)

    def with_value(self, name: str, value: str) -> list[tuple[str, str]]:
        return [(key, value if key == name else old) for key, old in self.fields]


class FormReader(HTMLParser):
    """Every form of a page or fragment, and every element carrying an htmx request or a link."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.elements: list[Element] = []
        self.form: Form | None = None
        self.textarea: tuple[str, list[str]] | None = None
        self.select: tuple[str, list[tuple[str, bool]]] | None = None
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.form = Form(named)
            self.forms.append(self.form)
        self.elements.append(Element(tag, named, self.form))
        name = named.get("name")
        if tag == "textarea" and name:
            self.textarea = (name, [])
        elif tag == "select" and name:
            self.select = (name, [])
        elif tag == "option" and self.select is not None:
            self.select[1].append((named.get("value", ""), "selected" in named))
        elif tag == "input" and name and self.form is not None:
            kind = named.get("type", "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in named:
                return
            self.form.fields.append((name, named.get("value", "on" if kind == "checkbox" else "")))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form.fields.append((self.textarea[0], "".join(self.textarea[1]).removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            name, options = self.select
            chosen = [value for value, selected in options if selected] or [v for v, _ in options[:1]]
            if self.form is not None:
                self.form.fields.extend((name, value) for value in chosen)
            self.select = None
        elif tag == "form":
            self.form = None


# ---------------------------------------------------------------------- load


@dataclass
class Load:
    """What a bounded load did: each answer's time, and how many were refused or conflicted."""

    times: list[float] = field(default_factory=list)
    seconds: float = 0.0
    failures: list[str] = field(default_factory=list)
    conflicts: int = 0

    @property
    def rate(self) -> float:
        return len(self.times) / self.seconds if self.seconds else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else math.nan

    @property
    def p99(self) -> float:
        return percentile(self.times, 99)


def percentile(times: list[float], p: float) -> float:
    """The nearest-rank percentile: the time that p % of the requests beat or matched."""
    if not times:
        return math.nan
    ordered = sorted(times)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# A step makes one request for its client and says how it went: None when fine, "conflict", or a failure.
Step = Callable[[Client, int], tuple[Answer, str | None]]


def run_load(clients: list[Client], step: Step, per_client: int, seconds: float) -> Load:
    """Every client runs `step` until it made `per_client` requests or `seconds` passed, all at once."""
    load = Load()
    lock = threading.Lock()
    start_together = threading.Barrier(len(clients) + 1)

    def work(client: Client) -> None:
        start_together.wait()
        deadline = time.monotonic() + seconds
        for number in range(per_client):
            if time.monotonic() > deadline:
                break
            try:
                answer, verdict = step(client, number)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    load.failures.append(f"{type(error).__name__}: {error}")
                continue
            with lock:
                if verdict is None:
                    load.times.append(answer.ms)
                elif verdict == "conflict":
                    load.times.append(answer.ms)
                    load.conflicts += 1
                else:
                    load.failures.append(verdict)

    threads = [threading.Thread(target=work, args=(client,), daemon=True) for client in clients]
    for thread in threads:
        thread.start()
    start_together.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    load.seconds = time.perf_counter() - began
    return load


def run_paced(clients: list[Client], step: Step, pace: tuple[float, float], seconds: float) -> Load:
    """Every client runs `step` on a schedule of its own for `seconds`: an open loop at an offered load.

    The pauses between a client's requests are drawn evenly from `pace` (seeded, so every run offers
    the same schedule), and the first request from within the first pause, so clients do not start
    together. A request is timed from when it was due: one sent late, because the one before took
    too long, counts its lateness as waiting.
    """
    load = Load()
    lock = threading.Lock()
    start_together = threading.Barrier(len(clients) + 1)

    def work(client: Client, schedule: random.Random) -> None:
        start_together.wait()
        began = time.perf_counter()
        due = began + schedule.uniform(0, pace[1])
        number = 0
        while due < began + seconds:
            time.sleep(max(0.0, due - time.perf_counter()))
            late = max(0.0, time.perf_counter() - due) * 1000
            try:
                answer, verdict = step(client, number)
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    load.failures.append(f"{type(error).__name__}: {error}")
            else:
                with lock:
                    if verdict is None or verdict == "conflict":
                        load.times.append(late + answer.ms)
                        load.conflicts += verdict == "conflict"
                    else:
                        load.failures.append(verdict)
            number += 1
            due += schedule.uniform(*pace)

    threads = [
        threading.Thread(target=work, args=(client, random.Random(n)), daemon=True)
        for n, client in enumerate(clients)
    ]
    for thread in threads:
        thread.start()
    start_together.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    load.seconds = time.perf_counter() - began
    return load


# ---------------------------------------------------------------------- what is measured


@dataclass
class Figures:
    """The measures, each None when the application has nothing to measure yet (said in `missing`)."""

    editor: Load | None = None
    check: Load | None = None
    save: Load | None = None  # back to back: the server saturated
    paced: Load | None = None  # at a drafter's pace
    missing: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def measure(scale: float = 1.0) -> Figures:
    """Serve the sample under gunicorn and measure it; `scale` shortens or lengthens every bounded loop."""
    figures = Figures()
    with tempfile.TemporaryDirectory(prefix="drafting-bench-") as scratch:
        folder = Path(scratch)
        database_url, outcome_id = prepared_database(folder)
        with served(database_url, folder) as port:
            editor = f"/outcomes/{outcome_id}"
            figures.editor = measure_editor(port, editor, figures, scale)
            if figures.editor is not None:
                figures.check = measure_check(port, editor, figures, scale)
                figures.save, figures.paced = measure_save(port, editor, outcome_id, figures, scale)
    return figures


def measure_editor(port: int, editor: str, figures: Figures, scale: float) -> Load | None:
    client = Client(port)
    first = client.get(editor)
    if first.status != 200:
        figures.missing.append(f"the editor page (GET {editor} answered {first.status})")
        return None
    # Templates compiled and caches filled in every worker, as in a server that has been running:
    # each new connection goes to whichever worker accepts it first.
    for _ in range(5 * WORKERS):
        warming = Client(port)
        warming.get(editor)
        warming.close()

    def step(client: Client, _number: int) -> tuple[Answer, str | None]:
        answer = client.get(editor)
        return answer, None if answer.status == 200 else f"GET {editor}: {answer.status}"

    load = run_load([client], step, per_client=int(200 * scale), seconds=30 * scale)
    client.close()
    return load


def live_check_field(client: Client, editor: str) -> tuple[Element, str] | None:
    """The first field checked as typed (the document number when there is one), and the page it is on."""
    pages = [editor, f"{editor}/header"]
    for page in pages:
        answer = client.get(page)
        if answer.status != 200:
            continue
        reader = FormReader(answer.text)
        checked = [e for e in reader.elements if e.attrs.get("hx-post", "").split("?")[0].endswith("/check")]
        checked.sort(key=lambda e: e.attrs.get("name") != "document_number")
        if checked:
            return checked[0], page
    return None


def measure_check(port: int, editor: str, figures: Figures, scale: float) -> Load | None:
    clients = [Client(port) for _ in range(CLIENTS)]
    found = live_check_field(clients[0], editor)
    if found is None:
        figures.missing.append(
            f"a field checked as typed (no hx-post to …/check on {editor} or its header form)"
        )
        return None
    element, page = found
    name, url = element.attrs["name"], element.attrs["hx-post"]
    for client in clients:
        client.get(page)
    fields = element.form.fields if element.form is not None else [(name, element.attrs.get("value", ""))]
    typed = next((value for key, value in fields if key == name), "")
    # Half the requests carry what the page shows, half a slip of the keyboard: both paths are answered.
    variants = [typed, typed[:-1] or "x"]
    target = element.attrs.get("hx-target", "").removeprefix("#") or None
    headers = htmx_headers(f"http://{HOST}:{port}{page}", element, target)

    def step(client: Client, number: int) -> tuple[Answer, str | None]:
        value = variants[number % 2]
        sent = [(key, value if key == name else old) for key, old in fields]
        if element.form is None:
            sent = [(name, value)]
        answer = client.post(url, sent, headers)
        return answer, None if answer.status == 200 else f"POST {url}: {answer.status}"

    figures.notes.append(
        f"Live check: POST {url} with the whole form around the field `{name}` and htmx's headers naming "
        f"it, as typed: half the requests as the page shows it, half with its last character dropped."
    )
    load = run_load(clients, step, per_client=int(400 * scale), seconds=20 * scale)
    for client in clients:
        client.close()
    return load


@dataclass
class ItemEditing:
    """One item's edit form as a client holds it: where it came from, where it posts, what it carries."""

    source: str  # the page or fragment the form is read from
    form: Form
    version_field: str
    text_field: str

    @property
    def version(self) -> str:
        return self.form.value(self.version_field) or ""


def item_editing(client: Client, source: str, item_id: str) -> ItemEditing | None:
    """The edit form of item `item_id` found in `source` (the editor page or an item's edit fragment)."""
    answer = client.get(source, htmx_headers(source) if source.count("/items/") else None)
    if answer.status != 200:
        return None
    return item_form_in(answer.text, source, item_id)


def item_form_in(markup: str, source: str, item_id: str) -> ItemEditing | None:
    """The edit form of item `item_id` in a page or fragment already fetched from `source`."""
    for form in FormReader(markup).forms:
        if not re.search(rf"/items/{item_id}(?:/[a-z]+)?$", form.target.split("?")[0]):
            continue
        version = next((key for key, _ in form.fields if key.endswith("version")), None)
        texts = sorted((key for key, _ in form.fields if key.endswith("heading")), key=len)
        if version and texts:
            return ItemEditing(source, form, version, texts[0])
    return None


def editable_items(client: Client, editor: str, outcome_id: int) -> list[ItemEditing]:
    """Every item whose edit form the editor page holds or links to, one per item."""
    page = client.get(editor)
    item_link = re.compile(rf"^/outcomes/{outcome_id}/items/(\d+)(/[a-z]+)?$")
    sources: dict[str, list[str]] = {}
    for element in FormReader(page.text).elements:
        for attribute in ("hx-get", "href", "hx-post", "action"):
            found = item_link.match(element.attrs.get(attribute, "").split("?")[0])
            if not found:
                continue
            # A link to the edit form is followed first; a form on the page itself is tried after.
            posted = attribute in ("hx-post", "action")
            source = editor if posted else element.attrs[attribute]
            if posted or found.group(2) == "/edit":
                candidates = sources.setdefault(found.group(1), [])
                candidates.insert(len(candidates) if posted else 0, source)
    editing = []
    for item_id, candidates in sources.items():
        found = next(
            filter(None, (item_editing(client, source, item_id) for source in dict.fromkeys(candidates))),
            None,
        )
        if found is not None:
            editing.append(found)
    return editing


def measure_save(
    port: int, editor: str, outcome_id: int, figures: Figures, scale: float
) -> tuple[Load | None, Load | None]:
    """Saving items: back to back (the server saturated), then at a drafter's pace (an offered load)."""
    clients = [Client(port) for _ in range(CLIENTS)]
    for client in clients:
        client.get(editor)
    items = editable_items(clients[0], editor, outcome_id)
    if not items:
        figures.missing.append(f"an item's edit form with its version (none on or linked from {editor})")
        return None, None
    # Each client edits an item of its own, as drafters sharing an outcome do; more clients than items share.
    holding = {id(client): items[n % len(items)] for n, client in enumerate(clients)}
    if len(items) < len(clients):
        figures.notes.append(f"item save: {len(clients)} clients share {len(items)} items, so some conflict")
    lock = threading.Lock()
    page = f"http://{HOST}:{port}{editor}"

    def refreshed(client: Client, editing: ItemEditing) -> ItemEditing:
        item_id = re.search(r"/items/(\d+)", editing.form.target).group(1)
        return item_editing(client, editing.source, item_id) or editing

    def step(client: Client, number: int) -> tuple[Answer, str | None]:
        with lock:
            editing = holding[id(client)]
        heading = editing.form.value(editing.text_field) or ""
        typed = heading.removesuffix(" (revised)") if number % 2 else heading + " (revised)"
        target = editing.form.attrs.get("hx-target", "").removeprefix("#") or None
        answer = client.post(
            editing.form.target,
            editing.form.with_value(editing.text_field, typed),
            htmx_headers(page, None, target),
        )
        conflict = answer.status == 409 or "changed by someone else" in answer.text
        if answer.status not in (200, 409):
            return answer, f"POST {editing.form.target}: {answer.status}"
        # The next save must carry the version this one made: read it back from the real form.
        after = refreshed(client, editing)
        with lock:
            holding[id(client)] = after
        if conflict:
            return answer, "conflict"
        if after.version == editing.version:
            message = re.search(r'<p class="error">([^<]+)</p>', answer.text)
            return answer, f"not saved: {message.group(1) if message else 'the version did not change'}"
        return answer, None

    figures.notes.append(
        f"Item save: each client posts the edit form of an item of its own ({len(items)} items) with the "
        f"heading changed and the version the form carries; after each save it opens the form again "
        f"(not timed) to read the new version, as a drafter reopening the item. Back to back, each client "
        f"saves again as soon as it has the form: the server saturated, its figure the time a save waits "
        f"behind the others in the queue. At a drafter's pace, each client saves on a schedule of its "
        f"own, a pause of {PACE[0]:g}–{PACE[1]:g} s (drawn evenly) after the last save was due, whether "
        f"or not the server kept up (an open loop), each save timed from when it was due."
    )
    saturated = run_load(clients, step, per_client=int(60 * scale), seconds=20 * scale)
    with DiskWatch() as disk:
        paced = run_paced(clients, step, PACE, seconds=PACED_SECONDS * scale)
    figures.notes.append(disk.note())
    for client in clients:
        client.close()
    return saturated, paced


class DiskWatch:
    """Times a flush of 4 KB to the disk every 50 ms, in a thread of its own, while a load runs.

    Why: each save commits with a flush to disk (SQLite's full synchronous mode: no acknowledged
    save is lost in a crash), and while one save flushes the next waits for its turn. A virtual
    disk that now and then takes a few hundred milliseconds to flush gives saves in that instant
    the same wait, whatever the application does; this says whether it happened during the run.
    """

    PERIOD, SLOW_MS = 0.05, 50.0

    def __init__(self) -> None:
        self.flushes: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> DiskWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _watch(self) -> None:
        with tempfile.NamedTemporaryFile(prefix="drafting-bench-disk-") as probe:
            while not self._stop.wait(self.PERIOD):
                probe.write(b"x" * 4096)
                probe.flush()
                began = time.perf_counter()
                os.fsync(probe.fileno())
                self.flushes.append((time.perf_counter() - began) * 1000)

    def note(self) -> str:
        slow = [ms for ms in self.flushes if ms > self.SLOW_MS]
        longest = max(self.flushes, default=0.0)
        seen = f"{len(slow)} took" if slow else "none took"
        return (
            f"The disk during the saves at a drafter's pace: a flush of 4 KB beside the load, every "
            f"{self.PERIOD * 1000:.0f} ms ({len(self.flushes)} in all): {seen} over {self.SLOW_MS:.0f} ms "
            f"(longest {longest:.0f} ms). "
            f"A save commits with a flush, so a save made while the disk stalls waits as long."
        )


# ---------------------------------------------------------------------- reporting


def describe_setup() -> str:
    return (
        f"The application under gunicorn ({WORKERS} worker processes × {THREADS} threads, gthread) on "
        f"127.0.0.1, on a temporary SQLite database holding the sample 15754/17. The load comes from "
        f"Python threads on keep-alive connections, on the same cores as the server, each loop bounded "
        f"in requests and seconds; times are measured by the client, from request to last byte."
    )


@dataclass(frozen=True)
class Measure:
    """A line of the table: which load, which figure of it, and the target it is held to."""

    name: str
    load: str  # the Figures attribute
    figure: Callable[[Load], float]
    unit: str
    target: float | None = None
    at_least: bool = False  # a rate must reach its target; a time must stay under it


MEASURES = (
    Measure("editor page, 1 client: median", "editor", lambda x: x.median, "ms", 50.0),
    Measure(
        f"live field check, {CLIENTS} clients: rate", "check", lambda x: x.rate, "requests/s", 300.0, True
    ),
    Measure(f"live field check, {CLIENTS} clients: p99", "check", lambda x: x.p99, "ms", 50.0),
    Measure(
        f"item save, {CLIENTS} drafters, a save each {PACED}: p99", "paced", lambda x: x.p99, "ms", 100.0
    ),
    Measure(f"item save, {CLIENTS} drafters, a save each {PACED}: median", "paced", lambda x: x.median, "ms"),
    Measure(f"item save, {CLIENTS} clients back to back (saturated): p99", "save", lambda x: x.p99, "ms"),
    Measure(
        f"item save, {CLIENTS} clients back to back (saturated): median", "save", lambda x: x.median, "ms"
    ),
    Measure(
        f"item save, {CLIENTS} clients back to back (saturated): rate", "save", lambda x: x.rate, "saves/s"
    ),
)


def table(figures: Figures) -> str:
    rows = ["| measure | figure | target | met | requests |", "|---|---|---|---|---|"]
    for measure in MEASURES:
        target = "—"
        if measure.target is not None:
            target = f"{'≥' if measure.at_least else '≤'} {measure.target:.0f} {measure.unit}"
        load: Load | None = getattr(figures, measure.load)
        if load is None:
            rows.append(f"| {measure.name} | not measured | {target} | — | — |")
            continue
        value = measure.figure(load)
        met = "—"
        if measure.target is not None:
            met = (
                "yes" if (value >= measure.target if measure.at_least else value <= measure.target) else "NO"
            )
        extra = [f"{load.conflicts} conflicts"] if measure.load in ("save", "paced") else []
        if measure.load == "paced":
            extra.insert(0, f"offered {CLIENTS / statistics.mean(PACE):.1f}/s")
        if load.failures:
            extra.append(f"{len(load.failures)} failed")
        count = f"{len(load.times)} in {load.seconds:.1f} s" + (f" ({', '.join(extra)})" if extra else "")
        rows.append(f"| {measure.name} | {value:.1f} {measure.unit} | {target} | {met} | {count} |")
    return "\n".join(rows)


def remarks(figures: Figures) -> list[str]:
    lines = [f"Not measured: {missing}." for missing in figures.missing]
    if figures.paced is not None:
        lines.append(
            f"The item save target (p99 ≤ 100 ms at {CLIENTS} concurrent clients) is read against the row "
            f"at a drafter's pace: it is about how long a drafter waits for a save while {CLIENTS} "
            f"drafters work on the same outcome, and a drafter saves after typing, not the instant the "
            f"last save came back. The back-to-back rows keep every client saving with no pause at all, "
            f"so they measure the server saturated: how many saves it makes a second, and how long a "
            f"save then waits in the queue. They are not held to the target, and are shown so that the "
            f"headroom can be judged."
        )
    for name in ("editor", "check", "save", "paced"):
        load: Load | None = getattr(figures, name)
        if load is not None and load.failures:
            shown = "; ".join(sorted(set(load.failures))[:3])
            lines.append(f"{name}: {len(load.failures)} requests failed ({shown}).")
    return lines + figures.notes


def write_performance(figures: Figures, machine: str) -> None:
    """Replace the server section of docs/performance.md, keeping whatever else it holds."""
    from drafting.bench import record_section

    notes = "".join(f"\n- {line}" for line in remarks(figures))
    record_section(
        "server",
        "## Server (python -m drafting.bench --server --write)\n\n"
        f"{textwrap.fill(f'Measured {date.today().isoformat()} on {machine}. {describe_setup()}', 100)}\n\n"
        f"{table(figures)}\n{notes}",
    )


def main(write: bool = False, scale: float = 1.0) -> Figures:
    from drafting.bench import machine

    figures = measure(scale)
    print(machine())
    print(describe_setup())
    print(table(figures))
    for line in remarks(figures):
        print(line)
    if write:
        write_performance(figures, machine())
        print(f"recorded in {PERFORMANCE}")
    return figures
