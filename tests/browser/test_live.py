"""Two people in one outcome, in two browsers: each sees the other, what they edit, and their changes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.conftest import make_person

# Everything live arrives within 2 s; the tests allow more, as the machine running them may be busy.
LIVE_MS = 5_000


@pytest.fixture
def people(browser, live_server, page_watch, request):
    """Anna and Ben, drafters of COSI, each signed in in a browser of their own, on the sample's editor."""
    outcome_id = live_server.add_outcome()
    contexts, pages = [], []
    for name in ("anna", "ben"):
        make_person(live_server.app, name, "drafter", ("COSI",))
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", page_watch.route)
        opened = context.new_page()
        opened.on("console", page_watch.console)
        opened.on("pageerror", page_watch.page_error)
        live_server.sign_in(opened, name)
        opened.goto(live_server.url_for("editor.edit", outcome_id=outcome_id))
        contexts.append(context)
        pages.append(opened)
    yield pages
    for context in contexts:
        context.close()


def item(page, number: int):
    """Item `number` of the sample (its view or its form), found by its place in the list."""
    return page.locator(f"#item-{number - 1}")


def open_for_editing(page, number: int) -> None:
    page.get_by_role("link", name=f"Edit item {number}", exact=True).click()
    expect(page.locator(f"form#item-{number - 1}")).to_be_visible()


def test_each_sees_the_other_and_the_item_they_are_editing(people):
    anna, ben = people
    bar = ben.locator("#presence-bar")
    expect(bar).to_contain_text("anna", timeout=LIVE_MS)
    expect(anna.locator("#presence-bar")).to_contain_text("ben", timeout=LIVE_MS)

    open_for_editing(anna, 3)

    expect(bar).to_contain_text("anna (editing item 3)", timeout=LIVE_MS)
    expect(item(ben, 3).locator(".claim-marker")).to_have_text("Being edited by anna", timeout=LIVE_MS)
    expect(item(ben, 4).locator(".claim-marker")).to_have_count(0)

    anna.locator("form#item-2").get_by_role("link", name="Cancel").click()
    expect(item(ben, 3).locator(".claim-marker")).to_have_count(0, timeout=LIVE_MS)
    expect(bar).not_to_contain_text("editing item", timeout=LIVE_MS)


def test_a_saved_item_appears_in_the_others_view_without_reloading(people):
    anna, ben = people
    ben.evaluate("() => { window.notReloaded = true; }")
    open_for_editing(anna, 2)
    anna.locator("#items-1-heading").fill("Updated Roadmap, as amended today")
    # Ben's problems panel checks the outcome again too.
    with ben.expect_request(lambda request: request.url.endswith("/problems"), timeout=LIVE_MS):
        anna.get_by_role("button", name="Save item 2").click()
        expect(item(anna, 2).locator(".item-title")).to_contain_text("as amended today")
        expect(item(ben, 2).locator(".item-title")).to_contain_text("as amended today", timeout=LIVE_MS)
    assert ben.evaluate("() => window.notReloaded === true"), "Ben's page was reloaded"


def test_a_move_reorders_the_others_list_and_a_header_change_reaches_an_untouched_header(people):
    anna, ben = people
    ben.evaluate("() => { window.notReloaded = true; }")
    expect(ben.locator("#item-0 .item-title")).to_contain_text("Adoption of the agenda")
    anna.get_by_role("button", name="Move item 1 down").click()
    expect(ben.locator("#item-1 .item-title")).to_contain_text("Adoption of the agenda", timeout=LIVE_MS)
    expect(ben.locator("#item-0 .item-title")).to_contain_text("Updated Roadmap")

    place = anna.locator("#header-form").get_by_label("Place")
    place.fill("Luxembourg")
    anna.locator("#header-form").get_by_role("button", name="Save header").first.click()
    expect(anna.locator("#header-form").get_by_role("status")).to_have_text("Saved.")
    expect(ben.locator("#header-form").get_by_label("Place")).to_have_value("Luxembourg", timeout=LIVE_MS)
    assert ben.evaluate("() => window.notReloaded === true"), "Ben's page was reloaded"


def test_a_header_being_typed_in_keeps_its_text_and_is_told_of_the_change(people):
    anna, ben = people
    ben_place = ben.locator("#header-form").get_by_label("Place")
    ben_place.fill("Strasbourg")
    anna.locator("#header-form").get_by_label("Place").fill("Luxembourg")
    anna.locator("#header-form").get_by_role("button", name="Save header").first.click()
    expect(anna.locator("#header-form").get_by_role("status")).to_have_text("Saved.")

    notice = ben.locator("#header-form .live-notice")
    expect(notice).to_contain_text("The header was changed by anna", timeout=LIVE_MS)
    expect(ben_place).to_have_value("Strasbourg")


def test_a_form_being_typed_in_is_never_replaced_by_someone_elses_save(people):
    anna, ben = people
    open_for_editing(ben, 2)
    ben_heading = ben.locator("#items-1-heading")
    ben_heading.fill("Ben's own wording, not saved yet")

    # Anna is told Ben is editing it, and takes it over.
    anna.get_by_role("link", name="Edit item 2", exact=True).click()
    expect(item(anna, 2)).to_contain_text("ben is editing this item")
    anna.get_by_role("button", name="Take it over").click()
    anna.locator("#items-1-heading").fill("Anna's wording, saved")
    anna.get_by_role("button", name="Save item 2").click()
    expect(item(anna, 2).locator(".item-title")).to_contain_text("Anna's wording, saved")

    notice = ben.locator("form#item-1 .live-notice")
    expect(notice).to_contain_text("Changed by anna — reload this item", timeout=LIVE_MS)
    expect(ben_heading).to_have_value("Ben's own wording, not saved yet")

    notice.get_by_role("button", name="Reload this item").click()
    expect(ben.locator("#items-1-heading")).to_have_value("Anna's wording, saved")
