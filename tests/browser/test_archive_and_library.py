"""The archive and the template library, used in Chromium as a COSI drafter would.

Two outcomes of COSI cite the Roadmap 12223/3/17 REV 3: the sample 15754/17 (21 November 2017) and a
later one (20 February 2018). The drafter searches for the document in its register form, sees both
outcomes arrive as she types, narrows them by meeting dates, is told of a day that does not exist,
and follows a result into its item. Editing the later outcome's item, the "Discussed before" panel
shows the earlier sentence, whose wording she takes into her form. In the template library she copies
a standard template to her team and changes it; a second drafter of the team may change it too, a
reviewer only sees it, and she deletes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from drafting import services
from drafting.domain.model import Paragraph, plain_text, text
from drafting.web import unit_of_work
from tests.browser.conftest import TIMEOUT_MS, failed, output_folder, sample_outcome
from tests.conftest import make_person

CITED = "12223/3/17 REV 3"
TYPED = "ST 12223 2017 REV 3"  # the same document, as the register writes it
OLDER_NUMBER, NEWER_NUMBER = "15754/17", "5834/18"
OLDER_SENTENCE = (
    "The Committee endorsed the updated Roadmap to enhance information exchange and information management "
    "as set out in 12223/3/17 REV 3, which will be submitted to Coreper and the Council as an I/A-item."
)
NEWER_SENTENCE = "The Committee took stock of the implementation of the Roadmap set out in 12223/3/17 REV 3."
ROADMAP = "Updated Roadmap to enhance information exchange"


@pytest.fixture
def person_page(browser, live_server, page_watch, request: pytest.FixtureRequest) -> Iterator[Callable]:
    """`person_page(name, role)` signs a new person of COSI in, in a browser of their own."""
    contexts = []

    def open_for(name: str, role: str = "drafter") -> Page:
        make_person(live_server.app, name, role, ("COSI",))
        context = browser.new_context(base_url=live_server.url)
        context.set_default_timeout(TIMEOUT_MS)
        context.route("**/*", page_watch.route)
        opened = context.new_page()
        opened.on("console", page_watch.console)
        opened.on("pageerror", page_watch.page_error)
        live_server.sign_in(opened, name)
        contexts.append((name, context, opened))
        return opened

    yield open_for
    for name, context, opened in contexts:
        if request.node.stash.get(failed, False):
            folder = output_folder(request.node.name)
            folder.mkdir(parents=True, exist_ok=True)
            opened.screenshot(path=folder / f"{name}.png", full_page=True)
        context.close()


def settle(page: Page) -> None:
    """Wait until htmx has no request in flight and has swapped and settled."""
    page.wait_for_function(
        "() => window.htmx !== undefined && !document.querySelector('.htmx-request, .htmx-settling,"
        " .htmx-swapping')"
    )


@pytest.fixture
def archive(live_server) -> dict[str, int]:
    """The sample (older) and a later COSI outcome whose item 2 cites the Roadmap in other words."""
    sample = sample_outcome()
    roadmap = sample.items[1]
    assert plain_text(roadmap.blocks[0].content) == OLDER_SENTENCE  # the sample is as this test expects
    newer = replace(
        sample,
        document_number=NEWER_NUMBER,
        issue_date=date(2018, 2, 22),
        meeting_dates=[date(2018, 2, 20)],
        items=[
            sample.items[0],
            replace(roadmap, blocks=[Paragraph(text(NEWER_SENTENCE))]),
            *sample.items[2:],
        ],
    )
    return {"older": live_server.add_outcome(sample), "newer": live_server.add_outcome(newer)}


def stored_item(live_server, outcome_id: int, index: int):
    with live_server.app.app_context(), unit_of_work() as uow:
        draft = services.open_draft(uow, outcome_id)
        return draft.item_ids[index], draft.outcome.items[index]


# ---------------------------------------------------------------- 1. the search


def test_a_drafter_finds_both_outcomes_citing_a_document_narrows_them_and_opens_one(
    person_page, live_server, archive
):
    page = person_page("dora")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Search").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Search the outcomes")
    results = page.locator("#search-results")
    expect(results).to_contain_text("Type words or a document reference")
    page.evaluate("() => { window.notReloaded = true; }")

    # Typed as a person types, without pressing Search: the results come alone.
    words = page.get_by_label("Words or a reference")
    words.press_sequentially(TYPED, delay=20)
    status = results.get_by_role("status")
    expect(status).to_contain_text("2 outcomes found")
    expect(status).to_contain_text(f"Outcomes citing {CITED}")
    assert page.evaluate("() => window.notReloaded === true"), "the page was reloaded, not its results"
    expect(page).to_have_url(
        re.compile(r"/search\?q=ST(%20|\+)12223(%20|\+)2017(%20|\+)REV(%20|\+)3&")
    )  # a search is a link

    # Newest meeting first, each with its own sentence and the reference marked in it.
    hits = results.locator("li.search-hit")
    expect(hits.get_by_role("heading", level=3)).to_have_text(
        [f"{NEWER_NUMBER} COSI 20 February 2018", f"{OLDER_NUMBER} COSI 21 November 2017"]
    )
    newer_hit, older_hit = hits.nth(0), hits.nth(1)
    expect(newer_hit.locator("blockquote")).to_have_text([NEWER_SENTENCE])
    expect(older_hit.locator("blockquote")).to_have_text([OLDER_SENTENCE])
    expect(newer_hit.locator("blockquote mark")).to_have_text([CITED])
    expect(older_hit.locator("blockquote mark")).to_have_text([CITED])

    # Narrowed to 2018 by its meeting dates, one outcome is left; the typed reference stays.
    page.get_by_label("Meeting from").fill("1 January 2018")
    page.get_by_label("Meeting to").fill("2018-12-31")
    page.get_by_role("button", name="Search").click()
    expect(status).to_contain_text("1 outcome found")
    expect(hits.get_by_role("heading", level=3)).to_have_text([f"{NEWER_NUMBER} COSI 20 February 2018"])
    expect(words).to_have_value(TYPED)

    # A day that does not exist: said beside its field, what was typed kept, nothing searched.
    page.get_by_label("Meeting from").fill("")
    wrong = page.get_by_label("Meeting to")
    wrong.fill("31 November 2017")
    page.get_by_role("button", name="Search").click()
    expect(wrong).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#to-errors")).to_contain_text('"31 November 2017" is not a day')
    expect(wrong).to_have_accessible_description(re.compile(r'"31 November 2017" is not a day'))
    expect(wrong).to_have_value("31 November 2017")
    expect(words).to_have_value(TYPED)
    expect(results.get_by_role("alert")).to_contain_text("Nothing was searched")
    expect(hits).to_have_count(0)

    # Corrected, both again; the older one's sentence leads into its item.
    wrong.fill("")
    page.get_by_role("button", name="Search").click()
    expect(hits).to_have_count(2)
    older_hit.get_by_role("link", name="Item 2, paragraph 1").click()
    item_id, _ = stored_item(live_server, archive["older"], 1)
    expect(page).to_have_url(re.compile(rf"/outcomes/{archive['older']}/items/{item_id}$"))
    expect(page.locator("#item-1")).to_contain_text(f"2. {ROADMAP}")
    expect(page.locator("#item-1")).to_contain_text(OLDER_SENTENCE)


# ---------------------------------------------------------------- 2. discussed before


def test_discussed_before_offers_the_earlier_wording_and_keeps_what_was_typed(
    person_page, live_server, archive
):
    page = person_page("dora")
    page.goto(live_server.url_for("editor.edit", outcome_id=archive["newer"]))
    page.get_by_role("link", name="Edit item 2", exact=True).click()
    form = page.locator("form#item-1")
    expect(form).to_be_visible()

    panel = form.get_by_role("complementary", name="Discussed before")
    expect(panel.get_by_role("heading", level=5)).to_have_text([CITED])
    expect(panel.locator(".discussed-outcome")).to_have_text([f"{OLDER_NUMBER} COSI, 21 November 2017"])
    expect(panel.locator("blockquote")).to_have_text([OLDER_SENTENCE])
    expect(panel.locator("blockquote mark")).to_have_text([CITED])
    settle(page)

    # A change typed in the heading just before the wording is taken.
    heading = form.locator("#items-1-heading")
    heading.fill("Updated Roadmap: state of play of its implementation")
    panel.get_by_role("button", name="Use this wording").click()
    expect(form.get_by_role("status")).to_have_text(
        "The wording was added as a new paragraph (not saved yet)."
    )
    expect(heading).to_have_value("Updated Roadmap: state of play of its implementation")
    # Each box is named with its number, so the new one is told apart by ear as well as by eye.
    expect(form.get_by_label("Paragraph 1", exact=True)).to_have_value(NEWER_SENTENCE)
    added = form.get_by_label("Paragraph 2", exact=True)
    expect(added).to_have_value(OLDER_SENTENCE)
    expect(added).to_be_focused()
    _, unsaved = stored_item(live_server, archive["newer"], 1)
    assert len(unsaved.blocks) == 1  # nothing saved yet
    settle(page)

    form.get_by_role("button", name="Save item 2").click()
    shown = page.locator("#item-1")
    expect(shown.locator(".item-title")).to_contain_text(
        "Updated Roadmap: state of play of its implementation"
    )
    expect(shown).to_contain_text(NEWER_SENTENCE)
    expect(shown).to_contain_text(OLDER_SENTENCE)
    _, saved = stored_item(live_server, archive["newer"], 1)
    assert [plain_text(block.content) for block in saved.blocks] == [NEWER_SENTENCE, OLDER_SENTENCE]
    assert plain_text(saved.heading) == "Updated Roadmap: state of play of its implementation"


# ---------------------------------------------------------------- 3. the template library

COPY_NAME = "Any other business (COSI)"
DESCRIPTION = "The last item of a COSI meeting, with the dates of the next meetings."
WORDING = "The Presidency informed delegations of the dates of the next COSI meetings."
WORDING_LABEL = "Block 1: decision, wording (empty: the standard sentence)"


def test_a_team_template_is_copied_changed_shared_with_the_team_shown_to_a_reviewer_and_deleted(
    person_page, live_server
):
    dora = person_page("dora")
    dora.get_by_role("navigation", name="Main").get_by_role("link", name="Templates").click()
    expect(dora.get_by_role("heading", level=1)).to_have_text("Templates")
    standard = dora.get_by_role("region", name="Standard templates")
    standard.get_by_role("link", name="Any other business", exact=True).click()
    expect(dora.get_by_role("heading", level=1)).to_have_text("Any other business")
    expect(dora.get_by_text("Standard — ships with the product: it is not changed here.")).to_be_visible()

    # Copied to her team: she lands on the copy, the team's to change.
    dora.get_by_role("button", name="Copy to my team (COSI)").click()
    expect(dora.locator(".flashes")).to_have_text(
        "\u201cAny other business\u201d copied for the COSI team: change it as you need."
    )
    copy_url = dora.url
    assert re.search(r"/templates/\d+$", copy_url)
    expect(dora.locator(".kept").first).to_have_text("The COSI team's")

    # An empty name is refused beside the field; the description typed is kept.
    name = dora.get_by_label("Name", exact=True)
    description = dora.get_by_label("Description", exact=True)
    name.fill("")
    description.fill(DESCRIPTION)
    dora.get_by_role("button", name="Save the name and description").click()
    expect(name).to_have_attribute("aria-invalid", "true")
    expect(dora.locator("#template-name-errors")).to_have_text("a template needs a name")
    expect(name).to_have_accessible_description("a template needs a name")
    expect(description).to_have_value(DESCRIPTION)
    expect(dora.get_by_role("heading", level=1)).to_have_text("Any other business")  # nothing renamed

    name.fill(COPY_NAME)
    dora.get_by_role("button", name="Save the name and description").click()
    expect(dora.get_by_role("heading", level=1)).to_have_text(COPY_NAME)
    expect(dora.get_by_text(f"The template is now called \u201c{COPY_NAME}\u201d.")).to_be_visible()
    expect(description).to_have_value(DESCRIPTION)

    # Its text changed: the preview shows the new wording instead of the standard sentence.
    preview = dora.get_by_label("Preview of the text")
    expect(preview).to_contain_text("No items were raised.")
    dora.get_by_label(WORDING_LABEL).fill(WORDING)
    dora.get_by_role("button", name="Save the text").click()
    expect(dora.get_by_text(f"The text of \u201c{COPY_NAME}\u201d was saved.")).to_be_visible()
    expect(preview).to_contain_text(WORDING)
    expect(preview).not_to_contain_text("No items were raised.")
    expect(dora.get_by_label(WORDING_LABEL)).to_have_value(WORDING)

    # A second drafter of COSI finds it under the team and may change it.
    ben = person_page("ben")
    ben.goto(live_server.url_for("template_library.index"))
    team = ben.get_by_role("region", name="The COSI team")
    team.get_by_role("link", name=COPY_NAME).click()
    expect(ben.get_by_role("heading", level=2, name="Change it")).to_be_visible()
    ben.get_by_label("Description", exact=True).fill("Kept by the COSI drafters.")
    ben.get_by_role("button", name="Save the name and description").click()
    expect(ben.get_by_text(f"The template is now called \u201c{COPY_NAME}\u201d.")).to_be_visible()
    expect(ben.get_by_text("Kept by the COSI drafters.").first).to_be_visible()

    # A reviewer of COSI sees it and its preview, and nothing to change it with.
    rita = person_page("rita", "reviewer")
    rita.goto(live_server.url_for("template_library.index"))
    rita.get_by_role("region", name="The COSI team").get_by_role("link", name=COPY_NAME).click()
    expect(rita).to_have_url(copy_url)
    expect(rita.get_by_label("Preview of the text")).to_contain_text(WORDING)
    expect(rita.get_by_role("heading", level=2, name="Use it")).to_be_visible()
    for control in (
        "Save the name and description",
        "Save the text",
        "Copy to my team (COSI)",
        "Copy to mine",
    ):
        expect(rita.get_by_role("button", name=control)).to_have_count(0)
    expect(rita.get_by_role("link", name="Delete this template…")).to_have_count(0)
    expect(rita.get_by_role("textbox")).to_have_count(0)

    # The first drafter deletes it, asked first.
    dora.get_by_role("link", name="Delete this template…").click()
    expect(dora.get_by_role("heading", level=1)).to_have_text(f"Delete \u201c{COPY_NAME}\u201d?")
    dora.get_by_role("button", name="Delete the template").click()
    expect(dora.get_by_text(f"The template \u201c{COPY_NAME}\u201d was deleted.")).to_be_visible()
    expect(dora.get_by_role("heading", level=1)).to_have_text("Templates")
    expect(dora.get_by_role("link", name=COPY_NAME)).to_have_count(0)
    expect(dora.get_by_role("region", name="The COSI team")).to_contain_text(
        "No templates of the COSI team yet."
    )
    rita.goto(live_server.url_for("template_library.index"))
    expect(rita.get_by_role("link", name=COPY_NAME)).to_have_count(0)
