"""The application in a real browser: pages load, htmx runs, nothing comes from outside the server."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import drafting.web

STATIC = Path(drafting.web.__file__).with_name("static")


def vendored_htmx_version() -> str:
    (script,) = STATIC.glob("htmx-*.min.js")
    return re.fullmatch(r"htmx-(.+)\.min\.js", script.name).group(1)


def test_the_list_of_outcomes_loads_in_chromium_with_htmx_and_nothing_from_outside(
    page, live_server, page_watch, screenshot
):
    live_server.add_outcome()

    response = page.goto(live_server.url_for("outcomes.index"))

    assert response is not None and response.status == 200
    assert "Drafting assistant" in page.title()
    assert page.get_by_text("15754/17").first.is_visible()
    assert page.evaluate("() => window.htmx && window.htmx.version") == vendored_htmx_version()
    assert any(url.endswith(".js") for url in page_watch.requests), "the page loaded no script"
    assert {urlsplit(url).hostname for url in page_watch.requests} == {"127.0.0.1"}
    assert screenshot("outcomes").stat().st_size > 0


def test_a_page_asking_for_something_outside_the_server_is_refused_and_reported(
    page, live_server, page_watch
):
    page.goto(live_server.url_for("outcomes.index"))
    outside = "http://outside.invalid/logo.png"

    page.set_content(f'<img id="logo" src="{outside}" alt="">')
    page.wait_for_function("() => document.getElementById('logo').complete")

    assert page_watch.outside_requests == [outside]
    assert page.evaluate("() => document.getElementById('logo').naturalWidth") == 0
    assert any("outside" in complaint for complaint in page_watch.complaints())
    # Judged here rather than by the fixture, which would fail this test for what it provoked.
    page_watch.outside_requests.clear()
    page_watch.allow_console_error(re.escape(outside))


def test_a_page_reached_by_following_a_link_has_its_own_styles(page, live_server, settle):
    """Links swap the body (htmx boost), so a page's own stylesheet must come with its body."""
    live_server.add_outcome()
    page.goto(live_server.url_for("outcomes.index"))

    page.get_by_role("link", name="15754/17").first.click()
    page.wait_for_url("**/outcomes/1")
    settle()

    sheets = page.evaluate("() => [...document.styleSheets].map(s => s.href || '')")
    assert any(sheet.endswith("/editor.css") for sheet in sheets), sheets
    layout = page.evaluate("() => getComputedStyle(document.querySelector('.editor-layout')).display")
    assert layout in ("grid", "flex"), layout
