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


def outcome_of(page) -> int:
    return int(page.locator("#presence-bar").get_attribute("data-outcome-id"))


def second_tab(page, live_server):
    """Another tab of the same person (same browser, same sign-in) on the same outcome's editor."""
    tab = page.context.new_page()
    tab.goto(live_server.url_for("editor.edit", outcome_id=outcome_of(page)))
    expect(tab.locator("#presence-bar")).to_be_visible()
    return tab


def all_items_cleared(live_server, outcome_id: int) -> None:
    """As if the reviewers had cleared every item: what marking the outcome final asks first."""
    from sqlalchemy import update

    from drafting.persistence.tables import ItemRow
    from drafting.web import unit_of_work

    with live_server.app.app_context(), unit_of_work(reading=False) as uow:
        uow.session.execute(update(ItemRow).where(ItemRow.outcome_id == outcome_id).values(review="cleared"))
        uow.commit()


def test_an_outcome_marked_final_reloads_untouched_pages_and_tells_one_being_typed_in(people, live_server):
    anna, ben = people
    all_items_cleared(live_server, outcome_of(anna))
    untouched = second_tab(anna, live_server)
    untouched.evaluate("() => { window.notReloaded = true; }")
    ben.evaluate("() => { window.notReloaded = true; }")
    ben_place = ben.locator("#header-form").get_by_label("Place")
    ben_place.fill("Strasbourg")

    anna.get_by_role("button", name="Mark final").click()
    expect(anna.locator(".final-banner")).to_be_visible()

    # Her other tab, where nothing was typed, is drawn again as the outcome is now.
    expect(untouched.locator(".final-banner")).to_be_visible(timeout=LIVE_MS)
    assert untouched.evaluate("() => window.notReloaded === undefined"), "the untouched tab was not reloaded"
    # Ben was typing: his text stays, and he is told.
    notice = ben.locator("#presence-bar .presence-notice")
    expect(notice).to_contain_text("This outcome was marked final by anna", timeout=LIVE_MS)
    expect(ben_place).to_have_value("Strasbourg")
    expect(ben.locator(".final-banner")).to_have_count(0)
    assert ben.evaluate("() => window.notReloaded === true"), "Ben's page was reloaded over his typing"
    notice.get_by_role("button", name="Reload the page").click()
    expect(ben.locator(".final-banner")).to_be_visible()


def test_a_comment_reaches_the_others_thread_and_count(people):
    anna, ben = people
    ben.evaluate("() => { window.notReloaded = true; }")
    # Ben reads the comments on item 1; those on item 2 he has not opened.
    item(ben, 1).locator("summary").filter(has_text="Comments").click()
    expect(item(ben, 1)).to_contain_text("No comments on this item yet.")

    for number, words in ((1, "Check the date of the meeting."), (2, "Name the presidency.")):
        item(anna, number).locator("summary").filter(has_text="Comments").click()
        item(anna, number).get_by_label("New comment").fill(words)
        item(anna, number).get_by_role("button", name="Comment", exact=True).click()
        expect(item(anna, number)).to_contain_text("Comment added.")

    expect(item(ben, 1).locator(".comment-threads")).to_contain_text(
        "Check the date of the meeting.", timeout=LIVE_MS
    )
    expect(item(ben, 1).locator("summary").filter(has_text="Comments")).to_contain_text("(1 open)")
    expect(item(ben, 2).locator("summary").filter(has_text="Comments")).to_contain_text(
        "(1 open)", timeout=LIVE_MS
    )
    assert ben.evaluate("() => window.notReloaded === true"), "Ben's page was reloaded"


def test_a_persons_other_tab_sees_their_save_and_the_tab_that_saved_is_left_alone(people, live_server):
    anna, _ben = people
    other = second_tab(anna, live_server)
    other.evaluate("() => { window.notReloaded = true; }")
    item_id = item(anna, 2).get_attribute("data-item-id")
    open_for_editing(anna, 2)
    anna.locator("#items-1-heading").fill("Updated Roadmap, saved in the first tab")

    def the_save(response) -> bool:
        return response.request.method == "POST" and response.url.endswith(f"/items/{item_id}")

    with anna.expect_response(the_save) as saving:
        anna.get_by_role("button", name="Save item 2").click()
    change_ids = [int(number) for number in saving.value.headers["x-change-ids"].split(",")]
    expect(item(anna, 2).locator(".item-title")).to_contain_text("saved in the first tab")
    item(anna, 2).evaluate("element => { element.dataset.drawnBySave = 'yes'; }")
    fetched = []
    anna.on("request", lambda request: fetched.append((request.method, request.url)))

    # The other tab brings in the save, though it was made under the same name.
    expect(item(other, 2).locator(".item-title")).to_contain_text("saved in the first tab", timeout=LIVE_MS)
    assert other.evaluate("() => window.notReloaded === true"), "the other tab was reloaded"

    # The tab that saved has seen its change come back (it asks from past it), twice, and let it be.
    def past_the_save(request) -> bool:
        return "/live?since=" in request.url and int(request.url.rsplit("=", 1)[1]) >= max(change_ids)

    for _poll in range(2):
        with anna.expect_request(past_the_save, timeout=LIVE_MS):
            pass
    assert not [url for method, url in fetched if method == "GET" and url.endswith(f"/items/{item_id}")]
    assert item(anna, 2).get_attribute("data-drawn-by-save") == "yes"
