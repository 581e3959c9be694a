"""Two drafters on the same item and a reviewer watching, each in a browser of their own.

The second save meets the conflict view (who changed it, when, both texts), the drafter's choice is
applied, the item's history shows both changes, and the reviewer sees both people and the result
arrive without reloading.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import TIMEOUT_MS
from tests.conftest import make_person

LIVE_MS = 5_000  # live changes arrive within 2 s; the machine running the tests may be busy


@pytest.fixture
def three(browser, live_server, page_watch):
    """Anna and Ben (drafters of COSI) and Cleo (reviewer of COSI), each on the sample's editor."""
    outcome_id = live_server.add_outcome()
    contexts, pages = [], {}
    for name, role in (("anna", "drafter"), ("ben", "drafter"), ("cleo", "reviewer")):
        make_person(live_server.app, name, role, ("COSI",))
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", page_watch.route)
        opened = context.new_page()
        opened.on("console", page_watch.console)
        opened.on("pageerror", page_watch.page_error)
        live_server.sign_in(opened, name)
        opened.goto(live_server.url_for("editor.edit", outcome_id=outcome_id))
        contexts.append(context)
        pages[name] = opened
    yield outcome_id, pages
    for context in contexts:
        context.close()


def test_two_drafters_on_one_item_meet_the_conflict_view_and_the_reviewer_sees_it_all(three, live_server):
    outcome_id, people = three
    anna, ben, cleo = people["anna"], people["ben"], people["cleo"]
    cleo.evaluate("() => { window.notReloaded = true; }")

    # Anna opens item 2; Ben is told she is editing it and takes it over: both forms are open.
    anna.get_by_role("link", name="Edit item 2", exact=True).click()
    anna_heading = anna.locator("#items-1-heading")
    expect(anna_heading).to_be_visible()
    ben.get_by_role("link", name="Edit item 2", exact=True).click()
    expect(ben.locator("#item-1")).to_contain_text("anna is editing this item")
    ben.get_by_role("button", name="Take it over").click()
    ben_heading = ben.locator("#items-1-heading")
    expect(ben_heading).to_be_visible()

    # The reviewer sees both of them in the outcome.
    bar = cleo.locator("#presence-bar")
    expect(bar).to_contain_text("anna", timeout=LIVE_MS)
    expect(bar).to_contain_text("ben", timeout=LIVE_MS)

    # Ben saves first.
    ben_heading.fill("Updated Roadmap, in Ben's words")
    ben.get_by_role("button", name="Save item 2").click()
    expect(ben.locator("#item-1 .item-title")).to_contain_text("in Ben's words")

    # Anna saves against the version she opened: nothing is saved, she sees who changed it and both texts.
    anna_heading.fill("Updated Roadmap, in Anna's words")
    anna.get_by_role("button", name="Save item 2").click()
    conflict = anna.locator("#item-1")
    expect(conflict).to_contain_text("Changed by ben")
    expect(conflict).to_contain_text("in Ben's words")
    expect(anna_heading).to_have_value("Updated Roadmap, in Anna's words")

    # She keeps hers over his.
    anna.get_by_role("button", name="Take mine (save over theirs)").click()
    expect(anna.locator("#item-1 .item-title")).to_contain_text("in Anna's words")

    # The reviewer's page shows the result without reloading.
    expect(cleo.locator("#item-1 .item-title")).to_contain_text("in Anna's words", timeout=LIVE_MS)
    assert cleo.evaluate("() => window.notReloaded === true"), "the reviewer's page was reloaded"

    # The item's history holds both changes, each with its author.
    item_id = anna.locator("#item-1").get_attribute("data-item-id")
    anna.goto(live_server.url_for("history.item", outcome_id=outcome_id, item_id=int(item_id)))
    rows = anna.locator("table.history tbody tr")
    expect(rows.filter(has_text="ben")).to_have_count(1)
    expect(rows.filter(has_text="anna")).to_have_count(1)
    annas = rows.filter(has_text="anna")
    annas.get_by_role("link", name="Show the changes").click()
    expect(anna.locator("div.diff del")).to_contain_text(["Ben"])
    expect(anna.locator("div.diff ins")).to_contain_text(["Anna"])
